"""Prefect orchestration over `policy.services.forums`."""

from __future__ import annotations

from prefect import flow

from flows.common import StageOutcome, StageParams, run_stage
from policy.models import Stage


@flow(name="forums")
def forums_flow(params: StageParams) -> StageOutcome:
    """Forums: plan and hold forums, record attendance and input, close them with minutes."""
    return run_stage(Stage.FORUMS, params)
