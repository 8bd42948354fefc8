"""Prefect orchestration over `policy.services.implementation`."""

from __future__ import annotations

from prefect import flow

from flows.common import StageOutcome, StageParams, run_stage
from policy.models import Stage


@flow(name="implementation")
def implementation_flow(params: StageParams) -> StageOutcome:
    """Implementation: record rollout progress per unit, report late units first."""
    return run_stage(Stage.IMPLEMENTATION, params)
