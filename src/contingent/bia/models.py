"""Business impact analysis: how the damage of losing a process or service grows over time, and the
objectives (MTPD, RTO, RPO, tier) that follow from it."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from contingent.bia.scale import DEFAULT_INTOLERABLE, TIME_POINTS, Category, Level
from contingent.inventory.models import Item
from contingent.records.models import Record


class RecoveryTier(Record):
    """A row of the tier table: services whose RTO is at most `max_rto` fall in this tier."""

    rank = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    max_rto = models.DurationField(null=True, blank=True, help_text="empty for the last, open-ended tier")

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class ImpactAssessment(Record):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="assessments")
    visibility_via = "item"  # as confidential as the item assessed
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, editable=False)
    intolerable_level = models.PositiveSmallIntegerField(
        choices=Level.choices,
        default=DEFAULT_INTOLERABLE,
        help_text="impact at or above this level cannot be tolerated",
    )
    # Derived from the ratings by services.derive_objectives; stored so lists and filters can use them.
    mtpd = models.DurationField(null=True, blank=True, editable=False)
    proposed_rto = models.DurationField(null=True, blank=True, editable=False)
    rto = models.DurationField(null=True, blank=True, editable=False)
    tier = models.ForeignKey(RecoveryTier, null=True, blank=True, on_delete=models.PROTECT, editable=False)
    rto_override = models.DurationField(null=True, blank=True)
    rto_override_reason = models.TextField(blank=True)
    rpo = models.DurationField(null=True, blank=True)
    recovery_priority = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="order of recovery within the tier; 1 comes first"
    )
    minimum_staff = models.PositiveSmallIntegerField(null=True, blank=True)
    skills = models.TextField(blank=True, help_text="skills needed to run the service at a minimum level")
    required_applications = models.ManyToManyField(Item, blank=True, related_name="required_by_assessments")
    required_data = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_review = models.DateField(null=True, blank=True)

    change_permission = "bia.change"

    class Meta:
        ordering = ["item__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(retired_at__isnull=True), name="one_current_assessment_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"BIA: {self.item}"

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.item.owner_team_id, self.item.instance_id

    def clean(self) -> None:
        errors = {}
        if self.item_id and self.item.kind not in (Item.Kind.PROCESS, Item.Kind.SERVICE):
            errors["item"] = "impact is assessed for business processes and services"
        if self.rto_override is not None and self.rto_override != self.proposed_rto:
            if not self.rto_override_reason.strip():
                errors["rto_override_reason"] = "overriding the proposed RTO needs a recorded reason"
            if self.mtpd is not None and self.rto_override > self.mtpd:
                errors["rto_override"] = (
                    f"RTO {self.rto_override} is above the maximum tolerable period of disruption {self.mtpd}"
                )
        if self.rto_override is not None and self.rto_override <= timedelta(0):
            errors["rto_override"] = "an RTO must be longer than zero"
        if errors:
            raise ValidationError(errors)


class ImpactRating(models.Model):
    """How bad the loss is in one category after one length of disruption."""

    assessment = models.ForeignKey(ImpactAssessment, on_delete=models.CASCADE, related_name="ratings")
    category = models.CharField(max_length=20, choices=Category.choices)
    after = models.DurationField()
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    rationale = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["category", "after"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "category", "after"], name="one_rating_per_point"),
            models.CheckConstraint(condition=models.Q(level__lte=5), name="rating_level_on_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} after {self.after}: {self.get_level_display()}"

    def clean(self) -> None:
        if self.after not in TIME_POINTS:
            raise ValidationError({"after": "rate impact at one of the assessment's time points"})
