"""Plan kinds and the sections each must contain, as data.

Sources: spec 000 "Creation of team disaster recovery plan (DRP)" 3.1 bullets (team DRP), "Global
processes" 1 bullets (global DRP), "Contingency plan" bullets (policy); spec 002 "Business continuity"
(BCP substitutes for people, IT, buildings, utilities); spec 003 activities 2.5 (local ITSC plan), 2.6
(cross-delivery ITSC plan), 2.12 (ITSC procedures); and NIST SP 800-34 Rev. 1 section 4.2's contingency
plan outline: supporting information, activation and notification, recovery, reconstitution, appendices."""

from dataclasses import dataclass

from django.db import models

from contingent.access.roles import Role


class Kind(models.TextChoices):
    BC_POLICY = "bc_policy", "Business continuity policy"
    BCP = "bcp", "Business continuity plan"
    TEAM_DRP = "team_drp", "Team DR plan (local ITSC plan)"
    GLOBAL_DRP = "global_drp", "Global DR plan (cross-delivery ITSC plan)"
    ITSC_PROCEDURE = "itsc_procedure", "ITSC procedure"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    guidance: str
    source: str
    required: bool = True


@dataclass(frozen=True)
class KindSpec:
    kind: str
    sections: tuple[SectionSpec, ...]
    approve_permission: str  # who is accountable: see access.roles.PERMISSIONS
    approver: str  # the accountable role, in words
    needs_team: bool
    runbook: bool  # has recovery steps
    orchestrates: bool = False  # references other plans and defines handoffs (the global DRP)
    roles: tuple[str, ...] = ()  # roles that must be held, with contact details, for the plan to be approved

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)


def _s(key: str, title: str, guidance: str, source: str, required: bool = True) -> SectionSpec:
    return SectionSpec(key, title, guidance, source, required)


DECLARATION = _s(
    "declaration",
    "Declaration and trigger",
    "Who declares a disaster recovery situation, how it is declared, and how execution of this plan is triggered.",
    "spec 000 DRP 3.1 bullet 1; NIST 800-34 activation and notification phase",
)
ASSETS = _s(
    "assets",
    "Business-critical assets to recover",
    "The services and assets this plan recovers; link them so a change in the inventory shows in the next version.",
    "spec 000 DRP 3.1 bullet 2",
)
OBJECTIVES = _s(
    "objectives",
    "Recovery objectives, priorities and metrics",
    "RTO, RPO and restoration priority of each linked service (taken live from its approved BIA).",
    "spec 000 DRP 3.1 bullet 3; NIST 800-34 supporting information",
)
ROLES = _s(
    "roles",
    "Roles and responsibilities",
    "Who does what, with named individuals and their contact details (from the continuity organisation).",
    "spec 000 DRP 3.1 bullet 4; NIST 800-34 supporting information (roles)",
)
STAKEHOLDERS = _s(
    "stakeholders",
    "Stakeholders to inform",
    "Who must be told when the plan is triggered, by whom, and how (bridge, email, status page, phone).",
    "spec 000 DRP 3.1 bullet 5; NIST 800-34 notification procedures",
)
RECOVERY = _s(
    "recovery",
    "Step-by-step recovery",
    "Overview of the recovery steps below, written so an appropriately skilled engineer without intimate "
    "system knowledge can follow them, in line with the RTO and RPO.",
    "spec 000 DRP 3.1 bullet 6; NIST 800-34 recovery phase",
)
SAFEGUARDS = _s(
    "safeguards",
    "Security safeguards during recovery",
    "How recovery is achieved without deterioration of any security safeguard (access, encryption, network rules).",
    "spec 000 DRP 3.1 bullet 7; spec 000 contingency plan bullet 5",
)
ARTEFACTS = _s(
    "artefacts",
    "Auditable artefacts to keep",
    "What actions are documented and which artefacts are retained during recovery for the post-incident review.",
    "spec 000 DRP 3.1 bullet 8",
)
TESTS = _s(
    "tests",
    "Tests that confirm recovery",
    "The checks that confirm the assets are restored effectively and operate correctly.",
    "spec 000 DRP 3.1 bullet 9",
)
GO_LIVE = _s(
    "go_live",
    "Recovery declared successful and go-live",
    "Who declares that recovery is successful and that the service is ready to go live.",
    "spec 000 DRP 3.1 bullet 10; NIST 800-34 reconstitution (validation)",
)
RECONSTITUTION = _s(
    "reconstitution",
    "Reconstitution",
    "Restoring non-business-critical assets after recovery, returning to normal operation and deactivating the plan.",
    "spec 000 recovery/reconstitution 2; NIST 800-34 reconstitution phase",
)
APPENDICES = _s(
    "appendices",
    "Appendices",
    "Vendor contacts, diagrams, configuration references, related procedures.",
    "NIST 800-34 plan appendices",
    required=False,
)
ORCHESTRATION = _s(
    "orchestration",
    "Orchestration of the team plans",
    "How the team DR plans run together: order, handoffs between teams, communication requirements and mechanisms.",
    "spec 000 global processes 1 bullet 5; spec 003 activity 2.6",
)


