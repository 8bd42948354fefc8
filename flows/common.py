"""What every stage flow shares: parameters, begin/submit/fail tasks, the report artifact.

Layer: orchestration over `policy.services.cycle` and `policy.services.stagework`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

from prefect import get_client, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.exceptions import ObjectNotFound
from prefect.runtime import flow_run
from prefect.states import Crashed
from pydantic import BaseModel, Field

from policy.db import session_scope
from policy.models import Stage
from policy.services import cycle as cycle_service
from policy.services.cycle import RunRef
from policy.services.registry import stage_service
from policy.services.stagework import StageOutput, ingest_warnings


def _default_locales() -> list[Literal["id", "en"]]:
    return ["id"]


class StageParams(BaseModel):
    """Parameters of a stage flow (the Prefect UI shows them as a form)."""

    organisation: str = Field(description="Organisation code, e.g. 'sawahlunto'.")
    cycle: int | None = Field(default=None, description="Cycle number; default: the newest.")
    actor: str = Field(description="Username of the policy officer running the stage.")
    period: str = Field(default="", description="Evaluation period, e.g. '2026-TW3'.")
    inputs: dict[str, str] = Field(
        default_factory=dict, description="Input files by name, e.g. {'pengaduan': 'a.csv'}."
    )
    as_of: date | None = Field(
        default=None, description="Date the documents speak for; default: today in SIKLUS_TIMEZONE."
    )
    locales: list[Literal["id", "en"]] = Field(
        default_factory=_default_locales, description="Document languages."
    )
    takeover: bool = Field(
        default=False,
        description=(
            "Take over the stage if another flow run left it 'running' and Prefect still "
            "shows that run active (e.g. its worker died and no automation marked it "
            "crashed). A run Prefect shows finished or crashed is taken over without this."
        ),
    )


class StageOutcome(BaseModel):
    """What a stage flow returns."""

    run_id: int
    stage: Stage
    period: str
    attempt: int
    status: str
    documents: list[str]
    summary: dict[str, object]
    warnings: list[str] = Field(default_factory=list, description="Warnings of the imports.")


def current_flow_run_id() -> str | None:
    """The id of the flow run we are in, as text."""
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


@task(cache_policy=NONE)
def begin_stage_task(params: StageParams, stage: Stage, flow_run_id: str | None) -> RunRef:
    """Move the stage run to `running` and link it to this flow run.

    A run left `running` by another flow run is taken over when Prefect shows that run
    finished (it died before it could mark the stage failed), or when the parameters
    ask for a takeover (Prefect still shows it running, e.g. its worker was killed).
    """
    logger = get_run_logger()

    def may_take_over(holder: str) -> bool:
        why = flow_run_finished(holder)
        if why is not None:
            logger.warning("Tahap %s diambil alih: %s", stage.value, why)
            return True
        if params.takeover:
            mark_abandoned(
                holder, f"diambil alih oleh flow run {flow_run_id} atas permintaan {params.actor}"
            )
            logger.warning("Tahap %s diambil alih paksa dari flow run %s", stage.value, holder)
            return True
        return False

    with session_scope() as session:
        return cycle_service.begin_stage(
            session=session,
            organisation=params.organisation,
            cycle=params.cycle,
            stage=stage,
            actor=params.actor,
            period=params.period,
            flow_run_id=flow_run_id,
            may_take_over=may_take_over,
        )


def flow_run_finished(flow_run_id: str) -> str | None:
    """Why flow run `flow_run_id` can no longer be working, or None if it may still be.

    A run in a final state (completed, failed, crashed, cancelled) is finished. A run
    Prefect does not know is not assumed finished: it may live on another server.
    """
    try:
        with get_client(sync_client=True) as client:
            run = client.read_flow_run(UUID(flow_run_id))
    except (ObjectNotFound, ValueError):
        return None
    if run.state is not None and run.state.is_final():
        return f"flow run {flow_run_id} berstatus {run.state.name}"
    return None


def mark_abandoned(flow_run_id: str, reason: str) -> None:
    """Mark a flow run Prefect still shows active as crashed (a forced takeover)."""
    try:
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(UUID(flow_run_id), Crashed(message=reason), force=True)
    except (ObjectNotFound, ValueError):
        pass


@task(cache_policy=NONE)
def submit_stage_task(run_id: int, actor: str, summary: dict[str, object]) -> None:
    """Hand the finished run to leadership (`in_review`)."""
    with session_scope() as session:
        cycle_service.submit_stage(session=session, run_id=run_id, actor=actor, summary=summary)


@task(cache_policy=NONE)
def fail_stage_task(run_id: int, actor: str, error: str) -> None:
    """Record that the stage's work broke (a re-run is allowed)."""
    with session_scope() as session:
        cycle_service.fail_stage(session=session, run_id=run_id, actor=actor, error=error)


