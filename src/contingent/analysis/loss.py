"""Loss scenarios: what fails when some nodes are lost, and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from contingent.analysis._csr import gather_rows
from contingent.analysis.graph import InventoryGraph, NodeKind

NOT_FAILED = -2
LOST_DIRECTLY = -1


@dataclass(frozen=True, eq=False)
class LossResult:
    """The failed set of a loss scenario (least fixed point), with one explanation per failed node.

    cause_node[v] is the failed alternative that broke v's need cause_need[v];
    LOST_DIRECTLY (-1) for the lost nodes themselves and NOT_FAILED (-2) for survivors.
    """

    graph: InventoryGraph
    lost: NDArray[np.int64]
    failed: NDArray[np.int64]
    cause_node: NDArray[np.int32]
    cause_need: NDArray[np.int32]
    depth: NDArray[np.int32]
    failed_alternatives: NDArray[np.int32]

    def is_failed(self, node: int) -> bool:
        return bool(self.cause_node[node] != NOT_FAILED)

    def explanation(self, node: int) -> list[tuple[int, int]]:
        """Chain (node, need that broke it) from ``node`` back to a lost node (need -1 there)."""
        if not self.is_failed(node):
            return []
        chain: list[tuple[int, int]] = []
        while node >= 0:
            chain.append((node, int(self.cause_need[node])))
            node = int(self.cause_node[node])
        return chain

    def failed_over_needs(self) -> NDArray[np.int64]:
        """Needs of surviving nodes that lost alternatives but kept at least k: redundancy that worked."""
        graph = self.graph
        survived = self.cause_node[graph.need_dependent] == NOT_FAILED
        return np.flatnonzero(survived & (self.failed_alternatives > 0))

    def failed_over(self) -> NDArray[np.int64]:
        """Surviving dependents saved by redundancy."""
        return np.unique(self.graph.need_dependent[self.failed_over_needs()]).astype(np.int64)

    def failed_with_objectives(self) -> NDArray[np.int64]:
        """Failed nodes that carry an RTO, for the caller to compare with recovery estimates."""
        return self.failed[~np.isnan(self.graph.rto[self.failed])]

    def failed_business_critical(self) -> NDArray[np.int64]:
        return self.failed[self.graph.business_critical[self.failed]]

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        graph = self.graph
        failed: list[dict[str, Any]] = []
        for node in self.failed.tolist():
            entry: dict[str, Any] = {
                "node": node,
                "key": graph.label(node),
                "kind": NodeKind(int(graph.kind[node])).name.lower(),
                "business_critical": bool(graph.business_critical[node]),
                "depth": int(self.depth[node]),
            }
            if explain:
                entry["path"] = [{"node": v, "key": graph.label(v), "need": j} for v, j in self.explanation(node)]
            failed.append(entry)
        failed_over = [
            {
                "need": j,
                "dependent": int(graph.need_dependent[j]),
                "lost_alternatives": int(self.failed_alternatives[j]),
                "alternatives": int(graph.need_size[j]),
                "min_required": int(graph.need_k[j]),
            }
            for j in self.failed_over_needs().tolist()
        ]
        return {"lost": self.lost.tolist(), "failed": failed, "failed_over": failed_over}


def simulate_loss(graph: InventoryGraph, lost: Iterable[int]) -> LossResult:
    """Least fixed point of failure from the lost nodes, by frontier rounds over the reverse index."""
    n = graph.n_nodes
    lost_a = np.unique(np.fromiter(lost, dtype=np.int64))
    if len(lost_a) and (lost_a[0] < 0 or lost_a[-1] >= n):
        raise ValueError("lost node outside the graph")
    cause_node = np.full(n, NOT_FAILED, dtype=np.int32)
    cause_need = np.full(n, -1, dtype=np.int32)
    depth = np.full(n, -1, dtype=np.int32)
    counts = np.zeros(graph.n_needs, dtype=np.int32)
    breaker = np.empty(graph.n_needs, dtype=np.int32)
    # A need breaks once more than n - k of its alternatives have failed.
    tolerance = graph.need_size - graph.need_k
    cause_node[lost_a] = LOST_DIRECTLY
    depth[lost_a] = 0
    frontier, round_ = lost_a, 0
    while len(frontier):
        round_ += 1
        positions, sources = gather_rows(graph.target_ptr, frontier)
        needs = graph.target_needs[positions]
        # Any alternative failed in the previous round explains a need that breaks now.
        breaker[needs] = sources
        before = counts[needs]
        counts += np.bincount(needs, minlength=graph.n_needs).astype(np.int32)
        tol = tolerance[needs]
        broken = needs[(before <= tol) & (counts[needs] > tol)]
        dependents = graph.need_dependent[broken]
        fresh = cause_node[dependents] == NOT_FAILED
        dependents, broken = dependents[fresh], broken[fresh]
        cause_need[dependents] = broken
        dependents = _distinct(dependents, depth)
        cause_node[dependents] = breaker[cause_need[dependents]]
        depth[dependents] = round_
        frontier = dependents.astype(np.int64)
    failed = np.flatnonzero(cause_node != NOT_FAILED)
    return LossResult(graph, lost_a, failed, cause_node, cause_need, depth, counts)


def _distinct(nodes: NDArray[np.int32], scratch: NDArray[np.int32]) -> NDArray[np.int32]:
    """Drop repeats without sorting, using a per-node scratch array whose entries at nodes are -1."""
    scratch[nodes] = np.arange(len(nodes), dtype=np.int32)
    distinct = nodes[scratch[nodes] == np.arange(len(nodes), dtype=np.int32)]
    scratch[nodes] = -1
    return distinct
