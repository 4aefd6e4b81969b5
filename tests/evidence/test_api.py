"""The evidence API: upload, list, download with the hash re-checked, purge; 401 and 403 where due."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.evidence.conftest import blob_path, tamper

from contingent.access.services import create_token
from contingent.evidence.models import EvidenceFile
from contingent.evidence.services import add_evidence


def client_for(user) -> Client:
    _, secret = create_token(None, user.username, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def sclead(cast):
    return client_for(cast["sclead"])


def upload(client: Client, folder: str, name: str, data: bytes, **fields):
    return client.post("/api/v1/evidence/files", {"folder": folder, "file": SimpleUploadedFile(name, data), **fields})


def test_upload_list_read_and_download(sclead, make_item):
    item = make_item("billing-db")
    response = upload(
        sclead,
        "inventory/billing-db",
        "backup-test.txt",
        b"restore ok",
        proves="restore works",
        record_type="inventory.item",
        record_id=str(item.pk),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["folder"] == "inventory/billing-db" and body["version"] == 1 and body["record_id"] == str(item.pk)
    assert body["sha256"] == hashlib.sha256(b"restore ok").hexdigest()

    listed = sclead.get("/api/v1/evidence/files", {"folder": "inventory"}).json()
    assert [f["name"] for f in listed] == ["backup-test.txt"]
    by_record = sclead.get("/api/v1/evidence/files", {"record_type": "inventory.item", "record_id": item.pk}).json()
    assert len(by_record) == 1
    folders = sclead.get("/api/v1/evidence/folders").json()
    assert [f["path"] for f in folders] == ["inventory", "inventory/billing-db"]

    download = sclead.get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"restore ok"
    assert download["X-Content-SHA256"] == body["sha256"]
    history = sclead.get(f"/api/v1/evidence/files/{body['id']}/history").json()
    assert [e["action"] for e in history] == ["add"]


def test_bad_uploads_name_the_field(sclead):
    response = upload(sclead, "../up", "a.txt", b"a")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "folder"
    response = upload(sclead, "x", "a.txt", b"a", classification="top-secret")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "classification"
    response = sclead.post("/api/v1/evidence/files", {"folder": "x"})
    assert response.status_code == 422 and "file" in response.json()["detail"]
    response = upload(sclead, "x", "a.txt", b"a", record_type="inventory.item", record_id="999999")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "record_id"
    assert not EvidenceFile.objects.exists()


def test_a_damaged_file_is_refused_with_409(cast, sclead, evidence_dir):
    evidence = add_evidence(cast["sclead"], "tests", "result.txt", b"passed")
    tamper(blob_path(evidence_dir, evidence.sha256), b"failed")
    response = sclead.get(f"/api/v1/evidence/files/{evidence.pk}/download")
    assert response.status_code == 409
    assert "tests/result.txt" in response.json()["detail"] and evidence.sha256 in response.json()["detail"]


def test_anonymous_requests_get_401(cast):
    evidence = add_evidence(cast["sclead"], "tests", "result.txt", b"passed")
    anonymous = Client()
    for method, path in (
        ("get", "/api/v1/evidence/files"),
        ("get", "/api/v1/evidence/folders"),
        ("get", f"/api/v1/evidence/files/{evidence.pk}/download"),
        ("post", "/api/v1/evidence/files"),
        ("post", f"/api/v1/evidence/files/{evidence.pk}/purge-approve"),
        ("get", "/api/v1/audit/events"),
        ("post", "/api/v1/audit/checkpoints"),
    ):
        assert getattr(anonymous, method)(path).status_code == 401, path


def test_roles_without_the_right_are_refused_with_403(cast, teams):
    evidence = add_evidence(cast["sclead"], "tests", "result.txt", b"passed")
    outsider, dev, auditor = (client_for(cast[u]) for u in ("outsider", "dev", "auditor"))
    assert upload(outsider, "tests", "x.txt", b"x").status_code == 403
    assert upload(auditor, "tests", "x.txt", b"x").status_code == 403
    response = dev.post(
        "/api/v1/evidence/folders", {"path": "teams/x", "retention_days": 30}, content_type="application/json"
    )
    assert response.status_code == 403
    response = dev.post(
        f"/api/v1/evidence/files/{evidence.pk}/purge-request", {"reason": "r"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert dev.post(f"/api/v1/evidence/files/{evidence.pk}/purge-approve").status_code == 403
    assert dev.get("/api/v1/audit/events").status_code == 403
    assert dev.post("/api/v1/audit/checkpoints").status_code == 403
    assert EvidenceFile.objects.count() == 1


def test_purge_through_the_api_refuses_before_retention(cast):
    evidence = add_evidence(cast["sclead"], "tests", "result.txt", b"passed")
    bcm = client_for(cast["bcm"])
    response = bcm.post(
        f"/api/v1/evidence/files/{evidence.pk}/purge-request", {"reason": "old"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "retention"


def test_auditors_read_events_verify_and_take_checkpoints(cast):
    add_evidence(cast["sclead"], "tests", "result.txt", b"passed")
    auditor = client_for(cast["auditor"])
    events = auditor.get("/api/v1/audit/events", {"action": "add"}).json()
    assert events[0]["object_repr"] == "tests/result.txt"
    verify = auditor.get("/api/v1/audit/verify").json()
    assert verify["intact"] and verify["evidence_files"] == 1
    checkpoint = auditor.post("/api/v1/audit/checkpoints")
    assert checkpoint.status_code == 201 and checkpoint.json()["algorithm"] == "Ed25519"
    assert len(auditor.get("/api/v1/audit/checkpoints").json()) == 1


def test_evidence_cannot_be_tied_to_a_record_the_uploader_may_not_see(cast, make_item):
    secret = make_item("payments-vault", classification="confidential", name="Payments vault")
    infra = client_for(cast["infra"])  # manages Infrastructure: no role in the Payments team's records
    for record_type, record_id in (("inventory.item", secret.pk), ("auth.user", cast["admin"].pk)):
        response = upload(infra, "teams/infra", "a.txt", b"a", record_type=record_type, record_id=str(record_id))
        assert response.status_code == 422, response.content
        assert response.json()["errors"][0] == {"field": "record_id", "message": f"no {record_type} with id '{record_id}'"}
        listed = infra.get("/api/v1/evidence/files", {"record_type": record_type, "record_id": record_id})
        assert listed.status_code == 422  # the same answer as for a record that does not exist
    assert not EvidenceFile.objects.exists()
    dev = client_for(cast["dev"])  # a member of Payments sees the vault and may file evidence for it
    response = upload(dev, "teams/payments", "a.txt", b"a", record_type="inventory.item", record_id=str(secret.pk))
    assert response.status_code == 201, response.content
