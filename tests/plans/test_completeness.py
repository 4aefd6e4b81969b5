"""Approval is refused while the plan is incomplete, with every reason listed (issue 4, spec 000 DRP 3.1)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from contingent.access.roles import Role
from contingent.org.models import Person
from contingent.plans import runbook, services
from contingent.plans.completeness import approval_problems

pytestmark = pytest.mark.django_db


def test_an_empty_plan_lists_every_missing_part(people, teams):
    plan = services.create_plan(people["dev"], key="p", title="P", kind="team_drp", team=teams["payments"])
    problems = approval_problems(plan)
    assert "section “Declaration and trigger” is empty" in problems
    assert "section “Tests that confirm recovery” is empty" in problems
    assert "the plan has no recovery steps" in problems
    assert not any("Appendices" in p for p in problems)  # optional (NIST appendices)


def test_the_reasons_name_sections_steps_and_roles(people, teams):
    plan = services.create_plan(people["dev"], key="p", title="P", kind="team_drp", team=teams["payments"])
    services.edit_section(people["dev"], plan, "declaration", body="The incident manager declares.")
    runbook.add_step(people["dev"], plan, key="failover", title="Fail over", likely=timedelta(hours=1),
                     pessimistic=timedelta(hours=2))  # fmt: skip
    manager = Person.objects.get(user=people["paymgr"])
    manager.phone = ""
    manager.save()
    services.submit_for_review(people["dev"], plan)
    with pytest.raises(ValidationError) as refused:
        services.approve_plan(people["paymgr"], plan)
    reasons = refused.value.message_dict["state"]
    assert "section “Business-critical assets to recover” is empty" in reasons
    assert "step “failover” (Fail over) has no owner: name the responsible role" in reasons
    assert "step “failover” (Fail over) has no instructions" in reasons
    assert "Sanne (Team manager (Payments)) has no contact details: needs an email and a phone" in reasons
    assert plan.state == "in_review"


def test_a_role_with_nobody_is_named(people, teams, team_plan):
    runbook.update_step(people["dev"], team_plan.steps.get(), role=Role.INCIDENT_MANAGER)
    assert "role Crisis / incident manager (Payments) has nobody assigned" in approval_problems(team_plan)


def test_a_complete_plan_has_no_problems(team_plan):
    assert approval_problems(team_plan) == []


def test_a_global_plan_must_reference_team_plans(people, teams):
    plan = services.create_plan(people["sclead"], key="g", title="G", kind="global_drp", team=teams["infra"])
    assert "a global DR plan must reference the team plans it orchestrates" in approval_problems(plan)


def test_a_team_plan_needs_a_team(people):
    with pytest.raises(ValidationError, match="belongs to a team"):
        services.create_plan(people["bcm"], key="p", title="P", kind="team_drp")
