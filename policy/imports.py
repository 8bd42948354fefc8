"""Tabular import: a CSV or XLSX file into validated typed rows, or the complete list of errors.

Layer: domain (no session, no Prefect, no CLI); the services call `parse_file` and write only
when it returns, so a file with any bad row writes nothing. The formats live in
`policy.importformats` (registry `FORMATS`), their vocabulary in `policy.importschema`.

CSV files are read as Excel writes them (DOMAIN.md §7): `;`, `,` or tab, chosen from the header
line or from a first line `sep=;`; UTF-8 with or without BOM, else Windows-1252 (and UTF-16
from "Unicode Text"); CRLF or LF; quoted fields. XLSX files are read with openpyxl in read-only
mode. Both are streamed. Errors carry the physical line of the file (the header is line 1 unless
blank lines or a `sep=` line come first; a quoted field spanning lines counts all its lines) or
the sheet row, the column header as written, and a reason in Bahasa Indonesia.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import math
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any, Final, Generic

import openpyxl  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from policy.importformats import FORMATS
from policy.importschema import REQUIRED, RowT, TableFormat, normalise_header, parse_period
from policy.nip import EXCEL_HINT

__all__ = [
    "FORMATS",
    "MAX_ERRORS",
    "ImportFileError",
    "ParsedTable",
    "RowError",
    "TableFormat",
    "parse_file",
    "parse_period",
]

MAX_ERRORS: Final = 200
_MEMO_LIMIT: Final = 4096
_CHUNK: Final = 1 << 20
_DELIMITERS: Final = (";", ",", "\t")
_XLSX_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_MISS: Final = object()
_WAJIB: Final = "wajib diisi"

Records = Generator[tuple[int, Sequence[str]], None, None]  # (line or sheet row, cells)


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an imported file; `line` 0 means the file as a whole."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"baris {self.line}"] if self.line else []
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFileError(Exception):
    """A file with at least one error; nothing from it may be written."""

    def __init__(
        self, filename: str, errors: list[RowError], total_errors: int = 0, bad_rows: int = 0
    ) -> None:
        self.filename = filename
        self.errors = errors
        self.total_errors = max(total_errors, len(errors))
        self.bad_rows = bad_rows
        super().__init__(filename, self.total_errors)

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable with all its fields (task results and failures may be pickled).
        args = (self.filename, self.errors, self.total_errors, self.bad_rows)
        return (type(self), args)

    def __str__(self) -> str:
        count = f"{self.total_errors} kesalahan"
        if self.bad_rows:
            count = f"{self.bad_rows} baris bermasalah, {count}"
        lines = [
            f"Berkas '{self.filename}' tidak dapat diimpor ({count}). Tidak ada data yang "
            "disimpan; perbaiki berkas lalu impor ulang.",
            *(f"- {error}" for error in self.errors),
        ]
        if self.total_errors > len(self.errors):
            rest = self.total_errors - len(self.errors)
            lines.append(f"... dan {rest} kesalahan lain tidak ditampilkan.")
        return "\n".join(lines)


@dataclass(frozen=True)
class ParsedTable(Generic[RowT]):
    """The valid rows of a file, with the file's sha256 (re-importing the same bytes is a no-op)."""

    kind: str
    filename: str
    sha256: str
    rows: list[RowT]
    warnings: list[str]


class _NumberText(str):
    """The text of a numeric spreadsheet cell; NIP columns refuse it (DOMAIN.md R3)."""

    __slots__ = ()


class _Failure:
    """A memoised parse error."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class _Report:
    """Errors of one file: the first `MAX_ERRORS` kept, all counted."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.errors: list[RowError] = []
        self.total = 0
        self.bad_rows = 0
        self.line = 0

    def add(self, line: int, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(line, column, message))

    def fail(self) -> ImportFileError:
        return ImportFileError(self.filename, self.errors, self.total, self.bad_rows)


