"""The plan document: the frozen JSON snapshot of CONTRACTS.md, built from the live records at this moment
(a changed phone number shows in the next version), and the recovery steps as plain data for the analysis."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from contingent.access.roles import Role
from contingent.bia.models import ImpactAssessment
from contingent.inventory.models import Item
from contingent.lifecycle.machine import State
from contingent.org.models import Person
from contingent.plans.completeness import holders, needed_roles
from contingent.plans.models import Plan, PlanReference, RunbookStep, Section

SCHEMA = 1


@dataclass(frozen=True)
class RunbookStepData:
    key: str  # "<plan key>/<step key>": unique across plans
    title: str
    plan_key: str
    team_id: int | None
    team: str | None
    phase: str  # "recovery" | "reconstitution"
    optimistic: float
    likely: float
    pessimistic: float
    depends_on: tuple[str, ...]
    service_id: int | None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _url(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _seconds(value: Any) -> int | None:
    return int(value.total_seconds()) if value is not None else None


def plan_closure(plans: Iterable[Plan]) -> list[Plan]:
    """The plans and every plan they reference or whose steps theirs wait on, transitively, in a stable order."""
    seen: dict[int, Plan] = {}
    todo = list(plans)
    while todo:
        plan = todo.pop(0)
        if plan.pk in seen:
            continue
        seen[plan.pk] = plan
        todo += [r.target for r in PlanReference.objects.filter(source=plan).select_related("target")]
        outside = RunbookStep.objects.filter(successors__plan=plan).exclude(plan=plan).select_related("plan")
        todo += [s.plan for s in outside]
    return list(seen.values())


def _ordered_steps(plans: list[Plan]) -> list[RunbookStep]:
    """Steps in a combined order: each after what it waits on; recovery before reconstitution; then plan order."""
    steps = list(
        RunbookStep.objects.filter(plan__in=plans)
        .select_related("plan", "plan__team", "team", "service")
        .prefetch_related("predecessors__plan")
    )
    rank = {p.pk: i for i, p in enumerate(plans)}
    by_id = {s.pk: s for s in steps}
    waiting = {s.pk: {p.pk for p in s.predecessors.all() if p.pk in by_id} for s in steps}

    def sort_key(s: RunbookStep) -> tuple:
        return (s.phase != RunbookStep.Phase.RECOVERY, rank[s.plan_id], s.position, s.pk)

    done: list[RunbookStep] = []
    placed: set[int] = set()
    remaining = sorted(steps, key=sort_key)
    while remaining:
        ready = next((s for s in remaining if waiting[s.pk] <= placed), None)
        if ready is None:  # a cycle cannot be saved (services refuse it); keep the rest in plan order
            done += remaining
            break
        done.append(ready)
        placed.add(ready.pk)
        remaining.remove(ready)
    return done


def runbook_steps(plans: Iterable[Plan]) -> list[RunbookStepData]:
    """Recovery steps of the plans (and the plans they orchestrate) for the recovery schedule."""
    steps = _ordered_steps(plan_closure(plans))
    return [
        RunbookStepData(
            key=s.qualified_key,
            title=s.title,
            plan_key=s.plan.key,
            team_id=s.responsible_team_id,
            team=(s.team or s.plan.team).name if (s.team or s.plan.team) else None,
            phase=s.phase,
            optimistic=s.optimistic.total_seconds(),
            likely=s.likely.total_seconds(),
            pessimistic=s.pessimistic.total_seconds(),
            depends_on=tuple(p.qualified_key for p in s.predecessors.all()),
            service_id=s.service_id,
        )
        for s in steps
    ]


# -- links -----------------------------------------------------------------------------------------


ITEM_PAGES = {"process": "processes", "service": "services", "asset": "assets", "supplier": "suppliers"}


def _item_link(item: Item) -> dict[str, Any]:
    bits = [item.owner_team.name if item.owner_team else "", "business-critical" if item.business_critical else ""]
    return {
        "type": item.kind,
        "name": item.name,
        "detail": ", ".join(b for b in bits if b),
        "url": _url(f"/{ITEM_PAGES[item.kind]}/{item.pk}/"),
    }


def _person_link(person: Person) -> dict[str, Any]:
    bits = [person.job_title, person.email, person.phone or person.mobile]
    return {
        "type": "person",
        "name": person.name,
        "detail": ", ".join(b for b in bits if b),
        "url": _url(f"/people/{person.pk}/"),
    }


def _assessment_link(a: ImpactAssessment) -> dict[str, Any]:
    from contingent.lib.durations import format_duration

    detail = f"RTO {format_duration(a.rto)}, RPO {format_duration(a.rpo)}, {a.get_state_display().lower()}"
    return {"type": "assessment", "name": str(a), "detail": detail, "url": _url(f"/assessments/{a.pk}/")}


def _links(section: Section) -> list[dict[str, Any]]:
    links = [_item_link(i) for i in section.items.all()]
    links += [_assessment_link(a) for a in section.assessments.all()]
    links += [_person_link(p) for p in section.people.all()]
    links += [
        {"type": "team", "name": t.name, "detail": t.get_kind_display(), "url": _url(f"/teams/{t.pk}/")}
        for t in section.teams.all()
    ]
    links += [
        {"type": "plan", "name": p.title, "detail": p.get_kind_display(), "url": _url(p.get_absolute_url())}
        for p in section.plans.all()
    ]
    return links


def _sections(plan: Plan) -> list[dict[str, Any]]:
    sections = plan.sections.prefetch_related(
        "items__owner_team", "assessments__item", "people", "teams", "plans"
    ).select_related("plan")
    return [{"key": s.key, "title": s.title, "body": s.body, "links": _links(s)} for s in sections]


# -- objectives, contacts, steps -------------------------------------------------------------------


def linked_items(plan: Plan) -> list[Item]:
    """Services, processes and assets the plan recovers: linked in sections, or the service of a step."""
    items: dict[int, Item] = {}
    for section in plan.sections.prefetch_related("items", "assessments__item"):
        for item in section.items.all():
            items[item.pk] = item
        for assessment in section.assessments.all():
            items[assessment.item_id] = assessment.item
    for step in plan.steps.select_related("service").exclude(service=None):
        items[step.service_id] = step.service  # type: ignore[index]
    return list(items.values())


def objectives(plan: Plan) -> list[dict[str, Any]]:
    items = linked_items(plan)
    current = {a.item_id: a for a in ImpactAssessment.objects.active().filter(item__in=items).select_related("tier")}
    rows = []
    for item in items:
        a = current.get(item.pk)
        rows.append(
            {
                "item": item.name,
                "kind": item.kind,
                "business_critical": item.business_critical,
                "rto": _seconds(a.rto) if a else None,
                "rpo": _seconds(a.rpo) if a else None,
                "mtpd": _seconds(a.mtpd) if a else None,
                "tier": a.tier.name if a and a.tier else None,
                "priority": a.recovery_priority if a else None,
            }
        )
    big = 10**12
    rows.sort(key=lambda r: (not r["business_critical"], r["priority"] or big, r["rto"] or big, r["item"]))
    return rows


def _contact(role: str, person: Person, team: str | None, deputy: bool) -> dict[str, Any]:
    return {
        "role": role,
        "name": person.name,
        "job_title": person.job_title,
        "team": team,
        "email": person.email,
        "phone": person.phone,
        "mobile": person.mobile,
        "deputy": deputy,
    }


def contacts(plans: list[Plan]) -> list[dict[str, Any]]:
    """Everyone holding a role the plans rely on (and their deputies), with live contact details."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, str, bool]] = set()
    for plan in plans:
        for need in needed_roles(plan):
            for a in holders(plan, need):
                label = Role(a.role).label
                team = a.team.name if a.team else None
                for person, deputy in ((a.person, False), (a.deputy, True)):
                    if person is not None and (person.pk, label + str(team), deputy) not in seen:
                        seen.add((person.pk, label + str(team), deputy))
                        rows.append(_contact(label, person, team, deputy))
    return rows


