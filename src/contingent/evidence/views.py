"""Evidence pages: the folder browser with drag-and-drop upload, a file's page (metadata, versions, history,
purge), downloads with the hash re-checked, and the audit trail page (events, verification, checkpoints)."""

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from contingent.access.classification import Classification
from contingent.access.services import can, can_anywhere, can_see, require
from contingent.audit.services import history_of
from contingent.evidence import purge, services
from contingent.evidence.models import EvidenceFile, Folder
from contingent.org.models import Team


def _message(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(f"{f}: {' '.join(m)}" for f, m in error.message_dict.items())
    return " ".join(getattr(error, "messages", [str(error)]))


@login_required
def browse(request: HttpRequest, folder_path: str = "") -> HttpResponse:
    folder = None
    if folder_path:
        folder = Folder.objects.filter(path=folder_path.strip("/")).first()
        if folder is None:
            raise Http404("No such evidence folder")
    children = Folder.objects.filter(parent=folder)
    files = services.visible_files(request.user).filter(folder=folder) if folder else EvidenceFile.objects.none()
    counts = {
        c.pk: services.visible_files(request.user)
        .filter(Q(folder__path=c.path) | Q(folder__path__startswith=f"{c.path}/"), purged_at__isnull=True)
        .count()
        for c in children
    }
    record = None
    if request.GET.get("record_type"):
        try:
            record = services.find_record(request.user, request.GET["record_type"], request.GET.get("record_id", ""))
        except ValidationError:
            raise Http404("No such record") from None
    suggested = folder.path if folder else (services.suggested_folder(record) if record is not None else "")
    return render(
        request,
        "evidence/folder.html",
        {
            "folder": folder,
            "record": record,
            "record_ref": services.record_reference(record) if record is not None else None,
            "suggested_folder": suggested,
            "children": [(c, counts[c.pk]) for c in children],
            "files": files.order_by("name", "-version"),
            "may_add": can_anywhere(request.user, "evidence.add"),
            "may_manage": can_anywhere(request.user, "evidence.manage"),
            "classifications": Classification.choices,
            "teams": Team.objects.filter(retired_at__isnull=True).order_by("name"),
        },
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    folder = request.POST.get("folder", "")
    uploads = request.FILES.getlist("file")
    done, errors = [], []
    if not uploads:
        errors.append({"field": "file", "message": "choose or drop at least one file"})
    try:
        record = services.find_record(request.user, request.POST.get("record_type", ""), request.POST.get("record_id", ""))
    except ValidationError as error:
        record, uploads = None, []
        errors.append({"field": "record_id", "message": _message(error)})
    for uploaded in uploads:
        try:
            evidence = services.add_evidence(
                request.user,
                folder,
                uploaded.name or "",
                uploaded,
                proves=request.POST.get("proves", ""),
                record=record,
                classification=request.POST.get("classification", Classification.INTERNAL),
                media_type=uploaded.content_type if uploaded.content_type != "application/octet-stream" else "",
            )
        except PermissionDenied as error:
            errors.append({"field": "file", "message": f"{uploaded.name}: {_message(error)}", "denied": True})
        except ValidationError as error:
            errors.append({"field": "file", "message": f"{uploaded.name}: {_message(error)}"})
        else:
            done.append(evidence)
    if _wants_json(request):
        if errors:
            status = 403 if any(e.get("denied") for e in errors) else 422
            errors = [{"field": e["field"], "message": e["message"]} for e in errors]
            return JsonResponse({"detail": "; ".join(e["message"] for e in errors), "errors": errors}, status=status)
        payload = [{"id": e.pk, "name": str(e), "sha256": e.sha256, "url": e.get_absolute_url()} for e in done]
        return JsonResponse({"files": payload}, status=201)
    for error in errors:
        messages.error(request, error["message"])
    for evidence in done:
        messages.success(request, f"Stored {evidence} (sha256 {evidence.sha256[:12]}…).")
    try:
        return redirect("evidence-folder", services.normalise_path(folder))
    except ValidationError:
        return redirect("evidence")


@login_required
@require_POST
def folder_rules(request: HttpRequest, folder_path: str) -> HttpResponse:
    folder = Folder.objects.filter(path=folder_path).first()
    if folder is None:
        raise Http404("No such evidence folder")
    team = request.POST.get("team") or None
    days = request.POST.get("retention_days", "").strip()
    try:
        retention = int(days) if days else None
        services.set_folder_rules(request.user, folder, team_id=int(team) if team else None, retention_days=retention)
    except ValueError:
        messages.error(request, "retention_days: give a whole number of days")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, f"Rules of {folder} saved.")
    return redirect(folder)


def _file(request: HttpRequest, pk: int) -> EvidenceFile:
    evidence = services.visible_files(request.user).filter(pk=pk).first()
    if evidence is None:
        raise Http404("No such evidence file")
    return evidence


@login_required
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _file(request, pk)
    record = evidence.record if evidence.content_type_id else None
    if record is not None and not can_see(request.user, record):
        record = None  # the file may be open to the user while the record it belongs to is not
    versions = services.visible_files(request.user).filter(folder=evidence.folder, name=evidence.name)
    scope = evidence.permission_scope()
    return render(
        request,
        "evidence/file.html",
        {
            "f": evidence,
            "record": record,
            "record_url": getattr(record, "get_absolute_url", lambda: "")() if record is not None else "",
            "versions": versions.order_by("-version"),
            "history": history_of(evidence)[:50],
            "may_request": not evidence.is_purged and can(request.user, "evidence.purge.request", *scope),
            "may_approve": evidence.purge_requested_at is not None
            and not evidence.is_purged
            and can_anywhere(request.user, "evidence.purge.approve")
            and evidence.purge_requested_by_id != request.user.pk,
        },
    )


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _file(request, pk)
    try:
        content = services.open_evidence(request.user, evidence)
    except (services.EvidenceDamaged, services.EvidencePurged) as problem:
        status = 409 if isinstance(problem, services.EvidenceDamaged) else 410
        return render(request, "evidence/refused.html", {"f": evidence, "problem": problem}, status=status)
    response = FileResponse(content, as_attachment=True, filename=evidence.name, content_type=evidence.media_type)
    response["Content-Length"] = str(evidence.size)
    return response


@login_required
@require_POST
def purge_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    evidence = _file(request, pk)
    actions = {
        "request": lambda: purge.request_purge(request.user, evidence, request.POST.get("reason", "")),
        "approve": lambda: purge.approve_purge(request.user, evidence),
        "cancel": lambda: purge.cancel_purge(request.user, evidence),
    }
    if step not in actions:
        raise Http404("No such step")
    try:
        actions[step]()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        done = {
            "request": "Purge requested; a second person must approve it.",
            "approve": "File purged.",
            "cancel": "Purge request withdrawn.",
        }
        messages.success(request, done[step])
    return redirect(evidence)


def record_evidence(request: HttpRequest, record: Any) -> dict[str, Any]:
    """For a record's page: its evidence files and where to add more (see web/templates/web/detail.html)."""
    record_type, record_id = services.record_reference(record)
    add_url = f"{reverse('evidence')}?{urlencode({'record_type': record_type, 'record_id': record_id})}"
    return {
        "evidence": services.visible_files(request.user)
        .filter(pk__in=services.evidence_for(record).values("pk"))
        .order_by("-added_at", "-pk")[:20],
        "evidence_add_url": add_url if can_anywhere(request.user, "evidence.add") else "",
    }


# -- the audit trail page --------------------------------------------------------------------------


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    from contingent.audit.checkpoints import as_document, create_checkpoint
    from contingent.audit.models import AuditCheckpoint, AuditEvent

    require(request.user, "audit.export")
    verification: dict[str, Any] | None = None
    if request.method == "POST":
        try:
            if request.POST.get("do") == "checkpoint":
                checkpoint = create_checkpoint(request.user, note="from the audit trail page")
                messages.success(request, f"Checkpoint #{checkpoint.sequence} signed.")
                return redirect("audit-trail")
            verification = _verify()
        except PermissionDenied as error:
            messages.error(request, str(error))
    events = AuditEvent.objects.order_by("-sequence")
    filters = {k: request.GET.get(k, "").strip() for k in ("actor", "action", "object_type", "q")}
    if filters["actor"]:
        events = events.filter(actor_name=filters["actor"])
    if filters["action"]:
        events = events.filter(action=filters["action"])
    if filters["object_type"]:
        events = events.filter(object_type=filters["object_type"])
    if filters["q"]:
        events = events.filter(object_repr__icontains=filters["q"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    checkpoints = list(AuditCheckpoint.objects.all()[:10])
    return render(
        request,
        "evidence/audit.html",
        {
            "page": page,
            "filters": filters,
            "params": params.urlencode(),
            "actions": AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action"),
            "types": AuditEvent.objects.values_list("object_type", flat=True).distinct().order_by("object_type"),
            "verification": verification,
            "checkpoints": [(c, json.dumps(as_document(c), indent=2)) for c in checkpoints],
        },
    )


def _verify() -> dict[str, Any]:
    from contingent.audit.services import verify_chain

    chain = verify_chain()
    evidence = services.verify_evidence() if chain.intact else None
    return {"chain": chain, "evidence": evidence, "intact": chain.intact and evidence is not None and evidence.intact}


@login_required
def checkpoint_file(request: HttpRequest, pk: int) -> HttpResponse:
    from contingent.audit.checkpoints import as_document
    from contingent.audit.models import AuditCheckpoint

    require(request.user, "audit.export")
    checkpoint = AuditCheckpoint.objects.filter(pk=pk).first()
    if checkpoint is None:
        raise Http404("No such checkpoint")
    response = JsonResponse(as_document(checkpoint), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="checkpoint-{checkpoint.sequence}.json"'
    return response


urlpatterns = [
    path("evidence/", browse, name="evidence"),
    path("evidence/upload/", upload, name="evidence-upload"),
    path("evidence/files/<int:pk>/", file_detail, name="evidence-file"),
    path("evidence/files/<int:pk>/download/", download, name="evidence-download"),
    path("evidence/files/<int:pk>/purge/<str:step>/", purge_action, name="evidence-purge"),
    path("evidence/rules/<path:folder_path>/", folder_rules, name="evidence-folder-rules"),
    path("evidence/<path:folder_path>/", browse, name="evidence-folder"),
    path("audit/", audit_trail, name="audit-trail"),
    path("audit/checkpoints/<int:pk>.json", checkpoint_file, name="audit-checkpoint"),
]
