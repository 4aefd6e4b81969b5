"""Region loss on a seeded organisation, timed end to end: load the graph from the database, then run the
West Europe loss scenario through the same service the API and the pages call.

    python benchmarks/loader_bench.py [--assets 100000] [--seed 42] [--repeat 3]

Rows are bulk-inserted (the importer's own speed is import_bench.py's subject). Runs on a fresh SQLite
database in a temporary data directory, or on PostgreSQL when CONTINGENT_DATABASE_URL is set (use an empty
scratch database). Prints JSON; times are wall-clock seconds, best of --repeat.
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

PEOPLE_PER_TEAM = 4


def seed(org: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Insert the generated organisation with bulk_create, keys resolved to ids in memory."""
    from django.db import transaction

    from contingent.inventory.models import Dependency, Instance, Item, Region
    from contingent.org.models import Person, Team

    regions = dict(Region.objects.values_list("key", "pk"))
    with transaction.atomic():
        Team.objects.bulk_create([Team(key=t["key"], name=t["name"], kind=t["kind"]) for t in org["teams"]])
        teams = dict(Team.objects.values_list("key", "pk"))
        people = [
            Person(key=f"{key}-p{i}", name=f"{key} person {i}", team_id=pk)
            for key, pk in teams.items()
            for i in range(PEOPLE_PER_TEAM)
        ]
        Person.objects.bulk_create(people)
        Instance.objects.bulk_create(
            [
                Instance(
                    key=i["key"],
                    name=i["name"],
                    primary_region_id=regions[i["primary_region"]],
                    alternative_region_id=regions[i["alternative_region"]],
                )  # fmt: skip
                for i in org["instances"]
            ]
        )
        instances = dict(Instance.objects.values_list("key", "pk"))
        items = []
        for kind, section in (("process", "processes"), ("service", "services"), ("asset", "assets"),
                              ("supplier", "suppliers")):  # fmt: skip
            for row in org[section]:
                items.append(
                    Item(
                        kind=kind,
                        key=row["key"],
                        name=row["name"],
                        owner_team_id=teams.get(row.get("team", "")),
                        instance_id=instances.get(row.get("instance", "")),
                        region_id=regions.get(row.get("region", "")),
                        service_type=row.get("service_type", ""),
                        asset_type=row.get("asset_type", ""),
                        business_critical=bool(row.get("business_critical", False)),
                    )
                )
        Item.objects.bulk_create(items, batch_size=5000)
        ids = dict(Item.objects.values_list("key", "pk"))
        deps = [
            Dependency(dependent_id=ids[d["dependent"]], min_required=d["min_required"]) for d in org["dependencies"]
        ]
        Dependency.objects.bulk_create(deps, batch_size=5000)
        dep_ids = list(Dependency.objects.order_by("pk").values_list("pk", flat=True))
        through = Dependency.targets.through
        links = [
            through(dependency_id=dep_id, item_id=ids[target])
            for dep_id, d in zip(dep_ids, org["dependencies"], strict=True)
            for target in d["depends_on"]
        ]
        through.objects.bulk_create(links, batch_size=10000)
    return {"items": len(items), "dependencies": len(deps), "alternatives": len(links), "people": len(people)}


def timed(action: Any, repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - began)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="contingent-bench-"))
    os.environ.setdefault("CONTINGENT_DATA_DIR", str(work))
    os.environ["DJANGO_SETTINGS_MODULE"] = "contingent.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from contingent.recovery import loader
    from contingent.recovery.loss import Scenario, run_loss_scenario
    from orggen import PRIMARY, generate_org

    call_command("migrate", verbosity=0)
    admin = User.objects.create_superuser(f"bench-{time.time_ns()}", "b@example.com", "bench-password-1")
    began = time.perf_counter()
    counts = seed(generate_org(args.assets, args.seed))
    seed_s = time.perf_counter() - began
    scenario = Scenario(regions=(PRIMARY,))

    load_s, loaded = timed(lambda: loader.load_graph(force=True), args.repeat)

    def end_to_end() -> Any:
        loader._cache.clear()  # cold: read everything from the database again
        return run_loss_scenario(admin, scenario)

    total_s, answer = timed(end_to_end, args.repeat)
    warm_s, _ = timed(lambda: run_loss_scenario(admin, scenario), args.repeat)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "seed": args.seed,
                "assets_requested": args.assets,
                **counts,
                "graph_nodes": loaded.graph.n_nodes,
                "graph_needs": loaded.graph.n_needs,
                "seed_database_s": round(seed_s, 2),
                "load_graph_s": round(load_s, 3),
                "region_loss_including_load_s": round(total_s, 3),
                "region_loss_graph_cached_s": round(warm_s, 3),
                "failed_nodes": len(answer.result.failed),
                "stopped_processes_and_services": len(answer.stopped),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
