"""Confidence in recovery times: Monte Carlo over uncertain step durations.

Each iteration samples every step's duration (PERT-beta or triangular from
optimistic / likely / pessimistic) and takes the precedence-only longest path,
with the reconstitution phase gated behind the end of recovery. Team capacity
is NOT modelled here: the result is what the dependencies allow, an optimistic
bound when teams are the bottleneck (schedule_recovery shows those waits).

Iterations are processed in chunks (float32, steps x iterations, one level of
the step graph at a time, on all cores); memory is
O(chunk x steps), not O(iterations x steps).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from contingent.analysis.sampling import Distribution, DurationSampler
from contingent.analysis.schedule import DAY
from contingent.analysis.steps import NO_SERVICE, Phase, RecoveryStep, StepPlan

INSTANCE = "instance"


@dataclass(frozen=True)
class FinishConfidence:
    """Distribution of one finish time (a service back, or the whole instance)."""

    subject: str
    objective: float | None
    p_within_objective: float | None
    p50: float
    p90: float
    mean: float
    histogram_edges: list[float] = field(default_factory=list)
    histogram_counts: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Confidence:
    iterations: int
    distribution: str
    seed: int
    instance: FinishConfidence
    services: dict[int, FinishConfidence]

    def to_dict(self) -> dict[str, Any]:
        return {
            "iterations": self.iterations,
            "distribution": self.distribution,
            "seed": self.seed,
            "team_capacity_modelled": False,
            "instance": self.instance.to_dict(),
            "services": {str(k): v.to_dict() for k, v in self.services.items()},
        }


def simulate_recovery(
    steps: Sequence[RecoveryStep] | StepPlan,
    iterations: int = 10_000,
    seed: int = 0,
    distribution: Distribution = "pert",
    service_rto: Mapping[int, float] | None = None,
    instance_limit: float = 3 * DAY,
    chunk: int = 1_024,
    workers: int | None = None,
    bins: int = 40,
) -> Confidence:
    """P(finish <= objective), p50, p90 and a histogram for each service and for the instance.

    Chunks run on ``workers`` threads (default: CPU count; NumPy releases the GIL). Each
    chunk has its own random stream, so a seed and chunk size give the same answer
    whatever the number of workers.
    """
    plan = StepPlan.from_steps(steps)
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    network = _LevelNetwork(plan)
    order = network.order
    sampler = DurationSampler(plan.optimistic[order], plan.likely[order], plan.pessimistic[order], distribution)
    finishes = np.empty((network.n_outputs, iterations), dtype=np.float32)
    begins = list(range(0, iterations, chunk))
    streams = np.random.SeedSequence(seed).spawn(len(begins))

    def run(begin: int, stream: np.random.SeedSequence) -> None:
        width = min(chunk, iterations - begin)
        durations = sampler.sample(np.random.default_rng(stream), width)
        finishes[:, begin : begin + width] = network.finishes(durations)

    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        list(pool.map(run, begins, streams))
    service_rto = service_rto or {}
    services = {
        service: _summarise(f"service {service}", finishes[row], service_rto.get(service), bins)
        for row, service in enumerate(network.services)
    }
    instance = _summarise(INSTANCE, finishes[-1], instance_limit, bins)
    return Confidence(iterations, distribution, seed, instance, services)


@dataclass(frozen=True)
class _Level:
    """A contiguous block of rows (steps in level order) and the predecessors they wait on."""

    begin: int
    end: int
    # columns[j] = (which of the waiting rows have a j-th predecessor (None: all), that predecessor)
    columns: list[tuple[NDArray[np.int64] | None, NDArray[np.int64]]]
    waiting: NDArray[np.int64] | None  # rows with predecessors; None when all of them have some
    free: NDArray[np.int64]  # rows without predecessors


class _LevelNetwork:
    """Longest path over the step graph level by level, all iterations of a chunk at once.

    Steps are renumbered so each level (recovery levels first, then reconstitution) is a
    contiguous block of rows. The latest predecessor is taken column by column (first
    predecessors of all the level's steps, then second ones, ...): the same work as a
    reduceat, which NumPy runs an order of magnitude slower along axis 0.
    """

    def __init__(self, plan: StepPlan):
        levels = plan.levels()
        reconstitution = (plan.phase == Phase.RECONSTITUTION).astype(np.int64)
        self.order = np.lexsort((levels, reconstitution))
        rank = np.empty(plan.n_steps, dtype=np.int64)
        rank[self.order] = np.arange(plan.n_steps)
        self.n_recovery = int(plan.n_steps - reconstitution.sum())
        stage_level = reconstitution[self.order] * (int(levels.max(initial=0)) + 1) + levels[self.order]
        bounds = np.flatnonzero(np.r_[True, stage_level[1:] != stage_level[:-1], True]).tolist()
        self.levels = [self._level(plan, rank, a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        self.services = sorted(set(plan.service.tolist()) - {NO_SERVICE})
        service_of_row = plan.service[self.order]
        self.service_rows = [np.flatnonzero(service_of_row == s) for s in self.services]
        self.n_outputs = len(self.services) + 1

    def _level(self, plan: StepPlan, rank: NDArray[np.int64], begin: int, end: int) -> _Level:
        steps = self.order[begin:end]
        counts = np.diff(plan.pred_ptr)[steps]
        has_preds = counts > 0
        preds = [rank[plan.predecessors(s)] for s in steps[has_preds]]
        columns = []
        for j in range(int(counts.max(initial=0))):
            rows = np.flatnonzero(counts[has_preds] > j)
            column = np.array([p[j] for p in preds if len(p) > j], dtype=np.int64)
            columns.append((None if len(rows) == len(preds) else rows, column))
        waiting = None if has_preds.all() else np.flatnonzero(has_preds)
        return _Level(begin, end, columns, waiting, np.flatnonzero(~has_preds))

    def finishes(self, durations: NDArray[np.float32]) -> NDArray[np.float32]:
        """Rows: each service's finish, then the instance's, for every iteration of the chunk."""
        finish = durations  # updated in place: row i becomes the finish of step i
        gate: NDArray[np.float32] | None = None
        for level in self.levels:
            if gate is None and self.n_recovery and level.begin >= self.n_recovery:
                # Reconstitution starts once the whole recovery phase has finished.
                gate = finish[: self.n_recovery].max(axis=0)
            block = finish[level.begin : level.end]
            if level.columns:
                latest = _latest(finish, level.columns)
                if gate is not None:
                    np.maximum(latest, gate, out=latest)
                if level.waiting is None:
                    block += latest
                else:
                    block[level.waiting] += latest
            if gate is not None and len(level.free):
                block[level.free] += gate
        out = np.empty((self.n_outputs, durations.shape[1]), dtype=np.float32)
        for row, rows in enumerate(self.service_rows):
            out[row] = finish[rows].max(axis=0)
        out[-1] = finish.max(axis=0)
        return out


def _latest(
    finish: NDArray[np.float32], columns: list[tuple[NDArray[np.int64] | None, NDArray[np.int64]]]
) -> NDArray[np.float32]:
    latest = finish[columns[0][1]]
    for rows, preds in columns[1:]:
        if rows is None:
            np.maximum(latest, finish[preds], out=latest)
        else:
            latest[rows] = np.maximum(latest[rows], finish[preds])
    return latest


def _summarise(subject: str, finish: NDArray[np.float32], objective: float | None, bins: int) -> FinishConfidence:
    p50, p90 = np.percentile(finish, [50, 90])
    counts, edges = np.histogram(finish, bins=bins)
    within = None if objective is None else float(np.count_nonzero(finish <= objective) / len(finish))
    return FinishConfidence(
        subject=subject,
        objective=None if objective is None else float(objective),
        p_within_objective=within,
        p50=float(p50),
        p90=float(p90),
        mean=float(finish.mean(dtype=np.float64)),
        histogram_edges=edges.astype(float).tolist(),
        histogram_counts=counts.astype(int).tolist(),
    )
