"""Turn the database into the analysis engine's arrays once, and keep them until the data changes.

Every change of state writes an audit event, so the audit chain's head sequence is the data version:
one cheap query tells whether the cached graph is still current."""

import threading
from dataclasses import dataclass

import numpy as np

from contingent.analysis.graph import InventoryGraph, NodeKind
from contingent.audit.models import AuditHead
from contingent.bia.models import ImpactAssessment
from contingent.inventory.graph import all_needs
from contingent.inventory.models import Item, Region

ITEM_KINDS = {
    Item.Kind.PROCESS: NodeKind.PROCESS,
    Item.Kind.SERVICE: NodeKind.SERVICE,
    Item.Kind.ASSET: NodeKind.ASSET,
    Item.Kind.SUPPLIER: NodeKind.SUPPLIER,
}


@dataclass(frozen=True)
class LoadedGraph:
    """The engine graph plus the way back from node index to database record."""

    graph: InventoryGraph
    version: int
    item_ids: list[int]  # node index -> Item pk, or -(Region pk) for region nodes
    names: list[str]
    index_of_item: dict[int, int]
    index_of_region: dict[int, int]

    def node_of(self, item_id: int) -> int | None:
        return self.index_of_item.get(item_id)


_cache: dict[str, LoadedGraph] = {}
_lock = threading.Lock()


def data_version() -> int:
    head = AuditHead.objects.filter(pk=1).values_list("sequence", flat=True).first()
    return head or 0


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


def _build(version: int) -> LoadedGraph:
    rows = list(
        Item.objects.active()
        .order_by("pk")
        .values_list("pk", "kind", "key", "name", "owner_team_id", "business_critical", "region_id")
    )
    objectives = dict(
        (item_id, (rto, rpo))
        for item_id, rto, rpo in ImpactAssessment.objects.active().values_list("item_id", "rto", "rpo")
    )
    region_rows = list(
        Region.objects.filter(pk__in={r[6] for r in rows if r[6]}).values_list("pk", "key", "name", "kind")
    )
    n_items, n = len(rows), len(rows) + len(region_rows)
    kind = np.empty(n, dtype=np.int8)
    critical = np.zeros(n, dtype=bool)
    owner = np.full(n, -1, dtype=np.int32)
    rto = np.full(n, np.nan)
    rpo = np.full(n, np.nan)
    keys: list[str] = []
    names: list[str] = []
    ids: list[int] = []
    index_of_item: dict[int, int] = {}
    for i, (pk, item_kind, key, name, team, is_critical, _) in enumerate(rows):
        kind[i], critical[i], owner[i] = ITEM_KINDS[item_kind], is_critical, team or -1
        if pk in objectives:
            o_rto, o_rpo = objectives[pk]
            rto[i] = o_rto.total_seconds() if o_rto is not None else np.nan
            rpo[i] = o_rpo.total_seconds() if o_rpo is not None else np.nan
        keys.append(key)
        names.append(name)
        ids.append(pk)
        index_of_item[pk] = i
    index_of_region: dict[int, int] = {}
    for j, (pk, key, name, region_kind) in enumerate(region_rows):
        i = n_items + j
        kind[i] = NodeKind.REGION if region_kind == Region.Kind.CLOUD_REGION else NodeKind.SITE
        keys.append(f"region:{key}")
        names.append(name)
        ids.append(-pk)
        index_of_region[pk] = i
    dependent, k, counts, targets = [], [], [], []
    for need in all_needs():
        alternatives = [index_of_item[t] for t in need.targets if t in index_of_item]
        if need.dependent in index_of_item and alternatives:
            dependent.append(index_of_item[need.dependent])
            k.append(min(need.min_required, len(alternatives)))
            counts.append(len(alternatives))
            targets.extend(alternatives)
    for pk, *_, region_id in rows:
        if region_id:
            dependent.append(index_of_item[pk])
            k.append(1)
            counts.append(1)
            targets.append(index_of_region[region_id])
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    graph = InventoryGraph.from_arrays(
        kind=kind,
        business_critical=critical,
        need_dependent=dependent,
        need_k=k,
        need_ptr=ptr,
        need_targets=targets,
        owner_team=owner,
        rto=rto,
        rpo=rpo,
        keys=keys,
    )
    return LoadedGraph(graph, version, ids, names, index_of_item, index_of_region)
