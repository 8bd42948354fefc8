"""The Matriks Masukan dan Tanggapan: every input of every round with its latest response.

Layer: domain services (helper of `policy.services.drafting`; reads only). Inputs of all
consultation rounds stay linked to the cycle, so the matrix of the latest version holds
every input with its round and forum. The section an input names is shown as written,
in the version its forum consulted on, and, when that Pasal has another number in the
latest version or was removed, where it is now (`policy.services.section_refs`).
A section an answer names as changed is shown
with the version in which it changed: the first version whose response from the same
input names the same Pasal (by stable id), so an answer carried into a later version
does not claim an old change as new.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from policy.models import DraftSection, DraftVersion, Forum, ForumInput, InputResponse
from policy.services.draft_compare import sids_named
from policy.services.section_refs import draft_index
from policy.services.stagework import RunContext
from policy.views.drafting import (
    STATUSES,
    GroupCount,
    MatrixRow,
    RoundCount,
    SaidDid,
    SectionChange,
    StatusCount,
)
from policy.views.sections import ARTICLE_KINDS, section_key

PENDING = "belum"
PRIVATE_GROUPS = frozenset({"masyarakat"})


def group_names(ctx: RunContext) -> dict[str, str]:
    """Group labels as written (code or name, any case) to the pack's group names."""
    names: dict[str, str] = {}
    for g in ctx.pack.stakeholder_groups:
        names[g.code.lower()] = g.name
        names[g.name.lower()] = g.name
    return names


def is_private(group: str, institution: str, ctx: RunContext) -> bool:
    """A private individual: the public (group 'masyarakat') or no institution."""
    if not institution.strip():
        return True
    private = set(PRIVATE_GROUPS)
    private |= {g.name.lower() for g in ctx.pack.stakeholder_groups if g.code in PRIVATE_GROUPS}
    return group.strip().lower() in private


def counts(
    session: Session, cycle_id: int, version_id: int, groups: dict[str, str]
) -> tuple[list[StatusCount], list[GroupCount], list[RoundCount]]:
    """Inputs by response status, by stakeholder group and by consultation round."""
    joined = and_(
        col(InputResponse.input_id) == ForumInput.id, col(InputResponse.version_id) == version_id
    )
    # group on the nullable column itself: a COALESCE with a bound parameter in both
    # SELECT and GROUP BY is two different expressions to PostgreSQL
    rows = session.exec(
        select(ForumInput.group, Forum.round, InputResponse.disposition, func.count())
        .select_from(ForumInput)
        .join(Forum, col(Forum.id) == ForumInput.forum_id)
        .outerjoin(InputResponse, joined)
        .where(ForumInput.cycle_id == cycle_id)
        .group_by(ForumInput.group, col(Forum.round), InputResponse.disposition)
    ).all()
    by_status = dict.fromkeys(STATUSES, 0)
    by_group: dict[str, dict[str, int]] = {}
    by_round: dict[int, list[int]] = {}
    for group, rnd, disposition, n in rows:
        st = disposition or PENDING
        by_status[st] = by_status.get(st, 0) + n
        name = groups.get(group.strip().lower(), group.strip())
        cell = by_group.setdefault(name, dict.fromkeys(STATUSES, 0))
        cell[st] = cell.get(st, 0) + n
        tally = by_round.setdefault(rnd, [0, 0])
        tally[0] += n
        tally[1] += 0 if st == PENDING else n
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
    rounds = [RoundCount(round=r, total=t, answered=a) for r, (t, a) in sorted(by_round.items())]
    return [StatusCount(status=s, count=n) for s, n in by_status.items()], group_counts, rounds


def _change_versions(
    session: Session, cycle_id: int
) -> tuple[dict[int, dict[str, str]], dict[int, dict[int, set[str]]]]:
    """Per version number: Pasal label -> sid; per input id: version number -> sids named."""
    numbers = dict(
        session.exec(
            select(DraftVersion.id, DraftVersion.number).where(DraftVersion.cycle_id == cycle_id)
        ).all()
    )
    labels: dict[int, dict[str, str]] = {}
    for version_id, label, sid in session.exec(
        select(DraftSection.version_id, DraftSection.label, DraftSection.sid).where(
            col(DraftSection.version_id).in_(list(numbers)),
            col(DraftSection.kind).in_(ARTICLE_KINDS),
        )
    ):
        labels.setdefault(numbers[version_id], {})[label] = sid
    named: dict[int, dict[int, set[str]]] = {}
    for input_id, version_id, sections in session.exec(
        select(
            InputResponse.input_id, InputResponse.version_id, InputResponse.changed_sections
        ).where(col(InputResponse.version_id).in_(list(numbers)))
    ):
        number = numbers[version_id]
        named.setdefault(input_id, {})[number] = sids_named(sections, labels.get(number, {}))
    return labels, named


def _changes(
    sections: list[str],
    version: int,
    labels: Mapping[str, str],
    history: Mapping[int, set[str]],
) -> list[SectionChange]:
    out = []
    for label in sections:
        sid = labels.get(section_key(label))
        since = min(
            (v for v, sids in history.items() if sid is not None and sid in sids and v <= version),
            default=version,
        )
        out.append(SectionChange(label=label, version=since))
    return out


def matrix(
    session: Session, ctx: RunContext, version: DraftVersion, groups: dict[str, str]
) -> tuple[list[MatrixRow], list[SaidDid]]:
    """One row per input of the cycle (every round), and the 'you said, we did' entries."""
    joined = and_(
        col(InputResponse.input_id) == ForumInput.id, col(InputResponse.version_id) == version.id
    )
    labels, named = _change_versions(session, ctx.cycle.id or 0)
    index = draft_index(session, ctx.cycle.id or 0)
    rows: list[MatrixRow] = []
    said_did: list[SaidDid] = []
    for item, forum, resp in session.exec(
        select(ForumInput, Forum, InputResponse)
        .join(Forum, col(Forum.id) == ForumInput.forum_id)
        .outerjoin(InputResponse, joined)
        .where(ForumInput.cycle_id == ctx.cycle.id)
        .order_by(col(ForumInput.number))
    ):
        group = groups.get(item.group.strip().lower(), item.group.strip())
        sections = list(resp.changed_sections) if resp else []
        place = index.place(item.section_ref, item.section_sid, forum.round, version.number)
        row = MatrixRow(
            number=item.number,
            section_ref=item.section_ref,
            place=place,
            text=item.text,
            author=item.author,
            institution=item.institution,
            group=group,
            forum=forum.title,
            forum_code=forum.code,
            forum_date=forum.held_on,
            round=forum.round,
            channel=item.channel,
            status=resp.disposition if resp else PENDING,
            response=resp.response if resp else "",
            changes=_changes(
                sections,
                version.number,
                labels.get(version.number, {}),
                named.get(item.id or 0, {}),
            ),
        )
        rows.append(row)
        if resp is not None:
            private = is_private(item.group, item.institution, ctx)
            said_did.append(
                SaidDid(
                    group=group,
                    institution="" if private else item.institution,
                    section_ref=item.section_ref,
                    place=place,
                    said=item.text,
                    did=resp.response,
                    status=resp.disposition,
                    changed_sections=sections,
                )
            )
    return rows, said_did
