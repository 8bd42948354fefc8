"""Prefect orchestration over `policy.services.needs_analysis`."""

from __future__ import annotations

from prefect import flow

from flows.common import StageOutcome, StageParams, run_stage
from policy.models import Stage


@flow(name="needs-analysis")
def needs_analysis_flow(params: StageParams) -> StageOutcome:
    """Needs analysis: import the inputs, rank problems, report to leadership.

    The inputs: complaints, SKM, service requests, the ASN needs questionnaire and notes;
    the report: a Laporan Analisis Kebutuhan, or a Kajian Akademik (the pack's outline).
    """
    return run_stage(Stage.NEEDS_ANALYSIS, params)
