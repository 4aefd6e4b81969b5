"""What stops a plan from being approved (spec 000: roles assigned to individuals and their contact details,
step-by-step instructions, every required section), each reason in words the owner can act on."""

from dataclasses import dataclass

from django.db.models import Q

from contingent.access.roles import TEAM_SCOPED_ROLES, Role
from contingent.org.models import Person, RoleAssignment, Team
from contingent.plans.models import Plan, RunbookStep


@dataclass(frozen=True)
class NeededRole:
    role: str
    team_id: int | None

    def label(self, teams: dict[int, str]) -> str:
        scope = f" ({teams[self.team_id]})" if self.team_id in teams else ""
        return f"{Role(self.role).label}{scope}"


def needed_roles(plan: Plan) -> list[NeededRole]:
    """Roles the plan relies on: the kind's accountable roles and every step's responsible role."""
    needed: dict[NeededRole, None] = {}
    for role in plan.spec.roles:
        needed[NeededRole(role, plan.team_id if role in TEAM_SCOPED_ROLES else None)] = None
    for step in plan.steps.all():
        if step.role:
            team_id = step.team_id or plan.team_id
            needed[NeededRole(step.role, team_id)] = None
    return list(needed)


def holders(plan: Plan, need: NeededRole) -> list[RoleAssignment]:
    """Current holders of a role for the plan: scoped to the team (or organisation-wide when not team-scoped).
    Without an explicit team member assignment, the team's people are its members (as access.grants_of says)."""
    qs = RoleAssignment.objects.active().filter(role=need.role).select_related("person", "deputy", "team")
    if need.role in TEAM_SCOPED_ROLES:
        qs = qs.filter(team_id=need.team_id)
    else:
        qs = qs.filter(Q(team__isnull=True) | Q(team_id=need.team_id))
    found = list(qs.filter(Q(instance__isnull=True) | Q(instance_id=plan.instance_id)))
    if not found and need.role == Role.TEAM_MEMBER and need.team_id is not None:
        people = Person.objects.active().filter(team_id=need.team_id).select_related("team")
        found = [RoleAssignment(person=p, role=need.role, team=p.team) for p in people]
    return found


def _section_problems(plan: Plan) -> list[str]:
    problems = []
    for section in plan.sections.all():
        if section.required and not section.body.strip() and not section.has_links():
            problems.append(f"section “{section.title}” is empty")
    present = {s.key for s in plan.sections.all()}
    for spec in plan.spec.sections:
        if spec.required and spec.key not in present:
            problems.append(f"section “{spec.title}” is missing")
    return problems


def _step_problems(plan: Plan, steps: list[RunbookStep]) -> list[str]:
    problems = []
    if plan.spec.runbook and not steps and not plan.spec.orchestrates:
        problems.append("the plan has no recovery steps")
    for step in steps:
        name = f"step “{step.key}” ({step.title})"
        if not step.role:
            problems.append(f"{name} has no owner: name the responsible role")
        if step.responsible_team_id is None:
            problems.append(f"{name} has no responsible team")
        if not step.instructions.strip():
            problems.append(f"{name} has no instructions")
        if not step.verification.strip():
            problems.append(f"{name} has no verification check")
        if step.likely.total_seconds() <= 0:
            problems.append(f"{name} has no expected duration")
    return problems


def _role_problems(plan: Plan) -> list[str]:
    problems = []
    teams = dict(Team.objects.values_list("pk", "name"))
    for need in needed_roles(plan):
        found = list(holders(plan, need))
        if not found:
            problems.append(f"role {need.label(teams)} has nobody assigned")
        for assignment in found:
            if not assignment.person.has_contact:
                problems.append(
                    f"{assignment.person} ({need.label(teams)}) has no contact details: needs an email and a phone"
                )
    for section in plan.sections.all():
        for person in section.people.all():
            if not person.has_contact:
                problems.append(f"{person}, named in “{section.title}”, has no contact details")
    return problems


def approval_problems(plan: Plan) -> list[str]:
    """Every reason the plan may not be approved yet; an empty list means it is complete."""
    steps = list(plan.steps.select_related("plan").all())
    problems = _section_problems(plan) + _step_problems(plan, steps) + _role_problems(plan)
    if plan.spec.orchestrates and not plan.references.exists():
        problems.append("a global DR plan must reference the team plans it orchestrates")
    return list(dict.fromkeys(problems))
