"""Evaluation periods: the canonical codes, their date ranges and their names.

Layer: domain, pure (no database, no IO). A period code is what the import parser
(`policy.importschema.parse_period`) produces and what an evaluation run carries:
"2026-TW3" (triwulan), "2026-S1" (semester), "2026" (a year) or "2026-03" (a month).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from policy.locale import MONTHS_EN, MONTHS_ID, Locale

__all__ = ["period_label", "period_range"]

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
