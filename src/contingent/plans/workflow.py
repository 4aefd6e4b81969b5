"""The plans' use of the one governed-document lifecycle: who may do what, and what must be true."""

from typing import Any

from contingent.access.services import Actor
from contingent.lifecycle.machine import governed_lifecycle


def _complete(actor: Actor, plan: Any, comment: str) -> list[str]:
    from contingent.plans.completeness import approval_problems

    return approval_problems(plan)


def _permission(plan: Any, permission: str) -> str:
    # Spec 000: the team manager approves a team DRP, the infrastructure team manager the global DRP;
    # spec 003: the BC Manager agrees the policy and the BCPs.
    return plan.spec.approve_permission if permission == "plans.approve" else permission


def _nominated(actor: Actor, plan: Any, permission: str) -> bool:
    return permission == "plans.review" and plan.reviewers.filter(user_id=actor.pk, retired_at__isnull=True).exists()


PLAN_LIFECYCLE = governed_lifecycle(
    "plan", "plans", {"complete": _complete}, permission=_permission, also_allowed=_nominated
)
