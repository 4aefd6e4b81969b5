"""The roles of spec 003's RACI chart and spec 000, and what each may change, as data."""

from django.db import models


class Role(models.TextChoices):
    BC_MANAGER = "bc_manager", "BC Manager"
    SC_LEAD = "sc_lead", "Service Continuity Lead"
    ENTERPRISE_ARCHITECT = "enterprise_architect", "Enterprise Architect"
    SP_OPERATIONS = "sp_operations", "Service Provider Operations"
    TEAM_MANAGER = "team_manager", "Team manager"
    TEAM_MEMBER = "team_member", "Team member"
    SECURITY_REVIEWER = "security_reviewer", "Security reviewer"
    INCIDENT_MANAGER = "incident_manager", "Crisis / incident manager"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that only make sense for one team: an assignment of these must name the team.
TEAM_SCOPED_ROLES = frozenset({Role.TEAM_MANAGER, Role.TEAM_MEMBER, Role.SP_OPERATIONS})

# action -> roles allowed. A role assigned for a team (or instance) grants the action only on records
# owned by that team (or in that instance); an unscoped assignment grants it everywhere.
PERMISSIONS: dict[str, frozenset[str]] = {
    # Spec 003 1.8: the SC Lead keeps the service continuity organisation and its contacts.
    "org.change": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER, Role.SC_LEAD}),
    # Catalogues shared by everybody: regions/sites, instances, the recovery tier table.
    "catalogue.change": frozenset({Role.ADMINISTRATOR, Role.SC_LEAD, Role.ENTERPRISE_ARCHITECT}),
    # Spec 000: each team keeps the inventory of the assets it is responsible for.
    "inventory.change": frozenset(
        {
            Role.ADMINISTRATOR,
            Role.SC_LEAD,
            Role.ENTERPRISE_ARCHITECT,
            Role.BC_MANAGER,
            Role.TEAM_MANAGER,
            Role.TEAM_MEMBER,
            Role.SP_OPERATIONS,
        }
    ),
    # Spec 003 1.2: the BC Manager is responsible and accountable for the BIA; teams contribute drafts.
    "bia.change": frozenset({Role.BC_MANAGER, Role.SC_LEAD, Role.TEAM_MANAGER}),
    "bia.approve": frozenset({Role.BC_MANAGER}),
    "token.create": frozenset({Role.ADMINISTRATOR}),
    "login.unlock": frozenset({Role.ADMINISTRATOR}),
    # Issue 5: recovery analysis reads the whole graph; anyone with a continuity role (auditors too) may run it.
    "analysis.run": frozenset(Role),
    # Issue 3: the evidence store. Anyone who does continuity work files evidence for their team's records.
    "evidence.add": frozenset(
        {
            Role.ADMINISTRATOR,
            Role.BC_MANAGER,
            Role.SC_LEAD,
            Role.ENTERPRISE_ARCHITECT,
            Role.SP_OPERATIONS,
            Role.TEAM_MANAGER,
            Role.TEAM_MEMBER,
            Role.SECURITY_REVIEWER,
            Role.INCIDENT_MANAGER,
        }
    ),
    # Folder owners and retention rules.
    "evidence.manage": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER, Role.SC_LEAD}),
    # Purging is a two-person flow: one asks (with a reason), a different person approves.
    "evidence.purge.request": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER, Role.SC_LEAD, Role.TEAM_MANAGER}),
    "evidence.purge.approve": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER}),
    # Signed checkpoints of the audit chain and the auditor export.
    "audit.checkpoint": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER, Role.AUDITOR}),
    "audit.export": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER, Role.AUDITOR}),
    # Issue 4: plans. Teams write their own DRPs; the SC Lead and BC Manager write the global DRP, BCPs, policy.
    "plans.change": frozenset({Role.BC_MANAGER, Role.SC_LEAD, Role.TEAM_MANAGER, Role.TEAM_MEMBER, Role.SP_OPERATIONS}),
    # Spec 000 DRP 3.3: reviewed by Security, the responsible team manager and nominated SMEs (plan.reviewers).
    "plans.review": frozenset({Role.SECURITY_REVIEWER, Role.TEAM_MANAGER, Role.BC_MANAGER, Role.SC_LEAD}),
    # Spec 000 DRP 3.4 / global 4: the accountable team manager approves (the infrastructure team manager for
    # the global DRP, whose team is the infrastructure team); spec 003 2.7: the BC Manager agrees policy and BCPs.
    "plans.approve_team": frozenset({Role.TEAM_MANAGER}),
    "plans.approve_bc": frozenset({Role.BC_MANAGER}),
    # Issue 4: the email outbox (who was sent what, what failed) is operations data for those running continuity.
    "notifications.outbox": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER, Role.SC_LEAD}),
}

# Who sees confidential / private records everywhere, whatever team owns them. Everyone else sees them only
# through a team- or instance-scoped role covering the record (a team member sees their team's records).
# The auditor reads confidential records (spec 003: the audit needs the evidence) but not private ones:
# the specs give no auditor need for personal data.
SEES_EVERYWHERE: dict[str, frozenset[str]] = {
    "confidential": frozenset(
        {Role.ADMINISTRATOR, Role.BC_MANAGER, Role.SC_LEAD, Role.AUDITOR, Role.INCIDENT_MANAGER, Role.SECURITY_REVIEWER}
    ),
    "private": frozenset({Role.ADMINISTRATOR, Role.BC_MANAGER, Role.SC_LEAD}),
}
