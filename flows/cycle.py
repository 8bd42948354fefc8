"""The whole policy cycle: the stage flows as subflows, in order, stopping at each gate.

Layer: orchestration over the stage flows and `policy.services.cycle`/`review`.
It holds no rule beyond the order: approved stages are skipped (so a re-run or a
resumed run continues where the cycle stands), a stage in review is a gate.

Approval modes:
- ``stop`` (embedded default): the run ends at the gate; leadership decides with
  ``siklus review ...`` and the next ``siklus cycle run`` continues.
- ``suspend`` (the ``policy-cycle`` deployment's default): the run suspends with a
  typed review form in the Prefect UI; resuming it records the decision through the
  same service as the CLI (whichever comes first wins), and the run starts again from
  the top: approved stages are skipped, a stage in review is not run again, and the
  forms already submitted at a gate are read back (each form has its own pause key)
  instead of suspending again. A decision the CLI took first is logged on the run as
  "tidak dicatat" and the run goes on from the database's state.

`approval` is a flow parameter of its own, not a field of `CycleParams`, so that the
deployment's default applies whatever `params` a run is started with.
"""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Any, Literal
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.context import FlowRunContext
from prefect.flow_runs import suspend_flow_run
from prefect.input import RunInput, keyset_from_paused_state, read_flow_run_input
from prefect.states import Suspended
from pydantic import BaseModel, Field

from flows.common import StageOutcome, StageParams, flow_run_finished
from flows.drafting import drafting_flow
from flows.evaluation import evaluation_flow
from flows.forums import forums_flow
from flows.implementation import implementation_flow
from flows.needs_analysis import needs_analysis_flow
from flows.socialisation import socialisation_flow
from policy.db import session_scope
from policy.models import Decision, RunStatus, Stage
from policy.services import review as review_service
from policy.services.common import ServiceError
from policy.services.cycle_board import stage_status
from policy.stages import STAGE_ORDER

STAGE_FLOWS = {
    Stage.NEEDS_ANALYSIS: needs_analysis_flow,
    Stage.FORUMS: forums_flow,
    Stage.DRAFTING: drafting_flow,
    Stage.SOCIALISATION: socialisation_flow,
    Stage.IMPLEMENTATION: implementation_flow,
    Stage.EVALUATION: evaluation_flow,
}


Approval = Literal["stop", "suspend"]
VIA = "prefect-ui"
RECORDED, RECORDED_BEFORE, NOT_RECORDED = "dicatat", "sudah dicatat sebelumnya", "tidak dicatat"
GATE_FORMS = 20  # review forms one gate may show before the run stops asking
GATE_TIMEOUT = 60 * 60 * 24 * 30  # a suspended gate fails after 30 days
SCHEMA_WAIT = 60  # seconds a resume waits for a just-paused run's form schema
DECIDED = (RunStatus.APPROVED, RunStatus.RETURNED, RunStatus.REJECTED)


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
    notes: list[str] = Field(
        default_factory=list, description="Decisions given in the Prefect UI and their fate."
    )


class StageState(BaseModel):
    """A stage's status and what holds its gate."""

    cycle: int
    status: RunStatus | None
    attempt: int
    blockers: list[str]
    flow_run_id: str | None = None


@task(cache_policy=NONE)
def stage_state_task(organisation: str, cycle: int | None, stage: Stage, period: str) -> StageState:
    """Read a stage's status and gate from the Siklus database."""
    with session_scope() as session:
        found = stage_status(
            session=session, organisation=organisation, cycle=cycle, stage=stage, period=period
        )
    return StageState(
        cycle=found.cycle,
        status=found.status,
        attempt=found.attempt,
        blockers=list(found.blockers),
        flow_run_id=found.flow_run_id,
    )


