"""Read-only queries over the document registry and the audit log.

Layer: domain services (counterparts: `siklus docs`, `siklus audit log`, the portal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from policy.models import AuditEvent, Document, Stage, StageRun
from policy.services.common import NotFoundError, get_cycle, get_org


@dataclass(frozen=True)
class DocumentRow:
    """A registered document as listed to a person."""

    id: int
    stage: str
    period: str
    key: str
    title: str
    locale: str
    version: int
    sha256: str
    html_path: str
    md_path: str
    flow_run_id: str | None
    created_at: datetime


def list_documents(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    latest_only: bool = True,
    stage: Stage | None = None,
    period: str | None = None,
    search: str = "",
) -> list[DocumentRow]:
    """Documents of a cycle, in stage order (latest version of each unless asked).

    `stage`, `period` (a canonical period code) and `search` (words in the key or the title,
    any case) narrow the list: a province's evaluation alone has hundreds of unit sheets and
    tens of thousands of private ones.
    """
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    query = (
        select(Document, StageRun)
        .join(StageRun, col(Document.stage_run_id) == col(StageRun.id), isouter=True)
        .where(Document.cycle_id == cyc.id)
    )
    if stage is not None:
        query = query.where(StageRun.stage == stage)
    if period:
        query = query.where(StageRun.period == period)
    for word in search.split():
        pattern = f"%{word.lower()}%"
        query = query.where(
            or_(func.lower(Document.key).like(pattern), func.lower(Document.title).like(pattern))
        )
    rows = session.exec(query.order_by(col(Document.id))).all()
    out: dict[tuple[str, str], DocumentRow] = {}
    listed: list[DocumentRow] = []
    for doc, run in rows:
        row = DocumentRow(
            id=doc.id or 0,
            stage=run.stage if run else "",
            period=run.period if run else "",
            key=doc.key,
            title=doc.title,
            locale=doc.locale,
            version=doc.version,
            sha256=doc.sha256,
            html_path=doc.html_path,
            md_path=doc.md_path,
            flow_run_id=doc.flow_run_id,
            created_at=doc.created_at,
        )
        if latest_only:
            out[(doc.key + "|" + row.period, doc.locale)] = row
        else:
            listed.append(row)
    return list(out.values()) if latest_only else listed


def get_document(*, session: Session, doc_id: int) -> Document:
    """One document by id."""
    doc = session.get(Document, doc_id)
    if doc is None:
        raise NotFoundError(f"Dokumen nomor {doc_id} tidak ditemukan (lihat: siklus docs list).")
    return doc


def export_pdf(
    *, session: Session, doc_id: int, folder: Path = Path(), target: Path | None = None
) -> tuple[Document, Path]:
    """Write document `doc_id` as PDF from its registered HTML (`policy.pdf`).

    Written to `target`, else under the HTML's name with `.pdf` in `folder`, whole or not at
    all; gives back the document and the path written.

    Raises:
        NotFoundError: no document has that number.
        ServiceError: the stored HTML is missing or no longer the one registered, or
            Chromium is missing or fails.
    """
    from policy.documents import write_atomic
    from policy.pdf import html_to_pdf, pdf_name
    from policy.services.portal_documents import stored_html

    doc = get_document(session=session, doc_id=doc_id)
    path = target or folder / pdf_name(doc.html_path)
    write_atomic(path, html_to_pdf(stored_html(doc)))
    return doc, path


def recent_events(*, session: Session, limit: int = 30) -> list[dict[str, Any]]:
    """The newest audit events, oldest first."""
    events = session.exec(
        select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(limit)
    ).all()
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "subject": f"{e.subject_type}#{e.subject_id}",
            "payload": e.payload,
        }
        for e in reversed(events)
    ]
