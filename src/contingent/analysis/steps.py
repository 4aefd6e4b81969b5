"""Recovery steps (runbook steps of the recovery plans) as arrays, checked for cycles."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import rustworkx as rx
from numpy.typing import NDArray

from contingent.analysis._csr import invert, ptr_from_counts

NO_SERVICE = -1


class Phase(IntEnum):
    RECOVERY = 0
    RECONSTITUTION = 1


@dataclass(frozen=True)
class RecoveryStep:
    """One step; durations in seconds (optimistic <= likely <= pessimistic, both default to likely)."""

    id: Hashable
    team: int
    duration: float
    predecessors: Sequence[Hashable] = ()
    phase: Phase = Phase.RECOVERY
    service: int = NO_SERVICE
    optimistic: float | None = None
    pessimistic: float | None = None


class StepCycleError(ValueError):
    """The steps wait on each other in a circle; ``cycle`` holds the step ids in order."""

    def __init__(self, cycle: list[Hashable]):
        self.cycle = cycle
        super().__init__("recovery steps form a cycle: " + " -> ".join(map(str, [*cycle, cycle[0]])))


class PhaseOrderError(ValueError):
    """A recovery-phase step waits on a reconstitution step, which only starts after recovery ends."""


@dataclass(frozen=True, eq=False)
class StepPlan:
    """Steps in arrays, indexed 0..s-1 in topological order (every predecessor has a smaller index)."""

    ids: list[Hashable]
    team: NDArray[np.int32]
    likely: NDArray[np.float64]
    optimistic: NDArray[np.float64]
    pessimistic: NDArray[np.float64]
    phase: NDArray[np.int8]
    service: NDArray[np.int32]
    pred_ptr: NDArray[np.int32]
    pred: NDArray[np.int32]
    succ_ptr: NDArray[np.int32] = field(repr=False)
    succ: NDArray[np.int32] = field(repr=False)

    @property
    def n_steps(self) -> int:
        return len(self.ids)

    def predecessors(self, step: int) -> NDArray[np.int32]:
        return self.pred[self.pred_ptr[step] : self.pred_ptr[step + 1]]

    def successors(self, step: int) -> NDArray[np.int32]:
        return self.succ[self.succ_ptr[step] : self.succ_ptr[step + 1]]

    @classmethod
    def from_steps(cls, steps: Sequence[RecoveryStep] | StepPlan) -> StepPlan:
        if isinstance(steps, StepPlan):
            return steps
        index = {step.id: i for i, step in enumerate(steps)}
        if len(index) != len(steps):
            raise ValueError("step ids must be unique")
        edges = []
        for i, step in enumerate(steps):
            for p in step.predecessors:
                if p not in index:
                    raise ValueError(f"step {step.id!r} waits on unknown step {p!r}")
                edges.append((index[p], i))
        order = _topological_order(len(steps), edges, [s.id for s in steps])
        ordered = [steps[i] for i in order]
        position = np.empty(len(steps), dtype=np.int64)
        position[order] = np.arange(len(steps))
        plan = cls._from_ordered(ordered, [(int(position[a]), int(position[b])) for a, b in edges])
        _check_phase_order(plan)
        return plan

    @classmethod
    def _from_ordered(cls, steps: list[RecoveryStep], edges: list[tuple[int, int]]) -> StepPlan:
        n = len(steps)
        likely = np.array([s.duration for s in steps], dtype=np.float64)
        optimistic = np.array([s.duration if s.optimistic is None else s.optimistic for s in steps], dtype=np.float64)
        pessimistic = np.array(
            [s.duration if s.pessimistic is None else s.pessimistic for s in steps], dtype=np.float64
        )
        if np.any(likely < 0) or np.any(optimistic > likely) or np.any(likely > pessimistic):
            raise ValueError("durations must satisfy 0 <= optimistic <= likely <= pessimistic")
        edge_a = np.array(edges, dtype=np.int32).reshape(-1, 2)
        by_target = np.lexsort((edge_a[:, 0], edge_a[:, 1]))
        pred_ptr = ptr_from_counts(np.bincount(edge_a[:, 1], minlength=n))
        pred = edge_a[by_target, 0].astype(np.int32)
        succ_ptr, succ = invert(pred_ptr, pred, n)
        return cls(
            ids=[s.id for s in steps],
            team=np.array([s.team for s in steps], dtype=np.int32),
            likely=likely,
            optimistic=optimistic,
            pessimistic=pessimistic,
            phase=np.array([int(s.phase) for s in steps], dtype=np.int8),
            service=np.array([s.service for s in steps], dtype=np.int32),
            pred_ptr=pred_ptr,
            pred=pred,
            succ_ptr=succ_ptr,
            succ=succ,
        )

    def levels(self) -> NDArray[np.int32]:
        """Longest-path depth of each step in precedence (0 for steps with no predecessor)."""
        level = np.zeros(self.n_steps, dtype=np.int32)
        for step in range(self.n_steps):
            preds = self.predecessors(step)
            if len(preds):
                level[step] = level[preds].max() + 1
        return level


def _topological_order(n: int, edges: list[tuple[int, int]], ids: list[Hashable]) -> list[int]:
    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from_no_data(edges)
    try:
        return list(rx.topological_sort(graph))
    except rx.DAGHasCycle:
        cycle = rx.digraph_find_cycle(graph)
        if not cycle:
            # A self-loop is the only cycle find_cycle may miss without a start node.
            loops = [a for a, b in edges if a == b]
            raise StepCycleError([ids[loops[0]]]) from None
        raise StepCycleError([ids[a] for a, _ in cycle]) from None


def _check_phase_order(plan: StepPlan) -> None:
    waits = np.repeat(np.arange(plan.n_steps), np.diff(plan.pred_ptr))
    bad = (plan.phase[waits] == Phase.RECOVERY) & (plan.phase[plan.pred] == Phase.RECONSTITUTION)
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise PhaseOrderError(
            f"recovery step {plan.ids[waits[i]]!r} waits on reconstitution step {plan.ids[plan.pred[i]]!r}"
        )
