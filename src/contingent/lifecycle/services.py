"""The one way a governed document changes state: permission, guards (every reason listed), state,
the reviewer's decision, one audit event, all in one transaction."""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from contingent.access.roles import PERMISSIONS, Role
from contingent.access.services import Actor, can, grants_of, require
from contingent.audit.services import record_event
from contingent.lifecycle.machine import Lifecycle, Transition
from contingent.lifecycle.models import Review

# A document may do more when it enters a state (stamp the approver, freeze a version): effect(actor, doc, comment)
Effect = Callable[[Any, Any, str], dict[str, Any] | None]


def _permission(lifecycle: Lifecycle, document: Any, t: Transition) -> str:
    return lifecycle.permission(document, t.permission)


def allowed(actor: Actor, document: Any, t: Transition) -> bool:
    if not actor.is_authenticated:
        return False
    permission = _permission(document.lifecycle, document, t)
    return can(actor, permission, *document.permission_scope()) or document.lifecycle.also_allowed(
        actor, document, permission
    )


def available_actions(actor: Actor, document: Any) -> list[Transition]:
    """The transitions the actor may try from the document's state (guards are checked on the attempt)."""
    if getattr(document, "is_retired", False):
        return []
    return [t for t in document.lifecycle.from_state(document.state) if allowed(actor, document, t)]


def acting_role(actor: Actor, document: Any, t: Transition) -> str:
    """The label of the role that let the actor take this transition, for the review record."""
    roles = PERMISSIONS[_permission(document.lifecycle, document, t)]
    team_id, instance_id = document.permission_scope()
    for grant in grants_of(actor):
        if grant.role in roles and grant.covers(team_id, instance_id):
            return Role(grant.role).label
    return "nominated reviewer" if t.review else ""


def problems_for(actor: Actor, document: Any, t: Transition, comment: str = "") -> list[str]:
    reasons: list[str] = []
    for name in t.guards:
        reasons.extend(document.lifecycle.guards[name](actor, document, comment))
    return reasons


def transition(
    actor: Actor, document: Any, action: str, comment: str = "", effect: Effect | None = None
) -> models.Model:
    """Move `document` by `action`; refuses with every reason when a guard objects."""
    lifecycle: Lifecycle = document.lifecycle
    t = lifecycle.find(action)
    if t is None:
        raise ValidationError({"action": f"unknown action '{action}'; one of: {', '.join(_actions(lifecycle))}"})
    if getattr(document, "is_retired", False):
        raise ValidationError({"state": f"{document} is retired and can no longer change"})
    if not allowed(actor, document, t):
        require(actor, _permission(lifecycle, document, t), *document.permission_scope())
    if document.state not in t.sources:
        raise ValidationError(
            {"state": f"cannot {action} a document that is {document.get_state_display().lower()}"}  # type: ignore[attr-defined]
        )
    reasons = problems_for(actor, document, t, comment)
    if reasons:
        raise ValidationError({"state": reasons})
    with transaction.atomic():
        # Re-read the state under a row lock: of two people publishing at once, the second is refused.
        before = type(document).objects.select_for_update().values_list("state", flat=True).get(pk=document.pk)
        if before not in t.sources:
            raise ValidationError({"state": f"cannot {action}: someone else has just moved it to {before}"})
        document.state = t.target
        extra = effect(actor, document, comment) if effect else None
        document.save()
        _record_review(actor, document, t, before, comment)
        after = {"state": t.target, **(extra or {})}
        record_event(actor, action, document, before={"state": before}, after=after, note=comment)
    return document


def _record_review(actor: Actor, document: Any, t: Transition, before: str, comment: str) -> Review:
    return Review.objects.create(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        reviewer=actor,
        reviewer_name=actor.get_full_name() or actor.get_username(),  # type: ignore[union-attr]
        role=acting_role(actor, document, t),
        action=t.action,
        from_state=before,
        to_state=t.target,
        decision=t.review or Review.Decision.NOTE,
        comment=comment,
        at=timezone.now(),
    )


def reviews_of(document: models.Model) -> models.QuerySet[Review]:
    """Every lifecycle decision on the document, newest first."""
    return Review.objects.filter(content_type=ContentType.objects.get_for_model(document), object_id=document.pk)


def _actions(lifecycle: Lifecycle) -> list[str]:
    return [t.action for t in lifecycle.transitions]
