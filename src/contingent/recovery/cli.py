"""`contingent analyze loss | spof | objectives | schedule | confidence`: the analysis services from a shell.
Django is imported only when a command runs (the parser is built before settings are loaded)."""

import argparse
import json
from datetime import timedelta
from pathlib import Path
from typing import Any


def _fmt(value: float | int | None) -> str:
    from contingent.lib.durations import format_duration

    return "—" if value is None else format_duration(timedelta(minutes=round(float(value) / 60)))


def _emit(args: argparse.Namespace, answer: Any, lines: list[str]) -> int:
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, default=str))
    else:
        print("\n".join(lines))
    return 0


def cmd_loss(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.recovery.loss import SCENARIO_FIELDS, Scenario, run_loss_scenario

    scenario = Scenario(**{name: tuple(getattr(args, name) or ()) for name in SCENARIO_FIELDS})
    answer = run_loss_scenario(_actor(args), scenario)
    lines = [f"lost: {', '.join(n.name for n in answer.lost) or 'nothing in the graph'}", ""]
    lines.append(f"{len(answer.stopped)} business process(es) and service(s) stop:")
    for s in answer.stopped:
        why = " -> ".join(f"{link.node.name} ({link.verb})" for link in s.path[1:])
        option = "" if s.recoverable else f"  [NO RECOVERY OPTION: {s.blocked_by.name if s.blocked_by else '?'}]"
        lines.append(f"  {s.node.name}{' (critical)' if s.node.business_critical else ''}: {why}{option}")
    lines.append(f"\n{len(answer.failed_over)} fail over to a surviving alternative:")
    lines += [f"  {f.node.name}: {', '.join(n.name for n in f.surviving)} takes over" for f in answer.failed_over]
    lines.append(f"\n{len(answer.no_copy)} business-critical data store(s) with no surviving copy:")
    for c in answer.no_copy:
        where = f" (only in {c.location.name}; nothing in {c.paired or 'another region'})" if c.location else ""
        lines.append(f"  {c.node.name}{where}")
    lines.append(f"\n{len(answer.breaches)} objective(s) breached:")
    lines += [f"  {b.node.name}: {b.objective} {_fmt(b.target)}: {b.reason}" for b in answer.breaches]
    return _emit(args, answer, lines)


def cmd_objectives(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.recovery.findings import check_objectives

    answer = check_objectives(_actor(args))
    lines = [f"{len(answer.rto_conflicts)} RTO conflict(s):"]
    for c in answer.rto_conflicts:
        path = " -> ".join(s.name for s in c.path)
        lines.append(
            f"  {c.name}: RTO {_fmt(c.rto.total_seconds())}, but {path} needs {_fmt(c.achievable.total_seconds())}"
        )
    lines.append(f"{len(answer.rto_above_mtpd)} RTO(s) above the MTPD:")
    lines += [f"  {m.node.name}: RTO {_fmt(m.rto)} > MTPD {_fmt(m.mtpd)}" for m in answer.rto_above_mtpd]
    lines.append(
        f"{len(answer.rpo_checks)} RPO objective(s), {answer.rpo_checks[0].status if answer.rpo_checks else ''}"
    )
    return _emit(args, answer, lines)


def cmd_spof(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.recovery.findings import find_single_points_of_failure

    answer = find_single_points_of_failure(_actor(args))
    lines = [f"{len(answer.single_points)} single point(s) of failure:"]
    for p in answer.single_points:
        lines.append(f"  {p.node.name} ({p.node.kind}) stops {len(p.stops)}: {', '.join(n.name for n in p.stops)}")
    lines.append(f"{len(answer.key_staff)} role(s) held by one person with no deputy:")
    lines += [f"  {k.role}: {k.person}" for k in answer.key_staff]
    lines.append(f"{len(answer.single_region)} business-critical asset(s) in one region only:")
    lines += [f"  {r.node.name}: {', '.join(n.name for n in r.locations)}" for r in answer.single_region]
    return _emit(args, answer, lines)


def _source(args: argparse.Namespace) -> Any:
    from django.core.exceptions import ValidationError

    from contingent.recovery.steps_source import StepSource

    if args.plan:
        return StepSource(plans=tuple(args.plan))
    if not args.steps:
        raise ValidationError({"steps": "give --steps FILE (YAML or JSON) or --plan KEY"})
    path = Path(args.steps)
    if not path.is_file():
        raise ValidationError({"steps": f"no such file: {path}"})
    return StepSource(text=path.read_text())


def cmd_schedule(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.recovery.planning import plan_recovery

    answer = plan_recovery(_actor(args), _source(args))
    lines = ["start     finish    team                  step"]
    for s in answer.steps:
        mark = "*" if s.critical else " "
        lines.append(f"{_fmt(s.start):>9} {_fmt(s.finish):>9} {mark}{(s.team or '—')[:20]:<21} {s.title}")
    lines.append("(* on the critical path)\n")
    for b in answer.services:
        verdict = "" if b.rto is None else ("  within RTO" if b.within_rto else f"  MISSES RTO {_fmt(b.rto)}")
        lines.append(f"{b.name} back after {_fmt(b.restored)}{verdict}")
    for t in answer.teams:
        lines.append(f"team {t.team}: recovery work {_fmt(t.recovery_finish - t.first_start)}"
                     f"{'' if t.within_limit else f' — OVER the team limit {_fmt(answer.team_limit)}'}")  # fmt: skip
    state = "within" if answer.instance_within_limit else "OVER"
    lines.append(
        f"instance recovered after {_fmt(answer.recovery_finish)}: {state} the limit {_fmt(answer.instance_limit)}"
    )
    return _emit(args, answer, lines)


def cmd_confidence(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.recovery.planning import estimate_confidence

    answer = estimate_confidence(_actor(args), _source(args), args.iterations, args.seed)
    lines = [f"{answer.iterations} iterations (seed {answer.seed}); P50 / P90 / probability of meeting the objective"]
    for o in [answer.instance, *answer.services]:
        p = o.result.p_within_objective
        chance = "no objective" if p is None else f"{p:.0%} within {_fmt(o.result.objective)}"
        lines.append(f"  {o.name}: {_fmt(o.result.p50)} / {_fmt(o.result.p90)} / {chance}")
    return _emit(args, answer, lines)


def add_analysis_commands(analyze: Any) -> None:
    """Add the analysis questions to the `contingent analyze` subcommands."""
    p = analyze.add_parser("loss", help="loss scenario: what stops when regions, sites, assets, ... are lost")
    for name, flag in (("regions", "--region"), ("sites", "--site"), ("assets", "--asset"), ("suppliers", "--supplier"),
                       ("services", "--service"), ("teams", "--team"), ("people", "--person")):  # fmt: skip
        p.add_argument(flag, dest=name, action="append", metavar="KEY", help=f"lose this {flag[2:]} (repeatable)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_loss)
    p = analyze.add_parser("spof", help="single points of failure, key staff, single-region critical assets")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_spof)
    p = analyze.add_parser("objectives", help="RTO conflicts, RTO above MTPD, RPO objectives")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_objectives)
    for name, func, text in (
        ("schedule", cmd_schedule, "recovery schedule: timeline, critical path, team and instance limits"),
        ("confidence", cmd_confidence, "Monte Carlo: probability of meeting each RTO, P50 and P90"),
    ):
        p = analyze.add_parser(name, help=text)
        p.add_argument("--steps", metavar="FILE", help="steps document (YAML or JSON)")
        p.add_argument("--plan", action="append", metavar="KEY", help="use the runbook steps of this plan")
        p.add_argument("--json", action="store_true")
        if name == "confidence":
            p.add_argument("--iterations", type=int, default=10_000)
            p.add_argument("--seed", type=int, default=0)
        p.set_defaults(func=func)
