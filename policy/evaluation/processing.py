"""Service processing times (waktu penyelesaian layanan), as an evaluation input.

Layer: domain, pure. A service unit's requests (permohonan) of a period are counted from
the day each was received to the day it was finished, in working days of the
organisation's calendar (`policy.workdays`): the day of receipt is not counted, so a
request finished the day it came in took 0 working days, one finished the next working
day 1. The Standar Pelayanan of a kind of service (PermenPANRB 15/2014) states its
jangka waktu penyelesaian in working days; the pack gives it per kind (`service_days`).
Decisions where no regulation speaks:

- The mean is over the finished requests only; an unfinished one has no time yet.
- "Selesai di hari yang sama" is a share of every request received: one not finished is
  not finished the same day.
- "Sesuai standar" includes the standard itself (3 days with a 3-day standard). Its share
  is over the requests that can be judged: the finished ones, and the unfinished ones
  whose standard ran out by the period's last day (late already). An unfinished request
  still within its standard at the period's end is neither on time nor late.
- Kinds of service without a standard count in the totals but not in "sesuai standar".

Every count is a sum, so a unit's figures are its kinds' added (`ProcessingStats.__add__`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from policy.evaluation.rounding import round_half_up


@dataclass(frozen=True, slots=True)
class ProcessingStats:
    """Counts of one kind of service (or a unit's kinds added) in one period."""

    requests: int = 0
    finished: int = 0
    days: int = 0
    """Working days of the finished requests, added."""
    same_day: int = 0
    with_standard: int = 0
    """Requests of kinds with a standard."""
    judged: int = 0
    """Of those, the finished ones and the unfinished ones past their standard."""
    within: int = 0
    """Finished within the standard."""

    def __add__(self, other: ProcessingStats) -> ProcessingStats:
        return ProcessingStats(
            self.requests + other.requests,
            self.finished + other.finished,
            self.days + other.days,
            self.same_day + other.same_day,
            self.with_standard + other.with_standard,
            self.judged + other.judged,
            self.within + other.within,
        )

    @property
    def unfinished(self) -> int:
        """Requests received and not finished."""
        return self.requests - self.finished

    @property
    def late(self) -> int:
        """Requests past their standard: finished after it, or unfinished when it ran out."""
        return self.judged - self.within

    @property
    def mean_days(self) -> Fraction | None:
        """Mean working days of the finished requests (None: none finished)."""
        return Fraction(self.days, self.finished) if self.finished else None

    @property
    def share_same_day(self) -> Fraction | None:
        """Share of the requests finished the day they came in (None: no request)."""
        return Fraction(self.same_day, self.requests) if self.requests else None

    @property
    def share_within(self) -> Fraction | None:
        """Share of the judged requests finished within their standard (None: none judged)."""
        return Fraction(self.within, self.judged) if self.judged else None


def kind_stats(
    groups: Iterable[tuple[date, date | None, int]],
    standard: int | None,
    period_end: date,
    working_days: Callable[[date, date], int],
    add_working_days: Callable[[date, int], date],
) -> ProcessingStats:
    """The statistics of one kind of service from its requests grouped by their two days.

    `groups` holds (received on, finished on or None, how many requests); `standard` is
    the kind's jangka waktu penyelesaian in working days (None: the pack gives none).
    `working_days(a, b)` counts the working days after `a` up to and including `b`, and
    `add_working_days(a, n)` is the n-th working day after `a` (`policy.workdays`).

    Raises:
        ValueError: a request finished before it was received, or a negative standard.
    """
    if standard is not None and standard < 0:
        raise ValueError(f"standar waktu penyelesaian tidak boleh negatif ({standard})")
    requests = finished = days = same_day = judged = within = 0
    for received, done, count in groups:
        requests += count
        if done is None:
            if standard is not None and add_working_days(received, standard) < period_end:
                judged += count
            continue
        if done < received:
            raise ValueError(f"selesai {done.isoformat()} sebelum diterima {received.isoformat()}")
        took = working_days(received, done)
        finished += count
        days += took * count
        same_day += count if done == received else 0
        if standard is not None:
            judged += count
            within += count if took <= standard else 0
    return ProcessingStats(
        requests, finished, days, same_day, requests if standard is not None else 0, judged,
        within,
    )  # fmt: skip


def percent(share: Fraction | None, places: int) -> Decimal | None:
    """A share as a percentage rounded half-up (None stays None)."""
    return None if share is None else round_half_up(share * 100, places)


def mean_days(stats: ProcessingStats, places: int) -> Decimal | None:
    """The mean working days rounded half-up (None: nothing finished)."""
    mean = stats.mean_days
    return None if mean is None else round_half_up(mean, places)
