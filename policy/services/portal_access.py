"""Organisers on the portal: access tokens, a forum's inputs, attendance recorded at the door.

Layer: domain services (counterparts: `siklus portal token`, the organiser pages of
`siklus.web`). An access token is 32 random bytes handed out once; only its sha256 is
kept, with the member it belongs to and when it expires, so a copy of the database opens
nothing. Every use checks that the member still holds the organiser or admin role.
Attendance at the door goes through the importer's `upsert_attendance`, so a person is
keyed the same way as in an imported attendance list.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from policy import audit
from policy.models import (
    Cycle,
    CycleStatus,
    Forum,
    ForumAttendance,
    ForumInput,
    Member,
    Organisation,
    Policy,
    PortalToken,
    Role,
    as_utc,
    utcnow,
)
from policy.nip import NipError, validate_nip
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_policy,
    require_role,
)
from policy.services.cycle_imports import upsert_attendance
from policy.services.forum_minutes import CLOSED
from policy.services.portal_common import (
    clean_line,
    ensure_token,
    forum_owner,
    pack_of,
    portal_groups,
    portal_header,
    too_long,
)
from policy.services.section_refs import draft_index
from policy.views.forums import GroupNames
from policy.views.portal import (
    AttendanceForm,
    AttendancePage,
    Attendee,
    InputsPage,
    OrganiserForum,
    OrganiserHome,
    OrganiserInput,
    OrganiserSection,
)
from policy.views.sections import SectionPlace, head_order, plain_head, shows_ref

ORGANISER_ROLES = (Role.ORGANISER, Role.ADMIN)
#: Who may open the leaders' pages (`policy.services.portal_review`).
LEADER_ROLES = (Role.LEADER,)
#: Who may hold a portal token: organisers and admins (the organiser pages) and leaders
#: (the review pages, `policy.services.portal_review`).
PORTAL_ROLES = (Role.ORGANISER, Role.ADMIN, Role.LEADER)
DEFAULT_HOURS = 12
MAX_HOURS = 24 * 30


class AccessDenied(ServiceError):
    """A missing, unknown or expired portal token, or a member without the page's role.

    `invalid`: the token itself opens nothing (unknown, expired, or its member holds no
    portal role any more); else it is good for other pages of the portal.
    """

    def __init__(self, message: str, *, invalid: bool = True) -> None:
        super().__init__(message)
        self.invalid = invalid


class AttendanceRefused(ServiceError):
    """An attendance entry that cannot be recorded; `problems` maps field to reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("Kehadiran belum dapat dicatat: " + "; ".join(problems.values()) + ".")
        self.problems = problems


@dataclass(frozen=True)
class IssuedToken:
    """A token as handed out once: the secret itself is never stored."""

    token: str
    username: str
    organisation: str
    expires_at: datetime
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class PortalAccess:
    """Who a portal token speaks for (an organiser, an admin or a leader), with their roles."""

    organisation_id: int
    username: str
    name: str
    expires_at: datetime
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class _DoorEntry:
    """One person recorded at the door, shaped like an imported attendance row."""

    name: str
    nip: str | None
    institution: str
    group: str
    present: bool = True


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------- tokens


def issue_token(
    *, session: Session, organisation: str | None, actor: str, hours: int = DEFAULT_HOURS
) -> IssuedToken:
    """Issue a portal access token valid for `hours` (commits).

    Raises:
        ServiceError: the actor is not an organiser, admin or leader, or `hours` is out of
            range.
    """
    org = get_org(session, organisation)
    member = get_member(session, org, actor)
    require_role(member, PORTAL_ROLES, "membuka halaman panitia atau pimpinan di portal")
    if not 1 <= hours <= MAX_HOURS:
        raise ServiceError(f"Masa berlaku token {hours} jam; pilih 1 sampai {MAX_HOURS} jam.")
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=hours)
    row = PortalToken(
        organisation_id=org.id or 0,
        username=member.username,
        token_sha256=_hash(token),
        expires_at=expires,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="portal.token_issued",
        subject_type="portal_token",
        subject_id=row.id or 0,
        organisation_id=org.id,
        payload={"username": member.username, "expires_at": expires.isoformat()},
    )
    session.commit()
    return IssuedToken(token, member.username, org.code, expires, tuple(member.roles))


