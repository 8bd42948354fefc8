"""Evaluation periods: the canonical codes, their date ranges and their names.

Layer: domain, pure (no database, no IO). A period code is what the import parser
(`policy.importschema.parse_period`) produces and what an evaluation run carries:
"2026-TW3" (triwulan), "2026-S1" (semester), "2026" (a year) or "2026-03" (a month).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from fractions import Fraction

from policy.locale import MONTHS_EN, MONTHS_ID, Locale

__all__ = [
    "PERIOD_KINDS",
    "period_just_closed",
    "period_kind",
    "period_label",
    "period_of",
    "period_range",
    "periods_between",
    "previous_period",
    "year_elapsed",
]

PERIOD_KINDS = {"monthly": "month", "quarterly": "quarter", "semester": "semester",
                "annual": "year"}  # fmt: skip
"""Pack period settings (`evaluation.periods`) and the kind of code each gives."""

_CODE = re.compile(
    r"(?P<year>\d{4})(?:-(?:TW(?P<quarter>[1-4])|S(?P<half>[12])|(?P<month>\d{2})))?"
)
_ROMAN = ("I", "II", "III", "IV")


def _parts(code: str) -> tuple[int, str, int]:
    """(year, kind, number) with kind 'year', 'quarter', 'semester' or 'month'."""
    match = _CODE.fullmatch(code.strip())
    if match is not None and 1900 <= int(match["year"]) <= 2100:
        year = int(match["year"])
        if match["quarter"]:
            return year, "quarter", int(match["quarter"])
        if match["half"]:
            return year, "semester", int(match["half"])
        if match["month"] is None:
            return year, "year", 0
        if 1 <= int(match["month"]) <= 12:
            return year, "month", int(match["month"])
    raise ValueError(
        f"periode '{code}' bukan kode periode yang sah; contoh: 2026-TW3 (triwulan), "
        "2026-S1 (semester), 2026 (tahunan) atau 2026-03 (bulanan)"
    )


def period_range(code: str) -> tuple[date, date]:
    """First and last day of a period, both inclusive ("2026-TW3" -> 1 Jul .. 30 Sep 2026).

    Raises:
        ValueError: `code` is not a canonical period code.
    """
    year, kind, number = _parts(code)
    if kind == "year":
        first, last = 1, 12
    elif kind == "semester":
        first, last = 6 * number - 5, 6 * number
    elif kind == "quarter":
        first, last = 3 * number - 2, 3 * number
    else:
        first = last = number
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def period_label(code: str, locale: Locale = "id") -> str:
    """A period's name: "Triwulan III 2026" / "Quarter 3 2026", "Semester I 2026", "Tahun 2026".

    Raises:
        ValueError: `code` is not a canonical period code.
    """
    year, kind, number = _parts(code)
    if locale == "en":
        if kind == "month":
            return f"{MONTHS_EN[number - 1]} {year}"
        word = {"year": "Year", "semester": "Semester", "quarter": "Quarter"}[kind]
        return f"{word} {year}" if kind == "year" else f"{word} {number} {year}"
    if kind == "month":
        return f"{MONTHS_ID[number - 1]} {year}"
    if kind == "year":
        return f"Tahun {year}"
    word = "Triwulan" if kind == "quarter" else "Semester"
    return f"{word} {_ROMAN[number - 1]} {year}"


def _code(year: int, kind: str, number: int) -> str:
    if kind == "year":
        return str(year)
    if kind == "semester":
        return f"{year}-S{number}"
    if kind == "quarter":
        return f"{year}-TW{number}"
    return f"{year}-{number:02d}"


def period_kind(code: str) -> str:
    """'year', 'semester', 'quarter' or 'month'.

    Raises:
        ValueError: `code` is not a canonical period code.
    """
    return _parts(code)[1]


def period_of(day: date, setting: str) -> str:
    """The code of the period holding `day`, for a pack setting ('quarterly' -> '2026-TW3').

    Raises:
        KeyError: `setting` is not monthly, quarterly, semester or annual.
    """
    kind = PERIOD_KINDS[setting]
    size = {"year": 12, "semester": 6, "quarter": 3, "month": 1}[kind]
    return _code(day.year, kind, (day.month - 1) // size + 1)


def previous_period(code: str) -> str:
    """The period of the same kind just before `code` ('2026-TW1' -> '2025-TW4').

    Raises:
        ValueError: `code` is not a canonical period code.
    """
    year, kind, number = _parts(code)
    per_year = {"year": 1, "semester": 2, "quarter": 4, "month": 12}[kind]
    if kind == "year" or number == 1:
        return _code(year - 1, kind, per_year)
    return _code(year, kind, number - 1)


def period_just_closed(today: date, setting: str) -> str:
    """The latest period of a pack setting that ended before `today` (its last day passed)."""
    return previous_period(period_of(today, setting))


def periods_between(first: date, last: str) -> list[str]:
    """Codes of the kind of `last`, from the period holding `first` up to `last`, in order.

    Empty when `first` falls after `last`.

    Raises:
        ValueError: `last` is not a canonical period code.
    """
    kind = period_kind(last)
    setting = next(k for k, v in PERIOD_KINDS.items() if v == kind)
    start = period_range(period_of(first, setting))[0]
    codes = []
    code = last
    while period_range(code)[0] >= start:
        codes.append(code)
        code = previous_period(code)
    return codes[::-1]


def year_elapsed(code: str) -> Fraction:
    """Share of its calendar year covered by the end of a period ('2026-TW3' -> 3/4).

    Raises:
        ValueError: `code` is not a canonical period code.
    """
    return Fraction(period_range(code)[1].month, 12)
