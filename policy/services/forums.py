"""Stakeholder forums: plan them, record attendance and input, close them with minutes.

Layer: domain services (counterpart: `flows.forums`). Forums come from the pack
(`Pack.forums`) or from `add_forum`; each belongs to a consultation round: 1, plus one
for every time leadership returned the drafting stage to the forums (UU 13/2022 Pasal 96,
DOMAIN.md §4.2). Minutes (notulen) are a YAML file keyed by forum code; a forum is closed
once with its minutes and stays so; the minutes count once the organiser and a leader
approve them (`policy.services.forum_minutes.approve_minutes`). Only inputs of closed
forums enter the Rekapitulasi (`policy.services.forum_recap`), grouped by section and by
theme, repeats marked.
Planning lives in `policy.services.forum_plan`, the submit rule and the gate to drafting
(`submit_problems`, `minutes_blockers`) in `policy.services.forum_minutes` (the status
board reads the gate without loading this stage's documents); both are re-exported here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from policy.documents import View
from policy.locale import Locale
from policy.models import Cycle, Forum, Note, Stage
from policy.services.common import ServiceError
from policy.services.draft_versions import add_version, read_draft
from policy.services.forum_counts import attendance, forum_inputs, invitation_signer
from policy.services.forum_minutes import (
    APPROVER_ROLES,
    CLOSED,
    approvals_of,
    close_forum,
    minutes_blockers,
    read_minutes,
    same_minutes,
    submit_problems,
)
from policy.services.forum_plan import add_forum, current_round, plan_forums
from policy.services.forum_recap import RECAP_KEY, build_recap, published_run
from policy.services.imports import ingest_inputs
from policy.services.needs_analysis import store_note
from policy.services.section_refs import draft_index
from policy.services.stagework import (
    DocRef,
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
from policy.views.forums import (
    AttendanceListView,
    GroupNames,
    InvitationView,
    MinutesView,
    UnitCount,
    approval_rows,
    build_sections,
    forum_info,
    group_counts,
    paragraphs,
)
from policy.views.sections import head_order

STAGE = Stage.FORUMS
INVITATION_LEAD_DAYS = 7
BLANK_ROWS = 15
TITLES: dict[str, dict[Locale, str]] = {
    "rekap": {"id": "Rekapitulasi Masukan", "en": "Summary of Stakeholder Input"},
    "undangan": {"id": "Undangan", "en": "Invitation"},
    "daftar-hadir": {"id": "Daftar Hadir", "en": "Attendance List"},
    "notulen": {"id": "Notulen", "en": "Minutes"},
}

INPUTS: dict[str, InputSpec] = {
    "kehadiran": InputSpec("kehadiran_forum", False, "daftar hadir forum (CSV/XLSX)"),
    "masukan": InputSpec("masukan", False, "masukan pemangku kepentingan (CSV/XLSX)"),
    "notulen": InputSpec("notulen", True, "notulen forum per kode forum (YAML)"),
    "rancangan": InputSpec(
        "rancangan", False, "rancangan yang dikonsultasikan (Markdown .md, atau Word .docx)"
    ),
}

__all__ = [
    "INPUTS",
    "STAGE",
    "add_forum",
    "current_round",
    "ingest",
    "minutes_blockers",
    "plan_forums",
    "produce",
    "submit_problems",
]

# -------------------------------------------------------------------- ingest


def ingest(
    *,
    session: Session,
    run_id: int,
    inputs: Mapping[str, Path],
    actor: str,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Plan the pack's forums, import attendance and inputs, close forums with their minutes.

    All or nothing: on any error nothing of this call is kept.
    """
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    check_inputs(INPUTS, inputs, STAGE)
    try:
        done: dict[str, Any] = {
            "forums_planned": [f.code for f in plan_forums(session, ctx, actor)]
        }
        if "rancangan" in inputs:
            draft_path = Path(inputs["rancangan"])
            version, _, added = add_version(
                session, ctx, read_draft(draft_path), draft_path.name, actor
            )
            done["rancangan"] = {"file": draft_path.name, "version": version.number, "new": added}
        forums = {
            f.code: f for f in session.exec(select(Forum).where(Forum.cycle_id == ctx.cycle.id))
        }
        path = Path(inputs["notulen"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ServiceError(
                f"Berkas notulen '{path.name}' bukan teks UTF-8; simpan ulang sebagai UTF-8."
            ) from exc
        minutes = read_minutes(text, path.name, forums)
        conflicts = [
            code
            for code, m in minutes.items()
            if forums[code].status == CLOSED and not same_minutes(forums[code], m)
        ]
        if conflicts:
            raise ServiceError(
                f"Berkas notulen '{path.name}': forum {', '.join(conflicts)} sudah "
                "ditutup dengan notulen yang berbeda; notulen yang sudah ditetapkan "
                "tidak dapat diubah."
            )
        names = ("kehadiran", "masukan")
        done.update(ingest_inputs(session, ctx, INPUTS, inputs, names, actor, as_of))
        note_name = "notulen-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        if (
            session.exec(
                select(Note.id).where(
                    Note.cycle_id == ctx.cycle.id, Note.stage == STAGE, Note.name == note_name
                )
            ).first()
            is None
        ):
            store_note(session, ctx, note_name, path, actor)
        done["notulen"] = path.name
        done["closed"] = sorted(
            code
            for code, m in minutes.items()
            if close_forum(
                session, forum=forums[code], minutes=m, actor=actor, organisation_id=ctx.org_id
            )
        )
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return done


# ------------------------------------------------------------------- produce


def _minutes_views(
    ctx: RunContext,
    forum: Forum,
    names: GroupNames,
    att: Any,
    by_forum: Mapping[int, list[Any]],
    approvals: Mapping[int, list[Any]],
    locales: Sequence[Locale],
) -> dict[Locale, View]:
    """The Notulen of one closed forum, per locale."""
    fid, info = forum.id or 0, forum_info(forum, names)
    counts = group_counts(forum, att.groups.get(fid, {}), names)
    units = sorted(att.units.get(fid, {}).items(), key=lambda t: t[0].casefold())
    return {
        loc: MinutesView(
            header=ctx.header(f"{TITLES['notulen'][loc]}: {forum.title}", forum.held_on),
            forum=info,
            chair=forum.chair,
            secretary=forum.secretary,
            summary=paragraphs(forum.summary),
            decisions=list(forum.decisions),
            groups=counts,
            units=[UnitCount(unit=u, present=p, absent=a) for u, (p, a) in units],
            present=sum(g.present for g in counts),
            absent=sum(g.absent for g in counts),
            inputs=len(by_forum.get(fid, [])),
            sections=build_sections(by_forum.get(fid, []), names),
            approvals=approval_rows(approvals.get(fid, [])),
        )
        for loc in locales
    }


def republish_minutes(session: Session, cycle: Cycle, forum: Forum, actor: str) -> list[DocRef]:
    """Publish a new version of a forum's Notulen (once approved), in its published locales.

    Flushes only; a forum whose Notulen was never published gets nothing (the forums
    stage publishes it with the approvals when it runs).
    """
    key = f"notulen-{forum.code}"
    found = published_run(session, cycle, key)
    if found is None:
        return []
    run, locales = found
    ctx = load_context(session, run.id or 0, STAGE)
    names = GroupNames(ctx.pack.stakeholder_groups)
    forums = list(session.exec(select(Forum).where(Forum.cycle_id == cycle.id)))
    att = attendance(session, ctx, [forum.id or 0], names)
    by_forum, _ = forum_inputs(session, ctx, forums, names, own_version=True)
    approvals = approvals_of(session, [forum.id or 0])
    views = _minutes_views(ctx, forum, names, att, by_forum, approvals, locales)
    return publish_all(
        session, ctx, key=key, template="notulen", views=views, actor=actor, flow_run_id=None
    )


def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Count attendance and inputs; publish the recap and each forum's letter, list and minutes.

    The Rekapitulasi Masukan (the stage report, first document) covers the closed forums,
    their inputs grouped by the Pasal of the latest draft version (by stable id, so one
    Pasal renumbered between rounds is one group); each Notulen keeps the numbering of
    the version its forum consulted on. The summary's attendance and input counts are
    those of the closed forums too.
    """
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    on = document_date(as_of)
    rnd = current_round(session, ctx.cycle)
    names = GroupNames(ctx.pack.stakeholder_groups)
    query = select(Forum).where(Forum.cycle_id == ctx.cycle.id)
    forums = list(session.exec(query.order_by(col(Forum.held_on), col(Forum.code))))
    closed = [f for f in forums if f.status == CLOSED]
    att = attendance(session, ctx, [f.id or 0 for f in forums], names)
    index = draft_index(session, ctx.cycle.id or 0)
    at_forum, _ = forum_inputs(session, ctx, forums, names, own_version=True, index=index)
    rec = build_recap(
        session, ctx, forums, att, index, on=on, rnd=rnd, preparer=actor, locales=locales
    )
    approvals, groups, sections, themes = rec.approvals, rec.groups, rec.sections, rec.themes
    items, rows, group_names = rec.items, rec.rows, rec.group_names

    def publish(key: str, template: str, views: Mapping[Locale, View]) -> list[DocRef]:
        return publish_all(
            session,
            ctx,
            key=key,
            template=template,
            views=views,
            actor=actor,
            flow_run_id=flow_run_id,
        )

    docs = publish(RECAP_KEY, "rekapitulasi_masukan", rec.views)
    signer, signer_title, on_behalf = invitation_signer(session, ctx, actor)
    for f in forums:
        fid, info = f.id or 0, forum_info(f, names)
        invite_on = min(on, f.held_on - timedelta(days=INVITATION_LEAD_DAYS))
        invitation = {
            loc: InvitationView(
                header=ctx.header(f"{TITLES['undangan'][loc]}: {f.title}", invite_on),
                forum=info,
                legal_form=ctx.policy.legal_form,
                policy_title=ctx.policy.title,
                head_title=ctx.org.head_title,
                region=ctx.org.region,
                signer_name=signer,
                signer_title=signer_title,
                on_behalf_of=on_behalf,
            )
            for loc in locales
        }
        docs += publish(f"undangan-{f.code}", "undangan", invitation)
        people = att.people.get(fid, [])
        here = sum(1 for p in people if p.present)
        sign_in = {
            loc: AttendanceListView(
                header=ctx.header(f"{TITLES['daftar-hadir'][loc]}: {f.title}", f.held_on),
                forum=info,
                attendees=people,
                present=here,
                absent=len(people) - here,
                blank_rows=0 if people else BLANK_ROWS,
            )
            for loc in locales
        }
        docs += publish(f"daftar-hadir-{f.code}", "daftar_hadir_forum", sign_in)
        if f.status != CLOSED:
            continue
        minutes = _minutes_views(ctx, f, names, att, at_forum, approvals, locales)
        docs += publish(f"notulen-{f.code}", "notulen", minutes)
    session.commit()
    top = sorted(sections, key=lambda s: (-s.count, head_order(s.head)))[:5]
    return StageOutput(
        summary={
            "as_of": on.isoformat(),
            "round": rnd,
            "draft_version": index.latest,
            "prepared_by": actor,
            "forums": len(forums),
            "closed": len(closed),
            "minutes_approved": sum(
                len(approvals.get(f.id or 0, [])) == len(APPROVER_ROLES) for f in closed
            ),
            "attendance_present": sum(g.present for g in groups),
            "inputs": len(items),
            "inputs_by_section": [{"bagian": s.section, "jumlah": s.count} for s in top],
            "inputs_by_theme": {t.theme: t.count for t in themes},
            "duplicates": {
                "exact": sum(1 for i in items if i.duplicate_of),
                "near": sum(1 for i in items if i.near_duplicate_of),
            },
        },
        documents=docs,
        report_title=TITLES["rekap"][locales[0]],
        report_markdown=main_markdown(docs),
        tables={
            "masukan_per_bagian": [
                {
                    "bagian": r.section,
                    "jumlah": r.count,
                    **dict(zip(group_names, r.counts, strict=True)),
                }
                for r in rows
            ]
        },
    )