def revoke_tokens(
    *, session: Session, organisation: str | None, actor: str, member: str | None = None
) -> int:
    """Withdraw every access token of `member` (default: the actor); returns how many (commits).

    Raises:
        ServiceError: someone other than an admin withdraws another member's tokens.
    """
    org = get_org(session, organisation)
    who = get_member(session, org, actor)
    target = get_member(session, org, member or actor)
    if target.username != who.username:
        require_role(who, (Role.ADMIN,), "mencabut token anggota lain")
    result = session.execute(
        delete(PortalToken).where(
            col(PortalToken.organisation_id) == org.id,
            col(PortalToken.username) == target.username,
        )
    )
    count = int(getattr(result, "rowcount", 0) or 0)
    audit.record(
        session,
        actor=actor,
        action="portal.tokens_revoked",
        subject_type="member",
        subject_id=target.id or 0,
        organisation_id=org.id,
        payload={"username": target.username, "tokens": count},
    )
    session.commit()
    return count


def check_token(
    session: Session,
    token: str,
    roles: tuple[Role, ...] = ORGANISER_ROLES,
    who: str = "penyelenggara atau admin",
) -> PortalAccess:
    """Who a presented token speaks for, if they hold one of `roles` (named `who`).

    Raises:
        AccessDenied: the token is unknown or expired, or its member lost the role.
    """
    row = None
    if token and len(token) <= 128:
        row = session.exec(
            select(PortalToken).where(PortalToken.token_sha256 == _hash(token))
        ).first()
    if row is None:
        raise AccessDenied("Token portal tidak dikenal. Minta token baru ke admin.")
    expires = as_utc(row.expires_at)
    if expires <= utcnow():
        raise AccessDenied("Token portal sudah kedaluwarsa. Buat token baru.")
    member = session.exec(
        select(Member).where(
            Member.organisation_id == row.organisation_id, Member.username == row.username
        )
    ).first()
    held = set(member.roles) if member is not None else set()
    if member is None or not {r.value for r in roles} & held:
        raise AccessDenied(
            f"{row.username} tidak berperan {who}; halaman ini bukan untuknya.",
            invalid=not {r.value for r in PORTAL_ROLES} & held,
        )
    return PortalAccess(
        row.organisation_id, member.username, member.name, expires, tuple(member.roles)
    )


def _forum(session: Session, access: PortalAccess, forum_id: int) -> Forum:
    forum = session.get(Forum, forum_id)
    if forum is not None:
        _cycle, _policy, org = forum_owner(session, forum)
        if org.id == access.organisation_id:
            return forum
    raise NotFoundError(f"Forum nomor {forum_id} tidak ditemukan di organisasi Anda.")


def access_org(session: Session, access: PortalAccess) -> Organisation:
    """The organisation a portal token belongs to."""
    org = session.get(Organisation, access.organisation_id)
    assert org is not None
    return org


def org_cycles(session: Session, org: Organisation, *, active: bool = False) -> dict[int, Cycle]:
    """The organisation's cycles by id (`active`: only those still running)."""
    query = select(Cycle).where(Cycle.policy_id == get_policy(session, org).id)
    if active:
        query = query.where(Cycle.status == CycleStatus.ACTIVE)
    return {c.id or 0: c for c in session.exec(query)}


# ------------------------------------------------------------------- pages


def organiser_home(*, session: Session, access: PortalAccess) -> OrganiserHome:
    """The forums of the organisation's newest cycle, with public links (commits new tokens)."""
    org = access_org(session, access)
    cyc = get_cycle(session, org)
    forums = list(
        session.exec(
            select(Forum)
            .where(Forum.cycle_id == cyc.id)
            .order_by(col(Forum.held_on), col(Forum.code))
        )
    )
    ids = [f.id for f in forums]
    inputs = dict(
        session.exec(
            select(ForumInput.forum_id, func.count())
            .where(col(ForumInput.forum_id).in_(ids))
            .group_by(col(ForumInput.forum_id))
        ).all()
    )
    present = dict(
        session.exec(
            select(ForumAttendance.forum_id, func.count())
            .where(col(ForumAttendance.forum_id).in_(ids), col(ForumAttendance.present))
            .group_by(col(ForumAttendance.forum_id))
        ).all()
    )
    rows = [
        OrganiserForum(
            id=f.id or 0,
            code=f.code,
            title=f.title,
            held_on=f.held_on,
            venue=f.venue,
            round=f.round,
            status=f.status,
            public_path=f"/f/{ensure_token(session, f)}",
            inputs=inputs.get(f.id or 0, 0),
            present=present.get(f.id or 0, 0),
        )
        for f in forums
    ]
    session.commit()
    policy = session.get(Policy, cyc.policy_id)
    return OrganiserHome(
        header=portal_header(org, policy),
        member=access.name,
        cycle=cyc.number,
        expires_at=access.expires_at,
        forums=rows,
    )


