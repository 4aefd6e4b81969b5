import json

import pytest
from django.test import Client

from contingent.access.services import create_token


@pytest.fixture
def sclead(cast):
    _, secret = create_token(None, "sclead")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_bad_input_names_the_field_and_writes_nothing(sclead, teams):
    response = post(sclead, "/api/v1/assets/", {"key": "Bad Key!", "name": "x", "asset_type": "nonsense", "owner_team_id": teams["infra"].pk})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "asset_type" in fields
    assert sclead.get("/api/v1/assets/").json()["count"] == 0


def test_model_rules_come_back_as_field_errors(sclead, teams):
    response = post(sclead, "/api/v1/assets/", {"key": "kv", "name": "Key Vault", "owner_team_id": teams["infra"].pk})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "asset_type", "message": "say what kind of asset this is"}]


def test_create_list_filter_and_history(sclead, teams):
    created = post(sclead, "/api/v1/assets/", {"key": "kv", "name": "Key Vault", "asset_type": "key", "owner_team_id": teams["infra"].pk})
    assert created.status_code == 201
    pk = created.json()["id"]
    post(sclead, "/api/v1/assets/", {"key": "cert", "name": "Certificate", "asset_type": "certificate", "owner_team_id": teams["infra"].pk})
    listing = sclead.get("/api/v1/assets/?asset_type=key").json()
    assert [a["key"] for a in listing["items"]] == ["kv"]
    sclead.patch(f"/api/v1/assets/{pk}", data=json.dumps({"description": "prod keys"}), content_type="application/json")
    history = sclead.get(f"/api/v1/assets/{pk}/history").json()
    assert [e["action"] for e in history] == ["update", "create"]
    assert history[0]["changes"]["after"] == {"description": "prod keys"}


def test_missing_records_answer_404(sclead, db):
    assert sclead.get("/api/v1/assets/999999").status_code == 404


def test_assessment_api_speaks_seconds_and_flags_rto_conflicts(cast, make_item, sclead):
    portal = make_item("portal", kind="service")
    billing = make_item("billing", kind="service")
    post(sclead, "/api/v1/dependencies/", {"dependent_id": portal.pk, "target_ids": [billing.pk]})
    _, secret = create_token(None, "bcm")
    bcm = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    steep = [{"category": "reputation", "after_seconds": s, "level": lvl} for s, lvl in ((3600, 2), (14400, 3), (86400, 4))]
    flat = [{"category": "financial", "after_seconds": 604800, "level": 4}]
    a = post(bcm, "/api/v1/assessments/", {"item_id": portal.pk, "ratings": steep}).json()
    b = post(bcm, "/api/v1/assessments/", {"item_id": billing.pk, "ratings": flat}).json()
    assert (a["mtpd_seconds"], a["rto_seconds"]) == (86400, 14400)
    assert b["rto_seconds"] == 259200
    portal_now = bcm.get(f"/api/v1/assessments/{a['id']}").json()
    assert portal_now["rto_conflicts"][0]["achievable_rto_seconds"] == 259200
    assert portal_now["rto_conflicts"][0]["path"][0]["name"] == billing.name


def test_openapi_documents_every_endpoint(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/assets/", "/api/v1/assessments/{pk}/approve", "/api/v1/dependencies/", "/api/v1/people/"):
        assert path in spec["paths"], path
