"""Indonesian and English formatting of dates and numbers for documents and messages.

Layer: domain presentation helpers (used by `policy.documents` and the CLI).
Indonesian: "22 November 2026", decimal comma, thousands dot (DOMAIN.md §7).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

from policy.evaluation.rounding import round_half_up as exact_round_half_up

Locale = Literal["id", "en"]
LOCALES: tuple[Locale, ...] = ("id", "en")

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def to_local(value: datetime, tz: str = "Asia/Jakarta") -> datetime:
    """A timestamp in the organisation's time zone (naive values are taken as UTC)."""
    from policy.models import as_utc

    return as_utc(value).astimezone(ZoneInfo(tz))


def format_date(value: date | datetime, locale: Locale = "id", *, weekday: bool = False) -> str:
    """'22 November 2026' (no leading zero, month spelled out); optional weekday."""
    if isinstance(value, datetime):
        value = to_local(value).date()
    months = MONTHS_ID if locale == "id" else MONTHS_EN
    text = f"{value.day} {months[value.month - 1]} {value.year}"
    if weekday:
        days = DAYS_ID if locale == "id" else DAYS_EN
        text = f"{days[value.weekday()]}, {text}"
    return text


def format_datetime(value: datetime, locale: Locale = "id", tz: str = "Asia/Jakarta") -> str:
    """'22 November 2026 14.30 WIB' style (Indonesian time with a dot)."""
    local = to_local(value, tz)
    sep = "." if locale == "id" else ":"
    zone = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(tz, tz)
    return f"{format_date(local.date(), locale)} {local.hour:02d}{sep}{local.minute:02d} {zone}"


def round_half_up(value: Decimal | Fraction | int | float, places: int = 2) -> Decimal:
    """Round half-up for display; exact (`policy.evaluation.rounding`), floats by their repr."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return exact_round_half_up(value, places)


def format_number(
    value: Decimal | Fraction | int | float | None, places: int = 2, locale: Locale = "id"
) -> str:
    """1234567.891 -> '1.234.567,89' (id) or '1,234,567.89' (en); None -> '–'."""
    if value is None:
        return "–"
    rounded = round_half_up(value, places)
    text = f"{rounded:,.{places}f}"
    if locale == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(
    value: Decimal | Fraction | int | float | None, places: int = 1, locale: Locale = "id"
) -> str:
    """A percentage value (already ×100): 88.31 -> '88,31%' with `places` decimals."""
    if value is None:
        return "–"
    return format_number(value, places, locale) + "%"


def format_ratio(part: int, whole: int, places: int = 1, locale: Locale = "id") -> str:
    """part/whole as a percentage, '–' when whole is 0."""
    if not whole:
        return "–"
    return format_percent(Fraction(part * 100, whole), places, locale)
