"""The batch loop of the streamed import writers, and the checks and helpers they share.

Layer: domain services (helpers of the writers in `policy.services.bulk_imports`: they
flush, never commit). `write_stream` reads a file's rows in batches of `BATCH`, runs each
batch's checks (`Check`: the organisation's units and employees here, the writer's own
beside them) and writes the batch with one prepared statement (`policy.services.bulk_insert`).
After the first bad row it only checks; every error of the file is raised at the end, the
file's own and the checks' together, in line order. `date_param` gives dates as the
database column stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from policy.importerrors import ErrorLog, ImportFileError, Report
from policy.imports import RowStream
from policy.services.bulk_insert import Insert
from policy.services.import_target import UnknownNips, UnknownUnits

if TYPE_CHECKING:
    from policy.services.import_target import ImportTarget

#: Rows per batch: large enough that each executemany runs long in C, small enough to keep
#: memory flat.
BATCH = 10_000

Check = Callable[[list[Any], Report], None]


def write_stream(
    t: ImportTarget,
    stream: RowStream,
    insert: Insert,
    params: Callable[[Any], tuple[Any, ...]],
    checks: Iterable[Check] = (),
    before: Callable[[list[Any]], None] | None = None,
    order: Callable[[tuple[Any, ...]], Any] | None = None,
    rows_of: Callable[[list[Any]], list[tuple[Any, ...]]] | None = None,
) -> int:
    """Check and write the stream batch by batch; raise every error of the file at the end.

    Writing stops at the first bad row or batch, reading and checking do not: the rows
    after a bad row (`CheckOnly` batches) are checked too, and the file's own errors
    (raised by the stream when it ends) and the reference errors of every row are raised
    together, in line order. `before` runs ahead of each batch's insert (e.g. to replace
    older rows).
    `order` sorts each batch's parameter rows by the table's index key first: index pages
    are then filled in order, not at random (a quarter faster on a 1.5 M-row table).
    `rows_of`, when given, makes a whole batch's parameter rows at once (column-wise, in
    C) instead of `params` row by row.
    """
    connection = t.session.connection()
    problems = _Problems(t.filename, t.log)
    checks = tuple(checks)
    written = read = 0
    try:
        for batch in stream.batches(BATCH):
            read += len(batch)
            if t.progress is not None:
                t.progress(read)
            for check in checks:
                check(batch, problems)
            if not problems.total and batch.__class__ is list:  # not CheckOnly
                if before is not None:
                    before(batch)
                rows = rows_of(batch) if rows_of is not None else list(map(params, batch))
                if order is not None:
                    rows.sort(key=order)
                insert.run(connection, rows)
                written += len(batch)
    except ImportFileError as own:  # the file's own errors, found as it was read
        if not problems.total:
            raise
        problems.bad_rows = len(problems.lines)
        raise own.joined(problems.fail()) from None
    if problems.total:
        problems.merge([], 0)  # the kept errors in line order, whichever check found them
        problems.bad_rows = len(problems.lines)
        raise problems.fail()
    return written


class _Problems(Report):
    """The reference errors of a file, with the lines they are on (its bad rows)."""

    def __init__(self, filename: str, log: ErrorLog | None = None) -> None:
        super().__init__(filename, log)
        self.lines: set[int] = set()

    def add(self, line: int, column: str | None, message: str) -> None:
        """Count an error and its line (see `Report.add`)."""
        self.lines.add(line)
        super().add(line, column, message)


def known_units(t: ImportTarget, column: str, attr: str = "unit_code") -> Check:
    """A check that each row's unit is one of the organisation's units."""
    units = UnknownUnits(t)
    known = units.codes

    def check(batch: list[Any], report: Report) -> None:
        if known.issuperset(map(attrgetter(attr), batch)):
            return  # every unit known, confirmed in C
        for r in batch:
            code = getattr(r, attr)
            if code not in known:
                report.add(r.line, column, units.message(code))

    return check


def known_nips(t: ImportTarget, column: str = "nip") -> Check:
    """A check that each row's NIP is an employee of the organisation."""
    nips = UnknownNips(t)
    known = nips.nips

    def check(batch: list[Any], report: Report) -> None:
        if known.issuperset(map(attrgetter("nip"), batch)):
            return  # every NIP known, confirmed in C
        for r in batch:
            if r.nip not in known:
                report.add(r.line, column, nips.message(r.nip))

    return check


def date_param(session: Session) -> Callable[[date], Any]:
    """Dates as the database column stores them: ISO text on SQLite (as SQLAlchemy writes)."""
    if session.get_bind().dialect.name == "sqlite":
        return date.isoformat
    return lambda value: value
