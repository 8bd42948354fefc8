"""Team, unit and organisation roll-ups of weighted 360 scores, exact to the end.

Layer: domain, pure. The mean of a group's exact final scores (unweighted), rounded half-up
once for display, its predikat read from the framework's thresholds, and the predikat counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from policy.enums import Predikat
from policy.evaluation.framework import EmployeeResult, Framework
from policy.evaluation.rounding import round_half_up


@dataclass(frozen=True, slots=True)
class Rollup:
    """Team, unit or organisation roll-up of final scores."""

    members: int
    scored: int
    mean_exact: Fraction | None
    mean: Decimal | None
    predikat: Predikat | None
    counts: Mapping[Predikat, int]


class ExactSum:
    """An exact sum of many fractions: integer numerators added per denominator.

    Adding `Fraction`s one by one reduces every partial sum by a gcd; scores of a province
    share few denominators, so summing numerators per denominator and combining them over
    their least common multiple once gives the same exact value for a fraction of the cost.
    """

    __slots__ = ("_by_denominator", "count")

    def __init__(self) -> None:
        self._by_denominator: dict[int, int] = {}
        self.count = 0

    def add(self, value: Fraction) -> None:
        """Add one value."""
        self.add_ratio(value.numerator, value.denominator)

    def add_ratio(self, numerator: int, denominator: int) -> None:
        """Add numerator / denominator (a positive denominator; need not be reduced)."""
        by_denominator = self._by_denominator
        by_denominator[denominator] = by_denominator.get(denominator, 0) + numerator
        self.count += 1

    def total(self) -> Fraction:
        """The exact sum (0 when nothing was added)."""
        if not self._by_denominator:
            return Fraction(0)
        common = math.lcm(*self._by_denominator)
        return Fraction(sum(n * (common // d) for d, n in self._by_denominator.items()), common)

    def mean(self) -> Fraction | None:
        """The exact mean (None when nothing was added)."""
        return self.total() / self.count if self.count else None


def rollup(framework: Framework, results: Iterable[EmployeeResult], members: int) -> Rollup:
    """Mean of the exact final scores (unweighted) and the predikat counts of a group.

    `members` counts the group's employees, scored or not.
    """
    scores = ExactSum()
    counts = dict.fromkeys(Predikat, 0)
    for r in results:
        if r.final_exact is not None and r.predikat is not None:
            scores.add(r.final_exact)
            counts[r.predikat] += 1
    mean = scores.mean()
    return Rollup(
        members=members,
        scored=scores.count,
        mean_exact=mean,
        mean=None if mean is None else round_half_up(mean, 2),
        predikat=None if mean is None else framework.predikat(mean),
        counts=counts,
    )
