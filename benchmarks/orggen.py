"""Seeded generator of realistic, layered organisations and recovery plans for the benchmarks.

business processes -> services (business, IT, platform) -> applications ->
platforms -> infrastructure -> region. Some needs are redundant: 1-of-2 data
store replicas in the paired region, 2-of-3 platform clusters. The record
format of ``generate_org`` is the one the inventory importer reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from contingent.analysis import InventoryGraph, NodeKind, Phase, RecoveryStep

PRIMARY, PAIRED = "westeurope", "northeurope"
SUPPORT_TYPES = ["configuration", "certificate", "key", "state", "licence", "documentation"]
CLASSIFICATIONS = ["public", "internal", "confidential", "private"]


class _Org:
    """Accumulates records; each add_* returns the new key."""

    def __init__(self, n_assets: int, seed: int):
        self.rng = np.random.default_rng(seed)
        self.n_assets = n_assets
        self.records: dict[str, list[dict[str, Any]]] = {
            name: [] for name in ("teams", "instances", "processes", "services", "assets", "suppliers", "dependencies")
        }

    def pick(self, pool: list[str], size: int = 1) -> list[str]:
        # Draw with replacement and drop repeats: much faster than choice(replace=False) on big pools.
        picked = dict.fromkeys(pool[i] for i in self.rng.integers(len(pool), size=size).tolist())
        return list(picked)

    def add_asset(self, key: str, team: str, instance: str, asset_type: str, region: str = PRIMARY) -> str:
        self.records["assets"].append(
            {
                "key": key,
                "name": key.replace("-", " "),
                "team": team,
                "instance": instance,
                "region": region,
                "asset_type": asset_type,
                "classification": CLASSIFICATIONS[int(self.rng.integers(len(CLASSIFICATIONS)))],
                "business_critical": bool(self.rng.random() < 0.2),
            }
        )
        return key

    def needs(self, dependent: str, depends_on: list[str], min_required: int | None = None) -> None:
        if depends_on:
            k = len(depends_on) if min_required is None else min_required
            self.records["dependencies"].append({"dependent": dependent, "depends_on": depends_on, "min_required": k})


def generate_org(n_assets: int, seed: int = 42) -> dict[str, list[dict[str, Any]]]:
    """A layered organisation with about ``n_assets`` assets (services ~7%, processes ~2% of that)."""
    org = _Org(n_assets, seed)
    teams = _teams(org)
    instances = _instances(org)
    suppliers = _suppliers(org)
    infra = _infrastructure(org, teams["infrastructure"], instances, suppliers)
    platforms, clusters = _platforms(org, teams["infrastructure"], instances, infra)
    applications = _applications(org, teams["developer"], instances, platforms, clusters, suppliers, infra)
    services = _services(org, teams, instances, applications, platforms)
    _processes(org, teams["business"], services)
    return org.records


def _teams(org: _Org) -> dict[str, Any]:
    n_dev = int(np.clip(org.n_assets // 800, 3, 60))
    rows = [("team-infra", "Infrastructure", "infrastructure")]
    rows += [(f"team-dev-{i:02d}", f"Developers {i}", "developer") for i in range(n_dev)]
    rows += [("team-business", "Business operations", "business"), ("team-msp", "Managed services", "service_provider")]
    org.records["teams"] = [{"key": k, "name": n, "kind": kind} for k, n, kind in rows]
    return {
        "infrastructure": "team-infra",
        "developer": [k for k, _, kind in rows if kind == "developer"],
        "business": "team-business",
    }


def _instances(org: _Org) -> list[str]:
    count = int(np.clip(org.n_assets // 20_000 + 1, 1, 5))
    org.records["instances"] = [
        {"key": f"inst-{i}", "name": f"Instance {i}", "primary_region": PRIMARY, "alternative_region": PAIRED}
        for i in range(count)
    ]
    return [row["key"] for row in org.records["instances"]]


def _suppliers(org: _Org) -> list[str]:
    count = max(3, org.n_assets // 5_000)
    org.records["suppliers"] = [{"key": f"supplier-{i:03d}", "name": f"Supplier {i}"} for i in range(count)]
    return [row["key"] for row in org.records["suppliers"]]


def _share(org: _Org, fraction: float) -> int:
    return max(3, int(org.n_assets * fraction))


def _infrastructure(org: _Org, team: str, instances: list[str], suppliers: list[str]) -> dict[str, list[str]]:
    """Three tiers per region (core network and identity, networks, compute and storage); 10% paired."""
    tiers: dict[str, list[list[str]]] = {PRIMARY: [[], [], []], PAIRED: [[], [], []]}
    total = _share(org, 0.12)
    for i in range(total):
        region = PAIRED if i % 10 == 0 else PRIMARY
        tier = 0 if i < max(20, total // 50) else 1 if i < total // 4 else 2
        key = org.add_asset(f"infra-{i:06d}", team, instances[i % len(instances)], "infrastructure", region)
        below = tiers[region][tier - 1] if tier else []
        if below:
            org.needs(key, org.pick(below, int(org.rng.integers(1, 3))))
        if org.rng.random() < 0.05:
            org.needs(key, org.pick(suppliers))
        tiers[region][tier].append(key)
    return {region: levels[2] or levels[1] or levels[0] for region, levels in tiers.items()}


def _platforms(
    org: _Org, team: str, instances: list[str], infra: dict[str, list[str]]
) -> tuple[list[str], list[list[str]]]:
    """Platform nodes (clusters of three) on infrastructure; a cluster is usable with 2 of 3 members."""
    platforms: list[str] = []
    clusters: list[list[str]] = []
    for c in range(_share(org, 0.09) // 3):
        members = []
        for m in range(3):
            key = org.add_asset(f"platform-{c:05d}-{m}", team, instances[c % len(instances)], "infrastructure")
            org.needs(key, org.pick(infra[PRIMARY], int(org.rng.integers(2, 4))))
            members.append(key)
        platforms.extend(members)
        clusters.append(members)
    return platforms, clusters


def _applications(
    org: _Org,
    teams: list[str],
    instances: list[str],
    platforms: list[str],
    clusters: list[list[str]],
    suppliers: list[str],
    infra: dict[str, list[str]],
) -> list[str]:
    """Applications with their data store (30% replicated to the paired region) and supporting assets."""
    applications: list[str] = []
    core: list[str] = []
    paired_infra, infra_primary = infra[PAIRED], infra[PRIMARY]
    for i in range(_share(org, 0.19)):
        team, instance = teams[i % len(teams)], instances[i % len(instances)]
        app = org.add_asset(f"app-{i:06d}", team, instance, "application")
        store = org.add_asset(f"store-{i:06d}", team, instance, "data_store")
        org.needs(store, [org.pick(platforms)[0]])
        org.needs(store, org.pick(infra_primary, int(org.rng.integers(1, 3))))
        if org.rng.random() < 0.3:
            replica = org.add_asset(f"store-{i:06d}-replica", team, instance, "data_store", PAIRED)
            org.needs(replica, org.pick(paired_infra, 2))
            org.needs(app, [store, replica], 1)
        else:
            org.needs(app, [store])
        for j in range(int(org.rng.integers(1, 4))):
            kind = SUPPORT_TYPES[int(org.rng.integers(len(SUPPORT_TYPES)))]
            support = org.add_asset(f"{kind}-{i:06d}-{j}", team, instance, kind)
            if kind == "licence":
                org.needs(support, org.pick(suppliers))
            elif kind != "documentation":
                # Key vaults, configuration stores and state live on the platform.
                hosts = platforms if org.rng.random() < 0.5 else infra_primary
                org.needs(support, org.pick(hosts, int(org.rng.integers(1, 4))))
            if kind != "documentation":
                org.needs(app, [support])
        if org.rng.random() < 0.4:
            org.needs(app, clusters[int(org.rng.integers(len(clusters)))], 2)
        # Shared core applications (every tenth) are used by others but use no other application.
        if i % 10 and org.rng.random() < 0.4:
            org.needs(app, org.pick(core, int(org.rng.integers(1, 3))))
        if i % 10 == 0:
            core.append(app)
        applications.append(app)
    return applications


def _services(
    org: _Org, teams: dict[str, Any], instances: list[str], applications: list[str], platforms: list[str]
) -> dict[str, list[str]]:
    count = max(6, int(org.n_assets * 0.07))
    made: dict[str, list[str]] = {"platform": [], "it": [], "business": []}
    for i in range(count):
        service_type = "platform" if i % 6 == 0 else "business" if i % 3 == 1 else "it"
        team = (
            teams["infrastructure"] if service_type == "platform" else teams["developer"][i % len(teams["developer"])]
        )
        key = f"svc-{service_type}-{i:05d}"
        org.records["services"].append(
            {
                "key": key,
                "name": key.replace("-", " "),
                "team": team,
                "instance": instances[i % len(instances)],
                "service_type": service_type,
                "business_critical": bool(org.rng.random() < 0.3),
            }
        )
        if service_type == "platform":
            org.needs(key, org.pick(platforms, int(org.rng.integers(2, 6))))
        elif service_type == "it":
            org.needs(key, org.pick(applications, int(org.rng.integers(2, 6))))
            if made["platform"]:
                org.needs(key, org.pick(made["platform"]))
        elif made["it"]:
            org.needs(key, org.pick(made["it"], int(org.rng.integers(1, 4))))
        made[service_type].append(key)
    return made


def _processes(org: _Org, team: str, services: dict[str, list[str]]) -> None:
    offered = services["business"] or services["it"]
    for i in range(max(2, int(org.n_assets * 0.02))):
        key = f"process-{i:05d}"
        critical = bool(org.rng.random() < 0.3)
        org.records["processes"].append(
            {"key": key, "name": key.replace("-", " "), "team": team, "business_critical": critical}
        )
        org.needs(key, org.pick(offered, int(org.rng.integers(1, 4))))


def to_graph(org: dict[str, list[dict[str, Any]]]) -> InventoryGraph:
    """Engine graph: one node per item plus one per region; each asset needs its region."""
    kinds = [
        ("processes", NodeKind.PROCESS),
        ("services", NodeKind.SERVICE),
        ("assets", NodeKind.ASSET),
        ("suppliers", NodeKind.SUPPLIER),
    ]
    keys: list[str] = []
    kind: list[int] = []
    critical: list[bool] = []
    team_index = {t["key"]: i for i, t in enumerate(org["teams"])}
    owner: list[int] = []
    for section, node_kind in kinds:
        for row in org[section]:
            keys.append(row["key"])
            kind.append(node_kind)
            critical.append(bool(row.get("business_critical", False)))
            owner.append(team_index.get(row.get("team", ""), -1))
    regions = sorted({a["region"] for a in org["assets"]} | {PRIMARY, PAIRED})
    keys += regions
    kind += [NodeKind.REGION] * len(regions)
    critical += [False] * len(regions)
    owner += [-1] * len(regions)
    index = {key: i for i, key in enumerate(keys)}
    dependencies = org["dependencies"] + [
        {"dependent": a["key"], "depends_on": [a["region"]], "min_required": 1} for a in org["assets"]
    ]
    sizes = np.fromiter((len(d["depends_on"]) for d in dependencies), dtype=np.int64, count=len(dependencies))
    ptr = np.zeros(len(dependencies) + 1, dtype=np.int64)
    np.cumsum(sizes, out=ptr[1:])
    return InventoryGraph.from_arrays(
        kind=kind,
        business_critical=critical,
        need_dependent=[index[d["dependent"]] for d in dependencies],
        need_k=[d["min_required"] for d in dependencies],
        need_ptr=ptr,
        need_targets=[index[t] for d in dependencies for t in d["depends_on"]],
        owner_team=owner,
        keys=keys,
    )


def generate_steps(n_steps: int, n_teams: int, seed: int = 42) -> list[RecoveryStep]:
    """A recovery plan: a DAG (mostly chains per team, with hand-overs and merges), 70% recovery phase."""
    rng = np.random.default_rng(seed)
    n_recovery = int(n_steps * 0.7)
    likely = np.round(np.clip(rng.lognormal(np.log(1800), 0.9, n_steps), 300, 4 * 3600) / 60) * 60
    steps = []
    for i in range(n_steps):
        phase = Phase.RECOVERY if i < n_recovery else Phase.RECONSTITUTION
        # Infrastructure (team 0) goes first; later steps belong to the developer teams.
        team = 0 if i < n_steps // 10 else 1 + int(rng.integers(max(1, n_teams - 1)))
        fan_in = int(rng.choice([0, 1, 1, 1, 2, 2, 3, 5])) if i else 0
        preds = sorted({int(p) for p in rng.integers(max(0, i - 400), i, size=fan_in)}) if i else []
        steps.append(
            RecoveryStep(
                id=f"step-{i:05d}",
                team=min(team, n_teams - 1),
                duration=float(likely[i]),
                predecessors=[f"step-{p:05d}" for p in preds],
                phase=phase,
                service=i // 25 if i % 25 == 24 else -1,
                optimistic=float(likely[i] * rng.uniform(0.5, 0.9)),
                pessimistic=float(likely[i] * rng.uniform(1.2, 3.0)),
            )
        )
    return steps
