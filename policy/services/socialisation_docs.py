"""The per-workshop and per-unit documents of the socialisation stage.

Layer: domain services (helpers of `policy.services.socialisation`; they publish and flush,
the stage service commits). Per workshop: the Kerangka Acuan Kegiatan (`kak-<code>`) and the
Daftar Hadir of the session (`daftar-hadir-kegiatan-<code>`: the invited participants, from
the workshop's target units and jabatan patterns, with the attendance recorded so far). Per
unit with employees not reached yet: the list for the head of unit
(`belum-terjangkau-<unit>`), with the JP each of them has this year and the workshops meant
for the unit.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from itertools import groupby

from sqlmodel import Session, col, select

from policy.documents import DocHeader, View
from policy.evaluation import round_half_up
from policy.locale import Locale
from policy.models import Employee, Workshop, WorkshopAttendance
from policy.services.stagework import DocRef, RunContext, publish_all
from policy.services.workshop_targets import JP_RIGHT, target_counts, target_people
from policy.views.socialisation import (
    AttendanceSheetView,
    KakView,
    NotReachedPerson,
    NotReachedView,
    SessionInfo,
    SessionRow,
    SheetRow,
    TargetUnit,
    UnitWorkshop,
    WorkshopInfo,
)

KAK_TITLES: dict[Locale, str] = {"id": "Kerangka Acuan Kegiatan", "en": "Terms of Reference"}
SHEET_TITLES: dict[Locale, str] = {"id": "Daftar Hadir Kegiatan", "en": "Attendance List"}
NOT_REACHED_TITLES: dict[Locale, str] = {
    "id": "Daftar Pegawai Belum Terjangkau Sosialisasi",
    "en": "Employees Not Yet Reached by Socialisation",
}
BLANK_ROWS = 5


@dataclass(frozen=True)
class Publishing:
    """What every document of one `produce` call shares."""

    session: Session
    ctx: RunContext
    on: date
    locales: tuple[Locale, ...]
    actor: str
    flow_run_id: str | None
    prepared: tuple[str, str]  # name, title

    def header(
        self,
        titles: Mapping[Locale, str],
        subtitle: str,
        layout: str = "report",
        locale: Locale | None = None,
    ) -> DocHeader:
        """A document's header in `locale` (default: the first one published)."""
        title = titles[locale or self.locales[0]]
        return self.ctx.header(title, self.on, subtitle=subtitle, layout=layout)

    def localised(
        self, view: View, titles: Mapping[Locale, str], subtitle: str, layout: str = "report"
    ) -> dict[Locale, View]:
        """One view in every locale: the same data, the header titled in each."""
        return {
            loc: view.model_copy(update={"header": self.header(titles, subtitle, layout, loc)})
            for loc in self.locales
        }

    def publish(self, key: str, template: str, views: Mapping[Locale, object]) -> list[DocRef]:
        """Publish one document in every locale."""
        return publish_all(self.session, self.ctx, key=key, template=template,
                           views=views, actor=self.actor,  # type: ignore[arg-type]
                           flow_run_id=self.flow_run_id)  # fmt: skip


def for_all(workshop: Workshop, names: Mapping[str, str]) -> bool:
    """Whether a workshop is meant for every unit (none named, or all of them)."""
    return not workshop.units or set(workshop.units) >= set(names)


def _info(w: Workshop) -> WorkshopInfo:
    return WorkshopInfo(code=w.code, topic=w.topic, held_on=w.held_on, starts_at=w.starts_at,
                        ends_at=w.ends_at, trainer=w.trainer, venue=w.venue, jp=w.jp,
                        capacity=w.capacity)  # fmt: skip


