"""Standing findings on the whole inventory: objective consistency and single points of failure."""

from dataclasses import dataclass
from typing import Any

import numpy as np

from contingent.access.roles import Role
from contingent.access.services import Actor
from contingent.analysis.graph import NodeKind
from contingent.analysis.objectives import rto_above_mtpd
from contingent.analysis.spof import single_points_of_failure, single_region_critical
from contingent.analysis.staff import key_staff
from contingent.org.services import role_holders
from contingent.recovery.loader import LoadedGraph, load_graph
from contingent.recovery.present import NodeRef, hidden_items, node_ref, require_analysis, seconds, shown
from contingent.recovery.services import RtoConflict, rto_conflicts_as_seen

SPOF_CANDIDATES = (NodeKind.ASSET, NodeKind.SERVICE, NodeKind.SUPPLIER, NodeKind.REGION, NodeKind.SITE, NodeKind.PERSON)
STOPPABLE = (NodeKind.PROCESS, NodeKind.SERVICE)
NOBODY_HIDDEN: frozenset[int] = frozenset()  # the memo is shared by every reader; `shown` redacts per reader


@dataclass
class MtpdProblem:
    node: NodeRef
    rto: int
    mtpd: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.node.to_dict(), "rto_seconds": self.rto, "mtpd_seconds": self.mtpd}


@dataclass
class RpoCheck:
    """An RPO objective; backups are not recorded yet, so whether their cadence meets it is unknown."""

    node: NodeRef
    rpo: int
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.node.to_dict(), "rpo_seconds": self.rpo, "status": self.status}


@dataclass
class ObjectiveFindings:
    rto_conflicts: list[RtoConflict]
    rto_above_mtpd: list[MtpdProblem]
    rpo_checks: list[RpoCheck]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rto_conflicts": [c.to_dict() for c in self.rto_conflicts],
            "rto_above_mtpd": [m.to_dict() for m in self.rto_above_mtpd],
            "rpo_checks": [r.to_dict() for r in self.rpo_checks],
        }


RPO_UNCHECKED = "not checked: no backup cadence is recorded yet"


def check_objectives(actor: Actor) -> ObjectiveFindings:
    """RTOs that what they need cannot achieve, RTOs above the MTPD, and RPOs awaiting backup records."""
    require_analysis(actor)
    loaded = load_graph()
    graph = loaded.graph
    hidden = hidden_items(actor, loaded.version)
    mtpd = [
        MtpdProblem(node_ref(loaded, b.node, hidden), seconds(b.rto) or 0, seconds(b.mtpd) or 0)
        for b in rto_above_mtpd(graph, loaded.mtpd)
    ]
    rpo = [
        RpoCheck(node_ref(loaded, v, hidden), seconds(graph.rpo[v]) or 0, RPO_UNCHECKED)
        for v in np.flatnonzero(~np.isnan(graph.rpo)).tolist()
    ]
    return ObjectiveFindings(rto_conflicts_as_seen(actor), mtpd, sorted(rpo, key=lambda r: r.rpo))


@dataclass
class SinglePoint:
    node: NodeRef
    stops: list[NodeRef]

    def to_dict(self) -> dict[str, Any]:
        return {**self.node.to_dict(), "stops": [n.to_dict() for n in self.stops]}


@dataclass
class KeyPerson:
    role: str
    person: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "person": self.person, "url": self.url}


@dataclass
class SingleRegion:
    node: NodeRef
    locations: list[NodeRef]

    def to_dict(self) -> dict[str, Any]:
        return {**self.node.to_dict(), "locations": [n.to_dict() for n in self.locations]}


@dataclass
class SpofFindings:
    single_points: list[SinglePoint]
    key_staff: list[KeyPerson]
    single_region: list[SingleRegion]

    def to_dict(self) -> dict[str, Any]:
        return {
            "single_points_of_failure": [s.to_dict() for s in self.single_points],
            "key_staff": [k.to_dict() for k in self.key_staff],
            "single_region_critical_assets": [s.to_dict() for s in self.single_region],
        }


_memo: dict[str, tuple[Any, Any]] = {}


def find_single_points_of_failure(actor: Actor) -> SpofFindings:
    """Whose loss alone stops a business-critical process or service, roles resting on one person,
    and business-critical assets in one region or site only."""
    require_analysis(actor)
    loaded = load_graph()
    memo = _memo.get("spof")
    if memo is None or memo[0] != loaded.version:
        memo = (loaded.version, (_single_points(loaded), _single_region(loaded)))
        _memo["spof"] = memo
    points, regions = memo[1]
    hidden = hidden_items(actor, loaded.version)
    if hidden:  # the memo holds every name; the reader gets stand-ins for the items they may not see

        def show(ref: NodeRef) -> NodeRef:
            return shown(loaded, ref, hidden)

        points = [SinglePoint(show(p.node), [show(n) for n in p.stops]) for p in points]
        regions = [SingleRegion(show(r.node), [show(n) for n in r.locations]) for r in regions]
    return SpofFindings(points, _key_staff(), regions)


def _single_points(loaded: LoadedGraph) -> list[SinglePoint]:
    graph = loaded.graph
    found = []
    for spof in single_points_of_failure(graph, graph.nodes_of_kind(*SPOF_CANDIDATES).tolist()):
        stops = [v for v in spof.stops if graph.kind[v] in STOPPABLE]
        if stops:
            refs = sorted((node_ref(loaded, v, NOBODY_HIDDEN) for v in stops), key=lambda r: r.name)
            found.append(SinglePoint(node_ref(loaded, spof.node, NOBODY_HIDDEN), refs))
    return sorted(found, key=lambda s: (-len(s.stops), s.node.name))


def _single_region(loaded: LoadedGraph) -> list[SingleRegion]:
    graph = loaded.graph
    # An asset listed among redundant alternatives has a recorded copy elsewhere (a replica, a paired namespace).
    redundant = graph.need_size > graph.need_k
    copied = set(graph.need_targets[np.repeat(redundant, graph.need_size)].tolist())
    return [
        SingleRegion(node_ref(loaded, s.node, NOBODY_HIDDEN), [node_ref(loaded, r, NOBODY_HIDDEN) for r in s.locations])
        for s in single_region_critical(graph)
        if graph.kind[s.node] == NodeKind.ASSET and s.node not in copied
    ]


def _key_staff() -> list[KeyPerson]:
    holders: dict[str, list[tuple[tuple[str, int], bool]]] = {}
    for assignments in role_holders().values():
        for a in assignments:
            if a.role == Role.TEAM_MEMBER:
                continue  # membership is not a key role; a team's people are counted by the team's own need
            role = a.get_role_display() + (f" ({a.team.name})" if a.team_id else "")
            holders.setdefault(role, []).append(((a.person.name, a.person_id), a.deputy_id is not None))
    return [KeyPerson(f.role, f.person[0], f"/people/{f.person[1]}/") for f in key_staff(holders)]
