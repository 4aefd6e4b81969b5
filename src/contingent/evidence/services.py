"""The evidence store's one service layer: folders, adding files (content-addressed by SHA-256, never
overwritten), reading them back with the hash re-checked, verifying every blob, and the two-person purge.

Blobs live in the storage named "evidence" (settings.STORAGES) at <sha256[:2]>/<sha256>. A blob written
by a transaction that later rolls back stays behind unreferenced; it is harmless (nothing lists it) and the
next identical upload reuses it."""

import hashlib
import mimetypes
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import models, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from contingent.access.classification import Classification
from contingent.access.services import Actor, can_anywhere, can_see, require, visible
from contingent.audit.services import record_event
from contingent.evidence.models import EvidenceFile, Folder

CHUNK = 1024 * 1024
SPOOL_IN_MEMORY = 8 * 1024 * 1024
RESERVED = frozenset({"files", "upload", "rules"})  # page addresses under /evidence/
_SEGMENT = re.compile(r"^[^\x00-\x1f\\/]+$")


class EvidenceDamaged(Exception):
    """The stored bytes no longer match the SHA-256 recorded when the file was added (or are gone)."""

    def __init__(self, evidence: EvidenceFile, problem: str) -> None:
        self.evidence, self.problem = evidence, problem
        super().__init__(f"evidence file {evidence} (sha256 {evidence.sha256}) is damaged: {problem}")


class EvidencePurged(Exception):
    def __init__(self, evidence: EvidenceFile) -> None:
        self.evidence = evidence
        when = evidence.purged_at.strftime("%Y-%m-%d") if evidence.purged_at else "?"
        super().__init__(f"evidence file {evidence} was purged on {when}; only its record remains")


def storage() -> Storage:
    return storages["evidence"]


# -- folders ---------------------------------------------------------------------------------------


def normalise_path(path: str) -> str:
    segments = [s.strip() for s in str(path).replace("\\", "/").split("/") if s.strip()]
    if not segments:
        raise ValidationError({"folder": "give a folder path such as 'plans/global-drp'"})
    for segment in segments:
        if segment in {".", ".."} or not _SEGMENT.match(segment):
            raise ValidationError({"folder": f"'{segment}' is not allowed in a folder path"})
    if segments[0] in RESERVED:
        raise ValidationError({"folder": f"'{segments[0]}' is reserved; choose another top-level folder name"})
    normalised = "/".join(segments)
    if len(normalised) > 400:
        raise ValidationError({"folder": "the folder path is longer than 400 characters"})
    return normalised


def _may_file(actor: Actor | None) -> None:
    if actor is None:
        return
    if not actor.is_authenticated:
        raise PermissionDenied("Sign in first.")
    if not can_anywhere(actor, "evidence.add"):
        require(actor, "evidence.add")  # raises with the list of roles that may


def _make_folders(path: str) -> tuple[Folder, list[str]]:
    parent, created = None, []
    segments = path.split("/")
    for i in range(len(segments)):
        sub = "/".join(segments[: i + 1])
        parent, made = Folder.objects.get_or_create(path=sub, defaults={"parent": parent})
        if made:
            created.append(sub)
    return parent, created  # type: ignore[return-value]


def ensure_folder(actor: Actor | None, path: str) -> Folder:
    """The folder at `path`, created with its parents when missing (idempotent). actor None = the system."""
    path = normalise_path(path)
    existing = Folder.objects.filter(path=path).first()
    if existing is not None:
        return existing
    _may_file(actor)
    with transaction.atomic():
        folder, created = _make_folders(path)
        if created:
            record_event(actor, "create", folder, after={"path": path, "created": created})
    return folder


def _check_rules(team_id: int | None, retention_days: int | None) -> None:
    from contingent.org.models import Team

    if retention_days is not None and retention_days < 0:
        raise ValidationError({"retention_days": "must be zero or more days"})
    if team_id is not None and not Team.objects.filter(pk=team_id).exists():
        raise ValidationError({"team_id": f"no team with id {team_id}"})


