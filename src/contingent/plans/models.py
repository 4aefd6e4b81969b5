"""Plans: governed documents (policy, BCP, team and global DR plans, ITSC procedures) whose sections link
to live records, whose recovery steps are structured data, and whose published versions are frozen."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from contingent.access.classification import Classification
from contingent.access.roles import Role
from contingent.inventory.models import Item
from contingent.lifecycle.machine import State
from contingent.org.models import Team, key_validator
from contingent.plans.kinds import KINDS, Kind, KindSpec
from contingent.records.models import Record


class Plan(Record):
    key = models.CharField(max_length=80, unique=True, validators=[key_validator])
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="plans")
    instance = models.ForeignKey(
        "inventory.Instance", null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    owner = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_plans",
        help_text="the person accountable for keeping the plan current",
    )
    reviewers = models.ManyToManyField(
        "org.Person", blank=True, related_name="plans_to_review", help_text="subject matter experts nominated to review"
    )
    classification = models.CharField(max_length=20, choices=Classification.choices, default=Classification.INTERNAL)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_review = models.DateField(null=True, blank=True, editable=False)
    changed_since_publication = models.BooleanField(default=False, editable=False)

    change_permission = "plans.change"

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]

    @property
    def lifecycle(self) -> Any:
        from contingent.plans.workflow import PLAN_LIFECYCLE

        return PLAN_LIFECYCLE

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.team_id, self.instance_id

    def visibility_scope(self) -> tuple[int | None, int | None]:
        return self.team_id, self.instance_id

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans-detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind in KINDS and self.spec.needs_team and not self.team_id:
            raise ValidationError({"team": f"a {self.get_kind_display()} belongs to a team"})

    @property
    def latest_version(self) -> "PlanVersion | None":
        return self.versions.order_by("-number").first()


class Section(models.Model):
    """One required (or optional) section of a plan; links point at live records, never copies."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True)
    items = models.ManyToManyField(Item, blank=True, related_name="plan_sections")
    people = models.ManyToManyField("org.Person", blank=True, related_name="plan_sections")
    assessments = models.ManyToManyField("bia.ImpactAssessment", blank=True, related_name="plan_sections")
    teams = models.ManyToManyField(Team, blank=True, related_name="plan_sections")
    plans = models.ManyToManyField(Plan, blank=True, related_name="linked_from_sections")

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="one_section_per_key")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.title}"

    @property
    def title(self) -> str:
        spec = self.plan.spec.section(self.key)
        return spec.title if spec else self.key

    @property
    def required(self) -> bool:
        spec = self.plan.spec.section(self.key)
        return bool(spec and spec.required)

    def has_links(self) -> bool:
        return any(getattr(self, name).exists() for name in ("items", "people", "assessments", "teams", "plans"))


class RunbookStep(models.Model):
    """One recovery step: who does it, how long it takes, what it waits on, and how to check it worked."""

    class Phase(models.TextChoices):
        RECOVERY = "recovery", "Recovery (business-critical first)"
        RECONSTITUTION = "reconstitution", "Reconstitution"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=60, validators=[key_validator])
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.RECOVERY)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="the plan's team when empty"
    )
    role = models.CharField(max_length=30, choices=Role.choices, blank=True, help_text="the responsible role")
    optimistic = models.DurationField(default=timedelta(0))
    likely = models.DurationField(default=timedelta(0))
    pessimistic = models.DurationField(default=timedelta(0))
    predecessors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="successors")
    instructions = models.TextField(blank=True)
    verification = models.TextField(blank=True, help_text="how to check the step worked")
    safeguards = models.TextField(blank=True, help_text="security safeguards to keep while doing it")
    evidence = models.TextField(blank=True, help_text="what to capture for the post-incident review")
    service = models.ForeignKey(Item, null=True, blank=True, on_delete=models.PROTECT, related_name="runbook_steps")

    class Meta:
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="one_step_per_key"),
            models.CheckConstraint(
                condition=models.Q(optimistic__lte=models.F("likely")) & models.Q(likely__lte=models.F("pessimistic")),
                name="step_durations_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.key}/{self.key}"

    @property
    def qualified_key(self) -> str:
        return f"{self.plan.key}/{self.key}"

    @property
    def responsible_team_id(self) -> int | None:
        return self.team_id or self.plan.team_id

    def clean(self) -> None:
        errors = {}
        if self.optimistic > self.likely:
            errors["optimistic"] = "the optimistic duration cannot be longer than the likely one"
        if self.likely > self.pessimistic:
            errors["pessimistic"] = "the pessimistic duration cannot be shorter than the likely one"
        if self.optimistic < timedelta(0):
            errors["optimistic"] = "a duration cannot be negative"
        if errors:
            raise ValidationError(errors)


class PlanReference(models.Model):
    """The global DR plan orchestrates a team plan: it triggers it, with a handoff between the teams."""

    source = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    target = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="referenced_by")
    position = models.PositiveSmallIntegerField(default=0)
    handoff = models.TextField(blank=True, help_text="what is handed over, to whom, and how the teams communicate")

    class Meta:
        ordering = ["source", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_reference_per_pair"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="plan_not_referencing_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.source.key} -> {self.target.key}"


class PlanVersion(models.Model):
    """A published version: frozen content (plans.document schema), its PDF, never changed again."""

    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    pdf = models.ForeignKey("evidence.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PUBLISHED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plan-version", args=[self.plan_id, self.number])

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.plan.permission_scope()
