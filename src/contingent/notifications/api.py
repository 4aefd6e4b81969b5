"""Acknowledgements of published plan versions, and the email outbox."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from contingent.access.services import can_see
from contingent.notifications import services
from contingent.notifications.schemas import AcknowledgementOut, AcknowledgementsOut, MessageOut
from contingent.web.api import ErrorOut

router = Router()


def _version(user: Any, pk: int) -> Any:
    """The plan version, or 404 alike for missing and not visible. Its recipients see it even when the plan is
    classified beyond their roles: they were sent the PDF."""
    from contingent.plans.models import PlanVersion

    version = PlanVersion.objects.select_related("plan").filter(pk=pk).first()
    if version is None or not (can_see(user, version.plan) or services.pending_for_user(user, version)):
        raise Http404("No such plan version.")
    return version


@router.get(
    "/plan-versions/{int:pk}/acknowledgements",
    response={200: AcknowledgementsOut, 404: ErrorOut},
    tags=["plans"],
    summary="Who the version was distributed to, and who has acknowledged receipt",
)
def acknowledgements(request: HttpRequest, pk: int) -> Any:
    version = _version(request.user, pk)
    rows = list(services.acknowledgements_of(version))
    return {
        "version_id": version.pk,
        "total": len(rows),
        "acknowledged": sum(1 for a in rows if a.acknowledged_at),
        "recipients": rows,
    }


@router.post(
    "/plan-versions/{int:pk}/acknowledge",
    response={200: AcknowledgementOut, 403: ErrorOut, 404: ErrorOut},
    tags=["plans"],
    summary="Acknowledge receipt of a distributed plan version (its recipients only)",
)
def acknowledge(request: HttpRequest, pk: int) -> Any:
    return services.acknowledge_receipt(request.user, _version(request.user, pk))


@router.get(
    "/outbox/",
    response={200: list[MessageOut], 403: ErrorOut},
    tags=["notifications"],
    summary="Outbound email: queued, sent and failed messages, newest first",
)
def outbox(request: HttpRequest, status: str = "", limit: int = 100, offset: int = 0) -> Any:
    messages = services.outbox_messages(request.user, status).select_related("content_type")
    return [
        {
            "id": m.pk,
            "to": m.to,
            "subject": m.subject,
            "status": m.status,
            "attempts": m.attempts,
            "last_error": m.last_error,
            "created_at": m.created_at,
            "sent_at": m.sent_at,
            "next_attempt_at": m.next_attempt_at,
            "record": f"{m.content_type.app_label}.{m.content_type.model}:{m.object_id}" if m.content_type else "",
            "eml_id": m.eml_id,
        }
        for m in messages[offset : offset + min(limit, 1000)]
    ]
