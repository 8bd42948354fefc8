"""e-Kinerja activity reports (LKH) per unit kerja for an evaluation period.

Layer: domain services (queries; no commit). Each employee's months are judged in SQL
against the days each month requires (`policy.evaluation.activity`, from the pack's
calendar and share), and the employees are counted per unit in the same query: nothing is
read employee by employee.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func
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


def _required(pack: Pack, months: list[str]) -> dict[str, int]:
    """Each month's days with a report it needs to count as filled in."""
    share = pack.evaluation.activity_reports.min_share
    return {m: required_days(month_working_days(pack, m), share) for m in months}


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
    month_met = case(
        (col(ActivityReport.days) >= case(_required(pack, months), value=col(ActivityReport.month)),
         1),
        else_=0,
    )  # fmt: skip
    per_employee = (
        sa_select(
            col(ActivityReport.nip).label("nip"),
            func.sum(month_met).label("met"),
            func.sum(col(ActivityReport.days)).label("days"),
        )
        .where(*_of_months(organisation_id, months))
        .group_by(col(ActivityReport.nip))
        .subquery()
    )
    complete = case((per_employee.c.met == len(months), 1), else_=0)
    silent = case((func.coalesce(per_employee.c.days, 0) == 0, 1), else_=0)
    rows = session.execute(
        sa_select(col(Employee.unit_code), func.count(), func.sum(complete), func.sum(silent))
        .select_from(Employee)
        .outerjoin(per_employee, per_employee.c.nip == col(Employee.nip))
        .where(col(Employee.organisation_id) == organisation_id)
        .group_by(col(Employee.unit_code))
    )
    return {
        unit: ActivityStats(int(n), int(done or 0), int(none or 0)) for unit, n, done, none in rows
    }


def employee_months(
    session: Session, organisation_id: int, pack: Pack, start: date, end: date, nips: list[str]
) -> dict[str, list[tuple[str, int, int]]]:
    """NIP -> (month, days with a report, days required) for each month of start..end.

    Empty when no report of those months was imported; a month an employee's recap lacks
    has 0 days. One query for every sheet being issued.
    """
    months = months_of(start, end)
    rows = session.execute(
        sa_select(col(ActivityReport.nip), col(ActivityReport.month), col(ActivityReport.days))
        .where(*_of_months(organisation_id, months), col(ActivityReport.nip).in_(nips))
    ).all()  # fmt: skip
    if not rows and not _any_report(session, organisation_id, months):
        return {}
    needed = _required(pack, months)
    days = {(nip, month): n for nip, month, n in rows}
    return {nip: [(m, days.get((nip, m), 0), needed[m]) for m in months] for nip in nips}