@task(cache_policy=NONE)
def record_review_task(
    organisation: str, cycle: int, stage: Stage, period: str, attempt: int, review: ReviewInput
) -> str:
    """Record a decision given in the Prefect UI, through the same service as the CLI.

    Idempotent for a resumed run that reads the same form again: a decision this path
    already recorded is reported as such. If another path (the CLI) decided first,
    nothing is written and the service's reason is returned.
    """
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
                via=VIA,
                expected_attempt=attempt,
            )
        except ServiceError as exc:
            session.rollback()
            try:
                earlier = review_service.recorded_decision(
                    session=session,
                    organisation=organisation,
                    cycle=cycle,
                    stage=stage,
                    attempt=attempt,
                    period=period,
                )
            except ServiceError:
                earlier = None
            if earlier == review_service.RecordedDecision(
                reviewer=review.reviewer, decision=review.decision, via=VIA
            ):
                return RECORDED_BEFORE
            if earlier is not None and (earlier.reviewer, earlier.decision) == (
                review.reviewer,
                review.decision,
            ):
                # The form `wake_gates` sent for a decision taken on the CLI or the portal.
                return f"{RECORDED_BEFORE} melalui {earlier.via}"
            return f"{NOT_RECORDED}: {exc}"
    return RECORDED


def gate_key(stage: Stage, period: str, attempt: int, form: int) -> str:
    """The pause key of a gate's review form (Prefect allows only a-z, 0-9 and '-')."""
    raw = f"review-{stage.value}-{period}-a{attempt}-f{form}"
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", raw.lower())).strip("-")


