"""Confidential and private records are visible only to those with a role in them; to everyone else they
look exactly like records that do not exist (404), in pages, the API, pickers, graphs and exports."""

import json

import pytest
from django.test import Client

from contingent.access.services import can_see, create_token, visible
from contingent.bia.services import create_assessment
from contingent.exchange.exporter import export_data
from contingent.inventory.models import Dependency, Item
from contingent.inventory.services import create_dependency
from contingent.org.models import Person, RoleAssignment

# Who sees a Payments record of each level. dev is a Payments team member, infra manages Infrastructure.
SEES = {
    "public": {"admin", "bcm", "sclead", "infra", "dev", "auditor", "outsider"},
    "internal": {"admin", "bcm", "sclead", "infra", "dev", "auditor", "outsider"},
    "confidential": {"admin", "bcm", "sclead", "dev", "auditor"},
    "private": {"admin", "bcm", "sclead", "dev"},
}


@pytest.fixture
def records(make_item):
    return {level: make_item(f"ledger-{level}", team="payments", classification=level) for level in SEES}


def api(user) -> Client:
    _, secret = create_token(None, user.username, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize("level", sorted(SEES))
def test_visible_and_can_see_agree_on_who_sees_each_level(cast, records, level):
    item = records[level]
    for who, user in cast.items():
        in_list = visible(user, Item.objects.all()).filter(pk=item.pk).exists()
        assert in_list == (who in SEES[level]), (who, level)
        assert can_see(user, item) == in_list, (who, level)


def test_anonymous_sees_nothing(records):
    from django.contrib.auth.models import AnonymousUser

    assert not visible(AnonymousUser(), Item.objects.all()).exists()
    assert not can_see(AnonymousUser(), records["public"])


def test_a_scoped_role_for_another_team_or_instance_opens_only_that_scope(cast, teams, records, make_item, instance):
    infra_person = Person.objects.get(user=cast["infra"])
    RoleAssignment.objects.create(person=infra_person, role="team_member", team=teams["payments"])
    infra = cast["infra"].__class__.objects.get(pk=cast["infra"].pk)  # fresh user: grants are read once
    assert can_see(infra, records["confidential"])
    assert can_see(infra, records["private"])
    auditor_person = Person.objects.get(user=cast["auditor"])
    RoleAssignment.objects.create(person=auditor_person, role="security_reviewer", instance=instance)
    auditor = cast["auditor"].__class__.objects.get(pk=cast["auditor"].pk)
    assert can_see(auditor, records["private"]), "an instance-scoped role covers the instance's records"
    elsewhere = make_item("other-private", team="payments", classification="private")
    Item.objects.filter(pk=elsewhere.pk).update(instance=None)
    elsewhere.refresh_from_db()
    assert not can_see(auditor, elsewhere)


def test_dependencies_and_assessments_are_as_confidential_as_their_item(cast, records, make_item):
    secret = records["private"]
    service = make_item("payroll", kind="service", team="payments", classification="private")
    create_dependency(cast["bcm"], dependent=secret, targets=[make_item("open-db", team="payments")])
    assessment = create_assessment(cast["bcm"], service)
    for who in ("auditor", "infra", "outsider"):
        assert not visible(cast[who], Dependency.objects.filter(dependent=secret)).exists(), who
        assert not can_see(cast[who], assessment), who
    assert can_see(cast["dev"], assessment)


@pytest.mark.parametrize("who", ["infra", "auditor", "outsider"])
def test_pages_answer_404_for_a_private_record_as_for_a_missing_one(client, cast, records, who):
    client.force_login(cast[who])
    private = records["private"]
    for url in (f"/assets/{private.pk}/", f"/assets/{private.pk}/edit/", f"/items/{private.pk}/graph/"):
        assert client.get(url).status_code == 404, url
        assert client.get(url.replace(str(private.pk), "999999")).status_code == 404
    listing = client.get("/assets/").content.decode()
    assert "Ledger Private" not in listing
    assert "Ledger Internal" in listing


def test_the_api_answers_404_for_list_read_history_and_writes(cast, records):
    client = api(cast["infra"])
    private = records["private"]
    names = [i["name"] for i in client.get("/api/v1/assets/?limit=1000").json()["items"]]
    assert "Ledger Private" not in names and "Ledger Confidential" not in names and "Ledger Internal" in names
    for path in (f"/api/v1/assets/{private.pk}", f"/api/v1/assets/{private.pk}/history"):
        assert client.get(path).status_code == 404, path
    patch = client.patch(
        f"/api/v1/assets/{private.pk}", data=json.dumps({"name": "x"}), content_type="application/json"
    )
    assert patch.status_code == 404
    assert api(cast["dev"]).get(f"/api/v1/assets/{private.pk}").status_code == 200


def test_graph_and_item_page_show_a_nameless_stand_in_for_a_hidden_dependency(client, cast, records, make_item):
    app = make_item("payments-app", team="infra")
    create_dependency(cast["bcm"], dependent=app, targets=[records["confidential"]])
    client.force_login(cast["infra"])
    for url in (f"/items/{app.pk}/graph/", f"/assets/{app.pk}/"):
        page = client.get(url).content.decode()
        assert "Confidential item" in page, url
        assert "Ledger Confidential" not in page, url
    client.force_login(cast["dev"])
    assert "Ledger Confidential" in client.get(f"/items/{app.pk}/graph/").content.decode()


def test_pickers_offer_only_visible_records(client, cast, records):
    client.force_login(cast["infra"])
    form = client.get("/dependencies/new/").content.decode()
    assert "Ledger Internal" in form
    assert "Ledger Private" not in form and "Ledger Confidential" not in form


def test_an_export_by_a_team_manager_leaves_out_what_they_may_not_see(cast, records, tmp_path):
    export_data(cast["infra"], tmp_path / "infra")
    exported = (tmp_path / "infra" / "organisation.yaml").read_text()
    assert "ledger-internal" in exported
    assert "ledger-private" not in exported and "ledger-confidential" not in exported
    export_data(cast["bcm"], tmp_path / "bcm")
    assert "ledger-private" in (tmp_path / "bcm" / "organisation.yaml").read_text()


def test_the_dependency_list_and_page_do_not_name_a_hidden_target(client, cast, records, make_item):
    app = make_item("payments-app", team="infra")
    dependency = create_dependency(cast["bcm"], dependent=app, targets=[records["private"], records["internal"]])
    client.force_login(cast["infra"])
    for url in ("/dependencies/", f"/dependencies/{dependency.pk}/"):
        page = client.get(url).content.decode()
        assert "Ledger Internal" in page, url
        assert "Ledger Private" not in page, url
    client.force_login(cast["dev"])
    assert "Ledger Private" in client.get(f"/dependencies/{dependency.pk}/").content.decode()


def test_linking_to_a_record_one_may_not_see_is_answered_as_if_it_did_not_exist(cast, records, make_item):
    from django.core.exceptions import ValidationError

    from contingent.inventory.services import update_dependency

    infra_app = make_item("infra-app", team="infra")
    client = api(cast["infra"])
    body = {"dependent_id": infra_app.pk, "target_ids": [records["private"].pk]}
    response = client.post("/api/v1/dependencies/", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "targets", "message": "no such item"}]
    with pytest.raises(ValidationError, match="no such item"):
        create_dependency(cast["infra"], dependent=infra_app, targets=[records["confidential"]])
    # A link someone else made stays when the infra manager changes what they may see of the dependency.
    dependency = create_dependency(cast["bcm"], dependent=infra_app, targets=[records["private"]])
    update_dependency(cast["infra"], dependency, description="owned by Payments")
    assert list(dependency.targets.all()) == [records["private"]]


