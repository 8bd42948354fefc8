"""Prefect orchestration over `policy.services.evaluation`."""

from __future__ import annotations

from prefect import flow

from flows.common import StageOutcome, StageParams, run_stage
from policy.models import Stage


@flow(name="evaluation")
def evaluation_flow(params: StageParams) -> StageOutcome:
    """Periodic evaluation: predikat, IKM and indicators for a period, with follow-up actions."""
    return run_stage(Stage.EVALUATION, params)
