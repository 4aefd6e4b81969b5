"""Pages for teams, people, role assignments and the service continuity organisation (spec 003 S10)."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from contingent.access.roles import Role
from contingent.org import services
from contingent.org.models import Person, RoleAssignment, Team
from contingent.web.generic import Column, Filter, RecordType


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["key", "name", "kind", "parent", "description"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["key", "name", "job_title", "team", "manager", "email", "phone", "mobile", "location"]


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["person", "role", "team", "instance", "deputy", "responsibilities"]


def _team_choices() -> list[tuple[str, str]]:
    return [(str(t.pk), t.name) for t in Team.objects.active()]


def _team_detail(request: HttpRequest, team: Team) -> dict:
    return {
        "members": team.people.active(),
        "assignments": team.roles.active().select_related("person", "deputy"),
        "items": team.items.active().order_by("kind", "name")[:200],
    }


teams = RecordType(
    slug="teams",
    title="Teams",
    singular="Team",
    queryset=lambda: Team.objects.select_related("parent"),
    columns=[
        Column("Name", lambda t: t.name),
        Column("Kind", lambda t: t.get_kind_display()),
        Column("Key", lambda t: t.key),
    ],
    form=TeamForm,
    create=services.create_team,
    update=services.update_team,
    retire=services.retire_team,
    search=["name", "key"],
    filters=[Filter("kind", "Kind", "kind", lambda: list(Team.Kind.choices))],
    detail_template="org/team_detail.html",
    detail_context=_team_detail,
)

people = RecordType(
    slug="people",
    title="People",
    singular="Person",
    queryset=lambda: Person.objects.select_related("team", "manager"),
    columns=[
        Column("Name", lambda p: p.name),
        Column("Team", lambda p: p.team),
        Column("Email", lambda p: p.email),
        Column("Phone", lambda p: p.phone or p.mobile),
        Column("Location", lambda p: p.location),
    ],
    form=PersonForm,
    create=services.create_person,
    update=services.update_person,
    retire=services.retire_person,
    search=["name", "key", "email", "job_title"],
    filters=[Filter("team", "Team", "team_id", _team_choices)],
    detail_template="org/person_detail.html",
    detail_context=lambda request, p: {
        "held": p.roles.active().select_related("team", "deputy"),
        "deputising": p.deputy_for.active().select_related("team", "person"),
    },
)

roles = RecordType(
    slug="roles",
    title="Role assignments",
    singular="Role assignment",
    queryset=lambda: RoleAssignment.objects.select_related("person", "team", "deputy", "instance"),
    columns=[
        Column("Role", lambda a: a.get_role_display()),
        Column("Held by", lambda a: a.person),
        Column("Team", lambda a: a.team or "organisation-wide"),
        Column("Deputy", lambda a: a.deputy or "none"),
    ],
    form=RoleAssignmentForm,
    create=services.assign_role,
    update=services.update_role_assignment,
    retire=services.end_role_assignment,
    search=["person__name", "responsibilities"],
    filters=[
        Filter("role", "Role", "role", lambda: list(Role.choices)),
        Filter("team", "Team", "team_id", _team_choices),
    ],
)


@login_required
def continuity_organisation(request: HttpRequest) -> HttpResponse:
    """The service continuity organisation chart and contact list (spec 003 activity 1.8, S10)."""
    holders = services.role_holders()
    context = {
        "org": services.continuity_organisation(),
        "holders": [(Role(role).label, assignments) for role, assignments in holders.items()],
        "unreachable": services.people_without_contact(),
    }
    return render(request, "org/continuity_organisation.html", context)


@login_required
def continuity_organisation_csv(request: HttpRequest) -> HttpResponse:
    """The contact list as CSV, for the printed copy kept with the plans."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="continuity-contacts.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "role",
            "team",
            "instance",
            "name",
            "job title",
            "email",
            "phone",
            "mobile",
            "location",
            "deputy",
            "deputy phone",
        ]
    )
    for a in RoleAssignment.objects.active().select_related("person", "team", "deputy", "instance"):
        p, d = a.person, a.deputy
        writer.writerow(
            [
                a.get_role_display(),
                a.team or "",
                a.instance or "",
                p.name,
                p.job_title,
                p.email,
                p.phone,
                p.mobile,
                p.location,
                d.name if d else "",
                (d.phone or d.mobile) if d else "",
            ]
        )
    return response
