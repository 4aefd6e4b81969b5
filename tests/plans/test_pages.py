"""The plan pages: detail with sections, contacts, runbook drawing and actions; forms; versions; compare."""

import pytest
from django.test import Client
from tests.conftest import PASSWORD
from tests.plans.conftest import publish

from contingent.plans import services

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_the_detail_page_shows_state_actions_runbook_and_contacts(people, global_plan):
    page = login(people["auditor"]).get(f"/plans/{global_plan.pk}/").content.decode()
    assert "Draft" in page and "Submit for review" not in page  # the auditor reads, changes nothing
    page = login(people["sclead"]).get(f"/plans/{global_plan.pk}/").content.decode()
    assert "Submit for review" in page
    assert 'data-testid="runbook-drawing"' in page and "Restore the billing database" in page
    assert "Infrastructure hands the restored network to Payments." in page
    assert "Giulia" in page  # the incident manager, from the role assignments


def test_the_lifecycle_buttons_move_the_plan(people, team_plan):
    dev = login(people["dev"])
    dev.post(f"/plans/{team_plan.pk}/transition/", {"action": "submit"})
    team_plan.refresh_from_db()
    assert team_plan.state == "in_review"
    r = dev.post(f"/plans/{team_plan.pk}/transition/", {"action": "approve"}, follow=True)
    assert "Your roles do not allow" in r.content.decode()


def test_sections_and_steps_are_edited_with_forms(people, team_plan):
    dev = login(people["dev"])
    r = dev.post(f"/plans/{team_plan.pk}/sections/declaration/", {"body": "Giulia declares by phone."})
    assert r.status_code == 302
    r = dev.post(f"/plans/{team_plan.pk}/steps/new/", {"key": "dns", "title": "Switch DNS", "phase": "recovery",
                 "optimistic": "10m", "likely": "1h", "pessimistic": "30m", "role": "team_member"})  # fmt: skip
    assert "the pessimistic duration cannot be shorter than the likely one" in r.content.decode()
    r = dev.post(f"/plans/{team_plan.pk}/steps/new/", {"key": "dns", "title": "Switch DNS", "phase": "recovery",
                 "optimistic": "10m", "likely": "30m", "pessimistic": "1h", "role": "team_member",
                 "predecessors": [team_plan.steps.get().pk]})  # fmt: skip
    assert r.status_code == 302
    page = dev.get(f"/plans/{team_plan.pk}/").content.decode()
    assert "Giulia declares by phone." in page and "Switch DNS" in page


def test_versions_are_read_only_pages_and_compare_side_by_side(people, team_plan):
    publish(team_plan, people["dev"], people["paymgr"])
    services.edit_section(people["dev"], team_plan, "declaration", body="Call the incident bridge.")
    auditor = login(people["auditor"])
    page = auditor.get(f"/plans/{team_plan.pk}/versions/1/").content.decode()
    assert "Read-only" in page and "Call the incident bridge." not in page
    page = auditor.get(f"/plans/{team_plan.pk}/compare/?a=1&b=draft").content.decode()
    assert "Section Declaration and trigger" in page and "Call the incident bridge." in page


def test_overdue_page_lists_plans(people, team_plan):
    from datetime import date

    type(team_plan).objects.filter(pk=team_plan.pk).update(next_review=date(2020, 1, 1))
    page = login(people["auditor"]).get("/plans/overdue/").content.decode()
    assert "Payments DR plan" in page and "2020-01-01" in page


def test_the_plan_list_query_count_does_not_grow(people, teams, team_plan, django_assert_max_num_queries):
    for i in range(5):
        services.create_plan(people["dev"], key=f"p{i}", title=f"P{i}", kind="team_drp", team=teams["payments"])
    c = login(people["auditor"])
    with django_assert_max_num_queries(15):
        assert c.get("/plans/").status_code == 200


def test_someone_outside_the_team_is_refused_the_edit_forms(people, team_plan):
    infra = login(people["infra"])
    assert infra.get(f"/plans/{team_plan.pk}/sections/declaration/").status_code == 403
    assert infra.get(f"/plans/{team_plan.pk}/steps/new/").status_code == 403
    assert login(people["dev"]).get(f"/plans/{team_plan.pk}/steps/new/").status_code == 200
