"""The whole flow through the plans service: approve, publish, the worker sends, recipients acknowledge."""

import pytest
from tests.plans.conftest import people, publish, team_plan  # noqa: F401 (fixtures)

from contingent.notifications.models import Acknowledgement
from contingent.notifications.worker import run_once

pytestmark = pytest.mark.django_db


def test_publishing_an_approved_plan_emails_its_people_with_the_pdf(team_plan, people, smtp_server):  # noqa: F811
    publish(team_plan, people["dev"], people["paymgr"])
    version = team_plan.latest_version
    assert version.pdf is not None and version.pdf.folder.path == "plans/payments-drp/v1"

    assert run_once().sending.sent >= 1
    assert "paymgr@example.com" in smtp_server.recipients  # the Payments manager holds the plan's role
    _, _, email = smtp_server.received[0]
    assert email["Subject"] == "Published: Payments DR plan (version 1)"
    [pdf] = list(email.iter_attachments())
    assert pdf.get_content().startswith(b"%PDF")
    assert Acknowledgement.objects.filter(object_id=str(version.pk), acknowledged_at__isnull=True).count() == len(
        smtp_server.recipients
    )
