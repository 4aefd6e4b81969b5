"""What every analysis answer shares: who may ask, the policy limits, and nodes as people read them."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from contingent.access.services import Actor, can_anywhere
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


def node_ref(loaded: LoadedGraph, node: int) -> NodeRef:
    record, pk = loaded.records[node]
    kind = loaded.graph.kind_names[node]
    url = f"/{_slugs()[kind] if record == 'item' else RECORD_SLUGS[record]}/{pk}/"
    key = loaded.graph.label(node).split(":", 1)[-1]
    return NodeRef(
        node, key, loaded.names[node], kind, loaded.details[node], url, bool(loaded.graph.business_critical[node])
    )


@cache
def _slugs() -> dict[str, str]:
    from contingent.inventory.views import SLUGS  # the item pages' addresses; views import late (app loading)

    return {str(kind): slug for kind, slug in SLUGS.items()}


def seconds(value: float | None) -> int | None:
    return None if value is None or value != value else int(round(value))
