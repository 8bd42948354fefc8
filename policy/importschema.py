"""The vocabulary of the import formats: cell parsers and what each accepts.

Layer: domain rules, pure and without IO. `policy.importformats` and `policy.importcycle`
declare the formats with it and `policy.imports` reads files through them. A cell parser takes
the stripped, non-empty text of a cell and returns a typed value or raises `ValueError` with
a message in Bahasa Indonesia that a policy officer can act on (DOMAIN.md §7: decimal comma,
Indonesian dates). Every parser is described (`describe`, read with `accepts`): what it
accepts in words, its closed set of values, and whether a spreadsheet must keep the cell as
text; `siklus template` writes its guides and drop-down lists from that. The parsers of a
closed set of spellings (`choice`) are in `policy.importchoices`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final, TypeVar

from policy.emails import is_email
from policy.locale import MONTHS_ID, format_date
from policy.nip import validate_nip
from policy.periods import MONTHS

RowT = TypeVar("RowT")
Problems = Sequence[tuple[str | None, str]]  # (field or None for the row, message)
RowCheck = Callable[[dict[str, Any]], Problems]
# The same check over a chunk of valid rows, column by column (field -> values): True when
# no row has a problem. False sends the chunk to the row-by-row reading for the exact errors.
ColumnsCheck = Callable[[dict[str, list[Any]]], bool]
NO_PROBLEMS: Final[Problems] = ()
ParserT = TypeVar("ParserT", bound=Callable[[str], Any])


class _Required:
    """Marker: an empty cell is an error."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final = _Required()

# --------------------------------------------------------------- what a parser accepts


@dataclass(frozen=True, slots=True)
class Accepts:
    """What a cell parser accepts, in words for the officer who fills a file in.

    `text` says it in Bahasa Indonesia. `values` is the closed set it accepts, one spelling
    per value (empty: an open set), `labels` each parsed value's spelling and `others` the
    other spellings a `choice` (`policy.importchoices`) takes. `as_text` marks what a
    spreadsheet must keep as text: Excel turns a typed NIP into 1,97E+17, a code such as 01.10
    into 1,1 and a period such as Maret 2026 into a date, and an Excel set to another language
    reads a typed 03/04/2026 as 4 March. The import templates (`policy.importtemplate`) are
    made of it.
    """

    text: str
    values: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    labels: dict[Any, str] = field(default_factory=dict, compare=False)
    as_text: bool = False


_ACCEPTS: dict[Callable[[str], Any], Accepts] = {}
_PLAIN_TEXT: Final = Accepts("teks")


def describe(
    parse: ParserT,
    text: str,
    *,
    values: Sequence[str] = (),
    others: Sequence[str] = (),
    labels: dict[Any, str] | None = None,
    as_text: bool = False,
) -> ParserT:
    """Record what `parse` accepts (see `Accepts`); returns `parse`."""
    _ACCEPTS[parse] = Accepts(text, tuple(values), tuple(others), labels or {}, as_text=as_text)
    return parse


def accepts(parse: Callable[[str], Any] | None) -> Accepts:
    """What a column's parser accepts (`None`, text kept as written: any text).

    Raises:
        LookupError: the parser was never described (`describe`).
    """
    if parse is None:
        return _PLAIN_TEXT
    try:
        return _ACCEPTS[parse]
    except KeyError:
        raise LookupError(f"parser {parse!r} has no description; describe() it") from None


