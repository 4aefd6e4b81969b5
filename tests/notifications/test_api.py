"""The API of acknowledgements and of the outbox: recipients acknowledge, everyone who sees the plan sees who
has, the outbox is for administrators and continuity leads; anonymous requests get 401."""

import pytest
from django.test import Client

from contingent.access.services import create_token

pytestmark = pytest.mark.django_db


def api(who: str | None) -> Client:
    if who is None:
        return Client()
    _, secret = create_token(None, who, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_everyone_who_sees_the_plan_sees_who_acknowledged(version):
    response = api("auditor").get(f"/api/v1/plan-versions/{version.pk}/acknowledgements")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3 and body["acknowledged"] == 0
    assert sorted(r["email"] for r in body["recipients"]) == [
        "dev@example.com",
        "infra@example.com",
        "sclead@example.com",
    ]


def test_a_recipient_acknowledges_through_the_api(version):
    response = api("dev").post(f"/api/v1/plan-versions/{version.pk}/acknowledge")
    assert response.status_code == 200 and response.json()["acknowledged_via"] == "signed in"
    body = api("auditor").get(f"/api/v1/plan-versions/{version.pk}/acknowledgements").json()
    assert body["acknowledged"] == 1


def test_someone_not_sent_the_plan_cannot_acknowledge_it(version):
    response = api("bcm").post(f"/api/v1/plan-versions/{version.pk}/acknowledge")
    assert response.status_code == 403 and "not a recipient" in response.json()["detail"]


def test_anonymous_requests_are_refused_with_401(version):
    assert api(None).get(f"/api/v1/plan-versions/{version.pk}/acknowledgements").status_code == 401
    assert api(None).post(f"/api/v1/plan-versions/{version.pk}/acknowledge").status_code == 401
    assert api(None).get("/api/v1/outbox/").status_code == 401


def test_a_missing_version_is_404(version):
    assert api("auditor").get("/api/v1/plan-versions/999999/acknowledgements").status_code == 404


def test_the_outbox_is_for_administrators_and_continuity_leads(version):
    response = api("bcm").get("/api/v1/outbox/?status=queued")
    assert response.status_code == 200 and len(response.json()) == 3
    assert response.json()[0]["record"] == f"plans.planversion:{version.pk}"
    assert api("dev").get("/api/v1/outbox/").status_code == 403
    assert api("outsider").get("/api/v1/outbox/").status_code == 403


def test_the_outbox_page_lists_queued_and_sent_email_for_continuity_leads(version, client):
    from tests.conftest import PASSWORD

    client.login(username="bcm", password=PASSWORD)
    page = client.get("/outbox/?status=queued")
    assert page.status_code == 200
    assert b"Published: Infrastructure DR plan (version 1)" in page.content and b"Queued (3)" in page.content
    client.login(username="dev", password=PASSWORD)
    assert client.get("/outbox/").status_code == 403
