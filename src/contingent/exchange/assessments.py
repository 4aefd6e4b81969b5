"""Importing impact assessments goes through the BIA services row by row (there are few of them), so
the derivation of MTPD, RTO and tier and the approval rules are the ones the UI and API use."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from contingent.bia import services
from contingent.bia.models import ImpactAssessment
from contingent.exchange.reading import Row
from contingent.exchange.sections import ASSESSMENT_COLUMNS
from contingent.inventory.models import Item
from contingent.lib.durations import parse_duration

DURATIONS = ("rto_override", "rpo")
NUMBERS = ("intolerable_level", "recovery_priority", "minimum_staff")


def _ratings(row: Row, raw: Any) -> dict[tuple[str, timedelta], Any]:
    """YAML: {category: {"1h": level, ...}}; CSV ratings.csv rows are merged in by the caller."""
    out: dict[tuple[str, timedelta], Any] = {}
    if not isinstance(raw, dict):
        raise ValidationError({"ratings": "write ratings as {category: {time point: level}}"})
    for category, points in raw.items():
        for point, level in (points or {}).items():
            out[(str(category), parse_duration(point))] = level
    return out


def _fields(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, raw in row.values.items():
        if column not in ASSESSMENT_COLUMNS:
            raise ValidationError({column: f"unknown column; expected {', '.join(ASSESSMENT_COLUMNS)}"})
        if raw in (None, "") or column in ("item", "state", "ratings"):
            continue
        try:
            if column in DURATIONS:
                data[column] = parse_duration(raw)
            elif column in NUMBERS:
                data[column] = int(raw)
            else:
                data[column] = str(raw)
        except ValueError as error:
            raise ValidationError({column: str(error)}) from error
    return data


def load_assessments(importer: Any, rows: list[Row], rating_rows: list[Row]) -> None:
    extra: dict[str, dict[tuple[str, timedelta], Any]] = {}
    for r in rating_rows:
        try:
            level = int(r.values.get("level", ""))
            extra.setdefault(str(r.values.get("item", "")), {})[
                (str(r.values.get("category", "")), parse_duration(r.values.get("after", "")))
            ] = level
        except ValueError as error:
            importer.problems.append(r.problem("level" if "level" in str(error) else "after", str(error)))
    for row in rows:
        key = str(row.values.get("item", ""))
        item = Item.objects.filter(key=key).first()
        if item is None:
            importer.problems.append(row.problem("item", f"no process or service with key '{key}'"))
            continue
        try:
            _load_one(importer, row, item, extra.get(key, {}))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                importer.problems.extend(row.problem(name, m) for m in messages)
        except PermissionDenied as error:
            importer.problems.append(row.problem("", str(error)))


def _load_one(importer: Any, row: Row, item: Item, extra: dict) -> None:
    data = _fields(row)
    ratings = _ratings(row, row.values["ratings"]) if row.values.get("ratings") else {}
    ratings.update(extra)
    current = ImpactAssessment.objects.active().filter(item=item).first()
    if current is None:
        assessment = services.create_assessment(importer.actor, item, **data, ratings=ratings)
        importer.summary.created.setdefault("assessments", []).append(item.key)
    else:
        assessment = services.update_assessment(importer.actor, current, **data, ratings=ratings)
        importer.summary.updated.setdefault("assessments", []).append(item.key)
    state = str(row.values.get("state") or "draft")
    if state not in ("draft", "approved"):
        raise ValidationError({"state": "write draft or approved"})
    if state == "approved" and assessment.state != ImpactAssessment.State.APPROVED:
        services.approve_assessment(importer.actor, assessment)
