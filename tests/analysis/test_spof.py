from hypothesis import given, settings

from contingent.analysis import (
    InventoryGraph,
    key_staff,
    single_points_of_failure,
    single_points_of_failure_brute_force,
    single_region_critical,
)
from contingent.analysis.baseline_nx import spof_nx, to_networkx

from .strategies import inventories


def as_map(spofs) -> dict[int, list[int]]:
    return {s.node: s.stops for s in spofs}


def test_shared_dependency_behind_replicas_is_a_spof_the_replicas_are_not():
    # A (critical) needs 1-of-{B1, B2}; both replicas need C.
    graph = InventoryGraph.from_records(
        [
            {"kind": "process", "key": "A", "business_critical": True},
            {"kind": "asset", "key": "B1"},
            {"kind": "asset", "key": "B2"},
            {"kind": "asset", "key": "C"},
        ],
        [
            {"dependent": 0, "alternatives": [1, 2], "min_required": 1},
            {"dependent": 1, "alternatives": [3]},
            {"dependent": 2, "alternatives": [3]},
        ],
    )
    assert as_map(single_points_of_failure(graph)) == {3: [0]}


def test_quorum_member_is_not_a_spof_but_a_shared_rack_is():
    graph = InventoryGraph.from_records(
        [{"kind": "service", "business_critical": True}] + [{"kind": "asset"}] * 4,
        [{"dependent": 0, "alternatives": [1, 2, 3], "min_required": 2}]
        + [{"dependent": 1, "alternatives": [4]}, {"dependent": 2, "alternatives": [4]}],
    )
    assert as_map(single_points_of_failure(graph)) == {4: [0]}


def test_mutual_dependence_makes_each_a_spof_of_the_other():
    graph = InventoryGraph.from_records(
        [{"kind": "asset", "business_critical": True}, {"kind": "asset", "business_critical": True}],
        [{"dependent": 0, "alternatives": [1]}, {"dependent": 1, "alternatives": [0]}],
    )
    assert as_map(single_points_of_failure(graph)) == {0: [1], 1: [0]}


def test_critical_asset_in_one_region_is_reported_its_replicated_twin_is_not():
    graph = InventoryGraph.from_records(
        [
            {"kind": "region", "key": "westeurope"},
            {"kind": "region", "key": "northeurope"},
            {"kind": "asset", "key": "db", "business_critical": True},
            {"kind": "service", "key": "web", "business_critical": True},
            {"kind": "asset", "key": "web-we"},
            {"kind": "asset", "key": "web-ne"},
        ],
        [
            {"dependent": 2, "alternatives": [0]},
            {"dependent": 3, "alternatives": [4, 5]},
            {"dependent": 4, "alternatives": [0]},
            {"dependent": 5, "alternatives": [1]},
        ],
    )
    assert [(s.key, s.locations) for s in single_region_critical(graph)] == [("db", [0])]


def test_a_person_holding_every_role_without_deputy_is_key_staff_for_all():
    roles = {
        "bc_manager": [("alice", False)],
        "sc_lead": [("alice", False)],
        "incident_manager": [("alice", False)],
        "team_manager": [("bob", False), ("carol", False)],
        "security_reviewer": [("dave", True)],
    }
    findings = key_staff(roles)
    assert [(f.role, f.person) for f in findings] == [
        ("bc_manager", "alice"),
        ("incident_manager", "alice"),
        ("sc_lead", "alice"),
    ]


@settings(max_examples=300, deadline=None)
@given(inventories())
def test_spof_equals_brute_force(graph):
    fast = as_map(single_points_of_failure(graph))
    assert fast == as_map(single_points_of_failure_brute_force(graph))


@settings(max_examples=100, deadline=None)
@given(inventories())
def test_spof_equals_networkx_baseline_for_every_node(graph):
    everyone = range(graph.n_nodes)
    assert as_map(single_points_of_failure(graph, everyone)) == spof_nx(to_networkx(graph), everyone)
