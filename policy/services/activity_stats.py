"""e-Kinerja activity reports (LKH) per unit kerja for an evaluation period.

Layer: domain services (queries; no commit). Each employee's months are judged in SQL
against the days each month requires (`policy.evaluation.activity`, from the pack's
calendar and share), and the employees are counted per unit in the same query: nothing is
read employee by employee.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from policy.evaluation.activity import ActivityStats, months_of, required_days
from policy.models import ActivityReport, Employee
from policy.packschema import Pack
from policy.services.deadlines import calendar_for


def month_working_days(pack: Pack, month: str) -> int:
    """Working days of a month ('2026-03') in the organisation's calendar."""
    first = date(int(month[:4]), int(month[5:7]), 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return calendar_for(pack).working_days_between(first - timedelta(days=1), last)


def _month_met(pack: Pack, months: list[str]) -> Any:
    """SQL: 1 when a recap row's month counts as filled in (`required_days`), else 0.

    The days at work are the month's working days less the row's days on leave; with a
    share p/q the month needs at least one report and days × q ≥ p × days at work (a whole
    number of days reaches ⌈share × days at work⌉ exactly then), without one a single day.
    """
    working = {m: month_working_days(pack, m) for m in months}
    at_work = case(working, value=col(ActivityReport.month)) - col(ActivityReport.leave_days)
    share = pack.evaluation.activity_reports.min_share
    days = col(ActivityReport.days)
    if share is None:
        enough = days >= 1
    else:
        part = Fraction(share)
        enough = and_(days >= 1, days * part.denominator >= at_work * part.numerator)
    return case((or_(at_work <= 0, enough), 1), else_=0)


def _of_months(organisation_id: int, months: list[str]) -> tuple[Any, ...]:
    """The conditions selecting an organisation's reports of these months."""
    return (
        col(ActivityReport.organisation_id) == organisation_id,
        col(ActivityReport.month).in_(months),
    )


def _any_report(session: Session, organisation_id: int, months: list[str]) -> bool:
    """Whether any report of these months was imported (one indexed probe)."""
    probe = sa_select(col(ActivityReport.id)).where(*_of_months(organisation_id, months))
    return session.execute(probe.limit(1)).first() is not None


def activity_by_unit(
    session: Session, organisation_id: int, pack: Pack, start: date, end: date
) -> dict[str, ActivityStats]:
    """Unit code -> its employees' activity reports over the months of start..end.

    Empty when no report of those months was imported (the period has no such data).
    """
    months = months_of(start, end)
    if not _any_report(session, organisation_id, months):
        return {}
    per_employee = (
        sa_select(
            col(ActivityReport.nip).label("nip"),
            func.sum(_month_met(pack, months)).label("met"),
            func.sum(col(ActivityReport.days)).label("days"),
            func.max(col(ActivityReport.leave_days)).label("leave"),
        )
        .where(*_of_months(organisation_id, months))
        .group_by(col(ActivityReport.nip))
        .subquery()
    )
    met = func.coalesce(per_employee.c.met, 0)
    complete = case((met == len(months), 1), else_=0)
    # No report at all, though some month needed one (not wholly on leave).
    no_report = func.coalesce(per_employee.c.days, 0) == 0
    silent = case((and_(no_report, met < len(months)), 1), else_=0)
    on_leave = case((per_employee.c.leave > 0, 1), else_=0)
    rows = session.execute(
        sa_select(col(Employee.unit_code), func.count(), func.sum(complete), func.sum(silent),
                  func.sum(on_leave))
        .select_from(Employee)
        .outerjoin(per_employee, per_employee.c.nip == col(Employee.nip))
        .where(col(Employee.organisation_id) == organisation_id)
        .group_by(col(Employee.unit_code))
    )  # fmt: skip
    return {
        unit: ActivityStats(int(n), int(done or 0), int(none or 0), int(away or 0))
        for unit, n, done, none, away in rows
    }


class EmployeeMonth(NamedTuple):
    """One month of an employee's recap, as the private sheet shows it."""

    month: str
    days: int
    """Days with an activity report."""
    leave: int
    """Working days on leave."""
    required: int
    """Days with a report the month needs (`required_days`)."""


def employee_months(
    session: Session, organisation_id: int, pack: Pack, start: date, end: date, nips: list[str]
) -> dict[str, list[EmployeeMonth]]:
    """NIP -> its `EmployeeMonth` for each month of start..end.

    Empty when no report of those months was imported; a month an employee's recap lacks
    has 0 days and no leave. One query for every sheet being issued.
    """
    months = months_of(start, end)
    rows = session.execute(
        sa_select(col(ActivityReport.nip), col(ActivityReport.month), col(ActivityReport.days),
                  col(ActivityReport.leave_days))
        .where(*_of_months(organisation_id, months), col(ActivityReport.nip).in_(nips))
    ).all()  # fmt: skip
    if not rows and not _any_report(session, organisation_id, months):
        return {}
    share = pack.evaluation.activity_reports.min_share
    working = {m: month_working_days(pack, m) for m in months}
    found = {(nip, month): (days, leave) for nip, month, days, leave in rows}

    def month_of(nip: str, m: str) -> EmployeeMonth:
        days, leave = found.get((nip, m), (0, 0))
        return EmployeeMonth(m, days, leave, required_days(working[m], share, leave))

    return {nip: [month_of(nip, m) for m in months] for nip in nips}
