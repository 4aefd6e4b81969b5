"""What every analysis answer shares: who may ask, the policy limits, and nodes as people read them.

The engine runs on the whole graph, so counts and paths are true for everyone; only here, where a node becomes
something a person reads, does an item the reader may not see become a nameless "Confidential item" (no key,
no detail, no link), as in the inventory pages."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from contingent.access.services import STAND_IN_NAME, Actor, can_anywhere, hidden_ids
from contingent.lib.durations import parse_duration
from contingent.recovery.loader import LoadedGraph

ANALYSIS = "analysis.run"
RECORD_SLUGS = {"region": "regions", "team": "teams", "person": "people"}
NEED_VERBS = {"region": "is in", "site": "is at", "team": "is run by", "person": "is staffed by"}


def require_analysis(user: Actor) -> None:
    """Reading analysis needs a signed-in user with any continuity role (auditors included)."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    if not can_anywhere(user, ANALYSIS):
        raise PermissionDenied("Recovery analysis needs a continuity role; ask an administrator for one.")


def recovery_limits() -> tuple[timedelta, timedelta]:
    """(team, instance) recovery time frames from the policy settings."""
    return parse_duration(settings.TEAM_RECOVERY_LIMIT), parse_duration(settings.INSTANCE_RECOVERY_LIMIT)


@dataclass(frozen=True)
class NodeRef:
    """One node of the graph as a person reads it: a name, what it is, and where to look it up."""

    node: int
    key: str
    name: str
    kind: str
    detail: str
    url: str
    business_critical: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "detail": self.detail,
            "url": self.url,
            "business_critical": self.business_critical,
        }


def hidden_items(user: Actor, version: Any) -> frozenset[int]:
    """Ids of the items `user` may not see: one query per user object (one request) and data version."""
    cached = getattr(user, "_contingent_hidden_items", None)
    if cached is not None and cached[0] == version:
        return cached[1]
    from contingent.inventory.models import Item

    hidden = hidden_ids(user, Item.objects.all())
    user._contingent_hidden_items = (version, hidden)  # type: ignore[union-attr]
    return hidden


def node_ref(loaded: LoadedGraph, node: int, hidden: frozenset[int]) -> NodeRef:
    """The node as the reader may see it; `hidden` comes from `hidden_items`."""
    record, pk = loaded.records[node]
    kind = loaded.graph.kind_names[node]
    url = f"/{_slugs()[kind] if record == 'item' else RECORD_SLUGS[record]}/{pk}/"
    key = loaded.graph.label(node).split(":", 1)[-1]
    ref = NodeRef(
        node, key, loaded.names[node], kind, loaded.details[node], url, bool(loaded.graph.business_critical[node])
    )
    return shown(loaded, ref, hidden)


def shown(loaded: LoadedGraph, ref: NodeRef, hidden: frozenset[int]) -> NodeRef:
    """`ref`, or its nameless stand-in when it is an item in `hidden` (for refs made before the reader was known)."""
    record, pk = loaded.records[ref.node]
    if record != "item" or pk not in hidden:
        return ref
    return NodeRef(ref.node, "", STAND_IN_NAME, ref.kind, "", "#", ref.business_critical)


@cache
def _slugs() -> dict[str, str]:
    from contingent.inventory.views import SLUGS  # the item pages' addresses; views import late (app loading)

    return {str(kind): slug for kind, slug in SLUGS.items()}


def seconds(value: float | None) -> int | None:
    return None if value is None or value != value else int(round(value))
