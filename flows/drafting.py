"""Prefect orchestration over `policy.services.drafting`."""

from __future__ import annotations

from prefect import flow

from flows.common import StageOutcome, StageParams, run_stage
from policy.models import Stage


@flow(name="drafting")
def drafting_flow(params: StageParams) -> StageOutcome:
    """Drafting: check the draft, record responses to every input, publish draft and matrix."""
    return run_stage(Stage.DRAFTING, params)