def wake_gates(
    organisation: str, stage: Stage, period: str, attempt: int, review: ReviewInput
) -> list[str]:
    """Resume the `policy-cycle` runs suspended at this gate with a decision taken elsewhere.

    A leader who decides with `siklus review` or on the portal leaves a run of the
    deployment suspended at the gate until someone submits its form in the Prefect UI.
    This sends the form with the decision already recorded (`review`); the run reads it,
    finds the decision in the database ("sudah dicatat sebelumnya melalui …") and goes on
    from the database's state. Returns the ids of the runs resumed.

    Raises:
        Exception: whatever the Prefect API raises (unreachable, refused).
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    prefix = gate_key(stage, period, attempt, 0).removesuffix("0")
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=["policy-cycle"])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))
            ),
        )
    woken = []
    for run in runs:
        params = (run.parameters or {}).get("params") or {}
        key = run.state.state_details.pause_key if run.state else None
        if params.get("organisation") != organisation or not key or not key.startswith(prefix):
            continue
        resume_gate(run.id, review, wait=SCHEMA_WAIT)
        woken.append(str(run.id))
    return woken


def resume_gate(run_id: UUID, review: ReviewInput, wait: float = SCHEMA_WAIT) -> None:
    """Send a suspended run's review form, as the Prefect UI does once the form is there.

    Prefect pauses the run first and stores the form's schema just after (PREFECT.md): a
    resume in that gap is refused ("schema not found") and tried again for up to `wait`
    seconds.

    Raises:
        RuntimeError: Prefect refused the resume for another reason, or still after `wait`.
    """
    from prefect.flow_runs import resume_flow_run

    form = review.model_dump(include={"decision", "reviewer", "reason"})
    deadline = time.monotonic() + wait
    while True:
        try:
            resume_flow_run(run_id, run_input=form)
            return
        except RuntimeError as exc:
            if "schema not found" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def given_review(key: str) -> ReviewInput | None:
    """The form already submitted at gate `key` of this flow run, if it suspended there.

    A resumed run starts again from the top; this reads what the UI sent without
    suspending again.
    """
    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return None
    if key not in (ctx.flow_run.empirical_policy.pause_keys or set()):
        return None
    keyset = keyset_from_paused_state(Suspended(pause_key=key))
    value = read_flow_run_input(keyset["response"], flow_run_id=ctx.flow_run.id)
    return ReviewInput.model_validate(value) if value else None


class GateResult(BaseModel):
    """What happened at a gate in this flow run."""

    state: StageState
    given: bool = False
    notes: list[str] = Field(default_factory=list)


def hold_gate(params: CycleParams, number: int, stage: Stage, state: StageState) -> GateResult:
    """Suspend at a gate for a review form, or replay the forms this run already got.

    Each form has its own pause key; a form the service refuses (e.g. the reviewer ran
    the stage) leads to a new form while the stage is still in review. On a resumed
    run the forms already submitted are read back in order, and only the last one of
    an already-decided stage is recorded again (which the task recognises).
    """
    logger = get_run_logger()
    period = params.period if stage == Stage.EVALUATION else ""
    result = GateResult(state=state)
    for form in range(GATE_FORMS):
        key = gate_key(stage, period, state.attempt, form)
        review = given_review(key)
        if review is None:
            if result.state.status != RunStatus.IN_REVIEW:
                break
            review = suspend_flow_run(wait_for_input=ReviewInput, key=key, timeout=GATE_TIMEOUT)
        elif result.state.status != RunStatus.IN_REVIEW and given_review(
            gate_key(stage, period, state.attempt, form + 1)
        ):
            continue
        result.given = True
        outcome = record_review_task(
            params.organisation, number, stage, period, state.attempt, review
        )
        note = f"{stage.value}: {review.decision} oleh {review.reviewer} — {outcome}"
        (logger.warning if outcome.startswith(NOT_RECORDED) else logger.info)(
            "Keputusan dari Prefect UI, %s", note
        )
        result.notes.append(note)
        result.state = stage_state_task(params.organisation, number, stage, period)
        if result.state.status != RunStatus.IN_REVIEW:
            break
    return result


def _outcome(
    params: CycleParams, number: int, ran: list[StageOutcome], notes: list[str], **kw: Any
) -> CycleOutcome:
    return CycleOutcome(organisation=params.organisation, cycle=number, ran=ran, notes=notes, **kw)


@flow(name="policy-cycle")
def cycle_flow(params: CycleParams, approval: Approval = "stop") -> CycleOutcome:
    """Run the cycle's stages in order until a gate (leadership review) or the end.

    Safe to start again and to resume: approved stages are skipped, a stage in review
    is never re-run, and a stage left running by a finished or crashed flow run is
    taken over.
    """
    logger = get_run_logger()
    ran: list[StageOutcome] = []
    notes: list[str] = []
    number = params.cycle
    for stage in STAGE_ORDER:
        if stage == Stage.EVALUATION and not params.period:
            break
        period = params.period if stage == Stage.EVALUATION else ""
        state = stage_state_task(params.organisation, number, stage, period)
        number = state.cycle
        given = False
        if approval == "suspend" and state.status in DECIDED:
            gate = hold_gate(params, number, stage, state)
            state, given = gate.state, gate.given
            notes += gate.notes
        if state.status == RunStatus.APPROVED:
            continue
        if given and state.status != RunStatus.IN_REVIEW:
            # Decided at this run's own gate: a returned stage waits for new inputs.
            return _outcome(params, number, ran, notes, stopped_at=stage, state=str(state.status))
        abandoned = (
            state.status == RunStatus.RUNNING
            and state.flow_run_id is not None
            and flow_run_finished(state.flow_run_id) is not None
        )
        if state.status in (None, RunStatus.RETURNED, RunStatus.FAILED) or abandoned:
            if state.blockers:
                message = "; ".join(state.blockers)
                logger.info("Gerbang tahap %s tertutup: %s", stage.value, message)
                return _outcome(
                    params, number, ran, notes, stopped_at=stage, state="blocked", message=message
                )
            if len(ran) >= params.max_stages:
                return _outcome(
                    params,
                    number,
                    ran,
                    notes,
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
            return _outcome(
                params,
                number,
                ran,
                notes,
                stopped_at=stage,
                state="running",
                message="tahap sedang dikerjakan oleh proses lain",
            )
        if state.status == RunStatus.IN_REVIEW and approval == "suspend":
            gate = hold_gate(params, number, stage, state)
            state = gate.state
            notes += gate.notes
        if state.status == RunStatus.APPROVED:
            continue
        if state.status == RunStatus.IN_REVIEW:
            logger.info("Tahap %s menunggu keputusan pimpinan", stage.value)
            return _outcome(
                params,
                number,
                ran,
                notes,
                stopped_at=stage,
                state="in_review",
                message="menunggu keputusan pimpinan",
            )
        return _outcome(
            params,
            number,
            ran,
            notes,
            stopped_at=stage,
            state=str(state.status),
            message="siklus berhenti",
        )
    return _outcome(params, number or 0, ran, notes, state="done")
