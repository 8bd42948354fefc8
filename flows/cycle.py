"""The whole policy cycle: the stage flows as subflows, in order, stopping at each gate.

Layer: orchestration over the stage flows and `policy.services.cycle`/`review`.
It holds no rule beyond the order: approved stages are skipped (so a re-run or a
resumed run continues where the cycle stands), a stage in review is a gate.

Approval modes:
- ``stop`` (embedded default): the run ends at the gate; leadership decides with
  ``siklus review ...`` and the next ``siklus cycle run`` continues.
- ``suspend`` (deployments on a Prefect server): the run suspends with a typed
  review form in the Prefect UI; resuming it records the decision through the same
  service as the CLI (whichever comes first wins), and the run starts again from
  the top, skipping approved stages.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.flow_runs import suspend_flow_run
from prefect.input import RunInput
from pydantic import BaseModel, Field

from flows.common import StageOutcome, StageParams
from flows.drafting import drafting_flow
from flows.evaluation import evaluation_flow
from flows.forums import forums_flow
from flows.implementation import implementation_flow
from flows.needs_analysis import needs_analysis_flow
from flows.socialisation import socialisation_flow
from policy.db import session_scope
from policy.models import Decision, RunStatus, Stage
from policy.services import cycle as cycle_service
from policy.services import review as review_service
from policy.services.common import ServiceError
from policy.stages import STAGE_ORDER

STAGE_FLOWS = {
    Stage.NEEDS_ANALYSIS: needs_analysis_flow,
    Stage.FORUMS: forums_flow,
    Stage.DRAFTING: drafting_flow,
    Stage.SOCIALISATION: socialisation_flow,
    Stage.IMPLEMENTATION: implementation_flow,
    Stage.EVALUATION: evaluation_flow,
}


def _default_locales() -> list[Literal["id", "en"]]:
    return ["id"]


class CycleParams(BaseModel):
    """Parameters of the cycle flow."""

    organisation: str = Field(description="Organisation code.")
    cycle: int | None = Field(default=None, description="Cycle number; default: the newest.")
    actor: str = Field(description="Policy officer running the stages.")
    inputs: dict[Stage, dict[str, str]] = Field(
        default_factory=dict, description="Input files per stage."
    )
    as_of: dict[Stage, date] = Field(default_factory=dict, description="Document date per stage.")
    period: str = Field(default="", description="Evaluation period; empty: stop before it.")
    locales: list[Literal["id", "en"]] = Field(default_factory=_default_locales)
    approval: Literal["stop", "suspend"] = Field(
        default="stop", description="'stop' at a gate, or 'suspend' for a Prefect UI review."
    )
    max_stages: int = Field(default=6, ge=1, le=6, description="Run at most this many stages.")


class ReviewInput(RunInput):
    """The review form shown in the Prefect UI at a gate."""

    decision: Literal["approve", "return", "reject"]
    reviewer: str = Field(description="Username of the leader deciding.")
    reason: str = Field(default="", description="Required to return or reject.")


class CycleOutcome(BaseModel):
    """Where the cycle stands after the run."""

    organisation: str
    cycle: int
    ran: list[StageOutcome] = Field(default_factory=list)
    stopped_at: Stage | None = None
    state: str = Field(description="'in_review', 'blocked', 'running', 'rejected' or 'done'.")
    message: str = ""


class StageState(BaseModel):
    """A stage's status and what holds its gate."""

    cycle: int
    status: RunStatus | None
    attempt: int
    blockers: list[str]


@task(cache_policy=NONE)
def stage_state_task(organisation: str, cycle: int | None, stage: Stage, period: str) -> StageState:
    """Read a stage's status and gate from the Siklus database."""
    with session_scope() as session:
        board = cycle_service.cycle_board(session=session, organisation=organisation, cycle=cycle)
    row = next((r for r in board.rows if r.stage == stage and r.period == period), None)
    blockers = list(next((r.blockers for r in board.rows if r.stage == stage), ()))
    if row is None:
        return StageState(cycle=board.cycle, status=None, attempt=0, blockers=blockers)
    return StageState(cycle=board.cycle, status=row.status, attempt=row.attempt, blockers=blockers)


