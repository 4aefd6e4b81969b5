from datetime import datetime
from typing import Literal

from ninja import Schema

from contingent.access.roles import Role

TeamKind = Literal["infrastructure", "developer", "business", "service_provider", "third_party"]
RoleName = Literal[tuple(Role.values)]  # type: ignore[valid-type]


class TeamIn(Schema):
    key: str
    name: str
    kind: TeamKind
    parent_id: int | None = None
    description: str = ""


class TeamOut(TeamIn):
    id: int
    retired_at: datetime | None


class PersonIn(Schema):
    key: str
    name: str
    job_title: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    location: str = ""
    team_id: int | None = None
    manager_id: int | None = None


class PersonOut(PersonIn):
    id: int
    has_contact: bool
    retired_at: datetime | None


class RoleAssignmentIn(Schema):
    person_id: int
    role: RoleName
    team_id: int | None = None
    instance_id: int | None = None
    deputy_id: int | None = None
    responsibilities: str = ""


class RoleAssignmentOut(RoleAssignmentIn):
    id: int
    role_label: str
    retired_at: datetime | None

    @staticmethod
    def resolve_role_label(obj: object) -> str:
        return obj.get_role_display()  # type: ignore[attr-defined]


class ContactOut(Schema):
    role: str
    role_label: str
    team: str | None
    name: str
    email: str
    phone: str
    mobile: str
    deputy: str | None
    deputy_phone: str | None
