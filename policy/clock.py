"""The hours of a forum or workshop: read from a pack ("09.00–12.00"), printed in documents.

Layer: domain, pure. Hours are local wall-clock times of the place where the event is held
(the organisation's time zone, `SIKLUS_TIMEZONE`); documents print them with the zone's
Indonesian name (WIB, WITA, WIT), as an invitation states them: "09.00–12.00 WIB", or
"09.00 WIB s.d. selesai" when only the start is known. Indonesian writes hours with a dot,
English with a colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from policy.locale import ZONE_NAMES, Locale

_CLOCK = r"(\d{1,2})[.:](\d{2})"
_RANGE = re.compile(
    rf"^\s*{_CLOCK}\s*(?:(?:-|–|—|s\.?d\.?|s/d|sampai)\s*(?:{_CLOCK}|selesai)\s*)?$"
)


@dataclass(frozen=True, slots=True)
class Hours:
    """When an event starts and, if known, ends (local wall-clock times)."""

    start: time
    end: time | None = None


def parse_hours(text: str) -> Hours:
    """'09.00–12.00', '09:00 - 12:00', '13.30 s.d. selesai' or '09.00' as Hours.

    Raises:
        ValueError: not a time or range of times, an hour past 23 or a minute past 59,
            or an end not after the start; the message says what is accepted.
    """
    found = _RANGE.match(text)
    if found is None:
        raise ValueError(
            f"jam '{text}' tidak dapat dibaca; tulis jam mulai dan selesai seperti '09.00–12.00' "
            "atau '13.30 s.d. selesai', atau jam mulai saja ('09.00')"
        )
    start = _time(text, found.group(1), found.group(2))
    end = _time(text, found.group(3), found.group(4)) if found.group(3) else None
    if end is not None and end <= start:
        raise ValueError(f"jam '{text}': jam selesai harus sesudah jam mulai")
    return Hours(start, end)


def _time(text: str, hour: str, minute: str) -> time:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        raise ValueError(f"jam '{text}': {hour}.{minute} bukan jam yang ada (00.00 sampai 23.59)")
    return time(h, m)


def format_hours(start: time, end: time | None, locale: Locale, tz: str) -> str:
    """'09.00–12.00 WIB' (id) or '09:00–12:00 WIB' (en); without an end, 'until finished'."""
    sep = "." if locale == "id" else ":"
    zone = ZONE_NAMES.get(tz, tz)
    first = f"{start.hour:02d}{sep}{start.minute:02d}"
    if end is None:
        return (
            f"{first} {zone} s.d. selesai" if locale == "id" else f"{first} {zone} until finished"
        )
    return f"{first}–{end.hour:02d}{sep}{end.minute:02d} {zone}"
