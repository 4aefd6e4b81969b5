"""Published plan versions built through the plans services, then handed to publication."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from contingent.org.models import Person
from contingent.plans.document import plan_document
from contingent.plans.models import PlanVersion, RunbookStep
from contingent.plans.publication import publish_artifacts
from contingent.plans.services import create_plan, edit_section


@pytest.fixture
def publish(cast, teams):
    def make(key: str, title: str, team: str = "infra", classification: str = "internal") -> PlanVersion:
        actor = cast["infra"] if team == "infra" else cast["sclead"]
        plan = create_plan(
            actor,
            key=key,
            title=title,
            kind="team_drp",
            team=teams[team],
            owner=Person.objects.get(key="infra"),
            classification=classification,
        )
        edit_section(
            actor, plan, "declaration", body="The incident manager declares.\n\n- Call the bridge\n- Page the team"
        )
        RunbookStep.objects.create(
            plan=plan,
            key="restore-network",
            title="Restore the core network",
            role="team_manager",
            likely=timedelta(hours=2),
            pessimistic=timedelta(hours=4),
            instructions="Fail over the <b>hub</b> firewall to North Europe.",
            verification="Ping the gateway.",
        )
        with transaction.atomic():
            version = PlanVersion.objects.create(
                plan=plan,
                number=1,
                content=plan_document(plan, version=1),
                created_by=actor,
                created_at=timezone.now(),
            )
            publish_artifacts(actor, version)
        return version

    return make
