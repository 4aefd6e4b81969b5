"""The governed-document lifecycle as plans use it: who may take which step, and what is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contingent.audit.models import AuditEvent
from contingent.lifecycle.services import available_actions, reviews_of
from contingent.plans import services
from contingent.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


def test_a_team_plan_goes_from_draft_to_published_by_its_team_manager(people, team_plan):
    services.submit_for_review(people["dev"], team_plan)
    assert team_plan.state == "in_review"
    services.review_plan(people["security"], team_plan, "approve", "Safeguards are kept.")
    services.approve_plan(people["paymgr"], team_plan)
    assert team_plan.state == "approved" and team_plan.approved_by == people["paymgr"]
    version = services.publish_plan(people["paymgr"], team_plan)
    assert team_plan.state == "published" and version.number == 1
    assert version.content["plan"]["approved_by"] == "Sanne"
    decisions = [(r.action, r.role) for r in reviews_of(team_plan)]
    assert ("endorse", "Security reviewer") in decisions and ("approve", "Team manager") in decisions


def test_each_transition_writes_one_audit_event(people, team_plan):
    before = AuditEvent.objects.count()
    services.submit_for_review(people["dev"], team_plan)
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-sequence").first().action == "submit"


def test_only_the_accountable_team_manager_approves_a_team_plan(people, team_plan):
    services.submit_for_review(people["dev"], team_plan)
    for who in ("dev", "infra", "bcm", "auditor", "outsider"):
        with pytest.raises(PermissionDenied):
            services.approve_plan(people[who], team_plan)
    assert team_plan.state == "in_review"


def test_the_infrastructure_team_manager_approves_the_global_plan(people, global_plan):
    services.submit_for_review(people["sclead"], global_plan)
    with pytest.raises(PermissionDenied):
        services.approve_plan(people["paymgr"], global_plan)
    services.approve_plan(people["infra"], global_plan)
    assert global_plan.state == "approved"


def test_the_bc_manager_approves_the_policy(people):
    policy = services.create_plan(people["bcm"], key="bc-policy", title="BC policy", kind="bc_policy")
    from tests.plans.conftest import fill

    fill(people["bcm"], policy)
    services.submit_for_review(people["bcm"], policy)
    with pytest.raises(PermissionDenied):
        services.approve_plan(people["infra"], policy)
    services.approve_plan(people["bcm"], policy)
    assert policy.state == "approved"


def test_returning_a_plan_needs_a_comment_and_the_author_resubmits(people, team_plan):
    services.submit_for_review(people["dev"], team_plan)
    with pytest.raises(ValidationError, match="returning or withdrawing a document needs one"):
        services.review_plan(people["security"], team_plan, "return", "  ")
    services.review_plan(people["security"], team_plan, "return", "Name the key vault restore.")
    assert team_plan.state == "returned"
    assert reviews_of(team_plan).first().comment == "Name the key vault restore."
    services.submit_for_review(people["dev"], team_plan)
    assert team_plan.state == "in_review"


def test_a_nominated_reviewer_without_a_review_role_may_review(people, team_plan):
    from contingent.org.models import Person

    sme = Person.objects.get(user=people["auditor"])
    team_plan.reviewers.add(sme)
    services.submit_for_review(people["dev"], team_plan)
    services.review_plan(people["auditor"], team_plan, "approve", "Matches the architecture.")
    assert reviews_of(team_plan).first().role == "nominated reviewer"
    with pytest.raises(PermissionDenied):
        services.review_plan(people["outsider"], team_plan, "approve")


def test_a_member_cannot_review_or_publish(people, team_plan):
    services.submit_for_review(people["dev"], team_plan)
    with pytest.raises(PermissionDenied):
        services.review_plan(people["dev"], team_plan, "approve")
    assert [t.action for t in available_actions(people["dev"], team_plan)] == []
    assert {t.action for t in available_actions(people["paymgr"], team_plan)} == {"endorse", "return", "approve"}


def test_a_draft_cannot_be_published_straight_away(people, team_plan):
    with pytest.raises(ValidationError, match="cannot publish a document that is draft"):
        services.publish_plan(people["paymgr"], team_plan)
    assert not PlanVersion.objects.exists()


def test_publishing_again_supersedes_the_previous_version(people, team_plan):
    from tests.plans.conftest import publish

    publish(team_plan, people["dev"], people["paymgr"])
    services.edit_section(people["dev"], team_plan, "stakeholders", body="Tell the customer desk by phone.")
    assert team_plan.state == "draft" and team_plan.changed_since_publication
    publish(team_plan, people["dev"], people["paymgr"])
    states = dict(team_plan.versions.values_list("number", "state"))
    assert states == {1: "superseded", 2: "published"}
