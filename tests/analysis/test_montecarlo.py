import json

import numpy as np
import pytest

from contingent.analysis import Phase, RecoveryStep, schedule_recovery, simulate_recovery

HOUR = 3600.0


def fixed(sid, hours, preds=(), service=-1, phase=Phase.RECOVERY) -> RecoveryStep:
    return RecoveryStep(sid, 0, hours * HOUR, tuple(preds), phase, service)


def test_fixed_durations_give_certainty_and_the_deterministic_length():
    steps = [fixed("a", 2), fixed("b", 3, ["a"], service=1), fixed("c", 1, ["a"]), fixed("d", 4, ["b", "c"])]
    confidence = simulate_recovery(steps, iterations=500, seed=1, service_rto={1: 5 * HOUR}, instance_limit=9 * HOUR)
    assert confidence.instance.p50 == 9 * HOUR and confidence.instance.p_within_objective == 1.0
    assert confidence.services[1].p50 == 5 * HOUR and confidence.services[1].p_within_objective == 1.0
    tighter = simulate_recovery(steps, iterations=500, instance_limit=9 * HOUR - 1)
    assert tighter.instance.p_within_objective == 0.0
    assert schedule_recovery(steps, team_capacity=2).makespan == confidence.instance.p50
    json.dumps(confidence.to_dict())


@pytest.mark.parametrize("distribution", ["pert", "triangular"])
def test_sampled_finish_stays_within_optimistic_and_pessimistic_bounds(distribution):
    steps = [
        RecoveryStep("a", 0, 2 * HOUR, (), optimistic=1 * HOUR, pessimistic=6 * HOUR),
        RecoveryStep("b", 0, 1 * HOUR, ("a",), optimistic=0.5 * HOUR, pessimistic=4 * HOUR),
    ]
    confidence = simulate_recovery(steps, iterations=4000, seed=7, distribution=distribution)
    edges = confidence.instance.histogram_edges
    assert edges[0] >= 1.5 * HOUR - 1 and edges[-1] <= 10 * HOUR + 1
    assert sum(confidence.instance.histogram_counts) == 4000
    assert 1.5 * HOUR < confidence.instance.p50 < confidence.instance.p90 < 10 * HOUR


def test_pert_mean_matches_the_textbook_formula():
    step = RecoveryStep("a", 0, 2 * HOUR, (), optimistic=1 * HOUR, pessimistic=9 * HOUR)
    confidence = simulate_recovery([step], iterations=20000, seed=3)
    expected = (1 + 4 * 2 + 9) / 6 * HOUR
    assert confidence.instance.mean == pytest.approx(expected, rel=0.01)
    triangular = simulate_recovery([step], iterations=20000, seed=3, distribution="triangular")
    assert triangular.instance.mean == pytest.approx((1 + 2 + 9) / 3 * HOUR, rel=0.01)


def test_reconstitution_is_gated_behind_recovery_and_chunks_do_not_change_the_answer():
    steps = [fixed("r1", 5), fixed("r2", 1), fixed("x", 1, ["r2"], phase=Phase.RECONSTITUTION)]
    assert simulate_recovery(steps, iterations=10).instance.p50 == 6 * HOUR
    noisy = [
        RecoveryStep(s.id, 0, s.duration, s.predecessors, s.phase, optimistic=0, pessimistic=s.duration * 3)
        for s in steps
    ]
    one = simulate_recovery(noisy, iterations=3000, seed=5, chunk=3000)
    many = simulate_recovery(noisy, iterations=3000, seed=5, chunk=256)
    assert one.instance.p_within_objective == many.instance.p_within_objective == 1.0
    assert np.isclose(one.instance.mean, many.instance.mean, rtol=0.03)
