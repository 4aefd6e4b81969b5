"""Time the recovery analysis engine on seeded organisations and compare with a networkx baseline.

    python benchmarks/analysis_bench.py [--sizes 1000,10000,100000] [--seed 42]

Prints JSON. Times are wall-clock seconds (best of --repeat runs where noted). The
networkx SPOF baseline runs one loss scenario per candidate; on big graphs it is timed
on a random sample of candidates and extrapolated (the output says so).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import rustworkx as rx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from contingent.analysis import (  # noqa: E402
    InventoryGraph,
    StepPlan,
    schedule_recovery,
    simulate_loss,
    simulate_recovery,
    single_points_of_failure,
)
from contingent.analysis.baseline_nx import loss_nx, spof_nx, to_networkx  # noqa: E402
from contingent.analysis.spof import SPOF_KINDS  # noqa: E402
from orggen import PRIMARY, generate_org, generate_steps, to_graph  # noqa: E402


def timed(action: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - began)
    return best, result


def rebuild(graph: InventoryGraph) -> InventoryGraph:
    """What the Django loader does once its arrays are filled."""
    return InventoryGraph.from_arrays(
        kind=graph.kind,
        business_critical=graph.business_critical,
        need_dependent=graph.need_dependent,
        need_k=graph.need_k,
        need_ptr=graph.need_ptr,
        need_targets=graph.need_targets,
        owner_team=graph.owner_team,
        rto=graph.rto,
        rpo=graph.rpo,
        keys=graph.keys,
    )


def bench_size(n_assets: int, seed: int, repeat: int, sample: int, baseline: bool) -> dict[str, Any]:
    org_s, org = timed(lambda: generate_org(n_assets, seed))
    records_s, graph = timed(lambda: to_graph(org))
    build_s, graph = timed(lambda: rebuild(graph), repeat)
    region = graph.keys.index(PRIMARY) if graph.keys else 0
    loss_s, loss = timed(lambda: simulate_loss(graph, [region]), repeat)
    spof_cold_s, spofs = timed(lambda: single_points_of_failure(graph))
    spof_warm_s, _ = timed(lambda: single_points_of_failure(graph), repeat)
    row: dict[str, Any] = {
        "assets": len(org["assets"]),
        "nodes": graph.n_nodes,
        "needs": graph.n_needs,
        "alternatives": len(graph.need_targets),
        "redundant_needs": int(np.count_nonzero(graph.need_k < graph.need_size)),
        "business_critical": int(graph.business_critical.sum()),
        "generate_org_s": round(org_s, 4),
        "records_to_arrays_s": round(records_s, 4),
        "graph_build_s": round(build_s, 4),
        "region_loss_s": round(loss_s, 5),
        "region_loss_failed": len(loss.failed),
        "spof_s": round(spof_cold_s, 4),
        "spof_warm_s": round(spof_warm_s, 4),
        "spof_count": len(spofs),
        "spof_pairs": sum(len(s.stops) for s in spofs),
    }
    if baseline:
        row["networkx"] = bench_networkx(graph, region, loss, spofs, seed, sample, row)
    return row


def bench_networkx(
    graph: InventoryGraph, region: int, loss: Any, spofs: list[Any], seed: int, sample: int, row: dict[str, Any]
) -> dict[str, Any]:
    build_s, g = timed(lambda: to_networkx(graph))
    loss_s, failed = timed(lambda: loss_nx(g, [region]))
    candidates = graph.nodes_of_kind(*SPOF_KINDS)
    sampled = len(candidates) > sample
    chosen = np.random.default_rng(seed).choice(candidates, sample, replace=False) if sampled else candidates
    spof_s, nx_spofs = timed(lambda: spof_nx(g, chosen.tolist()))
    engine = {s.node: s.stops for s in spofs}
    estimate = spof_s * len(candidates) / len(chosen)
    return {
        "graph_build_s": round(build_s, 4),
        "region_loss_s": round(loss_s, 4),
        "region_loss_agrees": failed == set(loss.failed.tolist()),
        "spof_s": round(estimate, 2),
        "spof_extrapolated": bool(sampled),
        "spof_candidates_timed": len(chosen),
        "spof_candidates_total": len(candidates),
        "spof_agrees_on_timed": nx_spofs == {x: engine[x] for x in chosen.tolist() if x in engine},
        "speedup_region_loss": round(loss_s / row["region_loss_s"], 1),
        "speedup_spof": round(estimate / row["spof_s"], 1),
    }


def bench_plan(n_steps: int, n_teams: int, capacity: int, iterations: int, seed: int, repeat: int) -> dict[str, Any]:
    steps = generate_steps(n_steps, n_teams, seed)
    plan_s, plan = timed(lambda: StepPlan.from_steps(steps), repeat)
    schedule_s, schedule = timed(lambda: schedule_recovery(plan, team_capacity=capacity), repeat)
    mc_s, confidence = timed(lambda: simulate_recovery(plan, iterations, seed=seed), repeat)
    tri_s, _ = timed(lambda: simulate_recovery(plan, iterations, seed=seed, distribution="triangular"), repeat)
    tracemalloc.start()
    simulate_recovery(plan, iterations, seed=seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "steps": n_steps,
        "teams": n_teams,
        "team_capacity": capacity,
        "step_plan_build_s": round(plan_s, 4),
        "schedule_s": round(schedule_s, 4),
        "schedule_makespan_h": round(schedule.makespan / 3600, 1),
        "schedule_critical_path_steps": len(schedule.critical_path),
        "monte_carlo_iterations": iterations,
        "monte_carlo_pert_s": round(mc_s, 3),
        "monte_carlo_triangular_s": round(tri_s, 3),
        "monte_carlo_peak_traced_mb": round(peak / 2**20, 1),
        "monte_carlo_instance_p50_h": round(confidence.instance.p50 / 3600, 1),
        "monte_carlo_instance_p90_h": round(confidence.instance.p90 / 3600, 1),
        "monte_carlo_team_capacity_modelled": False,
    }


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "rustworkx": rx.__version__,
        "networkx": __import__("networkx").__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-sample", type=int, default=300, help="SPOF candidates timed with networkx")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--teams", type=int, default=12)
    parser.add_argument("--capacity", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=10_000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    report = {
        "machine": machine(),
        "seed": args.seed,
        "inventory": [bench_size(n, args.seed, args.repeat, args.baseline_sample, not args.no_baseline) for n in sizes],
        "recovery_plan": bench_plan(args.steps, args.teams, args.capacity, args.iterations, args.seed, args.repeat),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
