"""Minimum SKM sample size after Krejcie & Morgan (DOMAIN.md §1.4, rule R4).

Layer: domain, pure. PermenPANRB 14/2017 points to the Krejcie & Morgan table:
S = λ²·N·P·Q / (d²·(N−1) + λ²·P·Q) with λ² = 3.841 (χ², 1 df, α 5 %), P = Q = 0.5 and
d = 0.05, computed exactly and rounded to the nearest integer, halves up; this reproduces
the published table (1,000 -> 278, 1,000,000 -> 384). A sample below the minimum is a
warning in the SKM report, never a block (R4).
"""

from __future__ import annotations

import math
from fractions import Fraction

from policy.evaluation.rounding import format_number

CHI_SQUARE = Fraction("3.841")
"""λ²: χ² for one degree of freedom at α = 5 %."""

PROPORTION = Fraction(1, 2)
"""P (and Q = 1 − P): the proportion that maximises the sample."""

MARGIN = Fraction(5, 100)
"""d: the accepted margin of error."""


def krejcie_morgan_sample(population: int) -> int:
    """Krejcie & Morgan minimum sample for a population of `population` (100 -> 80).

    Raises:
        ValueError: If `population` is negative.
    """
    if population < 0:
        raise ValueError(f"population must be >= 0, got {population}")
    pq = PROPORTION * (1 - PROPORTION)
    exact = CHI_SQUARE * population * pq / (MARGIN**2 * (population - 1) + CHI_SQUARE * pq)
    return math.floor(exact + Fraction(1, 2))


def sample_warning(population: int, respondents: int) -> str | None:
    """Indonesian warning when `respondents` is below the minimum sample, else None (R4).

    Raises:
        ValueError: If `population` or `respondents` is negative.
    """
    if respondents < 0:
        raise ValueError(f"respondents must be >= 0, got {respondents}")
    minimum = krejcie_morgan_sample(population)
    if respondents >= minimum:
        return None
    return (
        f"Jumlah responden ({format_number(respondents)}) kurang dari sampel minimum "
        f"{format_number(minimum)} untuk populasi {format_number(population)} menurut tabel "
        "Krejcie dan Morgan (tingkat kepercayaan 95%, tingkat kesalahan 5%). IKM tetap "
        "dihitung, tetapi hasilnya belum tentu mewakili seluruh penerima layanan."
    )
