"""The evidence store as its users meet it: files go in content-addressed, never overwritten, come back
only if their bytes still match, and are visible only to those who may see them."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.evidence.conftest import blob_path, tamper

from contingent.audit.services import history_of
from contingent.evidence.models import EvidenceFile, Folder
from contingent.evidence.services import (
    EvidenceDamaged,
    add_evidence,
    ensure_folder,
    evidence_for,
    open_evidence,
    set_folder_rules,
    visible_files,
)


def test_a_file_is_stored_under_its_sha256_with_its_metadata(cast, evidence_dir):
    evidence = add_evidence(
        cast["sclead"], "exercises/2026/failover", "report.pdf", b"%PDF-1.7 results", proves="failover worked"
    )
    assert len(evidence.sha256) == 64
    assert blob_path(evidence_dir, evidence.sha256).read_bytes() == b"%PDF-1.7 results"
    assert (evidence.folder.path, evidence.name, evidence.size) == ("exercises/2026/failover", "report.pdf", 16)
    assert evidence.media_type == "application/pdf" and evidence.added_by == cast["sclead"]
    assert [f.path for f in evidence.folder.ancestors()] == ["exercises", "exercises/2026", "exercises/2026/failover"]
    [event] = history_of(evidence)
    assert event.action == "add" and event.changes["after"]["sha256"] == evidence.sha256


def test_a_second_upload_is_a_new_version_and_same_bytes_share_one_blob(cast, evidence_dir):
    first = add_evidence(cast["sclead"], "backups", "restore-log.txt", b"restore ok")
    second = add_evidence(cast["sclead"], "backups", "restore-log.txt", io.BytesIO(b"restore ok"))
    third = add_evidence(cast["sclead"], "backups", "restore-log.txt", b"restore ok, 2nd run")
    assert [first.version, second.version, third.version] == [1, 2, 3]
    assert first.sha256 == second.sha256 != third.sha256
    assert len(list(evidence_dir.rglob("*/*"))) == 2
    assert open_evidence(cast["sclead"], first).read() == b"restore ok"


def test_folders_are_created_once_with_their_parents(cast):
    folder = ensure_folder(cast["sclead"], "/plans//global-drp/v3/")
    assert folder.path == "plans/global-drp/v3"
    assert ensure_folder(None, "plans/global-drp/v3") == folder
    assert Folder.objects.count() == 3
    with pytest.raises(ValidationError) as error:
        ensure_folder(cast["sclead"], "plans/../secrets")
    assert "folder" in error.value.message_dict


def test_bad_names_are_refused_naming_the_field(cast):
    for name, field in (("", "name"), ("a/b.txt", "name")):
        with pytest.raises(ValidationError) as error:
            add_evidence(cast["sclead"], "x", name, b"1")
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add_evidence(cast["sclead"], "x", "a.txt", b"1", classification="secret")
    assert "classification" in error.value.message_dict
    assert not EvidenceFile.objects.exists()


def test_a_changed_file_is_refused_on_reading(cast, evidence_dir):
    evidence = add_evidence(cast["sclead"], "incidents/INC-7", "timeline.txt", b"10:02 outage begins")
    tamper(blob_path(evidence_dir, evidence.sha256), b"10:02 nothing happened")
    with pytest.raises(EvidenceDamaged) as error:
        open_evidence(cast["sclead"], evidence)
    assert "incidents/INC-7/timeline.txt" in str(error.value) and evidence.sha256 in str(error.value)


def test_evidence_is_linked_to_its_record_and_takes_its_team(cast, make_item, teams):
    payments_app = make_item("payments-app")
    evidence = add_evidence(cast["dev"], "inventory/payments-app", "runbook.md", b"# steps", record=payments_app)
    assert evidence.team == teams["payments"]
    assert list(evidence_for(payments_app)) == [evidence]
    infra_box = make_item("infra-box", team="infra")
    with pytest.raises(PermissionDenied):
        add_evidence(cast["dev"], "inventory/infra-box", "x.txt", b"x", record=infra_box)


def test_people_without_a_role_cannot_file_evidence(cast):
    for who in ("outsider", "auditor"):
        with pytest.raises(PermissionDenied):
            add_evidence(cast[who], "anything", "x.txt", b"x")
    assert not EvidenceFile.objects.exists()


def test_team_members_file_into_their_teams_folder(cast, teams):
    folder = ensure_folder(cast["sclead"], "teams/payments")
    set_folder_rules(cast["sclead"], folder, team_id=teams["payments"].pk, retention_days=365)
    evidence = add_evidence(cast["dev"], "teams/payments/drills", "drill.txt", b"done")
    assert evidence.team == teams["payments"]
    with pytest.raises(PermissionDenied):
        set_folder_rules(cast["dev"], folder, team_id=None, retention_days=1)


def test_confidential_evidence_is_hidden_from_those_without_a_role_in_it(cast, teams):
    folder = ensure_folder(cast["sclead"], "teams/infra")
    set_folder_rules(cast["sclead"], folder, team_id=teams["infra"].pk, retention_days=None)
    secret = add_evidence(cast["infra"], folder, "keys-escrow.txt", b"...", classification="confidential")
    assert secret in visible_files(cast["infra"])
    assert secret not in visible_files(cast["dev"])
    with pytest.raises(PermissionDenied):
        open_evidence(cast["dev"], secret)


def test_add_evidence_nests_inside_an_outer_transaction(cast):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        add_evidence(cast["sclead"], "plans/p1/v1", "plan.pdf", b"%PDF")
        raise RuntimeError("the publication failed later")
    assert not EvidenceFile.objects.exists() and not Folder.objects.exists()
