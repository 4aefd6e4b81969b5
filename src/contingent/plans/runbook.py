"""Recovery steps and the references between plans: order, dependencies (within and across plans),
durations; cycles are refused with the cycle named, because a circle of waiting never finishes."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from contingent.access.services import Actor
from contingent.audit.services import record_event
from contingent.plans.models import Plan, PlanReference, RunbookStep
from contingent.plans.services import reopen, require_change
from contingent.records.services import require_visible_references, snapshot

STEP_FIELDS = {
    "key", "title", "phase", "team", "role", "optimistic", "likely", "pessimistic", "instructions",
    "verification", "safeguards", "evidence", "service", "position",
}  # fmt: skip


def step_cycle(step: RunbookStep, predecessors: Iterable[RunbookStep]) -> list[str] | None:
    """The circle `step` would close by waiting on `predecessors` (step keys, each waiting on the next)."""
    for first in predecessors:
        if first.pk == step.pk:
            return [step.qualified_key]
        came_from: dict[int, int] = {first.pk: step.pk}
        todo = [first.pk]
        while todo:
            current = todo.pop()
            if current == step.pk:
                path, node = [], current
                while True:
                    path.append(node)
                    node = came_from[node]
                    if node == step.pk:
                        break
                keys = dict(
                    (s.pk, s.qualified_key) for s in RunbookStep.objects.filter(pk__in=path).select_related("plan")
                )
                return [step.qualified_key] + [keys[pk] for pk in reversed(path) if pk != step.pk]
            for pred in RunbookStep.predecessors.through.objects.filter(from_runbookstep_id=current).values_list(
                "to_runbookstep_id", flat=True
            ):
                if pred not in came_from:
                    came_from[pred] = current
                    todo.append(pred)
    return None


def _check_predecessors(step: RunbookStep, predecessors: list[RunbookStep]) -> None:
    cycle = step_cycle(step, predecessors)
    if cycle:
        circle = " → ".join([*cycle, cycle[0]])
        raise ValidationError({"predecessors": f"steps would wait on each other in a circle: {circle}"})
    if step.phase == RunbookStep.Phase.RECOVERY:
        late = [p.qualified_key for p in predecessors if p.phase == RunbookStep.Phase.RECONSTITUTION]
        if late:
            raise ValidationError(
                {"predecessors": f"a recovery step cannot wait on reconstitution steps: {', '.join(late)}"}
            )


def _resolve_predecessors(plan: Plan, values: Iterable[Any]) -> list[RunbookStep]:
    """Steps given as objects, ids, "step-key" (same plan) or "plan-key/step-key" (another plan)."""
    found = []
    for value in values:
        if isinstance(value, RunbookStep):
            found.append(value)
            continue
        if isinstance(value, int):
            step = RunbookStep.objects.filter(pk=value).select_related("plan").first()
        else:
            plan_key, _, key = str(value).rpartition("/")
            step = RunbookStep.objects.filter(plan__key=plan_key or plan.key, key=key).select_related("plan").first()
        if step is None:
            raise ValidationError({"predecessors": f"no step '{value}'"})
        found.append(step)
    return found


def _save_step(actor: Actor, step: RunbookStep, data: dict[str, Any], action: str) -> RunbookStep:
    unknown = sorted(set(data) - STEP_FIELDS - {"predecessors"})
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})
    require_change(actor, step.plan)
    require_visible_references(actor, step, {k: v for k, v in data.items() if k == "service"})
    before = snapshot(step) if step.pk else {}
    predecessors = data.pop("predecessors", None)
    for name, value in data.items():
        setattr(step, name, value)
    with transaction.atomic():
        step.full_clean(exclude=["plan"] if step.plan_id else None)
        step.save()
        if predecessors is not None:
            resolved = _resolve_predecessors(step.plan, predecessors)
            require_visible_references(actor, step, {"predecessors": resolved})
            _check_predecessors(step, resolved)
            step.predecessors.set(resolved)
        elif step.phase == RunbookStep.Phase.RECOVERY:
            _check_predecessors(step, list(step.predecessors.all()))
        after = snapshot(step)
        changed = {k: after[k] for k in after if after.get(k) != before.get(k)}
        extra = reopen(step.plan)
        record_event(
            actor, action, step.plan, before={k: before.get(k) for k in changed} if before else None,
            after={"step": step.key, **changed, **extra},
        )  # fmt: skip
    return step


def add_step(actor: Actor, plan: Plan, **data: Any) -> RunbookStep:
    """Add a recovery step to a plan (at the end unless a position is given)."""
    if "position" not in data:
        last = plan.steps.aggregate(m=Max("position"))["m"]
        data["position"] = (last or 0) + 10
    return _save_step(actor, RunbookStep(plan=plan), data, "add_step")


def update_step(actor: Actor, step: RunbookStep, **data: Any) -> RunbookStep:
    """Change a step: its text, owner, durations or what it waits on."""
    return _save_step(actor, step, data, "update_step")


def remove_step(actor: Actor, step: RunbookStep) -> Plan:
    """Remove a step; steps that waited on it wait on its predecessors instead, so the order holds."""
    plan = step.plan
    require_change(actor, plan)
    with transaction.atomic():
        before = {"step": step.key, **snapshot(step)}
        inherited = list(step.predecessors.all())
        for successor in step.successors.all():
            successor.predecessors.add(*[p for p in inherited if p.pk != successor.pk])
        step.delete()
        record_event(actor, "remove_step", plan, before=before, after=reopen(plan))
    return plan


# -- references between plans ----------------------------------------------------------------------


def reference_cycle(source: Plan, target: Plan) -> list[str] | None:
    """The circle of plans that would trigger each other if `source` referenced `target`."""
    if source.pk == target.pk:
        return [source.key]
    came_from = {target.pk: source.pk}
    todo = [target.pk]
    while todo:
        current = todo.pop()
        for nxt in PlanReference.objects.filter(source_id=current).values_list("target_id", flat=True):
            if nxt == source.pk:
                path = [current]
                while path[-1] != target.pk:
                    path.append(came_from[path[-1]])
                keys = dict(Plan.objects.filter(pk__in=path).values_list("pk", "key"))
                return [source.key] + [keys[pk] for pk in reversed(path)]
            if nxt not in came_from:
                came_from[nxt] = current
                todo.append(nxt)
    return None


def add_reference(actor: Actor, source: Plan, target: Plan, handoff: str = "") -> PlanReference:
    """Make `source` orchestrate `target`, with the handoff between the teams; cycles are refused."""
    require_change(actor, source)
    require_visible_references(actor, PlanReference(source=source), {"target": target})
    cycle = reference_cycle(source, target)
    if cycle:
        circle = " → ".join([*cycle, cycle[0]])
        raise ValidationError({"target": f"plans would trigger each other in a circle: {circle}"})
    with transaction.atomic():
        last = source.references.aggregate(m=Max("position"))["m"]
        ref, created = PlanReference.objects.update_or_create(
            source=source, target=target, defaults={"handoff": handoff, "position": (last or 0) + 10}
        )
        extra = reopen(source)
        record_event(actor, "add_reference", source, after={"target": target.key, "handoff": handoff, **extra})
    return ref


def remove_reference(actor: Actor, reference: PlanReference) -> Plan:
    """Stop orchestrating a plan from another."""
    source = reference.source
    require_change(actor, source)
    with transaction.atomic():
        target = reference.target.key
        reference.delete()
        record_event(actor, "remove_reference", source, before={"target": target}, after=reopen(source))
    return source
