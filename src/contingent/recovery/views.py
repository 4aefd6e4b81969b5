"""Analysis pages: parse the request, call a recovery service, render. No rules here."""

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from contingent.access.services import visible
from contingent.inventory.models import Item, Region
from contingent.org.models import Person, Team
from contingent.recovery import drawings, findings, loss, planning
from contingent.recovery.present import require_analysis
from contingent.recovery.steps_source import StepSource

# "kind:key" values of the loss form -> the Scenario field they fill.
PICK_FIELDS = {
    "region": "regions",
    "site": "sites",
    "asset": "assets",
    "supplier": "suppliers",
    "service": "services",
    "team": "teams",
    "person": "people",
}
EXAMPLE_STEPS = Path(__file__).resolve().parents[1] / "demo" / "recovery_steps.yaml"


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
    return list(error.messages)


def _region_choices() -> list[dict[str, Any]]:
    used = set(Item.objects.filter(retired_at__isnull=True, region__isnull=False).values_list("region_id", flat=True))
    rows = Region.objects.filter(retired_at__isnull=True, pk__in=used).values_list("key", "name", "kind")
    return [
        {"value": f"{'region' if kind == 'cloud_region' else 'site'}:{key}", "label": name} for key, name, kind in rows
    ]


def _picked_labels(request_user: Any, values: list[str]) -> list[dict[str, Any]]:
    """The non-region choices already in the scenario, as checked boxes with readable names."""
    labels = []
    for value in values:
        kind, _, key = value.partition(":")
        if kind in ("region", "site"):
            continue
        model = {"team": Team, "person": Person}.get(kind, Item)
        name = visible(request_user, model.objects.filter(key=key)).values_list("name", flat=True).first() or key
        labels.append({"value": value, "label": f"{name} ({kind})"})
    return labels


@login_required
def loss_page(request: HttpRequest) -> HttpResponse:
    """Pick what is lost (regions and sites as boxes, anything else through the search), see what stops."""
    picked = [v for v in request.GET.getlist("lose") if v.partition(":")[0] in PICK_FIELDS]
    context: dict[str, Any] = {
        "regions": _region_choices(),
        "picked": picked,
        "extra": _picked_labels(request.user, picked),
    }
    try:
        require_analysis(request.user)
        if picked:
            values: dict[str, list[str]] = {}
            for value in picked:
                kind, _, key = value.partition(":")
                values.setdefault(PICK_FIELDS[kind], []).append(key)
            answer = loss.run_loss_scenario(request.user, loss.Scenario(**{k: tuple(v) for k, v in values.items()}))
            svg, note = drawings.loss_graph_svg(answer)
            context.update(answer=answer, svg=svg, note=note)
    except ValidationError as error:
        context["errors"] = _errors(error)
    except PermissionDenied as error:
        context["errors"] = [str(error)]
    return render(request, "recovery/loss.html", context)


@login_required
def loss_search(request: HttpRequest) -> HttpResponse:
    """htmx fragment: up to 15 assets, suppliers, services, teams or people matching the search."""
    query = request.GET.get("q", "").strip()
    matches: list[dict[str, str]] = []
    if len(query) >= 2:
        text = Q(name__icontains=query) | Q(key__icontains=query)
        items = Item.objects.filter(text, retired_at__isnull=True).exclude(kind=Item.Kind.PROCESS)
        items = visible(request.user, items)
        for key, name, kind in items.values_list("key", "name", "kind")[:10]:
            matches.append({"value": f"{kind}:{key}", "label": f"{name} ({kind})"})
        for model, kind in ((Team, "team"), (Person, "person"), (Region, "region")):
            for key, name in model.objects.filter(text, retired_at__isnull=True).values_list("key", "name")[:5]:
                matches.append({"value": f"{kind}:{key}", "label": f"{name} ({kind})"})
    picked = set(request.GET.getlist("lose"))
    matches = [m for m in matches if m["value"] not in picked][:15]
    return render(request, "recovery/loss_matches.html", {"matches": matches, "query": query})


@login_required
def objectives_page(request: HttpRequest) -> HttpResponse:
    return _findings(request, "recovery/objectives.html", findings.check_objectives)


@login_required
def spof_page(request: HttpRequest) -> HttpResponse:
    return _findings(request, "recovery/spof.html", findings.find_single_points_of_failure)


def _findings(request: HttpRequest, template: str, service: Any) -> HttpResponse:
    context: dict[str, Any] = {}
    try:
        context["answer"] = service(request.user)
    except PermissionDenied as error:
        context["errors"] = [str(error)]
    return render(request, template, context)


def _source(request: HttpRequest) -> StepSource:
    plans = tuple(request.POST.getlist("plans"))
    upload = request.FILES.get("file")
    if upload is not None:
        return StepSource(text=upload.read(), plans=plans)
    return StepSource(text=request.POST.get("steps", ""), plans=plans)


def _steps_page(request: HttpRequest, template: str, run: Any) -> HttpResponse:
    from contingent.plans.models import Plan

    example = request.GET.get("example") == "1"
    context: dict[str, Any] = {
        "steps_text": EXAMPLE_STEPS.read_text() if example else request.POST.get("steps", ""),
        "plans": Plan.objects.filter(retired_at__isnull=True).order_by("key").values_list("key", "title"),
        "chosen_plans": request.POST.getlist("plans"),
        "iterations": request.POST.get("iterations", "10000"),
        "seed": request.POST.get("seed", "0"),
    }
    if request.method == "POST":
        try:
            context.update(run(request))
        except ValidationError as error:
            context["errors"] = _errors(error)
        except PermissionDenied as error:
            context["errors"] = [str(error)]
    return render(request, template, context)


@login_required
def schedule_page(request: HttpRequest) -> HttpResponse:
    def run(request: HttpRequest) -> dict[str, Any]:
        schedule = planning.plan_recovery(request.user, _source(request))
        return {"schedule": schedule, "svg": drawings.gantt_svg(schedule)}

    return _steps_page(request, "recovery/schedule.html", run)


@login_required
def confidence_page(request: HttpRequest) -> HttpResponse:
    def run(request: HttpRequest) -> dict[str, Any]:
        try:
            iterations, seed = int(request.POST.get("iterations", 10_000)), int(request.POST.get("seed", 0))
        except ValueError:
            raise ValidationError({"iterations": "give whole numbers for iterations and seed"}) from None
        result = planning.estimate_confidence(request.user, _source(request), iterations, seed)
        charts = [(o, drawings.histogram_svg(o, 460, 190)) for o in result.services]
        return {"result": result, "instance_svg": drawings.histogram_svg(result.instance, 900, 260), "charts": charts}

    return _steps_page(request, "recovery/confidence.html", run)


urlpatterns = [
    path("analysis/loss/", loss_page, name="analysis-loss"),
    path("analysis/loss/search/", loss_search, name="analysis-loss-search"),
    path("analysis/objectives/", objectives_page, name="analysis-objectives"),
    path("analysis/single-points-of-failure/", spof_page, name="analysis-spof"),
    path("analysis/schedule/", schedule_page, name="analysis-schedule"),
    path("analysis/confidence/", confidence_page, name="analysis-confidence"),
]
