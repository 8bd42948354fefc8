"""Reading a CSV file as Excel writes it: records with their physical lines, or what is wrong.

Layer: domain (reads one file; no session). `policy.imports` chooses the encoding and hands
the records to `policy.importrows`. The delimiter is `;`, `,` or tab, from a first line
`sep=;` or else from the header; quoted fields may span lines.

The csv module reads in strict mode: a quote opened and never closed, or text after a
closing quote, is an error rather than a cell that silently takes in the rest of the
file. Such a record, and one with a cell longer than the csv module's limit, becomes a
`BadRecord` at the line and cell where the problem starts (`_fault` reads the record again
to find them), in words a policy officer can act on. Reading goes on after a record whose
problem ends on its own line; after any other it stops, since where the next record begins
is then a guess. Text never holds a NUL character (a byte 0): the record with the first one
becomes a `BadRecord` at its line and cell, saying the file is probably no text export, and
reading stops there.

A first line that names no column of the format whatever the delimiter may be a title above
the header (`policy.importheader` finds the header below it): the delimiter is then sniffed
from the lines after it too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, Final

from policy import importrows
from policy.importerrors import BadRecord
from policy.importheader import HEADER_ROWS
from policy.importschema import normalise_header
from policy.importtables import TableFormat

__all__ = ["csv_chunks", "first_bad_byte"]

_DELIMITERS: Final = (";", ",", "\t")
#: Excel keeps at most this many characters in a cell.
EXCEL_CELL_CHARS: Final = 32_767
_SNIPPET: Final = 60  # characters of a cell quoted in a message
_ESCAPED: Final = re.compile("[\udc80-\udcff]")  # bytes read with errors="surrogateescape"

#: Lines read past a first line that names no column, to find the delimiter in the header
#: below it (see `policy.importheader`).
_AHEAD: Final = HEADER_ROWS * 2

RecordChunks = Generator[list[tuple[int, list[str]]], None, None]  # records in lists


def csv_chunks(
    path: Path, encoding: str, fmt: TableFormat[Any], errors: str = "strict"
) -> RecordChunks:
    """Yield lists of (physical line, cells) for the header and every record of a CSV file.

    Lines are read `CHUNK` at a time. A block without a double quote has one record per
    line, so the csv module parses it whole and the lines are counted, not tracked: a
    province's file goes through in C. A block with quotes (a record may then span lines)
    is read record by record, finishing the record that crosses its end. A record the csv
    module refuses, or one holding a NUL character, comes as a `BadRecord` (see the
    module's docstring).
    """
    with path.open(encoding=encoding, errors=errors, newline="") as handle:
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
        line = skipped + 1  # the physical line of the block's first line
        block = [first]
        failure: UnicodeDecodeError | None = None
        if delimiter is None:
            if not any(_known(fmt, first, d) for d in _DELIMITERS):  # a title line first?
                try:
                    block.extend(islice(handle, _AHEAD))
                except UnicodeDecodeError as exc:  # the lines read before it are kept
                    failure = exc
            delimiter = _sniff(block, fmt)
        while True:
            if failure is None:
                try:
                    block.extend(islice(handle, max(importrows.CHUNK - len(block), 0)))
                except UnicodeDecodeError as exc:  # the lines read before it are kept
                    failure = exc
            if not block:
                if failure is not None:
                    raise failure
                break
            text = "".join(block)
            if failure is None and '"' not in text:
                try:
                    rows = list(csv.reader(block, delimiter=delimiter))
                except csv.Error:
                    rows = []  # read again below, record by record, to say where
                if len(rows) == len(block):
                    read = list(zip(range(line, line + len(block)), rows, strict=True))
                    cut = _until_nul(read) if "\x00" in text else None
                    yield read if cut is None else cut
                    if cut is not None:
                        return
                    line, block = line + len(block), []
                    continue
            lines = chain(block, handle) if failure is None else iter(block)
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            records: list[tuple[int, list[str]]] = []
            consumed = 0
            while consumed < len(block):
                try:
                    cells = next(reader, None)
                except csv.Error:
                    fault = _diagnose(path, encoding, delimiter, line + consumed)
                    records.append((fault.line, BadRecord(fault.message, fault.cell)))
                    if fault.end != line + reader.line_num - 1:
                        # The csv module stopped elsewhere: the rest is a guess.
                        yield (_until_nul(records) if "\x00" in text else None) or records
                        return
                    consumed = reader.line_num  # the next record starts on the next line
                    continue
                if cells is None:
                    break
                records.append((line + consumed, cells))
                consumed = reader.line_num
            # Only the last record may run on past the block, into lines `text` lacks.
            tail = records[-1][1] if records else []
            nul = "\x00" in text or any("\x00" in cell for cell in tail)
            cut = _until_nul(records) if nul else None
            if cut is not None:
                yield cut
                return
            if records:
                yield records
            if failure is not None:
                raise failure
            line, block, failure = line + consumed, [], None


def first_bad_byte(chunks: RecordChunks) -> RecordChunks:
    """The records of a UTF-8 file read with errors="surrogateescape", up to its first bad byte.

    The file mixes UTF-8 with another encoding (`policy.imports` has found both): the record
    holding the first byte that is not UTF-8 becomes a `BadRecord` naming its line and
    cell, and reading stops there.
    """
    try:
        for chunk in chunks:
            joined = "\x1f".join(chain.from_iterable(cells for _, cells in chunk))
            if _ESCAPED.search(joined) is None:
                yield chunk
                continue
            for k, (line, cells) in enumerate(chunk):
                for cell, text in enumerate(cells):
                    found = _ESCAPED.search(text)
                    if found is not None:
                        where = line + text.count("\n", 0, found.start())
                        yield [*chunk[:k], (where, BadRecord(_mixed(text, found), cell))]
                        return
    finally:
        chunks.close()


def _mixed(text: str, found: re.Match[str]) -> str:
    byte = ord(found.group()) - 0xDC00
    as_1252 = bytes([byte]).decode("cp1252", errors="replace")
    shown = _ESCAPED.sub(
        lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", errors="replace"), text
    )
    return (
        f"sel '{_clip(shown)}' memuat byte 0x{byte:02X} yang bukan UTF-8 ('{as_1252}' dalam "
        "Windows-1252), padahal bagian lain berkas ditulis dalam UTF-8: berkas bercampur dua "
        "pengodean dan tidak dibaca, agar huruf lainnya tidak rusak. Ketik ulang huruf itu, "
        "atau simpan ulang seluruh berkas dari Excel sebagai 'CSV UTF-8'"
    )


def _sep_line(line: str) -> str | None:
    """The delimiter named by Excel's `sep=;` first line, if that is what `line` is."""
    text = line.rstrip("\r\n")
    if text[:1] == '"' and text[1:5].lower() == "sep=" and text[6:7] == '"':
        return text[5]
    if text[:4].lower() == "sep=" and len(text) >= 5 and not text[5:].strip(";,\t"):
        return text[4]
    return None


def _known(fmt: TableFormat[Any], line: str, delimiter: str) -> int:
    """How many known columns `line` names when split by `delimiter`."""
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    return sum(normalise_header(cell) in fmt.headers for cell in cells)


def _sniff(lines: list[str], fmt: TableFormat[Any]) -> str:
    """The delimiter that splits the header into the most known columns, then most columns.

    `lines` holds the first line, and the lines after it when the first names no column
    whatever the delimiter (a title above the header, see `policy.importheader`): the
    delimiter is then the one that splits one of those into the most known columns.
    """
    first, rest = lines[0], lines[1 : _AHEAD + 1]

    def score(delimiter: str) -> tuple[int, int, int]:
        below = max((_known(fmt, line, delimiter) for line in rest), default=0)
        cells = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
        return _known(fmt, first, delimiter), below, len(cells)

    return max(_DELIMITERS, key=score)


def _until_nul(records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]] | None:
    """The records up to the first holding a NUL character, that one a `BadRecord`.

    None: no record holds one. Text never holds NUL (a byte 0): a file with one is
    something else saved under a `.csv` name, or broken, and is not read further.
    """
    for k, (line, cells) in enumerate(records):
        for cell, text in enumerate(cells):
            at = text.find("\x00")
            if at >= 0:
                start = text.rfind("\n", 0, at) + 1
                where = line + text.count("\n", 0, at)
                return [*records[:k], (where, BadRecord(_nul(text[start:at]), cell))]
    return None


