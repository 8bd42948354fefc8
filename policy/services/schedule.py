"""Which organisations the scheduled periodic evaluation runs for, and which it skips.

Layer: domain services (queries only; counterpart: `flows.evaluation.scheduled_evaluation_flow`).
For each organisation the period that has just closed (in the organisation's time zone,
Asia/Jakarta by default) is worked out from its pack (`evaluation.periods`, and
`evaluation.self_assessment_periods` when set). The evaluation runs when the newest
active cycle has its implementation approved, the period has no run yet (or only a failed
one), and its data has arrived: ratings of the pack's framework or SKM responses.
Everything else is a skip with a reason meant for the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Session, col, select

from policy.models import Cycle, CycleStatus, Member, Organisation, Role, RunStatus, Stage
from policy.periods import period_just_closed, period_label
from policy.services.common import get_policy, org_pack, snapshot
from policy.services.evaluation import period_data_arrived
from policy.services.stagework import document_date

RERUN = frozenset({RunStatus.FAILED})
"""Run statuses the schedule may start again; returned runs wait for a person."""


class ScheduledEvaluation(BaseModel):
    """One organisation and period the schedule looked at."""

    organisation: str
    cycle: int | None
    period: str
    action: Literal["run", "skip"]
    actor: str = ""
    reason: str = ""


def _officer(session: Session, org_id: int) -> str:
    members = session.exec(
        select(Member).where(Member.organisation_id == org_id).order_by(col(Member.id))
    ).all()
    return next((m.username for m in members if Role.OFFICER.value in m.roles), "")


def _settings(org: Organisation) -> list[str]:
    cfg = org_pack(org).evaluation
    return list(dict.fromkeys([cfg.periods, *filter(None, [cfg.self_assessment_periods])]))


def _plan_one(
    session: Session, org: Organisation, cycle: Cycle | None, period: str
) -> ScheduledEvaluation:
    label = f"{period} ({period_label(period)})"
    number = cycle.number if cycle is not None else None

    def skip(reason: str) -> ScheduledEvaluation:
        return ScheduledEvaluation(
            organisation=org.code, cycle=number, period=period, action="skip", reason=reason
        )

    if cycle is None:
        return skip("tidak ada siklus kebijakan yang aktif")
    snap = snapshot(session, cycle)
    if not snap.approved(Stage.IMPLEMENTATION):
        return skip(f"implementasi siklus ke-{cycle.number} belum disetujui")
    existing = snap.run(Stage.EVALUATION, period)
    if existing is not None and existing.status not in RERUN:
        return skip(f"evaluasi periode {label} sudah ada (status {existing.status.value})")
    framework = org_pack(org).evaluation.framework
    if not period_data_arrived(session, org.id or 0, period, framework):
        return skip(
            f"data periode {label} belum masuk (belum ada penilaian maupun respons SKM); "
            "impor datanya, jadwal berikutnya akan mencoba lagi"
        )
    actor = _officer(session, org.id or 0)
    if not actor:
        return skip("paket tidak memiliki anggota berperan officer untuk menjalankan tahap")
    return ScheduledEvaluation(
        organisation=org.code, cycle=number, period=period, action="run", actor=actor
    )


def plan_evaluations(
    *, session: Session, today: date | None = None, organisations: Sequence[str] = ()
) -> list[ScheduledEvaluation]:
    """The evaluations the schedule should start now, and the skips with their reasons."""
    today = today or document_date(None)
    query = select(Organisation).order_by(col(Organisation.code))
    if organisations:
        query = query.where(col(Organisation.code).in_(list(organisations)))
    plan: list[ScheduledEvaluation] = []
    for org in session.exec(query).all():
        policy = get_policy(session, org)
        cycle = session.exec(
            select(Cycle)
            .where(Cycle.policy_id == policy.id, Cycle.status == CycleStatus.ACTIVE)
            .order_by(col(Cycle.number).desc())
        ).first()
        for setting in _settings(org):
            plan.append(_plan_one(session, org, cycle, period_just_closed(today, setting)))
    return plan
