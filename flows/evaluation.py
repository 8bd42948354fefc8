"""Prefect orchestration over `policy.services.evaluation` and `policy.services.schedule`.

`evaluation_flow` runs one period of one organisation. `scheduled_evaluation_flow` is what
the `scheduled-evaluation` deployment runs on its cron schedule (Asia/Jakarta): it plans
the period just closed for every organisation (`policy.services.schedule`: the cycle whose
implementation is in force, once the period's primary data has arrived), logs a clear
line for each organisation it skips and for each cycle it evaluates, and runs the
evaluation stage for the others as subflows; one failing organisation does not stop the
rest.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from pydantic import BaseModel, Field

from flows.common import StageOutcome, StageParams, run_stage
from policy.db import session_scope
from policy.models import Stage
from policy.services.schedule import ScheduledEvaluation, plan_evaluations


@flow(name="evaluation")
def evaluation_flow(params: StageParams) -> StageOutcome:
    """Periodic evaluation: predikat, IKM and indicators for a period, with follow-up actions."""
    return run_stage(Stage.EVALUATION, params)


def _default_locales() -> list[Literal["id", "en"]]:
    return ["id"]


class ScheduledParams(BaseModel):
    """Parameters of the scheduled evaluation (all optional: the schedule passes none)."""

    today: date | None = Field(
        default=None, description="Run as if on this day; default: today in SIKLUS_TIMEZONE."
    )
    organisations: list[str] = Field(
        default_factory=list, description="Organisation codes; empty: every organisation."
    )
    locales: list[Literal["id", "en"]] = Field(
        default_factory=_default_locales, description="Document languages."
    )


class ScheduledOutcome(BaseModel):
    """What the scheduled evaluation did."""

    today: date
    ran: list[ScheduledEvaluation]
    skipped: list[ScheduledEvaluation]
    failed: list[ScheduledEvaluation]


@task(cache_policy=NONE)
def plan_evaluations_task(
    today: date | None, organisations: list[str]
) -> list[ScheduledEvaluation]:
    """Which organisations and periods to evaluate now, and which to skip (read only)."""
    with session_scope() as session:
        return plan_evaluations(session=session, today=today, organisations=organisations)


@task(cache_policy=NONE)
def local_today_task() -> date:
    """Today in the configured time zone (SIKLUS_TIMEZONE, Asia/Jakarta by default)."""
    from policy.services.stagework import document_date

    return document_date(None)


def _default_params() -> ScheduledParams:
    return ScheduledParams()


@flow(name="scheduled-evaluation")
def scheduled_evaluation_flow(params: ScheduledParams | None = None) -> ScheduledOutcome:
    """Evaluate the period just closed for every organisation whose implementation is approved."""
    params = params or _default_params()
    logger = get_run_logger()
    today = params.today or local_today_task()
    plan = plan_evaluations_task(today, params.organisations)
    ran, skipped, failed = [], [], []
    for item in plan:
        logger.info("%s", item.message())
        if item.action == "skip":
            skipped.append(item)
            continue
        stage_params = StageParams(
            organisation=item.organisation, cycle=item.cycle, actor=item.actor,
            period=item.period, as_of=today, locales=params.locales,
        )  # fmt: skip
        try:
            evaluation_flow(stage_params)
        except Exception as exc:  # one organisation's failure must not stop the others
            logger.error(
                "Evaluasi %s siklus ke-%s periode %s gagal: %s",
                item.organisation, item.cycle, item.period, exc,
            )  # fmt: skip
            failed.append(item.model_copy(update={"reason": f"{type(exc).__name__}: {exc}"}))
            continue
        ran.append(item)
    logger.info(
        "Evaluasi terjadwal %s: %s dijalankan, %s dilewati, %s gagal",
        today.isoformat(), len(ran), len(skipped), len(failed),
    )  # fmt: skip
    return ScheduledOutcome(today=today, ran=ran, skipped=skipped, failed=failed)
