"""Importing tabular files into the database: validate the whole file, then write it all.

Layer: domain services (counterparts: `siklus import`, and each stage's `ingest`).
Parsing and row validation are in `policy.imports`; this module checks references
against the database (units, employees, indicators) and writes with bulk upserts. The
writers of the cycle's own kinds (forums, inputs, responses, workshops, rollout) are in
`policy.services.cycle_imports`, their shared helpers in `policy.services.import_target`.
The large kinds (pegawai, e-Kinerja, SKM, 360) are written while they are read, in
batches (`policy.services.bulk_imports`), inside a savepoint that is rolled back when any
row turns out bad. A file with any bad row writes nothing; the same file imported again
changes nothing. Only a member of the organisation whose roles may import the kind
(`IMPORTERS`) imports it, whichever path the file comes by (`siklus import`, a stage's
inputs, the rollout plan).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from policy import audit, collector
from policy.importerrors import ErrorLog
from policy.imports import ImportFileError, RowError, stream_file
from policy.locale import format_number
from policy.models import (
    Complaint,
    Cycle,
    DraftVersion,
    ImportRecord,
    IndicatorRealisation,
    Organisation,
    Role,
    Unit,
)
from policy.services.bulk_imports import STREAM_WRITERS
from policy.services.bulk_insert import refresh_statistics
from policy.services.common import (
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    org_pack,
    require_role,
)
from policy.services.cycle_imports import CYCLE_WRITERS
from policy.services.error_list import ErrorList, beside, keeping
from policy.services.import_repeats import check_repeats, last_id, lines_of
from policy.services.import_target import (
    ImportTarget,
    bulk_insert,
    check_units,
    import_bounds,
    import_day,
    upsert,
    write_whole,
)
from policy.services.period_lock import (
    PeriodLocks,
    locked_dates_warning,
    locked_errors,
    locked_rows_check,
)
from policy.services.stagework import InputSpec, RunContext
from policy.settings import get_settings

#: Kinds that belong to a cycle (the others belong to the organisation).
CYCLE_KINDS = frozenset(CYCLE_WRITERS)


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    `warnings` are what the officer should check (the file was taken, but something in it
    may be wrong); `notes` say what the import did beyond writing its rows, and need no
    action.
    """

    kind: str
    filename: str
    rows: int
    written: int
    skipped: bool
    warnings: tuple[str, ...] = ()
    import_id: int | None = None
    dry_run: bool = False
    notes: tuple[str, ...] = ()


def _w_unit(t: ImportTarget, rows: list[Any]) -> int:
    t.fail(_parent_errors(t, rows))
    upsert(
        t.session,
        Unit,
        [
            {
                "organisation_id": t.org.id,
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "parent_code": r.parent,
                "service": False,
            }
            for r in rows
        ],
        ["organisation_id", "code"],
        t.kept(["name", "kind", "parent_code"], {"parent_code": "parent"}),
    )
    return len(rows)


def _parent_errors(t: ImportTarget, rows: list[Any]) -> list[RowError]:
    """Parents that are no unit (of the file or stored), and parents that loop back.

    `siklus pack validate` refuses the same in a pack; a file may name a parent stored
    before, or one further down the file. A loop is reported on each of its units the
    file gives, naming them all (X2 → X3 → X2).
    """
    stored = t.session.exec(
        select(Unit.code, Unit.parent_code).where(Unit.organisation_id == t.org.id)
    ).all()
    parent_of: dict[str, str | None] = {**dict(stored), **{r.code: r.parent for r in rows}}
    line_of = {r.code: r.line for r in rows}
    errors = [
        RowError(r.line, "induk", f"induk '{r.parent}' tidak ada di daftar unit (di berkas "
                 "ini maupun unit yang sudah tersimpan)")
        for r in rows
        # In a file with bad rows, the parent may be a unit of one of them.
        if t.complete and r.parent is not None and r.parent not in parent_of
    ]  # fmt: skip
    seen: set[str] = set()
    for r in rows:
        path: dict[str, int] = {}  # unit -> place on the way up from r
        code: str | None = r.code
        while code is not None and code not in seen and code not in path:
            path[code] = len(path)
            code = parent_of.get(code)
        seen.update(path)
        if code is None or code not in path:
            continue  # reached the top, or a unit already walked
        loop = list(path)[path[code] :]
        for at, unit in enumerate(loop):
            if unit in line_of:
                ring = " → ".join([*loop[at:], *loop[:at], unit])
                message = (
                    f"induk membentuk lingkaran: {ring}; sebuah unit tidak boleh berada di "
                    "bawah dirinya sendiri"
                )
                errors.append(RowError(line_of[unit], "induk", message))
    return errors


