"""Forum minutes awaiting approval on the portal: the organiser's and the leader's approval.

Layer: domain services (used by the organisers' and the leaders' pages of `siklus.web`).
Closed minutes count once a member with the organiser role and another with the leader
role approve them (`policy.services.forum_minutes.approve_minutes`, also `siklus forum
approve-minutes`); each page lists the closed forums of the organisation's active cycles
still waiting for its role's approval, and approves through that same service, dated today.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from policy.locale import format_date
from policy.models import Document, Forum, Role
from policy.services.common import NotFoundError
from policy.services.forum_minutes import (
    CLOSED,
    ROLE_WORDS,
    ApprovalOutcome,
    approvals_of,
    approve_minutes,
)
from policy.services.portal_access import PortalAccess, access_org, org_cycles
from policy.views.portal import MinutesItem


def minutes_waiting(*, session: Session, access: PortalAccess, role: Role) -> list[MinutesItem]:
    """Closed forums of the active cycles whose minutes lack the approval of `role`."""
    org = access_org(session, access)
    cycles = org_cycles(session, org, active=True)
    forums = session.exec(
        select(Forum)
        .where(col(Forum.cycle_id).in_(list(cycles)), Forum.status == CLOSED)
        .order_by(col(Forum.held_on), col(Forum.code))
    ).all()
    approvals = approvals_of(session, [f.id or 0 for f in forums])
    notulen = _notulen(session, forums)
    items = []
    for f in forums:
        given = approvals.get(f.id or 0, [])
        if any(a.role == role.value for a in given):
            continue
        items.append(
            MinutesItem(
                forum_id=f.id or 0,
                cycle=cycles[f.cycle_id].number,
                code=f.code,
                title=f.title,
                held_on=f.held_on,
                notulen_id=notulen.get(f.id or 0),
                given=[
                    f"{ROLE_WORDS[Role(a.role)]}: {a.name}, {format_date(a.approved_on, 'id')}"
                    for a in given
                ],
                approved_by_me=any(a.username == access.username for a in given),
            )
        )
    return items


def _notulen(session: Session, forums: Sequence[Forum]) -> dict[int, int]:
    """The newest Notulen (Bahasa Indonesia) of each forum, by forum id."""
    by_key = {(f"notulen-{f.code}", f.cycle_id): f.id or 0 for f in forums}
    latest: dict[int, int] = {}
    rows = session.exec(
        select(Document.id, Document.key, Document.cycle_id)
        .where(col(Document.key).in_({key for key, _ in by_key}), Document.locale == "id")
        .order_by(col(Document.id))
    ).all()
    for doc_id, key, cycle_id in rows:
        forum_id = by_key.get((key, cycle_id))
        if forum_id is not None:
            latest[forum_id] = doc_id or 0
    return latest


def approve(
    *, session: Session, access: PortalAccess, forum_id: int, role: Role
) -> ApprovalOutcome:
    """Approve a closed forum's minutes in `role`, as `siklus forum approve-minutes` does.

    Raises:
        NotFoundError: no forum of the organisation's active cycles has that number.
        ServiceError: what `approve_minutes` refuses (the same person in both roles, the
            role already approved by someone else, a forum not closed).
    """
    org = access_org(session, access)
    forum = session.get(Forum, forum_id)
    cycles = org_cycles(session, org, active=True)
    if forum is None or forum.cycle_id not in cycles:
        raise NotFoundError(f"Forum nomor {forum_id} tidak ditemukan di siklus yang berjalan.")
    return approve_minutes(
        session=session,
        organisation=org.code,
        cycle=cycles[forum.cycle_id].number,
        code=forum.code,
        actor=access.username,
        role=role,
    )


def outcome_words(outcome: ApprovalOutcome) -> str:
    """What an approval did, in a sentence for the page."""
    role = ROLE_WORDS[outcome.role]
    if not outcome.recorded:
        return f"Notulen forum {outcome.forum} sudah Anda setujui sebagai {role}."
    if outcome.complete:
        return (
            f"Notulen forum {outcome.forum} disetujui sebagai {role}; persetujuannya lengkap, "
            "Notulen dan Rekapitulasi Masukan diterbitkan ulang dengan persetujuan itu."
        )
    missing = " dan ".join(ROLE_WORDS[r] for r in outcome.missing)
    return (
        f"Notulen forum {outcome.forum} disetujui sebagai {role}; menunggu persetujuan {missing}."
    )
