"""Loss scenarios: lose regions, sites, assets, suppliers, teams or people; see what stops, what fails
over, what cannot come back at all, and which objectives break."""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from numpy.typing import NDArray

from contingent.access.services import Actor
from contingent.analysis.graph import NodeKind
from contingent.analysis.loss import LossResult, simulate_loss
from contingent.analysis.objectives import achievable_rto
from contingent.inventory.models import Item, Region
from contingent.lib.durations import format_duration
from contingent.org.models import Person, Team
from contingent.recovery.loader import LoadedGraph, load_graph
from contingent.recovery.present import NEED_VERBS, NodeRef, hidden_items, node_ref, require_analysis, seconds

# Scenario field -> (what it names, how to find the keys, the loader's index to map a pk to a node).
SCENARIO_FIELDS = ("regions", "sites", "assets", "suppliers", "services", "teams", "people")
STOPPING = (NodeKind.PROCESS, NodeKind.SERVICE)
DATA_TYPES = {Item.AssetType.DATA_STORE, Item.AssetType.STATE}


@dataclass(frozen=True)
class Scenario:
    """What is lost, by key. Regions and sites are one catalogue; either field accepts either."""

    regions: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()
    suppliers: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    people: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in SCENARIO_FIELDS)


@dataclass
class Link:
    """One step of an explanation: `node` stops because it `verb` the next link's node."""

    node: NodeRef
    verb: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.node.to_dict(), "because_it": self.verb}


@dataclass
class Stopped:
    node: NodeRef
    path: list[Link]
    recoverable: bool
    blocked_by: NodeRef | None
    plans: list[dict[str, str]] = field(default_factory=list)  # plans whose runbook steps bring it back

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.node.to_dict(),
            "path": [link.to_dict() for link in self.path],
            "recovery_option": self.recoverable,
            "blocked_by": self.blocked_by.to_dict() if self.blocked_by else None,
            "plans": self.plans,
        }


@dataclass
class FailedOver:
    node: NodeRef
    lost: list[NodeRef]
    surviving: list[NodeRef]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.node.to_dict(),
            "lost_alternatives": [n.to_dict() for n in self.lost],
            "surviving_alternatives": [n.to_dict() for n in self.surviving],
        }


@dataclass
class NoCopy:
    node: NodeRef
    location: NodeRef | None
    paired: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.node.to_dict(),
            "location": self.location.to_dict() if self.location else None,
            "paired_region": self.paired,
        }


@dataclass
class Breach:
    node: NodeRef
    objective: str  # "RTO" | "RPO"
    target: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.node.to_dict(),
            "objective": self.objective,
            "target_seconds": self.target,
            "reason": self.reason,
        }


@dataclass
class LossAnswer:
    lost: list[NodeRef]
    stopped: list[Stopped]
    stopped_assets: list[NodeRef]
    failed_over: list[FailedOver]
    no_copy: list[NoCopy]
    breaches: list[Breach]
    loaded: LoadedGraph = field(repr=False)
    result: LossResult = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lost": [n.to_dict() for n in self.lost],
            "stopped": [s.to_dict() for s in self.stopped],
            "stopped_assets": [n.to_dict() for n in self.stopped_assets],
            "failed_over": [f.to_dict() for f in self.failed_over],
            "no_recovery_option": [c.to_dict() for c in self.no_copy],
            "breaches": [b.to_dict() for b in self.breaches],
        }


def resolve_scenario(loaded: LoadedGraph, scenario: Scenario) -> list[int]:
    """Node indices of the scenario; unknown keys raise ValidationError naming the field."""
    errors: dict[str, str] = {}
    nodes: list[int] = []
    lookups: dict[str, tuple[Any, dict[int, int], dict[str, Any]]] = {
        "regions": (Region, loaded.index_of_region, {}),
        "sites": (Region, loaded.index_of_region, {}),
        "assets": (Item, loaded.index_of_item, {"kind": Item.Kind.ASSET}),
        "suppliers": (Item, loaded.index_of_item, {"kind": Item.Kind.SUPPLIER}),
        "services": (Item, loaded.index_of_item, {"kind": Item.Kind.SERVICE}),
        "teams": (Team, loaded.index_of_team, {}),
        "people": (Person, loaded.index_of_person, {}),
    }
    for name in SCENARIO_FIELDS:
        keys = list(dict.fromkeys(getattr(scenario, name)))
        if not keys:
            continue
        model, index, condition = lookups[name]
        found = dict(model.objects.filter(key__in=keys, retired_at__isnull=True, **condition).values_list("key", "pk"))
        missing = [k for k in keys if k not in found]
        if missing:
            errors[name] = f"no such {model._meta.verbose_name} key: {', '.join(missing)}"
        # Records nothing depends on (a region no item is in, a person in no team) are simply not in the graph.
        nodes.extend(index[pk] for pk in found.values() if pk in index)
    if errors:
        raise ValidationError(errors)
    return nodes