def words(items: Sequence[str], last: str = "atau") -> str:
    """'a, b atau c' (Bahasa Indonesia puts no comma before the last word)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


# ----------------------------------------------------------------------------- cell parsers

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_CODE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
# ASCII digits only (DOMAIN.md §7): `\d` and `int()` would read any script's digits.
_INT = re.compile(r"[0-9]+")
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_ONE_GROUP = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")  # "81.675": thousands or decimals
_COMMA_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_DMY = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{2}|[0-9]{4})")
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_SPELLED = re.compile(r"(?:[a-z]+,?\s+)?([0-9]{1,2})[\s\-]+([a-z]+)\.?[\s\-]+([0-9]{4})")
_SPACES = re.compile(r"\s+")
# Excel's number of a day, five digits (1927 to 2173), a time of day after a comma or dot.
_SERIAL = re.compile(r"[1-9][0-9]{4}(?:[.,][0-9]+)?")
_EXCEL_EPOCH: Final = date(1899, 12, 30)  # day 0 for days after Excel's 29 February 1900


def normalise_header(text: str) -> str:
    """Header key: lower case, punctuation, spaces, hyphens and underscores alike."""
    return _NON_ALNUM.sub("_", text.lower()).strip("_")


def parse_decimal(text: str) -> Decimal:
    """Parse "1.234,56", "88,31", "88.31", "1.234.567" (thousands dots, DOMAIN.md §7) or "-2".

    Raises:
        ValueError: not a number, or one dot followed by three digits and no comma ("81.675"),
            which reads as a thousands dot (81675) and as a decimal dot (81,675) alike.
    """
    raw = text
    text = text.replace(" ", "").replace("\u00a0", "")
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0].replace("+", ""), text[1:]
    if _PLAIN_NUMBER.fullmatch(text) and not _GROUPED.fullmatch(text):
        return Decimal(sign + text)
    if _ONE_GROUP.fullmatch(text):
        # Read cell by cell, "81.675" would be 81675 beside a "96.20" that is 96,2.
        whole, frac = text.split(".")
        thousands, decimal = f"{sign}{whole}{frac}", f"{sign}{whole},{frac}"
        raise ValueError(
            f"angka '{raw}' dapat dibaca {thousands} atau {decimal}; tulis {decimal} bila "
            f"desimal, atau {thousands} tanpa titik bila ribuan"
        )
    comma, dot = text.rfind(","), text.rfind(".")
    if comma > dot:  # decimal comma, optional thousands dots
        whole, frac = text[:comma], text[comma + 1 :]
        if "." in whole and not _GROUPED.fullmatch(whole):
            whole = "x"
        text = whole.replace(".", "") + "." + frac
    elif comma >= 0:  # thousands commas, decimal dot ("1,234.5")
        whole = text[:dot] if dot >= 0 else text
        text = text.replace(",", "") if _COMMA_GROUPED.fullmatch(whole) else "x"
    elif _GROUPED.fullmatch(text):
        text = text.replace(".", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError(f"'{raw}' bukan angka; contoh penulisan: 88,31 atau 1.234,56")
    return Decimal(sign + text)


describe(parse_decimal, "angka dengan koma desimal, mis. 88,31 atau 1.234,56")


def decimal_between(low: Decimal | None, high: Decimal | None) -> Callable[[str], Decimal]:
    """A decimal parser that also checks `low <= value <= high` (`None`: no bound)."""

    def parse(text: str) -> Decimal:
        value = parse_decimal(text)
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"antara {low} dan {high}" if high is not None else f"minimal {low}"
            raise ValueError(f"nilai harus {span}, ditemukan {text}")
        return value

    bounds = [f"minimal {low}"] if low is not None else []
    bounds += [f"maksimal {high}"] if high is not None else []
    span = f"antara {low} dan {high}" if len(bounds) == 2 else "".join(bounds)
    return describe(parse, f"angka {span}, dengan koma desimal, mis. 88,5".replace(" ,", ","))


def parse_date(text: str) -> date:
    """Parse dd/mm/yyyy, d-m-yyyy, yyyy-mm-dd and "22 November 2026" (id or en month names)."""
    parts: tuple[str, str, str] | None = None
    if m := _DMY.fullmatch(text):
        if len(m[3]) == 2:
            raise ValueError(f"tahun pada tanggal '{text}' harus ditulis 4 digit, mis. 22/11/2026")
        parts = (m[3], m[2], m[1])
    elif m := _ISO.fullmatch(text):
        parts = (m[1], m[2], m[3])
    elif (m := _SPELLED.fullmatch(text.lower())) and m[2] in MONTHS:
        parts = (m[3], str(MONTHS[m[2]]), m[1])
    if parts is None:
        if (serial := _excel_serial(text)) is not None:
            raise ValueError(
                f"tanggal '{text}' tidak dikenali: tampaknya nomor tanggal Excel ({serial}), "
                "yang muncul bila tanggal ditempel sebagai nilai ke sel berformat Teks. Format "
                "selnya sebagai tanggal (Date), atau ketik tanggalnya, mis. 22/11/2026"
            )
        raise ValueError(
            f"tanggal '{text}' tidak dikenali; tulis seperti 22/11/2026, 2026-11-22 "
            "atau 22 November 2026"
        )
    year, month, day = map(int, parts)
    if (found := _valid_date(year, month, day)) is not None:
        return found
    if m is not None and m.re is _DMY and month > 12 and 1 <= day <= 12:
        swapped = _valid_date(year, day, month)
        if swapped is not None:
            raise ValueError(_month_first_hint(text, m[0][len(m[1])], swapped))
    raise ValueError(f"tanggal '{text}' tidak ada di kalender")


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_first_hint(text: str, sep: str, meant: date) -> str:
    """Why '10/13/2026' is refused: an Excel set to English writes the month first.

    The whole column is suspect: its dates with a day up to 12 read without an error, each
    as another date, so the message shows one of them.
    """
    day = 3 if meant.month != 3 else 4
    other = f"{meant.month}{sep}{day}{sep}{meant.year}"
    misread = format_date(date(meant.year, day, meant.month))
    fixed = f"{meant.day}{sep}{meant.month}{sep}{meant.year}"
    return (
        f"tanggal '{text}' tampaknya ditulis bulan/hari/tahun ({format_date(meant)}), padahal "
        f"tanggal dibaca hari/bulan/tahun. Tanggal lain di kolom ini seperti {other} akan "
        f"terbaca {misread}, bukan {day} {MONTHS_ID[meant.month - 1]}: tulis ulang seluruh "
        f"kolom sebagai hari/bulan/tahun, mis. {fixed} (Excel yang diatur ke bahasa Inggris "
        "menulis bulan lebih dulu)"
    )


def _excel_serial(text: str) -> str | None:
    """'46115 = 3 April 2026' when `text` is Excel's number of a day from 1950 to 2099."""
    if _SERIAL.fullmatch(text) is None:
        return None
    whole = int(text.replace(",", ".").split(".")[0])
    day = _EXCEL_EPOCH + timedelta(days=whole)
    return f"{whole} = {format_date(day)}" if 1950 <= day.year <= 2099 else None


