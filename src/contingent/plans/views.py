"""Plan pages: the generic list/detail/edit for plans, plus sections, runbook steps, references,
lifecycle actions, versions and their comparison, and the overdue reviews."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from contingent.access.services import can
from contingent.lifecycle.machine import State
from contingent.lifecycle.services import available_actions, reviews_of
from contingent.notifications.services import acknowledgement_panel
from contingent.plans import runbook, services
from contingent.plans.compare import compare
from contingent.plans.completeness import approval_problems
from contingent.plans.document import plan_document
from contingent.plans.drawing import runbook_svg
from contingent.plans.forms import PlanForm, ReferenceForm, SectionForm, StepForm
from contingent.plans.kinds import Kind
from contingent.plans.models import Plan, PlanReference, PlanVersion, RunbookStep
from contingent.web.generic import Column, Filter, RecordType, attach_errors


def _detail(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    document = plan_document(plan)
    own_steps = {s.qualified_key: s.pk for s in plan.steps.select_related("plan")}
    specs = {s.key: s for s in plan.spec.sections}
    return {
        "document": document,
        "section_specs": specs,
        "own_steps": own_steps,
        "drawing": runbook_svg(document["steps"], plan.key),
        "problems": approval_problems(plan) if plan.state not in (State.PUBLISHED, State.SUPERSEDED) else [],
        "actions": available_actions(request.user, plan),
        "reviews": reviews_of(plan)[:50],
        "versions": plan.versions.select_related("created_by", "pdf").all(),
        "references": plan.references.select_related("target", "target__team"),
        "may_edit": not plan.is_retired
        and plan.state != State.SUPERSEDED
        and can(request.user, "plans.change", *plan.permission_scope()),
        "reference_form": ReferenceForm() if plan.spec.orchestrates else None,
    }


plans = RecordType(
    slug="plans",
    title="Plans",
    singular="Plan",
    queryset=lambda: Plan.objects.select_related("team", "owner", "instance"),
    columns=[
        Column("Plan", lambda p: p.title),
        Column("Kind", lambda p: p.get_kind_display()),
        Column("Team", lambda p: p.team or "—"),
        Column(
            "State",
            lambda p: p.get_state_display() + (" (changed since publication)" if p.changed_since_publication else ""),
        ),
        Column("Next review", lambda p: p.next_review or "—"),
    ],
    form=PlanForm,
    create=lambda actor, **data: services.create_plan(actor, **data),
    update=lambda actor, plan, **data: services.update_plan(actor, plan, **data),
    retire=services.retire_plan,
    search=["title", "key"],
    filters=[
        Filter("kind", "Kind", "kind", lambda: list(Kind.choices)),
        Filter("state", "State", "state", lambda: list(State.choices)),
    ],
    detail_template="plans/plan_detail.html",
    detail_context=_detail,
    intro="Policy, business continuity plans, team and global DR plans and ITSC procedures (spec 000, spec 003 stage 2).",
)


def _plan(request: HttpRequest, pk: int, write: bool = False) -> Plan:
    plan = plans.get(pk, request.user)
    if write and not can(request.user, "plans.change", *plan.permission_scope()):
        raise PermissionDenied("Your roles do not allow you to change this plan.")
    return plan


def _form_page(request: HttpRequest, plan: Plan, title: str, form: forms.Form, hint: str = "") -> HttpResponse:
    return render(request, "plans/form.html", {"plan": plan, "title": title, "form": form, "hint": hint})


def _attempt(request: HttpRequest, form: forms.Form, action: Callable[[], Any], done: str) -> bool:
    try:
        action()
    except ValidationError as error:
        attach_errors(form, error)
        return False
    messages.success(request, done)
    return True


@login_required
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    plan = _plan(request, pk, write=True)
    section = plan.sections.filter(key=key).first()
    if section is None:
        raise Http404("No such section")
    initial = {"body": section.body} | {n: getattr(section, n).all() for n in services.SECTION_LINKS}
    form = SectionForm(request.POST or None, initial=initial)
    form.fields["plans"].queryset = Plan.objects.active().exclude(pk=plan.pk)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(request, form, lambda: services.edit_section(request.user, plan, key, **data), "Section saved."):
            return redirect(f"{plan.get_absolute_url()}#section-{key}")
    spec = plan.spec.section(key)
    return _form_page(request, plan, f"{section.title}", form, spec.guidance if spec else "")


@login_required
def step_edit(request: HttpRequest, pk: int, step_pk: int | None = None) -> HttpResponse:
    plan = _plan(request, pk, write=True)
    step = get_object_or_404(RunbookStep, pk=step_pk, plan=plan) if step_pk else RunbookStep(plan=plan)
    form = StepForm(request.POST or None, instance=step, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        data["predecessors"] = list(data["predecessors"])
        if step.pk:
            action = lambda: runbook.update_step(request.user, step, **data)  # noqa: E731
        else:
            action = lambda: runbook.add_step(request.user, plan, **data)  # noqa: E731
        if _attempt(request, form, action, "Step saved."):
            return redirect(f"{plan.get_absolute_url()}#runbook")
    remove = reverse("plan-step-remove", args=[plan.pk, step.pk]) if step.pk else ""
    context = {"plan": plan, "title": f"Step {step.key}" if step.pk else "New recovery step", "form": form}
    return render(request, "plans/form.html", context | {"remove_url": remove})


@login_required
@require_POST
def step_remove(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    step = get_object_or_404(RunbookStep, pk=step_pk, plan=plan)
    runbook.remove_step(request.user, step)
    messages.success(request, f"Step {step.key} removed.")
    return redirect(f"{plan.get_absolute_url()}#runbook")


@login_required
@require_POST
def reference_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = ReferenceForm(request.POST)
    if form.is_valid():
        try:
            runbook.add_reference(request.user, plan, form.cleaned_data["target"], form.cleaned_data["handoff"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Choose a plan to orchestrate.")
    return redirect(f"{plan.get_absolute_url()}#orchestration")


@login_required
@require_POST
def reference_remove(request: HttpRequest, pk: int, ref_pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    runbook.remove_reference(request.user, get_object_or_404(PlanReference, pk=ref_pk, source=plan))
    return redirect(f"{plan.get_absolute_url()}#orchestration")


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    action, comment = request.POST.get("action", ""), request.POST.get("comment", "")
    try:
        services.transition_plan(request.user, plan, action, comment)
    except ValidationError as error:
        reasons = (
            [m for msgs in error.message_dict.values() for m in msgs]
            if hasattr(error, "error_dict")
            else error.messages
        )
        messages.error(request, f"Could not {action}: " + "; ".join(reasons))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Plan is now {plan.get_state_display().lower()}.")
    return redirect(plan.get_absolute_url())


def _version(plan: Plan, number: int) -> PlanVersion:
    return get_object_or_404(PlanVersion.objects.select_related("created_by", "pdf"), plan=plan, number=number)


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = _plan(request, pk)
    version = _version(plan, number)
    context = {
        "plan": plan,
        "version": version,
        "document": version.content,
        "section_specs": {s.key: s for s in plan.spec.sections},
        "own_steps": {},
    }
    context["drawing"] = runbook_svg(version.content["steps"], plan.key)
    context["acknowledgements"] = acknowledgement_panel(request.user, version)
    return render(request, "plans/version.html", context)


@login_required
def compare_view(request: HttpRequest, pk: int) -> HttpResponse:
    """?a=<number>&b=<number or 'draft'>: two versions (or a version and the current draft) side by side."""
    plan = _plan(request, pk)
    numbers = list(plan.versions.values_list("number", flat=True))
    if not numbers:
        raise Http404("This plan has no published version yet")
    a_raw = request.GET.get("a") or str(numbers[0])
    b_raw = request.GET.get("b") or "draft"
    left, right = _content(plan, a_raw), _content(plan, b_raw)
    parts = compare(left, right)
    show_all = request.GET.get("all") == "1"
    context = {
        "plan": plan,
        "parts": parts if show_all else [p for p in parts if p.changed],
        "a": a_raw,
        "b": b_raw,
        "numbers": numbers,
        "show_all": show_all,
        "unchanged": sum(not p.changed for p in parts),
    }
    return render(request, "plans/compare.html", context)


def _content(plan: Plan, which: str) -> dict[str, Any]:
    if which == "draft":
        return plan_document(plan)
    if not which.isdigit():
        raise Http404("Compare version numbers or 'draft'")
    return _version(plan, int(which)).content


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    rows = services.overdue_plans()
    changed = Plan.objects.active().filter(changed_since_publication=True).select_related("team")
    context = {"rows": rows, "changed": changed, "interval": settings.REVIEW_INTERVAL_DAYS}
    return render(request, "plans/overdue.html", context)


urlpatterns = [
    path("plans/overdue/", overdue, name="plans-overdue-list"),
    path("plans/<int:pk>/sections/<str:key>/", section_edit, name="plan-section"),
    path("plans/<int:pk>/steps/new/", step_edit, name="plan-step-add"),
    path("plans/<int:pk>/steps/<int:step_pk>/", step_edit, name="plan-step-edit"),
    path("plans/<int:pk>/steps/<int:step_pk>/remove/", step_remove, name="plan-step-remove"),
    path("plans/<int:pk>/references/", reference_add, name="plan-reference-add"),
    path("plans/<int:pk>/references/<int:ref_pk>/remove/", reference_remove, name="plan-reference-remove"),
    path("plans/<int:pk>/transition/", transition, name="plan-transition"),
    path("plans/<int:pk>/versions/<int:number>/", version_detail, name="plan-version"),
    path("plans/<int:pk>/compare/", compare_view, name="plan-compare"),
]
