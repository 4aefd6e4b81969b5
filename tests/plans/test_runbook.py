"""Runbook steps as data: order, dependencies within and across plans, durations; cycles refused by name."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from contingent.access.roles import Role
from contingent.plans import runbook, services
from contingent.plans.document import RunbookStepData

pytestmark = pytest.mark.django_db
H = timedelta(hours=1)


def _step(actor, plan, key, *after, phase="recovery"):
    return runbook.add_step(actor, plan, key=key, title=key.title(), role=Role.TEAM_MEMBER, optimistic=H,
                            likely=2 * H, pessimistic=3 * H, predecessors=list(after), phase=phase)  # fmt: skip


def test_a_step_cycle_is_refused_naming_the_cycle(people, team_plan):
    dev = people["dev"]
    a = team_plan.steps.get()
    b = _step(dev, team_plan, "dns", a)
    c = _step(dev, team_plan, "smoke", b)
    with pytest.raises(ValidationError) as refused:
        runbook.update_step(dev, a, predecessors=[c])
    assert refused.value.message_dict["predecessors"] == [
        "steps would wait on each other in a circle: "
        "payments-drp/restore-db → payments-drp/smoke → payments-drp/dns → payments-drp/restore-db"
    ]
    assert list(a.predecessors.all()) == []


def test_a_step_cannot_wait_on_itself(people, team_plan):
    a = team_plan.steps.get()
    with pytest.raises(ValidationError, match="circle: payments-drp/restore-db → payments-drp/restore-db"):
        runbook.update_step(people["dev"], a, predecessors=["restore-db"])


def test_a_plan_reference_cycle_is_refused_naming_the_cycle(people, teams, global_plan, team_plan):
    with pytest.raises(ValidationError) as refused:
        runbook.add_reference(people["dev"], team_plan, global_plan)
    assert refused.value.message_dict["target"] == [
        "plans would trigger each other in a circle: payments-drp → global-drp → payments-drp"
    ]


def test_a_recovery_step_cannot_wait_on_reconstitution(people, team_plan):
    late = _step(people["dev"], team_plan, "archive", phase="reconstitution")
    with pytest.raises(ValidationError, match="cannot wait on reconstitution steps: payments-drp/archive"):
        _step(people["dev"], team_plan, "portal", late)


def test_durations_must_be_ordered(people, team_plan):
    with pytest.raises(ValidationError) as refused:
        runbook.add_step(people["dev"], team_plan, key="x", title="X", optimistic=3 * H, likely=H, pessimistic=H)
    assert "optimistic" in refused.value.message_dict


def test_a_member_of_another_team_cannot_add_steps(people, teams):
    from django.core.exceptions import PermissionDenied

    plan = services.create_plan(people["infra"], key="infra-drp", title="Infra DRP", kind="team_drp",
                                team=teams["infra"])  # fmt: skip
    with pytest.raises(PermissionDenied):
        _step(people["dev"], plan, "x")


def test_runbook_steps_cover_the_orchestrated_plans_in_order(people, global_plan, team_plan):
    sclead = people["sclead"]
    declare = runbook.add_step(sclead, global_plan, key="declare", title="Declare disaster", role=Role.SC_LEAD,
                               likely=H, pessimistic=2 * H)  # fmt: skip
    runbook.update_step(people["dev"], team_plan.steps.get(), predecessors=["global-drp/declare"])
    steps = services.runbook_steps([global_plan])
    assert [s.key for s in steps] == ["global-drp/declare", "payments-drp/restore-db"]
    restore = steps[1]
    assert restore == RunbookStepData(
        key="payments-drp/restore-db", title="Restore the billing database", plan_key="payments-drp",
        team_id=team_plan.team_id, team="Payments", phase="recovery", optimistic=3600.0, likely=7200.0,
        pessimistic=14400.0, depends_on=("global-drp/declare",), service_id=None,
    )  # fmt: skip
    assert declare.plan == global_plan
    # The team plan alone still brings the step it waits on, so the schedule is whole.
    assert [s.key for s in services.runbook_steps([team_plan])] == ["global-drp/declare", "payments-drp/restore-db"]


def test_removing_a_step_keeps_the_order_of_its_successors(people, team_plan):
    dev = people["dev"]
    a = team_plan.steps.get()
    b = _step(dev, team_plan, "dns", a)
    c = _step(dev, team_plan, "smoke", b)
    runbook.remove_step(dev, b)
    assert list(c.predecessors.all()) == [a]
