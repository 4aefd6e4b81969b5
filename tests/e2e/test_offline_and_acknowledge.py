"""In a browser: the offline copy opened from disk (file://, no server), and a recipient acknowledging a
published plan from the link in their email."""

import re

import pytest
from tests.documents.conftest import publish  # noqa: F401 (fixture)
from tests.plans.conftest import people, team_plan  # noqa: F401 (fixtures)

from contingent.documents.offline import export_offline
from contingent.notifications.models import Message
from contingent.notifications.services import acknowledge_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_offline_copy_reads_from_disk_without_a_server(publish, cast, page, shot, tmp_path):  # noqa: F811
    publish("infra-drp", "Infrastructure DR plan")
    publish("payments-drp", "Payments DR plan", team="payments", classification="confidential")
    export_offline(cast["bcm"], tmp_path / "usb")

    page.goto((tmp_path / "usb" / "index.html").as_uri())
    assert page.locator("h1").inner_text() == "Published plans"
    assert page.locator("table tbody tr").count() == 2
    # The stylesheet loaded over file://: the header is painted in the brand colour.
    assert page.eval_on_selector("header", "e => getComputedStyle(e).backgroundColor") == "rgb(31, 58, 95)"
    shot("offline-index")

    page.click("text=Infrastructure DR plan")
    assert re.search(r"plans/infra-drp/index\.html$", page.url)
    assert page.locator("#runbook .step h3").first.inner_text().startswith("1. Restore the core network")
    shot("offline-plan")

    page.click("text=Contacts")
    assert page.locator("h1").inner_text() == "Contacts in the published plans"


def test_a_recipient_acknowledges_from_the_emailed_link(publish, live_server, page, shot):  # noqa: F811
    version = publish("infra-drp", "Infrastructure DR plan")
    message = Message.objects.get(to="infra@example.com", object_id=str(version.pk))
    link = acknowledge_url(message.acknowledgement).split("/acknowledge/", 1)[1]

    page.goto(f"{live_server.url}/acknowledge/{link}")
    assert "Infrastructure DR plan v1" in page.inner_text("main")
    page.click("text=I have received it")
    assert "Receipt acknowledged" in page.inner_text("main")
    shot("acknowledge-receipt")


def test_the_outbox_shows_what_was_sent_and_what_waits(publish, live_server, page, shot, settings, tmp_path):  # noqa: F811
    from tests.conftest import PASSWORD
    from tests.e2e.conftest import login

    from contingent.notifications.outbox import send_due_messages

    publish("infra-drp", "Infrastructure DR plan")
    settings.EMAIL_URL, settings.DATA_DIR = "", tmp_path  # the embedded default: files in DATA_DIR/outbox
    Message.objects.filter(to="infra@example.com").update(status="queued")
    send_due_messages()

    login(page, live_server.url, "bcm", PASSWORD)
    page.goto(f"{live_server.url}/outbox/")
    assert page.locator("table tbody tr").count() == Message.objects.count()
    assert page.locator("text=.eml").count() == Message.objects.filter(status="sent").count() > 0
    shot("email-outbox")


def test_a_signed_in_recipient_acknowledges_on_the_version_page(live_server, page, shot, people, team_plan):  # noqa: F811
    from tests.conftest import PASSWORD
    from tests.e2e.conftest import login
    from tests.plans.conftest import publish as publish_plan

    from contingent.notifications.models import Acknowledgement

    publish_plan(team_plan, people["dev"], people["paymgr"])
    version = team_plan.latest_version
    login(page, live_server.url, "paymgr", PASSWORD)
    page.goto(live_server.url + version.get_absolute_url())
    panel = page.locator("section.acknowledgements")
    assert "0 of" in panel.inner_text()
    panel.locator("button", has_text="Acknowledge receipt").click()
    panel = page.locator("section.acknowledgements")
    assert "1 of" in panel.inner_text() and "signed in" in panel.inner_text()
    assert Acknowledgement.objects.get(email="paymgr@example.com").acknowledged_at is not None
    shot("plan-version-acknowledgements")
