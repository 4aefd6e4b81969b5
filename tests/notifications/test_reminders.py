"""Review reminders (spec 000: reviewed at least annually): the worker emails a plan's owner and reviewers
when the review is near and again when it is overdue, once per review date, however often it runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contingent.cli import main
from contingent.evidence.models import EvidenceFile
from contingent.notifications.models import Message
from contingent.notifications.worker import run_once
from contingent.org.models import Person
from contingent.plans.models import Plan
from contingent.plans.services import create_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast, teams):
    p = create_plan(
        cast["infra"],
        key="infra-drp",
        title="Infrastructure DR plan",
        kind="team_drp",
        team=teams["infra"],
        owner=Person.objects.get(key="infra"),
    )
    p.reviewers.add(Person.objects.get(key="sclead"))
    return p


def _review_in(plan: Plan, days: int) -> None:
    Plan.objects.filter(pk=plan.pk).update(next_review=timezone.now().date() + timedelta(days=days))
    plan.refresh_from_db()


def test_a_review_due_soon_reminds_the_owner_and_reviewers_once(plan, smtp_server):
    _review_in(plan, 10)
    first = run_once()
    assert first.reminders == 2 and first.sending.sent == 2
    assert smtp_server.recipients == ["infra@example.com", "sclead@example.com"]
    subject = smtp_server.received[0][2]["Subject"]
    assert subject.startswith("Due for review: Infrastructure DR plan")

    again = run_once()
    assert again.reminders == 0 and len(smtp_server.received) == 2


def test_an_overdue_review_reminds_again_as_overdue(plan, smtp_server):
    _review_in(plan, 10)
    run_once()
    _review_in(plan, -1)  # the review date passed (simulated: the date moved instead of the clock)
    assert run_once().reminders == 2
    subjects = sorted(str(e["Subject"]) for _, _, e in smtp_server.received)
    assert sum(s.startswith("Overdue for review") for s in subjects) == 2


def test_a_review_far_away_sends_nothing(plan, smtp_server):
    _review_in(plan, 200)
    assert run_once().reminders == 0 and smtp_server.received == []


def test_reminders_are_kept_in_the_plan_review_folder(plan, smtp_server):
    _review_in(plan, 5)
    run_once()
    assert EvidenceFile.objects.filter(folder__path="plans/infra-drp/reviews").count() == 2


def test_the_worker_command_runs_one_pass(plan, smtp_server, capsys):
    _review_in(plan, -3)
    assert main(["worker", "--once"]) == 0
    out = capsys.readouterr().out
    assert "2 reminder(s) queued; 2 sent, 0 to retry, 0 failed" in out
    assert Message.objects.filter(status="sent").count() == 2
