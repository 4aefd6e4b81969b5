"""Every API operation, for every role: allowed where the RACI says so, refused everywhere else — and a
refused request leaves no trace (no row changed, no audit event written).

The table below has one line per operation of the OpenAPI document; an operation missing from it fails
`test_every_operation_is_in_the_table`, so a new endpoint cannot skip this battery. To add one, write a
line: "METHOD /api/v1/path/{pk}": Row(<who may>, target=<world object for {pk}>, body=<JSON body>).
"""

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from tests.conftest import _person

from contingent.access.roles import Role
from contingent.access.services import create_token
from contingent.api import api
from contingent.audit.models import AuditHead
from contingent.bia.services import create_assessment
from contingent.inventory.models import Instance, Region
from contingent.inventory.services import create_dependency
from contingent.org.models import Person, RoleAssignment

# -- who ---------------------------------------------------------------------------------------------
# The cast of tests/conftest.py plus the roles it lacks. dev is a member of Payments (the team owning the
# world's records); infra manages another team (Infrastructure).
SIGNED_IN = frozenset(
    {"outsider", "auditor", "dev", "infra", "spops", "sclead", "bcm", "admin", "architect", "incident", "security"}
)
ROLES = SIGNED_IN - {"outsider"}  # anyone holding a continuity role
ORG = frozenset({"admin", "bcm", "sclead"})  # org.change
CATALOGUE = frozenset({"admin", "sclead", "architect"})  # catalogue.change
INVENTORY = frozenset({"admin", "sclead", "architect", "bcm", "dev"})  # inventory.change on a Payments record
BIA = frozenset({"bcm", "sclead"})  # bia.change on a Payments service (a team manager only for their team)
APPROVE = frozenset({"bcm"})
ADMIN = frozenset({"admin"})
NOBODY: frozenset[str] = frozenset()
EVIDENCE_MANAGE = frozenset({"admin", "bcm", "sclead"})  # evidence.manage; evidence.purge.request outside a team
PURGE_APPROVE = frozenset({"admin", "bcm"})  # evidence.purge.approve (someone else asked)
AUDIT = frozenset({"admin", "bcm", "auditor"})  # audit.export / audit.checkpoint
PLANS = frozenset({"bcm", "sclead", "dev"})  # plans.change on the Payments team DR plan


@dataclass
class Row:
    allowed: frozenset[str]
    target: str | None = None  # the world object whose id fills {pk}; default: TARGETS[collection]
    body: dict[str, Any] | Callable[[dict], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200, 201)  # what an allowed request gets
    changes: bool | None = None  # writes one audit event when allowed; default: method is not GET
    refused: tuple[int, ...] = (403,)  # what a signed-in user outside `allowed` gets
    extra: dict[str, Any] = field(default_factory=dict)


def _site(w: dict) -> dict[str, Any]:
    return {"key": "i2", "name": "I2", "primary_region_id": w["region"].pk}


