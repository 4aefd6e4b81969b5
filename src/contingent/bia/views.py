"""Pages of the business impact analysis: assessments with their impact-over-time grid and chart."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from contingent.access.services import can, visible
from contingent.bia import services
from contingent.bia.models import ImpactAssessment, RecoveryTier
from contingent.bia.scale import TIME_POINTS, Category, Level
from contingent.inventory.models import Item
from contingent.lib.durations import format_duration
from contingent.web.fields import human_durations
from contingent.web.generic import Column, Filter, RecordType
from contingent.web.svg import impact_chart_svg


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = ImpactAssessment
        formfield_callback = human_durations
        fields = [
            "item",
            "intolerable_level",
            "rto_override",
            "rto_override_reason",
            "rpo",
            "recovery_priority",
            "minimum_staff",
            "skills",
            "required_applications",
            "required_data",
            "notes",
            "next_review",
        ]
        labels = {"rto_override": "RTO override", "rpo": "RPO (data loss that can be tolerated)"}
        help_texts = {"rto_override": "leave empty to use the RTO proposed from the impact curve"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = Item.objects.active().filter(kind__in=[Item.Kind.PROCESS, Item.Kind.SERVICE])
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["required_applications"].queryset = Item.objects.active().filter(kind=Item.Kind.ASSET)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["item"].disabled = True


class TierForm(forms.ModelForm):
    class Meta:
        model = RecoveryTier
        formfield_callback = human_durations
        fields = ["rank", "name", "max_rto"]


def _create(actor: Any, **data: Any) -> ImpactAssessment:
    return services.create_assessment(actor, data.pop("item"), **data)


def _update(actor: Any, assessment: ImpactAssessment, **data: Any) -> ImpactAssessment:
    data.pop("item", None)
    return services.update_assessment(actor, assessment, **data)


def _detail(request: HttpRequest, assessment: ImpactAssessment) -> dict[str, Any]:
    ratings = services.ratings_of(assessment)
    series = [(Category(c).label, services.level_curve(ratings, c)) for c in Category.values]
    chart = impact_chart_svg(
        TIME_POINTS,
        series,
        assessment.intolerable_level,
        [label for _, label in Level.choices],
        assessment.mtpd,
        assessment.rto,
    )
    grid = [
        (c, label, [(int(p.total_seconds()), ratings.get((c, p))) for p in TIME_POINTS])
        for c, label in Category.choices
    ]
    return {
        "chart": chart,
        "grid": grid,
        "points": [format_duration(p) for p in TIME_POINTS],
        "levels": Level.choices,
        "problems": services.approval_problems(assessment),
        "may_rate": not assessment.is_retired and can(request.user, "bia.change", *assessment.permission_scope()),
        "may_approve": can(request.user, "bia.approve", *assessment.permission_scope()),
    }


assessments = RecordType(
    slug="assessments",
    title="Impact assessments",
    singular="Impact assessment",
    queryset=lambda: ImpactAssessment.objects.select_related("item", "tier", "item__owner_team"),
    columns=[
        Column("Process or service", lambda a: a.item.name),
        Column("State", lambda a: a.get_state_display()),
        Column("MTPD", lambda a: format_duration(a.mtpd)),
        Column("RTO", lambda a: format_duration(a.rto)),
        Column("RPO", lambda a: format_duration(a.rpo)),
        Column("Tier", lambda a: a.tier),
        Column("Next review", lambda a: a.next_review),
    ],
    form=AssessmentForm,
    create=_create,
    update=_update,
    retire=services.retire_assessment,
    search=["item__name", "item__key"],
    filters=[
        Filter("state", "State", "state", lambda: list(ImpactAssessment.State.choices)),
        Filter("tier", "Tier", "tier_id", lambda: [(str(t.pk), t.name) for t in RecoveryTier.objects.active()]),
    ],
    detail_template="bia/assessment_detail.html",
    detail_context=_detail,
    intro="How the damage of losing each business process or service grows over time (spec 003 activity 1.2).",
)

tiers = RecordType(
    slug="tiers",
    title="Recovery tiers",
    singular="Recovery tier",
    queryset=lambda: RecoveryTier.objects.all(),
    columns=[
        Column("Tier", lambda t: t.name),
        Column("Rank", lambda t: t.rank),
        Column("Longest RTO", lambda t: format_duration(t.max_rto) if t.max_rto else "longer"),
    ],
    form=TierForm,
    create=lambda actor, **data: services.create_tier(actor, **data),
    update=lambda actor, tier, **data: services.update_tier(actor, tier, **data),
    retire=None,
    intro="An assessment's tier is the first tier whose longest RTO covers the assessment's RTO.",
)


@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(visible(request.user, ImpactAssessment.objects.all()), pk=pk)
    if request.method == "POST":
        ratings = {}
        for category in Category.values:
            for point in TIME_POINTS:
                raw = request.POST.get(f"{category}@{int(point.total_seconds())}", "")
                if raw != "":
                    ratings[(category, point)] = int(raw) if raw.lstrip("-").isdigit() else raw
        try:
            services.rate_impact(request.user, assessment, ratings)
            messages.success(request, "Impact ratings saved; MTPD, RTO and tier re-derived.")
        except ValidationError as error:
            messages.error(
                request, "Not saved: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            )
    return redirect("assessments-detail", pk)


@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(visible(request.user, ImpactAssessment.objects.all()), pk=pk)
    if request.method == "POST":
        try:
            services.approve_assessment(request.user, assessment)
            messages.success(request, "Assessment approved.")
        except ValidationError as error:
            messages.error(request, "Not approved: " + " ".join(error.messages))
    return redirect("assessments-detail", pk)
