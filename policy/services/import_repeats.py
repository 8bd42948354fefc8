"""A file of appended rows that repeats an earlier import is refused, not counted twice.

Layer: domain services (called by `policy.services.imports.ingest_file`; reads, never writes).

SKM responses, complaints and service requests are appended: every row of a file is a
new respondent, complaint or request. The import record keeps the same bytes from being
counted twice, but the same rows exported again (another date range that overlaps, `,` in
place of `;`, the columns in another order) are other bytes, and each respondent would be
counted twice in the unit's IKM, each complaint twice in its response times.

The rows are compared by service day: a unit on a day (`unit_code`, date). A day of the
file repeats an earlier import when one of the two holds the other's rows for that day
whole, every column alike: the earlier import's rows are all in the file (a wider export
taken again), or the file's rows are all in the earlier import (a narrower one). Days with
fewer rows than the kind's `least` are not judged alone (three respondents who gave the
same answers on one day are no evidence of a repeat), and the file is refused only when
its repeated days hold at least `LEAST_TOTAL` rows: one complaint that happens to match
another's category and hours stays an ordinary row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel
from sqlmodel import select as sm_select

from policy.errors import ServiceError
from policy.importerrors import line_runs
from policy.locale import format_date, format_number
from policy.models import Complaint, ImportRecord, ServiceRequest, SkmResponse
from policy.settings import get_settings

#: Fewest rows on the repeated days of a file for it to be refused.
LEAST_TOTAL = 3
#: Days named in the message, at most.
_NAMED = 3


@dataclass(frozen=True)
class RepeatRule:
    """How the rows of one appended kind are compared."""

    model: type[SQLModel]
    day: str
    columns: tuple[str, ...]
    least: int
    noun: str
    counted: str

    def table_columns(self) -> list[Any]:
        """The compared columns: unit, day, then the rest."""
        return [getattr(self.model, name) for name in ("unit_code", self.day, *self.columns)]


RULES: dict[str, RepeatRule] = {
    "skm": RepeatRule(
        SkmResponse,
        "response_date",
        (
            *(f"u{i}" for i in range(1, 10)),
            "gender",
            "age",
            "education",
            "occupation",
            "service_type",
        ),  # fmt: skip
        least=3,
        noun="jawaban SKM",
        counted="setiap responden terhitung dua kali dalam IKM unitnya",
    ),
    "pengaduan": RepeatRule(
        Complaint,
        "received_on",
        ("category", "response_hours", "status"),
        least=1,
        noun="pengaduan",
        counted="setiap pengaduan terhitung dua kali dalam waktu respons unitnya",
    ),
    "layanan": RepeatRule(
        ServiceRequest,
        "received_on",
        ("service_type", "done_on", "number"),
        least=1,
        noun="permohonan layanan",
        counted="setiap permohonan terhitung dua kali dalam waktu penyelesaian unitnya",
    ),
}


class RepeatedImport(ServiceError):
    """The file repeats rows an earlier import stored (nothing is written)."""


@dataclass
class _Repeat:
    """What the file repeats of one earlier import: rows, days, the first days."""

    rows: int = 0
    days: int = 0
    examples: list[tuple[str, date, int]] = field(default_factory=list)


def last_id(session: Session, kind: str) -> int | None:
    """The highest row id of `kind`'s table before a file is written (None: not checked).

    Rows written afterwards have higher ids: the check finds the file's rows by this
    bound, on the primary key, without an index on the import. Nothing is read when the
    kind is not appended.
    """
    rule = RULES.get(kind)
    if rule is None:
        return None
    model: Any = rule.model
    return int(session.execute(select(func.coalesce(func.max(model.id), 0))).scalar_one())


#: The lines of the file on some of its service days, by (unit, day): `lines_of` reads them.
LinesOf = Callable[[set[tuple[str, date]]], dict[tuple[str, date], list[int]]]


def lines_of(kind: str, stream: Callable[[], Iterable[Any]]) -> LinesOf | None:
    """A reader of the lines of a file's service days, for the refusal's message.

    `stream` reads the file's rows again (each with its `line`): the rows written are
    compared in the database, where their lines are not kept; a refused file is read a
    second time, only to name them. None for a kind that is not compared.
    """
    rule = RULES.get(kind)
    if rule is None:
        return None
    day = rule.day

    def read(keys: set[tuple[str, date]]) -> dict[tuple[str, date], list[int]]:
        found: dict[tuple[str, date], list[int]] = defaultdict(list)
        for row in stream():
            key = (row.unit_code, getattr(row, day))
            if key in keys:
                found[key].append(row.line)
        return found

    return read


def check_repeats(
    session: Session,
    record: ImportRecord,
    before: int | None,
    *,
    allowed: bool = False,
    lines: LinesOf | None = None,
) -> None:
    """Refuse the import of `record` when its rows repeat an earlier import's.

    `before` is `last_id` taken before the rows were written. `allowed` (the officer says
    the rows are new) skips the check. `lines`, given, names the file's lines of the days
    the message shows.

    Raises:
        RepeatedImport: the file's repeated days hold `LEAST_TOTAL` rows or more; the
            message names the earlier import, how many rows and days, a few days, and
            what to do.
    """
    rule = RULES.get(record.kind)
    if rule is None or before is None or allowed:
        return
    earlier = session.exec(
        sm_select(func.count())
        .select_from(ImportRecord)
        .where(
            ImportRecord.organisation_id == record.organisation_id,
            ImportRecord.kind == record.kind,
            ImportRecord.id != record.id,
        )
    ).one()
    if not earlier:
        return
    model: Any = rule.model
    unit, day = model.unit_code, getattr(model, rule.day)
    fresh = (
        model.organisation_id == record.organisation_id,
        model.import_id == record.id,
        model.id > before,
    )
    keys = select(unit.label("u"), day.label("d")).where(*fresh).distinct().subquery()
    old = session.execute(
        select(model.import_id, *rule.table_columns())
        .join(keys, (unit == keys.c.u) & (day == keys.c.d))
        .where(model.organisation_id == record.organisation_id, model.id <= before)
    ).all()
    if not old:
        return
    stored: dict[tuple[Any, Any], dict[int, Counter[tuple[Any, ...]]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for import_id, *values in old:
        stored[(values[0], values[1])][import_id][tuple(values)] += 1
    new: dict[tuple[Any, Any], Counter[tuple[Any, ...]]] = defaultdict(Counter)
    for row in session.execute(select(*rule.table_columns()).where(*fresh)):
        key = (row[0], row[1])
        if key in stored:
            new[key][tuple(row)] += 1
    found = _repeats(rule, stored, new)
    if sum(r.rows for r in found.values()) >= LEAST_TOTAL:
        named = {(u, d) for r in found.values() for u, d, _n in r.examples}
        raise RepeatedImport(_message(session, rule, record, found, lines(named) if lines else {}))


def _repeats(
    rule: RepeatRule,
    stored: dict[tuple[Any, Any], dict[int, Counter[tuple[Any, ...]]]],
    new: dict[tuple[Any, Any], Counter[tuple[Any, ...]]],
) -> dict[int, _Repeat]:
    """The repeated days of the file, by the earlier import they repeat."""
    found: dict[int, _Repeat] = defaultdict(_Repeat)
    for key in sorted(new, key=lambda k: (k[1], k[0])):
        mine = new[key]
        for import_id, theirs in sorted(stored[key].items()):
            shared = sum((mine & theirs).values())
            whole = shared in (mine.total(), theirs.total())
            if shared >= rule.least and whole:
                repeat = found[import_id]
                repeat.rows += shared
                repeat.days += 1
                if len(repeat.examples) < _NAMED:
                    repeat.examples.append((key[0], key[1], shared))
                break  # a day is counted once, against the first import it repeats
    return found


def _message(
    session: Session,
    rule: RepeatRule,
    record: ImportRecord,
    found: dict[int, _Repeat],
    lines: dict[tuple[str, date], list[int]],
) -> str:
    """The refusal in the officer's words."""
    parts = []
    for import_id, repeat in sorted(found.items(), key=lambda kv: -kv[1].rows):
        source = session.get(ImportRecord, import_id)
        assert source is not None  # its rows were just read
        when = format_date(source.created_at, tz=get_settings().timezone)
        parts.append(
            f"{format_number(repeat.rows, 0)} {rule.noun} pada {format_number(repeat.days, 0)} "
            f"hari layanan sama persis dengan impor #{import_id} ({source.filename}, {when}, "
            f"oleh {source.actor}), mis. {_days(repeat, lines)}"
        )
    first = min(found, key=lambda i: (-found[i].rows, i))
    return (
        f"Berkas {record.filename} memuat lagi data yang sudah diimpor: "
        + "; ".join(parts)
        + f". Bila diimpor lagi, {rule.counted}. Bila impor yang lama keliru, batalkan dulu "
        f"(siklus imports undo {first}); bila data ini memang baru, impor dengan "
        "--allow-duplicates."
    )


def _days(repeat: _Repeat, lines: dict[tuple[str, date], list[int]]) -> str:
    """'RSUD 1 September 2026 (30 baris; hari itu di baris 2–31), …' for the first days."""
    named = [
        f"{u} {format_date(d)} ({format_number(n, 0)} baris"
        + (f"; hari itu di baris {line_runs(lines[u, d])})" if lines.get((u, d)) else ")")
        for u, d, n in repeat.examples
    ]
    more = repeat.days - len(named)
    return ", ".join(named) + (f" dan {format_number(more, 0)} hari lain" if more > 0 else "")
