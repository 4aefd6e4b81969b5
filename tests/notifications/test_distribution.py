"""Publishing a plan version (spec 000 DRP 3.5–3.6): the read-only PDF is filed in the plan's evidence folder,
and everyone with a role in the plan is emailed a link and the PDF; each email is kept as an .eml."""

import hashlib
import io
import re

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from tests.conftest import PASSWORD

from contingent.audit.models import AuditEvent
from contingent.evidence.models import EvidenceFile
from contingent.evidence.services import open_evidence
from contingent.notifications.models import Acknowledgement, Message
from contingent.notifications.outbox import send_due_messages
from contingent.plans.document import plan_document
from contingent.plans.models import PlanVersion
from contingent.plans.publication import publish_artifacts
from contingent.plans.services import create_plan

pytestmark = pytest.mark.django_db


def test_the_published_pdf_is_filed_read_only_in_the_plan_folder(version):
    pdf = version.pdf
    assert pdf.folder.path == "plans/infra-drp/v1" and pdf.media_type == "application/pdf"
    assert pdf.record == version and pdf.classification == "confidential"
    content = open_evidence(None, pdf).read()
    assert pdf.sha256 == hashlib.sha256(content).hexdigest()
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Infrastructure DR plan" in text and "CONFIDENTIAL" in text


def test_everyone_with_a_role_is_emailed_the_link_and_the_pdf(version, smtp_server):
    assert send_due_messages().sent == 3
    # Jeroen manages the team, Orla owns the plan, Rafael reviews it.
    assert smtp_server.recipients == ["dev@example.com", "infra@example.com", "sclead@example.com"]
    for _, _, email in smtp_server.received:
        assert email["Subject"] == "Published: Infrastructure DR plan (version 1)"
        body = email.get_body(("plain",)).get_content()
        assert version.content["plan"]["url"] in body
        [pdf] = list(email.iter_attachments())
        assert pdf.get_filename() == "infra-drp-v1.pdf"
        assert hashlib.sha256(pdf.get_content()).hexdigest() == version.pdf.sha256


def test_each_sent_email_is_kept_as_an_eml_in_the_plan_folder(version, smtp_server):
    send_due_messages()
    emls = EvidenceFile.objects.filter(folder__path="plans/infra-drp/v1", media_type="message/rfc822")
    assert emls.count() == 3
    for eml in emls:
        content = open_evidence(None, eml).read()
        assert eml.sha256 == hashlib.sha256(content).hexdigest()
        assert b"Subject: Published: Infrastructure DR plan (version 1)" in content
        assert eml.record == version
        # It holds the PDF and the recipient's own acknowledgement link: never open to every signed-in user.
        assert eml.classification == "confidential"


def test_a_rolled_back_publication_sends_nothing(cast, teams, smtp_server):
    plan = create_plan(cast["infra"], key="rollback-drp", title="Rolled back", kind="team_drp", team=teams["infra"])
    with pytest.raises(RuntimeError), transaction.atomic():
        v = PlanVersion.objects.create(
            plan=plan, number=1, content=plan_document(plan, 1), created_by=cast["infra"], created_at=timezone.now()
        )
        publish_artifacts(cast["infra"], v)
        raise RuntimeError("publication failed later in the transaction")
    assert Message.objects.count() == 0 and send_due_messages().sent == 0
    assert smtp_server.received == []


def _link(smtp_server, address: str) -> str:
    for rcpts, _, email in smtp_server.received:
        if address in rcpts:
            body = email.get_body(("plain",)).get_content()
            return re.search(r"https://bcm\.example\.com(/acknowledge/[^/\s]+/)", body).group(1)
    raise AssertionError(f"no email to {address}")


def test_a_recipient_acknowledges_from_the_emailed_link(version, smtp_server, client):
    send_due_messages()
    link = _link(smtp_server, "dev@example.com")
    page = client.get(link)
    assert page.status_code == 200 and b"I have received it" in page.content
    assert Acknowledgement.objects.filter(acknowledged_at__isnull=False).count() == 0  # a GET records nothing

    done = client.post(link)
    assert b"Receipt acknowledged" in done.content
    ack = Acknowledgement.objects.get(email="dev@example.com")
    assert ack.acknowledged_at is not None and ack.acknowledged_via == "email link"
    assert AuditEvent.objects.filter(action="acknowledge", object_id=str(version.pk)).count() == 1
    client.post(link)  # again: nothing changes
    assert AuditEvent.objects.filter(action="acknowledge").count() == 1


def test_a_made_up_link_is_not_found(client, version):
    assert client.get("/acknowledge/not-a-real-token/").status_code == 404


def test_only_the_hash_of_the_link_token_is_stored(version, smtp_server):
    send_due_messages()
    token = _link(smtp_server, "dev@example.com").split("/")[2]
    ack = Acknowledgement.objects.get(email="dev@example.com")
    assert token not in (ack.token_hash, ack.salt)
    assert ack.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Message.objects.filter(body__contains=token).exists()


def test_a_signed_in_recipient_acknowledges_and_an_outsider_is_refused(version, client):
    url = f"/acknowledgements/plans.planversion/{version.pk}/acknowledge/"
    client.login(username="outsider", password=PASSWORD)
    client.post(url)
    assert not Acknowledgement.objects.filter(acknowledged_at__isnull=False).exists()

    client.login(username="infra", password=PASSWORD)
    client.post(url)
    ack = Acknowledgement.objects.get(email="infra@example.com")
    assert ack.acknowledged_via == "signed in" and ack.acknowledged_by.username == "infra"
