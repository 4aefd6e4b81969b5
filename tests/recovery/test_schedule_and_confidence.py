"""The recovery schedule and the confidence in it, from a steps document."""

import pytest
from django.core.exceptions import ValidationError
from tests.recovery.conftest import EXAMPLE_STEPS

from contingent.recovery.planning import estimate_confidence, plan_recovery
from contingent.recovery.steps_source import StepSource, parse_steps_document


def test_the_example_failover_is_scheduled_with_critical_path_and_limits(auditor):
    schedule = plan_recovery(auditor, StepSource(text=EXAMPLE_STEPS.read_text()))
    critical = [link["step"] for link in schedule.critical_path]
    assert critical[0] == "declare" and "lake" in critical
    back = {s.name: s for s in schedule.services}
    assert back["Customer portal"].rto == 4 * 3600 and back["Customer portal"].within_rto is False
    assert back["Billing"].within_rto is True
    # Reconstitution starts only after the recovery phase is complete.
    rebuild = next(s for s in schedule.steps if s.key == "reconstitute-weu")
    assert rebuild.start == schedule.recovery_finish
    assert schedule.instance_within_limit and schedule.instance_limit == 3 * 86400
    assert all(t.within_limit for t in schedule.teams)


def test_a_team_works_on_no_more_steps_at_once_than_its_limit(auditor):
    steps = "teams: {payments: 1}\nsteps:\n" + "".join(
        f"- {{key: s{i}, team: payments, likely: 1h}}\n" for i in range(3)
    )
    schedule = plan_recovery(auditor, StepSource(text=steps))
    assert sorted(s.start for s in schedule.steps) == [0, 3600, 7200]


def test_the_team_limit_comes_from_the_settings(auditor, settings):
    settings.TEAM_RECOVERY_LIMIT = "2h"
    schedule = plan_recovery(auditor, StepSource(text=EXAMPLE_STEPS.read_text()))
    over = {t.team for t in schedule.teams if not t.within_limit}
    assert "Meter Data Platform" in over and schedule.team_limit == 7200


def test_confidence_gives_probabilities_against_each_rto(auditor):
    result = estimate_confidence(auditor, StepSource(text=EXAMPLE_STEPS.read_text()), iterations=2000, seed=7)
    by_name = {o.name: o.result for o in result.services}
    assert by_name["Customer portal"].objective == 4 * 3600
    assert by_name["Customer portal"].p_within_objective < 0.1
    assert by_name["Billing"].p_within_objective > 0.9
    assert result.instance.result.p50 <= result.instance.result.p90
    again = estimate_confidence(auditor, StepSource(text=EXAMPLE_STEPS.read_text()), iterations=2000, seed=7)
    assert again.instance.result.p90 == result.instance.result.p90  # seeded: repeatable


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        (
            "steps:\n- {key: a, likely: 1h, depends_on: [b]}\n- {key: b, likely: 1h, depends_on: [a]}",
            "steps.a.depends_on",
            "wait on each other",
        ),
        ("steps:\n- {key: a, likely: 1h, team: nobody}", "steps.a.team", "no team with key 'nobody'"),
        ("steps:\n- {key: a, likely: 1h, depends_on: [ghost]}", "steps.a.depends_on", "no step with key 'ghost'"),
        ("steps:\n- {key: a, likely: soon}", "steps.a.likely", "not a duration"),
        ("steps:\n- {key: a, likely: 2h, optimistic: 3h}", "steps.a.likely", "optimistic <= likely"),
        ("steps:\n- {key: a, likely: 1h, service: nothing}", "steps.a.service", "no service or process"),
        ("steps: [", "steps", "not valid YAML"),
    ],
)
def test_step_errors_name_the_step_and_the_field(demo, document, field, message):
    with pytest.raises(ValidationError) as error:
        parse_steps_document(document)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])


def test_confidence_refuses_an_absurd_number_of_iterations(auditor):
    with pytest.raises(ValidationError) as error:
        estimate_confidence(auditor, StepSource(text=EXAMPLE_STEPS.read_text()), iterations=0)
    assert "iterations" in error.value.message_dict


def test_recovery_plans_supply_steps_and_show_which_stopped_services_have_a_plan(auditor):
    from datetime import timedelta

    from contingent.inventory.models import Item
    from contingent.org.models import Team
    from contingent.plans.models import Plan, RunbookStep

    payments = Team.objects.get(key="payments")
    plan = Plan.objects.create(key="payments-drp", title="Payments DRP", kind="team_drp", team=payments)
    hour = timedelta(hours=1)
    db = RunbookStep.objects.create(
        plan=plan, key="db", title="Fail over the database", likely=hour, pessimistic=2 * hour
    )
    app = RunbookStep.objects.create(
        plan=plan, key="app", title="Deploy billing", position=1, likely=2 * hour, pessimistic=3 * hour,
        service=Item.objects.get(key="billing"),
    )  # fmt: skip
    app.predecessors.add(db)
    schedule = plan_recovery(auditor, StepSource(plans=("payments-drp",)))
    assert [s.key for s in schedule.steps] == ["payments-drp/db", "payments-drp/app"]
    assert schedule.steps[0].team == "Payments"
    assert [(s.name, s.restored) for s in schedule.services] == [("Billing", 3 * 3600)]
    from contingent.recovery.loss import Scenario, run_loss_scenario

    stopped = {s.node.name: s for s in run_loss_scenario(auditor, Scenario(regions=("westeurope",))).stopped}
    assert "payments-drp" in [p["key"] for p in stopped["Billing"].plans]
    assert stopped["Regulatory reporting"].plans == []  # no plan brings it back
    with pytest.raises(ValidationError) as error:
        plan_recovery(auditor, StepSource(plans=("no-such-plan",)))
    assert error.value.message_dict == {"plans": ["no plan with key: no-such-plan"]}


def test_the_demo_global_plan_schedules_every_team_plan_it_orchestrates(auditor):
    schedule = plan_recovery(auditor, StepSource(plans=("global-drp-weu",)))
    assert {"Azure Infrastructure", "Payments", "Customer Portal", "Meter Data Platform"} <= {
        t.team for t in schedule.teams
    }
    assert schedule.critical_path[0]["step"].startswith("global-drp-weu/")
    assert "Customer portal" in {s.name for s in schedule.services}