def run_loss_scenario(actor: Actor, scenario: Scenario) -> LossAnswer:
    """Everything that stops when the scenario's records are lost, with why, what fails over and what breaks."""
    require_analysis(actor)
    if scenario.empty:
        raise ValidationError({"regions": "choose at least one region, site, asset, supplier, team or person to lose"})
    loaded = load_graph()
    result = simulate_loss(loaded.graph, resolve_scenario(loaded, scenario))
    return _answer(loaded, result, _Refs(loaded, hidden_items(actor, loaded.version)), actor)


class _Refs(dict):
    """Node references made on first use: a region loss fails tens of thousands of nodes; few are shown."""

    def __init__(self, loaded: LoadedGraph, hidden: frozenset[int]) -> None:
        super().__init__()
        self.loaded, self.hidden = loaded, hidden

    def __missing__(self, node: int) -> NodeRef:
        self[node] = ref = node_ref(self.loaded, node, self.hidden)
        return ref


def _answer(loaded: LoadedGraph, result: LossResult, ref: _Refs, actor: Actor) -> LossAnswer:
    graph = loaded.graph
    failed = result.failed
    no_copy = _no_surviving_copy(loaded, result)
    blocked, witness = _blocked(loaded, result, no_copy)
    paths = _Paths(loaded, result, ref)
    stopping = failed[np.isin(graph.kind[failed], STOPPING)]
    stopped = [
        Stopped(
            ref[v],
            paths(v),
            not blocked[v],
            ref[int(witness[v])] if blocked[v] and witness[v] >= 0 else None,
        )
        for v in stopping.tolist()
    ]
    covered = _plans_by_item(actor)
    for s in stopped:
        s.plans = covered.get(loaded.records[s.node.node][1], [])
    stopped.sort(key=lambda s: (s.node.kind != "process", not s.node.business_critical, s.node.name))
    assets = failed[np.isin(graph.kind[failed], (NodeKind.ASSET, NodeKind.SUPPLIER)) & graph.business_critical[failed]]
    paired = _paired_regions()
    return LossAnswer(
        lost=[ref[v] for v in result.lost.tolist()],
        stopped=stopped,
        stopped_assets=sorted((ref[v] for v in assets.tolist()), key=lambda r: r.name),
        failed_over=_failed_over(loaded, result, ref),
        no_copy=[_no_copy_entry(loaded, result, v, ref, paired) for v in no_copy.tolist()],
        breaches=_breaches(loaded, stopped, ref),
        loaded=loaded,
        result=result,
    )


def _plans_by_item(actor: Actor) -> dict[int, list[dict[str, str]]]:
    """Item id -> the active recovery plans the actor may see with a runbook step that brings it back."""
    from contingent.access.services import visible
    from contingent.plans.models import Plan, RunbookStep

    plans_seen = visible(actor, Plan.objects.all()).values("pk")
    steps = RunbookStep.objects.filter(service__isnull=False, plan__retired_at__isnull=True, plan__in=plans_seen)
    rows = steps.values_list("service_id", "plan_id", "plan__key", "plan__title")
    plans: dict[int, dict[str, dict[str, str]]] = {}
    for item_id, plan_id, key, title in rows:
        plans.setdefault(item_id, {})[key] = {"key": key, "title": title, "url": f"/plans/{plan_id}/"}
    return {item_id: list(by_key.values()) for item_id, by_key in plans.items()}


def _paired_regions() -> dict[int, str]:
    return dict(Region.objects.filter(paired_region__isnull=False).values_list("pk", "paired_region__name"))


class _Paths:
    """Explanation paths, sharing their tails: thousands of stopped services go down the same few chains."""

    def __init__(self, loaded: LoadedGraph, result: LossResult, ref: _Refs) -> None:
        self.loaded, self.result, self.ref = loaded, result, ref
        self.memo: dict[int, list[Link]] = {}
        self.cause = result.cause_node.tolist()
        self.need = result.cause_need.tolist()
        self.redundant = (loaded.graph.need_size > 1).tolist()

    def __call__(self, node: int) -> list[Link]:
        chain, v = [], node
        while v not in self.memo:
            chain.append(v)
            if self.cause[v] < 0:
                break
            v = self.cause[v]
        tail = self.memo.get(v, [])
        graph = self.loaded.graph
        for v in reversed(chain):
            cause, need = self.cause[v], self.need[v]
            if cause < 0:
                link = Link(self.ref[v], "was lost")
            elif need >= 0 and self.redundant[need]:
                verb = f"needs {graph.need_k[need]} of {graph.need_size[need]}, too many lost, including"
                link = Link(self.ref[v], verb)
            else:
                link = Link(self.ref[v], NEED_VERBS.get(graph.kind_names[cause], "needs"))
            tail = self.memo[v] = [link, *tail]
        return tail


