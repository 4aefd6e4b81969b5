"""Retention and purging: the only way evidence bytes ever leave the store. One person asks (with a
reason), a different person with the right to approve agrees, and only once the folder's retention period
has passed. The metadata row stays as a tombstone and the audit trail records both steps."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from contingent.access.services import Actor, can_see, require
from contingent.audit.services import record_event
from contingent.evidence.models import EvidenceFile
from contingent.evidence.services import storage


def _retention_passed(evidence: EvidenceFile) -> None:
    until = evidence.retain_until()
    if until is None:
        raise ValidationError(
            {"retention": f"folder {evidence.folder.path} has no retention rule, so its evidence is kept for good"}
        )
    if until > timezone.now():
        raise ValidationError({"retention": f"{evidence} must be kept until {until:%Y-%m-%d}"})


def request_purge(actor: Actor, evidence: EvidenceFile, reason: str) -> EvidenceFile:
    """Ask for a file to be purged once its retention period is over."""
    require(actor, "evidence.purge.request", *evidence.permission_scope())
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "say why the file should be purged"})
    with transaction.atomic():
        evidence = _locked(actor, evidence)
        if evidence.is_purged:
            raise ValidationError({"purged_at": f"{evidence} is already purged"})
        if evidence.purge_requested_at is not None:
            raise ValidationError({"purge_requested_at": f"a purge of {evidence} is already waiting for approval"})
        _retention_passed(evidence)
        evidence.purge_requested_by, evidence.purge_requested_at = actor, timezone.now()
        evidence.purge_reason = reason
        evidence.save(update_fields=["purge_requested_by", "purge_requested_at", "purge_reason"])
        record_event(actor, "purge-request", evidence, after={"sha256": evidence.sha256}, note=reason)
    return evidence


def _locked(actor: Actor, evidence: EvidenceFile) -> EvidenceFile:
    """The file re-read under a row lock, so two people acting at once cannot both purge it."""
    if not can_see(actor, evidence):
        raise PermissionDenied("Your roles do not allow you to see this file.")
    return EvidenceFile.objects.select_for_update().select_related("folder").get(pk=evidence.pk)


def approve_purge(actor: Actor, evidence: EvidenceFile) -> EvidenceFile:
    """Approve a waiting purge request: the bytes go (unless another file shares them); the row stays."""
    require(actor, "evidence.purge.approve")
    with transaction.atomic():
        evidence = _locked(actor, evidence)
        if evidence.is_purged:
            raise ValidationError({"purged_at": f"{evidence} is already purged"})
        if evidence.purge_requested_at is None:
            raise ValidationError({"purge_requested_at": "nobody has asked for this file to be purged"})
        if evidence.purge_requested_by_id == actor.pk:
            raise PermissionDenied("A purge needs a second person: you asked for it, so someone else must approve it.")
        _retention_passed(evidence)
        evidence.purged_by, evidence.purged_at = actor, timezone.now()
        evidence.save(update_fields=["purged_by", "purged_at"])
        record_event(
            actor,
            "purge",
            evidence,
            after={"sha256": evidence.sha256, "size": evidence.size, "requested_by": str(evidence.purge_requested_by)},
            note=evidence.purge_reason,
        )
        shared = EvidenceFile.objects.filter(sha256=evidence.sha256, purged_at__isnull=True).exists()
        if not shared:
            blob = evidence.blob_name
            transaction.on_commit(lambda: storage().delete(blob))
    return evidence


def cancel_purge(actor: Actor, evidence: EvidenceFile) -> EvidenceFile:
    """Withdraw a waiting purge request (the one who asked, or an approver)."""
    with transaction.atomic():
        evidence = _locked(actor, evidence)
        if evidence.purge_requested_at is None or evidence.is_purged:
            raise ValidationError({"purge_requested_at": "there is no purge request waiting"})
        if evidence.purge_requested_by_id != getattr(actor, "pk", None):
            require(actor, "evidence.purge.approve")
        evidence.purge_requested_by, evidence.purge_requested_at, evidence.purge_reason = None, None, ""
        evidence.save(update_fields=["purge_requested_by", "purge_requested_at", "purge_reason"])
        record_event(actor, "purge-cancel", evidence)
    return evidence
