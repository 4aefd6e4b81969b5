from typing import Any

from django.http import HttpRequest

NAVIGATION = [
    (
        "Organisation",
        [
            ("Teams", "teams"),
            ("People", "people"),
            ("Roles", "roles"),
            ("Continuity organisation", "continuity-organisation"),
        ],
    ),
    (
        "Inventory",
        [
            ("Business processes", "processes"),
            ("Services", "services"),
            ("Assets", "assets"),
            ("Suppliers", "suppliers"),
            ("Dependencies", "dependencies"),
            ("Instances", "instances"),
            ("Regions & sites", "regions"),
        ],
    ),
    ("Impact", [("Assessments", "assessments"), ("Recovery tiers", "tiers")]),
    ("Assurance", [("Evidence", "/evidence/"), ("Audit trail", "/audit/"), ("Email outbox", "/outbox/")]),
    ("Plans", [("Plans", "plans"), ("Overdue reviews", "plans-overdue")]),
    (
        "Analysis",
        [
            ("Loss scenario", "/analysis/loss/"),
            ("Objectives", "/analysis/objectives/"),
            ("Single points of failure", "/analysis/single-points-of-failure/"),
            ("Recovery schedule", "/analysis/schedule/"),
            ("Confidence", "/analysis/confidence/"),
        ],
    ),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"navigation": NAVIGATION}
