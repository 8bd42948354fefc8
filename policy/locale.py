"""Indonesian and English formatting of dates and numbers for documents and messages.

Layer: domain presentation helpers (used by `policy.documents` and the CLI).
Indonesian: "22 November 2026", decimal comma, thousands dot (DOMAIN.md §7).

Percentages, in both locales: the sign joins the number ("88,9%", never "88,9 %";
DOMAIN.md §7 writes "88,31%", as PUEBI does); a share of a count takes `SHARE_PLACES`
(one) decimal everywhere. A value in an indicator's unit joins a "%" unit the same way
and puts a space before a word unit ("48,00 jam"); an English document writes a pack's
Indonesian unit word in English ("48.00 hours").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

from policy.evaluation.rounding import SHARE_PLACES
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

DEFAULT_TZ = "Asia/Jakarta"
"""The default of `SIKLUS_TIMEZONE` (`policy.settings`); callers pass the configured zone."""
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
"""The Indonesian names of Indonesia's time zones; any other zone is printed by its name."""


def to_local(value: datetime, tz: str = DEFAULT_TZ) -> datetime:
    """A timestamp in the organisation's time zone (naive values are taken as UTC)."""
    from policy.models import as_utc

    return as_utc(value).astimezone(ZoneInfo(tz))


def format_date(
    value: date | datetime, locale: Locale = "id", *, weekday: bool = False, tz: str = DEFAULT_TZ
) -> str:
    """'22 November 2026' (no leading zero, month spelled out); optional weekday.

    A timestamp is dated in the zone `tz`; a date is printed as it is, never shifted.
    """
    if isinstance(value, datetime):
        value = to_local(value, tz).date()
    months = MONTHS_ID if locale == "id" else MONTHS_EN
    text = f"{value.day} {months[value.month - 1]} {value.year}"
    if weekday:
        days = DAYS_ID if locale == "id" else DAYS_EN
        text = f"{days[value.weekday()]}, {text}"
    return text


def format_datetime(value: datetime, locale: Locale = "id", tz: str = DEFAULT_TZ) -> str:
    """'22 November 2026 14.30 WIB' style (Indonesian time with a dot), in the zone `tz`."""
    local = to_local(value, tz)
    sep = "." if locale == "id" else ":"
    zone = ZONE_NAMES.get(tz, tz)
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
    if type(value) is int and places == 0:  # counts: most numbers of a province's documents
        text = f"{value:,}"
        return text.replace(",", ".") if locale == "id" else text
    rounded = round_half_up(value, places)
    text = f"{rounded:,.{places}f}"
    if locale == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(
    value: Decimal | Fraction | int | float | None,
    places: int = SHARE_PLACES,
    locale: Locale = "id",
) -> str:
    """A percentage value (already ×100): 88.31 -> '88,3%' (no space before the sign)."""
    if value is None:
        return "–"
    return format_number(value, places, locale) + "%"


def format_ratio(part: int, whole: int, places: int = SHARE_PLACES, locale: Locale = "id") -> str:
    """part/whole as a percentage, '–' when whole is 0: 8 of 9 -> '88,9%'."""
    if not whole:
        return "–"
    return format_percent(Fraction(part * 100, whole), places, locale)


JOINED_UNITS = frozenset({"%"})
"""Units written against their number, with no space: '95,00%'."""

UNIT_WORDS_EN: dict[str, tuple[str, str]] = {
    "jam": ("hour", "hours"),
    "menit": ("minute", "minutes"),
    "hari": ("day", "days"),
    "hari kerja": ("working day", "working days"),
    "minggu": ("week", "weeks"),
    "bulan": ("month", "months"),
    "tahun": ("year", "years"),
    "orang": ("person", "people"),
    "pegawai": ("employee", "employees"),
    "dokumen": ("document", "documents"),
    "kegiatan": ("activity", "activities"),
    "inovasi": ("innovation", "innovations"),
    "laporan": ("report", "reports"),
    "layanan": ("service", "services"),
    "indeks": ("index point", "index points"),
    "poin": ("point", "points"),
}
"""English (singular, plural) of the Indonesian unit words packs give their indicators."""


