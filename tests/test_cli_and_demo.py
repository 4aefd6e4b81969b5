"""The demo organisation and the CLI, as an operator uses them."""

import json

import pytest
from django.core.management import call_command

from contingent.audit.models import AuditEvent
from contingent.cli import main
from contingent.demo.loader import load_demo
from contingent.inventory.models import Item
from contingent.org.services import role_holders


@pytest.fixture
def demo(db):
    call_command("migrate", verbosity=0)
    load_demo()


def test_the_demo_is_a_realistic_organisation_with_its_deliberate_problems(demo, capsys):
    assert Item.objects.filter(kind__in=["service", "asset"]).count() >= 40
    assert all(holders for holders in role_holders().values()), "every role of spec 003 is held"
    assert main(["analyze", "conflicts", "--json"]) == 0
    conflicts = json.loads(capsys.readouterr().out)
    assert {"name": "Billing"} in [{"name": s["name"]} for c in conflicts for s in c["path"]]
    lake = Item.objects.get(key="meter-lake")
    assert lake.region.key == "westeurope" and not lake.needed_by.filter(targets__region__key="northeurope").exists()


def test_audit_verify_passes_then_names_the_tampered_event(demo, capsys):
    assert main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    event = AuditEvent.objects.order_by("sequence")[3]
    AuditEvent.objects.filter(pk=event.pk).update(actor_name="mallory")
    assert main(["audit", "verify"]) == 2
    assert f"#{event.sequence}" in capsys.readouterr().err


def test_cli_import_errors_name_file_row_and_field(demo, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("assets:\n  - {key: new-asset, name: New, team: nosuchteam, asset_type: key}\n")
    assert main(["--user", "okeane", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:assets, row 1, team: no team with key 'nosuchteam'" in err
    assert not Item.objects.filter(key="new-asset").exists()


def test_export_then_import_round_trips(demo, tmp_path, capsys):
    assert main(["--user", "mvandenberg", "export", str(tmp_path)]) == 0
    assert (tmp_path / "assets.csv").exists() and (tmp_path / "organisation.yaml").exists()
    assert main(["--user", "admin", "import", str(tmp_path / "assets.csv")]) == 0
    assert "assets: 0 created, 38 updated" in capsys.readouterr().out
