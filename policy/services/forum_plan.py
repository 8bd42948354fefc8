"""Planning a cycle's forums: consultation rounds, forums from the pack, forums added later.

Layer: domain services (helper of `policy.services.forums`, which re-exports these).
Each forum belongs to a consultation round: 1, plus one for every time leadership
returned the drafting stage to the forums. The pack's forums are planned in their
round (`PackForum.round`), when the forums stage of that round first runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.clock import parse_hours
from policy.models import AuditEvent, Cycle, CycleStatus, Forum, Role, Stage, StageRun
from policy.packplans import PackForum
from policy.packschema import Pack
from policy.services.common import (
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    org_pack,
    require_role,
)
from policy.services.stagework import RunContext
from policy.stages import cycle_status_word


def current_round(session: Session, cycle: Cycle) -> int:
    """1 + the number of times leadership returned drafting to the forums in this cycle."""
    runs = [
        str(i)
        for i in session.exec(
            select(StageRun.id).where(
                StageRun.cycle_id == cycle.id, StageRun.stage == Stage.DRAFTING
            )
        )
    ]
    if not runs:
        return 1
    payloads = session.exec(
        select(AuditEvent.payload).where(
            AuditEvent.action == "stage.returned",
            AuditEvent.subject_type == "stage_run",
            col(AuditEvent.subject_id).in_(runs),
        )
    )
    return 1 + sum(1 for p in payloads if p.get("reopened") == Stage.FORUMS.value)


def _record_forum(
    session: Session, forum: Forum, action: str, actor: str, org_id: int | None, source: str
) -> None:
    session.add(forum)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        subject_type="forum",
        subject_id=forum.id or 0,
        organisation_id=org_id,
        payload={
            "cycle_id": forum.cycle_id,
            "code": forum.code,
            "round": forum.round,
            "held_on": forum.held_on,
            "starts_at": forum.starts_at.isoformat() if forum.starts_at else None,
            "ends_at": forum.ends_at.isoformat() if forum.ends_at else None,
            "groups": forum.groups,
            "source": source,
        },
    )


@dataclass(frozen=True)
class Planned:
    """What planning did: forums created, and planned ones brought up to the pack."""

    made: list[Forum]
    updated: list[tuple[Forum, list[str]]]  # with the names of the fields that changed


def plan_forums(session: Session, ctx: RunContext, actor: str | None = None) -> list[Forum]:
    """Plan the pack's forums of the current round (flushes; returns those created).

    Forums planned before and not yet held follow the pack (`_plan`).
    """
    return _plan(session, ctx.cycle, ctx.pack, ctx.org_id, actor or ctx.run.started_by).made


def plan_cycle_forums(
    *, session: Session, organisation: str | None, cycle: int | None, actor: str
) -> Planned:
    """Plan the current round's pack forums ahead of the forums stage (commits).

    Planned forums get their portal links at once, so stakeholders can give input before
    and during the forum; the forums stage later imports attendance and minutes. A forum
    planned before and still open follows the pack when its date, hours, venue, title,
    groups or agenda changed there (audited as `forum.updated`).

    Raises:
        ServiceError: the actor may not organise forums, or the cycle is not active.
    """
    org = get_org(session, organisation)
    require_role(
        get_member(session, org, actor),
        (Role.ORGANISER, Role.OFFICER, Role.ADMIN),
        "merencanakan forum",
    )
    cyc = get_cycle(session, org, cycle)
    if cyc.status != CycleStatus.ACTIVE:
        raise ServiceError(
            f"Siklus ke-{cyc.number} {cycle_status_word(cyc.status)}; forum tidak dapat "
            "direncanakan."
        )
    made = _plan(session, cyc, org_pack(org), org.id or 0, actor)
    session.commit()
    return made


def _pack_values(pf: PackForum) -> dict[str, Any]:
    """A pack forum's fields as the forum stores them."""
    hours = pf.hours()
    return {
        "title": pf.title,
        "held_on": pf.date,
        "starts_at": hours.start if hours else None,
        "ends_at": hours.end if hours else None,
        "venue": pf.venue,
        "groups": list(pf.groups),
        "agenda": list(pf.agenda),
    }


