"""Consistency of recovery objectives along the needs graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from contingent.analysis.graph import InventoryGraph


@dataclass(frozen=True)
class ObjectiveConflict:
    """A node promises an RTO that what it needs cannot achieve."""

    node: int
    key: str
    rto: float
    achievable_rto: float
    blocking_path: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "key": self.key,
            "rto": self.rto,
            "achievable_rto": self.achievable_rto,
            "blocking_path": list(self.blocking_path),
        }


@dataclass(frozen=True)
class MtpdBreach:
    node: int
    key: str
    rto: float
    mtpd: float

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "key": self.key, "rto": self.rto, "mtpd": self.mtpd}


def achievable_rto(graph: InventoryGraph) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Earliest each node can be back given the RTOs below it, and the alternative that binds it.

    A k-of-n need is back when its k-th fastest alternative is; a node when its
    own RTO and all its needs are met. Iterated from below to the least fixed
    point, so mutual dependencies converge instead of looping.
    """
    own = np.where(np.isnan(graph.rto), 0.0, graph.rto)
    value = own.copy()
    binding = np.full(graph.n_nodes, -1, dtype=np.int64)
    if graph.n_needs == 0:
        return value, binding
    slot_need = np.repeat(np.arange(graph.n_needs), graph.need_size)
    kth_slot = graph.need_ptr[:-1].astype(np.int64) + graph.need_k - 1
    for _ in range(graph.n_nodes + 1):
        order = np.lexsort((value[graph.need_targets], slot_need))
        need_alt = graph.need_targets[order][kth_slot]
        need_value = value[need_alt]
        # Highest-valued need per dependent decides the node; sort so the last write wins.
        by_value = np.lexsort((need_value, graph.need_dependent))
        dependents = graph.need_dependent[by_value]
        updated = own.copy()
        np.maximum.at(updated, dependents, need_value[by_value])
        if np.array_equal(updated, value):
            break
        value = updated
    bind = np.full(graph.n_nodes, -1, dtype=np.int64)
    bind[dependents] = need_alt[by_value]
    binding = np.where(value > own, bind, -1)
    return value, binding


def objective_conflicts(graph: InventoryGraph) -> list[ObjectiveConflict]:
    """Nodes whose RTO is shorter than the RTO their hard dependencies can achieve."""
    value, binding = achievable_rto(graph)
    conflicts = []
    for node in np.flatnonzero(~np.isnan(graph.rto) & (graph.rto < value)).tolist():
        conflicts.append(
            ObjectiveConflict(
                node, graph.label(node), float(graph.rto[node]), float(value[node]), _blocking_path(binding, node)
            )
        )
    return conflicts


def _blocking_path(binding: NDArray[np.int64], node: int) -> list[int]:
    path, seen = [node], {node}
    while binding[path[-1]] >= 0 and int(binding[path[-1]]) not in seen:
        path.append(int(binding[path[-1]]))
        seen.add(path[-1])
    return path


def rto_above_mtpd(graph: InventoryGraph, mtpd: ArrayLike) -> list[MtpdBreach]:
    """Nodes whose RTO exceeds their maximum tolerable period of disruption (NaN = not assessed)."""
    mtpd_a = np.asarray(mtpd, dtype=np.float64)
    if mtpd_a.shape != (graph.n_nodes,):
        raise ValueError("mtpd needs one value per node")
    breach = np.flatnonzero(~np.isnan(graph.rto) & ~np.isnan(mtpd_a) & (graph.rto > mtpd_a))
    return [MtpdBreach(v, graph.label(v), float(graph.rto[v]), float(mtpd_a[v])) for v in breach.tolist()]
