"""The lifecycle is data: one transition table any governed document can adopt, checked when declared."""

import pytest

from contingent.lifecycle.machine import Lifecycle, State, Transition, governed_lifecycle

pytestmark = pytest.mark.django_db


def test_the_standard_table_covers_every_state():
    lifecycle = governed_lifecycle("test", "bia", {"complete": lambda actor, doc, comment: []})
    reachable = {t.target for t in lifecycle.transitions} | {State.DRAFT}
    assert reachable == set(State.values)
    assert [t.action for t in lifecycle.from_state(State.IN_REVIEW)] == ["endorse", "return", "approve"]
    assert lifecycle.find("publish").permission == "bia.approve"


def test_a_table_naming_an_unknown_guard_or_state_is_refused():
    with pytest.raises(ValueError, match="guards \\['signed'\\]"):
        Lifecycle("bad", (Transition("approve", ("draft",), "approved", "x", ("signed",)),)).check()
    with pytest.raises(ValueError, match="unknown states \\['limbo'\\]"):
        Lifecycle("bad", (Transition("park", ("draft",), "limbo", "x"),)).check()


def test_withdrawing_a_published_plan_needs_a_reason(people, team_plan):
    from django.core.exceptions import ValidationError
    from tests.plans.conftest import publish

    from contingent.plans import services

    publish(team_plan, people["dev"], people["paymgr"])
    with pytest.raises(ValidationError, match="needs one"):
        services.transition_plan(people["paymgr"], team_plan, "supersede")
    services.transition_plan(people["paymgr"], team_plan, "supersede", "Replaced by the platform DRP.")
    assert team_plan.state == "superseded"
    assert team_plan.versions.get().state == "superseded"
    with pytest.raises(ValidationError, match="superseded and can no longer change"):
        services.edit_section(people["dev"], team_plan, "declaration", body="x")
