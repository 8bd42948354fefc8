"""Which organisations the scheduled periodic evaluation runs for, and which it skips.

Layer: domain services (queries only; counterpart: `flows.evaluation.scheduled_evaluation_flow`).
For each organisation the period that has just closed (in the organisation's time zone,
Asia/Jakarta by default) is worked out from its pack (`evaluation.periods`, and
`evaluation.self_assessment_periods` when set). The cycle evaluated is the one whose
implementation is in force: the newest cycle with its implementation approved. A revision
cycle that is still being drafted does not stop the evaluation of the policy in force; the
revision takes over once its own implementation is approved, and that approval closes the
older cycle (`policy.services.cycle.close_superseded`). The evaluation runs when that
cycle is still active, the period has no run yet in any cycle of the policy (or only a
failed one), and the framework's primary data for the period has arrived: e-Kinerja
ratings (national) or, for a weighted 360 framework, ratings from a source that counts in
the score (a self-assessment alone does not). SKM responses and complaints are optional
inputs: they are evaluated when present, and never stand in for the primary data.
Everything else is a skip with a reason meant for the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import Session, col, select

from policy.evaluation.framework import SELF, SOURCES
from policy.models import (
    Cycle,
    CycleStatus,
    EkinerjaRating,
    Member,
    Organisation,
    Rating360,
    Role,
    RunStatus,
    SkmResponse,
    Stage,
    StageRun,
)
from policy.packschema import PackEvaluation
from policy.periods import period_just_closed, period_label, period_range
from policy.services.common import get_policy, org_pack
from policy.services.stagework import document_date
from policy.stages import cycle_status_word

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

    def message(self) -> str:
        """The log line for this organisation and period, naming the cycle evaluated."""
        which = f"{self.organisation} siklus ke-{self.cycle}" if self.cycle else self.organisation
        if self.action == "skip":
            return f"Lewati {which} periode {self.period}: {self.reason}"
        line = f"Evaluasi {which} periode {self.period} oleh {self.actor}"
        return f"{line} ({self.reason})" if self.reason else line


def _officer(session: Session, org_id: int) -> str:
    members = session.exec(
        select(Member).where(Member.organisation_id == org_id).order_by(col(Member.id))
    ).all()
    return next((m.username for m in members if Role.OFFICER.value in m.roles), "")


def _settings(org: Organisation) -> list[str]:
    cfg = org_pack(org).evaluation
    return list(dict.fromkeys([cfg.periods, *filter(None, [cfg.self_assessment_periods])]))


def counting_sources(cfg: PackEvaluation) -> tuple[str, ...]:
    """The 360 sources whose ratings count in some criteria set's score, `diri` aside."""
    if cfg.weighted_360 is None:
        return ()
    sets = cfg.weighted_360.framework().sets
    return tuple(s for s in SOURCES if s != SELF and any(s in c.scored_sources for c in sets))


def primary_data_missing(session: Session, org_id: int, period: str, cfg: PackEvaluation) -> str:
    """Why the period's primary data has not arrived, or "" when it has.

    Primary data is what the framework scores employees from: e-Kinerja ratings
    (national), or 360 ratings from a source weighted in the score (weighted 360; a
    self-assessment alone is not enough, even where the pack weights it). SKM responses
    and complaints are optional inputs and never count as arrival; the reason says what
    of them is already there.
    """
    present: list[str] = []
    if cfg.framework == "weighted_360":
        sources = counting_sources(cfg)
        by_source: dict[str, int] = dict(session.exec(
            select(Rating360.source, func.count())
            .where(Rating360.organisation_id == org_id, Rating360.period == period)
            .group_by(Rating360.source)).all())  # fmt: skip
        if any(by_source.get(s) for s in sources):
            return ""
        if by_source.get(SELF):
            present.append(f"baru ada {by_source[SELF]} penilaian diri")
        missing = (
            f"belum ada penilaian 360 dari sumber yang dihitung dalam skor ({', '.join(sources)})"
        )
        optional = "penilaian diri, SKM dan pengaduan hanya data pelengkap"
    else:
        ekinerja = session.exec(
            select(func.count())
            .select_from(EkinerjaRating)
            .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
        ).one()
        if ekinerja:
            return ""
        missing = "belum ada rating e-Kinerja (data utama kerangka nasional)"
        optional = "SKM dan pengaduan hanya data pelengkap"
    start, end = period_range(period)
    skm = session.exec(select(func.count()).select_from(SkmResponse).where(
        SkmResponse.organisation_id == org_id, SkmResponse.response_date >= start,
        SkmResponse.response_date <= end)).one()  # fmt: skip
    if skm:
        present.append(f"ada {skm} respons SKM")
    return "; ".join([missing, *present, optional])


