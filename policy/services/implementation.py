"""Implementation: the rollout plan per unit and its progress as of a date.

Layer: domain services (counterpart: `flows.implementation`). Each row of the progress
file upserts a `RolloutMilestone` (unit, milestone, due date, reported status). As of the
report date a milestone is:
- done: reported `selesai` with a completion date on or before the report date
  ("done late" when that date is after the due date, counted separately);
- late: not done and due before the report date;
- on track: not done and not yet due.
A unit is "selesai" when all its milestones are done, "terlambat" when any is late, else
"sesuai jadwal". Overall progress = done milestones / all milestones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, func, not_
from sqlalchemy import select as sa_select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from policy.evaluation import round_half_up
from policy.locale import Locale
from policy.models import Member, MilestoneStatus, RolloutMilestone, Stage
from policy.services.common import unit_names
from policy.services.deadlines import local_date
from policy.services.imports import ingest_inputs
from policy.services.rollout import ensure_plan, implementation_start
from policy.services.stagework import (
    InputSpec,
    RunContext,
    StageOutput,
    check_inputs,
    document_date,
    load_context,
    main_markdown,
    publish_all,
    require_running,
)
from policy.views.implementation import (
    MilestoneRow,
    PlanUnit,
    ProgressView,
    RolloutPlanView,
    UnitProgress,
)

STAGE = Stage.IMPLEMENTATION
REPORT_TITLES = {"id": "Laporan Kemajuan Implementasi", "en": "Implementation Progress Report"}
PLAN_TITLES = {"id": "Rencana Implementasi", "en": "Implementation Plan"}
DONE, DONE_LATE, LATE, ON_TRACK = "done", "done_late", "late", "on_track"
UNIT_DONE, UNIT_LATE, UNIT_ON_TRACK = "selesai", "terlambat", "sesuai jadwal"

INPUTS: dict[str, InputSpec] = {
    "progres": InputSpec("progres", True, "progres implementasi per unit kerja (CSV/XLSX)"),
}


def ingest(
    *,
    session: Session,
    run_id: int,
    inputs: Mapping[str, Path],
    actor: str,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Store the pack's plan if there is none, then import the progress file (one transaction)."""
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    check_inputs(INPUTS, inputs, STAGE)
    try:
        planned = ensure_plan(session, ctx.org, ctx.cycle, _start(session, ctx), actor)
        done = ingest_inputs(session, ctx, INPUTS, inputs, ("progres",), actor, as_of)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return {"rencana_dibuat": len(planned), **done}


def _start(session: Session, ctx: RunContext) -> date:
    """The day implementation began: recorded with the plan, else the day this run started."""
    return implementation_start(session, ctx.cycle) or local_date(ctx.run.started_at)


def milestone_state(status: str, due_on: date, done_on: date | None, as_of: date) -> str:
    """The state of one milestone as of `as_of` (see the module docstring)."""
    if status == MilestoneStatus.SELESAI and done_on is not None and done_on <= as_of:
        return DONE_LATE if done_on > due_on else DONE
    return LATE if due_on < as_of else ON_TRACK


def _done(as_of: date) -> ColumnElement[bool]:
    return and_(col(RolloutMilestone.status) == MilestoneStatus.SELESAI.value,
                col(RolloutMilestone.done_on).is_not(None),
                col(RolloutMilestone.done_on) <= as_of)  # fmt: skip


@dataclass(frozen=True)
class UnitCounts:
    """Milestone counts of one unit as of a date."""

    code: str
    total: int
    done: int
    done_late: int
    late: int

    @property
    def on_track(self) -> int:
        """Milestones neither done nor late."""
        return self.total - self.done - self.late

    @property
    def status(self) -> str:
        """'selesai', 'terlambat' or 'sesuai jadwal'."""
        if self.done == self.total:
            return UNIT_DONE
        return UNIT_LATE if self.late else UNIT_ON_TRACK


def unit_counts(session: Session, cycle_id: int, as_of: date) -> list[UnitCounts]:
    """Per unit code: total, done, done late and late milestones (GROUP BY with CASE)."""
    done = _done(as_of)
    due = col(RolloutMilestone.due_on)
    rows = session.execute(
        sa_select(col(RolloutMilestone.unit_code), func.count(),
                  func.sum(case((done, 1), else_=0)),
                  func.sum(case((and_(done, col(RolloutMilestone.done_on) > due), 1), else_=0)),
                  func.sum(case((and_(not_(done), due < as_of), 1), else_=0)))
        .where(col(RolloutMilestone.cycle_id) == cycle_id)
        .group_by(RolloutMilestone.unit_code).order_by(RolloutMilestone.unit_code)
    ).all()  # fmt: skip
    return [UnitCounts(code, int(n), int(d or 0), int(dl or 0), int(late or 0))
            for code, n, d, dl, late in rows]  # fmt: skip


