"""The recovery schedule and the confidence in it, for steps from a document or from recovery plans."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from contingent.access.services import Actor
from contingent.analysis.montecarlo import FinishConfidence, simulate_recovery
from contingent.analysis.schedule import ScheduleLimits, schedule_recovery
from contingent.analysis.steps import Phase
from contingent.recovery.loader import load_graph
from contingent.recovery.present import hidden_items, recovery_limits, require_analysis, seconds
from contingent.recovery.steps_source import StepInput, StepSource

MAX_ITERATIONS = 200_000


@dataclass
class ScheduledStep:
    key: str
    title: str
    team: str | None
    phase: str
    start: float
    finish: float
    critical: bool
    service: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ServiceBack:
    name: str
    url: str
    restored: float
    rto: int | None

    @property
    def within_rto(self) -> bool | None:
        return None if self.rto is None else self.restored <= self.rto

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "within_rto": self.within_rto}


@dataclass
class TeamTime:
    team: str
    first_start: float
    recovery_finish: float
    finish: float
    within_limit: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RecoverySchedule:
    steps: list[ScheduledStep]
    critical_path: list[dict[str, Any]]
    services: list[ServiceBack]
    teams: list[TeamTime]
    recovery_finish: float
    makespan: float
    team_limit: float
    instance_limit: float

    @property
    def instance_within_limit(self) -> bool:
        return self.recovery_finish <= self.instance_limit

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": [s.to_dict() for s in self.steps],
            "critical_path": self.critical_path,
            "services": [s.to_dict() for s in self.services],
            "teams": [t.to_dict() for t in self.teams],
            "recovery_finish": self.recovery_finish,
            "makespan": self.makespan,
            "instance_within_limit": self.instance_within_limit,
            "team_limit": self.team_limit,
            "instance_limit": self.instance_limit,
        }


def _service_objective(pk: int, hidden: frozenset[int]) -> tuple[str, int | None]:
    from contingent.inventory.models import Item
    from contingent.inventory.views import SLUGS

    loaded = load_graph()
    node = loaded.index_of_item.get(pk)
    rto = seconds(float(loaded.graph.rto[node])) if node is not None else None
    if pk in hidden:
        return "#", rto
    kind = Item.objects.filter(pk=pk).values_list("kind", flat=True).first() or Item.Kind.SERVICE
    return f"/{SLUGS[kind]}/{pk}/", rto


def _service_names(actor: Actor, steps: StepInput) -> tuple[dict[int, str], frozenset[int]]:
    """The services' names as the actor may read them (a confidential one as "Confidential item"), and the
    ids of those hidden from them."""
    from contingent.access.services import STAND_IN_NAME

    hidden = hidden_items(actor, load_graph().version)
    return {pk: STAND_IN_NAME if pk in hidden else name for pk, name in steps.service_names.items()}, hidden


def _read(steps: StepInput | StepSource) -> StepInput:
    return steps.read() if isinstance(steps, StepSource) else steps


def _restored(schedule: Any) -> dict[int, float]:
    """When each service is back: its last recovery-phase step (reconstitution work on it comes later and
    does not make it unavailable), or its last step when it only has reconstitution steps."""
    plan = schedule.plan
    restored = dict(schedule.service_restored)
    recovery = (plan.phase == Phase.RECOVERY) & (plan.service >= 0)
    by_service: dict[int, float] = {}
    for service, finish in zip(plan.service[recovery].tolist(), schedule.finish[recovery].tolist(), strict=True):
        by_service[service] = max(by_service.get(service, 0.0), finish)
    restored.update(by_service)
    return restored


def plan_recovery(actor: Actor, steps: StepInput | StepSource) -> RecoverySchedule:
    """Order of work and timeline of the steps, critical path, when each service is back, and whether
    each team and the whole instance finish within the policy limits."""
    require_analysis(actor)
    steps = _read(steps)
    team_limit, instance_limit = recovery_limits()
    limits = ScheduleLimits(team_limit.total_seconds(), instance_limit.total_seconds())
    schedule = schedule_recovery(steps.plan or steps.steps, steps.capacity, limits)
    plan = schedule.plan
    names, hidden = _service_names(actor, steps)
    critical = {link.step for link in schedule.critical_path}
    scheduled = [
        ScheduledStep(
            str(key),
            steps.titles.get(str(key), str(key)),
            steps.team_names.get(int(plan.team[i])),
            Phase(int(plan.phase[i])).name.lower(),
            float(schedule.start[i]),
            float(schedule.finish[i]),
            key in critical,
            names.get(int(plan.service[i])),
        )
        for i, key in enumerate(plan.ids)
    ]
    scheduled.sort(key=lambda s: (s.start, s.finish, s.key))
    services = []
    for pk, restored in _restored(schedule).items():
        url, rto = _service_objective(pk, hidden)
        services.append(ServiceBack(names.get(pk, str(pk)), url, restored, rto))
    # The limits are about recovery (spec 000): reconstitution comes afterwards and is shown, not judged.
    teams = [
        TeamTime(
            steps.team_names.get(t.team, str(t.team)),
            t.first_start,
            t.recovery_finish,
            t.finish,
            t.recovery_finish - t.first_start <= limits.team,
        )
        for t in schedule.teams
    ]
    return RecoverySchedule(
        scheduled,
        [link.to_dict() for link in schedule.critical_path],
        sorted(services, key=lambda s: s.restored),
        teams,
        schedule.recovery_finish,
        schedule.makespan,
        limits.team,
        limits.instance,
    )


@dataclass
class Outcome:
    """One finish-time distribution, named."""

    name: str
    url: str
    result: FinishConfidence

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "name": self.name,
            "url": self.url,
            "objective": r.objective,
            "probability_within_objective": r.p_within_objective,
            "p50": r.p50,
            "p90": r.p90,
            "mean": r.mean,
            "histogram_edges": r.histogram_edges,
            "histogram_counts": r.histogram_counts,
        }


@dataclass
class RecoveryConfidence:
    iterations: int
    seed: int
    instance: Outcome
    services: list[Outcome]

    def to_dict(self) -> dict[str, Any]:
        return {
            "iterations": self.iterations,
            "seed": self.seed,
            "distribution": "pert",
            "team_capacity_modelled": False,
            "instance": self.instance.to_dict(),
            "services": [s.to_dict() for s in self.services],
        }


def estimate_confidence(
    actor: Actor, steps: StepInput | StepSource, iterations: int = 10_000, seed: int = 0
) -> RecoveryConfidence:
    """Monte Carlo over optimistic / likely / pessimistic durations: per service and for the whole
    instance the probability of meeting the RTO (the instance: its policy limit), P50 and P90."""
    require_analysis(actor)
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValidationError({"iterations": f"choose between 1 and {MAX_ITERATIONS:,} iterations"})
    steps = _read(steps)
    _team, instance_limit = recovery_limits()
    names, hidden = _service_names(actor, steps)
    objectives = {pk: _service_objective(pk, hidden) for pk in {s.service for s in steps.steps if s.service >= 0}}
    rto = {pk: float(r) for pk, (_url, r) in objectives.items() if r is not None}
    # Recovered means the recovery phase is done; reconstitution only starts afterwards.
    recovery = [s for s in steps.steps if s.phase == Phase.RECOVERY]
    if not recovery:
        raise ValidationError({"steps": "no step is in the recovery phase"})
    result = simulate_recovery(
        recovery,
        iterations=iterations,
        seed=seed,
        service_rto=rto,
        instance_limit=instance_limit.total_seconds(),
    )
    services = [Outcome(names.get(pk, str(pk)), objectives[pk][0], finish) for pk, finish in result.services.items()]
    instance = Outcome("Whole instance (recovery phase)", "", result.instance)
    return RecoveryConfidence(iterations, seed, instance, sorted(services, key=lambda o: o.result.p50))
