"""Rules of plans (spec 000 DRP 3 and global processes, spec 003 2.5-2.19): create and edit plans and their
sections, move them through the governed-document lifecycle, publish frozen versions, track reviews."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from contingent.access.services import Actor, require
from contingent.audit.services import record_event
from contingent.lifecycle import services as lifecycle
from contingent.lifecycle.machine import State
from contingent.org.models import Person
from contingent.plans.document import RunbookStepData, plan_closure, plan_document
from contingent.plans.document import runbook_steps as _runbook_steps
from contingent.plans.models import Plan, PlanVersion, Section
from contingent.records.services import (
    create_record,
    require_visible_references,
    retire_record,
    snapshot,
    update_record,
)

# Spec 000 DRP 3.3: a plan is re-reviewed after being updated; a change brings the next review this close.
REVIEW_AFTER_CHANGE = timedelta(days=30)
SECTION_LINKS = ("items", "people", "assessments", "teams", "plans")
EDITABLE = {State.DRAFT, State.RETURNED, State.IN_REVIEW, State.APPROVED, State.PUBLISHED}


def runbook_steps(plans: Iterable[Plan]) -> list[RunbookStepData]:
    """Recovery steps of the plans and of the plans they orchestrate, for the recovery schedule."""
    return _runbook_steps(plans)


def next_review_date(today: date | None = None) -> date:
    return (today or timezone.now().date()) + timedelta(days=settings.REVIEW_INTERVAL_DAYS)


# -- plans and sections ------------------------------------------------------------------------------


def create_plan(actor: Actor, **data: Any) -> Plan:
    """Start a plan in draft with an empty section for each section its kind requires."""
    with transaction.atomic():
        plan = create_record(actor, Plan, data)
        Section.objects.bulk_create(
            Section(plan=plan, key=spec.key, position=i) for i, spec in enumerate(plan.spec.sections)
        )
    return plan


def reopen(plan: Plan) -> dict[str, Any]:
    """A change after submission invalidates the review: back to draft, review due soon. Returns the changes."""
    if plan.state == State.SUPERSEDED:
        raise ValidationError({"state": f"{plan} is superseded and can no longer change; start a new plan"})
    if plan.is_retired:
        raise ValidationError({"retired_at": f"{plan} is retired and can no longer be changed"})
    changes: dict[str, Any] = {}
    if plan.state != State.DRAFT:
        changes["state"] = State.DRAFT
        if plan.state == State.PUBLISHED:
            plan.changed_since_publication = True
            soon = timezone.now().date() + REVIEW_AFTER_CHANGE
            if plan.next_review is None or plan.next_review > soon:
                plan.next_review = soon
                changes["next_review"] = soon
        plan.state, plan.approved_by, plan.approved_at = State.DRAFT, None, None
        plan.save(update_fields=["state", "approved_by", "approved_at", "changed_since_publication", "next_review"])
    return changes


def update_plan(actor: Actor, plan: Plan, **data: Any) -> Plan:
    """Change a plan's title, team, owner, reviewers or classification; its kind stays."""
    if "kind" in data and data["kind"] != plan.kind:
        raise ValidationError({"kind": "a plan keeps its kind; start a new plan of the other kind"})
    if "key" in data and data["key"] != plan.key and plan.versions.exists():
        raise ValidationError({"key": "a published plan keeps its key: its versions and evidence folders use it"})
    with transaction.atomic():
        plan = update_record(actor, plan, data)
        if plan.state != State.DRAFT:
            before = plan.state
            after = reopen(plan)
            record_event(actor, "reopen", plan, before={"state": before}, after=after, note="changed")
    return plan


def retire_plan(actor: Actor, plan: Plan, reason: str = "") -> Plan:
    """Retire a plan no longer needed; its published versions stay for the auditor."""
    return retire_record(actor, plan, reason)


def require_change(actor: Actor, plan: Plan) -> None:
    require(actor, "plans.change", *plan.permission_scope())


def edit_section(actor: Actor, plan: Plan, key: str, **data: Any) -> Section:
    """Write a section's text and its links to live records (services, people, assessments, teams, plans)."""
    require_change(actor, plan)
    section = plan.sections.filter(key=key).first()
    if section is None:
        keys = ", ".join(s.key for s in plan.spec.sections)
        raise ValidationError({"key": f"a {plan.get_kind_display()} has no section '{key}'; one of: {keys}"})
    unknown = sorted(set(data) - {"body", *SECTION_LINKS})
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})
    if plan.pk in [getattr(p, "pk", p) for p in data.get("plans") or []]:
        raise ValidationError({"plans": "a plan cannot link to itself"})
    require_visible_references(actor, section, {name: data[name] for name in SECTION_LINKS if name in data})
    with transaction.atomic():
        before = snapshot(section)
        if "body" in data:
            section.body = data["body"] or ""
            section.save(update_fields=["body"])
        for name in SECTION_LINKS:
            if name in data:
                getattr(section, name).set(data[name] or [])
        after = snapshot(section)
        changed = [k for k in after if after[k] != before.get(k)]
        if changed:
            extra = reopen(plan)
            # "items" would shadow dict.items() in the history template: name it for what it holds.
            name = {"items": "linked_items"}
            old = {name.get(k, k): before.get(k) for k in changed}
            new = {"section": key, **{name.get(k, k): after[k] for k in changed}, **extra}
            record_event(actor, "edit_section", plan, before=old, after=new)
    return section


