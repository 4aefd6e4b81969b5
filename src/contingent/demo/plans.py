"""Load the demo plans (plans.yaml): written by their authors, reviewed by Security, approved and published
by the accountable people, so the audit trail and the review history read as they would in real life."""

import functools
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from contingent.bia.models import ImpactAssessment
from contingent.inventory.models import Instance, Item
from contingent.lib.durations import parse_duration
from contingent.org.models import Person, Team
from contingent.plans import runbook, services
from contingent.plans.models import Plan

PLANS_FILE = Path(__file__).with_name("plans.yaml")
SECURITY_REVIEWER = "nbrennan"


@functools.cache
def _hashed(password: str) -> str:
    return make_password(password)  # hashed once: PBKDF2 takes half a second per login


def _user(key: str, password: str) -> User:
    """The person's login, created with the demo password when they have none yet."""
    person = Person.objects.get(key=key)
    if person.user_id:
        return person.user  # type: ignore[return-value]
    user = User.objects.filter(username=key).first() or User.objects.create(
        username=key, email=person.email, password=_hashed(password), first_name=person.name[:150]
    )
    Person.objects.filter(pk=person.pk).update(user=user)
    return user


def _links(value: dict[str, Any]) -> dict[str, Any]:
    links: dict[str, Any] = {}
    if "items" in value:
        links["items"] = list(Item.objects.filter(key__in=value["items"]))
    if "people" in value:
        links["people"] = list(Person.objects.filter(key__in=value["people"]))
    if "assessments" in value:
        links["assessments"] = list(ImpactAssessment.objects.active().filter(item__key__in=value["assessments"]))
    if "teams" in value:
        links["teams"] = list(Team.objects.filter(key__in=value["teams"]))
    if "plans" in value:
        links["plans"] = list(Plan.objects.filter(key__in=value["plans"]))
    return links


def _write(author: User, plan: Plan, spec: dict[str, Any], shared: dict[str, str]) -> None:
    manager = next((p.name for p in Person.objects.filter(roles__role="team_manager", roles__team=plan.team)), "")
    sections = dict(spec.get("sections", {}))
    if plan.kind == "team_drp":
        for key, text in shared.items():
            sections.setdefault(key, text.replace("{team}", plan.team.name).replace("{manager}", manager))  # type: ignore[union-attr]
    if plan.spec.runbook and "recovery" not in sections and plan.spec.section("recovery"):
        sections["recovery"] = (
            "Follow the runbook steps below in order; steps in the same column of the drawing can run in parallel."
        )
    for key, value in sections.items():
        if key in ("orchestration",) or (isinstance(value, dict) and "plans" in value):
            continue  # written once the plans it links to exist
        data = {"body": value} if isinstance(value, str) else {"body": value.get("body", ""), **_links(value)}
        services.edit_section(author, plan, key, **data)


def _steps(author: User, plan: Plan, steps: list[dict[str, Any]]) -> None:
    for step in steps:
        optimistic, likely, pessimistic = (parse_duration(d) for d in step["durations"])
        runbook.add_step(
            author, plan, key=step["key"], title=step["title"], phase=step.get("phase", "recovery"),
            team=Team.objects.get(key=step["team"]) if step.get("team") else None, role=step.get("role", ""),
            optimistic=optimistic, likely=likely, pessimistic=pessimistic,
            instructions=step.get("instructions", ""), verification=step.get("verification", ""),
            safeguards=step.get("safeguards", ""), evidence=step.get("evidence", ""),
            service=Item.objects.get(key=step["service"]) if step.get("service") else None,
        )  # fmt: skip


def load_plans(password: str) -> int:
    """Create, review, approve and publish every demo plan; returns how many were published."""
    data = yaml.safe_load(PLANS_FILE.read_text())
    shared = data["shared_team_drp"]
    created: list[tuple[Plan, dict[str, Any]]] = []
    with transaction.atomic():
        for spec in data["plans"]:
            author = _user(spec["author"], password)
            plan = services.create_plan(
                author, key=spec["key"], title=spec["title"], kind=spec["kind"],
                team=Team.objects.get(key=spec["team"]) if spec.get("team") else None,
                instance=Instance.objects.get(key=spec["instance"]) if spec.get("instance") else None,
                owner=Person.objects.get(key=spec["approver"]),
            )  # fmt: skip
            plan.reviewers.set([Person.objects.get(key=SECURITY_REVIEWER)])
            _write(author, plan, spec, shared)
            _steps(author, plan, spec.get("steps", []))
            created.append((plan, spec))
        for plan, spec in created:
            author = _user(spec["author"], password)
            for step in spec.get("steps", []):
                if step.get("depends_on"):
                    runbook.update_step(author, plan.steps.get(key=step["key"]), predecessors=step["depends_on"])
            for ref in spec.get("references", []):
                runbook.add_reference(author, plan, Plan.objects.get(key=ref["plan"]), ref["handoff"])
            for key, value in spec.get("sections", {}).items():
                if isinstance(value, dict) and "plans" in value:
                    services.edit_section(author, plan, key, body=value.get("body", ""), **_links(value))
        reviewer = _user(SECURITY_REVIEWER, password)
        for plan, spec in created:
            author, approver = _user(spec["author"], password), _user(spec["approver"], password)
            services.submit_for_review(author, plan, "Ready for review.")
            if plan.kind in ("team_drp", "global_drp"):
                services.review_plan(
                    reviewer, plan, "approve", "Safeguards and evidence capture reviewed: no findings."
                )
            services.approve_plan(approver, plan)
            services.publish_plan(approver, plan)
    return len(created)
