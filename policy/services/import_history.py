"""The organisation's imports: which files were imported, by whom, and taking one back.

Layer: domain services (counterparts: `siklus imports list` and `siklus imports undo`).

Every import leaves an `ImportRecord` (its file's name and sha256, rows, actor, time) and
a `data.imported` audit event. An import of appended rows, SKM responses or complaints,
can be taken back as a whole: its rows are deleted, its record with them (so the same file
may be imported again once corrected), and a `data.withdrawn` audit event keeps what was
taken back, by whom and why. So can a day's answers of the ASN needs questionnaire online
(`policy.services.needs_answers`): each is a sheet of its own, replacing nothing. The
other kinds update what is stored (an employee, a rating, a plan) or replace earlier rows
(360 ratings, a unit's needs questionnaire file), so taking one back would need the values
it overwrote: a corrected file imported again is their undo.

Rows in an evaluation period whose data is locked (`policy.services.period_lock`) stay:
the evaluation in review, or approved, was made from them; so do online needs answers of
a cycle whose needs analysis leadership approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from policy import audit
from policy.locale import format_date
from policy.models import ImportRecord, NeedsResponse, Organisation, RunStatus, Stage, StageRun
from policy.services.common import (
    ServiceError,
    get_member,
    get_org,
    require_role,
    written_reason,
)
from policy.services.import_repeats import RULES
from policy.services.imports import IMPORTERS
from policy.services.period_lock import PeriodLocks
from policy.services.survey_links import ONLINE_SCOPE_PREFIX

#: The import kind of the ASN needs questionnaire, whose online days are taken back.
NEEDS_KIND = "kebutuhan_asn"


@dataclass(frozen=True)
class ImportRow:
    """One import as `siklus imports list` shows it."""

    id: int
    kind: str
    scope: str
    filename: str
    rows: int
    actor: str
    at: datetime
    undoable: bool


@dataclass(frozen=True)
class Withdrawal:
    """What `undo_import` took back."""

    import_id: int
    kind: str
    filename: str
    removed: int


def list_imports(
    *, session: Session, organisation: str | None, kind: str | None = None, limit: int = 50
) -> list[ImportRow]:
    """The organisation's latest imports, newest first (of one kind, given)."""
    org = get_org(session, organisation)
    query = select(ImportRecord).where(ImportRecord.organisation_id == org.id)
    if kind:
        query = query.where(ImportRecord.kind == kind)
    records = session.exec(query.order_by(col(ImportRecord.id).desc()).limit(max(limit, 1)))
    return [
        ImportRow(
            r.id or 0, r.kind, r.scope, r.filename, r.rows, r.actor, r.created_at,
            r.kind in RULES or _online_needs(r),
        )
        for r in records
    ]  # fmt: skip


def undo_import(
    *, session: Session, organisation: str | None, import_id: int, actor: str, reason: str
) -> Withdrawal:
    """Take back an import of SKM responses or complaints (one transaction; commits).

    Raises:
        ServiceError: no such import of the organisation, a kind that cannot be taken
            back, no reason, `actor` may not import the kind, or rows dated in a locked
            evaluation period; nothing is changed.
    """
    org = get_org(session, organisation)
    record = session.get(ImportRecord, import_id)
    if record is None or record.organisation_id != org.id:
        raise ServiceError(
            f"Impor #{import_id} tidak ada di {org.name}; nomornya ada di 'siklus imports list'."
        )
    rule = RULES.get(record.kind)
    online_needs = _online_needs(record)
    if rule is None and not online_needs:
        raise ServiceError(
            f"Impor #{import_id} ({record.filename}) berjenis '{record.kind}': impor jenis ini "
            "memperbarui atau menggantikan data yang tersimpan, sehingga tidak dapat dibatalkan "
            "begitu saja. Perbaiki berkasnya lalu impor lagi; baris berkas yang baru "
            "menggantikan yang lama. Yang dapat dibatalkan: impor "
            f"{', '.join(sorted(RULES))}, dan jawaban kuesioner kebutuhan ASN daring sehari."
        )
    text = written_reason(reason, "pembatalan")
    require_role(get_member(session, org, actor), IMPORTERS[record.kind], "membatalkan impor")
    # One import of an organisation at a time, as an import holds it.
    session.exec(select(Organisation.id).where(Organisation.id == org.id).with_for_update()).one()
    model: Any
    if rule is None:
        model = NeedsResponse
        _refuse_approved(session, record)
    else:
        model = rule.model
        _refuse_locked(session, org.id or 0, record, model, getattr(model, rule.day))
    result = session.execute(delete(model).where(model.import_id == record.id))
    removed = int(getattr(result, "rowcount", 0) or 0)
    kind, filename = record.kind, record.filename
    payload: dict[str, Any] = {
        "kind": record.kind,
        "file": record.filename,
        "sha256": record.sha256,
        "rows": record.rows,
        "removed": removed,
        "imported_by": record.actor,
        "imported_at": record.created_at.isoformat(),
        "reason": text,
    }
    session.delete(record)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="data.withdrawn",
        subject_type="import",
        subject_id=import_id,
        organisation_id=org.id,
        payload=payload,
    )
    session.commit()
    return Withdrawal(import_id, kind, filename, removed)


def _online_needs(record: ImportRecord) -> bool:
    """Whether `record` is a day's answers of the ASN needs questionnaire online."""
    return record.kind == NEEDS_KIND and record.scope.startswith(ONLINE_SCOPE_PREFIX)


def _refuse_approved(session: Session, record: ImportRecord) -> None:
    """Refuse when the needs analysis of the answers' cycle is approved (made from them)."""
    approved = session.exec(
        select(StageRun.cycle_id)
        .join(NeedsResponse, col(NeedsResponse.cycle_id) == col(StageRun.cycle_id))
        .where(
            NeedsResponse.import_id == record.id,
            StageRun.stage == Stage.NEEDS_ANALYSIS,
            StageRun.status == RunStatus.APPROVED,
        )
    ).first()
    if approved is not None:
        raise ServiceError(
            f"Impor #{record.id} ({record.filename}) tidak dapat dibatalkan: analisis "
            "kebutuhan siklusnya sudah disetujui pimpinan, dan laporannya dibuat dari jawaban "
            "itu."
        )


def _refuse_locked(
    session: Session, org_id: int, record: ImportRecord, model: Any, day: Any
) -> None:
    """Refuse when rows of the import are dated within a locked evaluation period."""
    locks = PeriodLocks(session, org_id)
    if not locks:
        return
    first, last = session.execute(
        sa_select(func.min(day), func.max(day)).where(model.import_id == record.id)
    ).one()
    if first is None:
        return
    for lock in locks.spans:
        if lock.end < first or lock.start > last:
            continue
        held = session.execute(
            sa_select(func.count())
            .select_from(model)
            .where(model.import_id == record.id, day >= lock.start, day <= lock.end)
        ).scalar_one()
        if held:
            raise ServiceError(
                f"Impor #{record.id} ({record.filename}) tidak dapat dibatalkan: {held} barisnya "
                f"bertanggal dalam periode {lock.period} ({_span(lock.start, lock.end)}), dan "
                f"{lock.reason()}."
            )


def _span(start: date, end: date) -> str:
    return f"{format_date(start)} – {format_date(end)}"
