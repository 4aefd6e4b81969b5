"""Queueing email (inside the caller's transaction: a rolled-back change sends nothing), and the
acknowledgements of receipt that distribution emails ask for."""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import make_msgid
from django.db import models, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from contingent.audit.services import record_event
from contingent.notifications.models import Acknowledgement, Message


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    person: Any = None

    @classmethod
    def of(cls, person: Any) -> "Recipient":
        return cls(email=person.email, name=person.name, person=person)


def _record_fields(record: models.Model | None) -> dict[str, Any]:
    if record is None:
        return {}
    return {"content_type": ContentType.objects.get_for_model(record), "object_id": str(record.pk)}


def queue_message(
    recipient: Recipient,
    subject: str,
    body: str,
    *,
    record: models.Model | None = None,
    attachments: Iterable[Any] = (),
    evidence_folder: str = "",
    dedup_key: str | None = None,
    acknowledgement: Acknowledgement | None = None,
) -> Message:
    """Put one email in the outbox; the worker sends it. Call inside the transaction of the change it reports:
    the row commits with it or not at all. With a dedup_key, queueing the same email again returns the first."""
    if dedup_key and (existing := Message.objects.filter(dedup_key=dedup_key).first()):
        return existing
    domain = settings.EMAIL_FROM.rsplit("@", 1)[-1].strip(">") or "contingent.local"
    message = Message.objects.create(
        to=recipient.email,
        to_name=recipient.name,
        person=recipient.person,
        subject=subject[:300],
        body=body,
        evidence_folder=evidence_folder,
        dedup_key=dedup_key,
        message_id=make_msgid("contingent", domain=domain),
        acknowledgement=acknowledgement,
        next_attempt_at=timezone.now(),
        **_record_fields(record),
    )
    message.attachments.set(list(attachments))
    return message


# ---- acknowledgements -------------------------------------------------------------------------


def _token(salt: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"acknowledge:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_acknowledgement(record: models.Model, recipient: Recipient) -> Acknowledgement:
    """The recipient's (pending) acknowledgement of `record`; idempotent per record and email address."""
    fields = _record_fields(record)
    existing = Acknowledgement.objects.filter(email=recipient.email, **fields).first()
    if existing is not None:
        return existing
    salt = secrets.token_hex(16)
    return Acknowledgement.objects.create(
        email=recipient.email,
        name=recipient.name,
        person=recipient.person,
        salt=salt,
        token_hash=_hash(_token(salt)),
        **fields,
    )


def acknowledge_url(acknowledgement: Acknowledgement) -> str:
    """The recipient's personal link (unguessable; only its hash is stored)."""
    path = reverse("acknowledge", args=[_token(acknowledgement.salt)])
    return settings.BASE_URL.rstrip("/") + path


def acknowledgement_for_token(token: str) -> Acknowledgement:
    found = Acknowledgement.objects.filter(token_hash=_hash(token)).first()
    if found is None:
        raise Http404("This acknowledgement link is not valid.")
    return found


def _acknowledge(actor: Any, acknowledgement: Acknowledgement, via: str) -> Acknowledgement:
    with transaction.atomic():
        ack = Acknowledgement.objects.select_for_update().get(pk=acknowledgement.pk)
        if ack.acknowledged_at is not None:
            return ack
        ack.acknowledged_at = timezone.now()
        ack.acknowledged_via = via
        ack.acknowledged_by = actor if getattr(actor, "is_authenticated", False) else None
        ack.save(update_fields=["acknowledged_at", "acknowledged_via", "acknowledged_by"])
        record_event(
            actor,
            "acknowledge",
            ack.record or ack,
            after={"recipient": ack.email, "via": via, "acknowledged_at": ack.acknowledged_at},
            note=f"{ack.name or ack.email} acknowledged receipt",
        )
    return ack


def acknowledge_by_token(token: str) -> Acknowledgement:
    """Record receipt from the emailed link (no sign-in: the link is the proof); repeating it changes nothing."""
    return _acknowledge(None, acknowledgement_for_token(token), "email link")


def acknowledge_receipt(actor: Any, record: models.Model) -> Acknowledgement:
    """A signed-in recipient acknowledges `record`; anyone else is refused."""
    ack = pending_for_user(actor, record)
    if ack is None:
        raise PermissionDenied("you are not a recipient of this distribution")
    return _acknowledge(actor, ack, "signed in")


def pending_for_user(user: Any, record: models.Model) -> Acknowledgement | None:
    """The user's acknowledgement row for `record` (acknowledged or not), or None when they were not sent it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return acknowledgements_of(record).filter(person__user=user).first()


def acknowledgements_of(record: models.Model) -> models.QuerySet[Acknowledgement]:
    """Everyone a record was distributed to, with when (or whether) they acknowledged it."""
    return Acknowledgement.objects.filter(**_record_fields(record)).select_related("person")


def acknowledgement_panel(user: Any, record: models.Model) -> dict[str, Any]:
    """Context for notifications/acknowledgements.html on the record's page."""
    rows = list(acknowledgements_of(record))
    mine = next((a for a in rows if a.person is not None and a.person.user_id == getattr(user, "pk", None)), None)
    return {
        "rows": rows,
        "total": len(rows),
        "done": sum(1 for a in rows if a.acknowledged_at),
        "mine": mine,
        "label": record._meta.label_lower,
        "object_id": str(record.pk),
    }


def outbox_messages(actor: Any, status: str = "") -> models.QuerySet[Message]:
    """The outbox, newest first (who was sent what, and what failed); administrators and continuity leads."""
    from contingent.access.services import require

    require(actor, "notifications.outbox")
    messages = Message.objects.order_by("-created_at", "-pk")
    return messages.filter(status=status) if status else messages