def parse_file(kind: str, path: Path) -> ParsedTable[Any]:
    """Read a CSV or XLSX file of the given kind into typed rows.

    Args:
        kind: a key of `FORMATS`, e.g. "pegawai" or "skm".
        path: the file; CSV (any Excel dialect) or XLSX, told apart by content.

    Raises:
        ValueError: `kind` is not a known format.
        ImportFileError: the file has at least one error; every error (up to `MAX_ERRORS`)
            is listed with its line and column.
    """
    fmt = FORMATS.get(kind)
    if fmt is None:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(FORMATS)}")
    path = Path(path)
    sha256, head, is_utf8 = _scan(path)
    report = _Report(path.name)
    warnings: list[str] = []
    if head.startswith(_XLSX_MAGIC):
        records = _xlsx_records(path, fmt, warnings, report)
    elif head.startswith(_OLE_MAGIC):
        report.add(
            0, None, "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx atau CSV"
        )
        raise report.fail()
    else:
        encoding = "utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig"
        if not is_utf8 and encoding != "utf-16":
            encoding = "cp1252"
            warnings.append("berkas bukan UTF-8; dibaca sebagai Windows-1252")
        records = _csv_records(path, encoding, fmt)
    try:
        rows = _parse_records(fmt, records, report, warnings)
    except (csv.Error, UnicodeDecodeError) as exc:
        reason = (
            "memuat karakter yang bukan UTF-8 maupun Windows-1252; simpan ulang sebagai CSV UTF-8"
            if isinstance(exc, UnicodeDecodeError)
            else f"bukan CSV yang sah, periksa tanda kutip ({exc})"
        )
        report.add(0, None, f"berkas {reason} (sesudah baris {report.line})")
    finally:
        records.close()  # the file (or workbook) is closed even when reading stops early
    if report.total:
        raise report.fail()
    return ParsedTable(fmt.kind, path.name, sha256, rows, warnings)


def _scan(path: Path) -> tuple[str, bytes, bool]:
    """Hash the file and check that it is UTF-8, reading it in chunks."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = b""
    is_utf8 = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if not head:
                head = chunk[:8]
                is_utf8 = not head.startswith((_XLSX_MAGIC, _OLE_MAGIC, *_UTF16_BOMS))
            digest.update(chunk)
            if is_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
    if is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    return digest.hexdigest(), head, is_utf8


def _csv_records(path: Path, encoding: str, fmt: TableFormat[Any]) -> Records:
    """Yield (physical line, cells) for the header and every record of a CSV file."""
    with path.open(encoding=encoding, newline="") as handle:
        skipped = 0
        first = handle.readline()
        while first and not first.strip():
            skipped, first = skipped + 1, handle.readline()
        delimiter = _sep_line(first)
        if delimiter is not None:
            skipped, first = skipped + 1, handle.readline()
            while first and not first.strip():
                skipped, first = skipped + 1, handle.readline()
        if not first:
            return
        if encoding == "cp1252" and first.startswith("\u00ef\u00bb\u00bf"):
            first = first[3:]  # a UTF-8 BOM on a file that is otherwise not UTF-8
        reader = csv.reader(chain([first], handle), delimiter=delimiter or _sniff(first, fmt))
        previous = 0
        for cells in reader:
            yield previous + 1 + skipped, cells
            previous = reader.line_num


def _sep_line(line: str) -> str | None:
    """The delimiter named by Excel's `sep=;` first line, if that is what `line` is."""
    text = line.rstrip("\r\n")
    if text[:1] == '"' and text[1:5].lower() == "sep=" and text[6:7] == '"':
        return text[5]
    if text[:4].lower() == "sep=" and len(text) >= 5 and not text[5:].strip(";,\t"):
        return text[4]
    return None


