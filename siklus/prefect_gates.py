"""Waking a `policy-cycle` run suspended at a gate after a decision taken outside Prefect.

Layer: shell over `flows.cycle.wake_gates`, for `siklus review` and the portal's leaders'
pages. Only with a Prefect server (`PREFECT_API_URL` in the environment, as the officers'
machines and the portal have it in a deployment): the embedded temporary API runs no
deployment, so no run waits there, and Prefect is not even imported.
"""

from __future__ import annotations

import os

from policy.models import Stage


def wake_after_decision(
    organisation: str | None, cycle: int | None, stage: Stage, period: str
) -> str:
    """Resume the runs waiting at the gate just decided; what happened, in a sentence ('' if none).

    The decision is already recorded: a Prefect API that cannot be reached is said, not
    raised, and the run can still be resumed in the Prefect UI.
    """
    if not os.environ.get("PREFECT_API_URL"):
        return ""
    from sqlmodel import col, select

    from policy.db import session_scope
    from policy.models import Review
    from policy.services.common import get_cycle, get_org, get_run, run_period
    from siklus.prefect_env import configure_prefect

    configure_prefect()
    from flows.cycle import ReviewInput, wake_gates

    period = run_period(stage, period)
    with session_scope() as s:
        org = get_org(s, organisation)
        run = get_run(s, get_cycle(s, org, cycle), stage, period)
        decided = s.exec(
            select(Review)
            .where(Review.stage_run_id == run.id, Review.attempt == run.attempt)
            .order_by(col(Review.id).desc())
        ).first()
        if decided is None:
            return ""
        form = ReviewInput(
            decision=decided.decision,
            reviewer=decided.reviewer,
            reason=decided.reason,
        )
        code, attempt = org.code, run.attempt
    try:
        woken = wake_gates(code, stage, period, attempt, form)
    except Exception as exc:  # noqa: BLE001 - the decision stands; say why the run waits
        return (
            f"Run Prefect yang menunggu di gerbang ini belum dapat dilanjutkan ({exc}); "
            "lanjutkan di Prefect UI."
        )
    if not woken:
        return ""
    return f"Run Prefect yang menunggu di gerbang ini dilanjutkan ({', '.join(woken)})."
