"""What every import writer works with: the target of an import, bulk upserts, reference checks.

Layer: domain services (helpers of `policy.services.imports` and the writers it calls:
`bulk_imports` with its `import_batches`, `cycle_imports`, `rating_imports`, `capaian`;
they flush, never commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, select

from policy.importbounds import Bounds
from policy.importerrors import ErrorLog
from policy.imports import MAX_ERRORS, ImportFileError, RowError, RowStream
from policy.models import Cycle, Employee, Forum, ImportRecord, Organisation, Unit
from policy.packschema import PackEvaluation
from policy.services.common import ServiceError
from policy.services.stagework import document_date

#: Parameter rows per executemany call of the bulk writers.
_BATCH = 10_000


@dataclass
class ImportTarget:
    """One import being written: where to, for which organisation and cycle, its record.

    `fail` raises the file's errors (nothing is written: the caller rolls back);
    `warnings` collects what the writer wants the officer to check (something in the file
    may be wrong); `notes` what it did beyond writing rows (actions closed or given
    progress, rows left as they are), said plainly; `progress`, given, is
    told how many rows have been read so far as a large file goes through. `complete` is
    False when the writer is given only the valid rows of a file with bad rows, to find
    the rest of its errors: a check that needs every row of the file (a plan that drops
    milestones, a parent unit named on a bad row) is then left for the corrected file.
    `log`, given, keeps every error the writer's checks find (`ErrorLog`): a writer adds
    its errors through `fail` or a `Report` made with it.
    """

    session: Session
    org: Organisation
    cycle: Cycle | None
    record: ImportRecord
    filename: str
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    progress: Callable[[int], None] | None = None
    complete: bool = True
    #: The file being imported: `kept` reads its header.
    stream: RowStream | None = None
    log: ErrorLog | None = None

    def kept(self, update: Sequence[str], fields: Mapping[str, str] | None = None) -> list[str]:
        """The `update` columns of an upsert, without those the file has no column for.

        A column the file does not have leaves what is stored as it is: a staff list
        without `nip_atasan` keeps every employee's supervisor, where its empty value
        would blank them. `fields` maps a table column to the format's field where their
        names differ (`parent_code` -> `parent`).
        """
        absent = self.stream.absent_fields() if self.stream is not None else frozenset()
        names = fields or {}
        return [c for c in update if names.get(c, c) not in absent]

    def fail(self, errors: list[RowError]) -> None:
        """Raise the file's errors, if any: the first `MAX_ERRORS` by line, all counted."""
        if errors:
            if self.log is not None:
                self.log.add(errors)
            ordered = sorted(errors, key=attrgetter("line"))
            bad_rows = len({e.line for e in errors if e.line})
            raise ImportFileError(self.filename, ordered[:MAX_ERRORS], len(errors), bad_rows)


def local_today() -> date:
    """The import's clock: today in the organisation's time zone (`SIKLUS_TIMEZONE`)."""
    return document_date(None)


def import_bounds(org: Organisation, today: date | None = None) -> Bounds:
    """What the cells of an import for `org` are checked against (`policy.importbounds`).

    The periods its pack evaluates, and the day of the import: `today`, else today in
    the organisation's time zone (`SIKLUS_TIMEZONE`).
    """
    # Only the pack's evaluation block: validating the whole pack (a province's units)
    # would cost more than reading a small file.
    evaluation = PackEvaluation.model_validate(org.pack.get("evaluation", {}))
    day = today if today is not None else local_today()
    return Bounds(day, evaluation.periods, evaluation.self_assessment_periods)


def import_day(as_of: date | None) -> date:
    """The day a stage's input files are imported on: today, or the later day it speaks for.

    A stage run whose documents speak for a later day (`as_of`, e.g. a report dated the
    end of the period) takes records dated up to that day.
    """
    today = local_today()
    return max(today, as_of) if as_of is not None else today


