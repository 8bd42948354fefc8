"""Data of an evaluated period is locked while leadership reviews it and once it is approved.

Layer: domain services (read-only helpers of the import writers).

An evaluation run in review, or approved, was made from the data stored for its period:
the Laporan Evaluasi, the unit sheets and the IKM that later reports show in their trend
all stand on it, and an approved period cannot be evaluated again. An import may
therefore not change that data underneath them:

- rows of a kind read by period code (e-Kinerja, 360, realisasi, bonus, capaian) may name
  a locked period only when they repeat what is stored (a year's export that includes the
  evaluated quarters unchanged); a row that changes or adds to a locked period is refused;
- rows of a kind read by date (SKM responses) are added, never matched, so any row dated
  within a locked period is refused;
- complaints are read by needs analysis too, where older complaints are welcome: one
  received within a locked period is imported, with a warning that the period's
  evaluation documents do not count it.

A run in review unlocks when leadership returns it (`siklus review return`), an approved
one when a leader reopens it for a correction (`siklus review reopen`,
`policy.services.review.reopen_period`); the new run then reads the corrected data.
Returned, rejected and failed runs lock nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from policy.enums import RunStatus, Stage
from policy.importerrors import Report, RowError, lines_named
from policy.models import Cycle, Policy, StageRun
from policy.periods import period_label, period_range

__all__ = [
    "LOCKING",
    "Lock",
    "PeriodLocks",
    "approved_evaluations",
    "approved_ikm_weights",
    "locked_dates_check",
    "locked_dates_warning",
    "locked_errors",
    "locked_rows_check",
]

LOCKING = (RunStatus.IN_REVIEW, RunStatus.APPROVED)
"""The statuses of an evaluation run that lock its period's data."""


@dataclass(frozen=True, slots=True)
class Approved:
    """An evaluation run leadership approved: its period, run and when it was submitted.

    `ikm_weight` is the IKM element weight the run computed with, as the pack wrote it
    ("1/9", "0.11"), and `ikm_target` the IKM target it judged the units against; None for
    a run recorded before runs kept them.
    """

    period: str
    run_id: int
    submitted_at: datetime | None
    ikm_weight: str | None = None
    ikm_target: Decimal | None = None


def approved_evaluations(session: Session, organisation_id: int) -> list[Approved]:
    """The organisation's approved evaluation runs, of every cycle, oldest run first.

    What may be published or summed as final: a run in review, returned or reopened is not
    approved. A period evaluated in two cycles comes twice, the later cycle's last.
    """
    rows = session.exec(
        select(StageRun.period, StageRun.id, StageRun.submitted_at, StageRun.summary)
        .join(Cycle, col(Cycle.id) == col(StageRun.cycle_id))
        .join(Policy, col(Policy.id) == col(Cycle.policy_id))
        .where(
            Policy.organisation_id == organisation_id,
            StageRun.stage == Stage.EVALUATION,
            StageRun.status == RunStatus.APPROVED,
        )
        .order_by(col(StageRun.id))
    ).all()
    return [
        Approved(period, run_id or 0, submitted, _weight(summary), _target(summary))
        for period, run_id, submitted, summary in rows
    ]


def approved_ikm_weights(session: Session, organisation_id: int) -> dict[str, str]:
    """The IKM weight each approved period was computed with, by period (the later cycle's).

    A period approved before runs kept their weight is left out: its figures are read with
    the pack's weight, as they were before.
    """
    return {
        a.period: a.ikm_weight
        for a in approved_evaluations(session, organisation_id)
        if a.ikm_weight is not None
    }


def _weight(summary: Any) -> str | None:
    """The IKM weight a run's stored summary records, if any."""
    weight = summary.get("ikm_weight") if isinstance(summary, dict) else None
    return str(weight) if weight else None


def _target(summary: Any) -> Decimal | None:
    """The IKM target a run's stored summary records, if any."""
    target = summary.get("ikm_target") if isinstance(summary, dict) else None
    return Decimal(str(target)) if target not in (None, "") else None


