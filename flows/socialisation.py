"""Prefect orchestration over `policy.services.socialisation`."""

from __future__ import annotations

from prefect import flow

from flows.common import StageOutcome, StageParams, run_stage
from policy.models import Stage


@flow(name="socialisation")
def socialisation_flow(params: StageParams) -> StageOutcome:
    """Socialisation: record workshop attendance and tests, measure coverage per unit."""
    return run_stage(Stage.SOCIALISATION, params)