def artifact_key(ref: RunRef, suffix: str = "") -> str:
    """A Prefect artifact key (only a-z, 0-9 and '-')."""
    raw = f"{ref.organisation}-c{ref.cycle}-{ref.stage.value}-{ref.period}{suffix}"
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", raw.lower())).strip("-")


def publish_artifacts(ref: RunRef, output: StageOutput) -> None:
    """Show the stage report (and its tables) beside the run in the Prefect UI."""
    create_markdown_artifact(
        markdown=output.report_markdown,
        key=artifact_key(ref),
        description=output.report_title,
    )
    for name, rows in output.tables.items():
        if rows:
            create_table_artifact(table=rows, key=artifact_key(ref, f"-{name}"), description=name)


@task(cache_policy=NONE)
def ingest_inputs_task(
    stage: Stage, run_id: int, inputs: dict[str, str], actor: str, as_of: date | None = None
) -> dict[str, Any]:
    """Import the stage's input files (all or nothing), dated up to today or `as_of`."""
    with session_scope() as session:
        return stage_service(stage).ingest(
            session=session,
            run_id=run_id,
            inputs={k: Path(v) for k, v in inputs.items()},
            actor=actor,
            as_of=as_of,
        )


@task(cache_policy=NONE)
def produce_documents_task(
    stage: Stage, run_id: int, params: StageParams, flow_run_id: str | None
) -> StageOutput:
    """Compute the stage's results and publish its documents."""
    with session_scope() as session:
        return stage_service(stage).produce(
            session=session,
            run_id=run_id,
            actor=params.actor,
            flow_run_id=flow_run_id,
            locales=tuple(params.locales),
            as_of=params.as_of,
        )


def run_stage(stage: Stage, params: StageParams) -> StageOutcome:
    """Begin the stage, import its inputs, produce its documents, leave it `in_review`.

    If the work raises, the run is marked `failed` and the error propagates.
    """
    logger = get_run_logger()
    flow_run_id = current_flow_run_id()
    ref = begin_stage_task(params, stage, flow_run_id)
    logger.info("Tahap %s (percobaan %s) dimulai oleh %s", stage.value, ref.attempt, params.actor)
    try:
        imported = ingest_inputs_task(stage, ref.run_id, params.inputs, params.actor, params.as_of)
        logger.info("Masukan diimpor: %s", ", ".join(imported) or "tidak ada")
        warnings = ingest_warnings(imported)
        for warning in warnings:
            logger.warning("Peringatan impor: %s", warning)
        output = produce_documents_task(stage, ref.run_id, params, flow_run_id)
        publish_artifacts(ref, output)
        submit_stage_task(ref.run_id, params.actor, output.summary)
    except Exception as exc:
        fail_stage_task(ref.run_id, params.actor, f"{type(exc).__name__}: {exc}")
        logger.error("Tahap %s gagal: %s", stage.value, exc)
        raise
    logger.info("Tahap %s menunggu keputusan pimpinan", stage.value)
    return StageOutcome(
        run_id=ref.run_id,
        stage=stage,
        period=ref.period,
        attempt=ref.attempt,
        status="in_review",
        documents=[d.html_path for d in output.documents],
        summary=output.summary,
        warnings=warnings,
    )
