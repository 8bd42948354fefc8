"""Predikat kinerja and angka kredit (PermenPANRB 6/2022, Peraturan BKN 3/2023).

Layer: domain, pure. The predikat comes from rating hasil kerja × rating perilaku kerja
(DOMAIN.md §2.2, rule R5): poor behaviour dominates, and Sangat Baik needs both ratings
above expectation. Angka kredit for a jabatan fungsional is the predikat's percentage of
the annual coefficient, pro rata for the months assessed (DOMAIN.md §2.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from policy.enums import Predikat, Rating
from policy.evaluation.rounding import Number, as_fraction, round_half_up

PREDIKAT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}
"""(rating hasil kerja, rating perilaku kerja) -> predikat."""

ANGKA_KREDIT_PERCENT: Mapping[Predikat, int] = {
    Predikat.SANGAT_BAIK: 150,
    Predikat.BAIK: 100,
    Predikat.BUTUH_PERBAIKAN: 75,
    Predikat.KURANG: 50,
    Predikat.SANGAT_KURANG: 25,
}
"""Share of the annual angka kredit coefficient earned per predikat, in percent."""

MONTHS_PER_YEAR = 12


def predikat_for(hasil_kerja: Rating, perilaku: Rating) -> Predikat:
    """Predikat kinerja from rating hasil kerja and rating perilaku kerja."""
    return PREDIKAT_MATRIX[(Rating(hasil_kerja), Rating(perilaku))]


def angka_kredit_raw(
    predikat: Predikat, annual_coefficient: Number, months: int = MONTHS_PER_YEAR
) -> Fraction:
    """Exact angka kredit: months/12 × percentage × annual coefficient (keep this).

    Raises:
        ValueError: If `months` is not 1..12 or the coefficient is negative.
        TypeError: If the coefficient is a float.
    """
    if not 1 <= months <= MONTHS_PER_YEAR:
        raise ValueError(f"months must be 1..{MONTHS_PER_YEAR}, got {months}")
    coefficient = as_fraction(annual_coefficient)
    if coefficient < 0:
        raise ValueError(f"annual coefficient must be >= 0, got {annual_coefficient}")
    percent = ANGKA_KREDIT_PERCENT[Predikat(predikat)]
    return Fraction(months, MONTHS_PER_YEAR) * Fraction(percent, 100) * coefficient


def angka_kredit(
    predikat: Predikat, annual_coefficient: Number, months: int = MONTHS_PER_YEAR
) -> Decimal:
    """Angka kredit rounded half-up to 2 decimals for display (Ahli Pertama 12.5 -> 18.75).

    Sum `angka_kredit_raw` over periods and round the total, not the parts.

    Raises:
        ValueError: If `months` is not 1..12 or the coefficient is negative.
        TypeError: If the coefficient is a float.
    """
    return round_half_up(angka_kredit_raw(predikat, annual_coefficient, months), 2)