def create_folder(actor: Actor, path: str, *, team_id: int | None = None, retention_days: int | None = None) -> Folder:
    """Create a folder (and its parents) with its owning team and retention rule in one step."""
    path = normalise_path(path)
    if team_id is None and retention_days is None:
        return ensure_folder(actor, path)
    require(actor, "evidence.manage")
    _check_rules(team_id, retention_days)
    with transaction.atomic():
        folder, created = _make_folders(path)
        before = {"team": folder.team_id, "retention_days": folder.retention_days}
        folder.team_id, folder.retention_days = team_id, retention_days
        folder.save(update_fields=["team", "retention_days"])
        after = {"path": path, "created": created, "team": team_id, "retention_days": retention_days}
        record_event(actor, "create" if created else "update", folder, before=None if created else before, after=after)
    return folder


def set_folder_rules(actor: Actor, folder: Folder, *, team_id: int | None, retention_days: int | None) -> Folder:
    """Set the folder's owning team and retention rule (days; None inherits from the parent)."""
    require(actor, "evidence.manage")
    _check_rules(team_id, retention_days)
    before = {"team": folder.team_id, "retention_days": folder.retention_days}
    with transaction.atomic():
        folder.team_id, folder.retention_days = team_id, retention_days
        folder.save(update_fields=["team", "retention_days"])
        after = {"team": folder.team_id, "retention_days": folder.retention_days}
        if before != after:
            record_event(actor, "update", folder, before=before, after=after)
    return folder


# -- adding and reading files ----------------------------------------------------------------------


def _chunks(content: bytes | IO[bytes] | Any) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray | memoryview):
        yield bytes(content)
    elif hasattr(content, "chunks"):
        yield from content.chunks(CHUNK)
    else:
        while block := content.read(CHUNK):
            yield block


def _spool(content: Any) -> tuple[IO[bytes], str, int]:
    """Copy the content to a temporary file while hashing it, never holding a large file in memory."""
    digest, size = hashlib.sha256(), 0
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - returned to caller
    for block in _chunks(content):
        digest.update(block)
        spool.write(block)
        size += len(block)
    spool.seek(0)
    return spool, digest.hexdigest(), size


def _store_blob(spool: IO[bytes], sha: str) -> None:
    store, name = storage(), f"{sha[:2]}/{sha}"
    if store.exists(name):
        return
    saved = store.save(name, File(spool, name=sha))
    if saved != name:  # someone stored the same bytes at the same moment; keep theirs
        store.delete(saved)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "give the file a name"})
    if name in {".", ".."} or not _SEGMENT.match(name) or len(name) > 255:
        raise ValidationError({"name": f"'{name[:60]}' is not a valid file name (no slashes or control characters)"})
    return name


def _scope_of(record: models.Model | None, folder: Folder) -> tuple[int | None, int | None]:
    team_id, instance_id = None, None
    if record is not None and hasattr(record, "permission_scope"):
        team_id, instance_id = record.permission_scope()
    if team_id is None:
        team_id = folder.effective_team_id()
    return team_id, instance_id


def add_evidence(
    actor: Actor | None,
    folder: str | Folder,
    name: str,
    content: bytes | BinaryIO,
    *,
    proves: str = "",
    record: models.Model | None = None,
    classification: str = Classification.INTERNAL,
    media_type: str = "",
) -> EvidenceFile:
    """Store `content` as a new file (a new version when the name exists in the folder); one audit event."""
    name = _check_name(name)
    if classification not in Classification.values:
        raise ValidationError({"classification": f"must be one of {', '.join(Classification.values)}"})
    if record is not None and record.pk is None:
        raise ValidationError({"record": "save the record before filing evidence for it"})
    if not isinstance(folder, Folder):
        folder = ensure_folder(actor, folder)
    team_id, instance_id = _scope_of(record, folder)
    if actor is not None:
        require(actor, "evidence.add", team_id, instance_id)
    spool, sha, size = _spool(content)
    with spool:
        _store_blob(spool, sha)
    with transaction.atomic():
        latest = EvidenceFile.objects.filter(folder=folder, name=name).aggregate(v=Max("version"))["v"] or 0
        is_user = actor is not None and actor.is_authenticated
        evidence = EvidenceFile(
            folder=folder,
            name=name,
            version=latest + 1,
            sha256=sha,
            size=size,
            media_type=media_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
            proves=proves.strip(),
            classification=classification,
            content_type=ContentType.objects.get_for_model(record) if record is not None else None,
            object_id=str(record.pk) if record is not None else "",
            team_id=team_id,
            instance_id=instance_id,
            added_by=actor if is_user else None,
            added_at=timezone.now(),
        )
        evidence.full_clean()
        evidence.save()
        after = {
            "folder": folder.path,
            "name": name,
            "version": evidence.version,
            "sha256": sha,
            "size": size,
            "proves": evidence.proves,
            "classification": classification,
        }
        if record is not None:
            after["record"] = f"{record._meta.label_lower}:{record.pk} {record}"[:200]
        record_event(actor, "add", evidence, after=after)
    return evidence


