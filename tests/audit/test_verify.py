"""`contingent audit verify` catches a changed database and a changed evidence file, and names them."""

import json
import subprocess

import pytest
from django.db import connection
from tests.evidence.conftest import blob_path, tamper

from contingent.audit.checkpoints import as_document, check_checkpoint, create_checkpoint
from contingent.audit.models import AuditEvent, AuditHead
from contingent.cli import main
from contingent.evidence.services import add_evidence


@pytest.fixture
def trail(cast, teams, evidence_dir):
    """A few real changes, each leaving an event, and two evidence files."""
    from contingent.records.services import update_record

    update_record(cast["sclead"], teams["infra"], {"name": "Infrastructure & Cloud"})
    add_evidence(cast["sclead"], "exercises/2026", "failover.txt", b"failover in 42 minutes", proves="RTO met")
    add_evidence(cast["sclead"], "backups/db", "restore.log", b"restored 2026-11-01")
    return AuditEvent.objects.count()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--user", "admin", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_intact_trail_verifies_with_a_summary(capsys, trail):
    code, out, err = run(capsys, "audit", "verify")
    assert code == 0, err
    assert f"audit trail intact: {trail} events" in out
    assert "evidence intact: 2 files, 2 stored blobs" in out


def test_an_edited_event_in_the_database_is_named(capsys, trail):
    victim = AuditEvent.objects.get(action="update")
    with connection.cursor() as cursor:  # what someone with database access would do
        cursor.execute("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["someone-else", victim.pk])
    code, _, err = run(capsys, "audit", "verify")
    assert code == 2
    assert f"BROKEN at event #{victim.sequence}: content differs from its hash" in err


def test_a_deleted_event_is_detected(capsys, trail):
    victim = AuditEvent.objects.order_by("sequence")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    code, _, err = run(capsys, "audit", "verify")
    assert code == 2 and f"event #{victim.sequence + 1}" in err


def test_a_changed_evidence_file_is_named(capsys, trail, evidence_dir):
    damaged = add_evidence(None, "incidents/INC-9", "call-log.txt", b"09:00 bridge opened")
    tamper(blob_path(evidence_dir, damaged.sha256), b"09:30 bridge opened")
    code, out, err = run(capsys, "audit", "verify")
    assert code == 3
    assert "audit trail intact" in out
    assert f"evidence DAMAGED: incidents/INC-9/call-log.txt (id {damaged.pk}, sha256 {damaged.sha256})" in err


def test_a_missing_evidence_file_is_named(capsys, trail, evidence_dir):
    gone = add_evidence(None, "tests", "result.csv", b"a,b\n1,2\n")
    blob_path(evidence_dir, gone.sha256).unlink()
    code, _, err = run(capsys, "audit", "verify")
    assert code == 3 and "tests/result.csv" in err and "missing" in err


def test_a_checkpoint_detects_a_wholesale_rewrite(capsys, trail, tmp_path):
    checkpoint_file = tmp_path / "checkpoint.json"
    code, out, _ = run(capsys, "audit", "checkpoint", "--out", str(checkpoint_file))
    assert code == 0 and "signed and written" in out
    document = json.loads(checkpoint_file.read_text())
    assert document["sequence"] == trail and document["algorithm"] == "Ed25519"
    assert run(capsys, "audit", "verify", "--checkpoint", str(checkpoint_file))[0] == 0

    # Someone with the database rewrites history and recomputes every hash: the chain alone looks fine ...
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("sequence"):
        if event.action == "update":
            event.actor_name = "someone-else"
        event.previous_hash = previous
        event.hash = event.compute_hash()
        AuditEvent.objects.filter(pk=event.pk).update(
            actor_name=event.actor_name, previous_hash=previous, hash=event.hash
        )
        previous = event.hash
    AuditHead.objects.filter(pk=1).update(hash=previous)
    code, out, err = run(capsys, "audit", "verify", "--checkpoint", str(checkpoint_file))
    assert "audit trail intact" in out
    # ... but not the checkpoint kept outside.
    assert code == 4 and f"event #{trail} now has a different hash: the log was rewritten" in err


def test_a_forged_checkpoint_is_refused(cast, trail):
    document = as_document(create_checkpoint(cast["auditor"]))
    assert check_checkpoint(document).holds
    forged = document | {"hash": "f" * 64}
    assert "signature does not match" in check_checkpoint(forged).problem


def test_only_auditors_and_managers_take_checkpoints(capsys, trail):
    code = main(["--user", "dev", "audit", "checkpoint"])
    assert code == 1 and "not allowed" in capsys.readouterr().err


def test_the_auditor_export_checks_out_with_sha256sum(capsys, trail, tmp_path):
    target = tmp_path / "export"
    code = main(["--user", "auditor", "audit", "export", str(target)])
    out = capsys.readouterr().out
    assert code == 0 and "evidence files: 2" in out
    assert (target / "evidence" / "exercises" / "2026" / "failover.txt").read_bytes() == b"failover in 42 minutes"
    events = [json.loads(line) for line in (target / "events.jsonl").read_text().splitlines()]
    assert len(events) == AuditEvent.objects.count()
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=target, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "evidence/backups/db/restore.log: OK" in result.stdout

    (target / "evidence" / "backups" / "db" / "restore.log").write_bytes(b"restored never")
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=target, capture_output=True, text=True)
    assert result.returncode != 0 and "restore.log: FAILED" in result.stdout


def test_exported_events_can_be_rechained_by_an_outsider(cast, trail, tmp_path):
    import hashlib

    from contingent.audit.export import export_audit

    export_audit(cast["auditor"], tmp_path / "out")
    previous = "0" * 64
    for line in (tmp_path / "out" / "events.jsonl").read_text().splitlines():
        event = json.loads(line)
        claimed = event.pop("hash")
        body = json.dumps(event, sort_keys=True, separators=(",", ":")).encode()
        assert event["previous_hash"] == previous and hashlib.sha256(body).hexdigest() == claimed
        previous = claimed


def test_a_checkpoint_can_be_mailed_away(capsys, trail, tmp_path):
    from contingent.notifications.models import Message

    code, _, err = run(
        capsys, "audit", "checkpoint", "--mail", "auditor@example.org", "--out", str(tmp_path / "c.json")
    )
    assert code == 0, err
    message = Message.objects.get(to="auditor@example.org")
    assert f"event #{trail} has hash" in message.body and '"signature"' in message.body
    assert run(capsys, "audit", "checkpoint", "--mail", "not-an-address")[0] == 1
