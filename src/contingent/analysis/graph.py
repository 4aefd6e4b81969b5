"""The inventory as a directed "needs" graph held in flat NumPy arrays.

Every node (process, service, asset, supplier, region, site, team, person) has
an index 0..n-1. A *need* belongs to one dependent node and is met while at
least ``k`` of its ``n`` alternatives survive: a plain dependency is 1-of-1,
two replicas are 1-of-2, a quorum cluster is 2-of-3. Location is a need like
any other, so losing a region is losing the region node.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from typing import Any

import numpy as np
import rustworkx as rx
from numpy.typing import ArrayLike, NDArray

from contingent.analysis._csr import invert, ptr_from_counts

NO_TEAM = -1


class NodeKind(IntEnum):
    PROCESS = 0
    SERVICE = 1
    ASSET = 2
    SUPPLIER = 3
    REGION = 4
    SITE = 5
    TEAM = 6
    PERSON = 7


LOCATION_KINDS = (NodeKind.REGION, NodeKind.SITE)


@dataclass(frozen=True, eq=False)
class InventoryGraph:
    """Nodes and k-of-n needs in CSR form, with the reverse indices built once.

    Arrays (n nodes, m needs, e alternatives in total):
      kind[n] int8 (NodeKind), owner_team[n] int32 (-1 = none), business_critical[n] bool,
      rto[n], rpo[n] float64 seconds (NaN = no objective);
      need_dependent[m], need_k[m] int32; need_ptr[m+1] int32; need_targets[e] int32
      (alternatives of need j are need_targets[need_ptr[j]:need_ptr[j+1]]).
    Derived: need_size[m]; dependent_ptr/dependent_needs (needs of each node);
      target_ptr/target_needs (needs in which each node is an alternative).
    """

    kind: NDArray[np.int8]
    owner_team: NDArray[np.int32]
    business_critical: NDArray[np.bool_]
    rto: NDArray[np.float64]
    rpo: NDArray[np.float64]
    need_dependent: NDArray[np.int32]
    need_k: NDArray[np.int32]
    need_ptr: NDArray[np.int32]
    need_targets: NDArray[np.int32]
    keys: Sequence[str] | None = None
    need_size: NDArray[np.int32] = field(init=False, repr=False)
    dependent_ptr: NDArray[np.int32] = field(init=False, repr=False)
    dependent_needs: NDArray[np.int32] = field(init=False, repr=False)
    target_ptr: NDArray[np.int32] = field(init=False, repr=False)
    target_needs: NDArray[np.int32] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _validate(self)
        n = self.n_nodes
        size = np.diff(self.need_ptr).astype(np.int32)
        dep_counts = np.bincount(self.need_dependent, minlength=n)
        dep_order = np.argsort(self.need_dependent, kind="stable").astype(np.int32)
        target_ptr, target_needs = invert(self.need_ptr, self.need_targets, n)
        object.__setattr__(self, "need_size", size)
        object.__setattr__(self, "dependent_ptr", ptr_from_counts(dep_counts))
        object.__setattr__(self, "dependent_needs", dep_order)
        object.__setattr__(self, "target_ptr", target_ptr)
        object.__setattr__(self, "target_needs", target_needs)

    # -- construction -----------------------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        kind: ArrayLike,
        business_critical: ArrayLike,
        need_dependent: ArrayLike,
        need_k: ArrayLike,
        need_ptr: ArrayLike,
        need_targets: ArrayLike,
        *,
        owner_team: ArrayLike | None = None,
        rto: ArrayLike | None = None,
        rpo: ArrayLike | None = None,
        keys: Sequence[str] | None = None,
    ) -> InventoryGraph:
        """Build from arrays (what the database loader fills); copies and casts to the documented dtypes."""
        kind_a = np.asarray(kind, dtype=np.int8)
        n = len(kind_a)

        def optional(values: ArrayLike | None, dtype: Any, default: float) -> NDArray[Any]:
            if values is None:
                return np.full(n, default, dtype=dtype)
            return np.array(values, dtype=dtype)

        return cls(
            kind=kind_a.copy(),
            owner_team=optional(owner_team, np.int32, NO_TEAM),
            business_critical=np.array(business_critical, dtype=bool),
            rto=optional(rto, np.float64, np.nan),
            rpo=optional(rpo, np.float64, np.nan),
            need_dependent=np.array(need_dependent, dtype=np.int32).reshape(-1),
            need_k=np.array(need_k, dtype=np.int32).reshape(-1),
            need_ptr=np.array(need_ptr, dtype=np.int32).reshape(-1),
            need_targets=np.array(need_targets, dtype=np.int32).reshape(-1),
            keys=keys,
        )

    @classmethod
    def from_records(cls, nodes: Sequence[Mapping[str, Any]], needs: Iterable[Mapping[str, Any]]) -> InventoryGraph:
        """Build from plain records.

        nodes[i] = {"kind": NodeKind | "asset" | ..., "business_critical": bool=False,
                    "owner_team": int | None, "rto": seconds | None, "rpo": seconds | None, "key": str}
        needs    = [{"dependent": int, "alternatives" (or "depends_on"): [int, ...], "min_required": int = 1}]
        """
        kinds = [_kind(node["kind"]) for node in nodes]
        need_dependent: list[int] = []
        need_k: list[int] = []
        counts: list[int] = []
        targets: list[int] = []
        for need in needs:
            alternatives = list(need["alternatives"] if "alternatives" in need else need["depends_on"])
            need_dependent.append(int(need["dependent"]))
            need_k.append(int(need.get("min_required", 1)))
            counts.append(len(alternatives))
            targets.extend(int(t) for t in alternatives)
        has_keys = all("key" in node for node in nodes) and len(nodes) > 0
        return cls.from_arrays(
            kind=kinds,
            business_critical=[bool(node.get("business_critical", False)) for node in nodes],
            need_dependent=need_dependent,
            need_k=need_k,
            need_ptr=ptr_from_counts(np.asarray(counts, dtype=np.int64)),
            need_targets=targets,
            owner_team=[_or(node.get("owner_team"), NO_TEAM) for node in nodes],
            rto=[_or(node.get("rto"), np.nan) for node in nodes],
            rpo=[_or(node.get("rpo"), np.nan) for node in nodes],
            keys=[str(node["key"]) for node in nodes] if has_keys else None,
        )

    # -- queries ----------------------------------------------------------------------
    @property
    def n_nodes(self) -> int:
        return len(self.kind)

    @property
    def n_needs(self) -> int:
        return len(self.need_dependent)

    def alternatives(self, need: int) -> NDArray[np.int32]:
        return self.need_targets[self.need_ptr[need] : self.need_ptr[need + 1]]

    def needs_of(self, node: int) -> NDArray[np.int32]:
        return self.dependent_needs[self.dependent_ptr[node] : self.dependent_ptr[node + 1]]

    def label(self, node: int) -> str:
        return self.keys[node] if self.keys is not None else str(node)

    def nodes_of_kind(self, *kinds: NodeKind) -> NDArray[np.int64]:
        return np.flatnonzero(np.isin(self.kind, np.asarray(kinds, dtype=np.int8)))

    @cached_property
    def digraph(self) -> rx.PyDiGraph:
        """rustworkx view: edge dependent -> alternative (payload = need index), built on first use."""
        graph = rx.PyDiGraph(multigraph=True)
        graph.add_nodes_from(range(self.n_nodes))
        sources = np.repeat(self.need_dependent, self.need_size)
        needs = np.repeat(np.arange(self.n_needs), self.need_size)
        graph.add_edges_from(list(zip(sources.tolist(), self.need_targets.tolist(), needs.tolist(), strict=True)))
        return graph

    @cached_property
    def kind_names(self) -> list[str]:
        names = [kind.name.lower() for kind in NodeKind]
        return [names[k] for k in self.kind.tolist()]

    @cached_property
    def components(self) -> list[list[int]]:
        """Strongly connected components, dependencies before their dependents."""
        try:
            # Inventories are usually acyclic: a plain topological sort is ~6x cheaper than condensing.
            return [[v] for v in reversed(rx.topological_sort(self.digraph))]
        except rx.DAGHasCycle:
            condensed = rx.condensation(self.digraph)
            return [sorted(condensed[c]) for c in reversed(rx.topological_sort(condensed))]

    @cached_property
    def self_needing(self) -> frozenset[int]:
        """Nodes listed among the alternatives of one of their own needs."""
        sources = np.repeat(self.need_dependent, self.need_size)
        return frozenset(sources[sources == self.need_targets].tolist())

    def cycles(self) -> list[list[int]]:
        """Mutual dependencies in the data: SCCs of more than one node, and nodes that need themselves."""
        return [c for c in self.components if len(c) > 1 or c[0] in self.self_needing]


def _kind(value: Any) -> int:
    if isinstance(value, str):
        return int(NodeKind[value.upper()])
    return int(NodeKind(value))


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def _validate(graph: InventoryGraph) -> None:
    n, m = graph.n_nodes, graph.n_needs
    for name in ("owner_team", "business_critical", "rto", "rpo"):
        if len(getattr(graph, name)) != n:
            raise ValueError(f"{name} has {len(getattr(graph, name))} entries for {n} nodes")
    if len(graph.need_k) != m or len(graph.need_ptr) != m + 1:
        raise ValueError("need_k must have one entry per need and need_ptr one more")
    if graph.need_ptr[0] != 0 or graph.need_ptr[-1] != len(graph.need_targets) or np.any(np.diff(graph.need_ptr) < 0):
        raise ValueError("need_ptr must rise from 0 to len(need_targets)")
    for name in ("need_dependent", "need_targets"):
        values = getattr(graph, name)
        if len(values) and (values.min() < 0 or values.max() >= n):
            raise ValueError(f"{name} refers to a node outside 0..{n - 1}")
    size = np.diff(graph.need_ptr)
    if np.any(graph.need_k < 1) or np.any(graph.need_k > size):
        bad = int(np.flatnonzero((graph.need_k < 1) | (graph.need_k > size))[0])
        raise ValueError(f"need {bad} requires {graph.need_k[bad]} of {size[bad]} alternatives")
    owners = np.repeat(np.arange(m), size)
    order = np.lexsort((graph.need_targets, owners))
    same = (np.diff(owners[order]) == 0) & (np.diff(graph.need_targets[order]) == 0)
    if np.any(same):
        bad = int(owners[order][np.flatnonzero(same)[0]])
        raise ValueError(f"need {bad} lists the same alternative twice")
