"""Published documents of a forum's cycle, read through the portal.

Layer: domain services (helper of the portal's document pages). Visitors with a forum's
link read the kinds that name no private person; organisers read every document of the
cycle. Only a registered file inside the documents folder, with the sha256 it was
registered with, is ever served.
"""

from __future__ import annotations

import hashlib

from sqlmodel import Session, col, select

from policy.models import Document, Forum
from policy.portal_words import shown
from policy.services.common import NotFoundError, ServiceError
from policy.settings import get_settings
from policy.views.portal import PortalDocument

#: Document kinds anyone with a forum link may read: none of them lists private persons.
#: Attendance lists, minutes, the recap and the response matrix name people; organisers
#: see every document of the cycle.
PUBLIC_DOCUMENT_KINDS = frozenset(
    {
        "undangan",
        "rancangan_peraturan",
        "laporan_analisis_kebutuhan",
        "kajian_akademik",
        "perbandingan_versi",
        "peraturan",
    }
)


def documents_of(session: Session, forum: Forum, *, everything: bool) -> list[PortalDocument]:
    """The latest version of each document of the forum's cycle a visitor may read."""
    query = select(Document).where(Document.cycle_id == forum.cycle_id)
    if not everything:
        query = query.where(col(Document.kind).in_(PUBLIC_DOCUMENT_KINDS))
    latest: dict[tuple[str, str], Document] = {}
    for doc in session.exec(query.order_by(col(Document.id))):
        latest[(doc.key, doc.locale)] = doc
    return [
        portal_document(d)
        for d in sorted(latest.values(), key=lambda d: (d.locale != "id", d.id or 0))
    ]


def portal_document(doc: Document) -> PortalDocument:
    """A registered document as a portal page lists it."""
    return PortalDocument(
        id=doc.id or 0,
        title=doc.title,
        locale=doc.locale,
        version=doc.version,
        created_at=doc.created_at,
    )


def document_html(session: Session, forum: Forum, doc_id: int, *, everything: bool) -> bytes:
    """The stored HTML of a registered document of the forum's cycle.

    Only a file at the registered path, inside the documents folder and with the
    registered sha256, is served.

    Raises:
        NotFoundError: no such document of this cycle (or not public).
        ServiceError: the file is missing or differs from what was registered.
    """
    doc = session.get(Document, doc_id)
    if (
        doc is None
        or doc.cycle_id != forum.cycle_id
        or (not everything and doc.kind not in PUBLIC_DOCUMENT_KINDS)
    ):
        raise NotFoundError(
            shown("Dokumen itu tidak tersedia di forum ini; bukalah dari daftar dokumen forum.")
        )
    return stored_html(doc)


def stored_html(doc: Document) -> bytes:
    """The HTML file of a registered document, if it is still the one registered.

    Raises:
        ServiceError: the file is missing, outside the documents folder, or differs from
            what was registered.
    """
    root = get_settings().documents_dir.resolve()
    path = doc.html_file.resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise ServiceError(f"Berkas dokumen nomor {doc.id} tidak ada di folder dokumen.")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise ServiceError(
            f"Berkas dokumen nomor {doc.id} berbeda dari yang didaftarkan (sha256 tidak cocok); "
            "dokumen tidak ditampilkan."
        )
    return data
