"""The evidence pages and the audit trail page, as a signed-in user sees them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.conftest import PASSWORD
from tests.evidence.conftest import blob_path, tamper

from contingent.evidence.models import EvidenceFile
from contingent.evidence.services import add_evidence


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def stored(cast):
    return add_evidence(cast["sclead"], "exercises/2026/failover", "report.txt", b"RTO met", proves="the 4h RTO")


def test_the_folder_browser_shows_folders_files_and_the_drop_zone(cast, stored):
    client = signed_in(cast["dev"])
    root = client.get("/evidence/").content.decode()
    assert 'href="/evidence/exercises/"' in root and "Drop files here" in root
    folder = client.get("/evidence/exercises/2026/failover/").content.decode()
    assert "report.txt" in folder and "the 4h RTO" in folder and "evidence-upload.js" in folder
    assert "Drop files here" not in signed_in(cast["auditor"]).get("/evidence/").content.decode()


def test_upload_from_the_page_answers_json_for_the_script(cast):
    client = signed_in(cast["sclead"])
    response = client.post(
        "/evidence/upload/",
        {"folder": "backups/db", "proves": "restore works", "file": SimpleUploadedFile("restore.log", b"ok")},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    stored = EvidenceFile.objects.get()
    assert response.json()["files"][0]["url"] == f"/evidence/files/{stored.pk}/"
    refused = signed_in(cast["outsider"]).post(
        "/evidence/upload/", {"folder": "x", "file": SimpleUploadedFile("a.txt", b"a")}, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 403 and EvidenceFile.objects.count() == 1
    bad = client.post(
        "/evidence/upload/",
        {"folder": "../x", "file": SimpleUploadedFile("a.txt", b"a")},
        HTTP_ACCEPT="application/json",
    )
    assert bad.status_code == 422 and "folder" in bad.json()["detail"]


def test_the_file_page_shows_metadata_history_and_downloads_checked_bytes(cast, stored, evidence_dir):
    client = signed_in(cast["auditor"])
    page = client.get(f"/evidence/files/{stored.pk}/").content.decode()
    assert stored.sha256 in page and "the 4h RTO" in page and "sclead" in page
    download = client.get(f"/evidence/files/{stored.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"RTO met"
    tamper(blob_path(evidence_dir, stored.sha256), b"RTO missed")
    refused = client.get(f"/evidence/files/{stored.pk}/download/")
    assert refused.status_code == 409 and "Download refused" in refused.content.decode()


def test_the_purge_buttons_follow_the_two_person_rule(cast, stored):
    from contingent.evidence.services import set_folder_rules

    set_folder_rules(cast["sclead"], stored.folder, team_id=None, retention_days=0)
    sclead, bcm = signed_in(cast["sclead"]), signed_in(cast["bcm"])
    sclead.post(f"/evidence/files/{stored.pk}/purge/request/", {"reason": "superseded"})
    assert "Approve purge" not in sclead.get(f"/evidence/files/{stored.pk}/").content.decode()
    assert "Approve purge" in bcm.get(f"/evidence/files/{stored.pk}/").content.decode()
    bcm.post(f"/evidence/files/{stored.pk}/purge/approve/")
    assert EvidenceFile.objects.get(pk=stored.pk).is_purged


def test_the_audit_trail_page_lists_verifies_and_checkpoints(cast, stored, evidence_dir):
    client = signed_in(cast["auditor"])
    page = client.get("/audit/", {"action": "add"}).content.decode()
    assert "exercises/2026/failover/report.txt" in page
    assert "✔ Intact" in client.post("/audit/", {"do": "verify"}).content.decode()
    client.post("/audit/", {"do": "checkpoint"})
    assert "#" in client.get("/audit/").content.decode() and "Ed25519" in client.get("/audit/").content.decode()
    tamper(blob_path(evidence_dir, stored.sha256), b"changed")
    assert "is damaged" in client.post("/audit/", {"do": "verify"}).content.decode()
    assert signed_in(cast["dev"]).get("/audit/").status_code == 403


def test_a_records_page_lists_its_evidence_and_links_to_add_more(cast, make_item):
    item = make_item("billing-db", name="Billing database")
    client = signed_in(cast["dev"])
    detail = client.get(f"/assets/{item.pk}/").content.decode()
    assert "Add evidence for this record" in detail
    form = client.get("/evidence/", {"record_type": "inventory.item", "record_id": item.pk}).content.decode()
    assert "The files will belong to Billing database" in form and 'value="items/billing-db"' in form
    response = client.post(
        "/evidence/upload/",
        {
            "folder": "items/billing-db",
            "record_type": "inventory.item",
            "record_id": str(item.pk),
            "file": SimpleUploadedFile("restore-test.txt", b"restored in 20 minutes"),
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    stored = EvidenceFile.objects.get()
    assert stored.record == item and stored.team == item.owner_team
    assert "items/billing-db/restore-test.txt" in client.get(f"/assets/{item.pk}/").content.decode()
