"""Who a workshop is for, and the JP each employee has been credited in a calendar year.

Layer: domain services (helpers of `policy.services.socialisation`; they only read).
- Participants of a workshop: the organisation's employees in its target units (all units
  when none are named) whose jabatan matches one of its position patterns (every jabatan
  when none are given). A pattern is matched case-insensitively against the whole jabatan,
  with `*` for any text and `?` for one character ("Kepala *", "*Guru*"); it becomes a SQL
  LIKE, so the matching runs in the database.
- JP in a year: the sum of the JP of every workshop of the organisation held in that
  calendar year (any cycle, any policy) that the employee attended. The yearly right is 20 JP
  (SE Kepala BKN 3/2022, DOMAIN.md §2.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, case, false, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from policy.models import Cycle, Employee, Policy, Workshop, WorkshopAttendance

JP_RIGHT = 20


def like_pattern(pattern: str) -> str:
    """A jabatan pattern ('*' any text, '?' one character) as a lower-case SQL LIKE pattern."""
    out = []
    for ch in pattern.strip().lower():
        if ch in "\\%_":
            out.append("\\" + ch)
        elif ch == "*":
            out.append("%")
        elif ch == "?":
            out.append("_")
        else:
            out.append(ch)
    return "".join(out)


def position_matches(patterns: Sequence[str]) -> ColumnElement[bool] | None:
    """A condition on `Employee.position` for the patterns (None: every position)."""
    cleaned = [p for p in patterns if p.strip()]
    if not cleaned:
        return None
    position = func.lower(col(Employee.position))
    return or_(false(), *(position.like(like_pattern(p), escape="\\") for p in cleaned))


def _targets(org_id: int, units: Sequence[str], positions: Sequence[str]) -> list[Any]:
    where: list[Any] = [col(Employee.organisation_id) == org_id]
    if units:
        where.append(col(Employee.unit_code).in_(list(units)))
    matches = position_matches(positions)
    if matches is not None:
        where.append(matches)
    return where


def target_counts(
    session: Session, org_id: int, units: Sequence[str], positions: Sequence[str]
) -> dict[str, int]:
    """Participants of a workshop per unit code (COUNT with GROUP BY)."""
    rows = session.exec(
        select(Employee.unit_code, func.count())
        .where(*_targets(org_id, units, positions))
        .group_by(Employee.unit_code)
    ).all()
    return {code: int(n) for code, n in rows}


def target_people(
    session: Session, org_id: int, units: Sequence[str], positions: Sequence[str]
) -> list[tuple[str, str, str, str]]:
    """Participants of a workshop: (unit code, name, NIP, jabatan), by unit then name."""
    rows = session.exec(
        select(Employee.unit_code, Employee.name, Employee.nip, Employee.position)
        .where(*_targets(org_id, units, positions))
        .order_by(col(Employee.unit_code), col(Employee.name), col(Employee.nip))
    ).all()
    return [(u, n, nip, p) for u, n, nip, p in rows]


def recorded_targets(
    session: Session, org_id: int, units: Sequence[str], positions: Sequence[str], workshop_id: int
) -> tuple[int, int]:
    """A workshop's participants, and how many of them have its attendance recorded."""
    recorded = select(WorkshopAttendance.nip).where(WorkshopAttendance.workshop_id == workshop_id)
    total, with_record = session.exec(
        select(func.count(), func.sum(case((col(Employee.nip).in_(recorded), 1), else_=0))).where(
            *_targets(org_id, units, positions)
        )
    ).one()
    return int(total), int(with_record or 0)


def _jp_per_nip(org_id: int, year: int) -> Any:
    """Subquery: JP per NIP over the organisation's workshops held in `year`."""
    of_org = select(Cycle.id).join(Policy, col(Policy.id) == col(Cycle.policy_id))
    return (
        select(col(WorkshopAttendance.nip).label("nip"), func.sum(Workshop.jp).label("jp"))
        .join(Workshop, col(Workshop.id) == col(WorkshopAttendance.workshop_id))
        .where(col(Workshop.cycle_id).in_(of_org.where(Policy.organisation_id == org_id)),
               col(Workshop.held_on) >= date(year, 1, 1),
               col(Workshop.held_on) <= date(year, 12, 31),
               col(WorkshopAttendance.present).is_(True))
        .group_by(WorkshopAttendance.nip)
    )  # fmt: skip


def jp_by_employee(session: Session, org_id: int, year: int) -> dict[str, int]:
    """JP credited per NIP in the calendar year, over every cycle of the organisation."""
    return {nip: int(jp or 0) for nip, jp in session.execute(_jp_per_nip(org_id, year)).all()}


def jp_by_unit(session: Session, org_id: int, year: int) -> list[tuple[str, int, int, int]]:
    """Per unit code: (employees credited, total JP, employees at or above `JP_RIGHT`)."""
    per = _jp_per_nip(org_id, year).subquery()
    rows = session.execute(
        select(Employee.unit_code, func.count(), func.sum(per.c.jp),
               func.sum(case((per.c.jp >= JP_RIGHT, 1), else_=0)))
        .join(per, and_(per.c.nip == col(Employee.nip)))
        .where(Employee.organisation_id == org_id)
        .group_by(Employee.unit_code).order_by(Employee.unit_code)
    ).all()  # fmt: skip
    return [(code, int(n), int(total or 0), int(right or 0)) for code, n, total, right in rows]
