"""The plans API: plans (generic CRUD), sections, runbook steps, references, lifecycle transitions,
versions and their comparison, overdue reviews. Durations are in seconds."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router

from contingent.lifecycle.services import available_actions, reviews_of
from contingent.plans import runbook, services
from contingent.plans.compare import compare, compare_summary
from contingent.plans.completeness import approval_problems
from contingent.plans.document import plan_document
from contingent.plans.models import Plan, PlanVersion, RunbookStep
from contingent.plans.schemas import (
    DiffPartOut,
    PlanIn,
    PlanOut,
    ProblemsOut,
    ReferenceIn,
    ReviewOut,
    SectionIn,
    SectionOut,
    StepIn,
    StepOut,
    TransitionIn,
    VersionOut,
    VersionSummaryOut,
)
from contingent.web.api import Endpoint, ErrorOut, partial

router = Router()
TAG = ["plans"]


def plan_out(plan: Plan) -> dict[str, Any]:
    latest = plan.versions.order_by("-number").values_list("number", flat=True).first()
    return {
        "id": plan.pk,
        "key": plan.key,
        "title": plan.title,
        "kind": plan.kind,
        "kind_label": plan.get_kind_display(),
        "team_id": plan.team_id,
        "instance_id": plan.instance_id,
        "owner_id": plan.owner_id,
        "reviewer_ids": sorted(p.pk for p in plan.reviewers.all()),
        "classification": plan.classification,
        "state": plan.state,
        "approved_at": plan.approved_at,
        "published_at": plan.published_at,
        "next_review": plan.next_review,
        "changed_since_publication": plan.changed_since_publication,
        "latest_version": latest,
        "retired_at": plan.retired_at,
    }


def _ids(data: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    out = dict(data)
    for api_name, name in mapping.items():
        if api_name in out:
            out[name] = out.pop(api_name)
    return out


def plan_data(data: dict[str, Any]) -> dict[str, Any]:
    return _ids(data, {"reviewer_ids": "reviewers"})


endpoint = Endpoint(
    "plans",
    "plan",
    lambda: Plan.objects.select_related("team").prefetch_related("reviewers"),
    PlanOut,
    PlanIn,
    create=lambda actor, data: services.create_plan(actor, **data),
    update=lambda actor, plan, data: services.update_plan(actor, plan, **data),
    retire=services.retire_plan,
    search=["title", "key"],
    filters={"kind": "kind", "state": "state", "team_id": "team_id"},
    to_data=plan_data,
    present=lambda plan, _user: plan_out(plan),
)


def _plan(request: HttpRequest, pk: int) -> Plan:
    return endpoint.get(pk, request.user)


@router.get("/plans/overdue", response=list[PlanOut], tags=TAG, summary="Plans whose review is overdue")
def overdue(request: HttpRequest) -> Any:
    from contingent.access.services import visible

    return [plan_out(p) for p in visible(request.user, services.overdue_plans())]


endpoint.register(router)


@router.get("/plans/{int:pk}/document", response={200: dict, 404: ErrorOut}, tags=TAG,
            summary="The plan as it reads now, every link resolved (the schema of a published version)")  # fmt: skip
def document(request: HttpRequest, pk: int) -> Any:
    return plan_document(_plan(request, pk))


@router.get("/plans/{int:pk}/problems", response={200: ProblemsOut, 404: ErrorOut}, tags=TAG,
            summary="Why the plan may not be approved yet, and the lifecycle actions open to you")  # fmt: skip
def problems(request: HttpRequest, pk: int) -> Any:
    plan = _plan(request, pk)
    actions = [t.action for t in available_actions(request.user, plan)]
    return {"state": plan.state, "problems": approval_problems(plan), "actions": actions}


@router.put("/plans/{int:pk}/sections/{key}", response={200: SectionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            tags=TAG, summary="Write a section's text and links (omitted fields stay as they are)")  # fmt: skip
def edit_section(request: HttpRequest, pk: int, key: str, payload: SectionIn) -> Any:
    plan = _plan(request, pk)
    data = _ids(payload.dict(exclude_unset=True), {
        "item_ids": "items", "person_ids": "people", "assessment_ids": "assessments", "team_ids": "teams",
        "plan_ids": "plans",
    })  # fmt: skip
    services.edit_section(request.user, plan, key, **data)
    return next(s for s in plan_document(plan)["sections"] if s["key"] == key)


def _step_data(plan: Plan, data: dict[str, Any]) -> dict[str, Any]:
    out = _ids(data, {"team_id": "team", "service_id": "service", "depends_on": "predecessors"})
    for name in ("optimistic", "likely", "pessimistic"):
        if f"{name}_seconds" in out:
            out[name] = timedelta(seconds=out.pop(f"{name}_seconds"))
    from contingent.inventory.models import Item
    from contingent.org.models import Team

    for name, model in (("team", Team), ("service", Item)):
        if out.get(name) is not None:
            found = model.objects.filter(pk=out[name]).first()
            if found is None:
                raise ValidationError({f"{name}_id": f"no {name} with id {out[name]}"})
            out[name] = found
    return out


def _step_row(plan: Plan, key: str) -> dict[str, Any]:
    return next(s for s in plan_document(plan)["steps"] if s["key"] == f"{plan.key}/{key}")


def _step(plan: Plan, key: str) -> RunbookStep:
    step = plan.steps.filter(key=key).first()
    if step is None:
        raise Http404(f"no step '{key}' in {plan.key}")
    return step


@router.get("/plans/{int:pk}/steps", response={200: list[StepOut], 404: ErrorOut}, tags=TAG,
            summary="Runbook steps in combined order (with the steps of orchestrated plans)")  # fmt: skip
def steps(request: HttpRequest, pk: int) -> Any:
    return plan_document(_plan(request, pk))["steps"]


@router.post("/plans/{int:pk}/steps", response={201: StepOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             tags=TAG, summary="Add a runbook step")  # fmt: skip
def add_step(request: HttpRequest, pk: int, payload: StepIn) -> Any:
    plan = _plan(request, pk)
    step = runbook.add_step(request.user, plan, **_step_data(plan, payload.dict()))
    return 201, _step_row(plan, step.key)


@router.patch("/plans/{int:pk}/steps/{key}", response={200: StepOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
              tags=TAG, summary="Change a runbook step")  # fmt: skip
def update_step(request: HttpRequest, pk: int, key: str, payload: partial(StepIn)) -> Any:  # type: ignore[valid-type]
    plan = _plan(request, pk)
    step = runbook.update_step(request.user, _step(plan, key), **_step_data(plan, payload.dict(exclude_unset=True)))
    return _step_row(plan, step.key)


@router.delete("/plans/{int:pk}/steps/{key}", response={204: None, 403: ErrorOut, 404: ErrorOut}, tags=TAG,
               summary="Remove a runbook step (its successors wait on its predecessors instead)")  # fmt: skip
def remove_step(request: HttpRequest, pk: int, key: str) -> Any:
    plan = _plan(request, pk)
    runbook.remove_step(request.user, _step(plan, key))
    return 204, None


@router.post("/plans/{int:pk}/references", response={201: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             tags=TAG, summary="Orchestrate another plan, with the handoff between the teams")  # fmt: skip
def add_reference(request: HttpRequest, pk: int, payload: ReferenceIn) -> Any:
    plan = _plan(request, pk)
    target = Plan.objects.filter(pk=payload.target_id).first()
    if target is None:
        raise ValidationError({"target_id": f"no plan with id {payload.target_id}"})
    runbook.add_reference(request.user, plan, target, payload.handoff)
    return 201, plan_out(plan)


@router.delete("/plans/{int:pk}/references/{int:target_id}", response={200: PlanOut, 403: ErrorOut, 404: ErrorOut},
               tags=TAG, summary="Stop orchestrating a plan")  # fmt: skip
def remove_reference(request: HttpRequest, pk: int, target_id: int) -> Any:
    plan = _plan(request, pk)
    reference = plan.references.filter(target_id=target_id).first()
    if reference is None:
        raise Http404(f"{plan.key} does not reference plan {target_id}")
    runbook.remove_reference(request.user, reference)
    return plan_out(plan)


@router.post("/plans/{int:pk}/transitions", response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             tags=TAG, summary="Take a lifecycle action: submit, endorse, return, approve, publish, supersede")  # fmt: skip
def transition(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    plan = _plan(request, pk)
    services.transition_plan(request.user, plan, payload.action, payload.comment)
    return plan_out(plan)


@router.get("/plans/{int:pk}/reviews", response={200: list[ReviewOut], 404: ErrorOut}, tags=TAG,
            summary="Review decisions and lifecycle actions, newest first")  # fmt: skip
def reviews(request: HttpRequest, pk: int) -> Any:
    return [
        {"at": r.at, "reviewer": r.reviewer_name, "role": r.role, "action": r.action, "from_state": r.from_state,
         "to_state": r.to_state, "decision": r.decision, "comment": r.comment}
        for r in reviews_of(_plan(request, pk))
    ]  # fmt: skip


def _version_out(v: PlanVersion, content: bool) -> dict[str, Any]:
    out = {
        "number": v.number,
        "state": v.state,
        "created_at": v.created_at,
        "created_by": v.created_by.get_full_name() or v.created_by.get_username(),
        "pdf_sha256": v.pdf.sha256 if v.pdf else None,
    }
    return out | {"content": v.content} if content else out


@router.get("/plans/{int:pk}/versions", response={200: list[VersionSummaryOut], 404: ErrorOut}, tags=TAG,
            summary="Published versions, newest first")  # fmt: skip
def versions(request: HttpRequest, pk: int) -> Any:
    return [_version_out(v, False) for v in _plan(request, pk).versions.select_related("created_by", "pdf")]


def _version(plan: Plan, number: int) -> PlanVersion:
    version = plan.versions.select_related("created_by", "pdf").filter(number=number).first()
    if version is None:
        raise Http404(f"{plan.key} has no version {number}")
    return version


@router.get("/plans/{int:pk}/versions/{int:number}", response={200: VersionOut, 404: ErrorOut}, tags=TAG,
            summary="One published version with its frozen content")  # fmt: skip
def version(request: HttpRequest, pk: int, number: int) -> Any:
    return _version_out(_version(_plan(request, pk), number), True)


@router.get("/plans/{int:pk}/compare", response={200: list[DiffPartOut], 404: ErrorOut, 422: ErrorOut}, tags=TAG,
            summary="Two versions side by side: a and b are version numbers or 'draft' (the current text); a defaults to the latest version")  # fmt: skip
def compare_versions(request: HttpRequest, pk: int, a: str = "", b: str = "draft") -> Any:
    plan = _plan(request, pk)
    latest = plan.versions.order_by("-number").values_list("number", flat=True).first()
    a = a or (str(latest) if latest else "draft")

    def content(which: str, name: str) -> dict[str, Any]:
        if which == "draft":
            return plan_document(plan)
        if not which.isdigit():
            raise ValidationError({name: "a version number or 'draft'"})
        return _version(plan, int(which)).content

    return compare_summary(compare(content(a, "a"), content(b, "b")))
