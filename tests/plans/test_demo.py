"""The demo organisation's plans: all published, by the people spec 000 makes accountable."""

import pytest
from django.core.management import call_command

from contingent.audit.models import AuditEvent
from contingent.demo.loader import load_demo
from contingent.lifecycle.services import reviews_of
from contingent.plans.completeness import approval_problems
from contingent.plans.models import Plan
from contingent.plans.services import runbook_steps


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("migrate", verbosity=0)
        load_demo()
        yield
        call_command("flush", verbosity=0, interactive=False)
        _reload_catalogues()


def _reload_catalogues() -> None:
    """flush empties what the data migrations loaded too (regions, tiers); later tests expect them."""
    import importlib

    from django.apps import apps

    importlib.import_module("contingent.inventory.migrations.0003_load_azure_region_catalogue").load(apps, None)
    importlib.import_module("contingent.bia.migrations.0003_default_recovery_tiers").load(apps, None)


@pytest.fixture
def plans(demo, db):
    return {p.key: p for p in Plan.objects.select_related("team", "approved_by")}


def test_every_demo_plan_is_published_and_complete(plans):
    kinds = sorted(p.kind for p in plans.values())
    assert kinds == ["bc_policy", "bcp", "global_drp", "team_drp", "team_drp", "team_drp", "team_drp"]
    for plan in plans.values():
        assert plan.state == "published" and plan.latest_version.number == 1, plan.key
        assert plan.latest_version.pdf is not None, plan.key
        assert approval_problems(plan) == [], plan.key


def test_each_plan_is_approved_by_its_accountable_person(plans):
    approvers = {key: p.approved_by.username for key, p in plans.items()}
    assert approvers == {
        "bc-policy": "mvandenberg",
        "bcp-order-to-cash": "mvandenberg",
        "drp-infra": "jdevries",
        "drp-payments": "sjansen",
        "drp-portal": "cdubois",
        "drp-meterdata": "hlindqvist",
        "global-drp-weu": "jdevries",
    }
    trail = [(r.reviewer.username, r.action) for r in reversed(reviews_of(plans["drp-payments"]))]
    assert trail == [("lbauer", "submit"), ("nbrennan", "endorse"), ("sjansen", "approve"), ("sjansen", "publish")]
    publish = AuditEvent.objects.get(
        action="publish", object_type="plans.plan", object_id=str(plans["global-drp-weu"].pk)
    )
    assert publish.actor_name == "jdevries"


def test_the_global_plan_orchestrates_every_team_plan_in_one_order(plans):
    glob = plans["global-drp-weu"]
    content = glob.latest_version.content
    assert [r["key"] for r in content["referenced_plans"]] == [
        "drp-infra",
        "drp-payments",
        "drp-portal",
        "drp-meterdata",
    ]
    steps = runbook_steps([glob])
    assert steps[0].key == "global-drp-weu/declare" and steps[-1].phase == "reconstitution"
    position = {s.key: i for i, s in enumerate(steps)}
    assert all(position[d] < position[s.key] for s in steps for d in s.depends_on)
    assert {s.plan_key for s in steps} == {"global-drp-weu", "drp-infra", "drp-payments", "drp-portal", "drp-meterdata"}