def forum_inputs(*, session: Session, access: PortalAccess, forum_id: int) -> InputsPage:
    """Every input of a forum, grouped by section in the latest draft's order ('Umum' last).

    Inputs on one Pasal group together by its stable id, headed by its label in the
    latest version; a label written on an earlier version shows where that Pasal is now.
    """
    forum = _forum(session, access, forum_id)
    _cycle, policy, org = forum_owner(session, forum)
    names = GroupNames(pack_of(org).stakeholder_groups)
    index = draft_index(session, forum.cycle_id)
    heads: dict[str, SectionPlace] = {}
    by_section: dict[str, list[OrganiserInput]] = {}
    for inp in session.exec(
        select(ForumInput).where(ForumInput.forum_id == forum.id).order_by(col(ForumInput.number))
    ):
        place = index.place(inp.section_ref, inp.section_sid, forum.round, index.latest)
        head = index.head(place)
        head = heads.setdefault(head.key, head)
        by_section.setdefault(head.key, []).append(
            OrganiserInput(
                number=inp.number,
                author=inp.author,
                institution=inp.institution,
                group=names.name(inp.group),
                section_ref=inp.section_ref,
                place=place,
                show_ref=shows_ref(place, head),
                text=inp.text,
                channel=inp.channel,
                received_at=inp.created_at,
            )
        )
    sections = [
        OrganiserSection(section=plain_head(head), head=head, inputs=by_section[head.key])
        for head in sorted(heads.values(), key=head_order)
    ]
    return InputsPage(
        header=portal_header(org, policy),
        forum_id=forum.id or 0,
        forum_title=forum.title,
        forum_code=forum.code,
        total=sum(len(s.inputs) for s in sections),
        sections=sections,
    )


def attendance_page(
    *, session: Session, access: PortalAccess, forum_id: int, form: AttendanceForm | None = None
) -> AttendancePage:
    """The attendance form of a forum and the people recorded so far (newest first)."""
    forum = _forum(session, access, forum_id)
    _cycle, policy, org = forum_owner(session, forum)
    pack = pack_of(org)
    names = GroupNames(pack.stakeholder_groups)
    people = [
        Attendee(
            name=a.name,
            nip=a.nip,
            institution=a.institution,
            group=names.name(a.group),
            present=a.present,
        )
        for a in session.exec(
            select(ForumAttendance)
            .where(ForumAttendance.forum_id == forum.id)
            .order_by(col(ForumAttendance.id).desc())
        )
    ]
    return AttendancePage(
        header=portal_header(org, policy),
        forum_id=forum.id or 0,
        forum_title=forum.title,
        forum_code=forum.code,
        accepting=forum.status != CLOSED,
        groups=portal_groups(pack),
        people=people,
        present=sum(p.present for p in people),
        form=form or AttendanceForm(),
    )


def record_attendance(
    *,
    session: Session,
    access: PortalAccess,
    forum_id: int,
    name: str,
    nip: str,
    institution: str,
    group: str,
) -> str:
    """Record a person as present at a forum, at the door; returns the name (commits).

    The NIP is optional; when given it must be a valid NIP (DOMAIN.md R3). The jenis ASN
    is not asked at the door, so the TMT digits are not checked (as for a file without
    a jenis ASN column).

    Raises:
        ServiceError: the forum is closed.
        AttendanceRefused: a field is missing, too long, or the NIP is not valid.
    """
    forum = _forum(session, access, forum_id)
    if forum.status == CLOSED:
        raise ServiceError(
            f"Forum '{forum.title}' sudah ditutup dengan notulen; daftar hadir tidak dapat diubah."
        )
    _cycle, _policy, org = forum_owner(session, forum)
    pack = pack_of(org)
    name, institution, nip, group = (
        clean_line(name),
        clean_line(institution),
        clean_line(nip),
        group.strip(),
    )
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "nama wajib diisi"
    problems.update(too_long(name=("nama", name), institution=("instansi", institution)))
    if group not in {g.code for g in pack.stakeholder_groups}:
        problems["group"] = "pilih kelompok pemangku kepentingan dari daftar"
    normalised: str | None = None
    if nip:
        try:
            normalised = validate_nip(nip, None)
        except NipError as exc:
            problems["nip"] = f"NIP tidak sah: {exc}"
    if problems:
        raise AttendanceRefused(problems)
    upsert_attendance(session, forum.id or 0, [_DoorEntry(name, normalised, institution, group)])
    audit.record(
        session,
        actor=access.username,
        action="attendance.recorded",
        subject_type="forum",
        subject_id=forum.id or 0,
        organisation_id=org.id,
        payload={"forum": forum.code, "name": name, "nip": normalised, "group": group},
    )
    session.commit()
    return name
