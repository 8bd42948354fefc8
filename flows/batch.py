"""Periodic evaluation of many organisations at once, one deployment run per organisation.

Layer: orchestration over the `evaluation` deployment (itself over
`policy.services.evaluation`). Each organisation is evaluated by its own flow run of
the evaluation deployment, so every worker polling the work pool takes a share: mapped
tasks would all run inside this one flow run's process, on one worker. At most
`max_parallel` evaluations are in flight; the workers' own `--limit` caps what each host
runs at once. A failing organisation does not stop the others: every result, failures
first, is listed in a table artifact and in the returned summary.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Literal, cast
from uuid import UUID

from prefect import flow, get_client, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from pydantic import BaseModel, Field

EVALUATION_DEPLOYMENT = "evaluation/evaluation"


def _default_locales() -> list[Literal["id", "en"]]:
    return ["id"]


class OrganisationEvaluation(BaseModel):
    """One organisation to evaluate, with its own officer and input files."""

    organisation: str = Field(description="Organisation code.")
    actor: str = Field(description="Username of the organisation's policy officer.")
    cycle: int | None = Field(default=None, description="Cycle number; default: the newest.")
    inputs: dict[str, str] = Field(
        default_factory=dict,
        description="Input files by name, e.g. {'ekinerja': '/data/a/ekinerja.csv'}.",
    )


class BatchEvaluationParams(BaseModel):
    """Parameters of the many-organisation evaluation (a form in the Prefect UI)."""

    period: str = Field(description="Evaluation period, e.g. '2026-TW3'.")
    organisations: list[OrganisationEvaluation] = Field(
        min_length=1, description="The organisations to evaluate."
    )
    as_of: date | None = Field(default=None, description="Date the documents speak for.")
    locales: list[Literal["id", "en"]] = Field(
        default_factory=_default_locales, description="Document languages."
    )
    max_parallel: int = Field(
        default=4, ge=1, le=64, description="Evaluation runs in flight at once."
    )
    deployment: str = Field(
        default=EVALUATION_DEPLOYMENT, description="The evaluation deployment to run."
    )
    timeout_minutes: float = Field(
        default=120, gt=0, description="Give up waiting for the batch after this long."
    )
    poll_seconds: float = Field(default=2, gt=0, le=60, description="How often to look.")


class OrganisationResult(BaseModel):
    """How one organisation's evaluation ended."""

    organisation: str
    flow_run_id: str | None
    state: str
    ok: bool
    message: str = ""
    seconds: float | None = None


class BatchOutcome(BaseModel):
    """The batch's summary."""

    period: str
    total: int
    succeeded: int
    failed: list[OrganisationResult]
    results: list[OrganisationResult]


def stage_parameters(
    params: BatchEvaluationParams, item: OrganisationEvaluation
) -> dict[str, object]:
    """The evaluation deployment's parameters for one organisation."""
    return {
        "params": {
            "organisation": item.organisation,
            "cycle": item.cycle,
            "actor": item.actor,
            "period": params.period,
            "inputs": item.inputs,
            "as_of": params.as_of.isoformat() if params.as_of else None,
            "locales": list(params.locales),
        }
    }


def _result(item: OrganisationEvaluation, run_id: UUID | None, **kw: object) -> OrganisationResult:
    return OrganisationResult(
        organisation=item.organisation,
        flow_run_id=str(run_id) if run_id else None,
        **kw,
    )


@flow(name="evaluate-all")
def evaluate_all_flow(params: BatchEvaluationParams) -> BatchOutcome:
    """Evaluate every listed organisation for one period, each as its own deployment run."""
    logger = get_run_logger()
    pending = list(params.organisations)
    running: dict[UUID, OrganisationEvaluation] = {}
    results: list[OrganisationResult] = []
    deadline = time.monotonic() + params.timeout_minutes * 60
    with get_client(sync_client=True) as client:
        while pending or running:
            while pending and len(running) < params.max_parallel:
                item = pending.pop(0)
                try:
                    run = cast(
                        FlowRun,
                        run_deployment(
                            params.deployment,
                            parameters=stage_parameters(params, item),
                            timeout=0,
                            as_subflow=True,
                            tags=["siklus-batch", f"org:{item.organisation}"],
                        ),
                    )
                except Exception as exc:  # a refused run must not stop the others
                    results.append(
                        _result(item, None, state="NOT_STARTED", ok=False, message=str(exc))
                    )
                    continue
                running[run.id] = item
            if not running:
                break
            if time.monotonic() > deadline:
                for run_id, item in running.items():
                    results.append(
                        _result(item, run_id, state="TIMEOUT", ok=False, message="waktu habis")
                    )
                break
            time.sleep(params.poll_seconds)
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(running)))
            )
            for run in runs:
                if run.state is None or not run.state.is_final():
                    continue
                item = running.pop(run.id)
                ok = run.state.is_completed()
                results.append(
                    _result(
                        item,
                        run.id,
                        state=run.state.name or run.state.type.value,
                        ok=ok,
                        message="" if ok else (run.state.message or ""),
                        seconds=run.total_run_time.total_seconds(),
                    )
                )
                if not ok:
                    logger.error("Evaluasi %s gagal: %s", item.organisation, run.state.message)
    failed = [r for r in results if not r.ok]
    outcome = BatchOutcome(
        period=params.period,
        total=len(params.organisations),
        succeeded=len(results) - len(failed),
        failed=failed,
        results=sorted(results, key=lambda r: (r.ok, r.organisation)),
    )
    publish_summary(outcome)
    logger.info(
        "Evaluasi %s: %s dari %s organisasi berhasil, %s gagal",
        params.period,
        outcome.succeeded,
        outcome.total,
        len(failed),
    )
    return outcome


def publish_summary(outcome: BatchOutcome) -> None:
    """Show the batch's result beside the run: one table, failures first.

    A table artifact, not Markdown: error messages can quote file contents, and table
    cells are shown as text.
    """
    create_table_artifact(
        table=[r.model_dump() for r in outcome.results],
        key="evaluasi-massal",
        description=(
            f"Evaluasi {outcome.period}: {outcome.succeeded} dari {outcome.total} organisasi "
            f"berhasil, {len(outcome.failed)} gagal"
        ),
    )