def _hash_blob(evidence: EvidenceFile, keep: bool) -> tuple[str, IO[bytes] | None]:
    store = storage()
    if not store.exists(evidence.blob_name):
        raise EvidenceDamaged(evidence, "the stored file is missing")
    digest = hashlib.sha256()
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) if keep else None  # noqa: SIM115
    with store.open(evidence.blob_name, "rb") as blob:
        while block := blob.read(CHUNK):
            digest.update(block)
            if spool is not None:
                spool.write(block)
    return digest.hexdigest(), spool


def open_evidence(actor: Actor | None, evidence: EvidenceFile) -> BinaryIO:
    """The file's bytes, after re-checking their SHA-256; raises EvidenceDamaged when they differ."""
    if actor is not None and not can_see(actor, evidence):
        raise PermissionDenied("This evidence is classified and your roles do not cover it.")
    if evidence.is_purged:
        raise EvidencePurged(evidence)
    sha, spool = _hash_blob(evidence, keep=True)
    assert spool is not None
    if sha != evidence.sha256:
        spool.close()
        raise EvidenceDamaged(evidence, f"its content now hashes to {sha}")
    spool.seek(0)
    return spool  # type: ignore[return-value]


def evidence_for(record: models.Model) -> QuerySet[EvidenceFile]:
    """Files linked to a record, newest first."""
    return (
        EvidenceFile.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))
        .select_related("folder", "added_by")
        .order_by("-added_at", "-pk")
    )


def find_record(actor: Actor, record_type: str, record_id: str) -> models.Model | None:
    """The record named "app_label.model" + id (as the API and the upload form give it), or None. Only
    Contingent's own records the actor may see: a hidden one is answered like a missing one."""
    if not record_type:
        return None
    try:
        app_label, model = record_type.lower().split(".", 1)
        model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
        if model_class is None or not hasattr(model_class, "permission_scope"):
            raise ContentType.DoesNotExist
        return visible(actor, model_class._default_manager.all()).get(pk=record_id)
    except (ValueError, ContentType.DoesNotExist, ObjectDoesNotExist) as error:
        raise ValidationError({"record_id": f"no {record_type} with id {record_id!r}"}) from error


def record_reference(record: models.Model) -> tuple[str, str]:
    return record._meta.label_lower, str(record.pk)


def suggested_folder(record: models.Model) -> str:
    """Where a record's evidence goes by default, e.g. "items/billing-db" or "plans/global-drp"."""
    name = getattr(record, "key", "") or str(record.pk)
    return f"{record._meta.model_name}s/{name}".replace("\\", "-")


def visible_files(user: Actor) -> QuerySet[EvidenceFile]:
    return visible(user, EvidenceFile.objects.select_related("folder", "added_by", "purged_by"))


# -- verification ----------------------------------------------------------------------------------


@dataclass
class EvidenceReport:
    files: int = 0
    blobs: int = 0
    bytes: int = 0
    damaged: EvidenceFile | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.damaged is None


def verify_evidence() -> EvidenceReport:
    """Re-hash every stored blob; name the first file (by when it was added) whose bytes differ."""
    report, checked = EvidenceReport(), set()
    for evidence in EvidenceFile.objects.filter(purged_at__isnull=True).select_related("folder").order_by("pk"):
        report.files += 1
        if evidence.sha256 in checked:
            continue
        try:
            sha, _ = _hash_blob(evidence, keep=False)
        except EvidenceDamaged as damaged:
            report.damaged, report.problem = evidence, damaged.problem
            return report
        if sha != evidence.sha256:
            report.damaged, report.problem = evidence, f"its content now hashes to {sha}"
            return report
        checked.add(sha)
        report.blobs += 1
        report.bytes += evidence.size
    return report
