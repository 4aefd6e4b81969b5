"""`contingent export offline DIR`: every published plan as a static HTML site with its PDF, contacts and
runbook, and a SHA-256 manifest, readable from a USB stick with no server (spec 003 3.1: the plan is held
in several locations and formats) — for the day Contingent itself is down.

Pages are rendered from each version's frozen document with Django's template engine (autoescaping on),
link to each other relatively, and need no JavaScript."""

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template import Context, Engine
from django.utils import timezone

from contingent.access.services import Actor, grants_of, visible
from contingent.audit.services import Subject, record_event
from contingent.documents.render import prepare

TEMPLATES = Path(__file__).parent / "templates" / "offline"
ENGINE = Engine(dirs=[str(TEMPLATES)], autoescape=True, libraries={})


@dataclass(frozen=True)
class OfflineSummary:
    directory: Path
    plans: int
    files: int


def _versions(actor: Actor) -> list[Any]:
    from contingent.plans.models import Plan, PlanVersion

    plans = visible(actor, Plan.objects.filter(retired_at__isnull=True))
    return list(
        PlanVersion.objects.filter(plan__in=plans, state=PlanVersion.State.PUBLISHED)
        .select_related("plan", "pdf")
        .order_by("plan__title")
    )


def _render(name: str, target: Path, **context: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(ENGINE.get_template(name).render(Context(context)), encoding="utf-8")


def _copy_pdf(version: Any, folder: Path) -> str:
    from contingent.evidence.services import open_evidence

    if version.pdf is None:
        return ""
    name = f"{version.plan.key}-v{version.number}.pdf"
    with open_evidence(None, version.pdf) as source, (folder / name).open("wb") as target:
        shutil.copyfileobj(source, target)
    return name


def _write_manifest(directory: Path) -> int:
    """MANIFEST.sha256 in `sha256sum -c` format, paths relative to the export folder."""
    lines = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.name != "MANIFEST.sha256"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(directory).as_posix()}\n")
    (directory / "MANIFEST.sha256").write_text("".join(lines), encoding="utf-8")
    return len(lines) + 1


def export_offline(actor: Actor, directory: Path) -> OfflineSummary:
    """Write the offline copy of every published plan the actor may see; one audit event."""
    if not actor.is_authenticated or not grants_of(actor):
        raise PermissionDenied("Exporting needs a role in Contingent.")
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    exported_at = timezone.now()
    entries = []
    for version in _versions(actor):
        document = prepare({**version.content, "classification": version.plan.classification})
        folder = directory / "plans" / version.plan.key
        folder.mkdir(parents=True, exist_ok=True)
        pdf = _copy_pdf(version, folder)
        entry = {
            "document": document,
            "key": version.plan.key,
            "pdf": pdf,
            "sha256": getattr(version.pdf, "sha256", ""),
        }
        _render("plan.html", folder / "index.html", root="../../", exported_at=exported_at, **entry)
        entries.append(entry)
    contacts = sorted(
        {
            (c["name"], c["role_label"], c["email"], c["phone"], c["mobile"], e["document"]["plan"]["title"]): None
            for e in entries
            for c in e["document"]["contacts"]
        },
    )
    _render("index.html", directory / "index.html", root="", entries=entries, exported_at=exported_at)
    _render("contacts.html", directory / "contacts.html", root="", contacts=contacts, exported_at=exported_at)
    shutil.copyfile(TEMPLATES / "style.css", directory / "style.css")
    files = _write_manifest(directory)
    with transaction.atomic():
        record_event(
            actor,
            "export offline",
            Subject("export", exported_at.isoformat(), f"offline copy of {len(entries)} plan(s)"),
            after={"directory": str(directory), "plans": [e["key"] for e in entries], "files": files},
        )
    return OfflineSummary(directory=directory, plans=len(entries), files=files)