# One line per operation.
TABLE: dict[str, Row] = {
    "GET /api/v1/teams/": Row(SIGNED_IN),
    "POST /api/v1/teams/": Row(ORG, body={"key": "t2", "name": "T2", "kind": "developer"}),
    "GET /api/v1/teams/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/teams/{pk}": Row(ORG, body={"name": "Payments 2"}),
    "POST /api/v1/teams/{pk}/retire": Row(ORG, target="spare_team"),
    "GET /api/v1/teams/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/people/": Row(SIGNED_IN),
    "POST /api/v1/people/": Row(ORG, body={"key": "p2", "name": "P2"}),
    "GET /api/v1/people/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/people/{pk}": Row(ORG, body={"job_title": "Analyst"}),
    "POST /api/v1/people/{pk}/retire": Row(ORG),
    "GET /api/v1/people/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/role-assignments/": Row(SIGNED_IN),
    "POST /api/v1/role-assignments/": Row(ORG, body=lambda w: {"person_id": w["person"].pk, "role": "auditor"}),
    "GET /api/v1/role-assignments/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/role-assignments/{pk}": Row(ORG, body={"responsibilities": "keeps the list"}),
    "POST /api/v1/role-assignments/{pk}/retire": Row(ORG),
    "GET /api/v1/role-assignments/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/continuity-organisation/contacts": Row(SIGNED_IN),
    "GET /api/v1/regions/": Row(SIGNED_IN),
    "POST /api/v1/regions/": Row(CATALOGUE, body={"key": "site-a", "name": "Office A"}),
    "GET /api/v1/regions/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/regions/{pk}": Row(CATALOGUE, body={"physical_location": "Utrecht"}),
    "POST /api/v1/regions/{pk}/retire": Row(CATALOGUE),
    "GET /api/v1/regions/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/instances/": Row(SIGNED_IN),
    "POST /api/v1/instances/": Row(CATALOGUE, body=_site),
    "GET /api/v1/instances/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/instances/{pk}": Row(CATALOGUE, body={"description": "test"}),
    "POST /api/v1/instances/{pk}/retire": Row(CATALOGUE),
    "GET /api/v1/instances/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/processes/": Row(SIGNED_IN),
    "POST /api/v1/processes/": Row(
        INVENTORY, body=lambda w: {"key": "n2", "name": "N2", "owner_team_id": w["team"].pk}
    ),
    "GET /api/v1/processes/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/processes/{pk}": Row(INVENTORY, body={"description": "changed"}),
    "POST /api/v1/processes/{pk}/retire": Row(INVENTORY),
    "GET /api/v1/processes/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/services/": Row(SIGNED_IN),
    "POST /api/v1/services/": Row(
        INVENTORY, body=lambda w: {"key": "s2", "name": "S2", "service_type": "it", "owner_team_id": w["team"].pk}
    ),
    "GET /api/v1/services/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/services/{pk}": Row(INVENTORY, body={"description": "changed"}),
    "POST /api/v1/services/{pk}/retire": Row(INVENTORY),
    "GET /api/v1/services/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/assets/": Row(SIGNED_IN),
    "POST /api/v1/assets/": Row(
        INVENTORY, body=lambda w: {"key": "a2", "name": "A2", "asset_type": "key", "owner_team_id": w["team"].pk}
    ),
    "GET /api/v1/assets/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/assets/{pk}": Row(INVENTORY, body={"description": "changed"}),
    "POST /api/v1/assets/{pk}/retire": Row(INVENTORY),
    "GET /api/v1/assets/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/suppliers/": Row(SIGNED_IN),
    "POST /api/v1/suppliers/": Row(
        INVENTORY, body=lambda w: {"key": "v2", "name": "V2", "owner_team_id": w["team"].pk}
    ),
    "GET /api/v1/suppliers/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/suppliers/{pk}": Row(INVENTORY, body={"contact_name": "Ann"}),
    "POST /api/v1/suppliers/{pk}/retire": Row(INVENTORY),
    "GET /api/v1/suppliers/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/dependencies/": Row(SIGNED_IN),
    "POST /api/v1/dependencies/": Row(
        INVENTORY, body=lambda w: {"dependent_id": w["process"].pk, "target_ids": [w["service"].pk]}
    ),
    "GET /api/v1/dependencies/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/dependencies/{pk}": Row(INVENTORY, body={"description": "changed"}),
    "POST /api/v1/dependencies/{pk}/retire": Row(INVENTORY),
    "GET /api/v1/dependencies/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/dependency-cycles": Row(SIGNED_IN),
    "GET /api/v1/assessments/": Row(SIGNED_IN),
    "POST /api/v1/assessments/": Row(BIA, body=lambda w: {"item_id": w["process"].pk}),
    "GET /api/v1/assessments/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/assessments/{pk}": Row(BIA, body={"rpo_seconds": 3600}),
    "POST /api/v1/assessments/{pk}/retire": Row(BIA),
    "GET /api/v1/assessments/{pk}/history": Row(SIGNED_IN),
    # Allowed, but the draft is incomplete: the BC Manager is told why (422) and nothing changes.
    "POST /api/v1/assessments/{pk}/approve": Row(APPROVE, ok=(422,), changes=False),
    "GET /api/v1/rto-conflicts": Row(SIGNED_IN),
    "POST /api/v1/analysis/loss": Row(ROLES, body={"regions": ["westeurope"]}, ok=(200,), changes=False),
    "GET /api/v1/analysis/objectives": Row(ROLES),
    "GET /api/v1/analysis/single-points-of-failure": Row(ROLES),
    "POST /api/v1/analysis/schedule": Row(
        ROLES, body={"steps": [{"key": "s1", "likely": "1h"}]}, ok=(200,), changes=False
    ),
    "POST /api/v1/analysis/confidence": Row(
        ROLES, body={"steps": [{"key": "s1", "likely": "1h"}], "iterations": 100}, ok=(200,), changes=False
    ),
    "GET /api/v1/evidence/folders": Row(SIGNED_IN),
    "POST /api/v1/evidence/folders": Row(EVIDENCE_MANAGE, body={"path": "exercises/2027", "retention_days": 30}),
    "GET /api/v1/evidence/files": Row(SIGNED_IN),
    # Uploads are multipart; a JSON body is refused as malformed before anything else (roles for uploads are
    # tested with real files in tests/evidence/test_api.py).
    "POST /api/v1/evidence/files": Row(ROLES, ok=(422,), refused=(422,), changes=False),
    "GET /api/v1/evidence/files/{pk}": Row(SIGNED_IN, target="evidence"),
    "GET /api/v1/evidence/files/{pk}/download": Row(SIGNED_IN, target="evidence"),
    "GET /api/v1/evidence/files/{pk}/history": Row(SIGNED_IN, target="evidence"),
    "POST /api/v1/evidence/files/{pk}/purge-request": Row(EVIDENCE_MANAGE, target="evidence", body={"reason": "old"}),
    "POST /api/v1/evidence/files/{pk}/purge-approve": Row(PURGE_APPROVE, target="purge_requested"),
    "GET /api/v1/audit/events": Row(AUDIT),
    "GET /api/v1/audit/verify": Row(AUDIT),
    "GET /api/v1/audit/checkpoints": Row(AUDIT),
    "POST /api/v1/audit/checkpoints": Row(AUDIT),
    # Issue 4, distribution: dev (Rafael) was sent the version; anyone else who sees it is refused (403).
    "GET /api/v1/plan-versions/{pk}/acknowledgements": Row(SIGNED_IN),
    "POST /api/v1/plan-versions/{pk}/acknowledge": Row(frozenset({"dev"})),
    "GET /api/v1/outbox/": Row(ORG),  # notifications.outbox
    # Issue 4, plans: the Payments team DR plan (published once, one step "restore", referencing a spare plan).
    "GET /api/v1/plans/overdue": Row(SIGNED_IN),
    "GET /api/v1/plans/": Row(SIGNED_IN),
    "POST /api/v1/plans/": Row(
        PLANS, body=lambda w: {"key": "p3", "title": "P3", "kind": "team_drp", "team_id": w["team"].pk}
    ),
    "GET /api/v1/plans/{pk}": Row(SIGNED_IN),
    "PATCH /api/v1/plans/{pk}": Row(PLANS, body={"title": "Payments DR plan 2"}),
    "POST /api/v1/plans/{pk}/retire": Row(PLANS),
    "GET /api/v1/plans/{pk}/history": Row(SIGNED_IN),
    "GET /api/v1/plans/{pk}/document": Row(SIGNED_IN),
    "GET /api/v1/plans/{pk}/problems": Row(SIGNED_IN),
    "PUT /api/v1/plans/{pk}/sections/{key}": Row(
        PLANS, body={"body": "The SC Lead declares."}, extra={"key": "declaration"}
    ),
    "GET /api/v1/plans/{pk}/steps": Row(SIGNED_IN),
    "POST /api/v1/plans/{pk}/steps": Row(
        PLANS, body={"key": "dns", "title": "Switch DNS", "likely_seconds": 600, "pessimistic_seconds": 1200}
    ),
    "PATCH /api/v1/plans/{pk}/steps/{key}": Row(PLANS, body={"likely_seconds": 1800}, extra={"key": "restore"}),
    "DELETE /api/v1/plans/{pk}/steps/{key}": Row(PLANS, ok=(204,), extra={"key": "restore"}),
    "POST /api/v1/plans/{pk}/references": Row(PLANS, body=lambda w: {"target_id": w["plan_version"].plan.pk}),
    "DELETE /api/v1/plans/{pk}/references/{target_id}": Row(PLANS, extra={"target_id": lambda w: w["spare_plan"].pk}),
    "POST /api/v1/plans/{pk}/transitions": Row(PLANS, body={"action": "submit"}),
    "GET /api/v1/plans/{pk}/reviews": Row(SIGNED_IN),
    "GET /api/v1/plans/{pk}/versions": Row(SIGNED_IN),
    "GET /api/v1/plans/{pk}/versions/{number}": Row(SIGNED_IN, extra={"number": 1}),
    "GET /api/v1/plans/{pk}/compare": Row(SIGNED_IN),
}