describe(
    parse_date,
    "tanggal hari/bulan/tahun, mis. 22/11/2026, 2026-11-22 atau 22 November 2026",
    as_text=True,
)


def parse_code(text: str) -> str:
    """A code (unit, indicator, forum, workshop) as the packs spell it."""
    if _CODE.fullmatch(text) is None:
        raise ValueError(
            f"kode '{text}' hanya boleh berisi huruf, angka, titik, garis bawah atau tanda "
            "hubung, tanpa spasi (maksimal 64 karakter)"
        )
    return text


describe(
    parse_code,
    "kode tanpa spasi: huruf, angka, titik, garis bawah atau tanda hubung (maksimal 64 karakter)",
    as_text=True,
)


def parse_email(text: str) -> str:
    """An email address, as the portal's form takes one (name@domain.tld)."""
    if not is_email(text):
        raise ValueError(f"alamat surel '{text}' tidak dikenali (contoh: nama@contoh.go.id)")
    return text


describe(parse_email, "alamat surel, mis. nama@contoh.go.id", as_text=True)

#: How a CSV cell a spreadsheet reads as a formula starts (`=…`, `+…`, `-…`, `@…`, and a
#: tab or carriage return before one).
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """`text` for a cell of a CSV that Siklus exports, shown by a spreadsheet as written.

    Excel and LibreOffice read a cell starting like a formula (`=HYPERLINK(…)`, `-Unit A`)
    as one and show its result, or run it; with an apostrophe before it the cell is text
    (the apostrophe shows). `exported_text` takes it off when the file comes back.
    """
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV that Siklus exports for Excel: ';', CRLF, every text cell `spreadsheet_text`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_text(c) if isinstance(c, str) else c for c in row]
                     for row in rows)  # fmt: skip
    return out.getvalue()