def _nul(before: str) -> str:
    after = f", sesudah '{_clip(before.replace(chr(0), ' '))}'" if before.strip() else ""
    return (
        f"sel ini berisi karakter NUL (byte 0x00) sebagai karakter ke-{len(before) + 1}{after}. "
        "Teks CSV tidak pernah memuat karakter itu: berkas ini kemungkinan bukan teks/CSV "
        "hasil ekspor (mis. berkas lain yang namanya diganti menjadi .csv) atau rusak, dan "
        "tidak dibaca lebih lanjut. Buka data aslinya di Excel lalu simpan sebagai 'CSV UTF-8'"
    )


# ------------------------------------------------------------------ why a record was refused


@dataclass(frozen=True)
class _Fault:
    """A record's problem: its line and cell (0-based), the message, and the line it ends on.

    `end` is the line where the csv module also stops when the problem is what `_fault`
    found there; reading goes on after that line only then.
    """

    line: int
    cell: int | None
    message: str
    end: int


def _diagnose(path: Path, encoding: str, delimiter: str, start: int) -> _Fault:
    """Why the csv module refused the record that starts on physical line `start`."""
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        fault = _fault(islice(handle, start - 1, None), delimiter, start)
    if fault is not None:
        return fault
    return _Fault(
        start,
        None,
        'baris ini tidak dapat dibaca sebagai CSV; periksa tanda kutip (") di baris ini',
        -1,
    )