def seated(units: Sequence[str], sessions: int, capacity: int | None) -> list[int]:
    """The session (1, 2, …) of each participant, given in unit order, for the Daftar Hadir.

    Sessions fill in turn, each up to the room's `capacity` (none: an equal share), and a
    unit's participants sit in one session where it has room for all of them; a unit larger
    than a session is split. What the last session cannot seat stays in it (over capacity:
    the KAK says more sessions must be planned).
    """
    if sessions <= 1:
        return [1] * len(units)
    limit = capacity or math.ceil(len(units) / sessions)
    out: list[int] = []
    current, used = 1, 0
    for _unit, group in groupby(units):
        size = len(list(group))
        if used and used + size > limit and size <= limit and current < sessions:
            current, used = current + 1, 0
        for _ in range(size):
            if used >= limit and current < sessions:
                current, used = current + 1, 0
            out.append(current)
            used += 1
    return out


def _sessions(w: Workshop) -> list[tuple[date, time | None, time | None, str]]:
    """Every session of the workshop, the first (its own date) included: date, hours, venue."""
    return [(w.held_on, w.starts_at, w.ends_at, w.venue)] + [
        (
            date.fromisoformat(s["date"]),
            time.fromisoformat(s["starts_at"]) if s.get("starts_at") else None,
            time.fromisoformat(s["ends_at"]) if s.get("ends_at") else None,
            str(s.get("venue") or ""),
        )
        for s in w.sessions
    ]


def last_session(w: Workshop) -> date:
    """The date of a workshop's last session (its own date when it is held once)."""
    return max(on for on, *_ in _sessions(w))


def _schedule(w: Workshop, seats: Sequence[int]) -> list[SessionInfo]:
    """Every session of the workshop, with the participants it seats."""
    count = Counter(seats)
    return [
        SessionInfo(
            number=n, held_on=d, starts_at=a, ends_at=b, venue=v, participants=count.get(n, 0)
        )  # fmt: skip
        for n, (d, a, b, v) in enumerate(_sessions(w), start=1)
    ]


Person = tuple[str, str, str, str]  # unit code, name, NIP, jabatan
Seating = tuple[list[Person], list[int]]  # invited in the Daftar Hadir's order, their sessions


def _by_unit_name(names: Mapping[str, str]) -> Callable[[Person], tuple[str, str, str]]:
    """The Daftar Hadir's order: unit name, then name, then NIP."""

    def key(person: Person) -> tuple[str, str, str]:
        return names.get(person[0], person[0]).casefold(), person[1].casefold(), person[2]

    return key


def seating(session: Session, org_id: int, w: Workshop, names: Mapping[str, str]) -> Seating:
    """The workshop's invited participants in the Daftar Hadir's order, and their sessions.

    Read once per workshop for its KAK and Daftar Hadir and the Laporan Sosialisasi: the
    session planned for each participant (`seated`) is the same in all three.
    """
    invited = target_people(session, org_id, [] if for_all(w, names) else w.units, w.positions)
    key = _by_unit_name(names)
    ordered = sorted(invited, key=key)
    return ordered, seated([key(x)[0] for x in ordered], 1 + len(w.sessions), w.capacity)


def session_rows(session: Session, w: Workshop, seated: Seating) -> tuple[list[SessionRow], int]:
    """A workshop held in several sessions, session by session; and the unplaced attendees.

    Each attendance row counts in the session the attendance file names (its `angkatan`),
    else in the one planned for the participant; a participant with no row counts as not
    recorded in the planned session. The second value: attendance rows of people outside
    the target with no session recorded, who belong to no session. `seated` is the
    workshop's `seating`.
    """
    ordered, planned = seated
    plan = {nip: n for (_, _, nip, _), n in zip(ordered, planned, strict=True)}
    count = 1 + len(w.sessions)
    here, away, unplaced = Counter[int](), Counter[int](), 0
    recorded: set[str] = set()
    rows = session.exec(
        select(WorkshopAttendance.nip, WorkshopAttendance.session, WorkshopAttendance.present)
        .where(WorkshopAttendance.workshop_id == w.id)
    ).all()  # fmt: skip
    for nip, attended, present in rows:
        recorded.add(nip)
        n = attended if attended and attended <= count else plan.get(nip, 0)
        if not n:
            unplaced += 1
            continue
        (here if present else away)[n] += 1
    missing = Counter(n for nip, n in plan.items() if nip not in recorded)
    seats = Counter(planned)
    return [
        SessionRow(
            number=n,
            held_on=on,
            planned=seats[n],
            present=here[n],
            absent=away[n],
            unrecorded=missing[n],
        )  # fmt: skip
        for n, (on, *_) in enumerate(_sessions(w), start=1)
    ], unplaced


