"""Questions about recovery, answered by the analysis engine on the loaded graph."""

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from contingent.analysis.objectives import objective_conflicts
from contingent.inventory.models import Item
from contingent.recovery.loader import LoadedGraph, load_graph


@dataclass
class PathStep:
    item_id: int | None
    name: str
    url: str


@dataclass
class RtoConflict:
    """`item` must be back within `rto`, but what it needs can only be back within `achievable`."""

    item_id: int | None  # None when the reader may not see the item
    name: str
    url: str
    rto: timedelta
    achievable: timedelta
    path: list[PathStep]

    def to_dict(self) -> dict:
        return {
            "item_id": self.item_id,
            "name": self.name,
            "rto_seconds": int(self.rto.total_seconds()),
            "achievable_rto_seconds": int(self.achievable.total_seconds()),
            "path": [{"item_id": s.item_id, "name": s.name} for s in self.path],
        }


def _step(loaded: LoadedGraph, node: int) -> PathStep:
    from contingent.inventory.views import SLUGS

    pk = loaded.item_ids[node]
    if pk < 0:
        return PathStep(None, loaded.names[node], f"/regions/{-pk}/")
    kind = Item.Kind(_kind_of(loaded, node))
    return PathStep(pk, loaded.names[node], f"/{SLUGS[kind]}/{pk}/")


def _kind_of(loaded: LoadedGraph, node: int) -> str:
    from contingent.recovery.loader import ITEM_KINDS

    code = int(loaded.graph.kind[node])
    return next(k for k, v in ITEM_KINDS.items() if v == code)


_memo: dict[str, tuple[Any, list[RtoConflict]]] = {}


def rto_conflicts() -> list[RtoConflict]:
    """Every process or service whose RTO is shorter than what it depends on can achieve."""
    loaded = load_graph()
    memo = _memo.get("rto")
    if memo is not None and memo[0] == loaded.version:
        return memo[1]
    conflicts = []
    for c in objective_conflicts(loaded.graph):
        path = [_step(loaded, n) for n in c.blocking_path[1:]]
        conflicts.append(
            RtoConflict(
                loaded.item_ids[c.node],
                loaded.names[c.node],
                _step(loaded, c.node).url,
                timedelta(seconds=c.rto),
                timedelta(seconds=c.achievable_rto),
                path,
            )
        )
    _memo["rto"] = (loaded.version, conflicts)
    return conflicts


def rto_conflicts_as_seen(user: Any, item_id: int | None = None) -> list[RtoConflict]:
    """Every RTO conflict (or those of one item), an item `user` may not see named "Confidential item", without
    id or link: the number of conflicts and their paths stay true for everyone."""
    from contingent.recovery.present import hidden_items

    conflicts = rto_conflicts() if item_id is None else rto_conflicts_for(item_id)
    hidden = hidden_items(user, load_graph().version)
    return [_as_seen(c, hidden) for c in conflicts] if hidden else conflicts


def _as_seen(conflict: RtoConflict, hidden: frozenset[int]) -> RtoConflict:
    from contingent.access.services import STAND_IN_NAME

    stand_in = PathStep(None, STAND_IN_NAME, "#")
    path = [stand_in if s.item_id in hidden else s for s in conflict.path]
    if conflict.item_id in hidden:
        return replace(conflict, item_id=None, name=STAND_IN_NAME, url="#", path=path)
    return replace(conflict, path=path)


def rto_conflicts_seen_by(user: Any) -> list[RtoConflict]:
    """The conflicts of the items `user` may see (lists of things to act on); a step through an item they may
    not see stays, nameless."""
    return [c for c in rto_conflicts_as_seen(user) if c.item_id is not None]


def rto_conflicts_for(item_id: int) -> list[RtoConflict]:
    """The RTO conflicts of one process or service."""
    return [c for c in rto_conflicts() if c.item_id == item_id]