def cycle_in_force(session: Session, policy_id: int) -> Cycle | None:
    """The newest cycle of the policy whose implementation is approved, if any."""
    return session.exec(
        select(Cycle)
        .join(StageRun, col(StageRun.cycle_id) == col(Cycle.id))
        .where(
            Cycle.policy_id == policy_id,
            StageRun.stage == Stage.IMPLEMENTATION,
            StageRun.status == RunStatus.APPROVED,
        )
        .order_by(col(Cycle.number).desc())
    ).first()


def _not_in_force(session: Session, policy_id: int) -> tuple[int | None, str]:
    """The cycle to name, and why, when no cycle's implementation is approved yet."""
    active = session.exec(
        select(Cycle)
        .where(Cycle.policy_id == policy_id, Cycle.status == CycleStatus.ACTIVE)
        .order_by(col(Cycle.number).desc())
    ).first()
    if active is None:
        return None, "tidak ada siklus kebijakan yang aktif"
    return active.number, f"implementasi siklus ke-{active.number} belum disetujui"


def _runs_of_period(session: Session, policy_id: int, period: str) -> list[tuple[int, str]]:
    """(cycle number, status) of every evaluation run of `period` in the policy's cycles."""
    rows = session.exec(
        select(Cycle.number, StageRun.status)
        .join(StageRun, col(StageRun.cycle_id) == col(Cycle.id))
        .where(
            Cycle.policy_id == policy_id,
            StageRun.stage == Stage.EVALUATION,
            StageRun.period == period,
        )
        .order_by(col(Cycle.number).desc())
    ).all()
    return [(number, str(status)) for number, status in rows]


def _revision_note(session: Session, policy_id: int, cycle: Cycle) -> str:
    """Why `cycle` is evaluated although a newer cycle exists ("" when it is the newest)."""
    newest = session.exec(
        select(Cycle).where(Cycle.policy_id == policy_id).order_by(col(Cycle.number).desc())
    ).first()
    if newest is None or newest.number <= cycle.number:
        return ""
    if newest.status == CycleStatus.ACTIVE:
        return (
            f"implementasi siklus ke-{cycle.number} masih berlaku sampai implementasi siklus "
            f"revisi ke-{newest.number} disetujui"
        )
    return (
        f"implementasi siklus ke-{cycle.number} masih berlaku; siklus revisi "
        f"ke-{newest.number} {cycle_status_word(newest.status)}"
    )


def _plan_one(
    session: Session, org: Organisation, policy_id: int, cycle: Cycle, period: str
) -> ScheduledEvaluation:
    label = f"{period} ({period_label(period)})"

    def skip(reason: str) -> ScheduledEvaluation:
        return ScheduledEvaluation(
            organisation=org.code, cycle=cycle.number, period=period, action="skip", reason=reason
        )

    if cycle.status != CycleStatus.ACTIVE:
        return skip(
            f"siklus ke-{cycle.number}, yang implementasinya berlaku, "
            f"{cycle_status_word(cycle.status)} dan tidak dapat dievaluasi lagi"
        )
    for number, status in _runs_of_period(session, policy_id, period):
        if status in RERUN:
            continue
        if number == cycle.number:
            return skip(f"evaluasi periode {label} sudah ada (status {status})")
        return skip(f"evaluasi periode {label} sudah ada di siklus ke-{number} (status {status})")
    missing = primary_data_missing(session, org.id or 0, period, org_pack(org).evaluation)
    if missing:
        return skip(
            f"data periode {label} belum masuk: {missing}. "
            "Impor datanya; jadwal berikutnya akan mencoba lagi"
        )
    actor = _officer(session, org.id or 0)
    if not actor:
        return skip("paket tidak memiliki anggota berperan officer untuk menjalankan tahap")
    reason = _revision_note(session, policy_id, cycle)
    return ScheduledEvaluation(
        organisation=org.code,
        cycle=cycle.number,
        period=period,
        action="run",
        actor=actor,
        reason=reason,
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
        policy_id = get_policy(session, org).id or 0
        cycle = cycle_in_force(session, policy_id)
        for setting in _settings(org):
            period = period_just_closed(today, setting)
            if cycle is None:
                number, reason = _not_in_force(session, policy_id)
                plan.append(ScheduledEvaluation(
                    organisation=org.code, cycle=number, period=period, action="skip",
                    reason=reason))  # fmt: skip
                continue
            plan.append(_plan_one(session, org, policy_id, cycle, period))
    return plan
