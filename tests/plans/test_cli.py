"""`contingent plan ...` from a shell: list, submit, approve, publish, overdue."""

import json

import pytest

from contingent.cli import main

pytestmark = pytest.mark.django_db


def test_submit_approve_publish_and_list(people, team_plan, capsys):
    assert main(["--user", "dev", "plan", "submit", "payments-drp"]) == 0
    assert main(["--user", "paymgr", "plan", "approve", "payments-drp"]) == 0
    assert main(["--user", "paymgr", "plan", "publish", "payments-drp"]) == 0
    assert "payments-drp: published as version 1" in capsys.readouterr().out
    assert main(["--user", "auditor", "plan", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["key"] == "payments-drp" and rows[0]["state"] == "published" and rows[0]["version"] == 1


def test_refusals_are_clear_errors(people, team_plan, capsys):
    assert main(["--user", "paymgr", "plan", "approve", "payments-drp"]) == 1
    assert "error: state: cannot approve a document that is draft" in capsys.readouterr().err
    main(["--user", "dev", "plan", "submit", "payments-drp"])
    assert main(["--user", "dev", "plan", "approve", "payments-drp"]) == 1
    assert "error: not allowed" in capsys.readouterr().err
    assert main(["--user", "dev", "plan", "submit", "nope"]) == 1
    assert "error: key: no plan with key 'nope'" in capsys.readouterr().err


def test_overdue_and_problems(people, team_plan, capsys):
    from datetime import date

    type(team_plan).objects.filter(pk=team_plan.pk).update(next_review=date(2020, 1, 1))
    assert main(["--user", "auditor", "plan", "overdue", "--json"]) == 0
    assert [r["key"] for r in json.loads(capsys.readouterr().out)] == ["payments-drp"]
    assert main(["--user", "auditor", "plan", "problems", "payments-drp"]) == 0
    assert "complete" in capsys.readouterr().out
