"""Socialisation coverage, and the gate to implementation it holds.

Layer: domain services (part of `policy.services.socialisation`, which re-exports it).
Coverage of a unit = its employees present at one or more workshops of the cycle / its
employees, for every unit that has employees; a unit under the pack's
`socialisation_coverage_target` holds the gate to implementation (`coverage_blockers`).
Kept apart from the stage's documents and views: `siklus status` reads the gate without
loading them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from policy.locale import format_percent
from policy.models import Cycle, Employee, Organisation, Policy, Unit, Workshop, WorkshopAttendance
from policy.services.common import org_pack

NO_ATTENDANCE = "sosialisasi belum memiliki data kehadiran (belum ada pegawai yang tercatat hadir)"


@dataclass(frozen=True)
class UnitCoverage:
    """Coverage of one unit, exact."""

    code: str
    name: str
    employees: int
    reached: int

    @property
    def share(self) -> Fraction:
        """Reached employees / employees."""
        return Fraction(self.reached, self.employees)


def present() -> ColumnElement[bool]:
    """Attendance rows of people who were present."""
    return col(WorkshopAttendance.present).is_(True)


def of_cycle(cycle_id: int) -> ColumnElement[bool]:
    """Attendance rows of the cycle's workshops."""
    return col(WorkshopAttendance.workshop_id).in_(
        select(Workshop.id).where(Workshop.cycle_id == cycle_id)
    )


def coverage_by_unit(session: Session, org_id: int, cycle_id: int) -> list[UnitCoverage]:
    """Coverage of every unit that has employees, by unit code (COUNT DISTINCT over a join)."""
    reached = and_(col(WorkshopAttendance.nip) == col(Employee.nip), present(), of_cycle(cycle_id))
    unit = and_(col(Unit.organisation_id) == col(Employee.organisation_id),
                col(Unit.code) == col(Employee.unit_code))  # fmt: skip
    rows = session.exec(
        select(Employee.unit_code, Unit.name, func.count(func.distinct(Employee.nip)),
               func.count(func.distinct(WorkshopAttendance.nip)))
        .select_from(Employee).outerjoin(WorkshopAttendance, reached).outerjoin(Unit, unit)
        .where(Employee.organisation_id == org_id)
        .group_by(Employee.unit_code, Unit.name).order_by(Employee.unit_code)
    ).all()  # fmt: skip
    return [UnitCoverage(code, name or code, n, r) for code, name, n, r in rows]


def has_attendance(session: Session, cycle_id: int) -> bool:
    """Whether anyone is recorded present at a workshop of the cycle."""
    first = session.exec(
        select(WorkshopAttendance.id).where(present(), of_cycle(cycle_id)).limit(1)
    ).first()
    return first is not None


def ordered(
    units: list[UnitCoverage], target: Fraction, place: Callable[[str], Any] | None = None
) -> list[UnitCoverage]:
    """Units below target first (lowest coverage first), then the others.

    The others go by `place` (a sort key of unit codes: the pack's order), else by name.
    """
    below = sorted((u for u in units if u.share < target), key=lambda u: (u.share, u.name))
    rest = sorted(
        (u for u in units if u.share >= target),
        key=(lambda u: place(u.code)) if place is not None else (lambda u: u.name),
    )
    return below + rest


def blocker_messages(units: list[UnitCoverage], target: Fraction, attended: bool) -> list[str]:
    """The gate's reasons: no attendance yet, else each unit under target (lowest first)."""
    if not attended:
        return [NO_ATTENDANCE]
    return [
        f"cakupan sosialisasi {u.name} {format_percent(u.share * 100, 1)} di bawah target "
        f"{format_percent(target * 100, 1)}"
        for u in ordered(units, target)
        if u.share < target
    ]


def coverage_blockers(session: Session, cycle: Cycle) -> list[str]:
    """Why the gate to implementation is closed: units under the coverage target (Indonesian)."""
    policy = session.get(Policy, cycle.policy_id)
    assert policy is not None
    org = session.get(Organisation, policy.organisation_id)
    assert org is not None
    target = Fraction(org_pack(org).stages.socialisation_coverage_target)
    cycle_id = cycle.id or 0
    units = coverage_by_unit(session, org.id or 0, cycle_id)
    return blocker_messages(units, target, has_attendance(session, cycle_id))