def exported_text(text: str) -> str:
    """Text from a CSV that Siklus exported, without the apostrophe `spreadsheet_text` added."""
    return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_START else text


def exported_code(text: str) -> str:
    """A code from a CSV that Siklus exported (`exported_text`, then `parse_code`)."""
    return parse_code(exported_text(text))


describe(exported_text, "teks")
describe(exported_code, accepts(parse_code).text, as_text=True)


def parse_nip(text: str) -> str:
    """A NIP checked without its jenis ASN (no TMT check; see `policy.nip`)."""
    return validate_nip(text, None)


describe(
    parse_nip,
    "NIP 18 digit sebagai teks, mis. 198703152010012003 (sel berformat Teks: NIP yang "
    "diketik sebagai angka diubah Excel menjadi 1,98703E+17 dan digit terakhirnya hilang)",
    as_text=True,
)


def parse_measure_text(text: str) -> str:
    """What Siklus measures an indicator from (`policy.evaluation.measures`), as written."""
    from policy.evaluation.measures import parse_measure

    return str(parse_measure(text))


describe(
    parse_measure_text,
    "kosong bila realisasinya diimpor; bila diukur Siklus: ikm:UNIT, "
    "pengaduan_tepat_waktu[:UNIT], pengaduan_median[:UNIT], bonus:KODE, predikat_baik, "
    "layanan_hari[:UNIT[/JENIS]], layanan_sehari[:UNIT[/JENIS]], "
    "layanan_tepat_waktu[:UNIT[/JENIS]], lkh_lengkap[:UNIT] atau penilaian_diri[:UNIT]",
)
_SCORES = {"1": 1, "2": 2, "3": 3, "4": 4}


def parse_score(text: str) -> int:
    """An SKM answer, 1–4 (an empty cell, not answered, never reaches a parser)."""
    if text in _SCORES:
        return _SCORES[text]
    raise ValueError(
        f"nilai harus 1, 2, 3 atau 4 (kosongkan bila tidak dijawab), ditemukan '{text}'"
    )


describe(
    parse_score, f"nilai {words(list(_SCORES))}; kosongkan bila tidak dijawab", values=list(_SCORES)
)


def parse_positive_int(text: str) -> int:
    """A whole number from 1 up, e.g. the receipt number of an input."""
    if _INT.fullmatch(text) is None or int(text) == 0:
        raise ValueError(f"harus bilangan bulat positif, ditemukan '{text}'")
    return int(text)


describe(parse_positive_int, "bilangan bulat mulai 1, mis. 12")


def parse_section(text: str) -> str:
    """A section label such as "Pasal 5 ayat (2)", with runs of spaces made single."""
    return _SPACES.sub(" ", text)


describe(parse_section, "bagian rancangan, mis. Pasal 5 ayat (2)")


def parse_sections(text: str) -> tuple[str, ...]:
    """'Pasal 5; Pasal 7' or 'Pasal 5, Pasal 7' (a ';' wins, so labels may contain commas)."""
    parts = text.split(";") if ";" in text else text.split(",")
    return tuple(label for part in parts if (label := parse_section(part).strip()))


describe(parse_sections, "bagian rancangan dipisah ; atau koma, mis. Pasal 5; Pasal 7")


def long_text(limit: int) -> Callable[[str], str]:
    """A free-text parser: line ends unified to LF, at most `limit` characters."""

    def parse(text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > limit:
            size, most = (f"{n:,}".replace(",", ".") for n in (len(text), limit))
            raise ValueError(f"teks terlalu panjang: {size} karakter, maksimal {most}")
        return text

    cap = f"{limit:,}".replace(",", ".")
    return describe(parse, f"teks, paling banyak {cap} karakter")
