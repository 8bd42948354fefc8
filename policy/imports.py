"""Tabular import: a CSV or XLSX file into validated typed rows, or the complete list of errors.

Layer: domain (no session, no Prefect, no CLI). `parse_file` returns every row of a valid
file; `stream_file` yields them while reading (constant memory) and ends by raising
`ImportFileError` when any row was bad, so a service writing as it reads rolls back and a file
with any bad row writes nothing either way. The formats live in `policy.importformats`
(registry `FORMATS`), their vocabulary in `policy.importschema`, the reading of records into
rows in `policy.importrows`.

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
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any, Final, Generic

from policy import importrows, readahead
from policy.importerrors import MAX_ERRORS, ImportFileError, NumberText, Report, RowError
from policy.importformats import FORMATS
from policy.importrows import chunked, plain_row, read_chunks
from policy.importschema import RowT, TableFormat, normalise_header
from policy.periods import parse_period
from policy.readahead import READERS, Reader, read_ahead

__all__ = [
    "FORMATS",
    "MAX_ERRORS",
    "ImportFileError",
    "ParsedTable",
    "RowError",
    "RowStream",
    "TableFormat",
    "file_sha256",
    "parse_file",
    "parse_period",
    "stream_file",
]

_CHUNK: Final = 1 << 20
_DELIMITERS: Final = (";", ",", "\t")
_XLSX_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

#: Files this large or larger are read ahead in a helper process under "auto": below it the
#: fork and the pickling cost about what the overlap saves.
READ_AHEAD_BYTES: Final = 2 << 20

Records = Generator[tuple[int, list[str]], None, None]  # (line or sheet row, cells)
RecordChunks = Generator[list[tuple[int, list[str]]], None, None]  # records in lists


@dataclass(frozen=True)
class ParsedTable(Generic[RowT]):
    """The valid rows of a file, with the file's sha256 (re-importing the same bytes is a no-op)."""

    kind: str
    filename: str
    sha256: str
    rows: list[RowT]
    warnings: list[str]


class RowStream:
    """The rows of one file, read while they are consumed (constant memory).

    Iterating yields the valid rows (named tuples of the format's fields) until the first
    bad row; reading then goes on to the end, and the iteration ends by raising
    `ImportFileError` with every error. `sha256` is known before reading starts; `rows`
    and `warnings` are complete once iteration has ended.
    """

    def __init__(
        self, fmt: TableFormat[Any], path: Path, *, light: bool = True, reader: Reader = "auto"
    ) -> None:
        self.kind = fmt.kind
        self.path = path
        self.filename = path.name
        self.sha256, self._head, self._is_utf8 = _scan(path)
        self.size = path.stat().st_size  # bytes
        self.rows = 0
        self.warnings: list[str] = []
        self.headers: dict[str, str] = {}  # column name -> header as written (once read)
        self._fmt = fmt
        self._path = path
        self._make: Any = fmt.tuple_type if light else fmt.row_type
        self._ahead = light and _reads_ahead(reader, self.size)

    def _records(self, report: Report, warnings: list[str]) -> RecordChunks:
        fmt, path, head = self._fmt, self._path, self._head
        if head.startswith(_XLSX_MAGIC):
            return chunked(_xlsx_records(path, fmt, warnings, report))
        if head.startswith(_OLE_MAGIC):
            report.add(
                0, None, "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx atau CSV"
            )
            raise report.fail()
        encoding = "utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig"
        if not self._is_utf8 and encoding != "utf-16":
            encoding = "cp1252"
            warnings.append("berkas bukan UTF-8; dibaca sebagai Windows-1252")
        return _csv_chunks(path, encoding, fmt)

    def chunks(self) -> Iterator[list[Any]]:
        """The valid rows in the lists they were checked in (see `read_chunks`).

        A large file is read and checked in a helper process (`policy.readahead`) while
        the caller writes the chunks already read; the rows, errors and warnings are the
        same either way.
        """
        make = self._make
        if not self._ahead:
            yield from self._read(make)
            return
        for rows in read_ahead(self._read_plain, self._state, self._restore):
            yield list(map(tuple.__new__, repeat(make), rows))  # named tuples again, in C

    def _read_plain(self) -> Iterator[list[Any]]:
        """In the read-ahead child: the rows as plain tuples (they pickle compactly)."""
        return self._read(plain_row)

    def _state(self) -> tuple[int, list[str], dict[str, str]]:
        return self.rows, self.warnings, self.headers

    def _restore(self, state: tuple[int, list[str], dict[str, str]]) -> None:
        self.rows, warnings, headers = state
        self.warnings[:] = warnings
        self.headers.update(headers)

    def _read(self, make: Any) -> Iterator[list[Any]]:
        fmt = self._fmt
        report = Report(self.filename)
        records = self._records(report, self.warnings)

        def reopen() -> RecordChunks:  # a second reading, only to confirm repeated keys
            return self._records(Report(self.filename), [])

        try:
            yield from read_chunks(fmt, records, report, self.warnings, make, reopen, self.headers)
        except (csv.Error, UnicodeDecodeError) as exc:
            reason = (
                "memuat karakter yang bukan UTF-8 maupun Windows-1252; simpan ulang sebagai CSV "
                "UTF-8"
                if isinstance(exc, UnicodeDecodeError)
                else f"bukan CSV yang sah, periksa tanda kutip ({exc})"
            )
            report.add(0, None, f"berkas {reason} (sesudah baris {report.line})")
        finally:
            records.close()  # the file (or workbook) is closed even when reading stops early
            self.rows = report.rows
        if report.total:
            raise report.fail()

    def __iter__(self) -> Iterator[Any]:
        for rows in self.chunks():
            yield from rows

    def batches(self, size: int) -> Iterator[list[Any]]:
        """The rows in lists of at most `size` (the last batch may be shorter)."""
        pending: list[Any] = []
        for rows in self.chunks():
            pending.extend(rows)
            while len(pending) >= size:
                yield pending[:size]
                del pending[:size]
        if pending:
            yield pending


