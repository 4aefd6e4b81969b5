"""Rules for teams, people and role assignments (spec 000 team processes, spec 003 activity 1.8)."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from contingent.access.roles import Role
from contingent.access.services import Actor, require
from contingent.audit.services import record_event
from contingent.org.models import Person, RoleAssignment, Team
from contingent.records.services import create_record, retire_record, update_record


def create_team(actor: Actor, **data: Any) -> Team:
    """Add a team (infrastructure, developer, business, service provider or third party)."""
    return create_record(actor, Team, data)


def update_team(actor: Actor, team: Team, **data: Any) -> Team:
    """Change a team's details."""
    return update_record(actor, team, data)


def retire_team(actor: Actor, team: Team, reason: str = "") -> Team:
    """Retire a team that no longer exists."""
    return retire_record(actor, team, reason)


def create_person(actor: Actor, **data: Any) -> Person:
    """Add a person with their contact details."""
    return create_record(actor, Person, data)


def update_person(actor: Actor, person: Person, **data: Any) -> Person:
    """Change a person's details; plans show the new contact details from their next version."""
    return update_record(actor, person, data)


def retire_person(actor: Actor, person: Person, reason: str = "") -> Person:
    """Retire a person who left; refused while they still hold a role."""
    return retire_record(actor, person, reason)


def assign_role(actor: Actor, **data: Any) -> RoleAssignment:
    """Give a person a continuity role, optionally for one team or instance, with an optional deputy."""
    return create_record(actor, RoleAssignment, data)


def update_role_assignment(actor: Actor, assignment: RoleAssignment, **data: Any) -> RoleAssignment:
    """Change who holds a role, its scope or its deputy."""
    return update_record(actor, assignment, data)


def end_role_assignment(actor: Actor, assignment: RoleAssignment, reason: str = "") -> RoleAssignment:
    """End a role assignment; it stays in the record of who held what."""
    return retire_record(actor, assignment, reason)


def create_login(actor: Actor, person: Person, username: str, password: str) -> User:
    """Give a person a login to Contingent."""
    require(actor, "org.change", person.team_id)
    if person.user_id:
        raise ValidationError({"username": f"{person.name} already has a login ({person.user})"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"the username '{username}' is taken"})
    try:
        validate_password(password)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=person.email, password=password)
        user.first_name = person.name[:150]
        user.save(update_fields=["first_name"])
        person.user = user
        person.save(update_fields=["user"])
        record_event(actor, "create_login", person, after={"user": username})
    return user


@dataclass
class OrgTeam:
    team: Team | None
    people: list[Person] = field(default_factory=list)
    assignments: list[RoleAssignment] = field(default_factory=list)


def continuity_organisation() -> list[OrgTeam]:
    """The service continuity organisation document (spec 003 S10): who holds which role, by team,
    with their contact details. Organisation-wide roles come first, under no team."""
    active = RoleAssignment.objects.active().select_related("person", "deputy", "team", "instance")
    teams = Team.objects.active().prefetch_related(
        Prefetch("people", queryset=Person.objects.active().select_related("manager"))
    )
    by_team: dict[int | None, OrgTeam] = {None: OrgTeam(None)}
    for team in teams:
        by_team[team.pk] = OrgTeam(team, list(team.people.all()))
    for assignment in active:
        by_team.setdefault(assignment.team_id, OrgTeam(assignment.team)).assignments.append(assignment)
    ordered = [by_team.pop(None)]
    ordered += sorted(by_team.values(), key=lambda t: t.team.name if t.team else "")
    return ordered


def role_holders() -> dict[str, list[RoleAssignment]]:
    """Every role of the RACI with its current holders (empty list when nobody holds it)."""
    holders: dict[str, list[RoleAssignment]] = {role.value: [] for role in Role}
    for a in RoleAssignment.objects.active().select_related("person", "deputy", "team"):
        holders[a.role].append(a)
    return holders


def people_without_contact() -> QuerySet[Person]:
    """Role holders whom nobody could reach on the worst day: no email, or no phone."""
    holders = RoleAssignment.objects.active().values("person")
    people = Person.objects.active().filter(pk__in=holders)
    return people.filter(email="") | people.filter(phone="", mobile="")
