"""`contingent plan ...`: list plans, move them through review, approval and publication, list overdue reviews."""

import argparse
import json
from typing import Any


def _plan(key: str) -> Any:
    from django.core.exceptions import ValidationError

    from contingent.plans.models import Plan

    plan = Plan.objects.filter(key=key).first()
    if plan is None:
        raise ValidationError({"key": f"no plan with key '{key}'"})
    return plan


def _row(plan: Any) -> dict[str, Any]:
    latest = plan.latest_version
    return {
        "key": plan.key,
        "title": plan.title,
        "kind": plan.kind,
        "team": plan.team.name if plan.team else None,
        "state": plan.state,
        "version": latest.number if latest else None,
        "next_review": plan.next_review.isoformat() if plan.next_review else None,
        "changed_since_publication": plan.changed_since_publication,
    }


def _print(rows: list[dict[str, Any]], as_json: bool, empty: str) -> None:
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        version = f"v{r['version']}" if r["version"] else "unpublished"
        print(f"{r['key']:<28} {r['state']:<11} {version:<12} review {r['next_review'] or '—':<10}  {r['title']}")
    if not rows:
        print(empty)


def cmd_list(args: argparse.Namespace) -> int:
    from contingent.access.services import visible
    from contingent.cli import _actor
    from contingent.plans.models import Plan

    plans = visible(_actor(args), Plan.objects.active().select_related("team"))
    _print([_row(p) for p in plans.order_by("kind", "key")], args.json, "no plans")
    return 0


def cmd_overdue(args: argparse.Namespace) -> int:
    from contingent.access.services import visible
    from contingent.cli import _actor
    from contingent.plans.services import overdue_plans

    _print([_row(p) for p in visible(_actor(args), overdue_plans())], args.json, "no plan is overdue for review")
    return 0


def cmd_transition(args: argparse.Namespace) -> int:
    from contingent.cli import _actor
    from contingent.plans.services import transition_plan

    plan = _plan(args.key)
    action = {"submit": "submit", "approve": "approve", "publish": "publish", "return": "return"}[args.action]
    transition_plan(_actor(args), plan, action, args.comment)
    latest = plan.latest_version
    suffix = f" as version {latest.number}" if args.action == "publish" and latest else ""
    print(f"{plan.key}: {plan.get_state_display().lower()}{suffix}")
    return 0


def cmd_problems(args: argparse.Namespace) -> int:
    from contingent.plans.completeness import approval_problems

    problems = approval_problems(_plan(args.key))
    for p in problems:
        print(f"- {p}")
    print("complete" if not problems else f"{len(problems)} problem(s) stop approval")
    return 0 if not problems else 1


def register(sub: Any) -> None:
    plan = sub.add_parser("plan", help="plans: list, submit, approve, publish, overdue reviews")
    actions = plan.add_subparsers(dest="action", required=True)
    p = actions.add_parser("list", help="every plan with its state, version and next review")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = actions.add_parser("overdue", help="plans whose review date has passed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_overdue)
    p = actions.add_parser("problems", help="what stops plan KEY from being approved (exit 1 when anything)")
    p.add_argument("key")
    p.set_defaults(func=cmd_problems)
    for name, text in (
        ("submit", "send plan KEY for review"),
        ("approve", "approve plan KEY (the accountable role of its kind)"),
        ("publish", "publish approved plan KEY as a new read-only version (PDF and email)"),
        ("return", "return plan KEY with comments (give --comment)"),
    ):
        p = actions.add_parser(name, help=text)
        p.add_argument("key")
        p.add_argument("--comment", default="")
        p.set_defaults(func=cmd_transition)