# The world object a {pk} stands for, by collection (rows may name another with target=).
TARGETS = {
    "teams": "team",
    "people": "person",
    "role-assignments": "assignment",
    "regions": "region",
    "instances": "spare_instance",
    "processes": "process",
    "services": "service",
    "assets": "asset",
    "suppliers": "supplier",
    "dependencies": "dependency",
    "assessments": "assessment",
    "plan-versions": "plan_version",
    "plans": "plan",
}


# -- the world the requests act on -----------------------------------------------------------------


@pytest.fixture
def world(cast, teams, make_item, instance):
    cast |= {
        "spops": _person("spops", "Sam", teams["infra"], (Role.SP_OPERATIONS, teams["infra"])),
        "architect": _person("architect", "Ada", None, (Role.ENTERPRISE_ARCHITECT, None)),
        "incident": _person("incident", "Ines", None, (Role.INCIDENT_MANAGER, None)),
        "security": _person("security", "Sol", None, (Role.SECURITY_REVIEWER, None)),
    }
    payments = teams["payments"]
    service = make_item("billing", kind="service", team="payments")
    dependency = create_dependency(cast["bcm"], dependent=service, targets=[make_item("billing-app")])
    region = Region.objects.create(key="office-a", name="Office A", kind="site")
    person = Person.objects.create(key="spare", name="Spare Person", team=payments)
    return {
        "cast": cast,
        "team": payments,
        "spare_team": teams["payments"].__class__.objects.create(key="spare", name="Spare", kind="business"),
        "person": person,
        "assignment": RoleAssignment.objects.create(
            person=Person.objects.create(key="holder", name="Role Holder"), role=Role.TEAM_MEMBER, team=payments
        ),
        "region": region,
        "spare_instance": Instance.objects.create(key="spare", name="Spare", primary_region=region),
        "process": make_item("invoicing", kind="process", team="payments"),
        "service": service,
        "asset": make_item("billing-db"),
        "supplier": make_item("acme", kind="supplier", team="payments"),
        "dependency": dependency,
        "assessment": create_assessment(cast["bcm"], service),
        **_evidence(cast),
        "plan_version": _distributed_version(cast, payments),
        **_plans(cast, payments),
    }


