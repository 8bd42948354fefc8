"""The Perbandingan Versi: the latest draft version against the one before it, per Pasal.

Layer: domain services (helper of `policy.services.drafting`: flushes, never commits).
Pasal are matched by stable section id (`policy.redline.compare_versions`), so a Pasal
inserted before others shows the later ones as renumbered, not changed. Each changed
or added Pasal lists the inputs that led to it: inputs whose response for the new
version names that Pasal (in the new numbering) among the sections it changed, unless
their response for the old version already named the same Pasal (a change made
before, carried over in the answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sqlmodel import Session, col, select

from policy.documents import DocHeader
from policy.locale import Locale
from policy.models import DraftSection, DraftVersion, Forum, ForumInput, InputResponse
from policy.perwali import diktum_number, instrument
from policy.redline import PasalDiff, SectionText, compare_versions
from policy.services.section_refs import draft_index
from policy.services.stagework import DocRef, RunContext, publish_all
from policy.views.comparison import (
    ComparisonView,
    InputLink,
    PasalChangeRow,
    RedlineRow,
    SegmentRow,
)
from policy.views.sections import ARTICLE_KINDS, section_key

TITLES: dict[Locale, str] = {"id": "Perbandingan Versi", "en": "Version Comparison"}
_NUMBER = re.compile(r"(\d+)")


def pasal_of(session: Session, version: DraftVersion) -> list[SectionText]:
    """The Pasal of a stored version in reading order."""
    rows = session.exec(
        select(DraftSection)
        .where(DraftSection.version_id == version.id, col(DraftSection.kind).in_(ARTICLE_KINDS))
        .order_by(col(DraftSection.position))
    )
    out = []
    for row in rows:
        if row.kind == "diktum":
            number = diktum_number(row.label.partition(" ")[2]) or 0
        else:
            m = _NUMBER.search(row.label)
            number = int(m.group(1)) if m else 0
        out.append(
            SectionText(
                sid=row.sid,
                number=number,
                label=row.label,
                heading=row.heading,
                text=row.text,
            )
        )
    return out


def sids_named(labels: Iterable[str], by_label: Mapping[str, str]) -> set[str]:
    """Section ids of the Pasal named in `labels` ('Pasal 9 ayat (2)' -> Pasal 9's sid)."""
    return {by_label[key] for key in (section_key(label) for label in labels) if key in by_label}


def _links(
    session: Session,
    old: DraftVersion,
    new: DraftVersion,
    old_pasal: list[SectionText],
    new_pasal: list[SectionText],
) -> dict[str, list[InputLink]]:
    """Inputs by the sid of the new-version Pasal their response says they changed."""
    old_sid = {s.label: s.sid for s in old_pasal}
    new_sid = {s.label: s.sid for s in new_pasal}
    before: dict[int, set[str]] = {
        input_id: sids_named(sections, old_sid)
        for input_id, sections in session.exec(
            select(InputResponse.input_id, InputResponse.changed_sections).where(
                InputResponse.version_id == old.id
            )
        )
    }
    index = draft_index(session, new.cycle_id)
    links: dict[str, list[InputLink]] = {}
    query = (
        select(InputResponse, ForumInput, Forum.code, Forum.round)
        .join(ForumInput, col(ForumInput.id) == InputResponse.input_id)
        .join(Forum, col(Forum.id) == ForumInput.forum_id)
        .where(InputResponse.version_id == new.id)
        .order_by(col(ForumInput.number))
    )
    for resp, item, code, rnd in session.exec(query):
        named = sids_named(resp.changed_sections, new_sid) - before.get(item.id or 0, set())
        for sid in sorted(named):
            links.setdefault(sid, []).append(
                InputLink(
                    number=item.number,
                    disposition=resp.disposition,
                    round=rnd,
                    forum_code=code,
                    section_ref=item.section_ref,
                    place=index.place(item.section_ref, item.section_sid, rnd, new.number),
                )
            )
    return links


def _row(diff: PasalDiff, links: Mapping[str, list[InputLink]]) -> PasalChangeRow:
    where = diff.new or diff.old
    assert where is not None
    return PasalChangeRow(
        sid=diff.sid,
        status=diff.status,
        old_number=diff.old.number if diff.old else None,
        new_number=diff.new.number if diff.new else None,
        heading=where.heading,
        old_heading=diff.old.heading if diff.moved and diff.old else None,
        renumbered=diff.renumbered,
        lines=[
            RedlineRow(segments=[SegmentRow(op=s.op, text=s.text) for s in line])
            for line in diff.lines
        ],
        inputs=list(links.get(diff.sid, [])) if diff.status in ("added", "changed") else [],
    )


def comparison_view(
    session: Session, ctx: RunContext, old: DraftVersion, new: DraftVersion, header: DocHeader
) -> ComparisonView:
    """The comparison of `old` and `new` (same cycle) as a view with `header`."""
    old_pasal, new_pasal = pasal_of(session, old), pasal_of(session, new)
    diffs = compare_versions(old_pasal, new_pasal)
    links = _links(session, old, new, old_pasal, new_pasal)
    rows = [_row(d, links) for d in diffs]
    return ComparisonView(
        header=header,
        legal_form=ctx.policy.legal_form,
        instrument=instrument(ctx.policy.legal_form),
        policy_title=ctx.policy.title,
        old_version=old.number,
        new_version=new.number,
        pasal_old=len(old_pasal),
        pasal_new=len(new_pasal),
        added=sum(r.status == "added" for r in rows),
        removed=sum(r.status == "removed" for r in rows),
        changed=sum(r.status == "changed" for r in rows),
        renumbered=sum(r.renumbered for r in rows),
        unchanged=sum(r.status == "unchanged" for r in rows),
        changes=rows,
        inputs_linked=len({i.number for r in rows for i in r.inputs}),
    )


def publish_comparison(
    session: Session,
    ctx: RunContext,
    *,
    locales: tuple[Locale, ...],
    on_header: Mapping[Locale, DocHeader],
    actor: str,
    flow_run_id: str | None,
) -> tuple[list[DocRef], ComparisonView | None]:
    """Publish the latest version against the previous one (nothing with one version).

    Key `perbandingan-versi-v<old>-v<new>`; returns the documents and the view (for
    the stage summary).
    """
    versions = list(
        session.exec(
            select(DraftVersion)
            .where(DraftVersion.cycle_id == ctx.cycle.id)
            .order_by(col(DraftVersion.number).desc())
            .limit(2)
        )
    )
    if len(versions) < 2:
        return [], None
    new, old = versions
    base = comparison_view(session, ctx, old, new, on_header[locales[0]])
    # Each round compares two versions: the title says which ('Perbandingan Versi 1 dan 2').
    both = {"id": "dan", "en": "and"}
    views = {
        loc: base.model_copy(
            update={
                "header": on_header[loc].model_copy(
                    update={"title": f"{TITLES[loc]} {old.number} {both[loc]} {new.number}"}
                )
            }
        )
        for loc in locales
    }
    docs = publish_all(
        session,
        ctx,
        key=f"perbandingan-versi-v{old.number}-v{new.number}",
        template="perbandingan_versi",
        views=views,
        actor=actor,
        flow_run_id=flow_run_id,
    )
    return docs, base
