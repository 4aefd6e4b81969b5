import numpy as np
import pytest

from contingent.analysis import InventoryGraph, NodeKind


def chain_records(n: int) -> tuple[list[dict], list[dict]]:
    nodes = [{"kind": "asset", "key": f"a{i}"} for i in range(n)]
    needs = [{"dependent": i, "alternatives": [i + 1]} for i in range(n - 1)]
    return nodes, needs


def test_records_and_arrays_build_the_same_graph():
    nodes, needs = chain_records(4)
    from_records = InventoryGraph.from_records(nodes, needs)
    from_arrays = InventoryGraph.from_arrays(
        kind=[NodeKind.ASSET] * 4,
        business_critical=[False] * 4,
        need_dependent=[0, 1, 2],
        need_k=[1, 1, 1],
        need_ptr=[0, 1, 2, 3],
        need_targets=[1, 2, 3],
    )
    for name in ("kind", "need_dependent", "need_k", "need_ptr", "need_targets", "target_ptr", "target_needs"):
        np.testing.assert_array_equal(getattr(from_records, name), getattr(from_arrays, name))
    assert from_records.label(2) == "a2" and from_arrays.label(2) == "2"
    assert np.isnan(from_arrays.rto).all() and (from_arrays.owner_team == -1).all()


def test_reverse_index_lists_the_needs_a_node_serves():
    graph = InventoryGraph.from_records(
        [{"kind": "service"}, {"kind": "service"}, {"kind": "asset"}],
        [{"dependent": 0, "alternatives": [2]}, {"dependent": 1, "alternatives": [0, 2], "min_required": 2}],
    )
    serves = graph.target_needs[graph.target_ptr[2] : graph.target_ptr[3]]
    assert serves.tolist() == [0, 1]
    assert graph.needs_of(1).tolist() == [1]


def test_cycles_report_mutual_dependence_and_self_needs():
    graph = InventoryGraph.from_records(
        [{"kind": "asset"}] * 5,
        [
            {"dependent": 0, "alternatives": [1]},
            {"dependent": 1, "alternatives": [0]},
            {"dependent": 2, "alternatives": [2]},
            {"dependent": 3, "alternatives": [4]},
        ],
    )
    assert sorted(graph.cycles()) == [[0, 1], [2]]


@pytest.mark.parametrize(
    "need",
    [
        {"dependent": 0, "alternatives": [1], "min_required": 2},
        {"dependent": 0, "alternatives": [1, 1]},
        {"dependent": 0, "alternatives": [7]},
        {"dependent": 0, "alternatives": [1], "min_required": 0},
    ],
)
def test_impossible_needs_are_refused(need):
    with pytest.raises(ValueError):
        InventoryGraph.from_records([{"kind": "asset"}, {"kind": "asset"}], [need])
