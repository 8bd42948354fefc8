"""Drafting: versions of the draft regulation, responses to every input, the matrix.

Layer: domain services (counterpart: `flows.drafting`). A draft is Markdown read by
`policy.perwali`; a draft with structural errors is refused whole. Each new text
becomes a `DraftVersion` with one `DraftSection` per BAB and per Pasal, whose ids
stay stable across versions (text similarity, not numbers; see
`policy.services.draft_versions`). Responses belong to a version; the stage goes
to review only when every input has a response for the latest version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from policy import audit
from policy.config import get_settings
from policy.importschema import parse_disposition
from policy.locale import Locale, to_local
from policy.models import (
    Cycle,
    Disposition,
    DraftVersion,
    Forum,
    ForumInput,
    InputResponse,
    Role,
    RunStatus,
    Stage,
    utcnow,
)
from policy.perwali import (
    Chapter,
    Draft,
    parse_draft,
)
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_run,
    require_role,
)
from policy.services.draft_versions import add_version, latest_version, read_draft
from policy.services.imports import ingest_file, result_dict
from policy.services.stagework import (
    InputSpec,
    RunContext,
    StageOutput,
    check_inputs,
    document_date,
    load_context,
    main_markdown,
    publish_all,
    require_running,
)
from policy.views.drafting import (
    STATUSES,
    GroupCount,
    ItemRow,
    MatriksView,
    MatrixRow,
    RancanganView,
    SaidDid,
    StatusCount,
    StructureNote,
    body_lines,
    regulation_head,
    trailing_sections,
)

STAGE = Stage.DRAFTING
RESPONDERS = (Role.OFFICER, Role.ADMIN)
TITLES_RANCANGAN = {"id": "Rancangan Peraturan", "en": "Draft Regulation"}
TITLES_MATRIKS = {"id": "Matriks Masukan dan Tanggapan", "en": "Input and Response Matrix"}
PENDING = "belum"
PRIVATE_GROUPS = frozenset({"masyarakat"})
MISSING_SHOWN = 20

INPUTS: dict[str, InputSpec] = {
    "rancangan": InputSpec("rancangan", True, "naskah rancangan peraturan (Markdown)"),
    "tanggapan": InputSpec("tanggapan", False, "tanggapan tim penyusun atas masukan (CSV/XLSX)"),
}

_REGION_KINDS = {
    "kota": "Kota",
    "kabupaten": "Kabupaten",
    "provinsi": "Provinsi",
    "kecamatan": "Kecamatan",
}


def ingest(
    *, session: Session, run_id: int, inputs: Mapping[str, Path], actor: str
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
            "warnings": [f"baris {i.line}: {i.message}" for i in result.warnings],
        }
        if "tanggapan" in inputs:
            done["tanggapan"] = result_dict(
                ingest_file(session, ctx.org, "tanggapan", inputs["tanggapan"], actor, ctx.cycle)
            )
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


def _chapters(draft: Draft) -> list[Chapter]:
    return [c for c in draft.chapters if c.numeral]


def _group_names(ctx: RunContext) -> dict[str, str]:
    names: dict[str, str] = {}
    for g in ctx.pack.stakeholder_groups:
        names[g.code.lower()] = g.name
        names[g.name.lower()] = g.name
    return names


def _is_private(group: str, institution: str, ctx: RunContext) -> bool:
    """A private individual: the public (group 'masyarakat') or no institution."""
    if not institution.strip():
        return True
    private = set(PRIVATE_GROUPS)
    private |= {g.name.lower() for g in ctx.pack.stakeholder_groups if g.code in PRIVATE_GROUPS}
    return group.strip().lower() in private


def _counts(
    session: Session, cycle_id: int, version_id: int, groups: dict[str, str]
) -> tuple[list[StatusCount], list[GroupCount]]:
    joined = and_(
        col(InputResponse.input_id) == ForumInput.id, col(InputResponse.version_id) == version_id
    )
    # group on the nullable column itself: a COALESCE with a bound parameter in both
    # SELECT and GROUP BY is two different expressions to PostgreSQL
    rows = session.exec(
        select(ForumInput.group, InputResponse.disposition, func.count())
        .select_from(ForumInput)
        .outerjoin(InputResponse, joined)
        .where(ForumInput.cycle_id == cycle_id)
        .group_by(ForumInput.group, InputResponse.disposition)
    ).all()
    by_status = dict.fromkeys(STATUSES, 0)
    by_group: dict[str, dict[str, int]] = {}
    for group, disposition, n in rows:
        st = disposition or PENDING
        by_status[st] = by_status.get(st, 0) + n
        name = groups.get(group.strip().lower(), group.strip())
        cell = by_group.setdefault(name, dict.fromkeys(STATUSES, 0))
        cell[st] = cell.get(st, 0) + n
    group_counts = [
        GroupCount(
            group=g,
            total=sum(c.values()),
            accepted=c["diterima"],
            partly=c["diterima sebagian"],
            rejected=c["tidak diterima"],
            out_of_scope=c["di luar lingkup"],
            pending=c[PENDING],
        )
        for g, c in sorted(by_group.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]
    return [StatusCount(status=s, count=n) for s, n in by_status.items()], group_counts


def _matrix(
    session: Session, ctx: RunContext, version: DraftVersion, groups: dict[str, str]
) -> tuple[list[MatrixRow], list[SaidDid]]:
    joined = and_(
        col(InputResponse.input_id) == ForumInput.id, col(InputResponse.version_id) == version.id
    )
    rows: list[MatrixRow] = []
    said_did: list[SaidDid] = []
    for item, forum_title, held_on, resp in session.exec(
        select(ForumInput, col(Forum.title), col(Forum.held_on), InputResponse)
        .join(Forum, col(Forum.id) == ForumInput.forum_id)
        .outerjoin(InputResponse, joined)
        .where(ForumInput.cycle_id == ctx.cycle.id)
        .order_by(col(ForumInput.number))
    ):
        group = groups.get(item.group.strip().lower(), item.group.strip())
        row = MatrixRow(
            number=item.number,
            section_ref=item.section_ref,
            text=item.text,
            author=item.author,
            institution=item.institution,
            group=group,
            forum=forum_title,
            forum_date=held_on,
            channel=item.channel,
            status=resp.disposition if resp else PENDING,
            response=resp.response if resp else "",
            changed_sections=list(resp.changed_sections) if resp else [],
            response_version=version.number if resp else None,
        )
        rows.append(row)
        if resp is not None:
            private = _is_private(item.group, item.institution, ctx)
            said_did.append(
                SaidDid(
                    group=group,
                    institution="" if private else item.institution,
                    section_ref=item.section_ref,
                    said=item.text,
                    did=resp.response,
                    status=resp.disposition,
                    changed_sections=list(resp.changed_sections),
                )
            )
    return rows, said_did


def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Publish the Matriks Masukan dan Tanggapan and the Rancangan Peraturan of the latest version.

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
    result = parse_draft(version.source)
    draft = result.draft
    groups = _group_names(ctx)
    status_counts, group_counts = _counts(session, ctx.cycle.id or 0, version.id or 0, groups)
    rows, said_did = _matrix(session, ctx, version, groups)
    notes = [StructureNote(line=i.line, message=i.message) for i in result.warnings]
    chapters = _chapters(draft)
    pasal_count = len(draft.pasal())
    version_date = to_local(version.created_at, get_settings().timezone).date()

    def matriks(locale: Locale) -> MatriksView:
        return MatriksView(
            header=ctx.header(TITLES_MATRIKS[locale], on),
            legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title,
            version=version.number,
            version_date=version_date,
            pasal_count=pasal_count,
            chapter_count=len(chapters),
            rows=rows,
            status_counts=status_counts,
            group_counts=group_counts,
            said_did=said_did,
            structure_notes=notes,
        )

    region_kind = _REGION_KINDS.get(ctx.org.kind, ctx.org.kind.capitalize())
    secretary = ctx.pack.policy.secretary
    menimbang = [ItemRow(label=i.label, text=i.text) for i in draft.menimbang]
    mengingat = [ItemRow(label=i.label, text=i.text) for i in draft.mengingat]
    body = body_lines(draft)
    trailing = trailing_sections(draft)

    def rancangan(locale: Locale) -> RancanganView:
        return RancanganView(
            header=ctx.header(TITLES_RANCANGAN[locale], on, layout="perwali"),
            version=version.number,
            legal_form=ctx.policy.legal_form,
            instrument="keputusan" if ctx.policy.legal_form == "Keputusan" else "peraturan",
            head=regulation_head(ctx.policy.legal_form, ctx.org.head_title),
            region=ctx.org.region,
            region_kind=region_kind,
            policy_title=ctx.policy.title,
            menimbang=menimbang,
            mengingat=mengingat,
            body=body,
            trailing=trailing,
            signing_title=ctx.policy.signing_title.rstrip(" ,"),
            signing_name=ctx.policy.signing_name,
            secretary_title=(
                secretary.title
                if secretary
                else f"Sekretaris Daerah {region_kind} {ctx.org.region}"
            ).rstrip(" ,"),
            secretary_name=secretary.name if secretary else None,
            promulgated=ctx.policy.legal_form != "Keputusan",
        )

    docs = publish_all(
        session,
        ctx,
        key="matriks-tanggapan",
        template="matriks_tanggapan",
        views={loc: matriks(loc) for loc in locales},
        actor=actor,
        flow_run_id=flow_run_id,
    )
    docs += publish_all(
        session,
        ctx,
        key="rancangan-peraturan",
        template="rancangan_peraturan",
        views={loc: rancangan(loc) for loc in locales},
        actor=actor,
        flow_run_id=flow_run_id,
    )
    session.commit()
    return StageOutput(
        summary={
            "as_of": on.isoformat(),
            "version": version.number,
            "pasal": pasal_count,
            "chapters": len(chapters),
            "inputs": len(rows),
            "responses_by_status": {s.status: s.count for s in status_counts},
            "issues": len(result.warnings),
        },
        documents=docs,
        report_title=TITLES_MATRIKS[locales[0]],
        report_markdown=main_markdown(docs),
        tables={
            "matriks": [
                {
                    "no": r.number,
                    "bagian": r.section_ref,
                    "kelompok": r.group,
                    "status": r.status,
                    "perubahan": "; ".join(r.changed_sections),
                    "versi": r.response_version,
                }
                for r in rows
            ]
        },
    )
