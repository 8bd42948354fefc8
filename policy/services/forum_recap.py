"""The Rekapitulasi Masukan of the forums stage: built by its run, republished on approval.

Layer: domain services (helper of `policy.services.forums`, which publishes it with the
stage's other documents). The Rekapitulasi covers the closed forums of every round so
far, their inputs grouped by the Pasal of the draft version it was made against. When a
forum's minutes become valid (`policy.services.forum_minutes.approve_minutes`), the
latest Rekapitulasi is published again, as its run made it, with the approvals as they
now stand; the registry keeps the earlier version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from policy.documents import View
from policy.input_analysis import fallback_theme
from policy.locale import Locale
from policy.models import Cycle, Document, Forum, Member, MinutesApproval, Stage, StageRun
from policy.services.forum_counts import Attendance, attendance, forum_inputs
from policy.services.forum_minutes import APPROVER_ROLES, CLOSED, approvals_of
from policy.services.forum_plan import current_round
from policy.services.section_refs import DraftIndex, draft_index
from policy.services.stagework import DocRef, RunContext, load_context, publish_all
from policy.views.forums import (
    ForumRecap,
    GroupNames,
    GroupSummary,
    InputItem,
    RecapView,
    SectionInputs,
    SectionRow,
    ThemeInputs,
    approval_rows,
    build_sections,
    build_themes,
    group_summary,
    section_rows,
)

STAGE = Stage.FORUMS
RECAP_KEY = "rekapitulasi-masukan"
TITLES: dict[Locale, str] = {"id": "Rekapitulasi Masukan", "en": "Summary of Stakeholder Input"}


@dataclass(frozen=True)
class Recap:
    """The Rekapitulasi Masukan per locale, and the counts the stage summary reports."""

    views: dict[Locale, View]
    items: list[InputItem]
    groups: list[GroupSummary]
    group_names: list[str]
    sections: list[SectionInputs]
    rows: list[SectionRow]
    themes: list[ThemeInputs]
    approvals: dict[int, list[MinutesApproval]]


def build_recap(
    session: Session,
    ctx: RunContext,
    forums: list[Forum],
    att: Attendance,
    index: DraftIndex,
    *,
    on: date,
    rnd: int,
    preparer: str,
    locales: Sequence[Locale],
) -> Recap:
    """The Rekapitulasi over the closed forums, inputs grouped by `index`'s latest version."""
    names = GroupNames(ctx.pack.stakeholder_groups)
    closed = [f for f in forums if f.status == CLOSED]
    by_forum, pending = forum_inputs(session, ctx, forums, names, index=index)
    items = sorted((i for lst in by_forum.values() for i in lst), key=lambda i: i.number)
    groups = group_summary(closed, att.groups, items, names)
    group_names = [g.group for g in groups if g.inputs]
    sections = build_sections(items, names)
    rows = section_rows(sections, group_names)
    approvals = approvals_of(session, [f.id or 0 for f in closed])
    themes = build_themes(items, list(ctx.pack.themes), fallback_theme(ctx.pack.themes))
    member = session.exec(
        select(Member).where(Member.organisation_id == ctx.org_id, Member.username == preparer)
    ).first()
    views: dict[Locale, View] = {
        loc: RecapView(
            header=ctx.header(TITLES[loc], on),
            legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title,
            round=rnd,
            version=index.latest,
            moved_refs=sum(1 for i in items if i.place.status in ("moved", "removed")),
            forums=[
                ForumRecap(
                    code=f.code,
                    title=f.title,
                    held_on=f.held_on,
                    venue=f.venue,
                    round=f.round,
                    closed=f.status == CLOSED,
                    approved=len(approvals.get(f.id or 0, [])) == len(APPROVER_ROLES),
                    approvals=approval_rows(approvals.get(f.id or 0, []))
                    if f.status == CLOSED
                    else [],
                    present=att.present(f.id or 0),
                    inputs=len(by_forum.get(f.id or 0, [])),
                )
                for f in forums
            ],
            groups=groups,
            group_names=group_names,
            section_rows=rows,
            sections=sections,
            themes=themes,
            total_inputs=len(items),
            duplicates=sum(1 for i in items if i.duplicate_of),
            near_duplicates=sum(1 for i in items if i.near_duplicate_of),
            pending_inputs=pending,
            prepared_by=member.name if member else preparer,
            prepared_by_title=member.title if member else "",
        )
        for loc in locales
    }
    return Recap(views, items, groups, group_names, sections, rows, themes, approvals)


def published_run(session: Session, cycle: Cycle, key: str) -> tuple[StageRun, list[Locale]] | None:
    """The cycle's forums run and the locales in which it published the document `key`.

    None when the forums stage never ran, or its run published no such document.
    """
    run = session.exec(
        select(StageRun).where(StageRun.cycle_id == cycle.id, StageRun.stage == STAGE)
    ).first()
    if run is None:
        return None
    published = set(
        session.exec(
            select(Document.locale).where(Document.stage_run_id == run.id, Document.key == key)
        ).all()
    )
    locales: list[Locale] = [loc for loc in ("id", "en") if loc in published]
    return (run, locales) if locales else None


def republish_recap(session: Session, cycle: Cycle, actor: str, on: date) -> list[DocRef]:
    """Publish a new version of the latest Rekapitulasi Masukan, with the approvals as they are now.

    Called when a forum's minutes become valid. The Rekapitulasi is rebuilt as the forums
    run last made it (its round, the draft version it grouped by, who prepared it, in its
    published locales), dated the later of its own date and `on`. Nothing is published
    while that run's Rekapitulasi is of an earlier round than the current one (the next
    forums run makes the new round's Rekapitulasi with every approval), nor before the
    first. Flushes only.
    """
    found = published_run(session, cycle, RECAP_KEY)
    if found is None:
        return []
    run, locales = found
    made = run.summary
    if made.get("round") != current_round(session, cycle) or "prepared_by" not in made:
        return []
    ctx = load_context(session, run.id or 0, STAGE)
    names = GroupNames(ctx.pack.stakeholder_groups)
    query = select(Forum).where(Forum.cycle_id == cycle.id)
    forums = list(session.exec(query.order_by(col(Forum.held_on), col(Forum.code))))
    att = attendance(session, ctx, [f.id or 0 for f in forums], names)
    index = draft_index(session, cycle.id or 0).upto(made.get("draft_version"))
    rec = build_recap(
        session,
        ctx,
        forums,
        att,
        index,
        on=max(date.fromisoformat(made["as_of"]), on),
        rnd=made["round"],
        preparer=made["prepared_by"],
        locales=locales,
    )
    return publish_all(
        session, ctx, key=RECAP_KEY, template="rekapitulasi_masukan", views=rec.views,
        actor=actor, flow_run_id=None,
    )  # fmt: skip