# -- lifecycle ----------------------------------------------------------------------------------------


def _approved(actor: Actor, plan: Plan, comment: str) -> dict[str, Any]:
    plan.approved_by, plan.approved_at = actor, timezone.now()  # type: ignore[assignment]
    return {"approved_at": plan.approved_at}


def _published(actor: Actor, plan: Plan, comment: str) -> dict[str, Any]:
    """Freeze the plan as the next version, supersede the one before, and hand it to publication."""
    now = timezone.now()
    plan.published_at, plan.next_review, plan.changed_since_publication = now, next_review_date(), False
    latest = plan.latest_version
    number = latest.number + 1 if latest else 1
    plan.versions.filter(state=PlanVersion.State.PUBLISHED).update(
        state=PlanVersion.State.SUPERSEDED, superseded_at=now
    )
    plan.save()
    version = PlanVersion.objects.create(
        plan=plan, number=number, content=plan_document(plan, version=number), created_by=actor, created_at=now
    )
    _publish_artifacts(actor, version)
    return {"version": number, "next_review": plan.next_review}


def _publish_artifacts(actor: Actor, version: PlanVersion) -> None:
    from contingent.plans.publication import publish_artifacts

    publish_artifacts(actor, version)


def _withdrawn(actor: Actor, plan: Plan, comment: str) -> dict[str, Any]:
    """A withdrawn plan is no longer in force: its published version is superseded too."""
    n = plan.versions.filter(state=PlanVersion.State.PUBLISHED).update(
        state=PlanVersion.State.SUPERSEDED, superseded_at=timezone.now()
    )
    return {"versions_superseded": n}


def transition_plan(actor: Actor, plan: Plan, action: str, comment: str = "") -> Plan:
    """Take one lifecycle action on a plan (submit, endorse, return, approve, publish, supersede)."""
    effects = {"approve": _approved, "publish": _published, "supersede": _withdrawn}
    with transaction.atomic():
        lifecycle.transition(actor, plan, action, comment, effect=effects.get(action))
    return plan


def submit_for_review(actor: Actor, plan: Plan, comment: str = "") -> Plan:
    """Send a draft (or a returned plan) to its reviewers."""
    return transition_plan(actor, plan, "submit", comment)


def review_plan(actor: Actor, plan: Plan, decision: str, comment: str = "") -> Plan:
    """Record a reviewer's decision: endorse the plan, or return it with comments."""
    actions = {"approve": "endorse", "endorse": "endorse", "return": "return"}
    if decision not in actions:
        raise ValidationError({"decision": "decide 'approve' (endorse) or 'return' (with comments)"})
    return transition_plan(actor, plan, actions[decision], comment)


def approve_plan(actor: Actor, plan: Plan, comment: str = "") -> Plan:
    """Approve a complete plan (the accountable role of its kind); refused with every reason otherwise."""
    return transition_plan(actor, plan, "approve", comment)


def publish_plan(actor: Actor, plan: Plan, comment: str = "") -> PlanVersion:
    """Publish an approved plan: a new frozen, read-only version; the previous one is superseded."""
    transition_plan(actor, plan, "publish", comment)
    return plan.latest_version  # type: ignore[return-value]


# -- who gets it, and when it is reviewed next ----------------------------------------------------------


def plan_recipients(plan: Plan) -> list[Person]:
    """Everyone with a role or responsibility in the plan (spec 000 DRP 3.6), with an email address."""
    from contingent.plans.completeness import holders, needed_roles

    people: dict[int, Person] = {}
    plans = plan_closure([plan]) if plan.spec.orchestrates else [plan]
    for p in plans:
        for need in needed_roles(p):
            for a in holders(p, need):
                people[a.person_id] = a.person
                if a.deputy is not None:
                    people[a.deputy_id] = a.deputy  # type: ignore[index]
    for section in plan.sections.prefetch_related("people"):
        for person in section.people.all():
            people[person.pk] = person
    for person in [plan.owner, *plan.reviewers.all()]:
        if person is not None:
            people[person.pk] = person
    return sorted((p for p in people.values() if p.email and not p.is_retired), key=lambda p: p.name)


def overdue_plans(today: date | None = None) -> QuerySet[Plan]:
    """Plans whose next review date has passed (spec 000: reviewed at least annually and after every change)."""
    return (
        Plan.objects.active()
        .exclude(state=State.SUPERSEDED)
        .filter(next_review__lt=today or timezone.now().date())
        .select_related("team", "owner")
        .order_by("next_review")
    )


def current_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(state=PlanVersion.State.PUBLISHED).first()