_START, _FIELD, _QUOTED, _CLOSED = range(4)


def _fault(lines: Iterable[str], delimiter: str, start: int) -> _Fault | None:
    """Read one record as the csv module does (strict) and say where it first goes wrong.

    A quoted cell may span lines; a doubled quote inside it is one quote. The problems
    found: a quote never closed (the file ends inside the cell), text after a closing
    quote, a cell longer than the csv module's limit. None: the record reads well.
    """
    limit = csv.field_size_limit()
    state, cell, size = _START, 0, 0
    opened = (start, 0, 0)  # line, cell and offset of the quote that opened the cell
    number = start
    for number, text in enumerate(lines, start):
        i, n = 0, len(text)
        while i < n:
            if state == _QUOTED:
                j = text.find('"', i)
                if j < 0:
                    size += n - i
                    break
                size, i, state = size + j - i, j + 1, _CLOSED
                continue
            char = text[i]
            if state == _CLOSED:
                if char == '"':  # a doubled quote stands for one quote
                    size, i, state = size + 1, i + 1, _QUOTED
                    continue
                if size > limit:
                    return _too_long(opened[0], opened[1], size, limit, number)
                if char == delimiter:
                    cell, size, state, i = cell + 1, 0, _START, i + 1
                    continue
                if char in "\r\n":
                    return None
                return _after_quote(text, opened, delimiter, number)
            if char == '"':  # at the start of a cell: a quoted cell
                opened, size, state, i = (number, cell, i), 0, _QUOTED, i + 1
                continue
            stop = text.find(delimiter, i)
            end = stop if stop >= 0 else len(text.rstrip("\r\n"))
            if end - i > limit:
                return _too_long(number, cell, end - i, limit, number)
            if stop < 0:
                return None
            cell, i = cell + 1, stop + 1
    if state == _QUOTED:
        rest = number - opened[0]
        spread = f"{rest} baris sesudahnya terbaca" if rest else "sisa baris terbaca"
        return _Fault(
            opened[0],
            opened[1],
            f'tanda kutip (") yang dibuka di awal sel ini tidak ditutup, sehingga {spread} '
            "sebagai isi sel ini; tambahkan tanda kutip penutup di akhir teks sel ini",
            number,
        )
    if state == _CLOSED and size > limit:
        return _too_long(opened[0], opened[1], size, limit, number)
    return None


def _after_quote(text: str, opened: tuple[int, int, int], delimiter: str, number: int) -> _Fault:
    """Text after the quote that closed a cell, on line `number`."""
    line, cell, offset = opened
    if line != number:
        return _Fault(
            line,
            cell,
            f'tanda kutip (") yang dibuka di awal sel ini baru ditutup di baris {number} '
            f"dan diikuti teks lain, sehingga baris {line + 1} sampai {number} terbaca "
            "sebagai isi sel ini; kemungkinan tanda kutip penutup sel ini terlupa",
            number,
        )
    stop = text.find(delimiter, offset)
    written = text[offset : stop if stop >= 0 else len(text.rstrip("\r\n"))]
    excel = '"' + written.replace('"', '""') + '"'
    return _Fault(
        line,
        cell,
        f"ada teks sesudah tanda kutip penutup: {_clip(written)}. Bila tanda kutip itu bagian "
        "dari isi sel, apit seluruh isi sel dengan tanda kutip dan gandakan tanda kutip di "
        f"dalamnya, seperti yang ditulis Excel: {_clip(excel)}",
        number,
    )


def _too_long(line: int, cell: int, size: int, limit: int, end: int) -> _Fault:
    """A cell over the csv module's limit, from `line` to `end` (a quoted cell may span lines)."""
    spread = (
        f"; sel ini berlanjut sampai baris {end}: bila itu tidak disengaja, tanda kutip "
        f"penutupnya di baris {line} terlupa"
        if end > line
        else ""
    )
    return _Fault(
        line,
        cell,
        f"sel ini terlalu panjang: {_number(size)} karakter, paling banyak {_number(limit)} "
        f"(Excel sendiri memuat paling banyak {_number(EXCEL_CELL_CHARS)} karakter per "
        f"sel){spread}",
        end,
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _clip(text: str) -> str:
    text = text.replace("\r", " ").replace("\n", " ")
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"
