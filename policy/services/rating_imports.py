"""The weighted 360 framework's checks of ratings, and the writer of bonus points.

Layer: domain services (helpers of the import service: they flush, never commit). The
ratings themselves are written as they are read (`policy.services.bulk_imports`), each
batch checked here against the organisation's framework (criteria, sources, scale), and the
file as a whole against the ratings stored before it (`StoredSources`: one rater, one
source); bonus points are checked against the framework's bonus codes and caps, then
upserted.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from itertools import compress, repeat
from operator import attrgetter, eq
from typing import Any

from sqlalchemy import distinct, func
from sqlmodel import col, select

from policy.evalconfig import Pack360
from policy.importerrors import Report
from policy.imports import RowError, RowStream, stream_file
from policy.models import BonusPoint, ImportRecord, Rating360
from policy.services.common import org_pack
from policy.services.import_target import ImportTarget, nip_errors, upsert
from policy.services.period_lock import PeriodLocks, locked_errors, locked_rows_check

Key = tuple[str, str, str]  # (period, nip, rater)


def _framework(t: ImportTarget) -> Pack360:
    config = org_pack(t.org).evaluation.weighted_360
    if config is None:
        message = (
            "paket organisasi tidak memakai kerangka penilaian 360 "
            "(evaluation.framework: weighted_360); berkas tidak diimpor"
        )
        t.fail([RowError(0, None, message)])
        raise AssertionError("unreachable")  # pragma: no cover - fail() raised
    return config


def _rating_errors(config: Pack360, rows: list[Any]) -> list[RowError]:
    criteria = {c.code for c in config.criteria} | {
        c.code for rc in config.role_criteria for c in rc.criteria
    }
    sources = set(config.sources) | {s for rc in config.role_criteria for s in rc.sources or {}}
    low, high = config.scale_min * 100, config.scale_max * 100
    if rows:
        # A clean batch is confirmed with set and min/max operations in C; only a batch
        # with a problem is walked row by row for the exact errors.
        scores = list(map(attrgetter("score"), rows))
        if (
            criteria.issuperset(map(attrgetter("criterion"), rows))
            and sources.issuperset(map(attrgetter("source"), rows))
            and low <= min(scores)
            and max(scores) <= high
        ):
            return []
    scale = f"{config.scale_min}–{config.scale_max}"
    known = ", ".join(sorted(criteria))
    used = ", ".join(sorted(sources))
    errors = []
    for r in rows:
        if r.criterion not in criteria:
            text = (
                f"aspek '{r.criterion}' tidak ada dalam kerangka penilaian; yang dikenal: {known}"
            )
            errors.append(RowError(r.line, "aspek", text))
        if r.source not in sources:
            text = f"sumber '{r.source}' tidak dipakai kerangka penilaian paket ini ({used})"
            errors.append(RowError(r.line, "sumber", text))
        if not low <= r.score <= high:
            value = str(Decimal(r.score) / 100).replace(".", ",")
            errors.append(RowError(r.line, "nilai", f"nilai {value} di luar skala {scale}"))
    return errors


class StoredSources:
    """Raters of a 360 file stored under another source for the same employee and period.

    A file replaces, per (period, source, employee), what earlier files stored; the other
    sources of that employee stay. So a rater the file names as rekan may already be
    stored as that employee's atasan: counted twice, the supervisor would fill the peers'
    anonymity threshold and give the peers' mean away. (Within one file the format's
    `Consistent` rule refuses it.) `note` runs on each batch before it is written and
    remembers the employees of the periods that held ratings before this file; `check`,
    once the whole file is written and the replaced ratings gone, looks for a rater with
    two sources among them and names each line of the file that gives one.
    """

    def __init__(self, t: ImportTarget, stream: RowStream) -> None:
        self.t = t
        self.stream = stream
        self.nips: dict[str, set[str] | None] = {}  # period -> employees; None: none stored

    def note(self, batch: list[Any], _report: Report) -> None:
        """A check of `write_stream`: what `check` will need of this batch."""
        periods = list(map(attrgetter("period"), batch))
        for period in set(periods):
            if period not in self.nips:  # its first batch, not yet written: only others'
                r360 = Rating360
                stored = self.t.session.exec(
                    select(r360.id)
                    .where(r360.organisation_id == self.t.org.id, r360.period == period)
                    .limit(1)
                ).first()
                self.nips[period] = set() if stored is not None else None
            nips = self.nips[period]
            if nips is not None:
                mine = map(eq, periods, repeat(period))
                nips.update(compress(map(attrgetter("nip"), batch), mine))

    def check(self) -> None:
        """Raise the file's errors if a rater now has two sources for an employee and period.

        Raises:
            ImportFileError: each line of the file naming such a rater, with the source
                and file it was stored from before.
        """
        r360, org_id = Rating360, self.t.org.id
        clashes: set[Key] = set()
        for period, nips in self.nips.items():
            ordered = sorted(nips or ())
            for start in range(0, len(ordered), 500):
                found = self.t.session.exec(
                    select(r360.nip, r360.rater)
                    .where(
                        r360.organisation_id == org_id,
                        r360.period == period,
                        col(r360.nip).in_(ordered[start : start + 500]),
                    )
                    .group_by(r360.nip, r360.rater)
                    .having(func.count(distinct(col(r360.source))) > 1)
                )
                clashes.update((period, nip, rater) for nip, rater in found)
        if clashes:
            self._report(clashes)

    def _report(self, clashes: set[Key]) -> None:
        r360, org_id, own = Rating360, self.t.org.id, self.t.record.id
        stored: dict[Key, dict[str, int]] = defaultdict(dict)  # key -> source -> import
        for period in {key[0] for key in clashes}:
            nips = sorted({nip for p, nip, _ in clashes if p == period})
            for start in range(0, len(nips), 500):
                found = self.t.session.exec(
                    select(r360.nip, r360.rater, r360.source, r360.import_id)
                    .where(
                        r360.organisation_id == org_id,
                        r360.period == period,
                        col(r360.nip).in_(nips[start : start + 500]),
                        r360.import_id != own,
                    )
                    .distinct()
                )
                for nip, rater, source, import_id in found:
                    if (period, nip, rater) in clashes:
                        stored[(period, nip, rater)][source] = import_id
        ids = {i for sources in stored.values() for i in sources.values()}
        files = dict(
            self.t.session.exec(
                select(ImportRecord.id, ImportRecord.filename).where(col(ImportRecord.id).in_(ids))
            ).all()
        )
        report = Report(self.t.filename, self.t.log)
        # The file again (only when it clashes): the ratings do not keep their line.
        again = stream_file(self.stream.kind, self.stream.path, reader="inline")
        for r in again:
            others = stored.get((r.period, r.nip, r.rater), {})
            for source, import_id in sorted(others.items()):
                if source != r.source:
                    report.add(r.line, "sumber", _stored_message(r, source, files.get(import_id)))
        if report.total:
            raise report.fail()


def _stored_message(r: Any, source: str, filename: str | None) -> str:
    where = f"berkas '{filename}'" if filename else "impor sebelumnya"
    return (
        f"penilai {r.rater} sudah tersimpan sebagai sumber {source} bagi NIP {r.nip} periode "
        f"{r.period} ({where}), di sini sebagai {r.source}; seorang penilai hanya boleh satu "
        f"sumber bagi pegawai yang sama dalam satu periode. Perbaiki sumbernya, atau sertakan "
        f"penilaian sumber {source} pegawai ini dalam berkas (berkas baru menggantikannya)"
    )


def write_bonus(t: ImportTarget, rows: list[Any]) -> int:
    """Check and write bonus points (one value per period, NIP and bonus; later files win)."""
    config = _framework(t)
    caps = {b.code: b.max_points for b in config.bonus}
    errors = []
    for r in rows:
        if r.code not in caps:
            known = ", ".join(sorted(caps)) or "tidak ada"
            errors.append(RowError(r.line, "kode", f"bonus '{r.code}' tidak ada dalam kerangka "
                                   f"penilaian (yang dikenal: {known})"))  # fmt: skip
        elif Fraction(r.points, 100) > caps[r.code]:
            cap = str(caps[r.code]).replace(".", ",")
            errors.append(RowError(r.line, "poin", f"poin bonus {r.code} paling banyak {cap}"))
    locked = locked_rows_check(
        PeriodLocks(t.session, t.org.id or 0), "poin", BonusPoint, ("nip", "code"),
        ("points", "note"), attrgetter("points", "note"),
        lambda r: f"bonus {r.code} NIP {r.nip} dalam berkas",
    )  # fmt: skip
    t.fail(errors + nip_errors(t, rows) + locked_errors(locked, rows))
    upsert(
        t.session,
        BonusPoint,
        [
            {"organisation_id": t.org.id, "period": r.period, "nip": r.nip, "code": r.code,
             "points": r.points, "note": r.note}
            for r in rows
        ],
        ["organisation_id", "period", "nip", "code"],
        t.kept(["points", "note"]),
    )  # fmt: skip
    return len(rows)
