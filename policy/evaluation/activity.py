"""e-Kinerja activity reports (laporan kegiatan harian, LKH) as an evaluation input.

Layer: domain, pure. The organisation's e-Kinerja gives, per employee and month, the number
of days on which the employee wrote an activity report. A month counts as filled in when
that number reaches the pack's share of the month's working days (`evaluation.
activity_reports.min_share`, rounded up), or one day when the pack sets no share. An
employee filled in the period when every month of it counts. Decisions where no
regulation speaks:

- Every employee on the staff list is counted; one the recap does not name reported on no
  day (an export omits those who never opened the application).
- Working days on leave (cuti, the recap's `hari_cuti`) need no report: the share is taken
  of the working days the employee was at work, and a month spent wholly on leave counts as
  filled in. Cuti bersama is already a day off in the pack's calendar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from policy.evaluation.rounding import round_half_up


def months_of(start: date, end: date) -> list[str]:
    """The month codes ('2026-07') from `start`'s month to `end`'s, in order."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def required_days(working_days: int, min_share: Decimal | None, leave_days: int = 0) -> int:
    """Days with a report a month needs: ⌈share × days at work⌉, at least 1.

    The days at work are the month's working days less those on leave; a month with none
    (wholly on leave, or no working day at all) needs no report.
    """
    at_work = working_days - leave_days
    if at_work <= 0:
        return 0
    if min_share is None:
        return 1
    return max(1, math.ceil(Fraction(min_share) * at_work))


@dataclass(frozen=True, slots=True)
class ActivityStats:
    """A unit's (or the organisation's) employees and how they filled in their reports."""

    employees: int = 0
    complete: int = 0
    """Filled in every month of the period."""
    silent: int = 0
    """Reported on no day in the period, though some day needed a report."""
    on_leave: int = 0
    """Employees with any working day on leave in the period (`hari_cuti`)."""

    def __add__(self, other: ActivityStats) -> ActivityStats:
        return ActivityStats(
            self.employees + other.employees,
            self.complete + other.complete,
            self.silent + other.silent,
            self.on_leave + other.on_leave,
        )

    @property
    def share_complete(self) -> Fraction | None:
        """Share of the employees who filled in every month (None: no employee)."""
        return Fraction(self.complete, self.employees) if self.employees else None

    def percent_complete(self, places: int) -> Decimal | None:
        """`share_complete` as a percentage rounded half-up."""
        share = self.share_complete
        return None if share is None else round_half_up(share * 100, places)
