"""Turn the database into the analysis engine's arrays once, and keep them until the data changes.

Every change of state writes an audit event, so the audit chain's head (sequence and hash) is the data version:
one cheap query tells whether the cached graph is still current.

Nodes: every active item, every region or site some item is in, every team that owns an item or has
people, and those people. Needs: the recorded dependencies (k of n); an item needs its region or site;
a process, service or asset needs its owner team to run and recover it; a team needs at least one of
its people. Rows are read with values_list only (no ORM objects): 100,000 assets load in about a second.
"""

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection
from numpy.typing import NDArray

from contingent.analysis.graph import InventoryGraph, NodeKind
from contingent.audit.models import AuditHead
from contingent.bia.models import ImpactAssessment
from contingent.inventory.models import Dependency, Item, Region
from contingent.org.models import Person, Team

ITEM_KINDS = {
    Item.Kind.PROCESS: NodeKind.PROCESS,
    Item.Kind.SERVICE: NodeKind.SERVICE,
    Item.Kind.ASSET: NodeKind.ASSET,
    Item.Kind.SUPPLIER: NodeKind.SUPPLIER,
}
# Kinds that someone has to run and recover: they need their owner team.
OPERATED = (Item.Kind.PROCESS, Item.Kind.SERVICE, Item.Kind.ASSET)


@dataclass(frozen=True)
class LoadedGraph:
    """The engine graph plus the way back from node index to database record."""

    graph: InventoryGraph
    version: tuple[int, str]
    item_ids: list[int]  # node index -> Item pk, -(Region pk) for regions and sites, 0 for teams and people
    names: list[str]
    index_of_item: dict[int, int]
    index_of_region: dict[int, int]
    index_of_team: dict[int, int] = field(default_factory=dict)
    index_of_person: dict[int, int] = field(default_factory=dict)
    records: list[tuple[str, int]] = field(default_factory=list)  # node -> ("item"|"region"|"team"|"person", pk)
    details: list[str] = field(default_factory=list)  # asset or service type, region kind, ...
    mtpd: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))

    def node_of(self, item_id: int) -> int | None:
        return self.index_of_item.get(item_id)


_cache: dict[str, LoadedGraph] = {}
_lock = threading.Lock()


def data_version() -> tuple[int, str]:
    """The audit head: its sequence grows with every change, and its hash tells two histories of the same
    length apart (a restored database, or tests that roll back)."""
    head = AuditHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    return (head[0], head[1]) if head else (0, "")


def load_graph(force: bool = False) -> LoadedGraph:
    """The current graph, rebuilt only when something changed since it was last built."""
    version = data_version()
    with _lock:
        cached = _cache.get("default")
        if cached is not None and cached.version == version and not force:
            return cached
        loaded = _build(version)
        _cache["default"] = loaded
        return loaded


class _Nodes:
    """Accumulates nodes column by column."""

    def __init__(self) -> None:
        self.kind: list[int] = []
        self.keys: list[str] = []
        self.names: list[str] = []
        self.records: list[tuple[str, int]] = []
        self.details: list[str] = []

    def add(self, kind: int, key: str, name: str, record: tuple[str, int], detail: str) -> int:
        self.kind.append(kind)
        self.keys.append(key)
        self.names.append(name)
        self.records.append(record)
        self.details.append(detail)
        return len(self.kind) - 1


class _Needs:
    """Needs as blocks of arrays: (dependent, k, alternatives count) per need, alternatives flat."""

    def __init__(self) -> None:
        self.blocks: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]] = []

    def add_many(self, dependent: Any, k: Any, counts: Any, targets: Any) -> None:
        arrays = (np.asarray(dependent), np.asarray(k), np.asarray(counts), np.asarray(targets))
        self.blocks.append(tuple(a.astype(np.int64).reshape(-1) for a in arrays))  # type: ignore[arg-type]

    def single(self, dependent: Any, targets: Any) -> None:
        """One plain (1-of-1) need per pair."""
        dependent = np.asarray(dependent, dtype=np.int64)
        self.add_many(dependent, np.ones_like(dependent), np.ones_like(dependent), targets)

    def arrays(self) -> tuple[NDArray[np.int64], ...]:
        if not self.blocks:
            return tuple(np.zeros(0, dtype=np.int64) for _ in range(4))
        return tuple(np.concatenate([b[i] for b in self.blocks]) for i in range(4))


