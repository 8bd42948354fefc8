"""Writers of the cycle's own imports: forum attendance and inputs, responses, workshops, rollout.

Layer: domain services (called by `policy.services.imports.ingest_file`; they flush, never
commit). Each checks its rows against the cycle (planned forums and workshops, recorded
inputs, the organisation's units and employees) and writes them in bulk; `add_input` and
`upsert_attendance` also serve the portal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from policy.importchecks import NEEDS_FIELDS
from policy.imports import RowError
from policy.locale import format_date
from policy.models import (
    Cycle,
    DraftVersion,
    Forum,
    ForumAttendance,
    ForumInput,
    ImportRecord,
    InputResponse,
    NeedsResponse,
    RolloutMilestone,
    RunStatus,
    Stage,
    Workshop,
    WorkshopAttendance,
    utcnow,
)
from policy.services.common import ServiceError, get_run, org_pack
from policy.services.import_target import (
    ImportTarget,
    bulk_insert,
    check_units,
    forum_ids,
    nip_errors,
    unit_errors,
    upsert,
)
from policy.services.section_refs import draft_index
from policy.views.sections import names_section, section_key


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


def _w_kehadiran_forum(t: ImportTarget, rows: list[Any]) -> int:
    forums = forum_ids(t, rows)
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


def _w_masukan(t: ImportTarget, rows: list[Any]) -> int:
    """Each input with the section it names in the version its forum consulted on.

    An input whose BAB or Pasal that version does not hold is still recorded, as a
    general input, with a warning naming its line; so is one whose forum has no draft
    to read its label against (one warning per forum). An input with an address (`surel`,
    written on a paper form) has its author told of the response once it appears
    (`policy.services.response_notices`).
    """
    assert t.cycle is not None
    forums = forum_ids(t, rows)
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
        if item is not None and r.email:  # told of the response once it appears
            item.notify_email, item.notify_locale = r.email, "id"
            t.session.add(item)
        written += item is not None
    t.warnings.extend(
        f"forum {code}: belum ada rancangan yang dikonsultasikan pada putaran {rounds[code]} "
        "(impor berkas 'rancangan' bersama tahap forum); bagian rancangan yang disebut dalam "
        f"{n} masukan dicatat sebagaimana tertulis, tanpa dicocokkan dengan Pasal rancangan"
        for code, n in undrafted.items()
    )
    return written


def _w_tanggapan(t: ImportTarget, rows: list[Any]) -> int:
    """Responses to the latest draft version, as `drafting.record_response` records one.

    Only while drafting runs, and never to a version already enacted (final): the import
    is the same act as responding one by one (the importer's role is checked by
    `ingest_file`).
    """
    assert t.cycle is not None
    run = get_run(t.session, t.cycle, Stage.DRAFTING)
    if run.status != RunStatus.RUNNING:
        raise ServiceError(
            f"Tahap penyusunan berstatus '{run.status}'; tanggapan hanya dapat dicatat "
            "selama tahap berjalan."
        )
    version = t.session.exec(
        select(DraftVersion)
        .where(DraftVersion.cycle_id == t.cycle.id)
        .order_by(col(DraftVersion.number).desc())
    ).first()
    if version is None:
        raise ServiceError("Tanggapan memerlukan rancangan: impor rancangan dulu.")
    if version.final_on is not None:
        raise ServiceError(
            f"Rancangan versi {version.number} sudah ditetapkan pada "
            f"{format_date(version.final_on)}; tanggapannya tidak dapat diubah lagi."
        )
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
        t.kept(["disposition", "response", "changed_sections", "responder"]),
    )
    return len(rows)


def _w_kehadiran_kegiatan(t: ImportTarget, rows: list[Any]) -> int:
    assert t.cycle is not None
    planned = list(t.session.exec(select(Workshop).where(Workshop.cycle_id == t.cycle.id)))
    workshops = {w.code: w.id for w in planned}
    sessions = {w.code: 1 + len(w.sessions) for w in planned}
    t.fail(
        [
            RowError(
                r.line, "kegiatan", f"kegiatan '{r.workshop}' tidak direncanakan di siklus ini"
            )
            for r in rows
            if r.workshop not in workshops
        ]
        + [
            RowError(
                r.line,
                "angkatan",
                f"kegiatan {r.workshop} dijadwalkan dalam "
                f"{sessions[r.workshop]} angkatan; angkatan {r.session} tidak ada",
            )  # fmt: skip
            for r in rows
            if r.workshop in sessions and r.session is not None and r.session > sessions[r.workshop]
        ]
        + nip_errors(t, rows)
    )
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
                "session": r.session,
            }
            for r in rows
        ],
        ["workshop_id", "nip"],
        t.kept(["present", "pre_test", "post_test", "session"]),
    )
    return len(rows)


#: Milestones named one by one in the warning of targets before the implementation start.
EARLY_NAMED = 10


def _before_start(t: ImportTarget, rows: list[Any]) -> None:
    """Warn of each target date before the day implementation began, by line (no refusal).

    A milestone due before implementation began is most likely a wrong year or a row from
    another cycle's plan; the officer checks it. The start is known once the cycle's plan
    or its implementation stage run exists (`rollout.implementation_start`); a plan
    imported before both has nothing to be checked against, and nothing is said.
    """
    # Imported here: `rollout` imports the import service, which imports these writers.
    from policy.services.rollout import implementation_start

    assert t.cycle is not None
    start = implementation_start(t.session, t.cycle)
    early = [r for r in rows if start is not None and r.due_on < start]
    if start is None or not early:
        return
    t.warnings.extend(
        f"baris {r.line}: target tahap '{r.milestone}' unit {r.unit_code} "
        f"({format_date(r.due_on)}) sebelum implementasi dimulai ({format_date(start)}); "
        "periksa tanggalnya"
        for r in early[:EARLY_NAMED]
    )
    if len(early) > EARLY_NAMED:
        t.warnings.append(
            f"{len(early) - EARLY_NAMED} baris lain juga bertarget sebelum implementasi "
            f"dimulai ({format_date(start)})"
        )


def _w_progres(t: ImportTarget, rows: list[Any]) -> int:
    assert t.cycle is not None
    check_units(t, rows, "unit_kerja")
    _before_start(t, rows)
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
        t.kept(["due_on", "status", "done_on", "note", "updated_at"]),
    )
    return len(rows)


def _w_rencana(t: ImportTarget, rows: list[Any]) -> int:
    """The file is the whole plan of the cycle (`siklus rollout plan import`).

    Due dates are set and reported progress is kept; milestones missing from the file are
    removed, unless their unit already reported progress on them (then nothing is written).
    A target before the implementation start is written with a warning (`_before_start`).
    """
    assert t.cycle is not None
    if not t.complete:  # the file's bad rows may hold what its other rows lack
        check_units(t, rows, "unit_kerja")
        return 0
    if not rows:  # an empty file would remove the whole plan
        t.fail(
            [
                RowError(
                    0,
                    None,
                    "berkas rencana tidak berisi satu tahap pun; rencana implementasi tidak "
                    "diubah. Berkas ini menjadi seluruh rencana: ekspor rencana yang ada "
                    "(siklus rollout plan export), ubah, lalu impor lagi",
                )
            ]
        )
    errors = unit_errors(t, rows, "unit_kerja")
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
        + errors
    )
    _before_start(t, rows)
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


def _w_kebutuhan_asn(t: ImportTarget, rows: list[Any]) -> int:
    """The ASN needs questionnaire's answer sheets; a unit's sheets replace its earlier files'.

    Each unit may send its own file (every OPD runs the form for its staff), and a
    corrected file replaces what the earlier files gave for its units rather than adding
    to it. The answers given online (`policy.services.needs_answers`, import records
    of scope `survei-<link>`) are other employees' and stay: a file replaces only the
    sheets of the files before it (records of its own scope, `cycle-<n>`), and says how
    many online answers of its units are counted beside it.
    """
    assert t.cycle is not None
    asked = [item.code for item in org_pack(t.org).needs_survey.items]
    listed = ", ".join(asked)
    t.fail(
        unit_errors(t, rows, "unit_kerja")
        + [
            RowError(
                r.line,
                code,
                f"pertanyaan {code} tidak ada dalam kuesioner paket "
                f"(yang ditanyakan: {listed}); kosongkan kolom ini atau hapus kolomnya",
            )
            for r in rows
            for code in NEEDS_FIELDS
            if getattr(r, code) is not None and code not in asked
        ]  # fmt: skip
    )
    units = sorted({r.unit_code for r in rows})
    mine = (col(NeedsResponse.cycle_id) == t.cycle.id, col(NeedsResponse.unit_code).in_(units))
    files = select(ImportRecord.id).where(
        ImportRecord.organisation_id == t.org.id,
        ImportRecord.kind == t.record.kind,
        ImportRecord.scope == t.record.scope,
        col(ImportRecord.id) != t.record.id,
    )
    gone = t.session.execute(
        delete(NeedsResponse).where(*mine, col(NeedsResponse.import_id).in_(files))
    )
    if replaced := int(getattr(gone, "rowcount", 0) or 0):
        t.notes.append(
            f"{replaced} lembar jawaban impor sebelumnya dari unit {', '.join(units)} diganti "
            "oleh berkas ini"
        )
    online = t.session.exec(select(func.count()).select_from(NeedsResponse).where(*mine)).one()
    if online:
        t.notes.append(
            f"{online} jawaban kuesioner daring unit {', '.join(units)} tetap dihitung di "
            "samping berkas ini (berkas hanya menggantikan lembar jawaban berkas sebelumnya)"
        )
    cycle_id, import_id = t.cycle.id, t.record.id
    return bulk_insert(
        t.session,
        NeedsResponse,
        (
            {
                "cycle_id": cycle_id,
                "import_id": import_id,
                "unit_code": r.unit_code,
                "development": r.development,
                **{code: getattr(r, code) for code in NEEDS_FIELDS},
            }
            for r in rows
        ),  # fmt: skip
    )


CYCLE_WRITERS: dict[str, Callable[[ImportTarget, list[Any]], int]] = {
    "kebutuhan_asn": _w_kebutuhan_asn,
    "kehadiran_forum": _w_kehadiran_forum,
    "masukan": _w_masukan,
    "tanggapan": _w_tanggapan,
    "kehadiran_kegiatan": _w_kehadiran_kegiatan,
    "progres": _w_progres,
    "rencana": _w_rencana,
}
