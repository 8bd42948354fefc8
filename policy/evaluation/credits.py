"""Angka kredit of a jabatan fungsional from its predikat (Peraturan BKN 3/2023).

Layer: domain, pure. A functional official earns each year the predikat's percentage
(`ANGKA_KREDIT_PERCENT`: Sangat Baik 150 %, Baik 100 %, …) of the annual coefficient of their
jenjang, pro rata for the months a predikat covers (DOMAIN.md §2.3: Ahli Pertama 12,5, so
Sangat Baik for a year = 18,75; two months Baik = 2/12 × 100 % × 12,5 = 2,08).

The jenjang is read from the post's name, which for a jabatan fungsional ends with it
("Analis Kebijakan Ahli Muda", "Perawat Terampil", "Guru Ahli Pertama (Guru Kelas)"); a post
that ends with no jenjang (a structural or pelaksana post) earns none. The annual
coefficients are those of the jenjang: DOMAIN.md gives Ahli Pertama's; the others are the
figures published with PermenPANRB 1/2023 and Peraturan BKN 3/2023, and a pack may set its
own (`evaluation.angka_kredit.coefficients`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from policy.enums import Predikat
from policy.evaluation.predikat import ANGKA_KREDIT_PERCENT, angka_kredit_raw
from policy.evaluation.rounding import round_half_up
from policy.periods import period_kind

__all__ = [
    "DEFAULT_COEFFICIENTS",
    "JENJANG",
    "Credit",
    "credit_for",
    "jenjang_of",
    "period_months",
]

#: Annual coefficient of each jenjang: kategori keterampilan, then keahlian.
DEFAULT_COEFFICIENTS: Final[Mapping[str, Decimal]] = {
    "Pemula": Decimal("3.75"),
    "Terampil": Decimal("5"),
    "Mahir": Decimal("12.5"),
    "Penyelia": Decimal("25"),
    "Ahli Pertama": Decimal("12.5"),
    "Ahli Muda": Decimal("25"),
    "Ahli Madya": Decimal("37.5"),
    "Ahli Utama": Decimal("50"),
}
JENJANG: Final = tuple(DEFAULT_COEFFICIENTS)
"""The jenjang of jabatan fungsional, as their posts' names end."""

_MONTHS: Final = {"year": 12, "semester": 6, "quarter": 3, "month": 1}
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_ENDING = re.compile(
    r"(?:^|\s)(" + "|".join(sorted((re.escape(j) for j in JENJANG), key=len, reverse=True)) + r")$",
    re.IGNORECASE,
)


def jenjang_of(position: str) -> str | None:
    """The jenjang a jabatan fungsional's name ends with, or None for any other post.

    Spaces and case do not matter, and a note in brackets at the end is passed over:
    "Guru ahli  muda (Guru Kelas)" -> "Ahli Muda".
    """
    name = " ".join(_TRAILING_NOTE.sub("", position).split())
    found = _ENDING.search(name)
    if found is None:
        return None
    word = found.group(1).casefold()
    return next(j for j in JENJANG if j.casefold() == word)


def period_months(period: str) -> int:
    """Months a period's predikat covers: a year 12, a semester 6, a quarter 3, a month 1.

    Raises:
        ValueError: `period` is not a canonical period code.
    """
    return _MONTHS[period_kind(period)]


@dataclass(frozen=True)
class Credit:
    """The angka kredit one predikat earns a functional official for one period."""

    jenjang: str
    coefficient: Decimal
    percent: int
    months: int
    exact: Fraction
    """Unrounded: a year's total adds these and is rounded once."""

    @property
    def value(self) -> Decimal:
        """Rounded half up to two places, for display (12,5 × 3/12 = 3,125 -> 3,13)."""
        return round_half_up(self.exact, 2)


def credit_for(
    predikat: Predikat | str,
    position: str,
    period: str,
    coefficients: Mapping[str, Decimal] = DEFAULT_COEFFICIENTS,
) -> Credit | None:
    """The angka kredit `predikat` earns the holder of `position` for `period`.

    None when the post is not a jabatan fungsional or its jenjang has no coefficient.

    Raises:
        ValueError: `predikat` is not one of the five, or `period` not a period code.
    """
    jenjang = jenjang_of(position)
    if jenjang is None or jenjang not in coefficients:
        return None
    chosen = Predikat(predikat)
    coefficient = coefficients[jenjang]
    months = period_months(period)
    return Credit(
        jenjang=jenjang,
        coefficient=coefficient,
        percent=ANGKA_KREDIT_PERCENT[chosen],
        months=months,
        exact=angka_kredit_raw(chosen, coefficient, months),
    )
