"""`contingent analyze ...` with --json, as a script would use it."""

import json

from tests.recovery.conftest import EXAMPLE_STEPS

from contingent.cli import main


def run(capsys, *argv: str) -> dict:
    assert main(["--user", "kmeyer", "analyze", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_analyze_loss_json_lists_what_stops(demo, capsys):
    answer = run(capsys, "loss", "--region", "westeurope")
    assert "meter-lake" in {d["key"] for d in answer["no_recovery_option"]}
    assert "Order to cash" in {s["name"] for s in answer["stopped"]}


def test_analyze_loss_with_an_unknown_key_names_the_field(demo, capsys):
    assert main(["analyze", "loss", "--asset", "no-such-asset"]) == 1
    assert "error: assets: no such item key: no-such-asset" in capsys.readouterr().err


def test_analyze_spof_and_objectives_json(demo, capsys):
    spof = run(capsys, "spof")
    assert "Camille Dubois" in {k["person"] for k in spof["key_staff"]}
    objectives = run(capsys, "objectives")
    assert "Customer portal" in {c["name"] for c in objectives["rto_conflicts"]}


def test_analyze_schedule_and_confidence_json(demo, capsys):
    schedule = run(capsys, "schedule", "--steps", str(EXAMPLE_STEPS))
    assert schedule["instance_within_limit"] is True
    confidence = run(capsys, "confidence", "--steps", str(EXAMPLE_STEPS), "--iterations", "300", "--seed", "1")
    assert confidence["iterations"] == 300 and confidence["seed"] == 1


def test_analyze_schedule_reports_a_bad_step(demo, tmp_path, capsys):
    steps = tmp_path / "steps.yaml"
    steps.write_text("steps:\n- {key: a, likely: 1h, team: ghosts}\n")
    assert main(["analyze", "schedule", "--steps", str(steps)]) == 1
    assert "error: steps.a.team: no team with key 'ghosts'" in capsys.readouterr().err