def test_the_overview_and_rto_conflicts_leave_out_hidden_items(client, cast, records, make_item):
    secret_service = make_item("secret-payroll", kind="service", team="payments", classification="private")
    secret_service.business_critical = True
    secret_service.save()
    client.force_login(cast["infra"])
    page = client.get("/").content.decode()
    assert "Secret Payroll" not in page
    assert all(c["name"] != "Secret Payroll" for c in api(cast["infra"]).get("/api/v1/rto-conflicts").json())
    client.force_login(cast["bcm"])
    assert "Secret Payroll" in client.get("/").content.decode(), "the BC Manager sees it is unassessed"


def test_an_rto_conflict_through_a_hidden_service_names_no_hidden_service(cast, make_item):
    from datetime import timedelta

    from contingent.bia.services import create_assessment as assess

    portal = make_item("portal", kind="service", team="infra")
    ledger = make_item("ledger", kind="service", team="payments", classification="confidential")
    create_dependency(cast["bcm"], dependent=portal, targets=[ledger])
    hours = [(timedelta(hours=1), 2), (timedelta(hours=4), 3), (timedelta(days=1), 4)]
    assess(cast["bcm"], portal, ratings={("reputation", after): level for after, level in hours})
    assess(cast["bcm"], ledger, ratings={("financial", timedelta(days=7)): 4})
    seen_by_infra = api(cast["infra"]).get("/api/v1/rto-conflicts").json()
    assert [c["name"] for c in seen_by_infra] == ["Portal"]
    assert seen_by_infra[0]["path"] == [{"item_id": None, "name": "Confidential item"}]
    seen_by_bcm = api(cast["bcm"]).get("/api/v1/rto-conflicts").json()
    assert seen_by_bcm[0]["path"][0]["name"] == "Ledger"
