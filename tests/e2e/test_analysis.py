"""A continuity lead runs the West Europe loss scenario, then schedules the recovery from the demo's plans and
looks at the confidence in it (from the example steps document)."""

import pytest
from django.core.management import call_command
from tests.e2e.conftest import login

from contingent.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("migrate", verbosity=0)
    load_demo()


def test_west_europe_loss_then_schedule_and_confidence(live_server, page, shot, demo):
    base = live_server.url
    login(page, base, "okeane", DEMO_PASSWORD)

    page.click("nav.side a:has-text('Loss scenario')")
    page.check("input[name=lose][value='region:westeurope']")
    page.fill("input[name=q]", "lake")
    page.wait_for_selector("[data-testid=matches] input[value='asset:meter-lake']")
    page.check("[data-testid=matches] input[value='asset:meter-lake']")
    shot("analysis-01-loss-picker")
    page.click("button:has-text('Run the scenario')")
    page.wait_for_selector("[data-testid=loss-graph] svg")
    lost = page.locator("h2", has_text="Lost:").inner_text()
    assert "West Europe" in lost and "Meter data lake (ADLS)" in lost
    assert page.locator("[data-testid=no-copy]", has_text="Meter data lake (ADLS)").is_visible()
    assert page.locator("[data-testid=no-copy]", has_text="no copy in North Europe").is_visible()
    assert page.locator("[data-testid=loss-graph] svg text", has_text="West Europe").count() >= 1
    assert page.locator("[data-testid=stopped] td:first-child", has_text="Order to cash").count() == 1
    shot("analysis-02-west-europe-loss")

    page.click("nav.side a:has-text('Single points of failure')")
    assert page.locator("[data-testid=key-staff]", has_text="Camille Dubois").is_visible()
    shot("analysis-03-single-points-of-failure")

    page.click("nav.side a:has-text('Objectives')")
    assert page.locator("[data-testid=rto-conflicts]", has_text="Customer portal").is_visible()

    page.click("nav.side a:has-text('Recovery schedule')")
    page.select_option("select[name=plans]", "global-drp-weu")  # the global DRP and the team plans it orchestrates
    page.click("button:has-text('Schedule the recovery')")
    page.wait_for_selector("[data-testid=gantt] svg")
    assert page.locator("[data-testid=services-back] tr", has_text="Customer portal").locator(".badge.bad").count() == 1
    shot("analysis-04-schedule")

    page.click("nav.side a:has-text('Confidence')")
    page.click("text=Load the example")
    page.fill("input[name=iterations]", "3000")
    page.click("button:has-text('Run the simulation')")
    page.wait_for_selector("[data-testid=instance-histogram] svg")
    assert page.locator("[data-testid=confidence-services] tr", has_text="Billing").is_visible()
    shot("analysis-05-confidence")
