"""The plans API: a plan written, reviewed and published through HTTP; refusals are 401, 403 and 422."""

import pytest
from django.test import Client

from contingent.access.services import create_token

pytestmark = pytest.mark.django_db


def client(user) -> Client:
    _, secret = create_token(None, user.username, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_plan_goes_from_draft_to_published_through_the_api(people, teams):
    dev, manager = client(people["dev"]), client(people["paymgr"])
    created = dev.post("/api/v1/plans/", {"key": "pay", "title": "Payments DRP", "kind": "team_drp",
                                          "team_id": teams["payments"].pk}, content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    problems = dev.get(f"/api/v1/plans/{pk}/problems").json()
    assert problems["state"] == "draft" and "the plan has no recovery steps" in problems["problems"]
    for key in [s["key"] for s in dev.get(f"/api/v1/plans/{pk}/document").json()["sections"]]:
        r = dev.put(f"/api/v1/plans/{pk}/sections/{key}", {"body": f"{key}: done."}, content_type="application/json")
        assert r.status_code == 200, r.content
    step = {"key": "restore", "title": "Restore", "role": "team_manager", "optimistic_seconds": 1800,
            "likely_seconds": 3600, "pessimistic_seconds": 7200, "instructions": "Restore it.",
            "verification": "It answers."}  # fmt: skip
    r = dev.post(f"/api/v1/plans/{pk}/steps", step, content_type="application/json")
    assert r.status_code == 201 and r.json()["key"] == "pay/restore"
    assert dev.get(f"/api/v1/plans/{pk}/problems").json()["problems"] == []
    r = dev.post(f"/api/v1/plans/{pk}/transitions", {"action": "submit"}, content_type="application/json")
    assert r.status_code == 200
    r = manager.post(f"/api/v1/plans/{pk}/transitions", {"action": "approve"}, content_type="application/json")
    assert r.json()["state"] == "approved"
    r = manager.post(f"/api/v1/plans/{pk}/transitions", {"action": "publish"}, content_type="application/json")
    assert r.json()["state"] == "published" and r.json()["latest_version"] == 1
    version = dev.get(f"/api/v1/plans/{pk}/versions/1").json()
    assert version["content"]["steps"][0]["likely"] == 3600 and version["pdf_sha256"]
    assert [r["action"] for r in dev.get(f"/api/v1/plans/{pk}/reviews").json()] == ["publish", "approve", "submit"]
    diff = dev.get(f"/api/v1/plans/{pk}/compare?a=1&b=draft").json()
    assert {p["status"] for p in diff} == {"same"}


def test_anonymous_requests_get_401(team_plan):
    assert Client().get(f"/api/v1/plans/{team_plan.pk}/document").status_code == 401
    assert Client().post(f"/api/v1/plans/{team_plan.pk}/transitions", {"action": "submit"},
                         content_type="application/json").status_code == 401  # fmt: skip


def test_a_member_of_the_team_cannot_approve_403(people, team_plan):
    dev = client(people["dev"])
    dev.post(f"/api/v1/plans/{team_plan.pk}/transitions", {"action": "submit"}, content_type="application/json")
    r = dev.post(f"/api/v1/plans/{team_plan.pk}/transitions", {"action": "approve"}, content_type="application/json")
    assert r.status_code == 403 and "Team manager" in r.json()["detail"]


def test_someone_from_another_team_cannot_edit_403(people, team_plan):
    r = client(people["infra"]).put(f"/api/v1/plans/{team_plan.pk}/sections/declaration", {"body": "x"},
                                    content_type="application/json")  # fmt: skip
    assert r.status_code == 403


def test_incomplete_approval_is_422_with_every_reason(people, teams):
    dev, manager = client(people["dev"]), client(people["paymgr"])
    pk = dev.post("/api/v1/plans/", {"key": "pay", "title": "P", "kind": "team_drp", "team_id": teams["payments"].pk},
                  content_type="application/json").json()["id"]  # fmt: skip
    dev.post(f"/api/v1/plans/{pk}/transitions", {"action": "submit"}, content_type="application/json")
    r = manager.post(f"/api/v1/plans/{pk}/transitions", {"action": "approve"}, content_type="application/json")
    assert r.status_code == 422
    messages = [e["message"] for e in r.json()["errors"]]
    assert "section “Declaration and trigger” is empty" in messages and "the plan has no recovery steps" in messages
    assert len(messages) >= 10


def test_bad_step_input_is_422_naming_the_field(people, team_plan):
    dev = client(people["dev"])
    r = dev.post(f"/api/v1/plans/{team_plan.pk}/steps", {"key": "x", "title": "X", "likely_seconds": 3600,
                 "pessimistic_seconds": 60}, content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "pessimistic"
    r = dev.post(f"/api/v1/plans/{team_plan.pk}/steps", {"key": "y", "title": "Y", "likely_seconds": 60,
                 "pessimistic_seconds": 60, "depends_on": ["nowhere"]}, content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0] == {"field": "predecessors", "message": "no step 'nowhere'"}
    assert not team_plan.steps.filter(key="y").exists()


def test_a_cycle_is_422_naming_it(people, team_plan):
    dev = client(people["dev"])
    dev.post(f"/api/v1/plans/{team_plan.pk}/steps", {"key": "dns", "title": "DNS", "likely_seconds": 60,
             "pessimistic_seconds": 60, "depends_on": ["restore-db"]}, content_type="application/json")  # fmt: skip
    r = dev.patch(f"/api/v1/plans/{team_plan.pk}/steps/restore-db", {"depends_on": ["dns"]},
                  content_type="application/json")  # fmt: skip
    assert r.status_code == 422
    assert r.json()["errors"][0]["message"].endswith(
        "payments-drp/restore-db → payments-drp/dns → payments-drp/restore-db"
    )


def test_overdue_lists_plans_past_review(people, team_plan):
    from datetime import date

    type(team_plan).objects.filter(pk=team_plan.pk).update(next_review=date(2020, 1, 1))
    r = client(people["auditor"]).get("/api/v1/plans/overdue")
    assert [p["key"] for p in r.json()] == ["payments-drp"]
