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
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"navigation": NAVIGATION}