def _step_row(number: int, s: RunbookStep) -> dict[str, Any]:
    team = s.team or s.plan.team
    return {
        "key": s.qualified_key,
        "number": number,
        "title": s.title,
        "phase": s.phase,
        "team": team.name if team else None,
        "role": s.get_role_display() if s.role else None,
        "optimistic": int(s.optimistic.total_seconds()),
        "likely": int(s.likely.total_seconds()),
        "pessimistic": int(s.pessimistic.total_seconds()),
        "depends_on": [p.qualified_key for p in s.predecessors.all()],
        "instructions": s.instructions,
        "verification": s.verification,
        "safeguards": s.safeguards,
        "evidence": s.evidence,
        "service": s.service.name if s.service else None,
        "plan": s.plan.key,
    }


def _next_number(plan: Plan) -> int:
    latest = plan.latest_version
    if latest is None:
        return 1
    return latest.number if plan.state == State.PUBLISHED else latest.number + 1


def plan_document(plan: Plan, version: int | None = None) -> dict[str, Any]:
    """The plan as it reads now, resolving every link to the live record (schema 1 of CONTRACTS.md)."""
    plans = plan_closure([plan]) if plan.spec.orchestrates else [plan]
    references = list(PlanReference.objects.filter(source__in=plans).select_related("source", "target__team"))
    approver = plan.approved_by
    return {
        "schema": SCHEMA,
        "plan": {
            "id": plan.pk,
            "key": plan.key,
            "title": plan.title,
            "kind": plan.kind,
            "kind_label": plan.get_kind_display(),
            "version": version if version is not None else _next_number(plan),
            "state": plan.state,
            "team": plan.team.name if plan.team else None,
            "instance": plan.instance.name if plan.instance else None,
            "owner": plan.owner.name if plan.owner else None,
            "approved_by": (approver.get_full_name() or approver.get_username()) if approver else None,
            "approved_at": _iso(plan.approved_at),
            "published_at": _iso(plan.published_at),
            "next_review": plan.next_review.isoformat() if plan.next_review else None,
            "url": _url(plan.get_absolute_url()),
        },
        "sections": _sections(plan),
        "objectives": objectives(plan),
        "contacts": contacts(plans),
        "steps": [_step_row(i, s) for i, s in enumerate(_ordered_steps(plans), start=1)],
        "referenced_plans": [
            {
                "key": r.target.key,
                "title": r.target.title,
                "version": r.target.latest_version.number if r.target.latest_version else None,
                "team": r.target.team.name if r.target.team else None,
            }
            for r in references
            if r.source_id == plan.pk
        ],
        "handoffs": [
            {"from_plan": r.source.key, "to_plan": r.target.key, "description": r.handoff} for r in references
        ],
    }