def _policy_section(key: str, title: str, guidance: str) -> SectionSpec:
    return _s(key, title, guidance, "spec 000 policy statements")


KINDS: dict[str, KindSpec] = {
    Kind.BC_POLICY: KindSpec(
        Kind.BC_POLICY,
        (
            _policy_section("scope", "Purpose and scope", "Who and what the policy covers, and management commitment."),
            ROLES,
            _policy_section(
                "contingency_plans", "Contingency plans", "What every contingency plan must contain and who approves."
            ),
            _policy_section(
                "training", "Contingency training", "Who is trained, and how often refresher training runs."
            ),
            _policy_section("testing", "Contingency plan testing", "How often plans are tested and by which methods."),
            _policy_section(
                "alternative_sites",
                "Alternative storage and processing sites",
                "Where recovery runs and why it is distinct.",
            ),
            _policy_section("compliance", "Compliance", "Consequences of violating the policy."),
        ),
        "plans.approve_bc",
        Role.BC_MANAGER.label,
        needs_team=False,
        runbook=False,
        roles=(Role.BC_MANAGER,),
    ),
    Kind.BCP: KindSpec(
        Kind.BCP,
        (
            DECLARATION,
            _s("processes", "Critical business processes", "The processes this plan keeps running.", "spec 002 BCP"),
            OBJECTIVES,
            ROLES,
            STAKEHOLDERS,
            _s("people", "Substitutes for people", "Who stands in when key people are unavailable.", "spec 002 BCP"),
            _s("it", "Substitutes for IT, network and devices", "Fallback IT and devices.", "spec 002 BCP"),
            _s(
                "buildings",
                "Substitutes for office buildings",
                "Where people work when a site is lost.",
                "spec 002 BCP",
            ),
            _s("utilities", "Substitutes for utilities", "Power, connectivity and other utilities.", "spec 002 BCP"),
            RECOVERY,
            RECONSTITUTION,
            APPENDICES,
        ),
        "plans.approve_bc",
        Role.BC_MANAGER.label,
        needs_team=False,
        runbook=True,
        roles=(Role.BC_MANAGER, Role.INCIDENT_MANAGER),
    ),
    Kind.TEAM_DRP: KindSpec(
        Kind.TEAM_DRP,
        (
            DECLARATION,
            ASSETS,
            OBJECTIVES,
            ROLES,
            STAKEHOLDERS,
            RECOVERY,
            SAFEGUARDS,
            ARTEFACTS,
            TESTS,
            GO_LIVE,
            RECONSTITUTION,
            APPENDICES,
        ),
        "plans.approve_team",
        "the team manager accountable for the team",
        needs_team=True,
        runbook=True,
        roles=(Role.TEAM_MANAGER,),
    ),
    Kind.GLOBAL_DRP: KindSpec(
        Kind.GLOBAL_DRP,
        (
            DECLARATION,
            OBJECTIVES,
            ROLES,
            STAKEHOLDERS,
            ORCHESTRATION,
            SAFEGUARDS,
            GO_LIVE,
            RECONSTITUTION,
            APPENDICES,
        ),
        "plans.approve_team",
        "the infrastructure team manager",
        needs_team=True,
        runbook=True,
        orchestrates=True,
        roles=(Role.TEAM_MANAGER, Role.SC_LEAD, Role.INCIDENT_MANAGER),
    ),
    Kind.ITSC_PROCEDURE: KindSpec(
        Kind.ITSC_PROCEDURE,
        (
            _s("purpose", "Purpose and scope", "What the procedure achieves and when it is used.", "spec 003 2.12"),
            _s(
                "prerequisites",
                "Prerequisites",
                "Access, tools and information needed before starting.",
                "spec 003 2.12",
            ),
            RECOVERY,
            SAFEGUARDS,
            TESTS,
        ),
        "plans.approve_team",
        "the service provider's team manager",
        needs_team=True,
        runbook=True,
        roles=(Role.TEAM_MANAGER,),
    ),
}


def spec_of(kind: str) -> KindSpec:
    return KINDS[kind]
