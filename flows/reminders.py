"""Prefect orchestration over `policy.services.reminders`: the daily reminder sweep.

Deployed from prefect.yaml with a daily schedule (Asia/Jakarta). The task builds the SMTP
mailer from the settings and calls the sweep service once; the sweep records every send
under a unique key, so a second run the same day sends nothing twice, and an email that
failed is tried again by the next day's run (so the task itself has no retries).
"""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from pydantic import BaseModel, Field

from policy.db import session_scope
from policy.mail import SmtpMailer
from policy.services import reminders
from policy.services.deadlines import local_date
from policy.settings import get_settings


class SweepParams(BaseModel):
    """Parameters of the reminder sweep (the Prefect UI shows them as a form)."""

    organisation: str | None = Field(
        default=None, description="Organisation code; default: every organisation."
    )
    today: date | None = Field(default=None, description="Sweep as of this date; default: today.")
    dry_run: bool = Field(default=False, description="Only list what would be sent.")


@task(cache_policy=NONE)
def sweep_reminders_task(params: SweepParams) -> reminders.SweepResult:
    """Send the reminders, escalations, review and response notices due (nothing sent twice)."""
    mailer = None if params.dry_run else SmtpMailer.from_settings(get_settings())
    with session_scope() as session:
        return reminders.sweep_reminders(
            session=session,
            mailer=mailer,
            organisation=params.organisation,
            today=params.today or local_date(),
            actor="siklus-pengingat",
            dry_run=params.dry_run,
        )


@flow(name="reminder-sweep")
def reminder_sweep_flow(params: SweepParams | None = None) -> reminders.SweepResult:
    """Reminders before deadlines, escalation after them, review notices to leaders, by email.

    Also tells stakeholders who left an address on the portal that the response to their input
    has appeared (`policy.services.response_notices`).
    """
    result = sweep_reminders_task(params or SweepParams())
    logger = get_run_logger()
    logger.info(
        "Penyisiran %s: %s surel terkirim, %s gagal, %s penerima tanpa alamat",
        result.today.isoformat(),
        result.sent,
        result.failed,
        len(result.without_email),
    )
    for line in result.skipped:
        logger.info("Dilewati: %s", line)
    return result