def _kak(
    p: Publishing, w: Workshop, names: Mapping[str, str], planned: Sequence[int], header: DocHeader
) -> KakView:
    everyone = for_all(w, names)
    counts = target_counts(p.session, p.ctx.org_id, [] if everyone else w.units, w.positions)
    codes = sorted(names) if everyone else list(w.units)
    targets = [TargetUnit(unit=names.get(c, c), employees=counts.get(c, 0)) for c in codes]
    if everyone:
        targets.sort(key=lambda t: t.unit.casefold())
    participants = sum(t.employees for t in targets)
    sessions = math.ceil(participants / w.capacity) if w.capacity and participants else 1
    return KakView(
        header=header, legal_form=p.ctx.policy.legal_form, policy_title=p.ctx.policy.title,
        organisation=p.ctx.org.name, code=w.code, topic=w.topic, held_on=w.held_on,
        starts_at=w.starts_at, ends_at=w.ends_at, trainer=w.trainer, venue=w.venue, jp=w.jp,
        all_units=everyone,
        positions=list(w.positions), capacity=w.capacity, sessions_needed=sessions,
        schedule=_schedule(w, planned), targets=targets, participants=participants,
        prepared_by=p.prepared[0], prepared_by_title=p.prepared[1],
    )  # fmt: skip


def _score(value: float | None) -> Decimal | None:
    return None if value is None else round_half_up(Fraction(Decimal(str(value))), 2)


def _sheet(
    p: Publishing,
    w: Workshop,
    names: Mapping[str, str],
    seated: Seating,
    header: DocHeader,
) -> AttendanceSheetView:
    ordered, planned = seated
    recorded = {
        a.nip: a
        for a in p.session.exec(
            select(WorkshopAttendance).where(WorkshopAttendance.workshop_id == w.id)
        )
    }
    invited_nips = {nip for _, _, nip, _ in ordered}
    walk_ins = sorted(set(recorded) - invited_nips)
    others = p.session.exec(
        select(Employee.unit_code, Employee.name, Employee.nip, Employee.position).where(
            Employee.organisation_id == p.ctx.org_id, col(Employee.nip).in_(walk_ins)
        )
    ).all()

    key = _by_unit_name(names)
    count = 1 + len(w.sessions)

    def attended(nip: str, planned: int) -> int:
        """The session recorded for `nip` (the attendance file's `angkatan`), else the plan."""
        a = recorded.get(nip)
        return a.session if a is not None and a.session and a.session <= count else planned

    people = [(x, plan, attended(x[2], plan)) for x, plan in zip(ordered, planned, strict=True)]
    people += [
        ((u, n, nip, pos), 0, attended(nip, 0)) for u, n, nip, pos in sorted(others, key=key)
    ]
    people.sort(key=lambda q: q[2] or count + 1)  # by session, walk-ins without one last
    seats = [seat for _, plan, seat in people if plan]
    rows = []
    for no, ((unit, name, nip, position), plan, seat) in enumerate(people, start=1):
        a = recorded.get(nip)
        rows.append(SheetRow(
            no=no, name=name, nip=nip, position=position, unit=names.get(unit, unit),
            invited=plan > 0, session=seat, planned=plan, present=a.present if a else None,
            pre_test=_score(a.pre_test) if a else None,
            post_test=_score(a.post_test) if a else None,
        ))  # fmt: skip
    present = sum(1 for a in recorded.values() if a.present)
    return AttendanceSheetView(
        header=header, workshop=_info(w),
        schedule=_schedule(w, seats), rows=rows, invited=len(ordered), recorded=len(recorded),
        present=present, absent=len(recorded) - present,
        over_capacity=bool(w.capacity and len(ordered) > w.capacity * count),
        blank_rows=0 if recorded else BLANK_ROWS,
    )  # fmt: skip


