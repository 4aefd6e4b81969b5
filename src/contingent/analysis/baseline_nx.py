"""The same loss and SPOF questions answered the way a typical Python tool would: networkx, Python loops.

Used only as a speed baseline (benchmarks/) and as a second oracle (tests/).
networkx is a test/benchmark dependency, never imported by the engine itself.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import networkx as nx

from contingent.analysis.graph import InventoryGraph
from contingent.analysis.spof import SPOF_KINDS


def to_networkx(graph: InventoryGraph) -> nx.DiGraph:
    """Nodes with attributes; a need is a node of its own ("need", j) between dependent and alternatives."""
    g = nx.DiGraph()
    for v in range(graph.n_nodes):
        g.add_node(v, kind=int(graph.kind[v]), business_critical=bool(graph.business_critical[v]))
    for j in range(graph.n_needs):
        need = ("need", j)
        g.add_node(need, k=int(graph.need_k[j]), size=int(graph.need_size[j]))
        g.add_edge(need, int(graph.need_dependent[j]))
        for t in graph.alternatives(j).tolist():
            g.add_edge(t, need)  # edges point the way failure travels
    return g


def loss_nx(g: nx.DiGraph, lost: Iterable[int]) -> set[int]:
    """Failed nodes, by breadth-first propagation with a failed-alternative counter per need."""
    failed = set(lost)
    broken_count: dict[tuple[str, int], int] = {}
    queue = deque(failed)
    while queue:
        node = queue.popleft()
        for need in g.successors(node):
            broken_count[need] = broken_count.get(need, 0) + 1
            attrs = g.nodes[need]
            if broken_count[need] == attrs["size"] - attrs["k"] + 1:
                for dependent in g.successors(need):
                    if dependent not in failed:
                        failed.add(dependent)
                        queue.append(dependent)
    return failed


def spof_nx(g: nx.DiGraph, candidates: Iterable[int] | None = None) -> dict[int, list[int]]:
    """candidate -> business-critical nodes (other than itself) its loss alone takes down."""
    if candidates is None:
        kinds = {int(k) for k in SPOF_KINDS}
        candidates = [v for v, d in g.nodes(data=True) if isinstance(v, int) and d["kind"] in kinds]
    result = {}
    for x in candidates:
        stopped = sorted(v for v in loss_nx(g, [x]) if v != x and g.nodes[v]["business_critical"])
        if stopped:
            result[x] = stopped
    return result
