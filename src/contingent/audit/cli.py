"""`contingent audit ...`: verify the chain and the evidence, take signed checkpoints, export for auditors.

Exit codes of `audit verify`: 0 intact, 2 the event chain is broken, 3 an evidence file is damaged or
missing, 4 a checkpoint given with --checkpoint does not hold (the log was rewritten)."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def cmd_verify(args: argparse.Namespace) -> int:
    from contingent.audit.services import verify_chain
    from contingent.evidence.services import verify_evidence

    report = verify_chain()
    if not report.intact:
        print(f"audit trail BROKEN at event #{report.broken_at}: {report.problem}", file=sys.stderr)
        return 2
    print(f"audit trail intact: {report.events} events, head {report.head}")
    if not args.skip_evidence:
        evidence = verify_evidence()
        if not evidence.intact:
            damaged = evidence.damaged
            print(
                f"evidence DAMAGED: {damaged} (id {damaged.pk}, sha256 {damaged.sha256}): {evidence.problem}",
                file=sys.stderr,
            )
            return 3
        print(
            f"evidence intact: {evidence.files} files, {evidence.blobs} stored blobs, {evidence.bytes} bytes re-hashed"
        )
    for path in args.checkpoint or []:
        from contingent.audit.checkpoints import check_checkpoint, load_document

        trusted = Path(args.public_key).read_text() if args.public_key else None
        check = check_checkpoint(load_document(Path(path)), trusted)
        if not check.holds:
            print(f"checkpoint {path} (#{check.sequence} {check.hash}) does NOT hold: {check.problem}", file=sys.stderr)
            return 4
        print(f"checkpoint {path} holds: event #{check.sequence} still has hash {check.hash}")
    return 0


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from contingent.audit.checkpoints import as_document, create_checkpoint
    from contingent.cli import _actor

    checkpoint = create_checkpoint(_actor(args), note=args.note, send_to=args.mail or "")
    text = json.dumps(as_document(checkpoint), indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text)
        print(f"checkpoint #{checkpoint.sequence} {checkpoint.hash} signed and written to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from contingent.audit.export import export_audit
    from contingent.cli import _actor

    counts = export_audit(_actor(args), Path(args.directory))
    for what, n in counts.items():
        print(f"{what}: {n}")
    print(f"written to {Path(args.directory).resolve()}; check it with: cd {args.directory} && sha256sum -c SHA256SUMS")
    return 0


def register(audit: Any) -> None:
    p = audit.add_parser(
        "verify",
        help="recompute the hash chain and every evidence file's hash; exit 0 when intact, 2 naming the first "
        "broken event, 3 naming the first damaged evidence file, 4 when a --checkpoint does not hold",
    )
    p.add_argument("--checkpoint", action="append", metavar="FILE", help="also prove this signed checkpoint holds")
    p.add_argument("--public-key", metavar="PEM", help="trust this public key for checkpoints (default: this server's)")
    p.add_argument("--skip-evidence", action="store_true", help="check only the event chain")
    p.set_defaults(func=cmd_verify)
    p = audit.add_parser("checkpoint", help="sign the current head of the chain; print it or write it to --out FILE")
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--note", default="")
    p.add_argument("--mail", metavar="ADDRESS", help="also email the checkpoint to ADDRESS (e.g. an auditor's mailbox)")
    p.set_defaults(func=cmd_checkpoint)
    p = audit.add_parser("export", help="write events, checkpoints, evidence and SHA256SUMS into DIR for an auditor")
    p.add_argument("directory")
    p.set_defaults(func=cmd_export)