def publish_workshop_documents(
    p: Publishing,
    workshops: Sequence[Workshop],
    names: Mapping[str, str],
    seated_by: Mapping[int, Seating],
) -> list[DocRef]:
    """The KAK and the Daftar Hadir of every workshop of the cycle.

    `seated_by` holds each workshop's `seating`, by its id.
    """
    docs: list[DocRef] = []
    for w in workshops:
        # Each document is made once; the locales differ only in the header's title.
        seats = seated_by[w.id or 0]
        kak = _kak(p, w, names, seats[1], p.header(KAK_TITLES, w.topic))
        docs += p.publish(f"kak-{w.code}", "kerangka_acuan",
                          p.localised(kak, KAK_TITLES, w.topic))  # fmt: skip
        # Held in several sessions: each session's list is signed on its own day, own page.
        layout = "signing" if w.sessions else "report"
        sheet = _sheet(p, w, names, seats, p.header(SHEET_TITLES, w.topic, layout))
        docs += p.publish(f"daftar-hadir-kegiatan-{w.code}", "daftar_hadir_kegiatan",
                          p.localised(sheet, SHEET_TITLES, w.topic, layout))  # fmt: skip
    return docs


@dataclass(frozen=True)
class UnitStanding:
    """A unit's coverage and its employees not reached yet (unit code, name, NIP, jabatan)."""

    code: str
    name: str
    employees: int
    reached: int
    people: tuple[tuple[str, str, str], ...]  # name, NIP, jabatan


def publish_unit_lists(
    p: Publishing,
    units: Sequence[UnitStanding],
    workshops: Sequence[Workshop],
    names: Mapping[str, str],
    target: Fraction,
    jp: Mapping[str, int],
    jp_year: int,
) -> list[DocRef]:
    """The list of employees not reached yet, for the head of every unit that has any."""
    heads = {u.code: (u.head_name, u.head) for u in p.ctx.pack.units}
    docs: list[DocRef] = []
    for u in units:
        if not u.people:
            continue
        share = Fraction(u.reached, u.employees)
        meant = [UnitWorkshop(code=w.code, topic=w.topic, held_on=w.held_on,
                              last_on=last_session(w), sessions=1 + len(w.sessions), jp=w.jp)
                 for w in workshops if for_all(w, names) or u.code in w.units]  # fmt: skip
        people = [NotReachedPerson(name=n, nip=nip, position=pos, jp=jp.get(nip, 0))
                  for n, nip, pos in u.people]  # fmt: skip

        view = NotReachedView(
            header=p.header(NOT_REACHED_TITLES, u.name),
            legal_form=p.ctx.policy.legal_form, policy_title=p.ctx.policy.title,
            unit=u.name, head_name=heads.get(u.code, ("", ""))[0],
            head_title=heads.get(u.code, ("", ""))[1], employees=u.employees,
            reached=u.reached, percent=round_half_up(share * 100, 1),
            target_percent=round_half_up(target * 100, 1), below_target=share < target,
            people=people, workshops=meant, jp_year=jp_year, jp_right=JP_RIGHT,
            prepared_by=p.prepared[0], prepared_by_title=p.prepared[1],
        )  # fmt: skip
        docs += p.publish(f"belum-terjangkau-{u.code}", "belum_terjangkau",
                          p.localised(view, NOT_REACHED_TITLES, u.name))  # fmt: skip
    return docs
