"""/api/v1/evidence/: folders, files (list, upload, metadata, download with the hash re-checked), purge."""

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from contingent.evidence import purge, services
from contingent.evidence.models import EvidenceFile, Folder
from contingent.web.api import ErrorOut, EventOut, history_rows

router = Router(tags=["evidence"])


class FolderOut(Schema):
    id: int
    path: str
    parent_id: int | None
    team_id: int | None
    retention_days: int | None
    effective_retention_days: int | None


class FolderIn(Schema):
    path: str
    team_id: int | None = None
    retention_days: int | None = None


class EvidenceOut(Schema):
    id: int
    folder: str
    name: str
    version: int
    sha256: str
    size: int
    media_type: str
    proves: str
    classification: str
    record_type: str | None
    record_id: str | None
    team_id: int | None
    instance_id: int | None
    added_by: str
    added_at: datetime
    retain_until: datetime | None
    purge_requested_by: str | None
    purge_requested_at: datetime | None
    purge_reason: str
    purged_by: str | None
    purged_at: datetime | None
    download_url: str | None


class PurgeIn(Schema):
    reason: str


def folder_out(folder: Folder) -> dict[str, Any]:
    return {
        "id": folder.pk,
        "path": folder.path,
        "parent_id": folder.parent_id,
        "team_id": folder.team_id,
        "retention_days": folder.retention_days,
        "effective_retention_days": folder.effective_retention_days(),
    }


def evidence_out(f: EvidenceFile) -> dict[str, Any]:
    return {
        "id": f.pk,
        "folder": f.folder.path,
        "name": f.name,
        "version": f.version,
        "sha256": f.sha256,
        "size": f.size,
        "media_type": f.media_type,
        "proves": f.proves,
        "classification": f.classification,
        "record_type": f.content_type.natural_key()[0] + "." + f.content_type.model if f.content_type else None,
        "record_id": f.object_id or None,
        "team_id": f.team_id,
        "instance_id": f.instance_id,
        "added_by": str(f.added_by or "system"),
        "added_at": f.added_at,
        "retain_until": f.retain_until(),
        "purge_requested_by": str(f.purge_requested_by) if f.purge_requested_by else None,
        "purge_requested_at": f.purge_requested_at,
        "purge_reason": f.purge_reason,
        "purged_by": str(f.purged_by) if f.purged_by else None,
        "purged_at": f.purged_at,
        "download_url": None if f.is_purged else f"/api/v1/evidence/files/{f.pk}/download",
    }


def _file(request: HttpRequest, pk: int) -> EvidenceFile:
    evidence = services.visible_files(request.user).filter(pk=pk).first()
    if evidence is None:
        raise Http404(f"no evidence file with id {pk}")
    return evidence


def _record(request: HttpRequest, record_type: str, record_id: str) -> Any:
    return services.find_record(request.user, record_type, record_id)


@router.get("/evidence/folders", response=list[FolderOut], summary="List evidence folders")
def list_folders(request: HttpRequest) -> Any:
    return [folder_out(f) for f in Folder.objects.all()]


@router.post(
    "/evidence/folders",
    response={201: FolderOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create a folder (and its parents) and set its owning team and retention rule",
)
def create_folder(request: HttpRequest, payload: FolderIn) -> Any:
    folder = services.create_folder(
        request.user, payload.path, team_id=payload.team_id, retention_days=payload.retention_days
    )
    return 201, folder_out(folder)


@router.get(
    "/evidence/files",
    response=list[EvidenceOut],
    summary="List evidence files",
    description="Filter with folder (that folder and below), record_type (e.g. inventory.item) with record_id, "
    "sha256, purged=true. Paginate with limit (max 1000) and offset.",
)
def list_files(
    request: HttpRequest,
    folder: str = "",
    record_type: str = "",
    record_id: str = "",
    sha256: str = "",
    purged: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> Any:
    files = services.visible_files(request.user).order_by("pk")
    if not purged:
        files = files.filter(purged_at__isnull=True)
    if folder:
        path = services.normalise_path(folder)
        files = files.filter(Q(folder__path=path) | Q(folder__path__startswith=f"{path}/"))
    if record_type:
        record = _record(request, record_type, record_id)
        files = files.filter(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))
    if sha256:
        files = files.filter(sha256=sha256.lower())
    limit = max(1, min(limit, 1000))
    return [evidence_out(f) for f in files.order_by("pk")[offset : offset + limit]]


@router.post(
    "/evidence/files",
    response={201: EvidenceOut, 403: ErrorOut, 422: ErrorOut},
    summary="Upload an evidence file (multipart/form-data)",
    description="Fields: file, folder, optional name (default: the uploaded file's name), proves, classification, "
    "record_type + record_id to link it to a record. Never overwrites: the same name again is a new version.",
)
def upload(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    folder: str = Form(...),
    name: str = Form(""),
    proves: str = Form(""),
    classification: str = Form("internal"),
    record_type: str = Form(""),
    record_id: str = Form(""),
) -> Any:
    evidence = services.add_evidence(
        request.user,
        folder,
        name or file.name or "",
        file,
        proves=proves,
        classification=classification,
        record=_record(request, record_type, record_id),
        media_type=file.content_type if file.content_type not in ("", "application/octet-stream") else "",
    )
    return 201, evidence_out(evidence)


@router.get("/evidence/files/{int:pk}", response={200: EvidenceOut, 404: ErrorOut}, summary="Read a file's metadata")
def read_file(request: HttpRequest, pk: int) -> Any:
    return evidence_out(_file(request, pk))


@router.get(
    "/evidence/files/{int:pk}/download",
    response={200: None, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut},
    summary="Download a file; its SHA-256 is checked first",
    description="409 when the stored bytes no longer match the hash recorded when the file was added (the "
    "detail names the file and hash; run `contingent audit verify`); 410 when the file was purged.",
)
def download(request: HttpRequest, pk: int) -> Any:
    evidence = _file(request, pk)
    try:
        content = services.open_evidence(request.user, evidence)
    except services.EvidenceDamaged as damaged:
        return 409, {"detail": str(damaged), "errors": []}
    except services.EvidencePurged as purged:
        return 410, {"detail": str(purged), "errors": []}
    response = FileResponse(content, as_attachment=True, filename=evidence.name, content_type=evidence.media_type)
    response["Content-Length"] = str(evidence.size)
    response["X-Content-SHA256"] = evidence.sha256
    return response


@router.get("/evidence/files/{int:pk}/history", response={200: list[EventOut], 404: ErrorOut}, summary="History")
def history(request: HttpRequest, pk: int) -> Any:
    return history_rows(_file(request, pk))


@router.post(
    "/evidence/files/{int:pk}/purge-request",
    response={200: EvidenceOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ask for a file to be purged (after its retention period)",
)
def purge_request(request: HttpRequest, pk: int, payload: PurgeIn) -> Any:
    return evidence_out(purge.request_purge(request.user, _file(request, pk), payload.reason))


@router.post(
    "/evidence/files/{int:pk}/purge-approve",
    response={200: EvidenceOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Approve a purge asked for by someone else: the bytes go, the record stays as a tombstone",
)
def purge_approve(request: HttpRequest, pk: int) -> Any:
    return evidence_out(purge.approve_purge(request.user, _file(request, pk)))
