from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from contingent.bia import services
from contingent.bia.models import ImpactAssessment
from contingent.bia.schemas import AssessmentIn, AssessmentOut, RtoConflictOut
from contingent.inventory.models import Item
from contingent.recovery.services import rto_conflicts_as_seen, rto_conflicts_seen_by
from contingent.web.api import Endpoint, ErrorOut

router = Router()


def _seconds(value: timedelta | None) -> int | None:
    return int(value.total_seconds()) if value is not None else None


def assessment_out(a: ImpactAssessment, user: Any) -> dict[str, Any]:
    conflicts = [c.to_dict() for c in rto_conflicts_as_seen(user, a.item_id)]
    return {
        "id": a.pk,
        "item_id": a.item_id,
        "state": a.state,
        "intolerable_level": a.intolerable_level,
        "mtpd_seconds": _seconds(a.mtpd),
        "proposed_rto_seconds": _seconds(a.proposed_rto),
        "rto_seconds": _seconds(a.rto),
        "rto_override_seconds": _seconds(a.rto_override),
        "rto_override_reason": a.rto_override_reason,
        "rpo_seconds": _seconds(a.rpo),
        "tier": a.tier.name if a.tier else None,
        "recovery_priority": a.recovery_priority,
        "minimum_staff": a.minimum_staff,
        "skills": a.skills,
        "required_application_ids": sorted(i.pk for i in a.required_applications.all()),
        "required_data": a.required_data,
        "notes": a.notes,
        "next_review": a.next_review,
        "approved_at": a.approved_at,
        "retired_at": a.retired_at,
        "ratings": [
            {"category": r.category, "after_seconds": int(r.after.total_seconds()), "level": r.level}
            for r in a.ratings.all()
        ],
        "rto_conflicts": conflicts,
    }


def to_data(data: dict[str, Any]) -> dict[str, Any]:
    """API shape -> service shape: seconds become durations, ids become records."""
    out = dict(data)
    for name in ("rto_override", "rpo"):
        if f"{name}_seconds" in out:
            seconds = out.pop(f"{name}_seconds")
            out[name] = timedelta(seconds=seconds) if seconds is not None else None
    if "ratings" in out:
        out["ratings"] = {(r["category"], timedelta(seconds=r["after_seconds"])): r["level"] for r in out["ratings"]}
    if "required_application_ids" in out:
        out["required_applications"] = out.pop("required_application_ids")
    if "item_id" in out:
        item = Item.objects.filter(pk=out.pop("item_id")).first()
        if item is None:
            raise ValidationError({"item_id": "no such process or service"})
        out["item"] = item
    return out


def _update(actor: Any, assessment: ImpactAssessment, data: dict[str, Any]) -> ImpactAssessment:
    if "item" in data and data.pop("item") != assessment.item:
        raise ValidationError({"item_id": "an assessment stays with its process or service"})
    return services.update_assessment(actor, assessment, **data)


endpoint = Endpoint(
    "assessments",
    "impact assessment",
    lambda: ImpactAssessment.objects.select_related("tier").prefetch_related("ratings", "required_applications"),
    AssessmentOut,
    AssessmentIn,
    create=lambda actor, data: services.create_assessment(actor, data.pop("item"), **data),
    update=_update,
    retire=services.retire_assessment,
    search=["item__name", "item__key"],
    filters={"state": "state", "item_id": "item_id"},
    to_data=to_data,
    present=assessment_out,
)
endpoint.register(router)


@router.post(
    "/assessments/{int:pk}/approve",
    response={200: AssessmentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["assessments"],
    summary="Approve a complete impact assessment (BC Manager)",
)
def approve(request: HttpRequest, pk: int) -> Any:
    services.approve_assessment(request.user, endpoint.get(pk, request.user))
    return assessment_out(endpoint.get(pk, request.user), request.user)


@router.get(
    "/rto-conflicts",
    response=list[RtoConflictOut],
    tags=["assessments"],
    summary="Services and processes whose RTO is shorter than what they depend on can achieve",
)
def conflicts(request: HttpRequest) -> Any:
    return [c.to_dict() for c in rto_conflicts_seen_by(request.user)]
