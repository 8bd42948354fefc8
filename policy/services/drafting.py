"""Drafting: versions of the draft regulation, responses to every input, the matrix.

Layer: domain services (counterpart: `flows.drafting`). A draft is Markdown read by
`policy.perwali`; a draft with structural errors is refused whole. Each new text
becomes a `DraftVersion` with one `DraftSection` per BAB and per Pasal, whose ids
stay stable across versions (text similarity, not numbers; see
`policy.services.draft_versions`). Responses belong to a version; the stage goes
to review only when every input (of every consultation round) has a response for the
latest version. The documents: the Matriks Masukan dan Tanggapan
(`policy.services.draft_matrix`), the Rancangan (`policy.services.draft_regulation`)
and, once there are two versions, the Perbandingan Versi
(`policy.services.draft_compare`). When leadership approves the stage, the latest
version becomes final and the Peraturan is published (`draft_regulation.finalise`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from policy import audit
from policy.importchoices import parse_disposition
from policy.locale import Locale
from policy.models import (
    Cycle,
    Disposition,
    ForumInput,
    InputResponse,
    Role,
    RunStatus,
    Stage,
    utcnow,
)
from policy.perwali import parse_draft
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_run,
    require_role,
)
from policy.services.draft_compare import TITLES as COMPARISON_TITLES
from policy.services.draft_compare import publish_comparison
from policy.services.draft_matrix import counts, group_names, matrix
from policy.services.draft_regulation import rancangan_key, rancangan_title, regulation_fields
from policy.services.draft_versions import add_version, latest_version, read_draft
from policy.services.imports import ingest_inputs
from policy.services.stagework import (
    InputSpec,
    StageOutput,
    check_inputs,
    document_date,
    load_context,
    main_markdown,
    publish_all,
    require_running,
)
from policy.views.drafting import MatriksView, RancanganView, StructureNote

STAGE = Stage.DRAFTING
RESPONDERS = (Role.OFFICER, Role.ADMIN)
TITLES_MATRIKS = {"id": "Matriks Masukan dan Tanggapan", "en": "Input and Response Matrix"}
MISSING_SHOWN = 20

INPUTS: dict[str, InputSpec] = {
    "rancangan": InputSpec(
        "rancangan", True, "naskah rancangan peraturan (Markdown .md, atau Word .docx)"
    ),
    "tanggapan": InputSpec("tanggapan", False, "tanggapan tim penyusun atas masukan (CSV/XLSX)"),
}


def ingest(
    *,
    session: Session,
    run_id: int,
    inputs: Mapping[str, Path],
    actor: str,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Store the draft as a new version (if changed) and import the responses, in one transaction.

    Raises:
        ServiceError: the draft has structural errors, or another input is refused.
    """
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    check_inputs(INPUTS, inputs, STAGE)
    done: dict[str, Any] = {}
    try:
        path = Path(inputs["rancangan"])
        version, result, added = add_version(session, ctx, read_draft(path), path.name, actor)
        done["rancangan"] = {
            "file": path.name,
            "version": version.number,
            "new": added,
            "pasal": len(result.draft.pasal()),
            "warnings": [f"{i.where}: {i.message}" for i in result.warnings],
        }
        done.update(ingest_inputs(session, ctx, INPUTS, inputs, ("tanggapan",), actor, as_of))
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return done


# ----------------------------------------------------------------------- responses


def record_response(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    number: int,
    disposition: Disposition | str,
    response: str,
    changed_sections: Sequence[str],
    actor: str,
) -> InputResponse:
    """Record (or replace) the response to input `number` for the latest draft version.

    Raises:
        ServiceError: no draft yet, drafting is not running, the actor may not respond,
            the input does not exist, or the status or response is empty or unknown.
    """
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    require_role(get_member(session, org, actor), RESPONDERS, "menanggapi masukan")
    run = get_run(session, cyc, STAGE)
    if run.status != RunStatus.RUNNING:
        raise ServiceError(
            f"Tahap penyusunan berstatus '{run.status}'; tanggapan hanya dapat dicatat "
            "selama tahap berjalan."
        )
    version = latest_version(session, cyc.id or 0)
    if version is None:
        raise ServiceError("Belum ada rancangan: impor rancangan dulu sebelum menanggapi masukan.")
    item = session.exec(
        select(ForumInput).where(ForumInput.cycle_id == cyc.id, ForumInput.number == number)
    ).first()
    if item is None:
        raise NotFoundError(f"Masukan nomor {number} tidak ada di siklus ke-{cyc.number}.")
    try:
        status = (
            disposition if isinstance(disposition, Disposition) else parse_disposition(disposition)
        )
    except ValueError as exc:
        raise ServiceError(f"Masukan nomor {number}: {exc}") from exc
    text = response.replace("\r\n", "\n").strip()
    if not text:
        raise ServiceError(f"Masukan nomor {number}: isi tanggapan tidak boleh kosong.")
    sections = [s.strip() for s in changed_sections if s.strip()]
    row = session.exec(
        select(InputResponse).where(
            InputResponse.input_id == item.id,
            InputResponse.version_id == version.id,
        )
    ).first()
    row = row or InputResponse(
        input_id=item.id or 0,
        version_id=version.id or 0,
        disposition="",
        response="",
        responder=actor,
    )
    row.disposition, row.response, row.changed_sections = status.value, text, sections
    row.responder, row.created_at = actor, utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="draft.response_recorded",
        subject_type="input_response",
        subject_id=row.id or 0,
        organisation_id=org.id,
        payload={
            "cycle": cyc.number,
            "input": number,
            "version": version.number,
            "disposition": status.value,
            "changed_sections": sections,
        },
    )
    session.commit()
    return row


