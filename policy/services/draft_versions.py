"""Versions of the draft regulation and their sections with stable ids.

Layer: domain services (helpers of `policy.services.drafting`: they flush, never
commit). A draft text becomes a `DraftVersion` only when it differs from the
latest one and has no structural errors; its BAB and Pasal (the diktum of a
Keputusan, kind `diktum`) become `DraftSection` rows whose ids are carried over from
the previous version by text similarity.
Each version records the consultation round it is put to (`DraftVersion.for_round`):
a draft imported with the forums stage is the one that round consults on; a draft
written in drafting answers the round and goes to the next one, if leadership sends
the draft back to the forums.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from policy import audit
from policy.models import DraftSection, DraftVersion, Stage
from policy.orgconfig import LEGAL_FORMS
from policy.perwali import (
    Draft,
    ParseResult,
    Part,
    Pasal,
    assign_chapter_ids,
    assign_ids,
    parse_draft,
)
from policy.services.common import NotFoundError, ServiceError, get_org, get_policy
from policy.services.forum_plan import current_round
from policy.services.stagework import RunContext
from policy.views.sections import ARTICLE_KINDS


def latest_version(session: Session, cycle_id: int) -> DraftVersion | None:
    """The newest draft version of a cycle."""
    return session.exec(
        select(DraftVersion)
        .where(DraftVersion.cycle_id == cycle_id)
        .order_by(col(DraftVersion.number).desc())
    ).first()


def final_version(session: Session, cycle_id: int) -> DraftVersion | None:
    """The version leadership approved in a cycle (`final_on` set), if any."""
    return session.exec(
        select(DraftVersion).where(
            DraftVersion.cycle_id == cycle_id, col(DraftVersion.final_on).is_not(None)
        )
    ).first()


def read_draft(path: Path) -> str:
    """A draft file as text with LF line ends (UTF-8, with or without BOM).

    A Word document (.docx) is read as the same Markdown, a line per paragraph
    (`policy.docx_draft`); an old Word file (.doc) is refused with how to save it.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".doc":
        raise ServiceError(
            f"Rancangan {Path(path).name} berformat Word lama (.doc); buka di Word lalu simpan "
            "sebagai 'Word Document (*.docx)', atau sebagai teks Markdown (.md)."
        )
    if suffix == ".docx":
        from policy.docx_draft import DocxError, docx_markdown

        try:
            return docx_markdown(Path(path))
        except DocxError as exc:
            raise ServiceError(f"Rancangan {exc}.") from exc
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ServiceError(
            f"Rancangan {Path(path).name} bukan teks UTF-8 (bita ke-{exc.start + 1}); "
            "simpan ulang berkas sebagai UTF-8."
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def refusal(filename: str, result: ParseResult) -> str:
    """The message refusing a draft: every error with its line and a hint."""
    errors = result.errors
    lines = [
        f"Rancangan {filename} ditolak: {len(errors)} kesalahan struktur, tidak ada yang disimpan."
    ]
    for issue in errors:
        hint = f" (petunjuk: {issue.hint})" if issue.hint else ""
        lines.append(f"- {filename} {issue.where}: {issue.message}{hint}")
    lines.append("Perbaiki naskah lalu impor lagi.")
    return "\n".join(lines)


def _sections(
    session: Session, version: DraftVersion, draft: Draft, previous: DraftVersion | None
) -> list[DraftSection]:
    """BAB and Pasal rows of `version`, with ids carried over from `previous`."""
    reserved = set(
        session.exec(
            select(DraftSection.sid)
            .join(DraftVersion, col(DraftVersion.id) == DraftSection.version_id)
            .where(DraftVersion.cycle_id == version.cycle_id)
        ).all()
    )
    old: dict[str, list[tuple[str, str]]] = {"bab": [], "pasal": [], "diktum": []}
    if previous is not None:
        for sid, kind, text in session.exec(
            select(DraftSection.sid, DraftSection.kind, DraftSection.text)
            .where(DraftSection.version_id == previous.id)
            .order_by(col(DraftSection.position))
        ):
            old.setdefault(kind, []).append((sid, text))
    articles = old["pasal"] + old["diktum"]
    pasal_ids = iter(sid for sid, _ in assign_ids(draft, articles or None, reserved))
    bab_ids = iter(sid for sid, _ in assign_chapter_ids(draft, old["bab"] or None, reserved))
    rows: list[DraftSection] = []

    def add(sid: str, kind: str, label: str, heading: str, text: str, line: int) -> None:
        rows.append(
            DraftSection(
                version_id=version.id or 0,
                sid=sid,
                kind=kind,
                label=label,
                heading=heading,
                text=text,
                position=len(rows) + 1,
                line=line,
            )
        )

    def walk(nodes: Sequence[Part | Pasal], path: str) -> None:
        for node in nodes:
            if isinstance(node, Pasal):
                kind = "diktum" if node.diktum else "pasal"
                add(next(pasal_ids), kind, node.label, path, node.text(), node.line)
            else:
                word = "Bagian" if node.kind == "bagian" else "Paragraf"
                walk(node.children, f"{path} › {word} {node.label} {node.title}".strip(" ›"))

    for chapter in draft.chapters:
        path = ""
        if chapter.numeral:
            path = f"{chapter.label} {chapter.title}".strip()
            add(next(bab_ids), "bab", chapter.label, chapter.title, chapter.title, chapter.line)
        walk(chapter.parts, path)
    return rows


def add_version(
    session: Session, ctx: RunContext, text: str, filename: str, actor: str
) -> tuple[DraftVersion, ParseResult, bool]:
    """Store `text` as the next version unless it equals the latest (flushes).

    Raises:
        ServiceError: the draft has structural errors (nothing is stored).
    """
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    latest = latest_version(session, ctx.cycle.id or 0)
    if latest is not None and latest.sha256 == sha:
        return latest, parse_draft(latest.source, ctx.policy.legal_form), False
    result = parse_draft(text, ctx.policy.legal_form)
    if result.errors:
        raise ServiceError(refusal(filename, result))
    rnd = current_round(session, ctx.cycle)
    version = DraftVersion(
        cycle_id=ctx.cycle.id or 0,
        number=(latest.number + 1) if latest else 1,
        for_round=rnd if ctx.run.stage == Stage.FORUMS else rnd + 1,
        source=text,
        sha256=sha,
        created_by=actor,
    )
    session.add(version)
    session.flush()
    rows = _sections(session, version, result.draft, latest)
    session.add_all(rows)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="draft.version_added",
        subject_type="draft_version",
        subject_id=version.id or 0,
        organisation_id=ctx.org_id,
        payload={
            "cycle": ctx.cycle.number,
            "version": version.number,
            "for_round": version.for_round,
            "file": filename,
            "sha256": sha,
            "pasal": sum(r.kind in ARTICLE_KINDS for r in rows),
            "chapters": sum(r.kind == "bab" for r in rows),
            "warnings": len(result.warnings),
        },
    )
    return version, result, True


