"""Publishing documents: render them (`policy.documents`), store the files, register them.

Layer: domain presentation, over `policy.documents` (the stage services publish through
`policy.services.stagework.publish_batch`, the data-protection documents through
`policy.services.privacy.publish_pdp`). Documents are stored in the data folder and
registered with their hashes, by their path in the documents folder (so the data folder can
move); rendering the same data again gives the same bytes and the same registry row. Each
new version is audited (`document.published`). The benchmark (`bench/measure.py`) times
`publish_many` by replacing it here, so its callers look it up on this module when they call;
the documents are rendered by `documents.render_document`, looked up the same way.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlmodel import Session, col, select

from policy import audit, documents
from policy.documents import View
from policy.locale import Locale
from policy.models import SUBJECT_MARK, Document
from policy.settings import get_settings


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass(frozen=True)
class Publication:
    """One document to publish: its key, template, view and locale.

    `subject` names what sets it apart from the other documents of its kind (a unit, an
    employee, a workshop's topic); the registry's title adds it to the header's title,
    'Lembar Hasil Evaluasi Triwulan III 2026 — Dinas Kesehatan'.

    `keep_dated`: the header's date is only the day the document was made (a stage's report
    made again on a later day), not part of what it says: a view that differs from the
    latest version's only in that date keeps that version, date and all, instead of a new
    version that changes nothing but the date. False where the date is content (an
    enactment, an invitation) or asked for (an officer's `--as-of`).
    """

    key: str
    template: str
    view: View
    locale: Locale
    subject: str = ""
    keep_dated: bool = False


def publish(
    session: Session,
    *,
    cycle_id: int,
    stage_run_id: int | None,
    folder: str,
    key: str,
    template: str,
    view: View,
    locale: Locale,
    actor: str,
    flow_run_id: str | None = None,
    organisation_id: int | None = None,
) -> Document:
    """Render, store and register a document (flushes; the caller commits).

    The files go in `folder` ('sawahlunto/siklus-1/evaluation-2026-TW3'), relative to the
    documents folder, and are registered by that relative path. The same view, template
    and locale give back the registered document unchanged; otherwise a new version is
    written next to the old ones.
    """
    (doc,) = publish_many(
        session,
        cycle_id=cycle_id,
        stage_run_id=stage_run_id,
        folder=folder,
        items=[Publication(key, template, view, locale)],
        actor=actor,
        flow_run_id=flow_run_id,
        organisation_id=organisation_id,
    )
    return doc


def registry_title(title: str, subject: str) -> str:
    """The title the registry keeps: the header's title, then the subject if any."""
    return f"{title}{SUBJECT_MARK}{subject}" if subject else title


def _latest(
    session: Session, cycle_id: int, keys: Sequence[str]
) -> dict[tuple[str, str], Document]:
    """The newest registered version of each (key, locale) among `keys`."""
    latest: dict[tuple[str, str], Document] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        rows = session.exec(
            select(Document).where(
                Document.cycle_id == cycle_id, col(Document.key).in_(unique[start : start + 500])
            )
        )
        for doc in rows:
            seen = latest.get((doc.key, doc.locale))
            if seen is None or doc.version > seen.version:
                latest[(doc.key, doc.locale)] = doc
    return latest


def _same_data(item: Publication, data_sha: str, last: Document) -> bool:
    """Whether `item` says what the registered `last` version says.

    The same data; or, for a `keep_dated` publication, the same data but for the header's
    date (hashed again with the date of `last`: one more hash only when the dates differ).
    """
    if last.data_sha256 == data_sha:
        return True
    if not item.keep_dated or last.dated is None or last.dated == item.view.header.date:
        return False
    header = item.view.header.model_copy(update={"date": last.dated})
    return documents.view_hash(item.view.model_copy(update={"header": header})) == last.data_sha256


def publish_many(
    session: Session,
    *,
    cycle_id: int,
    stage_run_id: int | None,
    folder: str,
    items: Sequence[Publication],
    actor: str,
    flow_run_id: str | None = None,
    organisation_id: int | None = None,
) -> list[Document]:
    """`publish` for several documents at once, in order (flushes once; the caller commits).

    Each document is rendered, written and registered as `publish` does, with one audit
    event each, chained in the order given; the registry is read in one query and the
    new rows and events are inserted in batches.
    """
    latest = _latest(session, cycle_id, [item.key for item in items])
    out: list[Document] = []
    fresh: list[Document] = []
    for item in items:
        key, locale = item.key, item.locale
        data_sha = documents.view_hash(item.view)
        tmpl_sha = documents.template_hash(item.template, locale)
        last = latest.get((key, locale))
        if (
            last is not None
            and last.template_sha256 == tmpl_sha
            and _same_data(item, data_sha, last)
            and last.html_file.is_file()
        ):
            out.append(last)
            continue
        version = last.version + 1 if last else 1
        word = "versi" if locale == "id" else "version"
        footer = f"{key} · {word} {version} · data {data_sha[:12]}"
        rendered = documents.render_document(item.template, item.view, locale, footer)
        # Registered relative to the documents folder: a data folder moved elsewhere keeps
        # its documents (`Document.md_file`, `Document.html_file`).
        name = PurePosixPath(folder, f"{key}-v{version}.{locale}")
        md_name, html_name = (f"{name}{ext}" for ext in (".md", ".html"))
        md_bytes, html_bytes = rendered.markdown.encode("utf-8"), rendered.html.encode("utf-8")
        del rendered
        root = get_settings().documents_dir
        write_atomic(root / md_name, md_bytes)
        write_atomic(root / html_name, html_bytes)
        doc = Document(
            cycle_id=cycle_id,
            stage_run_id=stage_run_id,
            key=key,
            kind=item.template,
            locale=locale,
            version=version,
            title=registry_title(item.view.header.title, item.subject),
            md_path=md_name,
            html_path=html_name,
            sha256=_sha(html_bytes),
            md_sha256=_sha(md_bytes),
            template=documents.template_path(item.template, locale),
            template_sha256=tmpl_sha,
            data_sha256=data_sha,
            dated=item.view.header.date,
            flow_run_id=flow_run_id,
            created_by=actor,
        )
        latest[(key, locale)] = doc  # the same key twice in one call: the second is newer
        out.append(doc)
        fresh.append(doc)
    if not fresh:
        return out
    session.add_all(fresh)
    session.flush()
    audit.record_many(
        session,
        [
            audit.Entry(
                actor=actor,
                action="document.published",
                subject_type="document",
                subject_id=doc.id or 0,
                organisation_id=organisation_id,
                payload={
                    "key": doc.key,
                    "locale": doc.locale,
                    "version": doc.version,
                    "sha256": doc.sha256,
                    "data_sha256": doc.data_sha256,
                    "template": doc.template,
                    "flow_run_id": flow_run_id,
                },
            )
            for doc in fresh
        ],
    )
    return out
