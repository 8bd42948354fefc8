"""Response-time statistics of public complaints (pengaduan), as an evaluation input.

Layer: domain, pure. The caller reads a unit's response times for the period (in hours;
None for a complaint never answered) and the pack's response limit. Decisions where no
regulation speaks:

- Unanswered complaints count in the total and never as answered on time; the time
  statistics are over the answered ones only.
- "On time" includes the limit itself (answered in exactly 72 hours with a 72-hour limit).
- The median of an even count is the mean of the two middle values; the 90th percentile
  is the nearest-rank value, the ⌈0,9·n⌉-th smallest (an actual response time, never an
  interpolation).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from policy.evaluation.rounding import Number, as_fraction

P90 = Fraction(9, 10)


@dataclass(frozen=True, slots=True)
class ResponseStats:
    """A unit's complaint response times for one period (exact values, in hours)."""

    count: int
    answered: int
    mean: Fraction | None
    median: Fraction | None
    p90: Fraction | None
    within: int
    share_within: Fraction | None

    @property
    def unanswered(self) -> int:
        """Complaints with no response time."""
        return self.count - self.answered


def nearest_rank(values: list[Fraction], share: Fraction) -> Fraction:
    """The ⌈share·n⌉-th smallest of sorted `values` (nearest-rank percentile).

    Raises:
        ValueError: `values` is empty or `share` is not in (0, 1].
    """
    if not values or not 0 < share <= 1:
        raise ValueError("nearest rank needs values and a share in (0, 1]")
    return values[max(math.ceil(share * len(values)), 1) - 1]


def response_stats(hours: Iterable[Number | None], limit: Number) -> ResponseStats:
    """Count, mean, median, 90th percentile and the share answered within `limit` hours.

    Raises:
        ValueError: a negative response time.
        TypeError: a float (read database floats with `Decimal(repr(x))`).
    """
    bound = as_fraction(limit)
    times: list[Fraction] = []
    count = 0
    for value in hours:
        count += 1
        if value is None:
            continue
        exact = as_fraction(value)
        if exact < 0:
            raise ValueError(f"negative response time: {value}")
        times.append(exact)
    times.sort()
    n = len(times)
    within = sum(1 for t in times if t <= bound)
    if n:
        middle = n // 2
        median = times[middle] if n % 2 else (times[middle - 1] + times[middle]) / 2
    return ResponseStats(
        count=count,
        answered=n,
        mean=sum(times, Fraction(0)) / n if n else None,
        median=median if n else None,
        p90=nearest_rank(times, P90) if n else None,
        within=within,
        share_within=Fraction(within, count) if count else None,
    )


def hours_from_db(value: float | Decimal | None) -> Decimal | None:
    """An hours value as stored (a float column) back to the decimal it was imported from."""
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(repr(value))
