"""/api/v1/analysis/: the same answers over HTTP, with 401 for anonymous, 403 without a role, 422 naming the field."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from tests.recovery.conftest import EXAMPLE_STEPS

from contingent.access.services import create_token


def client_for(username: str) -> Client:
    _, secret = create_token(None, username, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def outsider(demo):
    return User.objects.create_user("outsider", password="x")


def test_region_loss_over_the_api_names_the_lake_without_a_copy(auditor):
    response = client_for("kmeyer").post(
        "/api/v1/analysis/loss", {"regions": ["westeurope"]}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    lake = next(d for d in body["no_recovery_option"] if d["key"] == "meter-lake")
    assert lake["paired_region"] == "North Europe" and lake["url"].startswith("/assets/")
    ingestion = next(s for s in body["stopped"] if s["key"] == "meter-ingest")
    assert ingestion["recovery_option"] is False and ingestion["path"][-1]["name"] == "West Europe"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/analysis/loss", {"regions": ["westeurope"]}),
        ("get", "/api/v1/analysis/objectives", None),
        ("get", "/api/v1/analysis/single-points-of-failure", None),
        ("post", "/api/v1/analysis/schedule", {"steps": [{"key": "a", "likely": "1h"}]}),
        ("post", "/api/v1/analysis/confidence", {"steps": [{"key": "a", "likely": "1h"}], "iterations": 10}),
    ],
)
def test_anonymous_gets_401_and_a_login_without_a_role_403(outsider, method, path, body):
    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    assert getattr(Client(), method)(path, **kwargs).status_code == 401
    assert getattr(client_for("outsider"), method)(path, **kwargs).status_code == 403
    assert getattr(client_for("kmeyer"), method)(path, **kwargs).status_code == 200


def test_an_unknown_region_is_a_422_naming_the_field(auditor):
    response = client_for("kmeyer").post(
        "/api/v1/analysis/loss", {"regions": ["atlantis"]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "regions", "message": "no such region key: atlantis"}]


def test_schedule_and_confidence_over_the_api(auditor):
    import yaml

    document = yaml.safe_load(EXAMPLE_STEPS.read_text())
    client = client_for("kmeyer")
    schedule = client.post("/api/v1/analysis/schedule", document, content_type="application/json").json()
    assert schedule["critical_path"][0]["step"] == "declare"
    assert {"name": "Billing", "within_rto": True} in [
        {"name": s["name"], "within_rto": s["within_rto"]} for s in schedule["services"]
    ]
    confidence = client.post(
        "/api/v1/analysis/confidence", {**document, "iterations": 500, "seed": 3}, content_type="application/json"
    ).json()
    assert confidence["iterations"] == 500 and 0 <= confidence["instance"]["probability_within_objective"] <= 1


def test_a_step_cycle_is_a_422_naming_the_step(auditor):
    body = {
        "steps": [
            {"key": "a", "likely": "1h", "depends_on": ["b"]},
            {"key": "b", "likely": "1h", "depends_on": ["a"]},
        ]
    }
    response = client_for("kmeyer").post("/api/v1/analysis/schedule", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "steps.a.depends_on"
