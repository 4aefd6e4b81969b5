"""A team DR plan from draft to published in a real browser: written by a team member, returned with
comments by Security, resubmitted, endorsed, approved and published by the team manager, then compared."""

import pytest
from tests.conftest import PASSWORD, _person
from tests.e2e.conftest import login
from tests.plans.conftest import fill

from contingent.access.roles import Role
from contingent.plans.models import Plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_team_plan_goes_from_draft_to_published(live_server, page, shot, cast, teams, make_item):
    _person("paymgr", "Sanne Jansen", teams["payments"], (Role.TEAM_MANAGER, teams["payments"]))
    _person("security", "Niamh Brennan", teams["infra"], (Role.SECURITY_REVIEWER, None))
    billing = make_item("billing", kind="service", name="Billing", business_critical=True)
    base = live_server.url

    # Rafael (Payments team member) starts the plan.
    login(page, base, "dev", PASSWORD)
    page.goto(f"{base}/plans/new/")
    page.fill("#id_key", "payments-drp")
    page.fill("#id_title", "Payments DR plan")
    page.select_option("#id_kind", "team_drp")
    page.select_option("#id_team", label="Payments")
    page.click("button:has-text('Save')")
    page.wait_for_selector("[data-testid=problems]")
    assert "section “Declaration and trigger” is empty" in page.inner_text("[data-testid=problems]")
    shot("plans-01-new-draft-with-problems")

    # He writes the declaration and the assets in the browser (the rest is written the same way).
    page.click("[data-testid=edit-declaration]")
    page.fill("#id_body", "Giulia Rossi declares the disaster on the DR bridge.\n\n- Sanne triggers this plan.")
    page.click("button:has-text('Save')")
    page.click("[data-testid=edit-assets]")
    page.fill("#id_body", "Billing and its database.")
    page.select_option("#id_items", label="Billing")
    page.click("button:has-text('Save')")
    plan = Plan.objects.get(key="payments-drp")
    fill(cast["dev"], plan, service=billing)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.click("[data-testid=add-step]")
    page.fill("#id_key", "deploy")
    page.fill("#id_title", "Deploy billing to North Europe")
    page.select_option("#id_role", "team_member")
    page.fill("#id_optimistic", "1h")
    page.fill("#id_likely", "2h")
    page.fill("#id_pessimistic", "30m")
    page.fill("#id_instructions", "Run the billing release pipeline for prod-neu.")
    page.fill("#id_verification", "The invoice smoke test passes.")
    page.select_option("#id_predecessors", label="payments-drp/restore-db — Restore the billing database")
    page.click("button:has-text('Save')")
    assert "cannot be shorter than the likely one" in page.inner_text("#id_pessimistic-errors")
    shot("plans-02-step-form-error")
    page.fill("#id_pessimistic", "6h")
    page.click("button:has-text('Save')")
    page.wait_for_selector("[data-testid=runbook-drawing] svg")
    assert page.locator("[data-testid=runbook-drawing] svg rect").count() == 2
    assert "Complete" in page.inner_text("#lifecycle")
    page.click("button:has-text('Submit for review')")
    page.wait_for_selector("text=Plan is now in review")
    shot("plans-03-in-review")

    # Security returns it with a comment; Rafael resubmits; Security endorses.
    page.context.clear_cookies()
    login(page, base, "security", PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.click("button:has-text('Return with comments')")
    assert "needs one" in page.inner_text(".messages")
    page.fill("input[name=comment]", "Say who rotates the payment provider key.")
    page.click("button:has-text('Return with comments')")
    page.wait_for_selector("text=Plan is now returned with comments")
    page.context.clear_cookies()
    login(page, base, "dev", PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/#section-safeguards")
    page.click("[data-testid=edit-safeguards]")
    page.fill("#id_body", "Sanne rotates the payment provider key in the provider console.")
    page.click("button:has-text('Save')")
    page.click("button:has-text('Submit for review')")
    page.context.clear_cookies()
    login(page, base, "security", PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.click("button:has-text('Endorse')")
    page.wait_for_selector("text=Plan is now in review")

    # Sanne, the Payments team manager, approves and publishes.
    page.context.clear_cookies()
    login(page, base, "paymgr", PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.click("button:has-text('Approve')")
    page.wait_for_selector("text=Plan is now approved")
    page.click("button:has-text('Publish')")
    page.wait_for_selector("text=Plan is now published")
    assert "v1" in page.inner_text("[data-testid=versions]")
    reviews = page.inner_text("[data-testid=reviews]")
    assert "Say who rotates the payment provider key." in reviews and "Security reviewer" in reviews
    shot("plans-04-published")
    page.click("[data-testid=versions] a:has-text('v1')")
    page.wait_for_selector("[data-testid=frozen]")
    shot("plans-05-version-read-only")

    # A later change shows side by side against the published version.
    page.goto(f"{base}/plans/{plan.pk}/sections/stakeholders/")
    page.fill("#id_body", "Tell the customer desk by phone within 30 minutes.")
    page.click("button:has-text('Save')")
    assert "changed since publication" in page.inner_text("[data-testid=plan-state]")
    page.click("a:has-text('compare with current')")
    page.wait_for_selector("[data-testid=diff-part]")
    assert "Tell the customer desk by phone within 30 minutes." in page.inner_text("main")
    shot("plans-06-compare")
    page.goto(f"{base}/plans/overdue/")
    assert "Payments DR plan" in page.inner_text("[data-testid=changed]")