def _no_surviving_copy(loaded: LoadedGraph, result: LossResult) -> NDArray[np.int64]:
    """Lost business-critical data stores and state (directly, or with their place) with no surviving copy."""
    graph = loaded.graph
    failed = result.failed
    assets = failed[graph.kind[failed] == NodeKind.ASSET]
    cause = result.cause_node[assets]
    located = (cause < 0) | np.isin(graph.kind[np.maximum(cause, 0)], (NodeKind.REGION, NodeKind.SITE))
    assets = assets[located]
    # A copy survives when the asset is an alternative in some need that still has an alternative standing.
    alive = result.cause_node == -2
    slot_need = np.repeat(np.arange(graph.n_needs), graph.need_size)
    need_alive = np.bincount(slot_need, weights=alive[graph.need_targets], minlength=graph.n_needs) > 0
    has_copy = np.zeros(graph.n_nodes, dtype=bool)
    has_copy[graph.need_targets[need_alive[slot_need]]] = True
    # Applications, configuration and certificates can be redeployed elsewhere; lost data cannot.
    keep = ~has_copy[assets] & graph.business_critical[assets]
    assets = assets[keep]
    data = np.fromiter((loaded.details[v] in DATA_TYPES for v in assets.tolist()), dtype=bool, count=len(assets))
    keep = data
    return assets[keep]


def _blocked(
    loaded: LoadedGraph, result: LossResult, no_copy: NDArray[np.int64]
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Failed nodes that cannot come back, because a need has fewer than k alternatives that can, and a witness."""
    graph = loaded.graph
    failed = result.cause_node != -2
    blocked = np.zeros(graph.n_nodes, dtype=bool)
    blocked[no_copy] = True
    witness = np.full(graph.n_nodes, -1, dtype=np.int64)
    witness[no_copy] = no_copy
    slot_need = np.repeat(np.arange(graph.n_needs), graph.need_size)
    for _ in range(graph.n_nodes):
        usable = ~blocked[graph.need_targets]
        count = np.bincount(slot_need, weights=usable, minlength=graph.n_needs)
        dead_need = count < graph.need_k
        fresh = dead_need & failed[graph.need_dependent] & ~blocked[graph.need_dependent]
        if not fresh.any():
            break
        # Each newly blocked node is explained by a blocked alternative of one of its dead needs.
        slots = np.flatnonzero(fresh[slot_need] & blocked[graph.need_targets])
        dependents = graph.need_dependent[slot_need[slots]]
        dependents, first = np.unique(dependents, return_index=True)
        witness[dependents] = witness[graph.need_targets[slots[first]]]
        blocked[dependents] = True
    return blocked, witness


def _no_copy_entry(loaded: LoadedGraph, result: LossResult, asset: int, ref: _Refs, paired: dict[int, str]) -> NoCopy:
    cause = int(result.cause_node[asset])
    location = ref[cause] if cause >= 0 else None
    return NoCopy(ref[asset], location, paired.get(loaded.records[cause][1]) if location is not None else None)


def _failed_over(loaded: LoadedGraph, result: LossResult, ref: _Refs) -> list[FailedOver]:
    graph = loaded.graph
    alive = result.cause_node == -2
    entries = []
    for need in result.failed_over_needs().tolist():
        dependent = int(graph.need_dependent[need])
        if graph.kind[dependent] == NodeKind.TEAM:
            continue
        alts = graph.alternatives(need)
        lost = [ref[int(a)] for a in alts[~alive[alts]]]
        entries.append(FailedOver(ref[dependent], lost, [ref[int(a)] for a in alts[alive[alts]]]))
    return sorted(entries, key=lambda e: e.node.name)


def _breaches(loaded: LoadedGraph, stopped: list[Stopped], ref: _Refs) -> list[Breach]:
    graph = loaded.graph
    achievable, binding = _achievable(loaded)
    breaches = []
    for s in stopped:
        v, rto, rpo = s.node.node, graph.rto[s.node.node], graph.rpo[s.node.node]
        if not np.isnan(rto):
            if not s.recoverable:
                lost = s.blocked_by.name if s.blocked_by else "data it needs"
                reason = f"cannot be restored as recorded: {lost} has no surviving copy"
                breaches.append(Breach(s.node, "RTO", seconds(rto) or 0, reason))
            elif achievable[v] > rto:
                why = ref[int(binding[v])].name if binding[v] >= 0 else "what it needs"
                reason = f"{why} can only be back in {format_duration(_td(achievable[v]))}"
                breaches.append(Breach(s.node, "RTO", seconds(rto) or 0, reason))
        data = s.blocked_by
        if np.isnan(rpo) or data is None:
            continue
        # The RPO speaks of the service's own data: data it reads directly, not data further down.
        if any(data.node in graph.alternatives(j) for j in graph.needs_of(v).tolist()):
            reason = f"no copy of {data.name} survives: its data since the last backup is lost"
            breaches.append(Breach(s.node, "RPO", seconds(rpo) or 0, reason))
    return breaches


_achievable_memo: dict[str, tuple[Any, Any]] = {}


def _achievable(loaded: LoadedGraph) -> Any:
    """achievable_rto depends on the data only; computed once per data version."""
    memo = _achievable_memo.get("default")
    if memo is None or memo[0] != loaded.version:
        memo = _achievable_memo["default"] = (loaded.version, achievable_rto(loaded.graph))
    return memo[1]


def _td(value: float) -> Any:
    from datetime import timedelta

    return timedelta(seconds=float(value))
