"""The cell parsers of the organisation's import formats (`policy.importformats`).

Layer: domain rules, pure and without IO. What the general vocabulary
(`policy.importschema`) does not hold: periods (a date in their place refused), months of an
activity recap, days, scores and points in hundredths, follow-up notes, a complaint's response
hours, an SKM respondent's age, and a 360 rating's source and rater. Each is described
(`describe`) for `siklus template`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from policy.importchoices import choice
from policy.importschema import (
    describe,
    exported_text,
    long_text,
    parse_date,
    parse_decimal,
    parse_nip,
)
from policy.locale import MONTHS_ID, format_number
from policy.periods import parse_period

_HUNDREDTHS = Decimal("0.01")


def parse_hundredths(text: str) -> int:
    """A score or points value from 0 with at most 2 decimals, in hundredths ("3,5" -> 350)."""
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(f"nilai tidak boleh negatif, ditemukan {text}")
    if value != value.quantize(_HUNDREDTHS):
        raise ValueError(f"nilai paling banyak 2 desimal, ditemukan {text}")
    return int(value * 100)


# A date where a period belongs: ISO (an xlsx date cell, or a CSV saved from one) or d/m/yyyy.
_DATE_TEXT = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-[0-9]{1,2}(?:[T ][0-9:.]+)?"
    r"|[0-9]{1,2}[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})"
)


def parse_period_cell(text: str) -> str:
    """A period cell (`parse_period`); a date there is refused as a period Excel turned into one.

    Excel takes a typed "2026-10" or "Oktober 2026" for a date unless the cell is formatted
    as Text, and the file then holds 2026-10-01.
    """
    m = _DATE_TEXT.fullmatch(text)
    year, month = ((m[1], m[2]) if m[1] else (m[4], m[3])) if m else ("", "0")
    if not 1 <= int(month) <= 12:
        return parse_period(text)
    raise ValueError(
        f"periode '{text}' berupa tanggal: Excel mengubah periode yang diketik menjadi tanggal. "
        "Format sel kolom periode sebagai Teks, lalu ketik periodenya, mis. 2026-TW3, atau "
        f"{year}-{int(month):02d} untuk {MONTHS_ID[int(month) - 1]} {year}"
    )


describe(
    parse_period_cell,
    "periode, mis. 2026-TW3, TW III 2026, Semester I 2026, 2026 atau Maret 2026",
    as_text=True,
)
describe(parse_hundredths, "angka dari 0, paling banyak 2 desimal, mis. 3,5")


_MONTH_CODE = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(text: str) -> str:
    """A month of an activity recap: '2026-03', 'Maret 2026', '03/2026', or a date in it.

    Excel turns a typed "Maret 2026" into the date 1 March 2026: a date names its month.
    """
    if _DATE_TEXT.fullmatch(text):
        day = parse_date(text)
        code = f"{day.year}-{day.month:02d}"
    else:
        try:
            code = parse_period(text)
        except ValueError:
            code = ""
        if not _MONTH_CODE.fullmatch(code):
            raise ValueError(
                f"bulan '{text}' tidak dikenali sebagai satu bulan; tulis mis. 2026-03, "
                "03/2026 atau Maret 2026"
            )
    if not 2000 <= int(code[:4]) <= 2100:
        raise ValueError(f"bulan '{text}' di luar tahun 2000–2100")
    return code


describe(parse_month, "bulan, mis. 2026-03, 03/2026 atau Maret 2026", as_text=True)


def parse_report_days(text: str) -> int:
    """Days of a month with an activity report: a whole number from 0 to 31."""
    if not text.isdigit() or int(text) > 31:
        raise ValueError(
            f"jumlah hari harus bilangan bulat 0 sampai 31 (hari dalam sebulan), ditemukan '{text}'"
        )
    return int(text)


describe(parse_report_days, "jumlah hari dalam bulan itu yang berisi laporan kegiatan, 0–31")


def parse_leave_days(text: str) -> int:
    """Working days of a month on leave (cuti): a whole number from 0 to 31."""
    if not text.isdigit() or int(text) > 31:
        raise ValueError(
            f"hari cuti harus bilangan bulat 0 sampai 31 (hari kerja bulan itu), ditemukan '{text}'"
        )
    return int(text)


_NOTE = long_text(2000)


def parse_closing_note(text: str) -> str:
    """What was done for a follow-up action, as exported (a leading apostrophe taken off)."""
    return _NOTE(exported_text(text))


describe(parse_closing_note, "apa yang sudah dilakukan dan buktinya, paling banyak 2.000 karakter")


def parse_progress_note(text: str) -> str:
    """How far a follow-up action has come, as exported (a leading apostrophe taken off)."""
    return _NOTE(exported_text(text))


describe(
    parse_progress_note,
    "sejauh mana tindak lanjut yang belum selesai sudah berjalan, paling banyak 2.000 karakter",
)

describe(
    parse_leave_days,
    "hari kerja bulan itu yang dijalani pegawai dalam cuti (tidak wajib lapor), 0–31; kosong: 0",
)


#: The longest plausible response to a complaint: a year, in hours.
MAX_RESPONSE_HOURS = Decimal(8760)
_MAX_HOURS_WORDS: Final = format_number(MAX_RESPONSE_HOURS, 0)  # 8.760


def parse_response_hours(text: str) -> Decimal:
    """A complaint's response time in hours, from 0 up to a year (8.760 hours).

    A longer one is a unit mistaken (minutes, or the date of the response typed as a
    number), and it would weigh on the unit's mean response time alone.
    """
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(
            f"waktu respons tidak boleh negatif (paling sedikit 0 jam), ditemukan {text}"
        )
    if value > MAX_RESPONSE_HOURS:
        raise ValueError(
            f"waktu respons {text} jam melebihi satu tahun (paling lama {_MAX_HOURS_WORDS} jam); "
            "periksa satuannya: kolom ini dalam jam, bukan menit"
        )
    return value


describe(parse_response_hours, f"jam dari 0 sampai {_MAX_HOURS_WORDS} (satu tahun), mis. 26,5")

#: The ages an SKM respondent may give, in years.
AGES: Final = range(10, 121)
_AGES_WORDS: Final = f"{AGES.start} sampai {AGES.stop - 1}"


def parse_age(text: str) -> str:
    """An SKM respondent's age as written: years ('41') or a group ('21–30', '> 60').

    Years outside `AGES` are refused: a year of birth typed in the column ('1985') would
    count the respondent among the over-sixties of the unit's profile.
    """
    if not text.isdigit() or int(text) in AGES:
        return text
    if 1900 <= int(text) <= 2100:
        raise ValueError(
            f"usia {text} tampaknya tahun lahir; tulis usia responden dalam tahun, mis. 41"
        )
    raise ValueError(
        f"usia {text} tahun tidak mungkin bagi responden ({_AGES_WORDS} tahun); periksa "
        "isinya, atau kosongkan bila tidak diisi"
    )


describe(parse_age, f"usia dalam tahun ({_AGES_WORDS}), mis. 41, atau kelompok usia, mis. 21–30")


parse_source = choice(
    "sumber penilai",
    "diri, atasan, rekan, bawahan atau masyarakat",
    {
        **dict.fromkeys(("diri", "sendiri", "penilaian diri", "self"), "diri"),
        **dict.fromkeys(("atasan", "atasan langsung", "supervisor", "pimpinan"), "atasan"),
        **dict.fromkeys(("rekan", "rekan kerja", "sejawat", "peer", "peers"), "rekan"),
        **dict.fromkeys(("bawahan", "subordinate", "subordinates"), "bawahan"),
        **dict.fromkeys(("masyarakat", "publik", "warga", "community", "public"), "masyarakat"),
    },
)
_RATER = re.compile(r"[A-Za-z0-9_.\-/#]{1,64}")


def parse_rater(text: str) -> str:
    """A rater: a NIP (all digits, checked as a NIP) or a respondent code such as 'R-017'."""
    if text.isdigit():
        return parse_nip(text)
    if _RATER.fullmatch(text) is None:
        raise ValueError(
            f"penilai '{text}' harus NIP (18 digit) atau kode responden tanpa spasi, mis. R-017"
        )
    return text


describe(
    parse_rater,
    "NIP penilai (18 digit, sebagai teks), wajib untuk sumber atasan, rekan dan bawahan; "
    "kosong atau NIP pegawai itu sendiri untuk diri; kode responden tanpa spasi (mis. M-017) "
    "atau kosong untuk masyarakat",
    as_text=True,
)
