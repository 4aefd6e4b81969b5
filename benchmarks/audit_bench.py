"""Append N audit events through `record_event` (one transaction each, as services do), N more in one
transaction, and verify the whole chain of 2N; then store M evidence files and re-hash them all, as `contingent audit verify` does.

    python benchmarks/audit_bench.py [--events 10000] [--files 200] [--file-kib 256]

Runs on a fresh SQLite database in a temporary data directory, or on PostgreSQL when
CONTINGENT_DATABASE_URL is set (use a scratch database: the chain must start empty). Prints JSON."""

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--file-kib", type=int, default=256)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="contingent-audit-bench-"))
    os.environ.setdefault("CONTINGENT_DATA_DIR", str(work))
    os.environ["DJANGO_SETTINGS_MODULE"] = "contingent.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction

    from contingent.audit.models import AuditEvent
    from contingent.audit.services import Subject, record_event, verify_chain
    from contingent.evidence.services import add_evidence, verify_evidence

    call_command("migrate", verbosity=0)
    if AuditEvent.objects.exists():
        raise SystemExit("the audit chain is not empty: run on a scratch database")
    user = User.objects.create_superuser(f"bench-{time.time_ns()}", "b@example.com", "bench-password-1")

    started = time.perf_counter()
    for i in range(args.events):
        with transaction.atomic():
            record_event(
                user,
                "update",
                Subject("bench.record", str(i % 500), f"record {i % 500}"),
                before={"name": f"old {i}", "rto": 3600},
                after={"name": f"new {i}", "rto": 7200},
            )
    append_s = time.perf_counter() - started
    # The same again in one transaction: the chain's own cost without a commit (and its fsync) per event.
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(args.events):
            record_event(user, "update", Subject("bench.record", str(i % 500), f"record {i % 500}"), after={"n": i})
    batch_s = time.perf_counter() - started

    started = time.perf_counter()
    chain = verify_chain()
    verify_s = time.perf_counter() - started
    assert chain.intact and chain.events == 2 * args.events, chain

    payload = os.urandom(args.file_kib * 1024)
    started = time.perf_counter()
    for i in range(args.files):
        add_evidence(user, f"bench/{i % 10}", f"file-{i}.bin", payload[:-8] + i.to_bytes(8, "big"))
    add_s = time.perf_counter() - started
    started = time.perf_counter()
    evidence = verify_evidence()
    evidence_s = time.perf_counter() - started
    assert evidence.intact and evidence.files == args.files
    mib = args.files * args.file_kib / 1024

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "python": platform.python_version(),
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
                "events": args.events,
                "append_s": round(append_s, 2),
                "append_events_per_s": round(args.events / append_s),
                "append_in_one_transaction_s": round(batch_s, 2),
                "append_in_one_transaction_events_per_s": round(args.events / batch_s),
                "verified_events": 2 * args.events,
                "verify_chain_s": round(verify_s, 3),
                "verify_events_per_s": round(2 * args.events / verify_s),
                "evidence_files": args.files,
                "evidence_mib": round(mib, 1),
                "add_evidence_s": round(add_s, 2),
                "verify_evidence_s": round(evidence_s, 3),
                "verify_evidence_mib_per_s": round(mib / evidence_s, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
