"""Recovery analysis and confidentiality: the analysis runs on the whole inventory, so everyone gets the same
counts, but an item the reader may not see appears as "Confidential item", without name, key or link."""

import json

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from contingent.access.services import create_token
from contingent.cli import main
from contingent.inventory.services import create_dependency
from contingent.recovery.drawings import loss_graph_svg
from contingent.recovery.loss import Scenario, run_loss_scenario

SECRET = "Vault Of Card Numbers"


@pytest.fixture
def scenario(cast, make_item, weu):
    """Checkout (Infrastructure's, internal, in no region) needs the payments team's confidential vault in West Europe."""
    vault = make_item("card-vault", team="payments", name=SECRET, classification="confidential", region=weu)
    checkout = make_item("checkout", kind="service", team="infra", name="Checkout", business_critical=True)
    create_dependency(cast["bcm"], dependent=checkout, targets=[vault])
    return {**cast, "vault_url": f"/assets/{vault.pk}/"}


def _api(username: str) -> Client:
    _, secret = create_token(None, username, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _api_loss(username: str) -> dict:
    response = _api(username).post(
        "/api/v1/analysis/loss", {"regions": ["westeurope"]}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def _checkout(answer: dict) -> dict:
    return next(s for s in answer["stopped"] if s["key"] == "checkout")


def test_another_teams_member_sees_a_nameless_item_in_the_api_with_the_same_counts(scenario):
    outsider_view, owner_view, manager_view = (_api_loss(u) for u in ("infra", "dev", "bcm"))
    hidden_step = _checkout(outsider_view)["path"][1]
    assert hidden_step["name"] == "Confidential item"
    assert hidden_step["key"] == "" and hidden_step["url"] == "#" and hidden_step["detail"] == ""
    assert SECRET not in json.dumps(outsider_view) and "card-vault" not in json.dumps(outsider_view)
    for view in (owner_view, manager_view):
        assert _checkout(view)["path"][1]["name"] == SECRET
        assert _checkout(view)["path"][1]["url"].startswith("/assets/")
    assert len(outsider_view["stopped"]) == len(owner_view["stopped"]) == len(manager_view["stopped"])
    assert len(outsider_view["stopped_assets"]) == len(manager_view["stopped_assets"])


def test_the_cli_json_answers_as_the_user_it_runs_as(scenario, capsys):
    def loss_as(username: str) -> dict:
        assert main(["--user", username, "analyze", "loss", "--region", "westeurope", "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    outsider_view, owner_view = loss_as("infra"), loss_as("dev")
    assert SECRET not in json.dumps(outsider_view)
    assert _checkout(outsider_view)["path"][1]["name"] == "Confidential item"
    assert _checkout(owner_view)["path"][1]["name"] == SECRET
    assert len(outsider_view["stopped"]) == len(owner_view["stopped"])


def test_the_loss_page_and_its_drawing_hide_the_name_and_the_link(scenario):
    vault_url = scenario["vault_url"]
    pages = {}
    for username in ("infra", "dev", "bcm"):
        client = Client()
        assert client.login(username=username, password=PASSWORD)
        pages[username] = client.get("/analysis/loss/", {"lose": "region:westeurope"}).content.decode()
    assert SECRET not in pages["infra"] and vault_url not in pages["infra"]
    assert "Confidential item" in pages["infra"]
    assert SECRET in pages["dev"] and SECRET in pages["bcm"] and vault_url in pages["bcm"]

    svg, _note = loss_graph_svg(run_loss_scenario(scenario["infra"], Scenario(regions=("westeurope",))))
    assert "Confidential item" in svg and SECRET not in svg and vault_url not in svg
    svg, _note = loss_graph_svg(run_loss_scenario(scenario["dev"], Scenario(regions=("westeurope",))))
    assert SECRET in svg and vault_url in svg


@pytest.fixture
def conflict(cast, make_item):
    """Portal (Infrastructure's) must be back in 4h but needs the payments team's confidential ledger (7 days)."""
    from datetime import timedelta

    from contingent.bia.services import create_assessment

    portal = make_item("portal", kind="service", team="infra")
    ledger = make_item("ledger", kind="service", team="payments", name="Card Ledger", classification="confidential")
    create_dependency(cast["bcm"], dependent=portal, targets=[ledger])
    hours = [(timedelta(hours=1), 2), (timedelta(hours=4), 3), (timedelta(days=1), 4)]
    assessment = create_assessment(cast["bcm"], portal, ratings={("reputation", a): level for a, level in hours})
    create_assessment(cast["bcm"], ledger, ratings={("financial", timedelta(days=7)): 4})
    return assessment


def test_an_assessments_rto_conflicts_name_no_hidden_item(conflict):
    seen_by_infra = _api("infra").get(f"/api/v1/assessments/{conflict.pk}").json()["rto_conflicts"]
    assert seen_by_infra[0]["path"] == [{"item_id": None, "name": "Confidential item"}]
    seen_by_owner = _api("dev").get(f"/api/v1/assessments/{conflict.pk}").json()["rto_conflicts"]
    assert seen_by_owner[0]["path"][0]["name"] == "Card Ledger"


def test_objective_findings_keep_every_conflict_but_name_only_what_the_reader_may_see(conflict):
    infra, bcm = (_api(u).get("/api/v1/analysis/objectives").json() for u in ("infra", "bcm"))
    assert len(infra["rto_conflicts"]) == len(bcm["rto_conflicts"])
    assert "Card Ledger" not in json.dumps(infra) and "Card Ledger" in json.dumps(bcm)
    assert infra["rto_conflicts"][0]["path"] == [{"item_id": None, "name": "Confidential item"}]
    client = Client()
    client.login(username="infra", password=PASSWORD)
    page = client.get("/analysis/objectives/").content.decode()
    assert "Card Ledger" not in page and "Confidential item" in page


def test_single_points_of_failure_show_a_hidden_one_without_its_name(scenario):
    infra, owner = (_api(u).get("/api/v1/analysis/single-points-of-failure").json() for u in ("infra", "dev"))
    assert len(infra["single_points_of_failure"]) == len(owner["single_points_of_failure"])
    assert SECRET in json.dumps(owner) and SECRET not in json.dumps(infra)
    assert "Confidential item" in {p["name"] for p in infra["single_points_of_failure"]}


def test_a_schedule_names_no_hidden_service(conflict):
    steps = {"steps": [{"key": "restore", "likely": "2h", "service": "ledger"}]}
    infra, owner = (
        _api(u).post("/api/v1/analysis/schedule", steps, content_type="application/json").json()
        for u in ("infra", "dev")
    )
    assert infra["services"][0]["name"] == "Confidential item" and infra["services"][0]["url"] == "#"
    assert infra["steps"][0]["service"] == "Confidential item"
    assert owner["services"][0]["name"] == "Card Ledger"
    assert infra["services"][0]["restored"] == owner["services"][0]["restored"]


def test_the_loss_search_offers_no_hidden_item(scenario):
    client = Client()
    client.login(username="infra", password=PASSWORD)
    assert SECRET not in client.get("/analysis/loss/search/", {"q": "vault"}).content.decode()
    client.login(username="dev", password=PASSWORD)
    assert SECRET in client.get("/analysis/loss/search/", {"q": "vault"}).content.decode()
