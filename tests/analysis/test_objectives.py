import numpy as np

from contingent.analysis import InventoryGraph, objective_conflicts, rto_above_mtpd

HOUR = 3600.0


def build(rto: list[float | None], needs: list[tuple[int, list[int], int]]) -> InventoryGraph:
    return InventoryGraph.from_records(
        [{"kind": "service", "key": f"n{i}", "rto": r} for i, r in enumerate(rto)],
        [{"dependent": d, "alternatives": a, "min_required": k} for d, a, k in needs],
    )


def test_rto_shorter_than_a_hard_dependency_is_a_conflict_with_its_path():
    # n0 (4 h) -> n1 (no RTO) -> n2 (24 h): n0 cannot be back before n2.
    graph = build([4 * HOUR, None, 24 * HOUR], [(0, [1], 1), (1, [2], 1)])
    [conflict] = objective_conflicts(graph)
    assert (conflict.node, conflict.rto, conflict.achievable_rto) == (0, 4 * HOUR, 24 * HOUR)
    assert conflict.blocking_path == [0, 1, 2]


def test_a_fast_alternative_resolves_a_one_of_two_need_but_not_a_two_of_two():
    rto = [4 * HOUR, 24 * HOUR, 2 * HOUR]
    assert objective_conflicts(build(rto, [(0, [1, 2], 1)])) == []
    [conflict] = objective_conflicts(build(rto, [(0, [1, 2], 2)]))
    assert conflict.achievable_rto == 24 * HOUR and conflict.blocking_path == [0, 1]


def test_mutual_dependence_converges():
    graph = build([HOUR, 8 * HOUR], [(0, [1], 1), (1, [0], 1)])
    [conflict] = objective_conflicts(graph)
    assert conflict.node == 0 and conflict.achievable_rto == 8 * HOUR


def test_rto_above_mtpd():
    graph = build([4 * HOUR, 48 * HOUR, None], [])
    breaches = rto_above_mtpd(graph, np.array([8 * HOUR, 24 * HOUR, HOUR]))
    assert [(b.node, b.mtpd) for b in breaches] == [(1, 24 * HOUR)]