def _format(kind: str) -> TableFormat[Any]:
    fmt = FORMATS.get(kind)
    if fmt is None:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def stream_file(kind: str, path: Path, *, light: bool = True, reader: Reader = "auto") -> RowStream:
    """Open a CSV or XLSX file of the given kind for reading row by row (see `RowStream`).

    The file is hashed and its encoding checked at once; rows are read when iterated, as
    named tuples (`light`, cheapest) or as the format's row dataclass. `reader` says where
    named-tuple rows are read: "auto" reads a file of `READ_AHEAD_BYTES` or more in a
    helper process where `policy.readahead` can run and this process has no other thread
    (a command, not a flow run or a web server), "process" always does where it can run,
    "inline" never does.

    Raises:
        ValueError: `kind` is not a known format, or `reader` not one of the three.
    """
    return RowStream(_format(kind), Path(path), light=light, reader=reader)


def _reads_ahead(reader: Reader, size: int) -> bool:
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}; expected one of {', '.join(READERS)}")
    if reader == "inline" or not readahead.available():
        return False
    if reader == "process":
        return True
    return size >= READ_AHEAD_BYTES and readahead.single_threaded()


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
    fmt = _format(kind)
    stream = RowStream(fmt, Path(path), light=False)
    rows = list(stream)
    return ParsedTable(fmt.kind, stream.filename, stream.sha256, rows, stream.warnings)


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


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


def _csv_chunks(path: Path, encoding: str, fmt: TableFormat[Any]) -> RecordChunks:
    """Yield lists of (physical line, cells) for the header and every record of a CSV file.

    Lines are read `CHUNK` at a time. A block without a double quote has one record per
    line, so the csv module parses it whole and the lines are counted, not tracked: a
    province's file goes through in C. A block with quotes (a record may then span lines)
    is read record by record, finishing the record that crosses its end.
    """
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
        delimiter = delimiter or _sniff(first, fmt)
        line = skipped + 1  # the physical line of the block's first line
        block = [first]
        while True:
            failure: UnicodeDecodeError | None = None
            try:
                block.extend(islice(handle, importrows.CHUNK - len(block)))
            except UnicodeDecodeError as exc:  # the lines read before it are kept
                failure = exc
            if not block:
                if failure is not None:
                    raise failure
                break
            if failure is None and '"' not in "".join(block):
                try:
                    rows = list(csv.reader(block, delimiter=delimiter))
                except csv.Error:
                    rows = []  # read again below, record by record, to say where
                if len(rows) == len(block):
                    yield list(zip(range(line, line + len(block)), rows, strict=True))
                    line, block = line + len(block), []
                    continue
            lines = chain(block, handle) if failure is None else iter(block)
            reader = csv.reader(lines, delimiter=delimiter)
            records: list[tuple[int, list[str]]] = []
            consumed = 0
            try:
                while consumed < len(block):
                    cells = next(reader, None)
                    if cells is None:
                        break
                    records.append((line + consumed, cells))
                    consumed = reader.line_num
            except (csv.Error, UnicodeDecodeError):
                if records:
                    yield records  # the records before the error come first
                raise
            if records:
                yield records
            if failure is not None:
                raise failure
            line, block = line + consumed, []


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
    path: Path, fmt: TableFormat[Any], warnings: list[str], report: Report
) -> Records:
    """Yield (sheet row, cells as text) from the format's sheet, or else the first one."""
    # Imported here: openpyxl costs every `siklus` command a tenth of a second at start-up.
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

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
        return NumberText(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return NumberText(int(value))
        # Decimal comma, so "1.125" is not read as one thousand one hundred and twenty-five.
        return NumberText(format(Decimal(repr(value)), "f").replace(".", ","))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
