"""Tabular import: a CSV or XLSX file into validated typed rows, or the complete list of errors.

Layer: domain (no session, no Prefect, no CLI). `parse_file` returns every row of a valid
file; `stream_file` yields them while reading (constant memory) and ends by raising
`ImportFileError` when any row was bad, so a service writing as it reads rolls back and a file
with any bad row writes nothing either way. The valid rows after a bad one still come (as
`CheckOnly` lists), so the service's own checks report theirs in the same import. The
formats live in `policy.importformats` (registry `FORMATS`), their vocabulary in
`policy.importschema`, the reading of CSV files in `policy.importcsv`, of workbooks in
`policy.importxlsx`, of records into rows in `policy.importrows`.

CSV files are read as Excel writes them (DOMAIN.md §7): `;`, `,` or tab, chosen from the header
line or from a first line `sep=;`; UTF-8 with or without BOM, else Windows-1252 (and UTF-16
from "Unicode Text"); CRLF or LF; quoted fields. A file that is UTF-8 in places and not in
others (a Windows-1252 byte pasted into a UTF-8 file) is refused at the first byte that is
not UTF-8: read as Windows-1252 it would garble every other name. XLSX files are read with
openpyxl in read-only mode. Both are streamed. Errors carry the physical line of the file
(the header is line 1 unless blank lines or a `sep=` line come first; a quoted field spanning
lines counts all its lines) or the sheet row, the column header as written, and a reason in
Bahasa Indonesia.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, Final, Generic, Literal

from policy import readahead
from policy.importbounds import Bounds
from policy.importcsv import csv_chunks, first_bad_byte
from policy.importerrors import (
    MAX_ERRORS,
    CheckOnly,
    ErrorLog,
    ImportFileError,
    Report,
    RowError,
)
from policy.importformats import FORMATS
from policy.importheader import Source, find_header
from policy.importrows import chunked, plain_row, read_chunks
from policy.importschema import RowT, normalise_header
from policy.importtables import TableFormat
from policy.periods import parse_period
from policy.readahead import READERS, Reader, read_ahead

__all__ = [
    "FORMATS",
    "MAX_ERRORS",
    "CheckOnly",
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
_XLSX_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: A character of two to four bytes as UTF-8 writes it: a file that fails to decode as UTF-8
#: yet holds one of these mixes UTF-8 with another encoding.
_UTF8_MULTIBYTE: Final = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
Text = Literal["utf-8", "mixed", "other"]  # how a file's bytes decode (see `_scan`)

#: Files this large or larger are read ahead in a helper process under "auto": below it the
#: fork and the pickling cost about what the overlap saves.
READ_AHEAD_BYTES: Final = 2 << 20

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

    Iterating yields the valid rows (named tuples of the format's fields) to the end of the
    file, and ends by raising `ImportFileError` with every error when any row was bad.
    `chunks` and `batches` hand the valid rows after the first bad row in `CheckOnly` lists
    (to check against the database, never to write). `sha256` is known before reading
    starts; `rows` and `warnings` are complete once iteration has ended. `log`, given,
    receives every error the reading finds (`ErrorLog`), not only the first `MAX_ERRORS`.
    """

    def __init__(
        self,
        fmt: TableFormat[Any],
        path: Path,
        *,
        light: bool = True,
        reader: Reader = "auto",
        bounds: Bounds | None = None,
        log: ErrorLog | None = None,
    ) -> None:
        self.kind = fmt.kind
        self.path = path
        self.filename = _name(path)
        self.sha256, self._head, self._text = _scan(path)
        self.size = path.stat().st_size  # bytes
        self.rows = 0
        self.warnings: list[str] = []
        self.headers: dict[str, str] = {}  # column name -> header as written (once read)
        self._fmt = fmt
        self._path = path
        self._make: Any = fmt.tuple_type if light else fmt.row_type
        self._ahead = light and _reads_ahead(reader, self.size)
        self._absent: frozenset[str] | None = None
        self._bounds = bounds
        self.log = log

    def _records(self, report: Report, warnings: list[str]) -> tuple[RecordChunks, Source]:
        fmt, path, head = self._fmt, self._path, self._head
        if head.startswith(_XLSX_MAGIC):
            from policy.importxlsx import xlsx_records  # openpyxl: only for workbooks

            rows, source = xlsx_records(path, fmt, warnings, report)
            return chunked(rows), source
        if head.startswith(_OLE_MAGIC):  # an .xls, or an .xlsx protected by a password
            from policy.importbooks import ole_refusal

            report.add(0, None, ole_refusal(path))
            raise report.fail()
        if head.startswith(_UTF16_BOMS):
            return csv_chunks(path, "utf-16", fmt), Source()
        if (markup := _markup_refusal(path)) is not None:
            report.add(0, None, markup)
            raise report.fail()
        if self._text == "mixed":
            return first_bad_byte(csv_chunks(path, "utf-8-sig", fmt, "surrogateescape")), Source()
        if self._text == "other":
            warnings.append("berkas bukan UTF-8; dibaca sebagai Windows-1252")
            return csv_chunks(path, "cp1252", fmt), Source()
        return csv_chunks(path, "utf-8-sig", fmt), Source()

    def absent_fields(self) -> frozenset[str]:
        """The format's optional fields the file has no column for, from its header alone.

        Read apart from the rows (a CSV's first lines, a workbook's first rows), before
        they are written: an upsert leaves what is stored in such a column as it is, where
        the file's empty value would blank it. A header the reading will refuse gives
        the empty set (the import fails on it anyway).
        """
        if self._absent is None:
            fmt, report = self._fmt, Report(self.filename)
            try:
                records, source = self._records(report, [])
                try:
                    _, header, _ = find_header(fmt, records, report, [], source)
                finally:
                    records.close()
            except (ImportFileError, csv.Error, UnicodeDecodeError):
                self._absent = frozenset()
                return self._absent
            named = (fmt.headers.get(normalise_header(cell.strip())) for cell in header)
            found = {column.field for column in named if column is not None}
            self._absent = frozenset(
                c.field for c in fmt.columns if not c.required and c.field not in found
            )
        return self._absent

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
            made = list(map(tuple.__new__, repeat(make), rows))  # named tuples again, in C
            yield made if rows.__class__ is list else CheckOnly(made)

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
        report = Report(self.filename, self.log, rank=0)
        records, source = self._records(report, self.warnings)

        def reopen() -> RecordChunks:  # a second reading, only to confirm repeated keys
            return self._records(Report(self.filename), [])[0]

        try:
            yield from read_chunks(
                fmt, records, report, self.warnings, make, reopen, self.headers, source,
                self._bounds,
            )  # fmt: skip
        except (csv.Error, UnicodeDecodeError) as exc:
            reason = (
                "memuat karakter yang bukan UTF-8 maupun Windows-1252; simpan ulang sebagai CSV "
                "UTF-8"
                if isinstance(exc, UnicodeDecodeError)
                else "bukan CSV yang sah; periksa tanda kutip"
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
        """The rows in lists of at most `size` (the last batch may be shorter).

        The rows after a bad row come in `CheckOnly` batches of their own; the last of them
        comes before the file's errors are raised.
        """
        pending: list[Any] = []
        try:
            for rows in self.chunks():
                if rows.__class__ is not pending.__class__:  # the first rows after a bad row
                    if pending:
                        yield pending
                    pending = CheckOnly()
                pending.extend(rows)
                while len(pending) >= size:
                    batch = pending[:size]  # a slice is a plain list
                    yield batch if pending.__class__ is list else CheckOnly(batch)
                    del pending[:size]
        except ImportFileError:
            if pending:
                yield pending
            raise
        if pending:
            yield pending


def _format(kind: str) -> TableFormat[Any]:
    fmt = FORMATS.get(kind)
    if fmt is None:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def stream_file(
    kind: str,
    path: Path,
    *,
    light: bool = True,
    reader: Reader = "auto",
    bounds: Bounds | None = None,
    log: ErrorLog | None = None,
) -> RowStream:
    """Open a CSV or XLSX file of the given kind for reading row by row (see `RowStream`).

    The file is hashed and its encoding checked at once; rows are read when iterated, as
    named tuples (`light`, cheapest) or as the format's row dataclass. `reader` says where
    named-tuple rows are read: "auto" reads a file of `READ_AHEAD_BYTES` or more in a
    helper process where `policy.readahead` can run and this process has no other thread
    (a command, not a flow run or a web server), "process" always does where it can run,
    "inline" never does. `bounds`, given, refuses the periods the organisation never
    evaluates and the dates after the day of the import (`policy.importbounds`). `log`,
    given, keeps every error the reading finds (`ErrorLog`).

    Raises:
        ValueError: `kind` is not a known format, or `reader` not one of the three.
    """
    return RowStream(_format(kind), Path(path), light=light, reader=reader, bounds=bounds, log=log)


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


#: How a web page or an Excel 2003 XML workbook begins, lower-cased, after any BOM and spaces.
_MARKUP: Final = (b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta", b"<head")


def _markup_refusal(path: Path) -> str | None:
    """Why a text file that is markup, not CSV, is refused; None for any other file.

    Web applications' "Export to Excel" often save an HTML table, or Excel 2003's XML, under
    an `.xls` name: Excel opens it, but it is no CSV, and read as one its tags would become
    column names.
    """
    with path.open("rb") as handle:
        start = handle.read(512).removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if not start.startswith(_MARKUP):
        return None
    what = (
        "buku kerja XML Excel 2003"
        if start.startswith(b"<?xml") and b"<html" not in start
        else "halaman web (HTML) berisi tabel"
    )
    return (
        f"berkas ini {what}, bukan CSV atau .xlsx (aplikasi yang mengekspor ke Excel sering "
        "menyimpannya dengan nama .xls). Buka berkas itu di Excel, lalu simpan sebagai Excel "
        "Workbook (.xlsx) atau CSV, dan impor berkas yang baru"
    )


def _name(path: Path) -> str:
    """How messages name the file: its name, or the path as typed ("." has no name)."""
    return path.name or str(path)


def _scan(path: Path) -> tuple[str, bytes, Text]:
    """Hash the file and tell how its bytes decode, reading it in chunks.

    "utf-8": the whole file decodes as UTF-8 (or it is a workbook or UTF-16); "mixed": it
    does not, yet it holds characters written as UTF-8 (a leading BOM aside); "other": it
    holds none (a Windows-1252 file, as Excel's "CSV (Comma delimited)" writes it).

    Raises:
        ImportFileError: the file is missing, a folder, or cannot be read.
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = b""
    checking = True  # a text file whose encoding is still to be told
    is_utf8 = True
    multibyte = False  # a character written as UTF-8 seen
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                body = chunk
                if not head:
                    head = chunk[:8]
                    checking = not head.startswith((_XLSX_MAGIC, _OLE_MAGIC, *_UTF16_BOMS))
                    body = chunk.removeprefix(codecs.BOM_UTF8)
                digest.update(chunk)
                if not checking:
                    continue
                if is_utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        is_utf8 = False
                    else:
                        multibyte = multibyte or not body.isascii()
                        continue
                if not multibyte:
                    multibyte = _UTF8_MULTIBYTE.search(body) is not None
    except OSError as exc:
        raise ImportFileError(_name(path), [RowError(0, None, _unreadable(path, exc))]) from None
    if checking and is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    text: Text = "utf-8" if not checking or is_utf8 else "mixed" if multibyte else "other"
    return digest.hexdigest(), head, text


def _unreadable(path: Path, exc: OSError) -> str:
    """Why a file cannot be read, in words."""
    if isinstance(exc, FileNotFoundError):
        return f"berkas tidak ditemukan: {path}"
    if isinstance(exc, IsADirectoryError):
        return f"{path} adalah folder, bukan berkas; sebutkan berkas CSV atau XLSX di dalamnya"
    if isinstance(exc, PermissionError):
        return f"berkas {path} tidak boleh dibaca oleh pengguna ini (izin akses)"
    return f"berkas {path} tidak dapat dibaca ({exc.strerror or exc})"
