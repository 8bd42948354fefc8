"""What an import reports: each error with its line and column, and the file's verdict.

Layer: domain (pure). `Report` collects the errors of one file (the first `MAX_ERRORS`
kept, all counted); `ImportFileError` is what a file with any error raises, in words a
policy officer reads ("baris 4, kolom 'nip': ..."). `CheckOnly` holds the valid rows read
after a bad one: checked against the database, so that one import reports every error of
the file, but never written. `NumberText` marks the text of a numeric spreadsheet cell,
which NIP columns refuse; `BadRecord` stands in for a record the file reader could not
split into cells (a quote left open, merged spreadsheet cells). `ErrorLog` keeps every
error of one import on disk, beyond the `MAX_ERRORS` a message lists, for the complete
list of errors (`ErrorLog.write_csv`).
"""

from __future__ import annotations

import csv
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from policy.locale import number_runs

__all__ = [
    "MAX_ERRORS",
    "BadRecord",
    "CheckOnly",
    "ERROR_COLUMNS",
    "ErrorLog",
    "ImportFileError",
    "NumberText",
    "Report",
    "RowError",
    "line_runs",
    "lines_named",
]

MAX_ERRORS: Final = 200
#: Lines a warning names before "dan N baris lain".
LINES_SHOWN: Final = 10


def lines_named(lines: list[int]) -> str:
    """The lines a warning is about, the first `LINES_SHOWN`: '3, 7 dan 12 baris lain'."""
    shown = ", ".join(map(str, lines[:LINES_SHOWN]))
    more = len(lines) - LINES_SHOWN
    return shown + (f" dan {more} baris lain" if more > 0 else "")


def line_runs(lines: list[int], shown: int = 3) -> str:
    """Lines as runs, '2–13, 15, 19–20' (`policy.locale.number_runs`).

    After `shown` runs the rest are counted: '2–13, 15, 19–20 dan 8 baris lain'.
    """
    return number_runs(lines, shown=shown, rest="baris lain")


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
        self,
        filename: str,
        errors: list[RowError],
        total_errors: int = 0,
        bad_rows: int = 0,
        listed: str | None = None,
    ) -> None:
        self.filename = filename
        self.errors = errors
        self.total_errors = max(total_errors, len(errors))
        self.bad_rows = bad_rows
        #: Where every error was written (`ErrorLog.write_csv`), or why it could not be.
        self.listed = listed
        super().__init__(filename, self.total_errors)

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable with all its fields (task results and failures may be pickled).
        args = (self.filename, self.errors, self.total_errors, self.bad_rows, self.listed)
        return (type(self), args)

    def joined(self, other: ImportFileError) -> ImportFileError:
        """This error and `other` (found later in the same file) as one, in line order.

        The first `MAX_ERRORS` of both by line are kept: each is among the first
        `MAX_ERRORS` of its own list. A row counts as bad once: `other` comes from the
        database checks, which see only rows the file's own checks passed.
        """
        errors = sorted([*self.errors, *other.errors], key=_line)[:MAX_ERRORS]
        bad = other.bad_rows or len({e.line for e in other.errors if e.line})
        return ImportFileError(
            self.filename, errors, self.total_errors + other.total_errors, self.bad_rows + bad
        )

    def named(self, headers: dict[str, str]) -> ImportFileError:
        """The same error with each column named as the file's own header names it.

        The database checks (unknown unit, unknown NIP) name a column by its canonical
        name; a file that calls `unit_kerja` "kode_unit" is told "kode_unit".
        """
        errors = [
            RowError(e.line, headers.get(e.column, e.column) if e.column else e.column, e.message)
            for e in self.errors
        ]
        return ImportFileError(self.filename, errors, self.total_errors, self.bad_rows, self.listed)

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
        if self.listed:
            lines.append(self.listed)
        return "\n".join(lines)


def _line(error: RowError) -> int:
    return error.line


class CheckOnly(list[Any]):
    """Valid rows read after a bad row of the same file: to check, never to write.

    The file is refused whatever they hold; they are still checked against the database
    (units, NIPs, indicators) so that one import lists every error of the file, not the
    file's own errors first and the rest after they are fixed.
    """

    __slots__ = ()


class NumberText(str):
    """The text of a numeric spreadsheet cell; NIP columns refuse it (DOMAIN.md R3).

    It hashes apart from the same text in a text cell, so a column memo never answers a
    numeric cell with what it parsed from a text cell (a NIP must still be refused).
    """

    __slots__ = ()

    def __hash__(self) -> int:
        return hash((NumberText, str(self)))


class BadRecord(list[str]):
    """A record the file reader could not read, in place of its cells: what is wrong, and where.

    It has no cells, so no row is made of it; `policy.importrows` reports `message` at its
    line, in the column of cell `cell` (0-based; None: the row as a whole).
    """

    __slots__ = ("cell", "message")

    def __init__(self, message: str, cell: int | None = None) -> None:
        super().__init__()
        self.message = message
        self.cell = cell


