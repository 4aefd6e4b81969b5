"""The benchmark generator's records are what the inventory importer reads: check the contract."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from contingent.analysis import StepPlan, simulate_loss  # noqa: E402
from orggen import generate_org, generate_steps, to_graph  # noqa: E402

ITEM_SECTIONS = ("processes", "services", "assets", "suppliers")


def test_generated_org_uses_one_key_namespace_and_known_references():
    org = generate_org(600, seed=3)
    assert set(org) == {"teams", "instances", *ITEM_SECTIONS, "dependencies"}
    keys = [row["key"] for section in ITEM_SECTIONS for row in org[section]]
    assert len(keys) == len(set(keys))
    teams = {t["key"] for t in org["teams"]}
    assert {t["kind"] for t in org["teams"]} >= {"infrastructure", "developer"}
    assert all(row["team"] in teams for section in ("processes", "services", "assets") for row in org[section])
    for dependency in org["dependencies"]:
        assert dependency["dependent"] in keys and set(dependency["depends_on"]) <= set(keys)
        assert 1 <= dependency["min_required"] <= len(dependency["depends_on"])
    assert {a["region"] for a in org["assets"]} == {"westeurope", "northeurope"}
    assert generate_org(600, seed=3) == org


def test_losing_the_paired_region_leaves_the_primary_running():
    graph = to_graph(generate_org(600, seed=3))
    result = simulate_loss(graph, [graph.keys.index("northeurope")])
    assert len(result.failed_over()) > 0  # applications kept going on their primary data store
    assert not np.any(graph.business_critical[result.failed] & (graph.kind[result.failed] == 0))


def test_generated_steps_form_a_plan():
    steps = generate_steps(300, 5, seed=1)
    plan = StepPlan.from_steps(steps)
    assert plan.n_steps == 300
    assert all(s.optimistic <= s.duration <= s.pessimistic for s in steps)
