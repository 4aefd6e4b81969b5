import json

import numpy as np
from hypothesis import given, settings

from contingent.analysis import InventoryGraph, simulate_loss
from contingent.analysis.baseline_nx import loss_nx, to_networkx

from .strategies import inventories


def build(n: int, needs: list[tuple[int, list[int], int]], critical=(), rto=None) -> InventoryGraph:
    nodes = [
        {"kind": "asset", "key": f"n{i}", "business_critical": i in critical, "rto": (rto or {}).get(i)}
        for i in range(n)
    ]
    return InventoryGraph.from_records(
        nodes, [{"dependent": d, "alternatives": alts, "min_required": k} for d, alts, k in needs]
    )


def failed(graph: InventoryGraph, lost: list[int]) -> list[int]:
    return simulate_loss(graph, lost).failed.tolist()


def test_diamond_fails_only_when_the_shared_bottom_is_lost():
    # 0 needs 1-of-{1, 2}; 1 and 2 both need 3.
    graph = build(4, [(0, [1, 2], 1), (1, [3], 1), (2, [3], 1)])
    assert failed(graph, [1]) == [1]
    assert failed(graph, [3]) == [0, 1, 2, 3]
    assert failed(graph, [1, 2]) == [0, 1, 2]


def test_redundancy_that_worked_is_reported_as_failed_over():
    graph = build(4, [(0, [1, 2], 1), (1, [3], 1), (2, [3], 1)])
    result = simulate_loss(graph, [1])
    assert result.failed_over_needs().tolist() == [0]
    assert result.failed_over().tolist() == [0]
    assert simulate_loss(graph, [3]).failed_over().tolist() == []


def test_mutual_dependence_survives_until_one_side_is_lost():
    graph = build(3, [(0, [1], 1), (1, [0], 1)])
    assert failed(graph, []) == []
    assert failed(graph, [2]) == [2]
    assert failed(graph, [0]) == [0, 1]


def test_two_of_three_cluster_survives_one_loss_not_two():
    graph = build(4, [(0, [1, 2, 3], 2)])
    assert failed(graph, [1]) == [1]
    assert failed(graph, [1, 3]) == [0, 1, 3]


def test_explanation_walks_the_chain_back_to_the_lost_node():
    graph = build(4, [(0, [1], 1), (1, [2], 1), (2, [3], 1)])
    result = simulate_loss(graph, [3])
    assert result.explanation(0) == [(0, 0), (1, 1), (2, 2), (3, -1)]
    assert result.depth[0] == 3
    assert result.explanation(0)[-1][0] in result.lost


def test_failed_with_objectives_lists_only_nodes_carrying_an_rto():
    graph = build(3, [(0, [2], 1), (1, [2], 1)], rto={0: 3600.0})
    assert simulate_loss(graph, [2]).failed_with_objectives().tolist() == [0]


def test_result_is_json_serialisable():
    graph = build(3, [(0, [1, 2], 1), (1, [2], 1)], critical={0})
    payload = json.dumps(simulate_loss(graph, [2]).to_dict())
    assert '"failed"' in payload


@settings(max_examples=200, deadline=None)
@given(inventories())
def test_loss_equals_networkx_baseline_and_explanations_hold(graph):
    rng = np.random.default_rng(graph.n_nodes)
    lost = rng.choice(graph.n_nodes, size=rng.integers(0, graph.n_nodes + 1), replace=False).tolist()
    result = simulate_loss(graph, lost)
    assert set(result.failed.tolist()) == loss_nx(to_networkx(graph), lost)
    for node in result.failed.tolist():
        chain = result.explanation(node)
        assert chain[-1][0] in set(lost)
        for (v, need), (u, _) in zip(chain, chain[1:], strict=False):
            assert graph.need_dependent[need] == v and u in graph.alternatives(need)
