"""Evaluation periods: the canonical codes, how they are written, their dates and names.

Layer: domain, pure (no database, no IO). A period code is what `parse_period` makes of
what officers write (in import files and in --period) and what an evaluation run carries:
"2026-TW3" (triwulan), "2026-S1" (semester), "2026" (a year) or "2026-03" (a month).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from fractions import Fraction

from policy.locale import MONTHS_EN, MONTHS_ID, Locale

__all__ = [
    "MONTHS",
    "PERIOD_KINDS",
    "period_just_closed",
    "period_kind",
    "period_label",
    "period_of",
    "parse_period",
    "period_range",
    "periods_between",
    "previous_period",
    "year_elapsed",
]

PERIOD_KINDS = {"monthly": "month", "quarterly": "quarter", "semester": "semester",
                "annual": "year"}  # fmt: skip
"""Pack period settings (`evaluation.periods`) and the kind of code each gives."""

MONTHS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTHS_ID, 1)},
    **{name.lower(): i for i, name in enumerate(MONTHS_EN, 1)},
    **{name[:3].lower(): i for i, name in enumerate(MONTHS_ID, 1)},
    **{name[:3].lower(): i for i, name in enumerate(MONTHS_EN, 1)},
    **{
        "pebruari": 2,
        "peb": 2,
        "agust": 8,
        "agt": 8,
        "agus": 8,
        "sept": 9,
        "nopember": 11,
        "nop": 11,
    },
}

_TOKENS = re.compile(r"[a-z]+|[0-9]+")  # ASCII digits only: int() reads any script's
_GLUED_ROMAN = re.compile(r"(triwulan|tw|q|semester|s|h)(i{1,3}|iv)")
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


def parse_period(text: str) -> str:
    """Normalise a period to "2026-TW1", "2026-S1", "2026" (annual) or "2026-03" (monthly).

    Accepts e.g. "TW I 2026", "Triwulan 1 2026", "Semester I 2026", "Tahunan 2026",
    "Maret 2026", "2026-3", "Q1 2026", and the month ranges of the SKP Lampiran
    ("PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER 2026" -> "2026", "Januari s.d. Maret
    2026" -> "2026-TW1"; see `_parse_range`).

    Raises:
        ValueError: the text names no period, or a range that is not a whole period.
    """
    tokens: list[str] = [t for t in _TOKENS.findall(text.lower()) if t not in _NOISE]
    split = _split_range(tokens)
    if split is not None:
        return _parse_range(text, *split)
    years = [t for t in tokens if len(t) == 4 and t.isdigit()]
    rest = [t for t in tokens if t not in years]
    if len(rest) == 1 and (m := _GLUED_ROMAN.fullmatch(rest[0])):  # "TWIV"
        rest = [m[1], m[2]]
    if rest[-1:] == ["akhir"] and rest[-2:-1] in (["iv"], ["4"]):  # "TRIWULAN IV-AKHIR"
        rest = rest[:-1]
    if len(years) == 1 and 1900 <= int(years[0]) <= 2100:
        year = years[0]
        if not rest or rest in (["tahunan"], ["annual"]):
            return year
        if len(rest) == 1 and rest[0] in MONTHS:
            return f"{year}-{MONTHS[rest[0]]:02d}"
        if len(rest) == 1 and rest[0].isdigit() and 1 <= int(rest[0]) <= 12:
            return f"{year}-{int(rest[0]):02d}"
        if len(rest) == 2:
            number = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(rest[1]) or (
                int(rest[1]) if rest[1].isdigit() else 0
            )
            if rest[0] in {"tw", "triwulan", "trw", "q", "kuartal"} and 1 <= number <= 4:
                return f"{year}-TW{number}"
            if rest[0] in {"s", "semester", "smt", "h"} and 1 <= number <= 2:
                return f"{year}-S{number}"
    raise ValueError(
        f"periode '{text}' tidak dikenali; contoh: 2026-TW1, Triwulan I 2026, 2026-S1, "
        "Semester I 2026, 2026 (tahunan), 2026-03, Maret 2026 atau Januari s.d. Maret 2026"
    )


# Words around a period that name nothing ("PERIODE PENILAIAN: ...", "Triwulan I Tahun 2026").
_NOISE = frozenset({"tahun", "periode", "penilaian"})
# Month ranges as the SKP Lampiran writes them: "JANUARI SD DESEMBER", "s.d.", "s/d",
# "sampai dengan" (DOMAIN.md §2.3); each range that is a whole period, by (first, last) month.
_RANGE_WORDS = frozenset({"sd", "sampai", "hingga"})
_RANGE_PERIODS = {
    (1, 12): "",
    (1, 6): "-S1",
    (7, 12): "-S2",
    (1, 3): "-TW1",
    (4, 6): "-TW2",
    (7, 9): "-TW3",
    (10, 12): "-TW4",
}
_RANGES_ACCEPTED = (
    "rentang yang diterima, dalam satu tahun: Januari s.d. Desember (tahunan), Januari s.d. "
    "Juni atau Juli s.d. Desember (semester), Januari s.d. Maret, April s.d. Juni, Juli s.d. "
    "September atau Oktober s.d. Desember (triwulan), atau satu bulan penuh; tanggal boleh "
    "ditulis bila dari tanggal 1 sampai tanggal terakhir bulannya, mis. 1 Januari s.d. "
    "31 Desember 2026"
)


def _split_range(tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """The two sides of a month range ("januari sd maret 2026"), or None if it is none.

    The separator is "sd", "s.d.", "s/d", "s d", "sampai (dengan)" or "hingga"; without one,
    two month names ("Januari–Maret 2026") make a range too.
    """
    for i, token in enumerate(tokens):
        if token in _RANGE_WORDS:
            after = i + 1 + (token == "sampai" and tokens[i + 1 : i + 2] == ["dengan"])
            return tokens[:i], tokens[after:]
        if token == "s" and tokens[i + 1 : i + 2] == ["d"]:
            return tokens[:i], tokens[i + 2 :]
    named = [i for i, token in enumerate(tokens) if token in MONTHS]
    if len(named) == 2:
        cut = named[1]
        if cut > named[0] + 1 and len(tokens[cut - 1]) <= 2 and tokens[cut - 1].isdigit():
            cut -= 1  # the day of the second month ("1 Januari - 31 Maret 2026")
        return tokens[:cut], tokens[cut:]
    return None


def _parse_range(text: str, first: list[str], last: list[str]) -> str:
    """The period a month range covers, if it covers exactly one (see `_RANGE_PERIODS`)."""
    years = {t for t in (*first, *last) if len(t) == 4 and t.isdigit()}
    start = _range_end([t for t in first if t not in years])
    end = _range_end([t for t in last if t not in years])
    if start is None or end is None or len(years) != 1:
        raise ValueError(f"rentang periode '{text}' tidak dikenali; {_RANGES_ACCEPTED}")
    year = int(years.pop())
    (start_day, start_month), (end_day, end_month) = start, end
    whole = 1 <= end_month <= 12 and 1900 <= year <= 2100
    if whole and start_day not in (None, 1):
        whole = False
    if whole and end_day not in (None, calendar.monthrange(year, end_month)[1]):
        whole = False
    if start_month == end_month and whole:
        return f"{year}-{start_month:02d}"
    suffix = _RANGE_PERIODS.get((start_month, end_month))
    if suffix is None or not whole:
        raise ValueError(f"rentang '{text}' bukan satu periode penilaian; {_RANGES_ACCEPTED}")
    return f"{year}{suffix}"


def _range_end(tokens: list[str]) -> tuple[int | None, int] | None:
    """(day or None, month) of one side of a range: "31 desember", "maret" or "31 12"."""
    if len(tokens) == 1 and tokens[0] in MONTHS:
        return None, MONTHS[tokens[0]]
    if len(tokens) == 2 and tokens[0].isdigit() and len(tokens[0]) <= 2:
        day = int(tokens[0])
        if tokens[1] in MONTHS:
            return day, MONTHS[tokens[1]]
        if tokens[1].isdigit() and 1 <= int(tokens[1]) <= 12:  # "31/12/2026"
            return day, int(tokens[1])
    return None
