"""Bulk import of org, inventory and BIA: all or nothing, every problem named by file, row and field.

Rows are validated in memory (model clean(), field validators, references resolved from key maps)
and written with bulk statements, so 10,000 assets import in seconds; the import is one audited
change whose event lists every key it created or updated."""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from contingent.access.services import Actor, require
from contingent.audit.services import Subject, record_event
from contingent.exchange.reading import ImportFailed, Problem, Row, read_source
from contingent.exchange.sections import DEPENDENCY_COLUMNS, SECTIONS, Section
from contingent.inventory.models import Dependency, Item
from contingent.lib.durations import parse_duration

TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}


@dataclass
class Summary:
    created: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        names = sorted(set(self.created) | set(self.updated))
        return {n: {"created": len(self.created.get(n, [])), "updated": len(self.updated.get(n, []))} for n in names}


def coerce(f: models.Field, raw: Any) -> Any:
    """Turn a CSV/YAML cell into the field's Python value, or raise ValueError saying what was expected."""
    if isinstance(f, models.BooleanField):
        text = str(raw).strip().lower()
        if text in TRUE or text in FALSE:
            return text in TRUE
        raise ValueError(f"'{raw}' is not yes/no")
    if isinstance(f, models.DurationField):
        return parse_duration(raw)
    if isinstance(f, models.IntegerField):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"'{raw}' is not a whole number") from None
    if isinstance(f, models.FloatField):
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"'{raw}' is not a number") from None
    return str(raw).strip()