@dataclass(frozen=True, slots=True)
class Lock:
    """One evaluated period whose data is locked, and by which run."""

    period: str
    cycle: int
    status: RunStatus
    start: date
    end: date

    def reason(self) -> str:
        """Why the period's data may not change, in the officer's words."""
        what = (
            f"evaluasi periode {self.period} ({period_label(self.period)}) siklus ke-{self.cycle}"
        )
        if self.status == RunStatus.APPROVED:
            return (
                f"{what} sudah disetujui pimpinan; data periode itu terkunci sampai pimpinan "
                "membukanya kembali untuk koreksi (siklus review reopen)"
            )
        return (
            f"{what} sedang ditinjau pimpinan; data periode itu terkunci sampai pimpinan "
            "mengembalikan tahap itu (siklus review return)"
        )


class PeriodLocks:
    """The locked evaluation periods of an organisation, read once per import."""

    def __init__(self, session: Session, organisation_id: int) -> None:
        self.session, self.organisation_id = session, organisation_id
        rows = session.exec(
            select(StageRun.period, StageRun.status, Cycle.number)
            .join(Cycle, col(Cycle.id) == col(StageRun.cycle_id))
            .join(Policy, col(Policy.id) == col(Cycle.policy_id))
            .where(
                Policy.organisation_id == organisation_id,
                StageRun.stage == Stage.EVALUATION,
                col(StageRun.status).in_([s.value for s in LOCKING]),
            )
            .order_by(col(Cycle.number).desc())
        ).all()
        self.by_period: dict[str, Lock] = {}
        for period, status, number in rows:
            status = RunStatus(status)
            seen = self.by_period.get(period)
            # One period in two cycles (an older cycle still in force): approved wins.
            if seen is None or (seen.status != RunStatus.APPROVED and status == RunStatus.APPROVED):
                start, end = period_range(period)
                self.by_period[period] = Lock(period, number, status, start, end)
        self.spans = sorted(self.by_period.values(), key=attrgetter("start"))

    def __bool__(self) -> bool:
        return bool(self.by_period)

    def stored(
        self, model: Any, period: str, keys: Sequence[str], values: Sequence[str]
    ) -> dict[Hashable, Hashable]:
        """The organisation's stored `values` columns of `model` in `period`, by `keys`.

        A single key or value column stands alone, several make a tuple, as
        `operator.attrgetter` gives them from a row of the file.
        """
        columns = [getattr(model, name) for name in (*keys, *values)]
        found = self.session.execute(
            sa_select(*columns).where(
                model.organisation_id == self.organisation_id, model.period == period
            )
        )
        n = len(keys)
        return {_one(row[:n]): _one(row[n:]) for row in found}

    def of_date(self, day: date) -> Lock | None:
        """The lock of a period that holds `day` (the approved one first, then the shortest)."""
        holding = [lock for lock in self.spans if lock.start <= day <= lock.end]
        if not holding:
            return None
        return min(holding, key=lambda k: (k.status != RunStatus.APPROVED, k.end - k.start))


