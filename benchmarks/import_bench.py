"""Import a seeded organisation of N assets (CSV folder) and list every asset through the API.

    python benchmarks/import_bench.py [--assets 10000] [--seed 42]

Runs on a fresh SQLite database in a temporary data directory, or on PostgreSQL when
CONTINGENT_DATABASE_URL is set (the tables must be empty: use a scratch database). Prints JSON."""

import argparse
import csv
import json
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def write_csvs(org: dict, folder: Path) -> None:
    from contingent.exchange.sections import DEPENDENCY_COLUMNS, SECTIONS

    columns = {s.name: s.columns for s in SECTIONS} | {"dependencies": DEPENDENCY_COLUMNS}
    for name, rows in org.items():
        with (folder / f"{name}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns[name], extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                if name == "dependencies":
                    row = row | {"depends_on": "|".join(row["depends_on"])}
                writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="contingent-bench-"))
    os.environ.setdefault("CONTINGENT_DATA_DIR", str(work))
    os.environ["DJANGO_SETTINGS_MODULE"] = "contingent.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from contingent.access.services import create_token
    from contingent.exchange.importer import import_data
    from orggen import generate_org

    call_command("migrate", verbosity=0)
    admin = User.objects.create_superuser(f"bench-{time.time_ns()}", "b@example.com", "bench-password-1")
    org = generate_org(args.assets, args.seed)
    folder = work / "org"
    folder.mkdir()
    write_csvs(org, folder)
    tracemalloc.start()
    started = time.perf_counter()
    summary = import_data(admin, folder)
    import_seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    _, secret = create_token(None, admin.username)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    started, offset, listed, pages = time.perf_counter(), 0, 0, 0
    while True:
        page = client.get(f"/api/v1/assets/?limit=1000&offset={offset}").json()
        listed += len(page["items"])
        pages += 1
        offset += 1000
        if offset >= page["count"]:
            break
    list_seconds = time.perf_counter() - started
    first_page = time.perf_counter()
    client.get("/api/v1/assets/?limit=100")
    first_page = time.perf_counter() - first_page
    counts = summary.counts()
    print(json.dumps({
        "database": connection.vendor,
        "assets": counts["assets"]["created"],
        "items_total": sum(counts[s]["created"] for s in ("processes", "services", "assets", "suppliers")),
        "dependencies": counts["dependencies"]["created"],
        "dependency_links": sum(len(d["depends_on"]) for d in org["dependencies"]),
        "import_seconds": round(import_seconds, 2),
        "import_peak_python_memory_mb": round(peak / 2**20, 1),
        "api_list_all_assets_seconds": round(list_seconds, 2),
        "api_pages_of_1000": pages,
        "api_first_page_of_100_ms": round(first_page * 1000, 1),
        "assets_listed": listed,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }, indent=2))


if __name__ == "__main__":
    main()