def _w_pengaduan(t: ImportTarget, rows: list[Any]) -> int:
    check_units(t, rows, "unit_kerja")
    locked = locked_dates_warning(
        PeriodLocks(t.session, t.org.id or 0), rows, attrgetter("received_on")
    )
    if locked:
        t.warnings.append(locked)
    return bulk_insert(
        t.session,
        Complaint,
        (
            {
                "organisation_id": t.org.id,
                "import_id": t.record.id,
                "received_on": r.received_on,
                "unit_code": r.unit_code,
                "category": r.category,
                "response_hours": float(r.response_hours) if r.response_hours is not None else None,
                "status": r.status,
            }
            for r in rows
        ),
    )


def _w_realisasi(t: ImportTarget, rows: list[Any]) -> int:
    indicators = org_pack(t.org).indicators
    codes = {i.code for i in indicators}
    measured = {i.code: i.measure for i in indicators if i.measure is not None}
    locked = locked_rows_check(
        PeriodLocks(t.session, t.org.id or 0), "nilai", IndicatorRealisation, ("code",),
        ("value",), attrgetter("value"), lambda r: f"realisasi indikator {r.code} dalam berkas",
        stored_as=Decimal,  # stored as text: 92,5 and 92,50 are one value
    )  # fmt: skip
    t.fail(
        [
            RowError(r.line, "kode", f"indikator '{r.code}' tidak ada di paket organisasi")
            for r in rows
            if r.code not in codes
        ]
        + [
            RowError(
                r.line,
                "kode",
                f"indikator '{r.code}' diukur dari data periode itu sendiri "
                f"(ukuran {measured[r.code]} di paket), bukan diimpor; hapus baris ini",
            )
            for r in rows
            if r.code in measured
        ]  # fmt: skip
        + locked_errors(locked, rows)
    )
    if outside := _percent_outside(indicators, rows):
        t.warnings.append(outside)
    upsert(
        t.session,
        IndicatorRealisation,
        [
            {"organisation_id": t.org.id, "period": r.period, "code": r.code, "value": str(r.value)}
            for r in rows
        ],
        ["organisation_id", "period", "code"],
        ["value"],
    )
    return len(rows)


def _percent_outside(indicators: Iterable[Any], rows: Iterable[Any]) -> str:
    """A warning naming realisations of '%' indicators outside 0–100 ('' when none).

    Not refused: a growth or a budget realisation may pass 100 %; but a share of employees
    or of requests cannot, and 925 is most often 92,5 typed without its comma.
    """
    percent = {i.code for i in indicators if i.unit.strip() == "%"}
    found = [
        f"{r.code} {format_number(r.value, abs(min(0, r.value.as_tuple().exponent)))} "
        f"(baris {r.line})"
        for r in rows
        if r.code in percent and not 0 <= r.value <= 100
    ]
    if not found:
        return ""
    return (
        f"realisasi indikator bersatuan % di luar 0–100: {'; '.join(found)}; tetap diimpor, "
        "periksa apakah tanda desimalnya hilang"
    )


def _w_bonus(t: ImportTarget, rows: list[Any]) -> int:
    from policy.services.rating_imports import write_bonus

    return write_bonus(t, rows)


def _w_tindak_lanjut(t: ImportTarget, rows: list[Any]) -> int:
    from policy.services.actions import write_closures

    return write_closures(t, rows)


def _w_capaian_organisasi(t: ImportTarget, rows: list[Any]) -> int:
    from policy.services.capaian import write_capaian

    return write_capaian(t, rows)


#: Writers of the kinds read whole (small files); the large kinds are written while they
#: are read (`STREAM_WRITERS`).
WRITERS: dict[str, Callable[[ImportTarget, list[Any]], int]] = {
    "unit": _w_unit,
    "pengaduan": _w_pengaduan,
    "realisasi": _w_realisasi,
    "bonus": _w_bonus,
    "capaian_organisasi": _w_capaian_organisasi,
    "tindak_lanjut": _w_tindak_lanjut,
    **CYCLE_WRITERS,
}
#: Every kind `siklus import` takes.
KINDS: tuple[str, ...] = tuple(sorted({*WRITERS, *STREAM_WRITERS}))

