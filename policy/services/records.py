"""Read-only queries over the document registry and the audit log.

Layer: domain services (counterparts: `siklus docs`, `siklus docs verify`, `siklus audit log`,
the portal).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from policy.models import AuditEvent, Cycle, Document, Policy, Stage, StageRun
from policy.services.common import NotFoundError, get_cycle, get_org
from policy.settings import get_settings


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
    #: The files, as full paths in the current documents folder (`Document.html_file`).
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
            html_path=str(doc.html_file),
            md_path=str(doc.md_file),
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
    from policy.pdf import html_to_pdf, pdf_name
    from policy.publishing import write_atomic
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


@dataclass(frozen=True)
class DocumentProblem:
    """A registered document that is not as it was published."""

    id: int
    title: str
    locale: str
    version: int
    problem: str


@dataclass(frozen=True)
class DocumentCheck:
    """What `verify_documents` found."""

    documents: int
    files: int
    problems: tuple[DocumentProblem, ...]
    #: Files in the organisation's documents folder that no registered document names.
    unregistered: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """No registered document has a problem (unregistered files do not count)."""
        return not self.problems


#: Registered documents read per batch (a province's evaluation registers tens of thousands).
_BATCH = 2000


def verify_documents(
    *, session: Session, organisation: str | None, cycle: int | None = None
) -> DocumentCheck:
    """Check every registered document of the organisation (of one cycle, given).

    Each version's HTML must be the file whose sha256 the `document.published` audit event
    recorded, and the registry must still say so; its Markdown must match the registry's
    sha256. Both files must be inside the documents folder (where the registry's relative
    paths are read, wherever the data folder now is). Files in the organisation's
    documents folder that no document names are listed apart: not official documents, not
    a fault of the registered ones. The audit chain itself is `policy.audit.verify`'s.
    """
    org = get_org(session, organisation)
    root = get_settings().documents_dir.resolve()
    query = (
        select(Document)
        .join(Cycle, col(Document.cycle_id) == col(Cycle.id))
        .join(Policy, col(Cycle.policy_id) == col(Policy.id))
        .where(Policy.organisation_id == org.id)
    )
    folder = root / org.code
    if cycle is not None:
        chosen = get_cycle(session, org, cycle)
        query = query.where(Document.cycle_id == chosen.id)
        folder = folder / f"siklus-{chosen.number}"
    problems: list[DocumentProblem] = []
    named: set[Path] = set()
    documents = files = 0
    last = 0
    while True:
        batch = session.exec(
            query.where(col(Document.id) > last).order_by(col(Document.id)).limit(_BATCH)
        ).all()
        if not batch:
            break
        published = {
            subject: str(payload.get("sha256", ""))
            for subject, payload in session.exec(
                select(AuditEvent.subject_id, AuditEvent.payload).where(
                    AuditEvent.action == "document.published",
                    AuditEvent.subject_type == "document",
                    col(AuditEvent.subject_id).in_([str(d.id) for d in batch]),
                )
            )
        }
        for doc in batch:
            documents += 1
            found = _document_problems(doc, published.get(str(doc.id)), root, named)
            files += 2
            problems += [
                DocumentProblem(doc.id or 0, doc.title, doc.locale, doc.version, p) for p in found
            ]
        last = batch[-1].id or 0
        session.expunge_all()  # a province's registry is not kept in memory
    unregistered = sorted(
        str(path.relative_to(root))
        for path in (folder.rglob("*") if folder.is_dir() else ())
        if path.suffix in (".html", ".md") and path.is_file() and path.resolve() not in named
    )
    return DocumentCheck(documents, files, tuple(problems), tuple(unregistered))


def _document_problems(
    doc: Document, audited: str | None, root: Path, named: set[Path]
) -> list[str]:
    """What is wrong with one registered document (nothing: an empty list)."""
    problems = []
    if audited is None:
        problems.append("penerbitannya tidak tercatat di jejak audit")
    elif audited != doc.sha256:
        problems.append(
            "sha256 HTML di daftar dokumen berbeda dari yang tercatat di jejak audit saat "
            "diterbitkan (daftar dokumen diubah)"
        )
    for label, where, expected in (("HTML", doc.html_file, doc.sha256),
                                   ("Markdown", doc.md_file, doc.md_sha256)):  # fmt: skip
        path = where.resolve()
        named.add(path)
        if not path.is_relative_to(root):
            problems.append(f"berkas {label} berada di luar folder dokumen: {where}")
        elif not path.is_file():
            problems.append(f"berkas {label} tidak ada: {where}")
        else:
            with path.open("rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            if digest != expected:
                problems.append(
                    f"berkas {label} berbeda dari yang didaftarkan (sha256 tidak cocok): {where}"
                )
    return problems
