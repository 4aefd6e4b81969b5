"""Plans for the tests: a complete Payments team DR plan (Rafael writes it, Sanne the Payments manager
approves it, Niamh from Security reviews it) and a global DR plan of the infrastructure team (Jeroen approves)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from tests.conftest import PASSWORD, _person

from contingent.access.roles import Role
from contingent.org.models import Person, RoleAssignment
from contingent.plans import runbook, services
from contingent.plans.models import Plan

H = timedelta(hours=1)


@pytest.fixture
def people(cast, teams):
    """The cast plus the Payments manager and a security reviewer."""
    return {
        **cast,
        "paymgr": _person("paymgr", "Sanne", teams["payments"], (Role.TEAM_MANAGER, teams["payments"])),
        "security": _person("security", "Niamh", teams["infra"], (Role.SECURITY_REVIEWER, None)),
    }


def fill(actor: User, plan: Plan, service=None) -> Plan:
    """Write every required section and one recovery step, so the plan is complete."""
    for section in plan.spec.sections:
        if section.required:
            services.edit_section(actor, plan, section.key, body=f"{section.title}: what to do.")
    if plan.spec.runbook and not plan.spec.orchestrates:
        runbook.add_step(
            actor, plan, key="restore-db", title="Restore the billing database", role=Role.TEAM_MANAGER,
            optimistic=H, likely=2 * H, pessimistic=4 * H, instructions="Run the restore runbook.",
            verification="Row counts match the last backup report.", service=service,
        )  # fmt: skip
    return plan


@pytest.fixture
def team_plan(people, teams):
    plan = services.create_plan(people["dev"], key="payments-drp", title="Payments DR plan", kind="team_drp",
                                team=teams["payments"])  # fmt: skip
    return fill(people["dev"], plan)


@pytest.fixture
def global_plan(people, teams, team_plan):
    plan = services.create_plan(people["sclead"], key="global-drp", title="Global DR plan", kind="global_drp",
                                team=teams["infra"])  # fmt: skip
    fill(people["sclead"], plan)
    incident = _person("incident", "Giulia", None, (Role.INCIDENT_MANAGER, None))
    assert incident
    runbook.add_reference(people["sclead"], plan, team_plan, "Infrastructure hands the restored network to Payments.")
    return plan


def publish(plan: Plan, author: User, approver: User) -> None:
    services.submit_for_review(author, plan)
    services.approve_plan(approver, plan)
    services.publish_plan(approver, plan)


__all__ = ["PASSWORD", "Person", "RoleAssignment"]
