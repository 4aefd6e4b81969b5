import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contingent.audit.models import AuditEvent
from contingent.inventory import services
from contingent.inventory.models import Dependency


def test_a_redundant_dependency_records_its_alternatives(cast, make_item):
    app, db1, db2 = make_item("app"), make_item("db-weu"), make_item("db-neu")
    dep = services.create_dependency(cast["sclead"], app, [db1, db2], min_required=1)
    assert dep.is_redundant and "1 of" in dep.describe_targets()


def test_needing_more_alternatives_than_listed_is_refused(cast, make_item):
    app, db = make_item("app"), make_item("db")
    with pytest.raises(ValidationError) as error:
        services.create_dependency(cast["sclead"], app, [db], min_required=2)
    assert "min_required" in error.value.message_dict
    assert not Dependency.objects.exists()


def test_an_item_cannot_depend_on_itself(cast, make_item):
    app = make_item("app")
    with pytest.raises(ValidationError) as error:
        services.create_dependency(cast["sclead"], app, [app])
    assert "targets" in error.value.message_dict


def test_retiring_something_still_needed_is_refused_with_who_needs_it(cast, make_item):
    app, db = make_item("app", name="Billing app"), make_item("db")
    services.create_dependency(cast["sclead"], app, [db])
    with pytest.raises(ValidationError) as error:
        services.retire_item(cast["sclead"], db)
    assert "Billing app" in " ".join(error.value.messages)


def test_a_team_manager_changes_only_their_own_team_s_items(cast, make_item):
    ours, theirs = make_item("vnet", team="infra"), make_item("billing-db", team="payments")
    services.update_item(cast["infra"], ours, description="hub")
    with pytest.raises(PermissionDenied):
        services.update_item(cast["infra"], theirs, description="mine now")
    with pytest.raises(PermissionDenied):
        services.update_item(cast["infra"], ours, owner_team=theirs.owner_team)  # cannot give it away either


def test_every_change_is_audited_with_before_and_after(cast, make_item):
    item = make_item("vnet", team="infra")
    services.update_item(cast["infra"], item, description="hub network")
    event = AuditEvent.objects.filter(action="update").get()
    assert event.actor == cast["infra"]
    assert event.changes == {"before": {"description": ""}, "after": {"description": "hub network"}}


def test_the_auditor_changes_nothing(cast, make_item):
    with pytest.raises(PermissionDenied):
        services.create_item(cast["auditor"], "asset", key="x", name="X", asset_type="key", owner_team_id=1)


def test_a_service_needs_a_type_and_an_owner(cast):
    with pytest.raises(ValidationError) as error:
        services.create_item(cast["sclead"], "service", key="svc", name="Svc")
    assert {"service_type", "owner_team"} <= set(error.value.message_dict)
