"""Recovery schedule: resource-constrained list scheduling of recovery steps.

Recovery-phase steps all come before any reconstitution step starts (spec 000:
reconstitution runs after full recovery of business-critical functionality).
Within a phase the step with the longest remaining path goes first; a team works
on at most ``capacity[team]`` steps at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from contingent.analysis.steps import NO_SERVICE, Phase, RecoveryStep, StepPlan

DAY = 86_400.0
NO_TEAM = -1


@dataclass(frozen=True)
class ScheduleLimits:
    """Time frames from spec 000: each team recovers within a day, the instance within three."""

    team: float = DAY
    instance: float = 3 * DAY


@dataclass(frozen=True)
class CriticalLink:
    """A step on the critical path and why it could not start earlier."""

    step: Hashable
    start: float
    finish: float
    reason: str  # "start" | "precedence" | "resource" | "phase"

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "start": self.start, "finish": self.finish, "reason": self.reason}


@dataclass(frozen=True)
class TeamWindow:
    """A team's work: within_limit compares its own span (first start to last finish) with the team limit."""

    team: int
    first_start: float
    recovery_finish: float
    finish: float
    within_limit: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True, eq=False)
class Schedule:
    plan: StepPlan
    start: NDArray[np.float64]
    finish: NDArray[np.float64]
    critical_path: list[CriticalLink]
    service_restored: dict[int, float]
    teams: list[TeamWindow]
    recovery_finish: float
    makespan: float
    limits: ScheduleLimits = field(default_factory=ScheduleLimits)

    @property
    def instance_within_limit(self) -> bool:
        return self.makespan <= self.limits.instance

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": [
                {"step": sid, "start": float(s), "finish": float(f)}
                for sid, s, f in zip(self.plan.ids, self.start, self.finish, strict=True)
            ],
            "critical_path": [link.to_dict() for link in self.critical_path],
            "service_restored": {str(k): v for k, v in self.service_restored.items()},
            "teams": [t.to_dict() for t in self.teams],
            "recovery_finish": self.recovery_finish,
            "makespan": self.makespan,
            "instance_within_limit": self.instance_within_limit,
            "limits": {"team": self.limits.team, "instance": self.limits.instance},
        }


def remaining_path(plan: StepPlan, durations: NDArray[np.float64]) -> NDArray[np.float64]:
    """Longest path from the start of each step to the end of the plan (its own duration included)."""
    tail = durations.copy()
    for step in range(plan.n_steps - 1, -1, -1):
        succ = plan.successors(step)
        if len(succ):
            tail[step] += tail[succ].max()
    return tail


def schedule_recovery(
    steps: Sequence[RecoveryStep] | StepPlan,
    team_capacity: Mapping[int, int] | Sequence[int] | int = 1,
    limits: ScheduleLimits | None = None,
) -> Schedule:
    """Start and finish of every step, the critical path, and whether teams and instance meet their limits."""
    plan = StepPlan.from_steps(steps)
    capacity = _capacities(plan, team_capacity)
    start, cause, reason = _ListScheduler(plan, capacity).run()
    finish = start + plan.likely
    recovery = plan.phase == Phase.RECOVERY
    recovery_finish = float(finish[recovery].max()) if recovery.any() else 0.0
    limits = limits or ScheduleLimits()
    return Schedule(
        plan=plan,
        start=start,
        finish=finish,
        critical_path=_critical_path(plan, start, finish, cause, reason),
        service_restored=_service_restored(plan, finish),
        teams=_team_windows(plan, start, finish, limits),
        recovery_finish=recovery_finish,
        makespan=float(finish.max()) if plan.n_steps else 0.0,
        limits=limits,
    )


def _capacities(plan: StepPlan, team_capacity: Mapping[int, int] | Sequence[int] | int) -> dict[int, int]:
    teams = set(plan.team.tolist()) - {NO_TEAM}
    if isinstance(team_capacity, int):
        capacity = dict.fromkeys(teams, team_capacity)
    elif isinstance(team_capacity, Mapping):
        capacity = {t: int(team_capacity.get(t, 1)) for t in teams}
    else:
        capacity = {t: int(team_capacity[t]) if t < len(team_capacity) else 1 for t in teams}
    if any(c < 1 for c in capacity.values()):
        raise ValueError("every team with steps needs a capacity of at least 1")
    return capacity


