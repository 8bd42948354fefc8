"""Working days of Indonesian government offices: weekends, national holidays, cuti bersama.

Layer: domain rules, pure (counterparts: `policy.services.deadlines`, `policy.services.rollout`).
A day is a working day when it is Monday–Friday, not a national holiday (hari libur
nasional), not a cuti bersama day, and not one of the organisation's own extra holidays;
a date the pack lists as an extra working day (a working Saturday, a cancelled cuti
bersama) is a working day whatever else holds.

National holidays and cuti bersama come from the maintained `holidays` library
(`holidays.country_holidays("ID")`): its `public` category holds the hari libur nasional
and its `government` category the cuti bersama set each year by the SKB Menteri Agama,
Menteri Ketenagakerjaan dan Menteri PANRB. The years it knows cuti bersama for are those
whose SKB was signed before the library's release; `joint_leave_known(year)` tells, so a
deadline in a later year can be flagged as provisional. Islamic holidays of years not yet
decided are the library's estimates.

Deadline arithmetic: `add_working_days(start, n)` is the n-th working day after `start`
(the start day itself is not counted), so a stage started on Tuesday 17 March 2026 with one
working day is due on Wednesday 25 March 2026 (Nyepi, Idul Fitri and its cuti bersama fall in
between).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

#: The library's categories for hari libur nasional and cuti bersama.
PUBLIC, JOINT_LEAVE = "public", "government"
#: Refuse absurd offsets (about 40 years of working days) instead of looping for ever.
MAX_WORKING_DAYS = 10_000


def _country(year: int, categories: tuple[str, ...], language: str | None = None) -> Any:
    """The library's Indonesian holidays of `year` in `categories`.

    The library is imported here, when a calendar is first needed: importing it loads every
    country's calendar (tens of milliseconds that a command reading no dates need not pay).
    """
    import holidays

    return holidays.country_holidays("ID", years=year, categories=categories, language=language)


@lru_cache(maxsize=64)
def _national(year: int) -> Mapping[date, str]:
    """Holidays and cuti bersama of one year, with their Indonesian names."""
    found = _country(year, (PUBLIC, JOINT_LEAVE), language="id")
    return {day: "; ".join(found.get_list(day)) for day in sorted(found)}


@lru_cache(maxsize=64)
def _joint_leave(year: int) -> frozenset[date]:
    return frozenset(_country(year, (JOINT_LEAVE,)))


def national_holidays(year: int) -> dict[date, str]:
    """Hari libur nasional and cuti bersama of `year`, by date, with Indonesian names."""
    return dict(_national(year))


def joint_leave_days(year: int) -> frozenset[date]:
    """The cuti bersama days of `year` (empty when the SKB is not in the library yet)."""
    return _joint_leave(year)


def joint_leave_known(year: int) -> bool:
    """Whether the library knows the cuti bersama of `year`."""
    return bool(_joint_leave(year))


@dataclass(frozen=True)
class WorkCalendar:
    """The working-day calendar of one organisation."""

    extra_holidays: Mapping[date, str] = field(default_factory=dict)
    extra_working_days: frozenset[date] = frozenset()

    @classmethod
    def of(
        cls,
        extra_holidays: Iterable[tuple[date, str]] = (),
        extra_working_days: Iterable[date] = (),
    ) -> WorkCalendar:
        """A calendar with the organisation's own extra holidays and working days."""
        return cls(dict(extra_holidays), frozenset(extra_working_days))

    def holiday_name(self, day: date) -> str | None:
        """Why `day` is not a working day ('Sabtu', the holiday's name), or None."""
        if day in self.extra_working_days:
            return None
        if day in self.extra_holidays:
            return self.extra_holidays[day]
        national = _national(day.year).get(day)
        if national:
            return national
        if day.weekday() >= 5:
            return "Sabtu" if day.weekday() == 5 else "Minggu"
        return None

    def is_working_day(self, day: date) -> bool:
        """Monday–Friday and no holiday, or an extra working day."""
        return self.holiday_name(day) is None

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (0: `start` itself); negative counts back."""
        if abs(days) > MAX_WORKING_DAYS:
            raise ValueError(f"{days} hari kerja terlalu banyak (maksimum {MAX_WORKING_DAYS})")
        step = timedelta(days=1 if days >= 0 else -1)
        day, left = start, abs(days)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier).

        `working_days_between(a, add_working_days(a, n)) == n` for every n >= 0.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        """`day` when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day
