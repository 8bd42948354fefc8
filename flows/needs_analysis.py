"""Prefect orchestration over `policy.services.needs_analysis`."""

from __future__ import annotations

from prefect import flow

from flows.common import StageOutcome, StageParams, run_stage
from policy.models import Stage


@flow(name="needs-analysis")
def needs_analysis_flow(params: StageParams) -> StageOutcome:
    """Needs analysis: import complaints, SKM and notes, rank problems, report to leadership."""
    return run_stage(Stage.NEEDS_ANALYSIS, params)
