"""What an import reports: each error with its line and column, and the file's verdict.

Layer: domain (pure). `Report` collects the errors of one file (the first `MAX_ERRORS`
kept, all counted); `ImportFileError` is what a file with any error raises, in words a
policy officer reads ("baris 4, kolom 'nip': ..."). `CheckOnly` holds the valid rows read
after a bad one: checked against the database, so that one import reports every error of
the file, but never written. `NumberText` marks the text of a numeric spreadsheet cell,
which NIP columns refuse; `BadRecord` stands in for a record the file reader could not
split into cells (a quote left open, merged spreadsheet cells).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from policy.locale import number_runs

__all__ = [
    "MAX_ERRORS",
    "BadRecord",
    "CheckOnly",
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
        return ImportFileError(self.filename, errors, self.total_errors, self.bad_rows)

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
    """Errors of one file: the first `MAX_ERRORS` kept, all counted."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.errors: list[RowError] = []
        self.total = 0
        self.bad_rows = 0
        self.line = 0
        self.rows = 0  # valid rows handed out

    def add(self, line: int, column: str | None, message: str) -> None:
        """Count an error, keeping it if fewer than `MAX_ERRORS` are kept."""
        self.total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(line, column, message))

    def merge(self, errors: list[RowError], bad_rows: int) -> None:
        """Add errors found after the others, keeping the kept ones in line order."""
        self.total += len(errors)
        self.bad_rows += bad_rows
        merged = sorted([*self.errors, *errors], key=lambda e: e.line)
        self.errors = merged[:MAX_ERRORS]

    def fail(self) -> ImportFileError:
        """The error to raise for this file."""
        return ImportFileError(self.filename, self.errors, self.total, self.bad_rows)