def _milestones(
    session: Session, cycle_id: int, as_of: date, names: dict[str, str]
) -> dict[str, list[MilestoneRow]]:
    """Every milestone of the cycle with its state, per unit code, in due-date order."""
    out: dict[str, list[MilestoneRow]] = {}
    for m in session.exec(
        select(RolloutMilestone).where(RolloutMilestone.cycle_id == cycle_id)
        .order_by(col(RolloutMilestone.unit_code), col(RolloutMilestone.due_on),
                  col(RolloutMilestone.milestone))
    ):  # fmt: skip
        state = milestone_state(m.status, m.due_on, m.done_on, as_of)
        days = 0
        if state == LATE:
            days = (as_of - m.due_on).days
        elif state == DONE_LATE and m.done_on is not None:
            days = (m.done_on - m.due_on).days
        out.setdefault(m.unit_code, []).append(MilestoneRow(
            unit=names.get(m.unit_code, m.unit_code), milestone=m.milestone, due_on=m.due_on,
            reported=m.status, done_on=m.done_on, state=state, days_late=days, note=m.note,
        ))  # fmt: skip
    return out


def _percent(part: int, whole: int) -> Decimal:
    return round_half_up(Fraction(part * 100, whole) if whole else Fraction(0), 1)


def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Assess progress as of the date; publish the Laporan Kemajuan and the Rencana Implementasi."""
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    on = document_date(as_of)
    cycle_id = ctx.cycle.id or 0
    names = unit_names(session, ctx.org_id)
    in_pack = ctx.unit_order  # how every list of units goes
    counts = unit_counts(session, cycle_id, on)
    rows = _milestones(session, cycle_id, on, names)
    units = []
    for c in sorted(counts, key=lambda c: in_pack(c.code)):
        items = rows.get(c.code, [])
        late = sorted(
            (m for m in items if m.state == LATE), key=lambda m: (-m.days_late, m.milestone)
        )
        units.append(UnitProgress(
            code=c.code, unit=names.get(c.code, c.code), total=c.total, done=c.done,
            done_late=c.done_late, late=c.late, on_track=c.on_track, status=c.status,
            percent=_percent(c.done, c.total), late_milestones=late,
            next_milestone=next((m for m in items if m.state in (LATE, ON_TRACK)), None),
        ))  # fmt: skip
    late_units = sorted(
        (u for u in units if u.status == UNIT_LATE),
        key=lambda u: (-max(m.days_late for m in u.late_milestones), -u.late, u.unit),
    )
    on_track_units = sorted(
        (u for u in units if u.status == UNIT_ON_TRACK), key=lambda u: in_pack(u.code)
    )
    done_units = sorted((u for u in units if u.status == UNIT_DONE), key=lambda u: in_pack(u.code))
    total = sum(c.total for c in counts)
    done = sum(c.done for c in counts)
    codes = sorted(rows, key=in_pack)
    done_late_rows = [m for code in codes for m in rows[code] if m.state == DONE_LATE]
    plan = [PlanUnit(unit=names.get(code, code), milestones=rows[code]) for code in codes]
    dues = [m.due_on for items in rows.values() for m in items]
    start = _start(session, ctx)
    without = [names[code] for code in sorted(names, key=in_pack) if code not in rows]
    member = session.exec(select(Member).where(
        Member.organisation_id == ctx.org_id, Member.username == actor)).first()  # fmt: skip
    prepared_by = member.name if member else actor
    prepared_title = member.title if member else ""

    def report(locale: Locale) -> ProgressView:
        return ProgressView(
            header=ctx.header(REPORT_TITLES[locale], on), legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title, as_of=on, units=len(units), milestones=total,
            done=done, done_late=sum(c.done_late for c in counts),
            late=sum(c.late for c in counts), on_track=sum(c.on_track for c in counts),
            progress_percent=_percent(done, total), late_units=late_units,
            on_track_units=on_track_units, done_units=done_units,
            done_late_milestones=done_late_rows, prepared_by=prepared_by,
            prepared_by_title=prepared_title,
        )  # fmt: skip

    def plan_view(locale: Locale) -> RolloutPlanView:
        return RolloutPlanView(
            header=ctx.header(PLAN_TITLES[locale], on), legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title, start=start, units=plan, milestones=total,
            first_due=min(dues, default=None), last_due=max(dues, default=None),
            units_without_plan=without, prepared_by=prepared_by, prepared_by_title=prepared_title,
        )  # fmt: skip

    docs = publish_all(session, ctx, key="laporan-kemajuan", template="laporan_kemajuan",
                       views={loc: report(loc) for loc in locales}, actor=actor,
                       flow_run_id=flow_run_id)  # fmt: skip
    docs += publish_all(session, ctx, key="rencana-implementasi", template="rencana_implementasi",
                        views={loc: plan_view(loc) for loc in locales}, actor=actor,
                        flow_run_id=flow_run_id)  # fmt: skip
    session.commit()
    return StageOutput(
        summary={
            "as_of": on.isoformat(),
            "units": len(units),
            "milestones": total,
            "done": done,
            "late_units": [u.unit for u in late_units],
            "progress_percent": str(_percent(done, total)),
        },
        documents=docs,
        report_title=REPORT_TITLES[locales[0]],
        report_markdown=main_markdown(docs),
        tables={"kemajuan": [{"kode": u.code, "unit": u.unit, "tahap": u.total, "selesai": u.done,
                              "selesai_terlambat": u.done_late, "terlambat": u.late,
                              "sesuai_jadwal": u.on_track, "status": u.status,
                              "progres_persen": str(u.percent)}
                             for u in late_units + on_track_units + done_units]},
    )  # fmt: skip