def _distributed_version(cast: dict, team: Any) -> Any:
    """A published version of a Payments plan (internal), distributed to Rafael (dev)."""
    from django.utils import timezone

    from contingent.notifications.services import Recipient, request_acknowledgement
    from contingent.plans.models import Plan, PlanVersion

    plan = Plan.objects.create(key="billing-drp", title="Billing DRP", kind="team_drp", team=team)
    version = PlanVersion.objects.create(
        plan=plan, number=1, content={}, created_by=cast["admin"], created_at=timezone.now()
    )
    request_acknowledgement(version, Recipient.of(Person.objects.get(key="dev")))
    return version


def _plans(cast: dict, team: Any) -> dict[str, Any]:
    """The Payments team DR plan: published as version 1, then one step added; it references a spare plan."""
    from django.utils import timezone

    from contingent.plans import runbook
    from contingent.plans.document import plan_document
    from contingent.plans.models import PlanVersion
    from contingent.plans.services import create_plan

    plan = create_plan(cast["dev"], key="payments-drp", title="Payments DR plan", kind="team_drp", team=team)
    PlanVersion.objects.create(
        plan=plan, number=1, content=plan_document(plan), created_by=cast["dev"], created_at=timezone.now()
    )
    runbook.add_step(cast["dev"], plan, key="restore", title="Restore", likely=timedelta(hours=1),
                     pessimistic=timedelta(hours=2))  # fmt: skip
    spare = create_plan(cast["dev"], key="spare-drp", title="Spare DR plan", kind="team_drp", team=team)
    runbook.add_reference(cast["dev"], plan, spare, "hand over")
    return {"plan": plan, "spare_plan": spare}