def submit_problems(session: Session, cycle: Cycle) -> list[str]:
    """Why drafting may not go to review: no draft, or inputs without a response."""
    version = latest_version(session, cycle.id or 0)
    if version is None:
        return ["belum ada rancangan (impor berkas 'rancangan')"]
    answered = select(InputResponse.input_id).where(InputResponse.version_id == version.id)
    unanswered = (ForumInput.cycle_id == cycle.id, col(ForumInput.id).not_in(answered))
    count = session.exec(select(func.count()).select_from(ForumInput).where(*unanswered)).one()
    if not count:
        return []
    numbers = session.exec(
        select(ForumInput.number)
        .where(*unanswered)
        .order_by(col(ForumInput.number))
        .limit(MISSING_SHOWN)
    ).all()
    listed = ", ".join(str(n) for n in numbers)
    more = f" dan {count - len(numbers)} lainnya" if count > len(numbers) else ""
    return [
        f"{count} masukan belum ditanggapi untuk rancangan versi {version.number} "
        f"(nomor {listed}{more})"
    ]


# ------------------------------------------------------------------------- produce


def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Publish the Matriks, the Rancangan of the latest version and the Perbandingan Versi.

    The Matriks (the stage report) holds every input of every consultation round; the
    Perbandingan Versi (latest against the previous version) comes once there are two.

    Raises:
        ServiceError: there is no draft yet.
    """
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    on = document_date(as_of)
    version = latest_version(session, ctx.cycle.id or 0)
    if version is None:
        raise ServiceError(
            "Belum ada rancangan untuk siklus ini: jalankan tahap penyusunan dengan berkas "
            "'rancangan' (Markdown)."
        )
    result = parse_draft(version.source, ctx.policy.legal_form)
    draft = result.draft
    groups = group_names(ctx)
    status_counts, group_counts, round_counts = counts(
        session, ctx.cycle.id or 0, version.id or 0, groups
    )
    rows, said_did = matrix(session, ctx, version, groups)
    notes = [StructureNote(line=i.line, message=i.message) for i in result.warnings]
    chapters = [c for c in draft.chapters if c.numeral]
    pasal_count = len(draft.pasal())
    matriks = {
        loc: MatriksView(
            header=ctx.header(TITLES_MATRIKS[loc], on),
            legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title,
            version=version.number,
            pasal_count=pasal_count,
            chapter_count=len(chapters),
            rows=rows,
            status_counts=status_counts,
            group_counts=group_counts,
            round_counts=round_counts,
            moved_refs=sum(1 for r in rows if r.place.status in ("moved", "removed")),
            said_did=said_did,
            structure_notes=notes,
        )
        for loc in locales
    }
    fields = regulation_fields(ctx, draft)
    rancangan = {
        loc: RancanganView(
            header=ctx.header(rancangan_title(ctx.policy.legal_form, loc), on, layout="perwali"),
            version=version.number,
            **fields,
        )
        for loc in locales
    }
    docs = publish_all(
        session,
        ctx,
        key="matriks-tanggapan",
        template="matriks_tanggapan",
        views=matriks,
        actor=actor,
        flow_run_id=flow_run_id,
    )
    docs += publish_all(
        session,
        ctx,
        key=rancangan_key(ctx.policy.legal_form),
        template="rancangan_peraturan",
        views=rancangan,
        actor=actor,
        flow_run_id=flow_run_id,
    )
    compared, comparison = publish_comparison(
        session,
        ctx,
        locales=locales,
        on_header={loc: ctx.header(COMPARISON_TITLES[loc], on) for loc in locales},
        actor=actor,
        flow_run_id=flow_run_id,
    )
    docs += compared
    session.commit()
    summary: dict[str, Any] = {
        "as_of": on.isoformat(),
        "version": version.number,
        "pasal": pasal_count,
        "chapters": len(chapters),
        "inputs": len(rows),
        "inputs_by_round": {str(r.round): r.total for r in round_counts},
        "responses_by_status": {s.status: s.count for s in status_counts},
        "issues": len(result.warnings),
    }
    if comparison is not None:
        summary["comparison"] = {
            "versions": [comparison.old_version, comparison.new_version],
            "added": comparison.added,
            "removed": comparison.removed,
            "changed": comparison.changed,
            "renumbered": comparison.renumbered,
            "unchanged": comparison.unchanged,
        }
    return StageOutput(
        summary=summary,
        documents=docs,
        report_title=TITLES_MATRIKS[locales[0]],
        report_markdown=main_markdown(docs),
        tables={
            "matriks": [
                {
                    "no": r.number,
                    "putaran": r.round,
                    "forum": r.forum_code,
                    "bagian": r.section_ref,
                    "kelompok": r.group,
                    "status": r.status,
                    "perubahan": "; ".join(f"{c.label} (v{c.version})" for c in r.changes),
                }
                for r in rows
            ]
        },
    )
