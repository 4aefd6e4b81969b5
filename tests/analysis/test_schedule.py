import json

import pytest
from hypothesis import given, settings

from contingent.analysis import Phase, PhaseOrderError, RecoveryStep, StepCycleError, schedule_recovery

from .strategies import step_plans

HOUR = 3600.0


def step(sid, team, hours, preds=(), phase=Phase.RECOVERY, service=-1) -> RecoveryStep:
    return RecoveryStep(sid, team, hours * HOUR, tuple(preds), phase, service)


def test_critical_path_follows_the_longest_chain():
    steps = [
        step("network", 0, 2),
        step("database", 0, 3, ["network"]),
        step("dns", 1, 1, ["network"]),
        step("app", 1, 2, ["database", "dns"], service=7),
    ]
    schedule = schedule_recovery(steps, team_capacity=2)
    assert [link.step for link in schedule.critical_path] == ["network", "database", "app"]
    assert schedule.makespan == 7 * HOUR
    assert schedule.service_restored == {7: 7 * HOUR}
    json.dumps(schedule.to_dict())


def test_a_team_of_one_works_in_sequence_and_the_wait_is_on_the_critical_path():
    steps = [step("a", 0, 2), step("b", 0, 3), step("c", 1, 1, ["a"])]
    schedule = schedule_recovery(steps, team_capacity={0: 1, 1: 1})
    start = dict(zip(schedule.plan.ids, schedule.start, strict=True))
    # b is longer, so it goes first; a waits for the team, c waits for a.
    assert (start["b"], start["a"], start["c"]) == (0, 3 * HOUR, 5 * HOUR)
    assert [(link.step, link.reason) for link in schedule.critical_path] == [
        ("b", "start"),
        ("a", "resource"),
        ("c", "precedence"),
    ]
    assert schedule_recovery(steps, team_capacity=2).makespan == 3 * HOUR


def test_reconstitution_waits_for_all_recovery_and_limits_are_checked():
    steps = [
        step("recover-db", 0, 20),
        step("recover-app", 1, 30),
        step("rebuild-reports", 0, 10, phase=Phase.RECONSTITUTION),
    ]
    schedule = schedule_recovery(steps, team_capacity=1)
    start = dict(zip(schedule.plan.ids, schedule.start, strict=True))
    assert start["rebuild-reports"] == 30 * HOUR
    assert schedule.critical_path[-1].reason == "phase"
    within = {t.team: t.within_limit for t in schedule.teams}
    assert within == {0: False, 1: False}  # team 0 spans 40 h; team 1 takes 30 h
    assert schedule.instance_within_limit


def test_step_cycle_is_refused_naming_the_steps():
    steps = [step("a", 0, 1, ["c"]), step("b", 0, 1, ["a"]), step("c", 0, 1, ["b"]), step("d", 0, 1)]
    with pytest.raises(StepCycleError) as error:
        schedule_recovery(steps)
    assert set(error.value.cycle) == {"a", "b", "c"}
    assert "a" in str(error.value)


def test_recovery_waiting_on_reconstitution_is_refused():
    steps = [step("late", 0, 1, phase=Phase.RECONSTITUTION), step("early", 0, 1, ["late"])]
    with pytest.raises(PhaseOrderError):
        schedule_recovery(steps)


@settings(max_examples=150, deadline=None)
@given(step_plans())
def test_schedule_respects_precedence_capacity_and_phases(steps):
    capacity = {0: 1, 1: 2, 2: 1}
    schedule = schedule_recovery(steps, team_capacity=capacity)
    plan, start, finish = schedule.plan, schedule.start, schedule.finish
    for s in range(plan.n_steps):
        for p in plan.predecessors(s):
            assert start[s] >= finish[p]
    events = sorted({*start.tolist()})
    for team, limit in capacity.items():
        for t in events:
            busy = ((plan.team == team) & (start <= t) & (finish > t)).sum()
            assert busy <= limit
    recovery = plan.phase == Phase.RECOVERY
    if recovery.any() and (~recovery).any():
        assert start[~recovery].min() >= finish[recovery].max()
    assert schedule.critical_path[-1].finish == schedule.makespan