def _plan(session: Session, cycle: Cycle, pack: Pack, org_id: int, actor: str) -> Planned:
    have = {f.code: f for f in session.exec(select(Forum).where(Forum.cycle_id == cycle.id))}
    rnd = current_round(session, cycle)
    updated = []
    for pf in pack.forums:
        forum = have.get(pf.code)
        # A forum still planned follows the pack; one closed keeps what it was held as.
        if forum is None or forum.round != rnd or forum.status != "planned":
            continue
        values = _pack_values(pf)
        changed = [k for k, v in values.items() if getattr(forum, k) != v]
        if changed:
            for k in changed:
                setattr(forum, k, values[k])
            _record_forum(session, forum, "forum.updated", actor, org_id, "paket")
            updated.append((forum, changed))
    wanted = [pf for pf in pack.forums if pf.code not in have and pf.round == rnd]
    made = []
    for pf in wanted:
        forum = Forum(cycle_id=cycle.id or 0, round=rnd, code=pf.code, **_pack_values(pf))
        _record_forum(session, forum, "forum.planned", actor, org_id, "paket")
        made.append(forum)
    return Planned(made, updated)


def add_forum(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    code: str,
    title: str,
    held_on: date,
    venue: str,
    groups: Sequence[str],
    agenda: Sequence[str],
    actor: str,
    hours: str | None = None,
) -> Forum:
    """Add a forum that is not in the pack (e.g. for a later consultation round).

    `hours` is written as a pack writes a forum's `time` ("09.00–12.00").

    Raises:
        ServiceError: the actor may not organise forums, the cycle is not active, the code is
            malformed or taken, a field is empty, or a group is not in the pack.
    """
    org = get_org(session, organisation)
    require_role(
        get_member(session, org, actor),
        (Role.ORGANISER, Role.OFFICER, Role.ADMIN),
        "menambah forum",
    )
    cyc = get_cycle(session, org, cycle)
    if cyc.status != CycleStatus.ACTIVE:
        raise ServiceError(
            f"Siklus ke-{cyc.number} {cycle_status_word(cyc.status)}; forum tidak dapat ditambah."
        )
    pack = org_pack(org)
    problems = []
    if re.fullmatch(r"[A-Za-z0-9_.\-]{1,64}", code) is None:
        problems.append(
            f"kode forum '{code}' hanya boleh berisi huruf, angka, titik, garis bawah "
            "atau tanda hubung, tanpa spasi"
        )
    elif session.exec(select(Forum.id).where(Forum.cycle_id == cyc.id, Forum.code == code)).first():
        problems.append(f"forum '{code}' sudah ada di siklus ke-{cyc.number}")
    problems += [
        f"{what} wajib diisi"
        for what, value in (("judul", title), ("tempat", venue))
        if not value.strip()
    ]
    known = {g.code for g in pack.stakeholder_groups}
    unknown = [g for g in groups if g not in known]
    if not groups:
        problems.append("sebutkan minimal satu kelompok pemangku kepentingan yang diundang")
    if unknown:
        listed = ", ".join(f"{g.code} ({g.name})" for g in pack.stakeholder_groups) or "tidak ada"
        problems.append(
            f"kelompok tidak dikenal: {', '.join(unknown)} (yang ada di paket: {listed})"
        )
    parsed = None
    if hours is not None and hours.strip():
        try:
            parsed = parse_hours(hours)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ServiceError("Forum tidak dapat ditambah: " + "; ".join(problems) + ".")
    forum = Forum(
        cycle_id=cyc.id or 0,
        round=current_round(session, cyc),
        code=code,
        title=title.strip(),
        held_on=held_on,
        starts_at=parsed.start if parsed else None,
        ends_at=parsed.end if parsed else None,
        venue=venue.strip(),
        groups=list(groups),
        agenda=[a.strip() for a in agenda if a.strip()],
    )
    _record_forum(session, forum, "forum.added", actor, org.id, "manual")
    session.commit()
    return forum
