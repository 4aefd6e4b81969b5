"""/api/v1/analysis/: the recovery questions of issue 5, through the same services as the pages and the CLI."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from contingent.recovery import findings, loss, planning
from contingent.recovery.schemas import (
    ConfidenceIn,
    ConfidenceOut,
    LossIn,
    LossOut,
    ObjectivesOut,
    ScheduleOut,
    SpofOut,
    StepsIn,
)
from contingent.recovery.steps_source import StepSource
from contingent.web.api import ErrorOut

router = Router(tags=["analysis"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.post("/analysis/loss", response={200: LossOut, **ERRORS}, summary="Loss scenario: what stops, and why")
def loss_scenario(request: HttpRequest, payload: LossIn) -> Any:
    """Lose regions, sites, assets, suppliers, services, teams or people (any combination). Answers every
    business process and service that stops with the path that explains why, what fails over to a surviving
    alternative, the business-critical data with no surviving copy, and the RTOs and RPOs that break."""
    scenario = loss.Scenario(**{name: tuple(getattr(payload, name)) for name in loss.SCENARIO_FIELDS})
    return loss.run_loss_scenario(request.user, scenario).to_dict()


@router.get("/analysis/objectives", response={200: ObjectivesOut, **ERRORS}, summary="Objective consistency")
def objectives(request: HttpRequest) -> Any:
    """RTOs shorter than what their dependencies can achieve, RTOs above the MTPD, and the RPOs to check."""
    return findings.check_objectives(request.user).to_dict()


@router.get("/analysis/single-points-of-failure", response={200: SpofOut, **ERRORS}, summary="Single points of failure")
def single_points_of_failure(request: HttpRequest) -> Any:
    """Assets, services, suppliers, regions, sites and people whose loss alone stops a business-critical
    process or service; key staff without a deputy; business-critical assets in one region only."""
    return findings.find_single_points_of_failure(request.user).to_dict()


def _steps(payload: StepsIn) -> StepSource:
    data = payload.dict()
    steps = [{name: value for name, value in s.items() if value is not None} for s in data["steps"]]
    return StepSource(data={"steps": steps, "teams": data["teams"]}, plans=tuple(payload.plans), teams=payload.teams)


@router.post("/analysis/schedule", response={200: ScheduleOut, **ERRORS}, summary="Recovery schedule")
def schedule(request: HttpRequest, payload: StepsIn) -> Any:
    """Order of work and timeline of the steps (team parallel limits respected), the critical path, when
    each service is back, and whether each team and the instance finish within the policy limits."""
    return planning.plan_recovery(request.user, _steps(payload)).to_dict()


@router.post("/analysis/confidence", response={200: ConfidenceOut, **ERRORS}, summary="Confidence (Monte Carlo)")
def confidence(request: HttpRequest, payload: ConfidenceIn) -> Any:
    """Monte Carlo over optimistic / likely / pessimistic durations: for each service and the whole
    instance, the probability of meeting the RTO (instance: its policy limit), P50, P90 and a histogram."""
    return planning.estimate_confidence(request.user, _steps(payload), payload.iterations, payload.seed).to_dict()
