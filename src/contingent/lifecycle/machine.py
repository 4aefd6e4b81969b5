"""The governed-document lifecycle as data: states and the guarded transitions between them.

Every governed document (plans now; BIAs, strategies and test plans later) declares one `Lifecycle`:
a transition table whose rows name the permission action needed and the guards that must find nothing
wrong. The service in lifecycle.services walks the table; no document codes its own if/elif chain."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    RETURNED = "returned", "Returned with comments"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


# A guard returns every reason the transition may not happen now; an empty list lets it through.
Guard = Callable[[Any, Any, str], list[str]]


@dataclass(frozen=True)
class Transition:
    action: str  # the verb people click: submit, endorse, return, approve, publish, supersede
    sources: tuple[str, ...]
    target: str
    permission: str  # an action of access.roles.PERMISSIONS (a document may map it, see Lifecycle.permission)
    guards: tuple[str, ...] = ()
    label: str = ""
    review: str = ""  # "approve" / "return": the transition records a reviewer's decision


@dataclass
class Lifecycle:
    name: str
    transitions: tuple[Transition, ...]
    guards: dict[str, Guard] = field(default_factory=dict)
    # document -> permission action for a transition's permission (e.g. who approves depends on the kind)
    permission: Callable[[Any, str], str] = lambda document, permission: permission
    # actor, document, permission -> True when the document itself grants it (a nominated reviewer)
    also_allowed: Callable[[Any, Any, str], bool] = lambda actor, document, permission: False

    def find(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def check(self) -> None:
        """Refuse a table naming an unknown state or guard (run at import by the declaring module)."""
        states = set(State.values)
        for t in self.transitions:
            unknown = [s for s in (*t.sources, t.target) if s not in states]
            missing = [g for g in t.guards if g not in self.guards]
            if unknown or missing:
                raise ValueError(f"{self.name}.{t.action}: unknown states {unknown} or guards {missing}")


def comment_given(actor: Any, document: Any, comment: str) -> list[str]:
    return [] if comment.strip() else ["say why in a comment: returning or withdrawing a document needs one"]


def governed_lifecycle(name: str, prefix: str, guards: dict[str, Guard] | None = None, **options: Any) -> Lifecycle:
    """The standard table: draft -> in review -> approved -> published -> superseded, and returned."""
    d, r, ret, a, p, s = (
        State.DRAFT,
        State.IN_REVIEW,
        State.RETURNED,
        State.APPROVED,
        State.PUBLISHED,
        State.SUPERSEDED,
    )
    table = (
        Transition("submit", (d, ret), r, f"{prefix}.change", (), "Submit for review"),
        Transition("endorse", (r,), r, f"{prefix}.review", (), "Endorse (review OK)", review="approve"),
        Transition("return", (r,), ret, f"{prefix}.review", ("comment_given",), "Return with comments", "return"),
        Transition("approve", (r,), a, f"{prefix}.approve", ("complete",), "Approve", review="approve"),
        Transition("publish", (a,), p, f"{prefix}.approve", ("complete",), "Publish"),
        Transition("supersede", (p,), s, f"{prefix}.approve", ("comment_given",), "Withdraw (superseded)"),
    )
    lifecycle = Lifecycle(name, table, {"comment_given": comment_given, **(guards or {})}, **options)
    lifecycle.check()
    return lifecycle