def _evidence(cast: dict) -> dict[str, Any]:
    """Two evidence files in a folder whose retention (0 days) has passed; a purge of one is waiting."""
    from contingent.evidence.purge import request_purge
    from contingent.evidence.services import add_evidence, create_folder

    folder = create_folder(cast["bcm"], "tests/2026", retention_days=0)
    waiting = add_evidence(cast["sclead"], folder, "old-result.txt", b"an old result")
    request_purge(cast["sclead"], waiting, "superseded")
    return {"evidence": add_evidence(cast["sclead"], folder, "result.txt", b"passed"), "purge_requested": waiting}


@functools.cache
def operations() -> tuple[str, ...]:
    schema = api.get_openapi_schema()
    return tuple(f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops)


def request_for(operation: str, w: dict) -> tuple[str, str, str]:
    method, path = operation.split(" ", 1)
    row = TABLE[operation]
    if "{pk}" in path:
        collection = path.removeprefix("/api/v1/").split("/")[0]
        path = path.replace("{pk}", str(w[row.target or TARGETS[collection]].pk))
    for name, value in row.extra.items():  # other path parameters ({key}, {number}, ...)
        path = path.replace("{" + name + "}", str(value(w) if callable(value) else value))
    body = row.body(w) if callable(row.body) else (row.body or {})
    return method.lower(), path, json.dumps(body)


def fingerprint() -> str:
    """A digest of every row of every table the API can change (last-used and last-login stamps aside)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "axes", "contenttypes", "admin"):
            continue
        names = [f.attname for f in model._meta.concrete_fields if f.name not in ("last_used_at", "last_login")]
        for row in model.objects.order_by("pk").values_list(*names):
            digest.update(repr((model._meta.label, row)).encode())
    return digest.hexdigest()


def client_for(who: str, w: dict) -> Client:
    if who == "anonymous":
        return Client()
    _, secret = create_token(None, w["cast"][who].username, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


# -- the battery ---------------------------------------------------------------------------------------


def test_every_operation_is_in_the_table():
    missing = [op for op in operations() if op not in TABLE]
    stale = [op for op in TABLE if op not in operations()]
    assert not missing, "add a line to TABLE in tests/api/test_endpoint_roles.py for:\n  " + "\n  ".join(missing)
    assert not stale, "TABLE names operations the API no longer has:\n  " + "\n  ".join(stale)


@pytest.mark.parametrize("who", ["anonymous", *sorted(SIGNED_IN)])
def test_each_operation_allows_or_refuses_each_role(world, who):
    client = client_for(who, world)
    wrong = []
    for operation in [op for op in operations() if op in TABLE]:
        row = TABLE[operation]
        method, path, body = request_for(operation, world)
        allowed = who in row.allowed
        expected = row.ok if allowed else ((401,) if who == "anonymous" else row.refused)
        changes = row.changes if row.changes is not None else method != "get"
        with transaction.atomic():  # each request starts from the same world
            before, head = fingerprint(), AuditHead.objects.first()
            if method == "get":
                response = client.get(path)
            else:
                response = getattr(client, method)(path, data=body, content_type="application/json")
            after, head_after = fingerprint(), AuditHead.objects.first()
            transaction.set_rollback(True)
        sequence = head.sequence if head else 0
        written = (head_after.sequence if head_after else 0) - sequence
        if response.status_code not in expected:
            wrong.append(f"{operation}: {response.status_code}, expected {expected}: {response.content[:160]!r}")
        elif not allowed and (before != after or written):
            wrong.append(f"{operation}: refused but left a trace ({written} audit events)")
        elif allowed and changes and written != 1:
            wrong.append(f"{operation}: allowed change wrote {written} audit events, expected exactly one")
        elif allowed and not changes and before != after:
            wrong.append(f"{operation}: a read changed stored data")
    assert not wrong, f"as {who}:\n  " + "\n  ".join(wrong)
