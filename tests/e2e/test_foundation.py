"""A continuity lead and a BC Manager at work in a real browser (Chromium via Playwright)."""

import pytest
from tests.conftest import PASSWORD
from tests.e2e.conftest import login

from contingent.bia.models import ImpactAssessment
from contingent.inventory.models import Dependency, Item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_create_a_service_with_a_dependency_and_assess_its_impact(live_server, page, shot, cast, make_item):
    make_item("billing-db", name="Billing database", team="payments")
    base = live_server.url
    login(page, base, "sclead", PASSWORD)
    shot("01-overview")

    page.goto(f"{base}/services/new/")
    page.fill("#id_key", "billing")
    page.fill("#id_name", "Billing")
    page.select_option("#id_service_type", "business")
    page.select_option("#id_owner_team", label="Payments")
    page.check("#id_business_critical")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Billing')")
    service = Item.objects.get(key="billing")

    page.click("summary:has-text('Add a dependency')")
    page.select_option("select[name=targets]", label="Billing database")
    page.click("button:has-text('Add dependency')")
    page.wait_for_selector("h1")
    assert Dependency.objects.filter(dependent=service, targets__key="billing-db").exists()
    page.goto(f"{base}/services/{service.pk}/")
    assert page.locator("text=Billing database").first.is_visible()
    shot("02-service-with-dependency")

    page.goto(f"{base}/items/{service.pk}/graph/")
    assert page.locator("[data-testid=dependency-graph] svg text", has_text="Billing database").count() == 1
    shot("03-dependency-graph")

    # The BC Manager assesses the impact of losing it.
    page.context.clear_cookies()
    login(page, base, "bcm", PASSWORD)
    page.goto(f"{base}/assessments/new/?item={service.pk}")
    page.fill("#id_rpo", "1h")
    page.fill("#id_minimum_staff", "2")
    page.click("button:has-text('Save')")
    page.wait_for_selector("[data-testid=impact-chart]")
    for category, levels in (("financial", [1, 2, 3, 4, 5, 5]), ("reputation", [1, 2, 4, 4, 5, 5])):
        for seconds, level in zip((3600, 14400, 86400, 259200, 604800, 2592000), levels, strict=True):
            page.select_option(f"select[name='{category}@{seconds}']", str(level))
    page.click("button:has-text('Save ratings')")
    page.wait_for_selector("text=Impact ratings saved")
    assert page.inner_text("[data-testid=mtpd]") == "1d"
    assert page.inner_text("[data-testid=rto]") == "4h"
    assert "Tier 1" in page.inner_text("[data-testid=tier]")
    assert page.locator("[data-testid=impact-chart] polyline").count() == 2  # one line per rated category
    shot("04-impact-assessment")
    assert ImpactAssessment.objects.get(item=service).rto.total_seconds() == 4 * 3600


def test_a_bad_form_names_the_field_and_saves_nothing(live_server, page, shot, cast):
    login(page, live_server.url, "sclead", PASSWORD)
    page.goto(f"{live_server.url}/assets/new/")
    page.fill("#id_key", "Not A Key")
    page.fill("#id_name", "Key vault")
    page.click("button:has-text('Save')")
    assert page.locator("#id_key-errors").is_visible()
    assert page.locator("#id_asset_type-errors, .errorlist").first.is_visible()
    shot("05-form-errors")
    assert not Item.objects.filter(name="Key vault").exists()


def test_the_auditor_sees_no_edit_buttons(live_server, page, cast, make_item):
    item = make_item("billing-db")
    login(page, live_server.url, "auditor", PASSWORD)
    page.goto(f"{live_server.url}/assets/{item.pk}/")
    assert page.locator("a:has-text('Edit')").count() == 0
    assert page.goto(f"{live_server.url}/assets/{item.pk}/edit/").status == 403
