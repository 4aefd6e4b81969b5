"""`contingent evidence add FOLDER FILE` and friends."""

from contingent.cli import main
from contingent.evidence.models import EvidenceFile


def test_evidence_add_list_and_get(cast, tmp_path, capsys):
    report = tmp_path / "dr-test-report.txt"
    report.write_text("all services back within RTO\n")
    code = main(["--user", "sclead", "evidence", "add", "exercises/2026-q4", str(report), "--proves", "RTO met"])
    out = capsys.readouterr().out
    evidence = EvidenceFile.objects.get()
    assert code == 0 and f"added exercises/2026-q4/dr-test-report.txt (id {evidence.pk}" in out
    assert evidence.proves == "RTO met" and evidence.added_by == cast["sclead"]

    assert main(["--user", "auditor", "evidence", "list", "exercises"]) == 0
    assert "exercises/2026-q4/dr-test-report.txt" in capsys.readouterr().out

    copy = tmp_path / "copy.txt"
    assert main(["--user", "auditor", "evidence", "get", str(evidence.pk), "--out", str(copy)]) == 0
    assert copy.read_text() == "all services back within RTO\n"


def test_evidence_add_refuses_clearly(cast, tmp_path, capsys):
    assert main(["--user", "sclead", "evidence", "add", "x", str(tmp_path / "missing.txt")]) == 1
    assert "error: file:" in capsys.readouterr().err
    real = tmp_path / "a.txt"
    real.write_text("a")
    assert main(["--user", "sclead", "evidence", "add", "../etc", str(real)]) == 1
    assert "error: folder:" in capsys.readouterr().err
    assert main(["--user", "outsider", "evidence", "add", "x", str(real)]) == 1
    assert "not allowed" in capsys.readouterr().err
    assert not EvidenceFile.objects.exists()