def locked_rows_check(
    locks: PeriodLocks,
    column: str,
    model: Any,
    keys: Sequence[str],
    values: Sequence[str],
    value: Callable[[Any], Hashable],
    describe: Callable[[Any], str],
    stored_as: Callable[[Any], Hashable] | None = None,
) -> Callable[[Iterable[Any], Report], None]:
    """A check of rows read by period code: in a locked period, only what is stored passes.

    A row's key is its attributes named `keys`, which are also `model`'s key columns; its
    stored values (columns `values`, read once per locked period, when a row first names
    it, and turned by `stored_as` where the table keeps them otherwise) must equal
    `value(row)`. `describe` names what the row holds, for the error ("penilaian NIP …").
    """
    cache: dict[str, dict[Hashable, Hashable]] = {}
    key, period = attrgetter(*keys), attrgetter("period")

    def stored(name: str) -> dict[Hashable, Hashable]:
        found = locks.stored(model, name, keys, values)
        if stored_as is None:
            return found
        return {k: stored_as(v) for k, v in found.items()}

    def check(rows: Iterable[Any], report: Report) -> None:
        rows = list(rows)
        if not locks or locks.by_period.keys().isdisjoint(map(period, rows)):
            return  # no row names a locked period, confirmed in C
        for r in rows:
            lock = locks.by_period.get(period(r))
            if lock is None:
                continue
            if lock.period not in cache:
                cache[lock.period] = stored(lock.period)
            have = cache[lock.period].get(key(r), _MISSING)
            if have == value(r):
                continue  # the stored value again: nothing changes
            change = (
                "belum ada di data periode itu"
                if have is _MISSING
                else "berbeda dari yang tersimpan"
            )
            report.add(r.line, column, f"{lock.reason()}; {describe(r)} {change}")

    return check


def locked_dates_check(
    locks: PeriodLocks, column: str, day: Callable[[Any], date] = attrgetter("response_date")
) -> Callable[[Iterable[Any], Report], None]:
    """A check of rows added by date: none may fall within a locked period."""

    def check(rows: Iterable[Any], report: Report) -> None:
        for error in locked_date_errors(locks, rows, column, day):
            report.add(error.line, error.column, error.message)

    return check


def locked_date_errors(
    locks: PeriodLocks, rows: Iterable[Any], column: str, day: Callable[[Any], date]
) -> list[RowError]:
    """An error for each row added by date that falls within a locked period."""
    rows = list(rows)
    if not locks or not rows:
        return []
    days = list(map(day, rows))
    first, last = min(days), max(days)
    if not any(k.start <= last and first <= k.end for k in locks.spans):
        return []  # the rows' dates miss every locked period
    return [
        RowError(_line(r), column, f"{lock.reason()}; tanggal {d:%d/%m/%Y} termasuk periode itu")
        for r, d in zip(rows, days, strict=True)
        if (lock := locks.of_date(d)) is not None
    ]


def locked_dates_warning(
    locks: PeriodLocks, rows: Iterable[Any], day: Callable[[Any], date]
) -> str:
    """A warning naming rows dated within locked periods ("" when none), for added rows."""
    hits: dict[str, list[int]] = {}
    for r in rows:
        lock = locks.of_date(day(r)) if locks else None
        if lock is not None:
            hits.setdefault(lock.period, []).append(_line(r))
    if not hits:
        return ""
    parts = []
    for period, lines in sorted(hits.items()):
        lock = locks.by_period[period]
        parts.append(
            f"{len(lines)} baris ({lines_named(lines)}) dalam periode {period} ({_state(lock)})"
        )
    return (
        f"{'; '.join(parts)}: dokumen evaluasi periode itu dibuat sebelum impor ini dan tidak "
        "memuat baris tersebut; baris itu tetap diimpor (dibaca analisis kebutuhan)"
    )


def locked_errors(
    check: Callable[[Iterable[Any], Report], None], rows: Iterable[Any]
) -> list[RowError]:
    """Every error `check` finds in `rows` (a small kind, read whole)."""
    report = _Every("")
    check(rows, report)
    return report.errors


class _Every(Report):
    """A report that keeps every error (the caller keeps the first ones)."""

    def add(self, line: int, column: str | None, message: str) -> None:
        self.total += 1
        self.errors.append(RowError(line, column, message))


def _one(cells: Sequence[Any]) -> Any:
    """One cell as itself, several as a tuple."""
    return cells[0] if len(cells) == 1 else tuple(cells)


class _Missing:
    __slots__ = ()


_MISSING: Any = _Missing()


def _state(lock: Lock) -> str:
    return "sudah disetujui" if lock.status == RunStatus.APPROVED else "sedang ditinjau"


def _line(row: Any) -> int:
    return int(row.line)
