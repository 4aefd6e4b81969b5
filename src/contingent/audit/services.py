"""Writing and checking the audit trail. Services call `record_event` inside their transaction."""

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from contingent.audit.models import GENESIS, AuditEvent, AuditHead


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class Subject:
    """What an event is about when it is not one record: an import, a catalogue load, an export."""

    type: str
    id: str
    label: str

    @property
    def pk(self) -> str:
        return self.id

    def __str__(self) -> str:
        return self.label


def object_type_of(obj: "models.Model | Subject") -> str:
    return obj.type if isinstance(obj, Subject) else obj._meta.label_lower


def record_event(
    actor: Any,
    action: str,
    obj: "models.Model | Subject",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event to the chain; must run inside the transaction that made the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    changes: dict[str, Any] = {}
    if before is not None:
        changes["before"] = _jsonable(before)
    if after is not None:
        changes["after"] = _jsonable(after)
    if note:
        changes["note"] = note
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        sequence=head.sequence + 1,
        at=timezone.now(),
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user else "system",
        action=action,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
        previous_hash=head.hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.sequence, head.hash = event.sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    return event


def history_of(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk)).order_by("-sequence")


@dataclass
class ChainReport:
    events: int
    head: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(batch: int = 2000) -> ChainReport:
    """Recompute every event's hash and link; name the first event that does not fit."""
    previous, count, expected_sequence = GENESIS, 0, 1
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch):
        if event.sequence != expected_sequence:
            return ChainReport(count, previous, event.sequence, f"sequence jumps to {event.sequence}")
        if event.previous_hash != previous:
            return ChainReport(count, previous, event.sequence, "does not link to the event before it")
        if event.compute_hash() != event.hash:
            return ChainReport(count, previous, event.sequence, "content differs from its hash")
        previous, count, expected_sequence = event.hash, count + 1, expected_sequence + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != count or head.hash != previous):
        return ChainReport(count, previous, count + 1, "events after the last one were removed")
    return ChainReport(count, previous)