def upsert(
    session: Session,
    model: type[SQLModel],
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert rows, updating `update` columns where the `keys` already exist (bulk)."""
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    # The dialect packages are imported here: importing PostgreSQL's pulls in all its
    # drivers, a tenth of a second at the start of every `siklus` command on SQLite.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table)
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table)
    else:  # pragma: no cover - other databases are not supported
        raise ServiceError(f"Basis data '{dialect}' tidak didukung.")
    if update:
        stmt = stmt.on_conflict_do_update(
            index_elements=list(keys), set_={c: stmt.excluded[c] for c in update}
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    # One statement compiled once and run as executemany over the parameter rows: a
    # multi-row VALUES would be compiled anew for every chunk, with a bind per cell.
    for start in range(0, len(rows), _BATCH):
        session.execute(stmt, list(rows[start : start + _BATCH]))


def bulk_insert(session: Session, model: type[SQLModel], rows: Iterable[dict[str, Any]]) -> int:
    """Plain bulk insert in chunks; returns the number of rows."""
    table = model.__table__  # type: ignore[attr-defined]
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= 5000:
            session.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        session.execute(insert(table), batch)
        count += len(batch)
    return count


def write_whole(
    writer: Callable[[ImportTarget, list[Any]], int], t: ImportTarget, stream: RowStream
) -> int:
    """Read the whole file, then check and write its rows with `writer`.

    When the file has bad rows, `writer` still checks the valid ones (with `complete`
    False; the caller rolls back whatever it wrote), and its errors are raised together
    with the file's own, in line order.

    Raises:
        ImportFileError: every error of the file.
    """
    rows: list[Any] = []
    try:
        for chunk in stream.chunks():
            rows.extend(chunk)
    except ImportFileError as own:
        if not rows:  # nothing to check (a header not matched, every row bad)
            raise
        t.complete = False
        try:
            writer(t, rows)
        except ImportFileError as found:
            raise own.joined(found) from None
        except Exception:
            # A writer's precondition (the stage not running, an IntegrityError of rows
            # its checks let through): the file's own errors are what the officer fixes.
            pass
        raise own
    return writer(t, rows)


class UnknownUnits:
    """The organisation's unit codes, and what to say of a code that is none of them."""

    def __init__(self, t: ImportTarget) -> None:
        units = t.session.exec(
            select(Unit.code, Unit.name).where(Unit.organisation_id == t.org.id)
        ).all()
        self.codes = {code for code, _ in units}
        # What a cell may hold for a code: its name, or the code in other letters.
        self._hints = {name.casefold(): c for c, name in units} | {
            c.casefold(): c for c, _ in units
        }

    def message(self, code: str) -> str:
        """Why `code` is refused, with the code it seems to mean or the codes there are.

        'rsud' means RSUD, and 'RSUD Sawahlunto', the unit's name, means its code.
        """
        text = f"unit kerja '{code}' tidak ada di paket organisasi"
        meant = self._hints.get(code.strip().casefold())
        if meant is not None:
            return f"{text}; maksudnya kode '{meant}'? Tulis kodenya persis seperti di paket"
        listed = sorted(self.codes)
        more = f" … ({len(listed)} unit; daftar lengkap: siklus template … --org)"
        shown = ", ".join(listed[:_LISTED]) + (more if len(listed) > _LISTED else "")
        return f"{text}; kode unit yang terdaftar: {shown}"


#: Unit codes listed in a message at most.
_LISTED = 12


def stored_nips(t: ImportTarget) -> set[str]:
    """The NIPs of the organisation's employees."""
    return set(t.session.exec(select(Employee.nip).where(Employee.organisation_id == t.org.id)))


class UnknownNips:
    """The organisation's NIPs, and what to say of a NIP that is none of them."""

    def __init__(self, t: ImportTarget) -> None:
        self.nips = stored_nips(t)
        self._by_head: dict[str, list[str]] | None = None

    def message(self, nip: str) -> str:
        """Why `nip` is refused; a NIP ending in 000 that Excel cut short says so."""
        text = f"NIP {nip} tidak terdaftar sebagai pegawai"
        if nip.endswith("000"):
            if self._by_head is None:
                self._by_head = {}
                for known in sorted(self.nips):
                    self._by_head.setdefault(known[:15], []).append(known)
            like = self._by_head.get(nip[:15], [])
            if like:
                return (
                    f"{text}: tiga angka terakhirnya 000, tampaknya hilang karena Excel "
                    "menyimpan NIP sebagai angka (NIP terdaftar yang mirip: "
                    f"{', '.join(like[:3])}); format kolom NIP sebagai Teks dan ketik ulang"
                )
        return f"{text} (impor data pegawai dulu)"


def unit_errors(
    t: ImportTarget, rows: Iterable[Any], column: str, attr: str = "unit_code"
) -> list[RowError]:
    """An error for each row whose unit is not one of the organisation's units."""
    units = UnknownUnits(t)
    return [
        RowError(r.line, column, units.message(getattr(r, attr)))
        for r in rows
        if getattr(r, attr) not in units.codes
    ]


def check_units(t: ImportTarget, rows: Iterable[Any], column: str, attr: str = "unit_code") -> None:
    """Fail on each row whose unit is not one of the organisation's units."""
    t.fail(unit_errors(t, rows, column, attr))


def nip_errors(t: ImportTarget, rows: Iterable[Any], column: str = "nip") -> list[RowError]:
    """An error for each row whose NIP is not an employee of the organisation."""
    nips = UnknownNips(t)
    return [RowError(r.line, column, nips.message(r.nip)) for r in rows if r.nip not in nips.nips]


def check_nips(t: ImportTarget, rows: Iterable[Any], column: str = "nip") -> None:
    """Fail on each row whose NIP is not an employee of the organisation."""
    t.fail(nip_errors(t, rows, column))


def forum_ids(t: ImportTarget, rows: Iterable[Any]) -> dict[str, int]:
    """The cycle's forums by code; fails on each row naming a forum not planned in it."""
    assert t.cycle is not None
    forums = {
        f.code: f.id or 0 for f in t.session.exec(select(Forum).where(Forum.cycle_id == t.cycle.id))
    }
    t.fail(
        [
            RowError(
                r.line,
                "forum",
                f"forum '{r.forum}' tidak direncanakan di siklus ini"
                + (f" (yang ada: {', '.join(sorted(forums))})" if forums else ""),
            )
            for r in rows
            if r.forum not in forums
        ]
    )
    return forums
