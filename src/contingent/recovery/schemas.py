"""API shapes of the recovery analysis. Durations and times are in seconds (times from the start of recovery)."""

from typing import Any

from ninja import Field, Schema


class LossIn(Schema):
    regions: list[str] = Field([], description="keys of lost regions (or sites)", examples=[["westeurope"]])
    sites: list[str] = Field([], description="keys of lost sites (or regions)")
    assets: list[str] = Field([], description="keys of lost assets")
    suppliers: list[str] = Field([], description="keys of lost suppliers")
    services: list[str] = Field([], description="keys of lost services")
    teams: list[str] = Field([], description="keys of lost teams")
    people: list[str] = Field([], description="keys of lost people")


class NodeOut(Schema):
    key: str
    name: str
    kind: str = Field(description="process, service, asset, supplier, region, site, team or person")
    detail: str
    url: str
    business_critical: bool


class LinkOut(NodeOut):
    because_it: str = Field(description="why this node stops: it needs / is in / is run by the next one")


class PlanRefOut(Schema):
    key: str
    title: str
    url: str


class StoppedOut(NodeOut):
    path: list[LinkOut] = Field(description="from this node down to a lost one")
    recovery_option: bool = Field(description="false when something it needs has no surviving copy")
    blocked_by: NodeOut | None
    plans: list[PlanRefOut] = Field(description="recovery plans with a runbook step that brings it back; empty: none")


class FailedOverOut(NodeOut):
    lost_alternatives: list[NodeOut]
    surviving_alternatives: list[NodeOut]


class NoCopyOut(NodeOut):
    location: NodeOut | None
    paired_region: str | None


class BreachOut(NodeOut):
    objective: str = Field(description="RTO or RPO")
    target_seconds: int
    reason: str


class LossOut(Schema):
    lost: list[NodeOut]
    stopped: list[StoppedOut] = Field(description="business processes and services that stop")
    stopped_assets: list[NodeOut]
    failed_over: list[FailedOverOut] = Field(description="survivors that lost an alternative and kept going")
    no_recovery_option: list[NoCopyOut] = Field(description="business-critical data with no surviving copy")
    breaches: list[BreachOut]


class PathStepOut(Schema):
    item_id: int | None
    name: str


class RtoConflictOut(Schema):
    item_id: int | None = Field(description="null when the item is confidential to the reader")
    name: str
    rto_seconds: int
    achievable_rto_seconds: int
    path: list[PathStepOut]


class MtpdOut(NodeOut):
    rto_seconds: int
    mtpd_seconds: int


class RpoOut(NodeOut):
    rpo_seconds: int
    status: str


class ObjectivesOut(Schema):
    rto_conflicts: list[RtoConflictOut]
    rto_above_mtpd: list[MtpdOut]
    rpo_checks: list[RpoOut] = Field(description="RPO objectives; checked against backup cadence once backups exist")


class SinglePointOut(NodeOut):
    stops: list[NodeOut]


class KeyStaffOut(Schema):
    role: str
    person: str
    url: str


class SingleRegionOut(NodeOut):
    locations: list[NodeOut]


class SpofOut(Schema):
    single_points_of_failure: list[SinglePointOut]
    key_staff: list[KeyStaffOut] = Field(description="roles held by one person with no deputy")
    single_region_critical_assets: list[SingleRegionOut]


class StepIn(Schema):
    key: str
    title: str = ""
    team: str | None = Field(None, description="team key")
    team_id: int | None = None
    phase: str = Field("recovery", description="recovery or reconstitution")
    optimistic: float | str | None = Field(None, description="seconds, or a duration like 1h 30m")
    likely: float | str
    pessimistic: float | str | None = None
    depends_on: list[str] = []
    service: str | None = Field(None, description="key of the service or process the step brings back")
    service_id: int | None = None


class StepsIn(Schema):
    steps: list[StepIn] = Field([], description="the steps; or give plans")
    teams: dict[str, int] = Field({}, description="team key -> steps the team works on at once (default 1)")
    plans: list[str] = Field([], description="keys of recovery plans whose runbook steps to use instead of steps")


class ConfidenceIn(StepsIn):
    iterations: int = 10_000
    seed: int = 0


class ScheduledStepOut(Schema):
    key: str
    title: str
    team: str | None
    phase: str
    start: float
    finish: float
    critical: bool
    service: str | None


class ServiceBackOut(Schema):
    name: str
    url: str
    restored: float
    rto: int | None
    within_rto: bool | None


class TeamTimeOut(Schema):
    team: str
    first_start: float
    recovery_finish: float
    finish: float
    within_limit: bool = Field(description="its recovery-phase work fits in the team limit")


class ScheduleOut(Schema):
    steps: list[ScheduledStepOut]
    critical_path: list[dict[str, Any]]
    services: list[ServiceBackOut]
    teams: list[TeamTimeOut]
    recovery_finish: float
    makespan: float = Field(description="end of the last step, reconstitution included")
    instance_within_limit: bool
    team_limit: float
    instance_limit: float


class OutcomeOut(Schema):
    name: str
    url: str
    objective: float | None
    probability_within_objective: float | None
    p50: float
    p90: float
    mean: float
    histogram_edges: list[float]
    histogram_counts: list[int]


class ConfidenceOut(Schema):
    iterations: int
    seed: int
    distribution: str
    team_capacity_modelled: bool
    instance: OutcomeOut
    services: list[OutcomeOut]