@dataclass(frozen=True)
class DraftCheck:
    """A draft file read as the drafting stage would read it (`check_file`)."""

    legal_form: str
    text: str
    """The draft as read: the file's Markdown, or a Word document's, a line per paragraph."""
    result: ParseResult


def check_file(
    session: Session | None, organisation: str | None, path: Path, legal_form: str | None
) -> DraftCheck:
    """Read a draft file as the drafting stage would, storing nothing.

    The legal form is `legal_form` where given, else the organisation's policy's (`session`
    names the database; None: no database, and the form must be given).
    """
    text = read_draft(path)
    if legal_form is not None:
        forms = {form.casefold(): form for form in LEGAL_FORMS}
        if legal_form.casefold() not in forms:
            raise ServiceError(
                f"bentuk hukum '{legal_form}' tidak dikenal; pilih {', '.join(LEGAL_FORMS)}"
            )
        legal_form = forms[legal_form.casefold()]
    else:
        unknown = (
            "Bentuk hukum naskah tidak diketahui: tulis --legal-form "
            f"{', '.join(LEGAL_FORMS[:-1])} atau {LEGAL_FORMS[-1]}."
        )
        if session is None:
            raise ServiceError(unknown)
        try:
            legal_form = get_policy(session, get_org(session, organisation)).legal_form
        except NotFoundError as exc:
            raise ServiceError(
                f"{unknown} Bentuk hukum kebijakan organisasi tidak terbaca: {exc}"
            ) from exc
    return DraftCheck(legal_form, text, parse_draft(text, legal_form))