@task(cache_policy=NONE)
def record_review_task(
    organisation: str, cycle: int, stage: Stage, period: str, attempt: int, review: ReviewInput
) -> str:
    """Record a decision given in the Prefect UI; if the CLI decided first, report that."""
    with session_scope() as session:
        try:
            review_service.decide(
                session=session,
                organisation=organisation,
                cycle=cycle,
                stage=stage,
                reviewer=review.reviewer,
                decision=Decision(review.decision),
                reason=review.reason,
                period=period,
                via="prefect-ui",
                expected_attempt=attempt,
            )
        except ServiceError as exc:
            return f"keputusan dari Prefect UI tidak dicatat: {exc}"
    return "dicatat"


@flow(name="policy-cycle")
def cycle_flow(params: CycleParams) -> CycleOutcome:
    """Run the cycle's stages in order until a gate (leadership review) or the end."""
    logger = get_run_logger()
    ran: list[StageOutcome] = []
    number = params.cycle
    for stage in STAGE_ORDER:
        if stage == Stage.EVALUATION and not params.period:
            break
        period = params.period if stage == Stage.EVALUATION else ""
        state = stage_state_task(params.organisation, number, stage, period)
        number = state.cycle
        if state.status == RunStatus.APPROVED:
            continue
        if state.status in (None, RunStatus.RETURNED, RunStatus.FAILED):
            if state.status is None and state.blockers:
                message = "; ".join(state.blockers)
                logger.warning("Gerbang tahap %s tertutup: %s", stage.value, message)
                return CycleOutcome(
                    organisation=params.organisation,
                    cycle=number,
                    ran=ran,
                    stopped_at=stage,
                    state="blocked",
                    message=message,
                )
            if len(ran) >= params.max_stages:
                return CycleOutcome(
                    organisation=params.organisation,
                    cycle=number,
                    ran=ran,
                    stopped_at=stage,
                    state="paused",
                    message="batas tahap tercapai",
                )
            stage_params = StageParams(
                organisation=params.organisation,
                cycle=number,
                actor=params.actor,
                period=period,
                inputs=params.inputs.get(stage, {}),
                as_of=params.as_of.get(stage),
                locales=params.locales,
            )
            ran.append(STAGE_FLOWS[stage](stage_params))
            state = stage_state_task(params.organisation, number, stage, period)
        if state.status == RunStatus.RUNNING:
            return CycleOutcome(
                organisation=params.organisation,
                cycle=number,
                ran=ran,
                stopped_at=stage,
                state="running",
                message="tahap sedang dikerjakan oleh proses lain",
            )
        if state.status == RunStatus.IN_REVIEW and params.approval == "suspend":
            review = suspend_flow_run(
                wait_for_input=ReviewInput,
                key=f"review-{stage.value}-{period}-{state.attempt}",
                timeout=60 * 60 * 24 * 30,
            )
            logger.info(
                "Keputusan %s: %s",
                stage.value,
                record_review_task(
                    params.organisation, number, stage, period, state.attempt, review
                ),
            )
            state = stage_state_task(params.organisation, number, stage, period)
        if state.status == RunStatus.APPROVED:
            continue
        if state.status == RunStatus.IN_REVIEW:
            logger.info("Tahap %s menunggu keputusan pimpinan", stage.value)
            return CycleOutcome(
                organisation=params.organisation,
                cycle=number,
                ran=ran,
                stopped_at=stage,
                state="in_review",
                message="menunggu keputusan pimpinan",
            )
        return CycleOutcome(
            organisation=params.organisation,
            cycle=number,
            ran=ran,
            stopped_at=stage,
            state=str(state.status),
            message="siklus berhenti",
        )
    return CycleOutcome(organisation=params.organisation, cycle=number or 0, ran=ran, state="done")