class Importer:
    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.problems: list[Problem] = []
        self.summary = Summary()
        self.keys: dict[type[models.Model], dict[str, int]] = {}
        self.failed: set[tuple[type[models.Model], str]] = set()

    def key_map(self, model: type[models.Model]) -> dict[str, int]:
        if model not in self.keys:
            self.keys[model] = dict(model.objects.values_list("key", "pk"))
        return self.keys[model]

    def resolve(self, row: Row, column: str, model: type[models.Model], raw: Any) -> int | None:
        key = str(raw).strip()
        pk = self.key_map(model).get(key)
        if pk is None and (model, key) not in self.failed:
            self.problems.append(row.problem(column, f"no {model._meta.verbose_name} with key '{key}'"))
        return pk

    # -- keyed sections ---------------------------------------------------------------------------

    def load_section(self, section: Section, rows: list[Row]) -> None:
        if not rows:
            return
        refs = section.ref_columns
        existing = self._existing(section)
        new: list[tuple[Row, models.Model]] = []
        changed: list[tuple[Row, models.Model]] = []
        later: list[tuple[Row, models.Model, str, Any]] = []
        seen: set[Any] = set()
        for row in rows:
            obj, fresh, ok = self._row_object(section, row, existing, refs, later)
            if obj is None:
                continue
            ident = self._identity(section, obj)
            if ident in seen:
                self.problems.append(row.problem(section.key or "row", f"'{ident}' appears twice in this import"))
                continue
            seen.add(ident)
            if not ok:
                continue
            (new if fresh else changed).append((row, obj))
        self._save(section, new, changed)
        self._second_pass(section, later)

    def _existing(self, section: Section) -> dict[Any, models.Model]:
        qs = section.model.objects.all()
        if section.key:
            return {getattr(o, section.key): o for o in qs}
        return {tuple(getattr(o, a) for a in section.identity): o for o in qs.filter(retired_at__isnull=True)}

    def _identity(self, section: Section, obj: models.Model) -> Any:
        return getattr(obj, section.key) if section.key else tuple(getattr(obj, a) for a in section.identity)

    def _row_object(
        self, section: Section, row: Row, existing: dict, refs: dict, later: list
    ) -> tuple[Any, bool, bool]:
        model, before = section.model, len(self.problems)
        values: dict[str, Any] = {}
        pending: list[tuple[str, Any]] = []
        for column, raw in row.values.items():
            if column not in section.columns:
                self.problems.append(row.problem(column, f"unknown column; expected {', '.join(section.columns)}"))
            elif raw is None or raw == "":
                continue
            elif column in section.self_refs:
                pending.append((column, raw))
            elif column in refs:
                values[f"{refs[column].attname}_id"] = self.resolve(row, column, refs[column].model, raw)
            else:
                try:
                    values[column] = coerce(model._meta.get_field(column), raw)
                except ValueError as error:
                    self.problems.append(row.problem(column, str(error)))
        if section.key and not values.get(section.key):
            self.problems.append(row.problem(section.key, "every row needs a key"))
            return None, False, False
        probe = model(**values)
        ident = self._identity(section, probe)
        obj = existing.get(ident)
        fresh = obj is None
        if fresh:
            obj = probe
            if section.kind:
                obj.kind = section.kind  # type: ignore[attr-defined]
        else:
            if section.kind and obj.kind != section.kind:  # type: ignore[attr-defined]
                self.problems.append(row.problem("key", f"'{ident}' is already a {obj.get_kind_display().lower()}"))  # type: ignore[attr-defined]
            for name, value in values.items():
                setattr(obj, name, value)
        later.extend((row, obj, column, raw) for column, raw in pending)
        ok = len(self.problems) == before and self._validate(section, row, obj)
        if not ok and section.key:
            self.failed.add((model, str(ident)))
        return obj, fresh, ok

    def _validate(self, section: Section, row: Row, obj: models.Model) -> bool:
        try:
            require(self.actor, obj.change_permission, *obj.permission_scope())  # type: ignore[attr-defined]
        except Exception as error:  # PermissionDenied: name the row it stopped at
            self.problems.append(row.problem("", str(error)))
            return False
        exclude = [r.attname for r in section.refs]
        try:
            # The database enforces the check constraints; clean() gives the same rules as readable messages.
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = "team" if name == "owner_team" else name
                self.problems.extend(row.problem(column, m) for m in messages)
            return False
        return True

    def _save(self, section: Section, new: list, changed: list) -> None:
        if self.problems:
            return
        model = section.model
        created = model.objects.bulk_create([o for _, o in new], batch_size=500)
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in ("created_at", "retired_at")
        ]
        model.objects.bulk_update([o for _, o in changed], fields, batch_size=500)
        if section.key:
            self.key_map(model).update({getattr(o, section.key): o.pk for o in created})
            self.key_map(model).update({getattr(o, section.key): o.pk for _, o in changed})
        label = lambda o: getattr(o, section.key) if section.key else str(o)  # noqa: E731
        self.summary.created.setdefault(section.name, []).extend(label(o) for o in created)
        self.summary.updated.setdefault(section.name, []).extend(label(o) for _, o in changed)

    def _second_pass(self, section: Section, later: list) -> None:
        """Set references to records of the same section (a person's manager, a region's pair)."""
        refs = section.ref_columns
        touched = {}
        for row, obj, column, raw in later:
            if obj is None or obj.pk is None:
                continue
            pk = self.resolve(row, column, section.model, raw)
            setattr(obj, f"{refs[column].attname}_id", pk)
            if pk == obj.pk:
                self.problems.append(row.problem(column, "a record cannot refer to itself here"))
            touched[obj.pk] = obj
        if touched and not self.problems:
            section.model.objects.bulk_update(
                list(touched.values()), [f"{refs[c].attname}_id" for c in section.self_refs], batch_size=500
            )

    # -- dependencies -----------------------------------------------------------------------------

    def load_dependencies(self, rows: list[Row]) -> None:
        if not rows:
            return
        existing = {
            (d.dependent_id, frozenset(t.pk for t in d.targets.all())): d
            for d in Dependency.objects.active().prefetch_related("targets")
        }
        plans: list[tuple[Row, Dependency, list[int], bool]] = []
        seen: set[Any] = set()
        for row in rows:
            values = row.values
            unknown = sorted(set(values) - set(DEPENDENCY_COLUMNS))
            for column in unknown:
                self.problems.append(row.problem(column, f"unknown column; expected {', '.join(DEPENDENCY_COLUMNS)}"))
            dependent = self.resolve(row, "dependent", Item, values.get("dependent", ""))
            raw_targets = values.get("depends_on") or []
            names = raw_targets if isinstance(raw_targets, list) else [t for t in str(raw_targets).split("|")]
            targets = [self.resolve(row, "depends_on", Item, t) for t in names if str(t).strip()]
            try:
                k = int(values.get("min_required") or 1)
            except ValueError:
                self.problems.append(
                    row.problem("min_required", f"'{values.get('min_required')}' is not a whole number")
                )
                continue
            if dependent is None or None in targets or unknown:
                continue
            error = self._dependency_error(dependent, targets, k)
            if error:
                self.problems.append(row.problem(*error))
                continue
            ident = (dependent, frozenset(targets))
            if ident in seen:
                self.problems.append(row.problem("depends_on", "the same dependency appears twice in this import"))
                continue
            seen.add(ident)
            dep = existing.get(ident) or Dependency(dependent_id=dependent)
            dep.min_required, dep.description = k, str(values.get("description") or "")
            plans.append((row, dep, targets, dep.pk is None))
        if self.problems:
            return
        self._save_dependencies(plans)

    def _dependency_error(self, dependent: int, targets: list[int], k: int) -> tuple[str, str] | None:
        if not targets:
            return "depends_on", "name at least one item"
        if dependent in targets:
            return "depends_on", "an item cannot depend on itself"
        if len(set(targets)) != len(targets):
            return "depends_on", "the same item is listed twice"
        if not 1 <= k <= len(targets):
            return "min_required", f"must be between 1 and the {len(targets)} alternatives listed"
        return None

    def _save_dependencies(self, plans: list[tuple[Row, Dependency, list[int], bool]]) -> None:
        scopes = dict(
            Item.objects.filter(pk__in={d.dependent_id for _, d, _, _ in plans}).values_list("pk", "owner_team_id")
        )
        for row, dep, _, _ in plans:
            try:
                require(self.actor, "inventory.change", scopes.get(dep.dependent_id))
            except Exception as error:
                self.problems.append(row.problem("dependent", str(error)))
                return
        new = [d for _, d, _, fresh in plans if fresh]
        Dependency.objects.bulk_create(new, batch_size=1000)
        Dependency.objects.bulk_update(
            [d for _, d, _, fresh in plans if not fresh], ["min_required", "description"], batch_size=1000
        )
        through = Dependency.targets.through
        links = [through(dependency_id=d.pk, item_id=t) for _, d, targets, fresh in plans if fresh for t in targets]
        through.objects.bulk_create(links, batch_size=2000)
        self.summary.created["dependencies"] = [str(d.pk) for d in new]
        self.summary.updated["dependencies"] = [str(d.pk) for _, d, _, fresh in plans if not fresh]


def import_data(actor: Actor, path: Path) -> Summary:
    """Import a YAML file or a folder of CSVs; on any problem nothing is written and every problem is listed."""
    from contingent.exchange.assessments import load_assessments

    rows = read_source(path)
    importer = Importer(actor)
    with transaction.atomic():
        for section in SECTIONS:
            importer.load_section(section, rows.get(section.name, []))
        importer.load_dependencies(rows.get("dependencies", []))
        if not importer.problems:
            load_assessments(importer, rows.get("assessments", []), rows.get("ratings", []))
        if importer.problems:
            raise ImportFailed(importer.problems)
        digest = _digest(path)
        record_event(
            actor,
            "import",
            Subject("exchange.import", digest[:16], path.name),
            after={
                "source": path.name,
                "sha256": digest,
                "counts": importer.summary.counts(),
                "created": importer.summary.created,
                "updated": importer.summary.updated,
            },
        )
    return importer.summary


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def duration_cell(value: Any) -> timedelta | None:
    return None if value in (None, "") else parse_duration(value)
