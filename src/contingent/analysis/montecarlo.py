"""Confidence in recovery times: Monte Carlo over uncertain step durations.

Each iteration samples every step's duration (PERT-beta or triangular from
optimistic / likely / pessimistic) and takes the precedence-only longest path,
with the reconstitution phase gated behind the end of recovery. Team capacity
is NOT modelled here: the result is what the dependencies allow, an optimistic
bound when teams are the bottleneck (schedule_recovery shows those waits).

Iterations are processed in chunks, float32, laid out step-major so a level of
the step graph is one gather and one reduceat, whatever its width; memory is
O(chunk x steps), not O(iterations x steps).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from contingent.analysis.schedule import DAY
from contingent.analysis.steps import NO_SERVICE, Phase, RecoveryStep, StepPlan

Distribution = Literal["pert", "triangular"]
QUANTILE_POINTS = 513
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
    chunk: int = 2_048,
    bins: int = 40,
) -> Confidence:
    """P(finish <= objective), p50, p90 and a histogram for each service and for the instance."""
    plan = StepPlan.from_steps(steps)
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    rng = np.random.default_rng(seed)
    sampler = _Sampler(plan, distribution)
    network = _LevelNetwork(plan)
    finishes = np.empty((network.n_outputs, iterations), dtype=np.float32)
    for begin in range(0, iterations, chunk):
        width = min(chunk, iterations - begin)
        finishes[:, begin : begin + width] = network.finishes(sampler.sample(rng, width))
    service_rto = service_rto or {}
    services = {
        service: _summarise(f"service {service}", finishes[row], service_rto.get(service), bins)
        for row, service in enumerate(network.services)
    }
    instance = _summarise(INSTANCE, finishes[-1], instance_limit, bins)
    return Confidence(iterations, distribution, seed, instance, services)


class _Sampler:
    """Durations for a chunk of iterations, step-major (steps x iterations), float32."""

    def __init__(self, plan: StepPlan, distribution: Distribution):
        self.low = plan.optimistic.astype(np.float32)[:, None]
        self.width = (plan.pessimistic - plan.optimistic).astype(np.float32)[:, None]
        span = np.where(plan.pessimistic > plan.optimistic, plan.pessimistic - plan.optimistic, 1.0)
        self.mode = ((plan.likely - plan.optimistic) / span).astype(np.float32)[:, None]
        self.distribution = distribution
        if distribution == "pert":
            self.table = _pert_quantile_table(self.mode[:, 0].astype(np.float64))
        elif distribution != "triangular":
            raise ValueError(f"unknown distribution {distribution!r}")

    def sample(self, rng: np.random.Generator, width: int) -> NDArray[np.float32]:
        u = rng.random((len(self.low), width), dtype=np.float32)
        if self.distribution == "triangular":
            unit = _triangular_unit(u, self.mode)
        else:
            unit = _interpolate(self.table, u)
        unit *= self.width
        unit += self.low
        return unit


def _triangular_unit(u: NDArray[np.float32], mode: NDArray[np.float32]) -> NDArray[np.float32]:
    """Inverse CDF of the triangular distribution on [0, 1] with the given mode."""
    left = u < mode
    low_branch = np.sqrt(u * mode)
    high_branch = 1.0 - np.sqrt((1.0 - u) * (1.0 - mode))
    return np.where(left, low_branch, high_branch).astype(np.float32)


def _pert_quantile_table(mode: NDArray[np.float64]) -> NDArray[np.float32]:
    """Quantiles of Beta(1 + 4m, 1 + 4(1 - m)) at evenly spaced probabilities, one row per step.

    NumPy's beta sampler costs ~50 ns a draw (50 M draws for 10k x 5k); inverting a
    tabulated CDF costs a few ns and needs no SciPy. Steps sharing a shape share a row.
    """
    shapes, row_of_step = np.unique(np.round(mode, 4), return_inverse=True)
    grid = np.linspace(0.0, 1.0, 4097)
    alpha = 1.0 + 4.0 * shapes[:, None]
    beta = 1.0 + 4.0 * (1.0 - shapes[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        log_pdf = (alpha - 1) * np.log(grid) + (beta - 1) * np.log1p(-grid)
    pdf = np.nan_to_num(np.exp(log_pdf), nan=0.0)
    cdf = np.concatenate([np.zeros((len(shapes), 1)), np.cumsum((pdf[:, 1:] + pdf[:, :-1]) / 2, axis=1)], axis=1)
    cdf /= cdf[:, -1:]
    probabilities = np.linspace(0.0, 1.0, QUANTILE_POINTS)
    table = np.vstack([np.interp(probabilities, row, grid) for row in cdf])
    return table[row_of_step].astype(np.float32)


def _interpolate(table: NDArray[np.float32], u: NDArray[np.float32]) -> NDArray[np.float32]:
    position = u * np.float32(QUANTILE_POINTS - 1)
    index = position.astype(np.int32)
    np.minimum(index, QUANTILE_POINTS - 2, out=index)
    position -= index
    flat = table.ravel()
    index += (np.arange(len(table), dtype=np.int32) * QUANTILE_POINTS)[:, None]
    low = flat[index]
    high = flat[index + 1]
    high -= low
    high *= position
    high += low
    return high


class _LevelNetwork:
    """Longest path over the step graph level by level, all iterations of a chunk at once."""

    def __init__(self, plan: StepPlan):
        self.plan = plan
        levels = plan.levels()
        recovery = plan.phase == Phase.RECOVERY
        self.recovery = np.flatnonzero(recovery)
        self.stages = [self._stage(levels, recovery, True), self._stage(levels, ~recovery, False)]
        self.services = sorted(set(plan.service.tolist()) - {NO_SERVICE})
        self.service_steps = [np.flatnonzero(plan.service == s) for s in self.services]
        self.n_outputs = len(self.services) + 1

    def _stage(self, levels: NDArray[np.int32], members: NDArray[np.bool_], first: bool) -> list[tuple[Any, ...]]:
        stage = []
        for level in np.unique(levels[members]).tolist():
            steps = np.flatnonzero(members & (levels == level))
            counts = np.diff(self.plan.pred_ptr)[steps]
            with_preds = steps[counts > 0]
            preds = np.concatenate([self.plan.predecessors(s) for s in with_preds]) if len(with_preds) else None
            offsets = np.r_[0, np.cumsum(counts[counts > 0])[:-1]]
            stage.append((steps, with_preds, preds, offsets))
        return stage

    def finishes(self, durations: NDArray[np.float32]) -> NDArray[np.float32]:
        """Rows: each service's finish, then the instance's, for every iteration of the chunk."""
        finish = np.zeros_like(durations)
        self._run(self.stages[0], durations, finish, None)
        gate = finish[self.recovery].max(axis=0) if len(self.recovery) else None
        self._run(self.stages[1], durations, finish, gate)
        out = np.empty((self.n_outputs, durations.shape[1]), dtype=np.float32)
        for row, steps in enumerate(self.service_steps):
            out[row] = finish[steps].max(axis=0)
        out[-1] = finish.max(axis=0)
        return out

    @staticmethod
    def _run(stage: list[tuple[Any, ...]], durations: NDArray[np.float32], finish: NDArray[np.float32], gate: Any) -> None:
        for steps, with_preds, preds, offsets in stage:
            start = np.zeros((len(steps), durations.shape[1]), dtype=np.float32)
            if gate is not None:
                start[:] = gate
            if preds is not None:
                latest = np.maximum.reduceat(finish[preds], offsets, axis=0)
                rows = np.searchsorted(steps, with_preds)
                start[rows] = np.maximum(start[rows], latest)
            finish[steps] = start + durations[steps]


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