_OFFICERS = (Role.OFFICER, Role.ADMIN)
#: Who may import each kind: the roles that run the stage reading it. Officers and admins
#: import everything; a forum's organiser also imports what the forums stage reads (the
#: attendance list, and inputs given on paper). Responses are recorded by the drafting
#: team (`policy.services.drafting.RESPONDERS`), the rollout plan by officers.
IMPORTERS: dict[str, tuple[Role, ...]] = {
    **dict.fromkeys(KINDS, _OFFICERS),
    "kehadiran_forum": (*_OFFICERS, Role.ORGANISER),
    "masukan": (*_OFFICERS, Role.ORGANISER),
}


def ingest_file(
    session: Session,
    org: Organisation,
    kind: str,
    path: Path,
    actor: str,
    cycle: Cycle | None = None,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
    *,
    allow_duplicates: bool = False,
    errors_to: ErrorList | None = None,
) -> ImportResult:
    """Validate and write one file (flushes; the caller commits or rolls back).

    `progress`, given, is called with the number of rows read so far after each batch of a
    large kind (pegawai, e-Kinerja, SKM, 360), e.g. to show a counter while it runs.
    SKM responses and complaints that repeat an earlier import's are refused
    (`policy.services.import_repeats`) unless `allow_duplicates` says they are new.
    `today` is the day of the import (default: today in the organisation's time zone): no
    record may be dated after it. A period the pack never evaluates is refused too
    (`policy.importbounds`). `errors_to`, given, is where a refused file's complete list
    of errors is written (`policy.services.error_list`); the refusal names it.

    Raises:
        ImportFileError: the file has bad rows: every error (the first `MAX_ERRORS` by
            line, all counted), the file's own and those of the database checks together;
            nothing is written.
        ServiceError: the kind is unknown or needs a cycle, or `actor` is no member of the
            organisation or may not import this kind.
        RepeatedImport: the file repeats rows of an earlier import; nothing is written.
    """
    if kind not in KINDS:
        raise ServiceError(f"Jenis impor '{kind}' tidak dikenal; pilih: {', '.join(KINDS)}.")
    require_role(get_member(session, org, actor), IMPORTERS[kind], f"mengimpor data '{kind}'")
    if kind in CYCLE_KINDS and cycle is None:
        raise ServiceError(f"Impor '{kind}' memerlukan siklus.")
    with keeping(errors_to) as log:
        return _ingest(session, org, kind, Path(path), actor, cycle, progress, today,
                       allow_duplicates, log)  # fmt: skip


