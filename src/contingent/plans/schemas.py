from datetime import date, datetime
from typing import Literal

from ninja import Schema

from contingent.access.roles import Role
from contingent.plans.kinds import Kind

KindName = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
RoleName = Literal[tuple(Role.values)]  # type: ignore[valid-type]
Phase = Literal["recovery", "reconstitution"]
ClassificationName = Literal["public", "internal", "confidential", "private"]


class PlanIn(Schema):
    key: str
    title: str
    kind: KindName
    team_id: int | None = None
    instance_id: int | None = None
    owner_id: int | None = None
    reviewer_ids: list[int] = []
    classification: ClassificationName = "internal"


class PlanOut(PlanIn):
    id: int
    kind_label: str
    state: str
    approved_at: datetime | None
    published_at: datetime | None
    next_review: date | None
    changed_since_publication: bool
    latest_version: int | None
    retired_at: datetime | None


class SectionIn(Schema):
    body: str | None = None
    item_ids: list[int] | None = None
    person_ids: list[int] | None = None
    assessment_ids: list[int] | None = None
    team_ids: list[int] | None = None
    plan_ids: list[int] | None = None


class LinkOut(Schema):
    type: str
    name: str
    detail: str
    url: str


class SectionOut(Schema):
    key: str
    title: str
    body: str
    links: list[LinkOut]


class StepIn(Schema):
    key: str
    title: str
    phase: Phase = "recovery"
    team_id: int | None = None
    role: RoleName | Literal[""] = ""
    optimistic_seconds: int = 0
    likely_seconds: int
    pessimistic_seconds: int
    depends_on: list[str] = []  # "step-key" in this plan or "plan-key/step-key"
    instructions: str = ""
    verification: str = ""
    safeguards: str = ""
    evidence: str = ""
    service_id: int | None = None


class StepOut(Schema):
    key: str
    number: int
    title: str
    phase: str
    team: str | None
    role: str | None
    optimistic: int
    likely: int
    pessimistic: int
    depends_on: list[str]
    instructions: str
    verification: str
    safeguards: str
    evidence: str
    service: str | None
    plan: str


class ReferenceIn(Schema):
    target_id: int
    handoff: str = ""


class TransitionIn(Schema):
    action: Literal["submit", "endorse", "return", "approve", "publish", "supersede"]
    comment: str = ""


class ReviewOut(Schema):
    at: datetime
    reviewer: str
    role: str
    action: str
    from_state: str
    to_state: str
    decision: str
    comment: str


class VersionOut(Schema):
    number: int
    state: str
    created_at: datetime
    created_by: str
    pdf_sha256: str | None
    content: dict


class VersionSummaryOut(Schema):
    number: int
    state: str
    created_at: datetime
    created_by: str
    pdf_sha256: str | None


class DiffRowOut(Schema):
    left: str
    right: str
    tag: str


class DiffPartOut(Schema):
    title: str
    status: str
    rows: list[DiffRowOut]


class ProblemsOut(Schema):
    state: str
    problems: list[str]
    actions: list[str]
