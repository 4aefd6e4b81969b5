"""Where recovery steps come from: a steps document (YAML or JSON, the RunbookStepData fields) or the
runbook steps of recovery plans. Both end as the engine's RecoveryStep list plus team parallel limits.

A steps document:
    teams: {infra: 2}            # optional: steps a team works on at once (default 1)
    steps:
    - key: restore-db            # unique
      title: Restore the billing database
      team: payments             # team key (or team_id)
      phase: recovery            # or reconstitution
      optimistic: 1h             # seconds or a duration like 1h 30m; optimistic and pessimistic
      likely: 2h                 #   default to likely
      pessimistic: 6h
      depends_on: [provision-network]
      service: billing           # service key (or service_id): the step brings it back
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import ValidationError

from contingent.analysis.steps import NO_SERVICE, Phase, RecoveryStep, StepCycleError, StepPlan
from contingent.inventory.models import Item
from contingent.lib.durations import parse_duration
from contingent.org.models import Team

NO_TEAM = -1
PHASES = {"recovery": Phase.RECOVERY, "reconstitution": Phase.RECONSTITUTION}


@dataclass
class StepInput:
    """Steps ready for the engine, with the names to show for their teams, services and titles."""

    steps: list[RecoveryStep]
    capacity: dict[int, int]
    titles: dict[str, str] = field(default_factory=dict)
    team_names: dict[int, str] = field(default_factory=dict)
    service_names: dict[int, str] = field(default_factory=dict)
    plan: StepPlan | None = None


def parse_steps_document(text: str | bytes) -> StepInput:
    """Read a YAML or JSON steps document; every problem names the step and the field."""
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError as error:
        raise ValidationError({"steps": f"not valid YAML or JSON: {error}"}) from None
    return steps_from_data(data)


def steps_from_data(data: Any) -> StepInput:
    """The same checks for a document already parsed (the API's JSON body)."""
    if isinstance(data, list):
        data = {"steps": data}
    if not isinstance(data, Mapping) or not isinstance(data.get("steps"), list) or not data["steps"]:
        raise ValidationError({"steps": "give a list of steps (each with key, team, likely and depends_on)"})
    rows = [_row(i, raw) for i, raw in enumerate(data["steps"])]
    teams = _teams({r.get("team") for r in rows if r.get("team")} | set(data.get("teams") or {}))
    services = _services({r.get("service") for r in rows if r.get("service")})
    steps = [_step(row, teams, services) for row in rows]
    capacity = _capacity(data.get("teams") or {}, teams)
    result = StepInput(
        steps,
        capacity,
        titles={str(r["key"]): str(r.get("title") or r["key"]) for r in rows},
        team_names={
            pk: name for pk, name in Team.objects.filter(pk__in=[s.team for s in steps]).values_list("pk", "name")
        },
        service_names=dict(Item.objects.filter(pk__in=[s.service for s in steps]).values_list("pk", "name")),
    )
    result.plan = _plan(steps)
    return result


def steps_from_runbooks(runbook_steps: Iterable[Any], capacity: Mapping[int, int] | None = None) -> StepInput:
    """Steps from recovery plans (contingent.plans RunbookStepData), checked like a document."""
    data = [
        {
            "key": s.key,
            "title": s.title,
            "team_id": s.team_id,
            "phase": s.phase,
            "optimistic": s.optimistic,
            "likely": s.likely,
            "pessimistic": s.pessimistic,
            "depends_on": list(s.depends_on),
            "service_id": s.service_id,
        }
        for s in runbook_steps
    ]
    if not data:
        raise ValidationError({"plans": "the chosen plans have no runbook steps"})
    result = steps_from_data({"steps": data})
    result.capacity.update(capacity or {})
    return result


def _row(index: int, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping) or not raw.get("key"):
        raise ValidationError({f"steps[{index}].key": "every step needs a key"})
    return dict(raw)


def _field(row: Mapping[str, Any], name: str) -> str:
    return f"steps.{row['key']}.{name}"


def _teams(keys: set[Any]) -> dict[Any, int]:
    found: dict[Any, int] = dict(Team.objects.filter(key__in=[str(k) for k in keys]).values_list("key", "pk"))
    return found


def _services(keys: set[Any]) -> dict[Any, int]:
    rows = Item.objects.filter(key__in=[str(k) for k in keys], kind__in=[Item.Kind.SERVICE, Item.Kind.PROCESS])
    return dict(rows.values_list("key", "pk"))


def _duration(row: Mapping[str, Any], name: str, default: float | None) -> float:
    value = row.get(name)
    if value is None or value == "":
        if default is None:
            raise ValidationError({_field(row, name): "give the likely duration, e.g. 2h"})
        return default
    try:
        return parse_duration(value).total_seconds()
    except (ValueError, TypeError) as error:
        raise ValidationError({_field(row, name): str(error)}) from None


def _step(row: Mapping[str, Any], teams: dict[Any, int], services: dict[Any, int]) -> RecoveryStep:
    team = NO_TEAM
    if row.get("team"):
        if row["team"] not in teams:
            raise ValidationError({_field(row, "team"): f"no team with key '{row['team']}'"})
        team = teams[row["team"]]
    elif row.get("team_id") is not None:
        team = int(row["team_id"])
    service = NO_SERVICE
    if row.get("service"):
        if row["service"] not in services:
            raise ValidationError({_field(row, "service"): f"no service or process with key '{row['service']}'"})
        service = services[row["service"]]
    elif row.get("service_id") is not None:
        service = int(row["service_id"])
    phase = str(row.get("phase") or "recovery")
    if phase not in PHASES:
        raise ValidationError({_field(row, "phase"): "write recovery or reconstitution"})
    depends_on = row.get("depends_on") or []
    if isinstance(depends_on, str) or not isinstance(depends_on, list):
        raise ValidationError({_field(row, "depends_on"): "give a list of step keys"})
    likely = _duration(row, "likely", None)
    optimistic, pessimistic = _duration(row, "optimistic", likely), _duration(row, "pessimistic", likely)
    if not optimistic <= likely <= pessimistic:
        raise ValidationError({_field(row, "likely"): "durations must satisfy optimistic <= likely <= pessimistic"})
    return RecoveryStep(
        id=str(row["key"]),
        team=team,
        duration=likely,
        predecessors=tuple(str(p) for p in depends_on),
        phase=PHASES[phase],
        service=service,
        optimistic=optimistic,
        pessimistic=pessimistic,
    )


def _capacity(limits: Mapping[str, Any], teams: dict[Any, int]) -> dict[int, int]:
    capacity = dict.fromkeys(teams.values(), 1)
    for key, value in limits.items():
        if key not in teams:
            raise ValidationError({f"teams.{key}": f"no team with key '{key}'"})
        if not isinstance(value, int) or value < 1:
            raise ValidationError({f"teams.{key}": "the number of steps a team works on at once must be at least 1"})
        capacity[teams[key]] = value
    return capacity


def _plan(steps: list[RecoveryStep]) -> StepPlan:
    keys = [s.id for s in steps]
    seen: set[Any] = set()
    for s in steps:
        if s.id in seen:
            raise ValidationError({f"steps.{s.id}.key": "two steps have this key"})
        seen.add(s.id)
    for s in steps:
        for p in s.predecessors:
            if p not in keys:
                raise ValidationError({f"steps.{s.id}.depends_on": f"no step with key '{p}'"})
    try:
        return StepPlan.from_steps(steps)
    except StepCycleError as error:
        loop = " -> ".join(map(str, [*error.cycle, error.cycle[0]]))
        raise ValidationError({f"steps.{error.cycle[0]}.depends_on": f"the steps wait on each other: {loop}"}) from None
    except ValueError as error:
        raise ValidationError({"steps": str(error)}) from None


def steps_from_plans(keys: Iterable[str], limits: Mapping[str, Any] | None = None) -> StepInput:
    """The runbook steps of the named recovery plans (and the plans they orchestrate)."""
    from contingent.plans.models import Plan
    from contingent.plans.services import runbook_steps

    keys = list(dict.fromkeys(keys))
    plans = list(Plan.objects.filter(key__in=keys, retired_at__isnull=True))
    missing = sorted(set(keys) - {p.key for p in plans})
    if missing:
        raise ValidationError({"plans": f"no plan with key: {', '.join(missing)}"})
    teams = _teams(set(limits or {}))
    capacity = _capacity(limits or {}, teams)
    return steps_from_runbooks(runbook_steps(plans), capacity)


@dataclass
class StepSource:
    """Unread steps: a document's text, already-parsed data (the API body), or plan keys. Read only after the
    permission check, so a refused user learns nothing about the input."""

    text: str | bytes | None = None
    data: Any = None
    plans: tuple[str, ...] = ()
    teams: Mapping[str, Any] = field(default_factory=dict)

    def read(self) -> StepInput:
        if self.plans:
            return steps_from_plans(self.plans, self.teams)
        if self.text is not None:
            return parse_steps_document(self.text)
        return steps_from_data(self.data)