def _ingest(
    session: Session,
    org: Organisation,
    kind: str,
    path: Path,
    actor: str,
    cycle: Cycle | None,
    progress: Callable[[int], None] | None,
    today: date | None,
    allow_duplicates: bool,
    log: ErrorLog | None,
) -> ImportResult:
    """`ingest_file` once its caller's right is checked; `log` keeps every error."""
    scope = f"cycle-{cycle.id}" if kind in CYCLE_KINDS and cycle is not None else ""
    if kind == "tanggapan" and cycle is not None:
        # Responses belong to a draft version: the same file answers a new version anew.
        latest = session.exec(
            select(func.max(DraftVersion.number)).where(DraftVersion.cycle_id == cycle.id)
        ).one()
        scope += f"-v{latest or 0}"
    streamed = kind in STREAM_WRITERS
    # Hashes the file now; reads it when iterated (a large one in a helper process).
    bounds = import_bounds(org, today)
    reader = get_settings().import_reader
    stream = stream_file(kind, path, light=streamed, reader=reader, bounds=bounds, log=log)
    if log is not None:
        log.headers = stream.headers  # the same mapping, filled as the header is read
    sha = stream.sha256
    done = session.exec(
        select(ImportRecord).where(
            ImportRecord.organisation_id == org.id,
            ImportRecord.kind == kind,
            ImportRecord.scope == scope,
            ImportRecord.sha256 == sha,
        )
    ).first()
    if done is not None:
        return ImportResult(kind, path.name, done.rows, 0, True, (), done.id)
    # One import of an organisation at a time (a row lock on PostgreSQL, held until the
    # caller commits; SQLite's single writer does the same): a kind that replaces what
    # earlier imports wrote (360 ratings) must see their rows, not run beside them.
    session.exec(select(Organisation.id).where(Organisation.id == org.id).with_for_update()).one()
    record = ImportRecord(
        organisation_id=org.id or 0,
        kind=kind,
        scope=scope,
        filename=path.name,
        sha256=sha,
        rows=0,
        actor=actor,
    )
    session.add(record)
    session.flush()
    before = last_id(session, kind)
    # A refusal as a repeat names the file's lines of its repeated days: read them again.
    again = lines_of(kind, lambda: stream_file(kind, path, reader=reader, bounds=bounds))
    target = ImportTarget(
        session, org, cycle, record, path.name, progress=progress, stream=stream, log=log
    )
    # Large kinds are written while they are read; the savepoint takes back what was
    # written when a later row fails. It opens after the record's INSERT: pysqlite begins
    # its transaction only at a write, and a SAVEPOINT opened before that would commit on
    # release.
    savepoint = session.begin_nested()
    try:
        with collector.paused():
            if streamed:
                written = STREAM_WRITERS[kind](target, stream)
            else:
                written = write_whole(WRITERS[kind], target, stream)
            check_repeats(session, record, before, allowed=allow_duplicates, lines=again)
    except BaseException as exc:
        savepoint.rollback()
        session.delete(record)
        session.flush()
        if isinstance(exc, ImportFileError) and stream.headers:
            raise exc.named(stream.headers) from None
        raise
    savepoint.commit()
    refresh_statistics(session.connection())
    record.rows = stream.rows
    audit.record(
        session,
        actor=actor,
        action="data.imported",
        subject_type="import",
        subject_id=record.id or 0,
        organisation_id=org.id,
        payload={
            "kind": kind,
            "file": path.name,
            "sha256": sha,
            "rows": stream.rows,
            "written": written,
            "scope": scope,
        },
    )
    warnings = (*stream.warnings, *target.warnings)
    return ImportResult(
        kind, path.name, stream.rows, written, False, warnings, record.id,
        notes=tuple(target.notes),
    )  # fmt: skip


def import_file(
    *,
    session: Session,
    organisation: str | None,
    kind: str,
    path: Path,
    actor: str,
    cycle: int | None = None,
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
    today: date | None = None,
    allow_duplicates: bool = False,
    errors_to: ErrorList | None = None,
) -> ImportResult:
    """Import one file as its own transaction (the `siklus import` command).

    `dry_run` checks the file as the import would, every row against the database
    included, then rolls everything back: nothing is stored, not even the import record,
    so the same file imports for real afterwards. `today` is the day of the import (see
    `ingest_file`). `allow_duplicates` takes SKM responses or complaints that repeat an
    earlier import's as new ones. `errors_to` is where a refused file's complete list of
    errors goes (see `ingest_file`).
    """
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle) if kind in CYCLE_KINDS else None
    try:
        result = ingest_file(
            session, org, kind, path, actor, cyc, progress, today,
            allow_duplicates=allow_duplicates, errors_to=errors_to,
        )  # fmt: skip
    except BaseException:
        session.rollback()
        raise
    if dry_run:
        session.rollback()
        return replace(result, dry_run=True, import_id=None)
    session.commit()
    return result


def ingest_inputs(
    session: Session,
    ctx: RunContext,
    specs: Mapping[str, InputSpec],
    inputs: Mapping[str, Any],
    names: Iterable[str],
    actor: str,
    as_of: date | None,
) -> dict[str, dict[str, Any]]:
    """A stage's input files among `names`, each imported as `ingest_file` (flushes).

    The cycle's kinds go to the run's cycle; records may be dated up to the day the
    run's documents speak for (`import_day(as_of)`). A file refused with more errors than
    its message lists has them all written beside it (`error_list.beside`). Returns each
    result as plain data, by input name, for the run's summary.
    """
    today = import_day(as_of)
    done: dict[str, dict[str, Any]] = {}
    for name in names:
        if name in inputs:
            kind = specs[name].kind
            cycle = ctx.cycle if kind in CYCLE_KINDS else None
            path = Path(inputs[name])
            result = ingest_file(
                session, ctx.org, kind, path, actor, cycle, today=today,
                errors_to=ErrorList(beside(path)),
            )  # fmt: skip
            done[name] = result_dict(result)
    return done


def result_dict(result: ImportResult) -> dict[str, Any]:
    """An import result as plain data (for summaries)."""
    return asdict(result)
