"""Export org, inventory and BIA in the import format (a YAML file and a CSV per section), so an export
can be re-imported, diffed, or kept beside the plans."""

import csv
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied

from contingent.access.services import Actor, grants_of, visible
from contingent.bia.models import ImpactAssessment
from contingent.bia.scale import TIME_POINTS
from contingent.exchange.sections import ASSESSMENT_COLUMNS, DEPENDENCY_COLUMNS, SECTIONS, Section
from contingent.inventory.models import Dependency, Item
from contingent.lib.durations import format_duration


def _cell(value: Any) -> Any:
    if hasattr(value, "total_seconds"):
        return format_duration(value).replace(" ", "")
    return value


def _section_rows(actor: Actor, section: Section) -> list[dict[str, Any]]:
    qs = visible(actor, section.model.objects.all()).filter(retired_at__isnull=True).select_related(*[r.attname for r in section.refs])
    if section.kind:
        qs = qs.filter(kind=section.kind)
    refs = section.ref_columns
    rows = []
    for obj in qs.order_by("pk"):
        row = {}
        for column in section.columns:
            if column in refs:
                target = getattr(obj, refs[column].attname)
                row[column] = target.key if target is not None else ""
            else:
                row[column] = _cell(getattr(obj, column))
        rows.append(row)
    return rows


def _dependency_rows(actor: Actor) -> list[dict[str, Any]]:
    deps = visible(actor, Dependency.objects.active()).select_related("dependent").prefetch_related("targets")
    seen = set(visible(actor, Item.objects.all()).values_list("pk", flat=True))
    return [
        {
            "dependent": d.dependent.key,
            "depends_on": sorted(t.key for t in d.targets.all() if t.pk in seen),
            "min_required": d.min_required,
            "description": d.description,
        }
        for d in deps.order_by("pk")
    ]


def _assessment_rows(actor: Actor) -> list[dict[str, Any]]:
    rows = []
    for a in visible(actor, ImpactAssessment.objects.active()).select_related("item").prefetch_related("ratings").order_by("pk"):
        ratings: dict[str, dict[str, int]] = {}
        for r in a.ratings.all():
            ratings.setdefault(r.category, {})[format_duration(r.after)] = r.level
        row = {c: _cell(getattr(a, c)) for c in ASSESSMENT_COLUMNS if c not in ("item", "ratings")}
        row.update(item=a.item.key, ratings=ratings)
        rows.append({k: ("" if v is None else v) for k, v in row.items()})
    return rows


def export_data(actor: Actor, directory: Path) -> dict[str, int]:
    """Write organisation.yaml and one CSV per section into `directory`; returns rows per section."""
    if not actor.is_authenticated or not grants_of(actor):
        raise PermissionDenied("Exporting needs a role in Contingent.")
    directory.mkdir(parents=True, exist_ok=True)
    data: dict[str, list[dict[str, Any]]] = {s.name: _section_rows(actor, s) for s in SECTIONS}
    data["dependencies"] = _dependency_rows(actor)
    data["assessments"] = _assessment_rows(actor)
    (directory / "organisation.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    columns = {s.name: s.columns for s in SECTIONS} | {"dependencies": DEPENDENCY_COLUMNS}
    for name, rows in data.items():
        if name == "assessments":
            _write_assessment_csvs(directory, rows)
            continue
        with (directory / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns[name])
            writer.writeheader()
            for row in rows:
                if name == "dependencies":
                    row = row | {"depends_on": "|".join(row["depends_on"])}
                writer.writerow(row)
    return {name: len(rows) for name, rows in data.items()}


def _write_assessment_csvs(directory: Path, rows: list[dict[str, Any]]) -> None:
    plain = [c for c in ASSESSMENT_COLUMNS if c != "ratings"]
    with (directory / "assessments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=plain, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    order = {format_duration(p): i for i, p in enumerate(TIME_POINTS)}
    with (directory / "ratings.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["item", "category", "after", "level"])
        for row in rows:
            for category, points in row["ratings"].items():
                for after, level in sorted(points.items(), key=lambda kv: order.get(kv[0], 99)):
                    writer.writerow([row["item"], category, after.replace(" ", ""), level])