class Report:
    """Errors of one file: the first `MAX_ERRORS` kept, all counted.

    `log`, given, receives every error as it is added (`ErrorLog`), ranked `rank` among
    the errors of the same line: the file's own reading ranks 0 and comes before the
    database checks' (1), as a message lists them.
    """

    def __init__(self, filename: str, log: ErrorLog | None = None, rank: int = 1) -> None:
        self.filename = filename
        self.errors: list[RowError] = []
        self.total = 0
        self.bad_rows = 0
        self.line = 0
        self.rows = 0  # valid rows handed out
        self.log = log
        self.rank = rank

    def add(self, line: int, column: str | None, message: str) -> None:
        """Count an error, keeping it if fewer than `MAX_ERRORS` are kept."""
        self.total += 1
        error = RowError(line, column, message)
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        if self.log is not None:
            self.log.add((error,), self.rank)

    def merge(self, errors: list[RowError], bad_rows: int) -> None:
        """Add errors found after the others, keeping the kept ones in line order."""
        self.total += len(errors)
        self.bad_rows += bad_rows
        merged = sorted([*self.errors, *errors], key=lambda e: e.line)
        self.errors = merged[:MAX_ERRORS]
        if self.log is not None:
            self.log.add(errors, self.rank)

    def fail(self) -> ImportFileError:
        """The error to raise for this file (the log, if any, written out first)."""
        if self.log is not None:
            self.log.flush()
        return ImportFileError(self.filename, self.errors, self.total, self.bad_rows)


#: Errors an `ErrorLog` holds in memory before it appends them to its file.
_LOG_BATCH: Final = 10_000
#: The columns of the complete list of errors, as `ErrorLog.write_csv` writes them.
ERROR_COLUMNS: Final = ("baris", "kolom", "kesalahan")


class ErrorLog:
    """Every error of one import, kept on disk as found, for the complete list.

    A message lists the first `MAX_ERRORS`; a file of a province may have a hundred
    thousand bad rows, and DESIGN.md asks that every one be reported. The errors are
    appended to files in `folder` (one per process: a large file is read in a helper
    process, `policy.readahead`, which inherits this log when it is forked and writes its
    own file) and sorted only when written out, in SQLite, so memory stays flat however
    many there are.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        #: Each column's name -> its header as the file writes it (filled as it is read).
        self.headers: dict[str, str] = {}
        self._pid = os.getpid()
        self._pending: list[tuple[int, int, int, str | None, str]] = []
        self._seq = 0

    def add(self, errors: Iterable[RowError], rank: int = 1) -> None:
        """Keep `errors`, ranked `rank` among those of the same line."""
        if os.getpid() != self._pid:  # a forked reader: what the parent holds is the parent's
            self._pid, self._pending = os.getpid(), []
        pending = self._pending
        for e in errors:
            self._seq += 1
            pending.append((e.line, rank, self._seq, e.column, e.message))
        if len(pending) >= _LOG_BATCH:
            self.flush()

    def flush(self) -> None:
        """Append the errors held in memory to this process's file."""
        if os.getpid() != self._pid:
            self._pid, self._pending = os.getpid(), []
        if not self._pending:
            return
        with (self.folder / f"errors-{self._pid}.pickle").open("ab") as handle:
            pickle.dump(self._pending, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending = []

    def _batches(self) -> Iterable[list[tuple[int, int, int, str | None, str]]]:
        for part in sorted(self.folder.glob("errors-*.pickle")):
            with part.open("rb") as handle:
                while True:
                    try:
                        yield pickle.load(handle)
                    except EOFError:
                        break

    def count(self) -> int:
        """How many errors the log holds (this process's and its readers')."""
        self.flush()
        return sum(map(len, self._batches()))

    def write_csv(self, target: Path, fallback: Iterable[RowError] = ()) -> int:
        """Write every error to `target`, by line, as Excel opens it; returns how many.

        `;`-separated UTF-8 with BOM and CRLF (DOMAIN.md §7, an Indonesian Excel), columns
        `ERROR_COLUMNS`; an error of the file as a whole has an empty `baris`. Each column
        is named as the file's header writes it (`headers`; the database checks name the
        canonical column). `fallback` is written when the log holds nothing (an error
        found before the log was kept, e.g. a file that cannot be opened). The file is
        written under another name and renamed: it is complete or absent.
        """
        self.flush()
        names = self.headers
        sorter = sqlite3.connect(self.folder / "sort.sqlite3")
        try:
            sorter.execute(
                "CREATE TABLE e (line INTEGER, rank INTEGER, part INTEGER, seq INTEGER, "
                "col TEXT, message TEXT)"
            )
            for part, batch in enumerate(self._batches()):
                sorter.executemany(
                    "INSERT INTO e VALUES (?, ?, ?, ?, ?, ?)",
                    ((line, rank, part, seq, c, m) for line, rank, seq, c, m in batch),
                )
            if not sorter.execute("SELECT 1 FROM e LIMIT 1").fetchone():
                sorter.executemany(
                    "INSERT INTO e VALUES (?, 1, 0, ?, ?, ?)",
                    ((e.line, n, e.column, e.message) for n, e in enumerate(fallback)),
                )
            rows = sorter.execute("SELECT line, col, message FROM e ORDER BY line, rank, part, seq")
            partial = target.with_name(f".{target.name}.partial")
            written = 0
            try:
                with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                    out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
                    out.writerow(ERROR_COLUMNS)
                    for line, column, message in rows:
                        where = names.get(column, column) if column is not None else ""
                        out.writerow((line or "", where, message))
                        written += 1
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
        finally:
            sorter.close()
        return written
