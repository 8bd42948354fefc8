"""Attendance and inputs of a cycle's forums, gathered for the forum documents.

Layer: domain services (helper of `policy.services.forums`; reads only). Counts per
group and per unit are SQL aggregates; the lists that documents print in full
(attendees, inputs) are read row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from policy.input_analysis import fallback_theme, find_duplicates, theme_of
from policy.models import Employee, Forum, ForumAttendance, ForumInput, Member, Role
from policy.services.common import unit_names
from policy.services.forum_minutes import CLOSED
from policy.services.section_refs import DraftIndex, draft_index
from policy.services.stagework import RunContext
from policy.views.forums import Attendee, GroupNames, InputItem
from policy.views.sections import shows_ref


@dataclass
class Attendance:
    """Attendance of the cycle's forums: counts by forum, then by group or unit name."""

    groups: dict[int, dict[str, list[int]]]  # [present, absent]
    units: dict[int, dict[str, list[int]]]
    people: dict[int, list[Attendee]]

    def present(self, forum_id: int) -> int:
        """People present at a forum."""
        return sum(p for p, _a in self.groups.get(forum_id, {}).values())


def attendance(session: Session, ctx: RunContext, ids: list[int], names: GroupNames) -> Attendance:
    """Counts per group and per unit (ASN whose NIP matches an employee), and the lists."""
    units = unit_names(session, ctx.org_id)
    on_nip = and_(
        col(Employee.nip) == col(ForumAttendance.nip), col(Employee.organisation_id) == ctx.org_id
    )
    forum_id, group, present_ = (
        col(ForumAttendance.forum_id),
        col(ForumAttendance.group),
        col(ForumAttendance.present),
    )
    of_forums = forum_id.in_(ids)
    att = Attendance({}, {}, {})
    by_group = select(forum_id, group, present_, func.count()).where(of_forums)
    for fid, label, present, n in session.exec(by_group.group_by(forum_id, group, present_)):
        counts = att.groups.setdefault(fid, {}).setdefault(names.name(label), [0, 0])
        counts[0 if present else 1] += n
    unit_code = col(Employee.unit_code)
    by_unit = select(forum_id, unit_code, present_, func.count()).join(Employee, on_nip)
    for fid, unit, present, n in session.exec(
        by_unit.where(of_forums).group_by(forum_id, unit_code, present_)
    ):
        counts = att.units.setdefault(fid, {}).setdefault(units.get(unit, unit), [0, 0])
        counts[0 if present else 1] += n
    listed = select(ForumAttendance, Employee.unit_code).outerjoin(Employee, on_nip)
    for row, unit in session.exec(listed.where(of_forums).order_by(col(ForumAttendance.id))):
        people = att.people.setdefault(row.forum_id, [])
        institution = row.institution or (units.get(unit, unit) if unit else "")
        people.append(
            Attendee(
                no=len(people) + 1,
                name=row.name,
                nip=row.nip,
                institution=institution,
                group=names.name(row.group),
                present=row.present,
            )
        )
    return att


def forum_inputs(
    session: Session,
    ctx: RunContext,
    forums: list[Forum],
    names: GroupNames,
    *,
    own_version: bool = False,
    index: DraftIndex | None = None,
) -> tuple[dict[int, list[InputItem]], int]:
    """Inputs of the closed forums by forum, and how many are pending.

    Exact and near repeats of an earlier input are marked, and every input gets its
    theme from the pack's lexicon (`policy.input_analysis`). Sections are placed in the
    latest draft version, or with `own_version` in the version each forum consulted on
    (the Notulen: a forum's record keeps the numbering it was held on).
    """
    code_of = {f.id: f.code for f in forums if f.status == CLOSED}
    round_of = {f.id: f.round for f in forums}
    index = index or draft_index(session, ctx.cycle.id or 0)
    pending = 0
    rows: list[ForumInput] = []
    query = select(ForumInput).where(ForumInput.cycle_id == ctx.cycle.id)
    for inp in session.exec(query.order_by(col(ForumInput.number))):
        if inp.forum_id in code_of:
            rows.append(inp)
        else:
            pending += 1
    repeats = find_duplicates([(inp.number, inp.text) for inp in rows])
    by_forum: dict[int, list[InputItem]] = {}
    fallback = fallback_theme(ctx.pack.themes)
    for inp in rows:
        theme = theme_of(inp.text, ctx.pack.themes)
        repeat = repeats.get(inp.number)
        near = repeat is not None and repeat.kind == "near"
        rnd = round_of[inp.forum_id]
        shown = index.consulted(rnd) if own_version else index.latest
        place = index.place(inp.section_ref, inp.section_sid, rnd, shown)
        head = index.head(place)
        by_forum.setdefault(inp.forum_id, []).append(
            InputItem(
                number=inp.number,
                forum_code=code_of[inp.forum_id],
                section_ref=inp.section_ref,
                place=place,
                head=head,
                show_ref=shows_ref(place, head),
                group=names.name(inp.group),
                author=inp.author,
                institution=inp.institution,
                text=inp.text,
                duplicate_of=repeat.of if repeat is not None and not near else None,
                near_duplicate_of=repeat.of if repeat is not None and near else None,
                similarity=int(repeat.ratio * 100) if repeat is not None and near else None,
                theme=theme,
                theme_other=theme == fallback,
            )
        )
    return by_forum, pending


def invitation_signer(session: Session, ctx: RunContext, actor: str) -> tuple[str, str, str]:
    """(name, title, on behalf of) of whoever signs the invitations.

    The regional secretary on behalf of the head when the pack names one; else the
    first organiser (or the actor) in their own name.
    """
    secretary = ctx.pack.policy.secretary
    if secretary is not None:
        return secretary.name, secretary.title, ctx.pack.policy.signing.title
    members = list(
        session.exec(
            select(Member).where(Member.organisation_id == ctx.org_id).order_by(col(Member.id))
        )
    )
    chosen = next((m for m in members if Role.ORGANISER.value in m.roles), None)
    chosen = chosen or next((m for m in members if m.username == actor), None)
    return (chosen.name, chosen.title, "") if chosen else (actor, "", "")
