"""Filing evidence by dragging files onto the evidence page, then checking the trail, in a real browser."""

import hashlib

import pytest
from tests.conftest import PASSWORD
from tests.e2e.conftest import login

from contingent.evidence.models import EvidenceFile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DROP_A_FILE = """(size) => {
  const line = 'restore of billing-db completed, checksum verified\\n';
  const text = line.repeat(Math.ceil(size / line.length)).slice(0, size);
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], 'billing-db-restore.log', {type: 'text/plain'}));
  return transfer;
}"""


def test_drop_a_file_on_the_evidence_page_and_verify_the_trail(live_server, page, shot, cast, tmp_path):
    base = live_server.url
    login(page, base, "sclead", PASSWORD)
    page.goto(f"{base}/evidence/")
    page.fill("input[name=folder]", "backups/billing-db/2026-11")
    page.fill("input[name=proves]", "the monthly restore test of the billing database succeeded")
    size = 3 * 1024 * 1024
    transfer = page.evaluate_handle(DROP_A_FILE, size)
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": transfer})
    page.wait_for_selector("#upload-progress .ok a")
    assert page.locator("#upload-progress progress").first.evaluate("p => p.value") == 100
    stored = EvidenceFile.objects.get()
    assert (stored.folder.path, stored.name, stored.size) == (
        "backups/billing-db/2026-11",
        "billing-db-restore.log",
        size,
    )

    # A second file through the file chooser of the same drop zone: a new version, not an overwrite.
    second = tmp_path / "billing-db-restore.log"
    second.write_text("second run: restore completed\n")
    page.set_input_files("#evidence-file-input", str(second))
    page.locator("#upload-progress .ok a").nth(1).wait_for()
    page.wait_for_timeout(400)  # let the progress bars finish their transition before the picture
    shot("evidence-01-dropped-with-progress")
    assert [f.version for f in EvidenceFile.objects.order_by("version")] == [1, 2]
    assert EvidenceFile.objects.get(version=2).sha256 == hashlib.sha256(second.read_bytes()).hexdigest()

    page.click("#upload-progress a:has-text('Show the folder')")
    page.wait_for_selector("table.files")
    assert page.locator("table.files tbody tr").count() == 2
    shot("evidence-02-folder")

    page.click("table.files a >> nth=0")
    page.wait_for_selector("h1:has-text('billing-db-restore.log')")
    assert page.locator("dd code").first.inner_text() in {f.sha256 for f in EvidenceFile.objects.all()}
    shot("evidence-03-file")

    page.context.clear_cookies()
    login(page, base, "auditor", PASSWORD)
    page.goto(f"{base}/audit/")
    page.click("button:has-text('Take a signed checkpoint')")
    page.wait_for_selector("text=signed.")
    page.click("button:has-text('Verify now')")
    page.wait_for_selector("p.verify.good")
    assert "2 evidence files" in page.inner_text("p.verify.good")
    shot("evidence-04-audit-trail")
