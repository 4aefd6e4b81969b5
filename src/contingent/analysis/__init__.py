"""Recovery analysis engine: plain arrays in, answers out. No Django here (the loader lives with the apps)."""

from contingent.analysis.graph import LOCATION_KINDS, NO_TEAM, InventoryGraph, NodeKind
from contingent.analysis.loss import LOST_DIRECTLY, NOT_FAILED, LossResult, simulate_loss
from contingent.analysis.montecarlo import Confidence, FinishConfidence, simulate_recovery
from contingent.analysis.objectives import (
    MtpdBreach,
    ObjectiveConflict,
    achievable_rto,
    objective_conflicts,
    rto_above_mtpd,
)
from contingent.analysis.schedule import (
    CriticalLink,
    Schedule,
    ScheduleLimits,
    TeamWindow,
    schedule_recovery,
)
from contingent.analysis.spof import (
    SPOF_KINDS,
    SingleLocation,
    SinglePointOfFailure,
    single_points_of_failure,
    single_points_of_failure_brute_force,
    single_region_critical,
)
from contingent.analysis.staff import KeyStaffFinding, key_staff
from contingent.analysis.steps import (
    NO_SERVICE,
    Phase,
    PhaseOrderError,
    RecoveryStep,
    StepCycleError,
    StepPlan,
)

__all__ = [
    "LOCATION_KINDS",
    "LOST_DIRECTLY",
    "NOT_FAILED",
    "NO_SERVICE",
    "NO_TEAM",
    "SPOF_KINDS",
    "Confidence",
    "CriticalLink",
    "FinishConfidence",
    "InventoryGraph",
    "KeyStaffFinding",
    "LossResult",
    "MtpdBreach",
    "NodeKind",
    "ObjectiveConflict",
    "Phase",
    "PhaseOrderError",
    "RecoveryStep",
    "Schedule",
    "ScheduleLimits",
    "SingleLocation",
    "SinglePointOfFailure",
    "StepCycleError",
    "StepPlan",
    "TeamWindow",
    "achievable_rto",
    "key_staff",
    "objective_conflicts",
    "rto_above_mtpd",
    "schedule_recovery",
    "simulate_loss",
    "simulate_recovery",
    "single_points_of_failure",
    "single_points_of_failure_brute_force",
    "single_region_critical",
]