def _sniff(header: str, fmt: TableFormat[Any]) -> str:
    """The delimiter that splits the header into the most known columns, then most columns."""

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([header.rstrip("\r\n")], delimiter=delimiter), [])
        known = sum(normalise_header(cell) in fmt.headers for cell in cells)
        return known, len(cells)

    return max(_DELIMITERS, key=score)


def _xlsx_records(
    path: Path, fmt: TableFormat[Any], warnings: list[str], report: _Report
) -> Records:
    """Yield (sheet row, cells as text) from the format's sheet, or else the first one."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        report.add(0, None, f"berkas XLSX tidak dapat dibuka ({exc})")
        raise report.fail() from exc
    return _xlsx_rows(book, fmt, warnings)


def _xlsx_rows(book: Any, fmt: TableFormat[Any], warnings: list[str]) -> Records:
    try:
        names = {normalise_header(name): name for name in book.sheetnames}
        wanted = (fmt.kind, fmt.title, *fmt.sheet_names)
        chosen = next((names[key] for w in wanted if (key := normalise_header(w)) in names), None)
        sheet = book[chosen] if chosen is not None else book.worksheets[0]
        if len(book.sheetnames) > 1:
            warnings.append(
                f"berkas berisi {len(book.sheetnames)} lembar; yang dibaca: '{sheet.title}'"
            )
        sheet.reset_dimensions()  # some writers record a wrong used range
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
            yield number, [value if type(value) is str else _cell_text(value) for value in values]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text the cell parsers read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return _NumberText(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return _NumberText(int(value))
        # Decimal comma, so "1.125" is not read as one thousand one hundred and twenty-five.
        return _NumberText(format(Decimal(repr(value)), "f").replace(".", ","))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _parse_records(
    fmt: TableFormat[Any],
    records: Iterator[tuple[int, Sequence[str]]],
    report: _Report,
    warnings: list[str],
) -> list[Any]:
    """Match the header, then parse, check and de-duplicate every record."""
    header_line, header = next(
        ((line, cells) for line, cells in records if any(cell.strip() for cell in cells)), (0, ())
    )
    if not header:
        report.add(0, None, "berkas kosong: baris judul kolom tidak ditemukan")
        raise report.fail()
    plan = _match_header(fmt, header_line, header, report, warnings)
    if report.total:
        raise report.fail()
    cached, plain, names, positions = plan.cached, plan.plain, plan.names, plan.positions
    width = max(positions.values()) + 1
    indexes = tuple(positions.values())
    defaults = {c.field: c.empty for c in fmt.columns if c.field not in names}
    names.update({c.field: c.name for c in fmt.columns if c.field not in names})
    make: Callable[..., Any] = fmt.row_type
    values_of = fmt.values_of
    check = fmt.check
    uniques: list[tuple[Any, dict[tuple[Any, ...], int]]] = [(u, {}) for u in fmt.unique]
    rows: list[Any] = []
    count = 0
    for line, cells in records:
        report.line = line
        if len(cells) < width:
            cells = [*cells, *([""] * (width - len(cells)))]
        values = defaults.copy()
        failed: list[tuple[str | None, str]] | None = None
        # Columns with repeating values: the memo maps the raw cell to its outcome.
        for index, fld, memo, resolve in cached:
            raw = cells[index]
            value = memo.get(raw, _MISS)
            if value is _MISS:
                value = resolve(raw)
            if value.__class__ is _Failure:
                failed = failed or []
                failed.append((fld, value.message))
            else:
                values[fld] = value
        for index, fld, parse, empty, text_only in plain:
            raw = cells[index]
            if text_only and raw.__class__ is _NumberText:
                failed = failed or []
                failed.append(
                    (fld, f"NIP '{raw}' tersimpan sebagai angka, bukan teks. {EXCEL_HINT}")
                )
                continue
            text = raw.strip()
            if not text:
                if empty is REQUIRED:
                    failed = failed or []
                    failed.append((fld, _WAJIB))
                else:
                    values[fld] = empty
            elif parse is None:
                values[fld] = text
            else:
                try:
                    values[fld] = parse(text)
                except (ValueError, ArithmeticError) as exc:
                    failed = failed or []
                    failed.append((fld, str(exc)))
        # Every format has a column that must be filled, so an empty line always fails first.
        if failed and not any(cells[i].strip() for i in indexes):
            continue  # an empty line, or one with text only in ignored columns
        if check is not None:
            problems = check(values)
            if problems:
                failed = [*(failed or ()), *problems]
        for unique, seen in uniques:
            key = tuple(values.get(f) for f in unique.fields)
            if None in key or (failed and any(f == w for w, _ in failed for f in unique.fields)):
                continue
            first = seen.setdefault(key, line)
            if first != line:
                failed = failed or []
                message = unique.message.format(
                    first=first, **dict(zip(unique.fields, key, strict=True))
                )
                failed.append((unique.fields[-1], message))
        count += 1
        if failed:
            report.bad_rows += 1
            failed.sort(key=lambda item: positions.get(item[0] or "", width))
            for where, message in failed:
                report.add(line, names[where] if where is not None else None, message)
        elif not report.total:
            rows.append(make(line, *values_of(values)))
    if not count:
        warnings.append("berkas tidak berisi baris data")
    return rows


@dataclass
class _Plan:
    """How the columns of one file are read."""

    cached: list[tuple[int, str, dict[str, Any], Callable[[str], Any]]]
    plain: list[tuple[int, str, Callable[[str], Any] | None, Any, bool]]
    names: dict[str, str]  # field -> header as written in the file
    positions: dict[str, int]  # field -> column index in the file


def _resolver(
    parse: Callable[[str], Any] | None, empty: Any, memo: dict[str, Any]
) -> Callable[[str], Any]:
    """Parse a raw cell into a value or a `_Failure`, remembering the outcome."""

    def resolve(raw: str) -> Any:
        text = raw.strip()
        outcome: Any
        if not text:
            outcome = _Failure(_WAJIB) if empty is REQUIRED else empty
        elif parse is None:
            outcome = text
        else:
            try:
                outcome = parse(text)
            except (ValueError, ArithmeticError) as exc:
                outcome = _Failure(str(exc))
        if len(memo) < _MEMO_LIMIT:
            memo[raw] = outcome
        return outcome

    return resolve


def _match_header(
    fmt: TableFormat[Any],
    line: int,
    header: Sequence[str],
    report: _Report,
    warnings: list[str],
) -> _Plan:
    """Bind the file's columns to the format's; report missing and repeated columns."""
    plan = _Plan([], [], {}, {})
    unknown: list[str] = []
    for index, cell in enumerate(header):
        text = cell.strip()
        column = fmt.headers.get(normalise_header(text)) if text else None
        if column is None:
            if text:
                unknown.append(text)
            continue
        if column.field in plan.names:
            first = plan.names[column.field]
            report.add(line, text, f"kolom ini sama dengan kolom '{first}'; hapus salah satu")
            continue
        plan.names[column.field] = text
        plan.positions[column.field] = index
        if column.memo and not column.text_only:
            memo: dict[str, Any] = {}
            plan.cached.append(
                (index, column.field, memo, _resolver(column.parse, column.empty, memo))
            )
        else:
            plan.plain.append((index, column.field, column.parse, column.empty, column.text_only))
    missing = [c.name for c in fmt.columns if c.required and c.field not in plan.names]
    if missing:
        found = [cell.strip() for cell in header if cell.strip()]
        report.add(
            line,
            None,
            f"kolom wajib untuk {fmt.title} tidak ditemukan: {', '.join(missing)}. "
            f"Kolom yang ada di berkas: {', '.join(found) or '(tidak ada)'}",
        )
    if unknown:
        warnings.append(f"kolom tidak dikenal diabaikan: {', '.join(unknown)}")
    return plan