def unit_word(unit: str, locale: Locale = "id", *, singular: bool = False) -> str:
    """A pack's unit word in `locale`: 'jam' -> 'hours' ('hour' if `singular`) in English.

    Indonesian keeps the pack's word; a word not in `UNIT_WORDS_EN` ('JP', '%') is
    written as the pack gives it in both languages.
    """
    unit = unit.strip()
    words = UNIT_WORDS_EN.get(" ".join(unit.lower().split())) if locale == "en" else None
    if words is None:
        return unit
    return words[0] if singular else words[1]


def format_quantity(
    value: Decimal | Fraction | int | float | None,
    unit: str,
    places: int = 2,
    locale: Locale = "id",
) -> str:
    """A value in its unit: '95,00%' for '%', '48,00 jam' for a word, the number if none.

    None gives '–' without the unit. English writes a known unit word in English, singular
    only after a plain '1': '48.00 hours', '1 person', '8 people' (`unit_word`).
    """
    if value is None:
        return "–"
    number = format_number(value, places, locale)
    unit = unit_word(unit, locale, singular=number == "1")
    if not unit:
        return number
    return number + ("" if unit in JOINED_UNITS else " ") + unit


def _is_capitalised(word: str) -> bool:
    """An ordinary capitalised word: 'Persentase', 'Rata-rata'; not 'ASN', 'KTP-el', 'e-Kinerja'."""
    rest = word[1:]
    return (
        word[:1].isupper() and not any(c.isupper() for c in rest) and any(c.islower() for c in rest)
    )


def in_sentence(name: str) -> str:
    """A name as written inside an Indonesian sentence: only an ordinary first word is lowered.

    'Persentase ASN yang menyusun SKP' -> 'persentase ASN yang menyusun SKP'. Acronyms and
    words with a capital inside stay as they are ('KTP-el', 'e-Kinerja', 'PATEN'), and so do
    all later words ('predikat minimal Baik') and a name in title case, whose second word is
    capitalised too ('Indeks Kepuasan Masyarakat').
    """
    first, space, rest = name.partition(" ")
    if not _is_capitalised(first) or _is_capitalised(rest.partition(" ")[0]):
        return name
    return first[0].lower() + first[1:] + space + rest


def plural_word(count: int, singular: str, plural: str = "") -> str:
    """The English word for `count` of a thing: 'employee' for 1, else its plural.

    The plural is `plural` when given ('person', 'people'; 'is', 'are'), else the regular
    one: 'employees', 'activities', 'hours'. Indonesian nouns take no plural with a count.
    """
    if count == 1:
        return singular
    if plural:
        return plural
    if singular.endswith("y") and singular[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return singular[:-1] + "ies"
    if singular.endswith(("s", "x", "z", "ch", "sh")):
        return singular + "es"
    return singular + "s"


def plural(count: int, singular: str, plural: str = "") -> str:
    """An English count with its noun: '1 employee', '3 employees', '1,240 respondents'."""
    return f"{format_number(count, 0, 'en')} {plural_word(count, singular, plural)}"


def number_runs(
    numbers: Iterable[int], *, mark: str = "", shown: int = 5, rest: str = "lainnya"
) -> str:
    """Numbers as runs: '#3–#5, #9, #12, #13' (with `mark` '#'), '2–13, 15, 19, 20'.

    Three or more consecutive numbers make a range, fewer are listed; after `shown` runs the
    rest are counted, followed by the `rest` words ("… dan 9 lainnya", "… dan 8 baris lain").
    """
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [
        f"{mark}{run[0]}–{mark}{run[-1]}" if len(run) >= 3 else ", ".join(f"{mark}{n}" for n in run)
        for run in runs
    ]
    counted = sum(len(run) for run in runs[shown:])
    text = ", ".join(parts[:shown])
    return f"{text} dan {format_number(counted, 0)} {rest}" if counted else text
