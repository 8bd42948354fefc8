"""Importing tabular files into the database: validate the whole file, then write it all.

Layer: domain services (counterparts: `siklus import`, and each stage's `ingest`).
Parsing and row validation are in `policy.imports`; this module checks references
against the database (units, employees, forums, workshops, inputs) and writes with
bulk upserts. The large kinds (pegawai, e-Kinerja, SKM, 360) are written while they are
read, in batches (`policy.services.bulk_imports`), inside a savepoint that is rolled back
when any row turns out bad. A file with any bad row writes nothing; the same file
imported again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, update
from sqlmodel import Session, SQLModel, col, select

from policy import audit, collector
from policy.config import get_settings
from policy.evaluation import predikat_for
from policy.imports import ImportFileError, RowError, stream_file
from policy.models import (
    Complaint,
    Cycle,
    DraftVersion,
    EkinerjaRating,
    Employee,
    Forum,
    ForumAttendance,
    ForumInput,
    ImportRecord,
    IndicatorRealisation,
    InputResponse,
    Organisation,
    RolloutMilestone,
    SkmResponse,
    Unit,
    Workshop,
    WorkshopAttendance,
    utcnow,
)
from policy.services.bulk_imports import STREAM_WRITERS
from policy.services.common import ServiceError, get_cycle, get_org, org_pack
from policy.services.section_refs import draft_index
from policy.views.sections import names_section, section_key

#: Parameter rows per executemany call of the bulk writers.
_BATCH = 10_000

#: Kinds that belong to a cycle (the others belong to the organisation).
CYCLE_KINDS = frozenset(
    {"kehadiran_forum", "masukan", "tanggapan", "kehadiran_kegiatan", "progres", "rencana"}
)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    kind: str
    filename: str
    rows: int
    written: int
    skipped: bool
    warnings: tuple[str, ...] = ()
    import_id: int | None = None


@dataclass
class _Target:
    session: Session
    org: Organisation
    cycle: Cycle | None
    record: ImportRecord
    filename: str
    warnings: list[str] = field(default_factory=list)

    def fail(self, errors: list[RowError]) -> None:
        if errors:
            raise ImportFileError(self.filename, errors)


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


def _unit_codes(t: _Target) -> set[str]:
    return set(t.session.exec(select(Unit.code).where(Unit.organisation_id == t.org.id)))


def _check_units(t: _Target, rows: Iterable[Any], column: str, attr: str = "unit_code") -> None:
    known = _unit_codes(t)
    t.fail(
        [
            RowError(
                r.line, column, f"unit kerja '{getattr(r, attr)}' tidak ada di paket organisasi"
            )
            for r in rows
            if getattr(r, attr) not in known
        ]
    )


def _check_nips(t: _Target, rows: Iterable[Any], column: str = "nip") -> None:
    known = set(t.session.exec(select(Employee.nip).where(Employee.organisation_id == t.org.id)))
    t.fail(
        [
            RowError(
                r.line,
                column,
                f"NIP {r.nip} tidak terdaftar sebagai pegawai (impor data pegawai dulu)",
            )
            for r in rows
            if r.nip not in known
        ]
    )


def _forums(t: _Target, rows: Iterable[Any]) -> dict[str, int]:
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


# ------------------------------------------------------------------------- writers


def _w_unit(t: _Target, rows: list[Any]) -> int:
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
        ["name", "kind", "parent_code"],
    )
    return len(rows)


def _w_pegawai(t: _Target, rows: list[Any]) -> int:
    _check_units(t, rows, "unit_kerja")
    upsert(
        t.session,
        Employee,
        [
            {
                "organisation_id": t.org.id,
                "nip": r.nip,
                "name": r.name,
                "asn_type": r.asn_type.value,
                "position": r.position,
                "unit_code": r.unit_code,
                "supervisor_nip": r.supervisor_nip,
                "team": r.team,
            }
            for r in rows
        ],
        ["organisation_id", "nip"],
        ["name", "asn_type", "position", "unit_code", "supervisor_nip", "team"],
    )
    return len(rows)


def _w_ekinerja(t: _Target, rows: list[Any]) -> int:
    _check_nips(t, rows)
    upsert(
        t.session,
        EkinerjaRating,
        [
            {
                "organisation_id": t.org.id,
                "period": r.period,
                "nip": r.nip,
                "hasil_kerja": r.hasil_kerja.value,
                "perilaku": r.perilaku.value,
                "predikat": predikat_for(r.hasil_kerja, r.perilaku).value,
            }
            for r in rows
        ],
        ["organisation_id", "period", "nip"],
        ["hasil_kerja", "perilaku", "predikat"],
    )
    return len(rows)


def _w_skm(t: _Target, rows: list[Any]) -> int:
    _check_units(t, rows, "unit_layanan")
    org_id, import_id = t.org.id, t.record.id
    fields = (
        "unit_code",
        "response_date",
        "u1",
        "u2",
        "u3",
        "u4",
        "u5",
        "u6",
        "u7",
        "u8",
        "u9",
        "gender",
        "age",
        "education",
        "occupation",
        "service_type",
    )
    return bulk_insert(
        t.session,
        SkmResponse,
        (
            {
                "organisation_id": org_id,
                "import_id": import_id,
                **{f: getattr(r, f) for f in fields},
            }
            for r in rows
        ),
    )


def _w_pengaduan(t: _Target, rows: list[Any]) -> int:
    _check_units(t, rows, "unit_kerja")
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


def _w_realisasi(t: _Target, rows: list[Any]) -> int:
    codes = {i.code for i in org_pack(t.org).indicators}
    t.fail(
        [
            RowError(r.line, "kode", f"indikator '{r.code}' tidak ada di paket organisasi")
            for r in rows
            if r.code not in codes
        ]
    )
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


def upsert_attendance(session: Session, forum_id: int, rows: Iterable[Any]) -> None:
    """Record people at a forum (rows with name, nip, institution, group, present), bulk.

    A person is keyed by NIP, or by name and institution when there is none, so recording
    the same person again (a file re-imported, a second entry at the door) updates them.
    """
    upsert(
        session,
        ForumAttendance,
        [
            {
                "forum_id": forum_id,
                "person_key": r.nip or f"{r.name.lower()}|{r.institution.lower()}",
                "name": r.name,
                "nip": r.nip,
                "institution": r.institution,
                "group": r.group,
                "present": r.present,
            }
            for r in rows
        ],
        ["forum_id", "person_key"],
        ["name", "nip", "institution", "group", "present"],
    )


def _w_kehadiran_forum(t: _Target, rows: list[Any]) -> int:
    forums = _forums(t, rows)
    by_forum: dict[str, list[Any]] = {}
    for r in rows:
        by_forum.setdefault(r.forum, []).append(r)
    for code, members in by_forum.items():
        upsert_attendance(t.session, forums[code], members)
    return len(rows)


def add_input(
    session: Session,
    cycle: Cycle,
    forum_id: int,
    *,
    author: str,
    institution: str,
    group: str,
    section_ref: str,
    text: str,
    channel: str,
    section_sid: str = "",
) -> ForumInput | None:
    """Add one input with the next receipt number (None if the same input already exists).

    `section_sid` is the id of the BAB or Pasal `section_ref` names in the version the
    forum consulted on (`policy.services.section_refs`). The cycle's row is locked first
    (a no-op UPDATE: a row lock on PostgreSQL, the write lock on SQLite), so concurrent
    submissions are numbered one after the other.
    """
    session.execute(
        update(Cycle)
        .where(col(Cycle.id) == cycle.id)
        .values(status=col(Cycle.status))
        .execution_options(synchronize_session=False)
    )
    sha = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()
    exists = session.exec(
        select(ForumInput.id).where(
            ForumInput.forum_id == forum_id,
            ForumInput.author == author,
            ForumInput.text_sha256 == sha,
        )
    ).first()
    if exists is not None:
        return None
    number = (
        session.exec(
            select(func.max(ForumInput.number)).where(ForumInput.cycle_id == cycle.id)
        ).one()
        or 0
    ) + 1
    item = ForumInput(
        forum_id=forum_id,
        cycle_id=cycle.id or 0,
        number=number,
        author=author,
        institution=institution,
        group=group,
        section_ref=section_ref,
        section_sid=section_sid,
        text=text.strip(),
        text_sha256=sha,
        channel=channel,
    )
    session.add(item)
    session.flush()
    return item


def _w_masukan(t: _Target, rows: list[Any]) -> int:
    """Each input with the section it names in the version its forum consulted on.

    An input whose BAB or Pasal that version does not hold is still recorded, as a
    general input, with a warning naming its line; so is one whose forum has no draft
    to read its label against (one warning per forum).
    """
    assert t.cycle is not None
    forums = _forums(t, rows)
    rounds = dict(
        t.session.exec(select(Forum.code, Forum.round).where(Forum.cycle_id == t.cycle.id)).all()
    )
    index = draft_index(t.session, t.cycle.id or 0)
    undrafted: dict[str, int] = {}
    written = 0
    for r in rows:
        version = index.consulted(rounds[r.forum])
        sid = index.resolve(r.section_ref, version)
        if sid is None:
            t.warnings.append(
                f"baris {r.line}: bagian '{r.section_ref}' tidak ada di rancangan versi "
                f"{version} yang dikonsultasikan forum {r.forum}; masukan tetap dicatat "
                "sebagai masukan umum"
            )
        elif version is None and names_section(section_key(r.section_ref)):
            undrafted[r.forum] = undrafted.get(r.forum, 0) + 1
        item = add_input(
            t.session,
            t.cycle,
            forums[r.forum],
            author=r.author,
            institution=r.institution,
            group=r.group,
            section_ref=r.section_ref,
            text=r.text,
            channel="impor",
            section_sid=sid or "",
        )
        written += item is not None
    t.warnings.extend(
        f"forum {code}: belum ada rancangan yang dikonsultasikan pada putaran {rounds[code]} "
        "(impor berkas 'rancangan' bersama tahap forum); bagian rancangan yang disebut dalam "
        f"{n} masukan dicatat sebagaimana tertulis, tanpa dicocokkan dengan Pasal rancangan"
        for code, n in undrafted.items()
    )
    return written


def _w_tanggapan(t: _Target, rows: list[Any]) -> int:
    assert t.cycle is not None
    version = t.session.exec(
        select(DraftVersion)
        .where(DraftVersion.cycle_id == t.cycle.id)
        .order_by(col(DraftVersion.number).desc())
    ).first()
    if version is None:
        raise ServiceError("Tanggapan memerlukan rancangan: impor rancangan dulu.")
    inputs = dict(
        t.session.exec(
            select(ForumInput.number, ForumInput.id).where(ForumInput.cycle_id == t.cycle.id)
        ).all()
    )
    t.fail(
        [
            RowError(r.line, "nomor", f"masukan nomor {r.number} tidak ada di siklus ini")
            for r in rows
            if r.number not in inputs
        ]
    )
    upsert(
        t.session,
        InputResponse,
        [
            {
                "input_id": inputs[r.number],
                "version_id": version.id,
                "disposition": r.disposition.value,
                "response": r.response,
                "changed_sections": list(r.changed_sections),
                "responder": t.record.actor,
                "created_at": utcnow(),
            }
            for r in rows
        ],
        ["input_id", "version_id"],
        ["disposition", "response", "changed_sections", "responder"],
    )
    return len(rows)


def _w_kehadiran_kegiatan(t: _Target, rows: list[Any]) -> int:
    assert t.cycle is not None
    workshops = {
        w.code: w.id
        for w in t.session.exec(select(Workshop).where(Workshop.cycle_id == t.cycle.id))
    }
    t.fail(
        [
            RowError(
                r.line, "kegiatan", f"kegiatan '{r.workshop}' tidak direncanakan di siklus ini"
            )
            for r in rows
            if r.workshop not in workshops
        ]
    )
    _check_nips(t, rows)
    upsert(
        t.session,
        WorkshopAttendance,
        [
            {
                "workshop_id": workshops[r.workshop],
                "nip": r.nip,
                "present": r.present,
                "pre_test": float(r.pre_test) if r.pre_test is not None else None,
                "post_test": float(r.post_test) if r.post_test is not None else None,
            }
            for r in rows
        ],
        ["workshop_id", "nip"],
        ["present", "pre_test", "post_test"],
    )
    return len(rows)


def _w_progres(t: _Target, rows: list[Any]) -> int:
    assert t.cycle is not None
    _check_units(t, rows, "unit_kerja")
    upsert(
        t.session,
        RolloutMilestone,
        [
            {
                "cycle_id": t.cycle.id,
                "unit_code": r.unit_code,
                "milestone": r.milestone,
                "due_on": r.due_on,
                "status": r.status.value,
                "done_on": r.done_on,
                "note": r.note,
                "updated_at": utcnow(),
            }
            for r in rows
        ],
        ["cycle_id", "unit_code", "milestone"],
        ["due_on", "status", "done_on", "note", "updated_at"],
    )
    return len(rows)


def _w_rencana(t: _Target, rows: list[Any]) -> int:
    """The file is the whole plan of the cycle (`siklus rollout plan import`).

    Due dates are set and reported progress is kept; milestones missing from the file are
    removed, unless their unit already reported progress on them (then nothing is written).
    """
    assert t.cycle is not None
    _check_units(t, rows, "unit_kerja")
    listed = {(r.unit_code, r.milestone) for r in rows}
    current = t.session.exec(
        select(RolloutMilestone).where(RolloutMilestone.cycle_id == t.cycle.id)
    ).all()
    dropped = [m for m in current if (m.unit_code, m.milestone) not in listed]
    started = [m for m in dropped if m.status != "belum" or m.done_on is not None or m.note]
    t.fail(
        [
            RowError(
                0,
                None,
                f"tahap '{m.milestone}' unit {m.unit_code} tidak ada di berkas, padahal unit "
                f"sudah melaporkan progresnya ({m.status}); cantumkan lagi tahap itu",
            )
            for m in started
        ]
    )
    for m in dropped:
        t.session.delete(m)
    t.session.flush()
    upsert(
        t.session,
        RolloutMilestone,
        [
            {
                "cycle_id": t.cycle.id,
                "unit_code": r.unit_code,
                "milestone": r.milestone,
                "due_on": r.due_on,
                "status": "belum",
                "note": "",
                "updated_at": utcnow(),
            }
            for r in rows
        ],
        ["cycle_id", "unit_code", "milestone"],
        ["due_on", "updated_at"],
    )
    return len(rows)


def _w_penilaian_360(t: _Target, rows: list[Any]) -> int:
    from policy.services.rating_imports import write_ratings

    return write_ratings(t, rows)


def _w_bonus(t: _Target, rows: list[Any]) -> int:
    from policy.services.rating_imports import write_bonus

    return write_bonus(t, rows)


def _w_capaian_organisasi(t: _Target, rows: list[Any]) -> int:
    from policy.services.capaian import write_capaian

    return write_capaian(t, rows)


WRITERS: dict[str, Callable[[_Target, list[Any]], int]] = {
    "unit": _w_unit,
    "pegawai": _w_pegawai,
    "ekinerja": _w_ekinerja,
    "skm": _w_skm,
    "pengaduan": _w_pengaduan,
    "realisasi": _w_realisasi,
    "penilaian_360": _w_penilaian_360,
    "bonus": _w_bonus,
    "capaian_organisasi": _w_capaian_organisasi,
    "kehadiran_forum": _w_kehadiran_forum,
    "masukan": _w_masukan,
    "tanggapan": _w_tanggapan,
    "kehadiran_kegiatan": _w_kehadiran_kegiatan,
    "progres": _w_progres,
    "rencana": _w_rencana,
}


def ingest_file(
    session: Session,
    org: Organisation,
    kind: str,
    path: Path,
    actor: str,
    cycle: Cycle | None = None,
) -> ImportResult:
    """Validate and write one file (flushes; the caller commits or rolls back).

    Raises:
        ImportFileError: the file has bad rows (every one is listed); nothing is written.
        ServiceError: the kind is unknown or needs a cycle.
    """
    if kind not in WRITERS:
        raise ServiceError(
            f"Jenis impor '{kind}' tidak dikenal; pilih: {', '.join(sorted(WRITERS))}."
        )
    if kind in CYCLE_KINDS and cycle is None:
        raise ServiceError(f"Impor '{kind}' memerlukan siklus.")
    path = Path(path)
    scope = f"cycle-{cycle.id}" if kind in CYCLE_KINDS and cycle is not None else ""
    if kind == "tanggapan" and cycle is not None:
        # Responses belong to a draft version: the same file answers a new version anew.
        latest = session.exec(
            select(func.max(DraftVersion.number)).where(DraftVersion.cycle_id == cycle.id)
        ).one()
        scope += f"-v{latest or 0}"
    streamed = kind in STREAM_WRITERS
    # Hashes the file now; reads it when iterated (a large one in a helper process).
    stream = stream_file(kind, path, light=streamed, reader=get_settings().import_reader)
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
    target = _Target(session, org, cycle, record, path.name)
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
                written = WRITERS[kind](target, list(stream))
    except BaseException as exc:
        savepoint.rollback()
        session.delete(record)
        session.flush()
        if isinstance(exc, ImportFileError) and stream.headers:
            raise exc.named(stream.headers) from None
        raise
    savepoint.commit()
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
    return ImportResult(kind, path.name, stream.rows, written, False, warnings, record.id)


def import_file(
    *,
    session: Session,
    organisation: str | None,
    kind: str,
    path: Path,
    actor: str,
    cycle: int | None = None,
) -> ImportResult:
    """Import one file as its own transaction (the `siklus import` command)."""
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle) if kind in CYCLE_KINDS else None
    try:
        result = ingest_file(session, org, kind, path, actor, cyc)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return result


def result_dict(result: ImportResult) -> dict[str, Any]:
    """An import result as plain data (for summaries)."""
    return asdict(result)
