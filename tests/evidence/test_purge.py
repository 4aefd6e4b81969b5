"""Nothing deletes evidence except a purge: asked for by one person with a reason, approved by another
with the right role, after the folder's retention period; the row stays as a tombstone."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.evidence.conftest import blob_path

from contingent.audit.services import history_of
from contingent.evidence.models import EvidenceFile
from contingent.evidence.purge import approve_purge, cancel_purge, request_purge
from contingent.evidence.services import EvidencePurged, add_evidence, ensure_folder, open_evidence, set_folder_rules


@pytest.fixture
def old_backup_log(cast):
    folder = ensure_folder(cast["sclead"], "backups/2019")
    set_folder_rules(cast["sclead"], folder, team_id=None, retention_days=365)
    evidence = add_evidence(cast["sclead"], folder, "restore.log", b"restore of 2019")
    EvidenceFile.objects.filter(pk=evidence.pk).update(added_at=evidence.added_at - timedelta(days=400))
    evidence.refresh_from_db()
    return evidence


def test_a_purge_needs_two_people_and_leaves_a_tombstone(
    cast, old_backup_log, evidence_dir, django_capture_on_commit_callbacks
):
    request_purge(cast["sclead"], old_backup_log, "superseded by the 2020 restore test")
    with pytest.raises(PermissionDenied):
        approve_purge(cast["sclead"], old_backup_log)  # SC Lead may ask, not approve
    with django_capture_on_commit_callbacks(execute=True):
        approve_purge(cast["bcm"], old_backup_log)
    tombstone = EvidenceFile.objects.get(pk=old_backup_log.pk)
    assert tombstone.purged_by == cast["bcm"] and tombstone.purge_reason == "superseded by the 2020 restore test"
    assert not blob_path(evidence_dir, tombstone.sha256).exists()
    assert [e.action for e in history_of(tombstone)] == ["purge", "purge-request", "add"]
    with pytest.raises(EvidencePurged):
        open_evidence(cast["bcm"], tombstone)


def test_the_one_who_asked_cannot_approve(cast, old_backup_log):
    request_purge(cast["bcm"], old_backup_log, "no longer needed")
    with pytest.raises(PermissionDenied) as error:
        approve_purge(cast["bcm"], old_backup_log)
    assert "second person" in str(error.value)
    assert not EvidenceFile.objects.get(pk=old_backup_log.pk).is_purged


def test_nothing_is_purged_before_its_retention_ends(cast):
    folder = ensure_folder(cast["sclead"], "exercises/2026")
    set_folder_rules(cast["sclead"], folder, team_id=None, retention_days=3 * 365)
    fresh = add_evidence(cast["sclead"], folder, "report.pdf", b"%PDF")
    with pytest.raises(ValidationError) as error:
        request_purge(cast["sclead"], fresh, "tidy up")
    assert "must be kept until" in error.value.message_dict["retention"][0]


def test_folders_without_a_retention_rule_keep_everything(cast):
    kept = add_evidence(cast["sclead"], "plans", "plan.pdf", b"%PDF")
    with pytest.raises(ValidationError) as error:
        request_purge(cast["bcm"], kept, "tidy up")
    assert "kept for good" in error.value.message_dict["retention"][0]


def test_a_shared_blob_survives_purging_one_of_its_files(
    cast, old_backup_log, evidence_dir, django_capture_on_commit_callbacks
):
    twin = add_evidence(cast["sclead"], "archive", "copy.log", b"restore of 2019")
    request_purge(cast["sclead"], old_backup_log, "duplicate")
    with django_capture_on_commit_callbacks(execute=True):
        approve_purge(cast["admin"], old_backup_log)
    assert open_evidence(cast["sclead"], twin).read() == b"restore of 2019"


def test_a_request_needs_a_reason_and_can_be_withdrawn(cast, old_backup_log):
    with pytest.raises(ValidationError) as error:
        request_purge(cast["sclead"], old_backup_log, "  ")
    assert "reason" in error.value.message_dict
    request_purge(cast["sclead"], old_backup_log, "mistake")
    cancel_purge(cast["sclead"], old_backup_log)
    with pytest.raises(ValidationError):
        approve_purge(cast["bcm"], old_backup_log)


def test_team_members_cannot_ask_for_purges(cast, old_backup_log):
    with pytest.raises(PermissionDenied):
        request_purge(cast["dev"], old_backup_log, "mine")
