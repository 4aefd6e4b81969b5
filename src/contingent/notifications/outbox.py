"""Sending the outbox: claim due messages, send each over one connection, keep the exact copy as evidence.

At-least-once: a message is marked sent only after the server accepted it; a worker that dies mid-send
leaves the row claimed, and it is claimed again after CLAIM_TIMEOUT. Every message carries a fixed
Message-ID, so a rare duplicate is recognisable as the same email."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from contingent.access.classification import Classification, stricter
from contingent.audit.services import record_event
from contingent.notifications.mail import build_email, open_connection
from contingent.notifications.models import Message
from contingent.notifications.services import acknowledge_url

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=10)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4 … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _claim(now: datetime, limit: int) -> list[Message]:
    due = Q(status=Message.Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Message.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    claimed = []
    for pk, status in Message.objects.filter(due).order_by("next_attempt_at", "pk").values_list("pk", "status")[:limit]:
        # A conditional update is the lock: of two workers, only one changes the row.
        if Message.objects.filter(pk=pk, status=status).update(status=Message.Status.SENDING, claimed_at=now):
            claimed.append(pk)
    return list(Message.objects.filter(pk__in=claimed).select_related("acknowledgement").order_by("pk"))


def _attachments(message: Message) -> list[tuple[str, bytes, str]]:
    from contingent.evidence.services import open_evidence

    files = []
    for evidence in message.attachments.all().order_by("pk"):
        with open_evidence(None, evidence) as handle:
            files.append((evidence.name, handle.read(), evidence.media_type))
    return files


def _classification_of(record: Any) -> str | None:
    level = getattr(record, "classification", None)
    plan = getattr(record, "plan", None)
    return level or getattr(plan, "classification", None)


def _keep_copy(message: Message, mime: bytes) -> None:
    from contingent.evidence.services import add_evidence

    with transaction.atomic():
        if message.evidence_folder:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            message.eml = add_evidence(
                None,
                message.evidence_folder,
                f"email-{stamp}-{message.to}.eml",
                mime,
                proves=f"the email '{message.subject}' sent to {message.to}",
                record=message.record,
                # The copy holds the attachments (a plan's PDF) and the recipient's personal acknowledgement
                # link: at least confidential, and never less than the record it is about.
                classification=stricter(Classification.CONFIDENTIAL, _classification_of(message.record)),
                media_type="message/rfc822",
            )
        message.status, message.sent_at, message.last_error = Message.Status.SENT, timezone.now(), ""
        message.save(update_fields=["eml", "status", "sent_at", "last_error"])
        record_event(None, "email sent", message, after={"to": message.to, "message_id": message.message_id})


def _failed(message: Message, error: Exception, now: datetime) -> bool:
    """Record the failure; True when the message will be retried."""
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    retry = message.attempts < MAX_ATTEMPTS
    message.status = Message.Status.QUEUED if retry else Message.Status.FAILED
    message.next_attempt_at = now + retry_delay(message.attempts)
    message.save(update_fields=["last_error", "status", "next_attempt_at"])
    log.warning("email %s to %s failed (attempt %s): %s", message.pk, message.to, message.attempts, error)
    return retry


def send_due_messages(now: datetime | None = None, limit: int = 100) -> SendReport:
    """Send what is due; safe to run from several workers at once."""
    now = now or timezone.now()
    report = SendReport()
    messages = _claim(now, limit)
    if not messages:
        return report
    try:
        connection = open_connection()
        connection.open()
    except Exception as error:  # the server is unreachable: every claimed message waits for a retry
        for message in messages:
            message.attempts += 1
            message.save(update_fields=["attempts"])
            report.retried += _failed(message, error, now)
        report.failed = len(messages) - report.retried
        return report
    try:
        for message in messages:
            message.attempts += 1
            message.save(update_fields=["attempts"])
            try:
                link = acknowledge_url(message.acknowledgement) if message.acknowledgement else ""
                email = build_email(message, link, _attachments(message))
                email.connection = connection
                mime = email.message().as_bytes(linesep="\r\n")
                email.send()
            except Exception as error:  # one bad address or attachment must not stop the others
                if _failed(message, error, now):
                    report.retried += 1
                else:
                    report.failed += 1
                continue
            try:
                _keep_copy(message, mime)
            except Exception:  # delivered, but the copy could not be filed: the claim lapses and it is sent again
                log.exception("email %s was sent but its copy could not be kept; it will be sent again", message.pk)
                report.retried += 1
                continue
            report.sent += 1
    finally:
        connection.close()
    return report