class _ListScheduler:
    """Parallel schedule generation: at each finish event, start what the free teams can take."""

    def __init__(self, plan: StepPlan, capacity: dict[int, int]):
        self.plan = plan
        self.free = dict(capacity)
        tail = remaining_path(plan, plan.likely)
        self.priority = [(int(p), -float(t), i) for i, (p, t) in enumerate(zip(plan.phase, tail, strict=True))]
        self.waiting = np.diff(plan.pred_ptr).astype(np.int64)
        self.start = np.full(plan.n_steps, np.nan)
        self.cause = np.full(plan.n_steps, -1, dtype=np.int64)
        self.reason = ["start"] * plan.n_steps
        self.ready_at = np.zeros(plan.n_steps)
        self.queues: dict[int, list[tuple[int, float, int]]] = {}
        self.gated: list[int] = []
        self.recovery_left = int(np.count_nonzero(plan.phase == Phase.RECOVERY))
        self.gate_open = self.recovery_left == 0
        self.freed_by: dict[int, int] = {}

    def run(self) -> tuple[NDArray[np.float64], NDArray[np.int64], list[str]]:
        running: list[tuple[float, int]] = []
        for step in np.flatnonzero(self.waiting == 0).tolist():
            self._make_eligible(step, 0.0)
        now, done = 0.0, 0
        while done < self.plan.n_steps:
            self._start_what_fits(now, running)
            if not running:
                raise RuntimeError("scheduler stalled: no step running and none can start")
            now = running[0][0]
            self.freed_by.clear()
            while running and running[0][0] == now:
                _, step = heapq.heappop(running)
                done += 1
                self._finish(step, now)
        return self.start, self.cause, self.reason

    def _make_eligible(self, step: int, now: float) -> None:
        if self.plan.phase[step] == Phase.RECONSTITUTION and not self.gate_open:
            self.gated.append(step)
            return
        heapq.heappush(self.queues.setdefault(int(self.plan.team[step]), []), self.priority[step])

    def _start_what_fits(self, now: float, running: list[tuple[float, int]]) -> None:
        for team, queue in self.queues.items():
            while queue and (team == NO_TEAM or self.free[team] > 0):
                step = heapq.heappop(queue)[2]
                if team != NO_TEAM:
                    self.free[team] -= 1
                self.start[step] = now
                if now > self.ready_at[step] and team in self.freed_by:
                    self.cause[step], self.reason[step] = self.freed_by[team], "resource"
                heapq.heappush(running, (now + float(self.plan.likely[step]), step))

    def _finish(self, step: int, now: float) -> None:
        team = int(self.plan.team[step])
        if team != NO_TEAM:
            self.free[team] += 1
            self.freed_by[team] = step
        for succ in self.plan.successors(step).tolist():
            self.waiting[succ] -= 1
            if self.waiting[succ] == 0:
                self.ready_at[succ], self.cause[succ], self.reason[succ] = now, step, "precedence"
                self._make_eligible(succ, now)
        if self.plan.phase[step] == Phase.RECOVERY:
            self.recovery_left -= 1
            if self.recovery_left == 0:
                self._open_gate(step, now)

    def _open_gate(self, last_recovery: int, now: float) -> None:
        self.gate_open = True
        for step in self.gated:
            if now > self.ready_at[step] or self.cause[step] < 0:
                self.ready_at[step], self.cause[step], self.reason[step] = now, last_recovery, "phase"
            self._make_eligible(step, now)
        self.gated = []


def _critical_path(
    plan: StepPlan, start: NDArray[np.float64], finish: NDArray[np.float64], cause: NDArray[np.int64], reason: list[str]
) -> list[CriticalLink]:
    if plan.n_steps == 0:
        return []
    chain = [int(np.argmax(finish))]
    while cause[chain[-1]] >= 0:
        chain.append(int(cause[chain[-1]]))
    return [
        CriticalLink(plan.ids[s], float(start[s]), float(finish[s]), reason[s] if cause[s] >= 0 else "start")
        for s in reversed(chain)
    ]


def _service_restored(plan: StepPlan, finish: NDArray[np.float64]) -> dict[int, float]:
    restored: dict[int, float] = {}
    for service, f in zip(plan.service.tolist(), finish.tolist(), strict=True):
        if service != NO_SERVICE:
            restored[service] = max(restored.get(service, 0.0), f)
    return dict(sorted(restored.items()))


def _team_windows(
    plan: StepPlan, start: NDArray[np.float64], finish: NDArray[np.float64], limits: ScheduleLimits
) -> list[TeamWindow]:
    windows = []
    for team in sorted(set(plan.team.tolist()) - {NO_TEAM}):
        mine = plan.team == team
        recovery = mine & (plan.phase == Phase.RECOVERY)
        first, last = float(start[mine].min()), float(finish[mine].max())
        recovery_finish = float(finish[recovery].max()) if recovery.any() else first
        windows.append(TeamWindow(team, first, recovery_finish, last, last - first <= limits.team))
    return windows
