"""`contingent export offline DIR`: the published plans as a static site that works from a USB stick,
with a manifest `sha256sum -c` accepts (spec 003 3.1: the plan is held in several locations and formats)."""

import subprocess

import pytest

from contingent.cli import main
from contingent.documents.offline import export_offline

pytestmark = pytest.mark.django_db


def test_every_published_plan_is_written_with_its_pdf(publish, cast, tmp_path):
    publish("infra-drp", "Infrastructure DR plan")
    publish("payments-drp", "Payments DR plan", team="payments")

    summary = export_offline(cast["bcm"], tmp_path)

    assert summary.plans == 2
    index = (tmp_path / "index.html").read_text()
    assert 'href="plans/infra-drp/index.html"' in index and "Payments DR plan" in index
    page = (tmp_path / "plans/infra-drp/index.html").read_text()
    assert "Restore the core network" in page and "Call the bridge" in page
    assert 'href="infra-drp-v1.pdf"' in page and 'href="../../style.css"' in page
    assert (tmp_path / "plans/infra-drp/infra-drp-v1.pdf").read_bytes().startswith(b"%PDF")
    assert "<script" not in index + page


def test_plan_text_is_escaped_in_the_pages(publish, cast, tmp_path):
    publish("infra-drp", "Infrastructure DR plan")
    export_offline(cast["bcm"], tmp_path)
    page = (tmp_path / "plans/infra-drp/index.html").read_text()
    assert "Fail over the &lt;b&gt;hub&lt;/b&gt; firewall" in page


def test_the_manifest_passes_sha256sum_check(publish, cast, tmp_path):
    publish("infra-drp", "Infrastructure DR plan")
    export_offline(cast["bcm"], tmp_path)
    check = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "plans/infra-drp/infra-drp-v1.pdf: OK" in check.stdout

    (tmp_path / "plans/infra-drp/index.html").write_text("tampered")
    check = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode != 0 and "plans/infra-drp/index.html: FAILED" in check.stdout


def test_confidential_plans_are_left_out_for_people_without_a_role_in_them(publish, cast, tmp_path):
    publish("payments-drp", "Payments DR plan", team="payments", classification="confidential")
    publish("infra-drp", "Infrastructure DR plan")
    summary = export_offline(cast["infra"], tmp_path)
    assert summary.plans == 1 and not (tmp_path / "plans/payments-drp").exists()


def test_the_cli_writes_the_offline_copy(publish, cast, tmp_path, capsys):
    publish("infra-drp", "Infrastructure DR plan")
    assert main(["--user", "bcm", "export", "offline", str(tmp_path / "usb")]) == 0
    assert "1 published plan(s)" in capsys.readouterr().out
    assert (tmp_path / "usb" / "MANIFEST.sha256").exists()


def test_someone_without_a_role_cannot_export(cast, tmp_path):
    assert main(["--user", "outsider", "export", "offline", str(tmp_path)]) == 1
