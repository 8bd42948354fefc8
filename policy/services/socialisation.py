"""Socialisation: workshops from the pack, attendance, coverage, comprehension and JP.

Layer: domain services (counterpart: `flows.socialisation`). Rules:
- coverage of a unit = its employees present at one or more workshops of the cycle / its
  employees, for every unit that has employees; a unit under the pack's
  `socialisation_coverage_target` holds the gate to implementation (`coverage_blockers`,
  in `policy.services.socialisation_coverage` and re-exported here);
- comprehension = mean pre-test, mean post-test and their difference, over the attendance
  rows (present) that have both scores; the participants shown beside them are the people
  with both scores at one such attendance or more, each counted once (one person at two
  workshops is one participant of the unit, whose two pairs of scores both count in its
  means). Scores are stored as floats, so the SQL sums are brought back to exact decimals
  (6 places, far finer than any score) before dividing;
- a workshop's attendance: present and absent as recorded, and its target participants
  (those of the KAK) with no attendance recorded yet;
- JP: each employee is credited the JP of every workshop attended; the report counts, for
  the calendar year of the cycle's workshops and over every workshop of the organisation in
  that year (all cycles), who reaches the yearly right of 20 JP (SE Kepala BKN 3/2022,
  DOMAIN.md §2.3);
- workshops are planned in the pack with target units, jabatan patterns, capacity and JP
  (`policy.services.workshop_targets`); besides the report the stage publishes, per
  workshop, the KAK and the Daftar Hadir, and per unit with employees not reached yet the
  list for its head (`policy.services.socialisation_docs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, func
from sqlalchemy import select as sa_select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from policy import audit
from policy.evaluation import round_half_up
from policy.locale import Locale
from policy.models import (
    Employee,
    Member,
    Stage,
    Workshop,
    WorkshopAttendance,
)
from policy.packplans import PackWorkshop
from policy.services.common import unit_names
from policy.services.imports import ingest_inputs
from policy.services.socialisation_coverage import NO_ATTENDANCE as NO_ATTENDANCE
from policy.services.socialisation_coverage import (
    blocker_messages,
    coverage_by_unit,
    has_attendance,
    of_cycle,
    ordered,
    present,
)
from policy.services.socialisation_coverage import coverage_blockers as coverage_blockers
from policy.services.socialisation_docs import (
    Publishing,
    Seating,
    UnitStanding,
    for_all,
    last_session,
    publish_unit_lists,
    publish_workshop_documents,
    seating,
    session_rows,
)
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
from policy.services.workshop_targets import (
    JP_RIGHT,
    jp_by_employee,
    jp_by_unit,
    recorded_targets,
)
from policy.views.socialisation import (
    ComprehensionRow,
    CoverageRow,
    JpUnit,
    NotReachedUnit,
    Person,
    SocialisationView,
    WorkshopRow,
)

STAGE = Stage.SOCIALISATION
TITLES = {"id": "Laporan Sosialisasi", "en": "Socialisation Report"}
_SUM_PLACES = Decimal("0.000001")

INPUTS: dict[str, InputSpec] = {
    "kehadiran": InputSpec(
        "kehadiran_kegiatan", True, "daftar hadir dan nilai pre/post test kegiatan (CSV/XLSX)"
    ),
}


@dataclass(frozen=True)
class Comprehension:
    """Pre/post test means of a workshop or unit (None when nobody has both scores).

    `tested` counts people (each once); the means are over their attendances with both scores.
    """

    code: str
    tested: int
    pre: Fraction | None
    post: Fraction | None

    @property
    def gain(self) -> Fraction | None:
        """Mean post minus mean pre."""
        return None if self.pre is None or self.post is None else self.post - self.pre


def _exact(total: float | Decimal | None) -> Fraction:
    """A float SQL sum of scores back to an exact value (see the module docstring)."""
    return Fraction(Decimal(str(total or 0)).quantize(_SUM_PLACES))


def _sessions(pw: PackWorkshop) -> list[dict[str, Any]]:
    """The further sessions as stored: the workshop's hours and venue where a session has none."""
    own = pw.hours()
    out = []
    for s in pw.sessions:
        hours = s.hours() or own
        out.append({
            "date": s.date.isoformat(),
            "starts_at": hours.start.isoformat() if hours else None,
            "ends_at": hours.end.isoformat() if hours and hours.end else None,
            "venue": s.venue or pw.venue,
        })  # fmt: skip
    return out


