from typing import Any

from django.http import HttpRequest
from ninja import Router

from contingent.org import services
from contingent.org.models import Person, RoleAssignment, Team
from contingent.org.schemas import (
    ContactOut,
    PersonIn,
    PersonOut,
    RoleAssignmentIn,
    RoleAssignmentOut,
    TeamIn,
    TeamOut,
)
from contingent.web.api import Endpoint

router = Router()

ENDPOINTS = [
    Endpoint(
        "teams",
        "team",
        lambda: Team.objects.all(),
        TeamOut,
        TeamIn,
        create=lambda actor, data: services.create_team(actor, **data),
        update=lambda actor, obj, data: services.update_team(actor, obj, **data),
        retire=services.retire_team,
        search=["name", "key"],
        filters={"kind": "kind"},
    ),
    Endpoint(
        "people",
        "person",
        lambda: Person.objects.all(),
        PersonOut,
        PersonIn,
        create=lambda actor, data: services.create_person(actor, **data),
        update=lambda actor, obj, data: services.update_person(actor, obj, **data),
        retire=services.retire_person,
        search=["name", "key", "email"],
        filters={"team_id": "team_id"},
    ),
    Endpoint(
        "role-assignments",
        "role assignment",
        lambda: RoleAssignment.objects.all(),
        RoleAssignmentOut,
        RoleAssignmentIn,
        create=lambda actor, data: services.assign_role(actor, **data),
        update=lambda actor, obj, data: services.update_role_assignment(actor, obj, **data),
        retire=services.end_role_assignment,
        search=["person__name"],
        filters={"role": "role", "team_id": "team_id", "person_id": "person_id"},
    ),
]
for endpoint in ENDPOINTS:
    endpoint.register(router)


@router.get(
    "/continuity-organisation/contacts",
    response=list[ContactOut],
    tags=["continuity organisation"],
    summary="The service continuity contact list (spec 003 S10)",
)
def contacts(request: HttpRequest) -> Any:
    out = []
    for role, assignments in services.role_holders().items():
        for a in assignments:
            p, d = a.person, a.deputy
            out.append(
                {
                    "role": role,
                    "role_label": a.get_role_display(),
                    "team": a.team.name if a.team else None,
                    "name": p.name,
                    "email": p.email,
                    "phone": p.phone,
                    "mobile": p.mobile,
                    "deputy": d.name if d else None,
                    "deputy_phone": (d.phone or d.mobile) if d else None,
                }
            )
    return out