def _build(version: tuple[int, str]) -> LoadedGraph:
    rows = _raw(
        Item.objects.filter(retired_at__isnull=True)
        .order_by("pk")
        .values_list(
            "pk", "kind", "key", "name", "owner_team_id", "business_critical", "region_id", "service_type", "asset_type"
        )
    )
    objectives = {
        item_id: (rto, rpo, mtpd)
        for item_id, rto, rpo, mtpd in ImpactAssessment.objects.filter(retired_at__isnull=True).values_list(
            "item_id", "rto", "rpo", "mtpd"
        )
    }
    nodes, needs = _Nodes(), _Needs()
    n_items = len(rows)
    nodes.kind = [ITEM_KINDS[r[1]] for r in rows]
    nodes.keys = [r[2] for r in rows]
    nodes.names = [r[3] for r in rows]
    nodes.records = [("item", r[0]) for r in rows]
    nodes.details = [r[7] or r[8] for r in rows]
    item_pk = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n_items)
    index_of_item = dict(zip(item_pk.tolist(), range(n_items), strict=True))
    index_of_region = _add_regions(nodes, {r[6] for r in rows if r[6]})
    people = list(
        Person.objects.filter(retired_at__isnull=True, team__isnull=False)
        .order_by("pk")
        .values_list("pk", "key", "name", "team_id", "job_title")
    )
    team_ids = {r[4] for r in rows if r[4] and r[1] in OPERATED} | {p[3] for p in people}
    index_of_team: dict[int, int] = {}
    for pk, key, name in Team.objects.filter(pk__in=team_ids, retired_at__isnull=True).values_list("pk", "key", "name"):
        index_of_team[pk] = nodes.add(NodeKind.TEAM, f"team:{key}", name, ("team", pk), "team")
    index_of_person: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for pk, key, name, team_id, job_title in people:
        if team_id in index_of_team:
            index_of_person[pk] = nodes.add(NodeKind.PERSON, f"person:{key}", name, ("person", pk), job_title)
            members.setdefault(team_id, []).append(index_of_person[pk])
    _add_dependencies(needs, item_pk)
    located = [(i, index_of_region[r[6]]) for i, r in enumerate(rows) if r[6]]
    needs.single([a for a, _ in located], [b for _, b in located])
    operated = [(i, index_of_team[r[4]]) for i, r in enumerate(rows) if r[4] in index_of_team and r[1] in OPERATED]
    needs.single([a for a, _ in operated], [b for _, b in operated])
    for team_id, people_nodes in members.items():
        needs.add_many([index_of_team[team_id]], [1], [len(people_nodes)], people_nodes)
    return _assemble(version, rows, objectives, nodes, needs, index_of_item, index_of_region, index_of_team,
                     index_of_person)  # fmt: skip


def _raw(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list query straight from the database cursor: no per-value converters (they
    cost a third of the load on 100,000 items); the columns read here are ints, strings and booleans."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _add_regions(nodes: _Nodes, region_ids: set[int]) -> dict[int, int]:
    index: dict[int, int] = {}
    for pk, key, name, region_kind in Region.objects.filter(pk__in=region_ids).values_list("pk", "key", "name", "kind"):
        cloud = region_kind == Region.Kind.CLOUD_REGION
        kind = NodeKind.REGION if cloud else NodeKind.SITE
        index[pk] = nodes.add(kind, f"region:{key}", name, ("region", pk), "region" if cloud else "site")
    return index


def _add_dependencies(needs: _Needs, item_pk: NDArray[np.int64]) -> None:
    """Every active dependency between active items as a k-of-n need, from two flat queries, in arrays."""
    heads = np.array(
        _raw(Dependency.objects.filter(retired_at__isnull=True).values_list("pk", "dependent_id", "min_required")),
        dtype=np.int64,
    ).reshape(-1, 3)
    links = np.array(
        _raw(Dependency.targets.through.objects.order_by().values_list("dependency_id", "item_id")), dtype=np.int64
    ).reshape(-1, 2)
    if not len(heads) or not len(links) or not len(item_pk):
        return
    node_of = np.full(int(max(item_pk.max(), heads[:, 1].max(), links[:, 1].max())) + 1, -1, dtype=np.int64)
    node_of[item_pk] = np.arange(len(item_pk))
    head_of = np.full(int(max(heads[:, 0].max(), links[:, 0].max())) + 1, -1, dtype=np.int64)
    head_of[heads[:, 0]] = np.arange(len(heads))
    head = head_of[links[:, 0]]
    target = node_of[links[:, 1]]
    keep = (head >= 0) & (target >= 0)
    head, target = head[keep], target[keep]
    dependent = node_of[heads[head, 1]]
    keep = dependent >= 0
    head, target = head[keep], target[keep]
    order = np.argsort(head, kind="stable")
    head, target = head[order], target[order]
    used, counts = np.unique(head, return_counts=True)
    k = np.minimum(heads[used, 2], counts)
    needs.add_many(node_of[heads[used, 1]], k, counts, target)


def _assemble(version, rows, objectives, nodes, needs, index_of_item, index_of_region, index_of_team, index_of_person):  # type: ignore[no-untyped-def]
    n = len(nodes.kind)
    n_items = len(rows)
    critical = np.zeros(n, dtype=bool)
    owner = np.full(n, -1, dtype=np.int32)
    critical[:n_items] = np.fromiter((r[5] for r in rows), dtype=bool, count=n_items)
    owner[:n_items] = np.fromiter((r[4] or -1 for r in rows), dtype=np.int32, count=n_items)
    rto, rpo, mtpd = (np.full(n, np.nan) for _ in range(3))
    for pk, values in objectives.items():
        i = index_of_item.get(pk)
        if i is not None:
            for array, value in zip((rto, rpo, mtpd), values, strict=True):
                array[i] = value.total_seconds() if value is not None else np.nan
    dependent, k, counts, targets = needs.arrays()
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    graph = InventoryGraph.from_arrays(
        kind=nodes.kind,
        business_critical=critical,
        need_dependent=dependent,
        need_k=k,
        need_ptr=ptr,
        need_targets=targets,
        owner_team=owner,
        rto=rto,
        rpo=rpo,
        keys=nodes.keys,
    )
    item_ids = [pk if kind == "item" else (-pk if kind == "region" else 0) for kind, pk in nodes.records]
    return LoadedGraph(
        graph, version, item_ids, nodes.names, index_of_item, index_of_region, index_of_team, index_of_person,
        nodes.records, nodes.details, mtpd,
    )  # fmt: skip