def plan_workshops(session: Session, ctx: RunContext, actor: str = "") -> list[str]:
    """Create the cycle's workshops from the pack, or update them where the pack changed.

    Flushes; returns the codes created or updated.
    """
    cycle_id = ctx.cycle.id or 0
    have = {w.code: w for w in session.exec(select(Workshop).where(Workshop.cycle_id == cycle_id))}
    added, updated = [], []
    for pw in ctx.pack.workshops:
        hours = pw.hours()
        values: dict[str, Any] = {
            "topic": pw.topic, "held_on": pw.date, "starts_at": hours.start if hours else None,
            "ends_at": hours.end if hours else None, "trainer": pw.trainer, "venue": pw.venue,
            "units": list(pw.units), "positions": list(pw.positions), "capacity": pw.capacity,
            "jp": pw.jp, "sessions": _sessions(pw),
        }  # fmt: skip
        workshop = have.get(pw.code)
        if workshop is None:
            session.add(Workshop.model_validate({"cycle_id": cycle_id, "code": pw.code, **values}))
            added.append(pw.code)
        elif any(getattr(workshop, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(workshop, k, v)
            session.add(workshop)
            updated.append(pw.code)
    if added or updated:
        session.flush()
        audit.record(
            session, actor=actor or ctx.run.started_by, action="workshops.planned",
            subject_type="cycle", subject_id=cycle_id, organisation_id=ctx.org_id,
            payload={"workshops": added, "updated": updated},
        )  # fmt: skip
    return added + updated


def ingest(
    *,
    session: Session,
    run_id: int,
    inputs: Mapping[str, Path],
    actor: str,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Plan the pack's workshops and import the attendance file, in one transaction."""
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    check_inputs(INPUTS, inputs, STAGE)
    try:
        planned = plan_workshops(session, ctx, actor)
        done = ingest_inputs(session, ctx, INPUTS, inputs, ("kehadiran",), actor, as_of)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return {"workshops_planned": planned, **done}


# --------------------------------------------------------------------- aggregation


def _scored() -> ColumnElement[bool]:
    return and_(present(), col(WorkshopAttendance.pre_test).is_not(None),
                col(WorkshopAttendance.post_test).is_not(None))  # fmt: skip


def _test_columns() -> tuple[Any, ...]:
    """People with both scores (COUNT DISTINCT NIP), attendances with both, and their sums."""
    scored = _scored()
    return (
        func.count(func.distinct(case((scored, WorkshopAttendance.nip), else_=None))),
        func.sum(case((scored, 1), else_=0)),
        func.sum(case((scored, WorkshopAttendance.pre_test), else_=None)),
        func.sum(case((scored, WorkshopAttendance.post_test), else_=None)),
    )


def _comprehension(code: str, people: int | None, rows: int | None, pre: float | None,
                   post: float | None) -> Comprehension:  # fmt: skip
    n = int(rows or 0)
    if not n:
        return Comprehension(code, 0, None, None)
    return Comprehension(code, int(people or 0), _exact(pre) / n, _exact(post) / n)


def workshop_stats(session: Session, cycle_id: int) -> dict[str, tuple[int, int, Comprehension]]:
    """Per workshop code: (present, absent, comprehension) of its attendance records."""
    rows = session.execute(
        sa_select(col(Workshop.code), func.sum(case((present(), 1), else_=0)),
                  func.sum(case((present(), 0), else_=1)), *_test_columns())
        .select_from(WorkshopAttendance)
        .join(Workshop, col(Workshop.id) == col(WorkshopAttendance.workshop_id))
        .where(col(Workshop.cycle_id) == cycle_id).group_by(col(Workshop.code))
    ).all()  # fmt: skip
    return {
        code: (int(p or 0), int(a or 0), _comprehension(code, people, n, pre, post))
        for code, p, a, people, n, pre, post in rows
    }


def comprehension_by_unit(session: Session, org_id: int, cycle_id: int) -> list[Comprehension]:
    """Comprehension per unit of the attendees (by unit code), each person counted once."""
    rows = session.execute(
        sa_select(col(Employee.unit_code), *_test_columns())
        .select_from(WorkshopAttendance)
        .join(Employee, and_(col(Employee.nip) == col(WorkshopAttendance.nip),
                             col(Employee.organisation_id) == org_id))
        .where(present(), of_cycle(cycle_id))
        .group_by(Employee.unit_code).order_by(Employee.unit_code)
    ).all()  # fmt: skip
    return [_comprehension(code, people, n, pre, post) for code, people, n, pre, post in rows]


def not_reached(session: Session, org_id: int, cycle_id: int) -> list[tuple[str, str, str, str]]:
    """Employees present at no workshop of the cycle: (unit code, name, NIP, position)."""
    reached = select(WorkshopAttendance.nip).where(present(), of_cycle(cycle_id))
    rows = session.exec(
        select(Employee.unit_code, Employee.name, Employee.nip, Employee.position)
        .where(Employee.organisation_id == org_id, col(Employee.nip).not_in(reached))
        .order_by(Employee.unit_code, Employee.name, Employee.nip)
    ).all()  # fmt: skip
    return [(unit, name, nip, position) for unit, name, nip, position in rows]


# ------------------------------------------------------------------------- produce


def _pct(value: Fraction) -> Decimal:
    return round_half_up(value * 100, 1)


def _mean(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


def _comp_row(label: str, c: Comprehension) -> ComprehensionRow:
    return ComprehensionRow(label=label, code=c.code, tested=c.tested, pre=_mean(c.pre),
                            post=_mean(c.post), gain=_mean(c.gain))  # fmt: skip


def _workshop_row(session: Session, org_id: int, w: Workshop, names: Mapping[str, str],
                  stats: Mapping[str, tuple[int, int, Comprehension]],
                  seats: Seating) -> WorkshopRow:  # fmt: skip
    """A workshop's line: recorded present and absent, and its target not recorded yet."""
    here, away = stats[w.code][:2] if w.code in stats else (0, 0)
    invited, with_record = recorded_targets(
        session, org_id, [] if for_all(w, names) else w.units, w.positions, w.id or 0
    )
    return WorkshopRow(
        code=w.code, topic=w.topic, held_on=w.held_on, last_on=last_session(w),
        sessions=1 + len(w.sessions), trainer=w.trainer, venue=w.venue, jp=w.jp,
        units=[] if for_all(w, names) else [names.get(c, c) for c in w.units],
        present=here, absent=away, invited=invited, unrecorded=invited - with_record,
        outside_target=here + away - with_record,
        **_by_session(session, w, seats),
    )  # fmt: skip


def _by_session(session: Session, w: Workshop, seats: Seating) -> dict[str, Any]:
    """A workshop held in several sessions: its `session_rows` and `unplaced` attendees."""
    if not w.sessions:
        return {}
    rows, unplaced = session_rows(session, w, seats)
    return {"session_rows": rows, "unplaced": unplaced}


def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Compute coverage, comprehension and JP; publish the report and the other documents.

    Besides the Laporan Sosialisasi: per workshop the KAK and the Daftar Hadir, per unit
    with employees not reached yet the list for its head.
    """
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    on = document_date(as_of)
    plan_workshops(session, ctx, actor)
    cycle_id, org_id = ctx.cycle.id or 0, ctx.org_id
    names = unit_names(session, org_id)
    in_pack = ctx.unit_order
    target = Fraction(ctx.pack.stages.socialisation_coverage_target)

    units = coverage_by_unit(session, org_id, cycle_id)
    attended = has_attendance(session, cycle_id)
    blockers = blocker_messages(units, target, attended)
    coverage = [CoverageRow(code=u.code, unit=u.name, employees=u.employees, reached=u.reached,
                            percent=_pct(u.share), below_target=u.share < target)
                for u in ordered(units, target, in_pack)]  # fmt: skip
    employees_total = sum(u.employees for u in units)
    reached_total = sum(u.reached for u in units)
    overall = Fraction(reached_total, employees_total) if employees_total else Fraction(0)

    workshops = session.exec(
        select(Workshop).where(Workshop.cycle_id == cycle_id)
        .order_by(col(Workshop.held_on), col(Workshop.code))
    ).all()  # fmt: skip
    stats = workshop_stats(session, cycle_id)
    # Each workshop's participants are read and seated once, for the Laporan, KAK and lists.
    seated_by = {w.id or 0: seating(session, org_id, w, names) for w in workshops}
    workshop_rows = [_workshop_row(session, org_id, w, names, stats, seated_by[w.id or 0])
                     for w in workshops]  # fmt: skip
    comp_workshops = [_comp_row(w.topic, stats[w.code][2]) for w in workshops if w.code in stats]
    comp_units = [_comp_row(names.get(c.code, c.code), c)
                  for c in sorted(comprehension_by_unit(session, org_id, cycle_id),
                                  key=lambda c: in_pack(c.code))]  # fmt: skip
    jp_year = max((w.held_on.year for w in workshops), default=on.year)
    jp_units = [JpUnit(unit=names.get(code, code), reached=n, total_jp=total,
                       mean_jp=round_half_up(Fraction(total, n), 1), at_right=right)
                for code, n, total, right in sorted(jp_by_unit(session, org_id, jp_year),
                                                    key=lambda row: in_pack(row[0]))]  # fmt: skip
    missing: dict[str, list[Person]] = {}
    for code, name, nip, position in not_reached(session, org_id, cycle_id):
        missing.setdefault(code, []).append(Person(name=name, nip=nip, position=position))
    order = {u.code: i for i, u in enumerate(ordered(units, target, in_pack))}
    not_reached_units = [
        NotReachedUnit(unit=names.get(code, code), people=people)
        for code, people in sorted(missing.items(), key=lambda kv: order.get(kv[0], 0))
    ]
    member = session.exec(select(Member).where(
        Member.organisation_id == org_id, Member.username == actor)).first()  # fmt: skip
    prepared_by = member.name if member else actor
    prepared_title = member.title if member else ""

    def report(locale: Locale) -> SocialisationView:
        return SocialisationView(
            header=ctx.header(TITLES[locale], on), legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title, target_percent=_pct(target), workshops=workshop_rows,
            coverage=coverage, employees_total=employees_total, reached_total=reached_total,
            coverage_overall=_pct(overall), comprehension_workshops=comp_workshops,
            comprehension_units=comp_units, jp_right=JP_RIGHT, jp_year=jp_year, jp_units=jp_units,
            jp_total=sum(j.total_jp for j in jp_units),
            jp_at_right=sum(j.at_right for j in jp_units), has_attendance=attended,
            gate_open=not blockers, not_reached=not_reached_units, prepared_by=prepared_by,
            prepared_by_title=prepared_title,
        )  # fmt: skip

    # The report made again on a later day with the same attendance keeps its version and
    # date; the workshops' KAK and sign-in lists are published as before.
    docs = publish_all(session, ctx, key="laporan-sosialisasi", template="laporan_sosialisasi",
                       views={loc: report(loc) for loc in locales}, actor=actor,
                       flow_run_id=flow_run_id, keep_dated=True)  # fmt: skip
    publishing = Publishing(session, ctx, on, locales, actor, flow_run_id,
                            (prepared_by, prepared_title))  # fmt: skip
    docs += publish_workshop_documents(publishing, workshops, names, seated_by)
    standing = [UnitStanding(u.code, u.name, u.employees, u.reached,
                             tuple((p.name, p.nip, p.position) for p in missing.get(u.code, [])))
                for u in ordered(units, target, in_pack)]  # fmt: skip
    docs += publish_unit_lists(publishing, standing, workshops, names, target,
                               jp_by_employee(session, org_id, jp_year), jp_year)  # fmt: skip
    session.commit()
    return StageOutput(
        summary={
            "as_of": on.isoformat(),
            "workshops": len(workshops),
            "attendees": reached_total,
            "coverage_overall": str(_pct(overall)),
            "units_below_target": [c.unit for c in coverage if c.below_target],
            "gate_open": not blockers,
        },
        documents=docs,
        report_title=TITLES[locales[0]],
        report_markdown=main_markdown(docs),
        tables={"cakupan": [{"kode": c.code, "unit": c.unit, "pegawai": c.employees,
                             "terjangkau": c.reached, "cakupan_persen": str(c.percent),
                             "target_persen": str(_pct(target)), "di_bawah_target": c.below_target}
                            for c in coverage]},
    )  # fmt: skip
