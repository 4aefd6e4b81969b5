"""Single points of failure, given redundancy: whose loss alone stops something business-critical.

Ess(v), the essential set of v, holds every node whose loss alone makes v fail:
    Ess(v) = {v} ∪ for each need of v: {x : x ∈ Ess(alt_i) for more than n - k alternatives i}
Ess is transitive (if x ∈ Ess(v) and y ∈ Ess(x) then y ∈ Ess(v)), so it is the
reachability of a derived graph H with an edge v -> x for every alternative x of
an all-required need, and v -> x for every x a redundant need cannot survive.
H is built over the strongly connected components, dependencies first; inside a
cycle the redundant needs are re-evaluated until H stops growing, which is the
least fixed point and matches the failure semantics of simulate_loss
(checked against brute force in tests/analysis/test_spof.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, combinations
from math import comb
from typing import Any

import numpy as np
import rustworkx as rx
from numpy.typing import NDArray

from contingent.analysis.graph import LOCATION_KINDS, InventoryGraph, NodeKind
from contingent.analysis.loss import simulate_loss

SPOF_KINDS = (
    NodeKind.ASSET,
    NodeKind.SERVICE,
    NodeKind.SUPPLIER,
    NodeKind.REGION,
    NodeKind.SITE,
    NodeKind.PERSON,
    NodeKind.TEAM,
)


@dataclass(frozen=True)
class SinglePointOfFailure:
    node: int
    key: str
    kind: str
    stops: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "key": self.key, "kind": self.kind, "stops": list(self.stops)}


@dataclass(frozen=True)
class SingleLocation:
    """A business-critical node that fails with one region or site: it exists in one place only."""

    node: int
    key: str
    locations: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "key": self.key, "locations": list(self.locations)}


def essential_graph(graph: InventoryGraph) -> rx.PyDiGraph:
    """H: node v reaches x exactly when the loss of x alone makes v fail (see module docstring)."""
    essential = rx.PyDiGraph(multigraph=False)
    essential.add_nodes_from(range(graph.n_nodes))
    hard = graph.need_k == graph.need_size
    hard_slots = np.repeat(hard, graph.need_size)
    sources = np.repeat(graph.need_dependent, graph.need_size)[hard_slots]
    targets = graph.need_targets[hard_slots]
    keep = sources != targets
    essential.extend_from_edge_list(list(zip(sources[keep].tolist(), targets[keep].tolist(), strict=True)))
    redundant_of = _redundant_needs_by_node(graph, ~hard)
    if not redundant_of:
        return essential
    settled: dict[int, set[int]] = {}
    for component in graph.components:
        if len(component) == 1 and component[0] not in redundant_of:
            continue
        members = [v for v in component if v in redundant_of]
        cyclic = len(component) > 1 or component[0] in graph.self_needing
        inside = set(component) if cyclic else set()
        while _add_redundant_edges(graph, essential, members, redundant_of, settled, inside) and cyclic:
            pass
    return essential


def _redundant_needs_by_node(graph: InventoryGraph, redundant: NDArray[np.bool_]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for need in np.flatnonzero(redundant).tolist():
        result.setdefault(int(graph.need_dependent[need]), []).append(need)
    return result


def _add_redundant_edges(
    graph: InventoryGraph,
    essential: rx.PyDiGraph,
    members: list[int],
    redundant_of: dict[int, list[int]],
    settled: dict[int, set[int]],
    inside: set[int],
) -> bool:
    """One pass over the redundant needs of a component; True when H grew."""
    grew = False
    for node in members:
        for need in redundant_of[node]:
            alternatives = graph.alternatives(need).tolist()
            tolerance = len(alternatives) - int(graph.need_k[need])
            reaches = [_reach(essential, alt, settled, inside) for alt in alternatives]
            for x in _beyond_tolerance(reaches, tolerance):
                if x != node and not essential.has_edge(node, x):
                    essential.add_edge(node, x, None)
                    grew = True
    return grew


def _reach(essential: rx.PyDiGraph, node: int, settled: dict[int, set[int]], inside: set[int]) -> set[int]:
    # Nodes outside the component being solved are final, so their reach can be cached.
    if node in inside:
        return set(rx.descendants(essential, node)) | {node}
    if node not in settled:
        settled[node] = set(rx.descendants(essential, node)) | {node}
    return settled[node]


def _beyond_tolerance(reaches: list[set[int]], tolerance: int) -> set[int]:
    """Nodes in more than ``tolerance`` of the sets: union of intersections while that is cheap."""
    if tolerance == len(reaches) - 1:
        return set.intersection(*reaches)
    if comb(len(reaches), tolerance + 1) <= 10:
        result: set[int] = set()
        for group in combinations(reaches, tolerance + 1):
            result |= set.intersection(*group)
        return result
    counts = Counter(x for reach in reaches for x in reach)
    return {x for x, count in counts.items() if count > tolerance}


def single_points_of_failure(
    graph: InventoryGraph, candidates: Iterable[int] | None = None
) -> list[SinglePointOfFailure]:
    """Candidates whose loss alone makes at least one other business-critical node fail."""
    stops = _stopped_by(graph, _candidate_mask(graph, candidates))
    names = graph.kind_names
    return [SinglePointOfFailure(x, graph.label(x), names[x], critical) for x, critical in stops.items()]


def _candidate_mask(graph: InventoryGraph, candidates: Iterable[int] | None) -> NDArray[np.bool_]:
    mask = np.zeros(graph.n_nodes, dtype=bool)
    if candidates is None:
        mask[graph.nodes_of_kind(*SPOF_KINDS)] = True
    else:
        mask[np.fromiter(candidates, dtype=np.int64)] = True
    return mask


def _stopped_by(graph: InventoryGraph, candidate: NDArray[np.bool_]) -> dict[int, list[int]]:
    """candidate x -> business-critical nodes (other than x) that fail when x alone is lost."""
    essential = essential_graph(graph)
    critical = np.flatnonzero(graph.business_critical)
    reaches = [rx.descendants(essential, v) for v in critical.tolist()]
    lengths = np.fromiter(map(len, reaches), dtype=np.int64, count=len(reaches))
    xs = np.fromiter(chain.from_iterable(reaches), dtype=np.int64, count=int(lengths.sum()))
    vs = np.repeat(critical, lengths)
    keep = candidate[xs] & (xs != vs)
    xs, vs = xs[keep], vs[keep]
    if len(xs) == 0:
        return {}
    order = np.lexsort((vs, xs))
    xs, stopped = xs[order], vs[order].tolist()
    bounds = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1], True]).tolist()
    return {int(xs[a]): stopped[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)}


def single_points_of_failure_brute_force(
    graph: InventoryGraph, candidates: Iterable[int] | None = None
) -> list[SinglePointOfFailure]:
    """The oracle: one loss scenario per candidate. Slow; for tests and small graphs."""
    result = []
    for x in np.flatnonzero(_candidate_mask(graph, candidates)).tolist():
        critical = simulate_loss(graph, [x]).failed_business_critical()
        critical = critical[critical != x]
        if len(critical):
            kind = NodeKind(int(graph.kind[x])).name.lower()
            result.append(SinglePointOfFailure(x, graph.label(x), kind, sorted(critical.tolist())))
    return result


def single_region_critical(graph: InventoryGraph) -> list[SingleLocation]:
    """Business-critical nodes that one region or site takes down (no working alternative location)."""
    locations = graph.nodes_of_kind(*LOCATION_KINDS)
    bound: dict[int, list[int]] = {}
    for location, critical in _stopped_by(graph, _candidate_mask(graph, locations.tolist())).items():
        for node in critical:
            bound.setdefault(node, []).append(location)
    return [SingleLocation(v, graph.label(v), sorted(where)) for v, where in sorted(bound.items())]
