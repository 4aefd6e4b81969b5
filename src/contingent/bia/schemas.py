from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from contingent.bia.scale import Category

CategoryName = Literal[tuple(Category.values)]  # type: ignore[valid-type]


class RatingIn(Schema):
    category: CategoryName
    after_seconds: int = Field(description="length of the disruption: 3600, 14400, 86400, 259200, 604800 or 2592000")
    level: int = Field(ge=0, le=5, description="0 none, 1 minor, 2 moderate, 3 major, 4 severe, 5 catastrophic")


class AssessmentIn(Schema):
    item_id: int
    intolerable_level: int = Field(4, ge=1, le=5)
    rto_override_seconds: int | None = Field(None, gt=0)
    rto_override_reason: str = ""
    rpo_seconds: int | None = Field(None, ge=0)
    recovery_priority: int | None = None
    minimum_staff: int | None = Field(None, ge=0)
    skills: str = ""
    required_application_ids: list[int] = []
    required_data: str = ""
    notes: str = ""
    next_review: date | None = None
    ratings: list[RatingIn] = []


class ConflictStepOut(Schema):
    item_id: int | None
    name: str


class RtoConflictOut(Schema):
    item_id: int
    name: str
    rto_seconds: int
    achievable_rto_seconds: int
    path: list[ConflictStepOut]


class AssessmentOut(Schema):
    id: int
    item_id: int
    state: str
    intolerable_level: int
    mtpd_seconds: int | None
    proposed_rto_seconds: int | None
    rto_seconds: int | None
    rto_override_seconds: int | None
    rto_override_reason: str
    rpo_seconds: int | None
    tier: str | None
    recovery_priority: int | None
    minimum_staff: int | None
    skills: str
    required_application_ids: list[int]
    required_data: str
    notes: str
    next_review: date | None
    approved_at: datetime | None
    retired_at: datetime | None
    ratings: list[RatingIn]
    rto_conflicts: list[RtoConflictOut]
