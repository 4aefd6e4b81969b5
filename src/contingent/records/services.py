"""The one way to create, change and retire a record: permission, validation, transaction, audit.
Domain services call these and add their own rules; nothing else saves a Record."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from contingent.access.services import Actor, confidential_possible, require, visible
from contingent.audit.services import record_event
from contingent.records.models import Record

R = TypeVar("R", bound=Record)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's stored fields (and many-to-many ids once saved), for the audit trail."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        data[field.attname] = field.value_from_object(obj)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(o.pk for o in m2m.value_from_object(obj))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _require_scope(actor: Actor, obj: Record) -> None:
    require(actor, obj.change_permission, *obj.permission_scope())


def _split(model: type[models.Model], data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    return plain, {k: v for k, v in data.items() if k in m2m_names}


def _known_fields(model: type[models.Model], data: dict[str, Any]) -> None:
    names = {f.name for f in model._meta.get_fields()} | {f.attname for f in model._meta.concrete_fields}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})


def _pk(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def require_visible_references(actor: Actor, obj: models.Model, data: dict[str, Any]) -> None:
    """A new link to a record the actor may not see is answered as a link to one that does not exist."""
    if actor is None or not actor.is_authenticated:
        return  # the system (imports, the worker) sees everything
    errors = {}
    for name, value in data.items():
        field = obj._meta.get_field(name) if name in {f.name for f in obj._meta.get_fields()} else None
        if field is None or not field.is_relation or value is None or not confidential_possible(field.related_model):
            continue
        wanted = {_pk(v) for v in value} if field.many_to_many else {_pk(value)}
        if obj.pk is not None:  # links the record already has stay, seen or not
            current = getattr(obj, name).values_list("pk", flat=True) if field.many_to_many else [obj.serializable_value(name)]  # fmt: skip
            wanted -= set(current)
        model = field.related_model
        if wanted and visible(actor, model._default_manager.filter(pk__in=wanted)).count() < len(wanted):
            errors[name] = f"no such {model._meta.verbose_name}"
    if errors:
        raise ValidationError(errors)


def create_record(actor: Actor, model: type[R], data: dict[str, Any], check: Callable[[R], None] | None = None) -> R:
    """Create a record after checking the actor may own it and that it is valid."""
    _known_fields(model, data)
    plain, m2m = _split(model, data)
    obj = model(**plain)
    _require_scope(actor, obj)
    require_visible_references(actor, obj, data)
    with transaction.atomic():
        obj.full_clean()
        if check:
            check(obj)
        obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        record_event(actor, "create", obj, after=snapshot(obj))
    return obj


def update_record(
    actor: Actor, obj: R, data: dict[str, Any], check: Callable[[R], None] | None = None, action: str = "update"
) -> R:
    """Change a record; the actor must be allowed both where it was and where it goes."""
    if obj.is_retired:
        raise ValidationError({"retired_at": f"{obj} is retired and can no longer be changed"})
    _known_fields(type(obj), data)
    _require_scope(actor, obj)
    require_visible_references(actor, obj, data)
    before = snapshot(obj)
    plain, m2m = _split(type(obj), data)
    for name, value in plain.items():
        setattr(obj, name, value)
    _require_scope(actor, obj)
    with transaction.atomic():
        obj.full_clean()
        if check:
            check(obj)
        obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        old, new = diff(before, snapshot(obj))
        if old or new:
            record_event(actor, action, obj, before=old, after=new)
    return obj


def retire_record(actor: Actor, obj: Record, reason: str = "") -> Record:
    """Retire a record: it disappears from working lists but stays for the audit trail."""
    _require_scope(actor, obj)
    if obj.is_retired:
        return obj
    with transaction.atomic():
        obj.check_retirable()
        obj.retired_at = timezone.now()
        obj.save(update_fields=["retired_at"])
        record_event(actor, "retire", obj, after={"retired_at": obj.retired_at}, note=reason)
    return obj


def first_error(error: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())


def require_all(actor: Actor, objs: Iterable[Record]) -> None:
    for obj in objs:
        _require_scope(actor, obj)
