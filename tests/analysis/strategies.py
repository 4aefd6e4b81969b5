"""Hypothesis strategies: small random inventories (cycles and k-of-n allowed) and step plans."""

from __future__ import annotations

from hypothesis import strategies as st

from contingent.analysis import InventoryGraph, NodeKind, Phase, RecoveryStep


@st.composite
def inventories(draw: st.DrawFn, max_nodes: int = 9) -> InventoryGraph:
    n = draw(st.integers(1, max_nodes))
    nodes = [
        {
            "kind": draw(st.sampled_from(list(NodeKind))),
            "business_critical": draw(st.booleans()),
            "rto": draw(st.none() | st.sampled_from([3600.0, 14400.0, 86400.0])),
        }
        for _ in range(n)
    ]
    needs = []
    for dependent in range(n):
        for _ in range(draw(st.integers(0, 2))):
            alternatives = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
            k = draw(st.integers(1, len(alternatives)))
            needs.append({"dependent": dependent, "alternatives": alternatives, "min_required": k})
    return InventoryGraph.from_records(nodes, needs)


@st.composite
def step_plans(draw: st.DrawFn, max_steps: int = 14, n_teams: int = 3) -> list[RecoveryStep]:
    n = draw(st.integers(1, max_steps))
    phases = sorted(draw(st.lists(st.sampled_from(list(Phase)), min_size=n, max_size=n)))
    steps = []
    for i in range(n):
        # Only earlier steps can be predecessors (a DAG), and no recovery step waits on reconstitution.
        allowed = [j for j in range(i) if phases[j] <= phases[i]]
        preds = draw(st.lists(st.sampled_from(allowed), max_size=3, unique=True)) if allowed else []
        likely = draw(st.integers(0, 8)) * 900.0
        steps.append(
            RecoveryStep(
                id=f"s{i}",
                team=draw(st.integers(0, n_teams - 1)),
                duration=likely,
                predecessors=[f"s{j}" for j in preds],
                phase=phases[i],
                service=draw(st.sampled_from([-1, 0, 1])),
                optimistic=likely * 0.5,
                pessimistic=likely * 2.0,
            )
        )
    return steps
