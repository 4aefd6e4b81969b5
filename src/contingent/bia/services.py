"""Rules of the business impact analysis (spec 000 1.1, spec 003 1.2): impact over time gives the MTPD,
the proposed RTO and the tier; the owner may override the RTO only with a reason and never above MTPD."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from contingent.access.services import Actor, require
from contingent.audit.services import record_event
from contingent.bia.models import ImpactAssessment, ImpactRating, RecoveryTier
from contingent.bia.scale import TIME_POINTS, Category
from contingent.inventory.models import Item
from contingent.records.services import create_record, retire_record, snapshot, update_record

Ratings = dict[tuple[str, timedelta], int]


def level_curve(ratings: Ratings, category: str) -> list[int | None]:
    """Impact of one category at each time point; an unrated point carries the last rating forward,
    because damage already done does not undo itself while the disruption goes on."""
    curve: list[int | None] = []
    last: int | None = None
    for point in TIME_POINTS:
        last = ratings.get((category, point), last)
        curve.append(last)
    return curve


def derive_objectives(ratings: Ratings, intolerable: int) -> tuple[timedelta | None, timedelta]:
    """MTPD: the first time point at which any category reaches the intolerable level (None when none
    does within the horizon). Proposed RTO: the time point before the MTPD, or half of the first point."""
    worst = [0] * len(TIME_POINTS)
    for category in Category.values:
        for i, level in enumerate(level_curve(ratings, category)):
            worst[i] = max(worst[i], level or 0)
    for i, level in enumerate(worst):
        if level >= intolerable:
            mtpd = TIME_POINTS[i]
            return mtpd, TIME_POINTS[i - 1] if i else mtpd / 2
    return None, TIME_POINTS[-1]


def tier_for(rto: timedelta | None) -> RecoveryTier | None:
    if rto is None:
        return None
    for tier in RecoveryTier.objects.active().order_by("rank"):
        if tier.max_rto is None or rto <= tier.max_rto:
            return tier
    return None


def ratings_of(assessment: ImpactAssessment) -> Ratings:
    return {(r.category, r.after): r.level for r in assessment.ratings.all()}


def _derive(assessment: ImpactAssessment) -> None:
    """Recompute the stored MTPD, proposed RTO, effective RTO and tier; full_clean then checks them."""
    mtpd, proposed = derive_objectives(ratings_of(assessment) if assessment.pk else {}, assessment.intolerable_level)
    assessment.mtpd, assessment.proposed_rto = mtpd, proposed
    assessment.rto = assessment.rto_override if assessment.rto_override is not None else proposed
    assessment.tier = tier_for(assessment.rto)


def create_assessment(actor: Actor, item: Item, **data: Any) -> ImpactAssessment:
    """Start the impact assessment of a business process or service."""
    ratings = data.pop("ratings", None)
    with transaction.atomic():
        assessment = create_record(actor, ImpactAssessment, {"item": item, **data}, check=_derive)
        if ratings:
            rate_impact(actor, assessment, ratings)
    return assessment


def update_assessment(actor: Actor, assessment: ImpactAssessment, **data: Any) -> ImpactAssessment:
    """Change an assessment; a change to an approved one returns it to draft for re-approval."""
    ratings = data.pop("ratings", None)
    with transaction.atomic():
        if ratings is not None:
            rate_impact(actor, assessment, ratings)
        if data:
            _back_to_draft(assessment, data)
            assessment = update_record(actor, assessment, data, check=_derive)
    return assessment


def _back_to_draft(assessment: ImpactAssessment, data: dict[str, Any]) -> None:
    if assessment.state == ImpactAssessment.State.APPROVED:
        assessment.state = ImpactAssessment.State.DRAFT
        assessment.approved_by = None
        assessment.approved_at = None


def rate_impact(actor: Actor, assessment: ImpactAssessment, ratings: Ratings) -> ImpactAssessment:
    """Set impact levels, {(category, after): level}; re-derives MTPD, RTO and tier atomically."""
    require(actor, "bia.change", *assessment.permission_scope())
    errors = _rating_errors(ratings)
    if errors:
        raise ValidationError(errors)
    before = snapshot(assessment) | {"ratings": _ratings_json(ratings_of(assessment))}
    with transaction.atomic():
        for (category, after), level in ratings.items():
            ImpactRating.objects.update_or_create(
                assessment=assessment, category=category, after=after, defaults={"level": level}
            )
        _back_to_draft(assessment, {})
        _derive(assessment)
        assessment.full_clean()
        assessment.save()
        after_snapshot = snapshot(assessment) | {"ratings": _ratings_json(ratings_of(assessment))}
        old = {k: v for k, v in before.items() if after_snapshot.get(k) != v}
        new = {k: after_snapshot[k] for k in old}
        record_event(actor, "rate_impact", assessment, before=old, after=new)
    return assessment


def _rating_errors(ratings: Ratings) -> dict[str, str]:
    errors = {}
    for (category, after), level in ratings.items():
        name = f"ratings.{category}.{after}"
        if category not in Category.values:
            errors[name] = f"'{category}' is not an impact category; use one of {', '.join(Category.values)}"
        elif after not in TIME_POINTS:
            errors[name] = "rate impact at one of the time points: " + ", ".join(str(p) for p in TIME_POINTS)
        elif not isinstance(level, int) or not 0 <= level <= 5:
            errors[name] = f"level must be a whole number from 0 (none) to 5 (catastrophic), not {level!r}"
    return errors


def _ratings_json(ratings: Ratings) -> dict[str, int]:
    return {f"{c}@{int(a.total_seconds())}s": level for (c, a), level in sorted(ratings.items())}


def approval_problems(assessment: ImpactAssessment) -> list[str]:
    """Everything that stops this assessment from being approved, in words the owner can act on."""
    problems = []
    rated = {category for category, _ in ratings_of(assessment)}
    missing = [Category(c).label for c in Category.values if c not in rated]
    if missing:
        problems.append("no impact rated for: " + ", ".join(missing))
    if assessment.rpo is None:
        problems.append("no RPO: say how much data may be lost")
    if assessment.minimum_staff is None:
        problems.append("no minimum staffing: say how many people are needed at a minimum level")
    return problems


def approve_assessment(actor: Actor, assessment: ImpactAssessment) -> ImpactAssessment:
    """Approve a complete assessment; sets the next review date (at most the review interval away)."""
    require(actor, "bia.approve", *assessment.permission_scope())
    problems = approval_problems(assessment)
    if problems:
        raise ValidationError({"state": problems})
    with transaction.atomic():
        assessment.state = ImpactAssessment.State.APPROVED
        assessment.approved_by = actor  # type: ignore[assignment]
        assessment.approved_at = timezone.now()
        assessment.next_review = next_review_date()
        assessment.save()
        record_event(actor, "approve", assessment, after={"state": "approved", "next_review": assessment.next_review})
    return assessment


def next_review_date(today: date | None = None) -> date:
    return (today or timezone.now().date()) + timedelta(days=settings.REVIEW_INTERVAL_DAYS)


def retire_assessment(actor: Actor, assessment: ImpactAssessment, reason: str = "") -> ImpactAssessment:
    """Retire an assessment (for example when the service is retired); it stays for the auditor."""
    return retire_record(actor, assessment, reason)


def overdue_reviews(today: date | None = None) -> QuerySet[ImpactAssessment]:
    return ImpactAssessment.objects.active().filter(next_review__lt=today or timezone.now().date())


def create_tier(actor: Actor, **data: Any) -> RecoveryTier:
    """Add a row to the recovery tier table."""
    return create_record(actor, RecoveryTier, data)


def update_tier(actor: Actor, tier: RecoveryTier, **data: Any) -> RecoveryTier:
    """Change a tier; assessments take their new tier the next time they are saved."""
    return update_record(actor, tier, data)
