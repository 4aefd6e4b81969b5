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
}
