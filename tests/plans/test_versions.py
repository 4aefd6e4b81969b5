"""Published versions: frozen, numbered, comparable; sections link to live records so the next version
shows today's phone number; review dates follow publication and changes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.plans.conftest import publish

from contingent.org.models import Person
from contingent.plans import services
from contingent.plans.compare import compare
from contingent.plans.document import plan_document

pytestmark = pytest.mark.django_db
CONTRACT_KEYS = {"schema", "plan", "sections", "objectives", "contacts", "steps", "referenced_plans", "handoffs"}


def test_the_document_has_every_key_of_the_contract(people, global_plan):
    document = plan_document(global_plan)
    assert set(document) == CONTRACT_KEYS
    assert document["plan"]["url"].endswith(f"/plans/{global_plan.pk}/")
    assert document["referenced_plans"] == [
        {"key": "payments-drp", "title": "Payments DR plan", "version": None, "team": "Payments"}
    ]
    assert document["handoffs"][0]["description"].startswith("Infrastructure hands")
    assert [s["plan"] for s in document["steps"]] == ["payments-drp"]  # the combined order includes team plans


def test_a_changed_phone_number_shows_in_the_next_version(people, team_plan):
    manager = Person.objects.get(user=people["paymgr"])
    services.edit_section(people["dev"], team_plan, "roles", body="Sanne leads the recovery.", people=[manager])
    publish(team_plan, people["dev"], people["paymgr"])
    first = team_plan.latest_version
    manager.phone = "+31 6 1234 5678"
    manager.save()
    services.edit_section(people["dev"], team_plan, "stakeholders", body="Customer desk, by phone.")
    publish(team_plan, people["dev"], people["paymgr"])
    second = team_plan.latest_version
    old_phones = {c["phone"] for c in first.content["contacts"]}
    new_phones = {c["phone"] for c in second.content["contacts"]}
    assert "+31 6 1234 5678" not in old_phones and "+31 6 1234 5678" in new_phones
    changed = {p.title for p in compare(first.content, second.content) if p.changed}
    assert {"Contacts", "Section Roles and responsibilities", "Section Stakeholders to inform"} <= changed
    assert "Section Declaration and trigger" not in changed


def test_a_published_version_does_not_change_with_the_plan(people, team_plan):
    publish(team_plan, people["dev"], people["paymgr"])
    version = team_plan.latest_version
    frozen = dict(version.content)
    services.edit_section(people["dev"], team_plan, "declaration", body="Something else entirely.")
    version.refresh_from_db()
    assert version.content == frozen
    assert team_plan.state == "draft" and team_plan.changed_since_publication


def test_compare_pairs_sections_side_by_side(people, team_plan):
    publish(team_plan, people["dev"], people["paymgr"])
    services.edit_section(
        people["dev"], team_plan, "declaration", body="Declaration and trigger: what to do.\nCall Giulia."
    )
    parts = {p.title: p for p in compare(team_plan.latest_version.content, plan_document(team_plan))}
    rows = parts["Section Declaration and trigger"].rows
    assert [(r.left, r.right, r.tag) for r in rows] == [
        ("Declaration and trigger: what to do.", "Declaration and trigger: what to do.", "equal"),
        ("", "Call Giulia.", "insert"),
    ]


def test_publication_sets_the_next_review_at_most_a_year_ahead(people, team_plan, settings):
    publish(team_plan, people["dev"], people["paymgr"])
    today = timezone.now().date()
    assert team_plan.next_review == today + timedelta(days=settings.REVIEW_INTERVAL_DAYS)
    services.edit_section(people["dev"], team_plan, "tests", body="Run the smoke tests.")
    assert team_plan.next_review == today + services.REVIEW_AFTER_CHANGE


def test_overdue_plans_are_listed(people, team_plan):
    publish(team_plan, people["dev"], people["paymgr"])
    later = timezone.now().date() + timedelta(days=400)
    assert list(services.overdue_plans(later)) == [team_plan]
    assert list(services.overdue_plans()) == []


def test_recipients_are_everyone_with_a_role_in_the_plan(people, global_plan):
    names = [p.name for p in services.plan_recipients(global_plan)]
    assert names == ["Giulia", "Jeroen", "Orla", "Sanne"]
