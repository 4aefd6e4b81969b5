"""Loss scenarios on the demo organisation: what a continuity lead learns from losing West Europe."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from contingent.recovery.loss import Scenario, run_loss_scenario


def names(refs) -> set[str]:
    return {r.name for r in refs}


def test_losing_west_europe_shows_the_seeded_problems(auditor):
    answer = run_loss_scenario(auditor, Scenario(regions=("westeurope",)))
    assert names(answer.lost) == {"West Europe"}
    stopped = {s.node.name: s for s in answer.stopped}
    # The meter data lake exists only in West Europe: no copy in the paired region, so it has no recovery option.
    lake = next(c for c in answer.no_copy if c.node.name == "Meter data lake (ADLS)")
    assert lake.location.name == "West Europe" and lake.paired == "North Europe"
    assert not stopped["Meter reading ingestion"].recoverable
    assert stopped["Meter reading ingestion"].blocked_by.name == "Meter data lake (ADLS)"
    # Every stopped process and service comes with the chain that explains it, ending at the lost region.
    for s in answer.stopped:
        assert s.path[0].node.name == s.node.name and s.path[-1].node.name == "West Europe"
    assert "Order to cash" in stopped and stopped["Order to cash"].node.kind == "process"
    # Redundancy that held: the hub network keeps running on its North Europe copy.
    hub = [f for f in answer.failed_over if f.node.name == "Hub network and firewall"]
    assert {n.name for f in hub for n in f.surviving} >= {"Hub virtual network, North Europe"}
    # Objectives that break, naming the reason.
    breaches = {(b.node.name, b.objective) for b in answer.breaches}
    assert ("Customer portal", "RTO") in breaches
    assert ("Meter reading ingestion", "RPO") in breaches


def test_losing_one_replica_fails_over_and_stops_nothing(auditor):
    answer = run_loss_scenario(auditor, Scenario(assets=("billing-db",)))
    assert answer.stopped == []
    billing = next(f for f in answer.failed_over if f.node.name == "Billing")
    assert names(billing.surviving) == {"Billing database geo-replica"}


def test_losing_a_team_stops_what_it_runs_and_losing_a_person_does_not_when_others_remain(auditor):
    team = run_loss_scenario(auditor, Scenario(teams=("meterdata",)))
    assert "Meter reading ingestion" in names(s.node for s in team.stopped)
    assert team.stopped[0].path  # explained
    person = run_loss_scenario(auditor, Scenario(people=("hlindqvist",)))
    assert person.stopped == []


def test_unknown_keys_are_refused_naming_the_field(auditor):
    with pytest.raises(ValidationError) as error:
        run_loss_scenario(auditor, Scenario(regions=("atlantis",), assets=("meter-lake",)))
    assert error.value.message_dict == {"regions": ["no such region key: atlantis"]}
    with pytest.raises(ValidationError) as error:
        run_loss_scenario(auditor, Scenario())
    assert "regions" in error.value.message_dict


def test_a_login_without_a_role_may_not_run_analysis(demo):
    outsider = User.objects.create_user("outsider", password="x")
    with pytest.raises(PermissionDenied):
        run_loss_scenario(outsider, Scenario(regions=("westeurope",)))
