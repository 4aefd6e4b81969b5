"""/api/v1/audit/: the event log, verification and signed checkpoints (auditors, BC Manager, administrator)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from contingent.access.services import require
from contingent.audit.checkpoints import as_document, create_checkpoint
from contingent.audit.models import AuditCheckpoint, AuditEvent
from contingent.web.api import ErrorOut

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    sequence: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    previous_hash: str
    hash: str


class VerifyOut(Schema):
    intact: bool
    events: int
    head: str
    broken_at: int | None
    problem: str
    evidence_files: int
    evidence_bytes: int
    damaged_file_id: int | None
    damaged_file: str | None


class CheckpointOut(Schema):
    format: str
    sequence: int
    hash: str
    at: str
    message: str
    signature: str
    algorithm: str
    public_key: str
    fingerprint: str
    base_url: str


@router.get(
    "/audit/events",
    response={200: list[AuditEventOut], 403: ErrorOut},
    summary="List audit events",
    description="Filter with object_type (e.g. inventory.item), object_id, actor, action, after (sequence). "
    "Newest first; paginate with limit (max 1000) and offset.",
)
def events(
    request: HttpRequest,
    object_type: str = "",
    object_id: str = "",
    actor: str = "",
    action: str = "",
    after: int = 0,
    limit: int = 100,
    offset: int = 0,
) -> Any:
    require(request.user, "audit.export")
    qs = AuditEvent.objects.filter(sequence__gt=after).order_by("-sequence")
    for name, value in (
        ("object_type", object_type),
        ("object_id", object_id),
        ("actor_name", actor),
        ("action", action),
    ):
        if value:
            qs = qs.filter(**{name: value})
    limit = max(1, min(limit, 1000))
    return [
        {
            "sequence": e.sequence,
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_repr": e.object_repr,
            "changes": e.changes,
            "previous_hash": e.previous_hash,
            "hash": e.hash,
        }
        for e in qs[offset : offset + limit]
    ]


@router.get(
    "/audit/verify",
    response={200: VerifyOut, 403: ErrorOut},
    summary="Recompute the hash chain and every evidence file's hash",
)
def verify(request: HttpRequest) -> Any:
    from contingent.audit.services import verify_chain
    from contingent.evidence.services import verify_evidence

    require(request.user, "audit.export")
    chain = verify_chain()
    evidence = verify_evidence() if chain.intact else None
    damaged = evidence.damaged if evidence else None
    return {
        "intact": chain.intact and bool(evidence and evidence.intact),
        "events": chain.events,
        "head": chain.head,
        "broken_at": chain.broken_at,
        "problem": chain.problem or (evidence.problem if evidence else ""),
        "evidence_files": evidence.files if evidence else 0,
        "evidence_bytes": evidence.bytes if evidence else 0,
        "damaged_file_id": damaged.pk if damaged else None,
        "damaged_file": str(damaged) if damaged else None,
    }


@router.get("/audit/checkpoints", response={200: list[CheckpointOut], 403: ErrorOut}, summary="Signed checkpoints")
def checkpoints(request: HttpRequest) -> Any:
    require(request.user, "audit.export")
    return [as_document(c) for c in AuditCheckpoint.objects.all()[:200]]


@router.post(
    "/audit/checkpoints",
    response={201: CheckpointOut, 403: ErrorOut},
    summary="Sign the current head of the chain; keep the returned document somewhere else",
)
def take_checkpoint(request: HttpRequest) -> Any:
    return 201, as_document(create_checkpoint(request.user, note="via the API"))
