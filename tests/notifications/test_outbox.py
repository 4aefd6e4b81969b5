"""Email goes through a durable outbox: queued with the change, sent by the worker over real SMTP,
retried when the server is away, and kept as an .eml in the evidence store once sent."""

import hashlib
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from tests.notifications.conftest import free_port

from contingent.evidence.models import EvidenceFile
from contingent.evidence.services import add_evidence, open_evidence
from contingent.notifications.mail import connection_settings
from contingent.notifications.models import Message
from contingent.notifications.outbox import MAX_ATTEMPTS, send_due_messages
from contingent.notifications.services import Recipient, queue_message

pytestmark = pytest.mark.django_db


def _queue(**extra) -> Message:
    with transaction.atomic():
        return queue_message(Recipient("rafael@example.com", "Rafael"), "Plan published", "Hello Rafael.\n", **extra)


def test_a_queued_email_is_sent_over_smtp_and_kept_as_evidence(smtp_server):
    attachment = add_evidence(None, "outbox-test", "plan.pdf", b"%PDF-1.7 fake", media_type="application/pdf")
    message = _queue(attachments=[attachment], evidence_folder="plans/payments-drp/v1")

    report = send_due_messages()

    assert report.sent == 1
    assert smtp_server.recipients == ["rafael@example.com"]
    rcpts, raw, received = smtp_server.received[0]
    assert received["Subject"] == "Plan published"
    assert received["Message-ID"] == message.message_id
    [pdf] = [part for part in received.iter_attachments()]
    assert pdf.get_filename() == "plan.pdf" and pdf.get_content() == b"%PDF-1.7 fake"

    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None and message.attempts == 1
    eml = message.eml
    assert eml.folder.path == "plans/payments-drp/v1" and eml.name.endswith(".eml")
    assert eml.media_type == "message/rfc822"
    kept = open_evidence(None, eml).read()
    assert eml.sha256 == hashlib.sha256(kept).hexdigest()
    # The copy is the email that went out, byte for byte.
    assert kept.replace(b"\r\n", b"\n").strip() == raw.replace(b"\r\n", b"\n").strip()


def test_sending_twice_sends_once(smtp_server):
    _queue()
    send_due_messages()
    send_due_messages()
    assert len(smtp_server.received) == 1


def test_a_rolled_back_change_sends_nothing(smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_message(Recipient("rafael@example.com"), "Never", "never")
        raise RuntimeError("the change failed")
    assert send_due_messages().sent == 0
    assert smtp_server.received == []


def test_the_same_dedup_key_queues_one_email(smtp_server):
    first = _queue(dedup_key="review:plan:1:2027-01-01:rafael@example.com")
    again = _queue(dedup_key="review:plan:1:2027-01-01:rafael@example.com")
    assert first.pk == again.pk and Message.objects.count() == 1


def test_an_unreachable_server_is_retried_later_then_delivered(settings, smtp_server):
    message = _queue()
    real = settings.EMAIL_URL
    settings.EMAIL_URL = f"smtp://127.0.0.1:{free_port()}"  # nobody listens there

    report = send_due_messages()

    message.refresh_from_db()
    assert report.retried == 1 and message.status == "queued" and message.attempts == 1
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert send_due_messages().sent == 0  # not due yet: backing off

    settings.EMAIL_URL = real
    assert send_due_messages(now=timezone.now() + timedelta(hours=1)).sent == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and message.last_error == ""


def test_after_the_last_attempt_the_message_is_marked_failed(settings):
    settings.EMAIL_URL = f"smtp://127.0.0.1:{free_port()}"
    message = _queue()
    Message.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
    send_due_messages()
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS


def test_the_embedded_default_writes_emails_to_the_outbox_folder(settings, tmp_path):
    settings.EMAIL_URL = ""
    settings.DATA_DIR = tmp_path
    _queue()
    assert send_due_messages().sent == 1
    [written] = list((tmp_path / "outbox").iterdir())
    assert b"Subject: Plan published" in written.read_bytes()
    assert EvidenceFile.objects.count() == 0  # no evidence folder asked for


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mailer:s%40cret@mail.example.com:2525",
            {"host": "mail.example.com", "port": 2525, "password": "s@cret"},
        ),
        ("smtp+tls://u:p@mail.example.com", {"use_tls": True, "port": 587, "username": "u"}),
        ("smtps://mail.example.com", {"use_ssl": True, "port": 465}),
    ],
)
def test_email_urls_name_the_server(url, expected):
    backend, options = connection_settings(url)
    assert backend.endswith("smtp.EmailBackend")
    assert expected.items() <= options.items()


def test_an_unknown_email_scheme_is_refused_with_the_setting_named():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="CONTINGENT_EMAIL_URL"):
        connection_settings("pop3://mail.example.com")
