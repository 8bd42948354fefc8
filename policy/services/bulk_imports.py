"""Streamed writers of the large import kinds: pegawai, e-Kinerja, SKM and 360 ratings.

Layer: domain services (helpers of `policy.services.imports`: they flush, never commit).
A province sends files of 10^5 to 10^6 rows, so these writers never hold a whole file:
rows come from `policy.imports.stream_file` in batches, each batch is checked against the
database (units, employees) and written with one prepared statement run as executemany
over plain tuples. The import service runs them inside a savepoint: when any row of the
file turns out bad, even the last one, everything written is rolled back, so a file with
any bad row still writes nothing. The batch loop, which goes on checking after a bad row
so that every error of the file comes in one report, and what the writers share are in
`policy.services.import_batches`; here are each kind's columns, checks and warnings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from itertools import compress, count
from operator import attrgetter, itemgetter, not_
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Index, Table, delete, func
from sqlmodel import SQLModel, col, select

from policy.evaluation import predikat_for
from policy.importerrors import Report, lines_named
from policy.imports import RowStream
from policy.models import (
    ActivityReport,
    EkinerjaRating,
    Employee,
    Rating,
    Rating360,
    ServiceRequest,
    SkmResponse,
)
from policy.periods import period_label
from policy.services.activity_stats import month_working_days
from policy.services.bulk_insert import insert_for
from policy.services.common import org_pack
from policy.services.import_batches import Check, date_param, known_nips, known_units, write_stream
from policy.services.period_lock import PeriodLocks, locked_dates_check, locked_rows_check
from policy.services.placements import Moves
from policy.services.skm import SurveyPartners

if TYPE_CHECKING:
    from policy.services.import_target import ImportTarget


def zero_sequence_warning(lines: list[int]) -> str:
    """The warning for NIPs whose nomor urut (digits 16–18) is 000 (DOMAIN.md R3).

    Not an error: R3 leaves such NIPs undecided, but a nomor urut starts at 001 and a
    spreadsheet that kept only 15 significant digits writes exactly 000 there.
    """
    return (
        f"{len(lines)} NIP berakhiran 000 (baris {lines_named(lines)}): nomor urut NIP dimulai "
        "dari 001, jadi periksa apakah Excel memotong digit terakhirnya (kolom NIP harus "
        "berformat Teks); baris itu tetap diimpor"
    )


def write_pegawai(t: ImportTarget, stream: RowStream) -> int:
    """Employees, upserted by (organisation, NIP); NIPs ending in 000 are warned about.

    An employee the file moves (another unit, position or team) keeps where they stood
    until now (`policy.services.placements`), for the documents of periods evaluated before.
    """
    org_id = t.org.id
    columns = ("organisation_id", "nip", "name", "asn_type", "position", "unit_code",
               "supervisor_nip", "team")  # fmt: skip
    kept = t.kept(columns[2:])
    insert = insert_for(t.session, Employee, columns, ("organisation_id", "nip"), kept)
    zero_sequence: list[int] = []
    moves = Moves(t, kept)
    stored = moves.stored.keys()
    seen: set[str] = set()
    supervisors: dict[str, list[int]] = defaultdict(list)  # not stored: NIP -> lines

    def note_zero_sequence(batch: list[Any], _report: Report) -> None:
        zero_sequence.extend(r.line for r in batch if r.nip.endswith("000"))

    def note_supervisors(batch: list[Any], _report: Report) -> None:
        seen.update(map(attrgetter("nip"), batch))
        for r in batch:
            if r.supervisor_nip is not None and r.supervisor_nip not in stored:
                supervisors[r.supervisor_nip].append(r.line)

    written = write_stream(
        t, stream, insert,
        lambda r: (org_id, r.nip, r.name, r.asn_type.value, r.position, r.unit_code,
                   r.supervisor_nip, r.team),
        [known_units(t, "unit_kerja"), note_zero_sequence, note_supervisors, moves.note],
        order=itemgetter(1),
    )  # fmt: skip
    moves.write()
    if zero_sequence:
        stream.warnings.append(zero_sequence_warning(zero_sequence))
    if unknown := {nip: lines for nip, lines in supervisors.items() if nip not in seen}:
        stream.warnings.append(unknown_supervisors_warning(unknown))
    return written


def unknown_supervisors_warning(unknown: dict[str, list[int]]) -> str:
    """The warning for supervisors (`nip_atasan`) who are no employee of the organisation.

    Not an error: the head of a unit may report to someone outside the organisation (a
    Camat to the Sekretaris Daerah of the kota). But a follow-up action given to the
    supervisor of such an employee has no one in Siklus to own it.
    """
    where = "baris " + lines_named(sorted(line for found in unknown.values() for line in found))
    nips = ", ".join(sorted(unknown)[:3]) + (" …" if len(unknown) > 3 else "")
    return (
        f"{len(unknown)} NIP atasan bukan pegawai organisasi ini ({nips}; {where}): periksa "
        "NIP-nya; tindak lanjut yang ditujukan kepada atasan pegawai itu tidak akan punya "
        "pemilik di Siklus. Baris itu tetap diimpor"
    )


_PREDIKAT = {(h, p): predikat_for(h, p).value for h in Rating for p in Rating}


def write_ekinerja(t: ImportTarget, stream: RowStream) -> int:
    """e-Kinerja ratings with their predikat, upserted by (organisation, period, NIP)."""
    org_id, predikat = t.org.id, _PREDIKAT
    columns = ("organisation_id", "period", "nip", "hasil_kerja", "perilaku", "predikat")
    keys = ("organisation_id", "period", "nip")
    insert = insert_for(t.session, EkinerjaRating, columns, keys, columns[3:])
    written = write_stream(
        t, stream, insert,
        lambda r: (org_id, r.period, r.nip, r.hasil_kerja.value, r.perilaku.value,
                   predikat[r.hasil_kerja, r.perilaku]),
        [known_nips(t), *_locked_ratings(t)], order=itemgetter(2),
    )  # fmt: skip
    return written


def _locked_ratings(t: ImportTarget) -> list[Check]:
    """The check that rows of a locked period repeat the stored ratings (none: no lock)."""
    locks = PeriodLocks(t.session, t.org.id or 0)
    if not locks:
        return []
    return [
        locked_rows_check(
            locks, "periode", EkinerjaRating, ("nip",), ("hasil_kerja", "perilaku"),
            lambda r: (r.hasil_kerja.value, r.perilaku.value),
            lambda r: f"penilaian NIP {r.nip} dalam berkas",
        )
    ]  # fmt: skip


def write_skm(t: ImportTarget, stream: RowStream) -> int:
    """SKM responses, appended (the import record keeps a file from being counted twice)."""
    org_id, import_id = t.org.id, t.record.id
    as_date = date_param(t.session)
    columns = ("organisation_id", "import_id", "unit_code", "response_date",
               *(f"u{i}" for i in range(1, 10)), "gender", "age", "education", "occupation",
               "service_type", "partner")  # fmt: skip
    # Row fields: line, unit_code, response_date, u1..u9, gender, ..., service_type, partner.
    services = ListedServices(t)
    ikm = t.org.pack.get("evaluation", {}).get("ikm", {})  # the pack as stored
    partners = SurveyPartners(ikm.get("partners", []))
    written = write_stream(
        t, stream, insert_for(t.session, SkmResponse, columns),
        lambda r: (org_id, import_id, r[1], as_date(r[2]), *r[3:17], partners.name(r[17])),
        [known_units(t, "unit_layanan"), locked_dates_check(PeriodLocks(t.session, org_id or 0),
                                                            "tanggal"), *services.checks(),
         partners.check],
        order=itemgetter(3, 2),
    )  # fmt: skip
    if services.outside:
        stream.warnings.append(services.warning())
    return written


def write_laporan_kegiatan(t: ImportTarget, stream: RowStream) -> int:
    """Days with an e-Kinerja activity report, upserted by (organisation, month, NIP).

    A recap exported again (e-Kinerja's runs from January to the current month) replaces
    the months it holds; in a locked period's months only the stored values pass.
    """
    org_id = t.org.id
    columns = ("organisation_id", "month", "nip", "days", "leave_days")
    insert = insert_for(t.session, ActivityReport, columns, columns[:3], columns[3:])
    return write_stream(
        t, stream, insert, lambda r: (org_id, r.month, r.nip, r.days, r.leave_days),
        [known_nips(t), _leave_within_month(t), *_locked_months(t)], order=itemgetter(1, 2),
    )  # fmt: skip


def _leave_within_month(t: ImportTarget) -> Check:
    """The check that no row has more days of leave than its month has working days."""
    pack = org_pack(t.org)
    working: dict[str, int] = {}

    def check(batch: list[Any], report: Report) -> None:
        for r in batch:
            if not r.leave_days:
                continue
            if r.month not in working:
                working[r.month] = month_working_days(pack, r.month)
            if r.leave_days > working[r.month]:
                report.add(r.line, "hari_cuti", (
                    f"{r.leave_days} hari cuti, padahal bulan {period_label(r.month, 'id')} "
                    f"hanya {working[r.month]} hari kerja menurut kalender organisasi"
                ))  # fmt: skip

    return check


def _locked_months(t: ImportTarget) -> list[Check]:
    """The check that rows of months in a locked period repeat the stored days and leave."""
    locks = PeriodLocks(t.session, t.org.id or 0)
    if not locks:
        return []
    stored: dict[str, dict[str, tuple[int, int]]] = {}

    def check(batch: list[Any], report: Report) -> None:
        for r in batch:
            lock = locks.of_date(date(int(r.month[:4]), int(r.month[5:7]), 1))
            if lock is None:
                continue
            if r.month not in stored:
                rows = t.session.exec(
                    select(ActivityReport.nip, ActivityReport.days, ActivityReport.leave_days)
                    .where(ActivityReport.organisation_id == t.org.id,
                           ActivityReport.month == r.month)
                ).all()  # fmt: skip
                stored[r.month] = {nip: (days, leave) for nip, days, leave in rows}
            have = stored[r.month].get(r.nip)
            if have == (r.days, r.leave_days):
                continue
            change = (
                "belum ada di data periode itu" if have is None else "berbeda dari yang tersimpan"
            )
            column = "hari_lapor" if have is None or have[0] != r.days else "hari_cuti"
            what = f"laporan kegiatan NIP {r.nip} bulan {r.month}"
            report.add(r.line, column, f"{lock.reason()}; {what} {change}")

    return [check]


def write_layanan(t: ImportTarget, stream: RowStream) -> int:
    """Service requests, appended like SKM responses (a Disdukcapil's year can be millions)."""
    org_id, import_id = t.org.id, t.record.id
    as_date = date_param(t.session)
    columns = ("organisation_id", "import_id", "unit_code", "service_type", "received_on",
               "done_on", "number")  # fmt: skip
    # Row fields: line, unit_code, service_type, received_on, done_on, number.
    services = ListedServices(t)
    # The requests feed an evaluated period's figures: none may fall in a locked one.
    locks = PeriodLocks(t.session, org_id or 0)
    written = write_stream(
        t, stream, insert_for(t.session, ServiceRequest, columns),
        lambda r: (org_id, import_id, r[1], r[2], as_date(r[3]),
                   as_date(r[4]) if r[4] is not None else None, r[5]),
        [known_units(t, "unit_layanan"),
         locked_dates_check(locks, "tanggal_masuk", attrgetter("received_on")),
         *services.checks()],
        order=itemgetter(4, 2),
    )  # fmt: skip
    if services.outside:
        stream.warnings.append(services.warning())
    return written


class ListedServices:
    """Rows naming a kind of service their unit does not list in the pack (a warning).

    Read for SKM responses and service requests (`service_type`).

    Only units with `services` in the pack are looked at; the rows are imported as they are.
    """

    def __init__(self, t: ImportTarget) -> None:
        # The pack as stored, not validated again: a province's units would cost more.
        self.listed = {
            u["code"]: frozenset(u["services"])
            for u in t.org.pack.get("units", [])
            if u.get("services")
        }
        self.outside: dict[tuple[str, str], list[int]] = {}

    def checks(self) -> list[Check]:
        """The check to run on each batch (none when no unit lists its services)."""
        return [self.check] if self.listed else []

    def check(self, batch: list[Any], report: Report) -> None:
        """Note the rows of `batch` naming a kind their unit does not list (`report` unused)."""
        for r in batch:
            allowed = self.listed.get(r.unit_code)
            if allowed is not None and r.service_type and r.service_type not in allowed:
                self.outside.setdefault((r.unit_code, r.service_type), []).append(r.line)

    def warning(self) -> str:
        """The warning naming each kind outside its unit's list, with its lines."""
        parts = [
            f"'{name}' ({unit}, {len(lines)} baris: {lines_named(lines)})"
            for (unit, name), lines in sorted(self.outside.items())
        ]
        return (
            "jenis_layanan di luar daftar layanan unitnya di paket (units[].services): "
            + "; ".join(parts)
            + "; baris itu tetap diimpor apa adanya"
        )


#: Bytes per row of a 360 file, at least (``TW III 2026;<18>;rekan;<18>;disiplin;4,5``).
_BYTES_PER_RATING = 48


def _index_deferred(t: ImportTarget, model: type[SQLModel], stream: RowStream) -> list[Index]:
    """Drop `model`'s indexes for a load that will outgrow the table, to build them after.

    Building an index once over a million sorted rows is about twice as fast as keeping it
    up to date row by row. Done only on SQLite, and only when the table is empty or small
    beside the file: there the write transaction is held anyway and readers keep reading
    their snapshot; on PostgreSQL a dropped index would lock the table for every reader
    until the import commits. The drop is part of the import's savepoint: a file that
    fails puts the indexes back with everything else.
    """
    connection = t.session.connection()
    if connection.dialect.name != "sqlite":
        return []
    table: Table = model.__table__  # type: ignore[attr-defined]
    expected = stream.size // _BYTES_PER_RATING
    held = connection.execute(select(func.count()).select_from(table)).scalar_one()
    if held >= expected:
        return []
    indexes = sorted(table.indexes, key=attrgetter("name"))
    for index in indexes:
        index.drop(connection)
    return indexes


_AFTER_LINE = itemgetter(slice(1, None))  # a row's values without its line number
_RATER = itemgetter(4)
_PERIOD = itemgetter(1)


def write_penilaian_360(t: ImportTarget, stream: RowStream) -> int:
    """Weighted 360 ratings, checked against the pack's framework and written as read.

    Checks: criteria, sources and scale of the framework (`policy.services.rating_imports`),
    known NIPs, and once the file is written no rater with a second source beside ratings
    stored before (`StoredSources`). Replacement: every (period, source, employee) in the
    file loses the ratings that earlier imports gave it; done per batch, it spares this
    import's own rows. An unnamed rater gets a key unique to its line of the import (one
    respondent each); a self-rating's empty rater has been filled with the employee's NIP
    as the file was read.
    """
    from policy.services.rating_imports import StoredSources, _framework, _rating_errors

    config = _framework(t)
    session, org_id, import_id = t.session, t.org.id, t.record.id
    columns = ("organisation_id", "import_id", "period", "nip", "source", "rater", "criterion",
               "score")  # fmt: skip
    ids = {"organisation_id": org_id or 0, "import_id": import_id or 0}
    r360 = Rating360
    earlier = session.exec(
        select(r360.id).where(r360.organisation_id == org_id, r360.import_id != import_id).limit(1)
    ).first()

    def framework(batch: list[Any], report: Report) -> None:
        for error in _rating_errors(config, batch):
            report.add(error.line, error.column, error.message)

    locks = PeriodLocks(session, org_id or 0)

    def locked(batch: list[Any], report: Report) -> None:
        # Each import replaces the ratings it covers: a locked period takes none.
        if not locks or locks.by_period.keys().isdisjoint(map(_PERIOD, batch)):
            return
        for r in batch:
            lock = locks.by_period.get(r.period)
            if lock is not None:
                report.add(r.line, "periode", f"{lock.reason()}; nilai 360 tidak dapat diganti")

    def replace_earlier(batch: list[Any]) -> None:
        covered: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in batch:
            covered[(r.period, r.source)].add(r.nip)
        for (period, source), nips in covered.items():
            session.execute(
                delete(r360).where(
                    col(r360.organisation_id) == org_id, col(r360.period) == period,
                    col(r360.source) == source, col(r360.nip).in_(sorted(nips)),
                    col(r360.import_id) != import_id,
                )
            )  # fmt: skip

    def params(r: Any) -> tuple[Any, ...]:
        # Row fields: line, period, nip, source, rater, criterion, score; the two ids are
        # written into the statement.
        if r.rater:
            return tuple(r[1:])
        rater = f"#{import_id}:{r.line}"  # an unnamed respondent (a self-rating has its NIP)
        return (r.period, r.nip, r.source, rater, r.criterion, r.score)

    def rows_of(batch: list[Any]) -> list[tuple[Any, ...]]:
        # The same tuples as `params`, sliced in C; only unnamed raters are made one by one.
        rows = list(map(_AFTER_LINE, batch))
        for i in compress(count(), map(not_, map(_RATER, batch))):
            rows[i] = params(batch[i])
        return rows

    deferred = _index_deferred(t, r360, stream) if earlier is None else []
    # With nothing stored before, no rater can have been stored under another source.
    stored = StoredSources(t, stream) if earlier is not None else None
    written = write_stream(
        t, stream, insert_for(session, r360, columns, fixed=ids), params,
        [framework, known_nips(t), locked, *([stored.note] if stored else [])],
        replace_earlier if earlier is not None else None,
        order=None if deferred else itemgetter(1, 2),  # no index to fill in order
        rows_of=rows_of,
    )  # fmt: skip
    if stored is not None:
        stored.check()
    _build_indexes(session.connection(), deferred)
    return written


def _build_indexes(connection: Connection, indexes: list[Index]) -> None:
    """Create the indexes `_index_deferred` dropped, SQLite's sorter on helper threads."""
    if not indexes:
        return
    threads = connection.exec_driver_sql("PRAGMA threads").scalar_one()
    connection.exec_driver_sql("PRAGMA threads = 4")  # a quarter faster even on two cores
    try:
        for index in indexes:
            index.create(connection)
    finally:
        connection.exec_driver_sql(f"PRAGMA threads = {int(threads)}")


STREAM_WRITERS: dict[str, Callable[[ImportTarget, RowStream], int]] = {
    "pegawai": write_pegawai,
    "ekinerja": write_ekinerja,
    "skm": write_skm,
    "layanan": write_layanan,
    "laporan_kegiatan": write_laporan_kegiatan,
    "penilaian_360": write_penilaian_360,
}
