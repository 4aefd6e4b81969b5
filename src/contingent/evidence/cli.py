"""`contingent evidence ...`: file evidence from scripts and read it back."""

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any


def cmd_add(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.evidence.services import add_evidence

    path = Path(args.file)
    if not path.is_file():
        print(f"error: file: {path} is not a readable file", file=sys.stderr)
        return 1
    with path.open("rb") as content:
        evidence = add_evidence(
            _actor(args),
            args.folder,
            args.name or path.name,
            content,
            proves=args.proves,
            classification=args.classification,
        )
    print(f"added {evidence} (id {evidence.pk}, {evidence.size} bytes, sha256 {evidence.sha256})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from django.db.models import Q

    from contingent.cli import _actor
    from contingent.evidence.services import normalise_path, visible_files

    files = visible_files(_actor(args)).order_by("folder__path", "name", "version")
    if args.folder:
        path = normalise_path(args.folder)
        files = files.filter(Q(folder__path=path) | Q(folder__path__startswith=f"{path}/"))
    for f in files:
        state = " PURGED" if f.is_purged else ""
        print(f"{f.pk:>6}  {f.sha256[:12]}  {f.size:>10}  {f}{state}")
    return 0


def cmd_get(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.evidence.models import EvidenceFile
    from contingent.evidence.services import EvidenceDamaged, EvidencePurged, open_evidence

    evidence = EvidenceFile.objects.filter(pk=args.id).first()
    if evidence is None:
        print(f"error: id: no evidence file {args.id}", file=sys.stderr)
        return 1
    try:
        content = open_evidence(_actor(args), evidence)
    except (EvidenceDamaged, EvidencePurged) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 3
    with content:
        if args.out:
            with open(args.out, "wb") as out:
                shutil.copyfileobj(content, out)
            print(f"{evidence} written to {args.out} (sha256 checked)", file=sys.stderr)
        else:
            shutil.copyfileobj(content, sys.stdout.buffer)
    return 0


def register(sub: Any) -> None:
    evidence = sub.add_parser("evidence", help="the evidence store").add_subparsers(dest="action", required=True)
    p = evidence.add_parser("add", help="store FILE in FOLDER (e.g. tests/2026-dr-exercise); never overwrites")
    p.add_argument("folder")
    p.add_argument("file")
    p.add_argument("--name", help="name to store it under (default: the file's name)")
    p.add_argument("--proves", default="", help="what this file is evidence of")
    p.add_argument("--classification", default="internal", choices=["public", "internal", "confidential", "private"])
    p.set_defaults(func=cmd_add)
    p = evidence.add_parser("list", help="list evidence files (in FOLDER and below)")
    p.add_argument("folder", nargs="?")
    p.set_defaults(func=cmd_list)
    p = evidence.add_parser("get", help="write evidence file ID to stdout or --out FILE, after re-checking its hash")
    p.add_argument("id", type=int)
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(func=cmd_get)
