"""Follow-up actions tracked to closure, and carried into the next cycle's needs analysis.

Layer: domain services (counterparts: `siklus action`; the carrying itself is
`policy.services.action_carry`, which `policy.services.needs_analysis` runs). An action is
`open` until someone responsible closes it with a note (`done`), or until the next cycle's
needs analysis takes it over (`carried`, linked to that cycle). A carried action is still to be
done: it stays in the open list, can be closed from any later cycle, and every later cycle's
needs analysis takes it over again (it then points at the newest cycle) until it is closed.
Before it is done, the unit may report how far it has come (`progress_note`, the latest report
kept), through the officer or on its own page (`policy.services.unit_reports`). Every change is
an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from policy import audit
from policy.models import (
    ActionStatus,
    Cycle,
    FollowUpAction,
    Organisation,
    Role,
    StageRun,
    utcnow,
)
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_policy,
    require_role,
    unit_names,
)

if TYPE_CHECKING:
    from policy.services.import_target import ImportTarget

CLOSERS = (Role.OFFICER, Role.LEADER, Role.ADMIN)
#: The actor a unit head reports as on the unit's page (`unit:<KODE>`, `unit_reports`).
UNIT_ACTOR = "unit:"
NOT_DONE = (ActionStatus.OPEN.value, ActionStatus.CARRIED.value)
"""Statuses of an action still to be done (`siklus action list --status open`)."""
GROUPED_RULES = frozenset({"coaching", "talent_pool"})
"""Actions about employees are carried as one problem per unit, not one per person."""


@dataclass(frozen=True)
class ActionInfo:
    """A follow-up action as plain data (CLI, reports)."""

    id: int
    cycle: int
    period: str
    rule: str
    subject: str
    name: str
    unit: str
    title: str
    owner: str
    due_on: date
    status: str
    closed_by: str | None
    closed_at: datetime | None
    closing_note: str
    carried_to_cycle: int | None
    progress_note: str = ""
    progress_at: datetime | None = None
    #: Who sees to it: "unit" (`owner_unit`, else the unit named `owner`), "employee" or
    #: "nip" (the unit of the employee, `unit`), "member" or "other" (the officers).
    owner_kind: str = ""
    owner_unit: str = ""

    def keeping_unit(self, code_of: dict[str, str]) -> str:
        """The code of the unit that sees to the action ('' for a member or the officers)."""
        return keeping_unit(self.owner_kind, self.owner_unit, self.owner, self.unit, code_of)


def keeping_unit(kind: str, owner_unit: str, owner: str, unit: str, code_of: dict[str, str]) -> str:
    """The code of the unit that sees to an action ('' for a member or the officers).

    `code_of` maps unit names to codes. A unit's action is its owner unit's; an employee's
    (coaching, the talent pool of a unit's staff kept by the unit) is the employee's unit's,
    whose head sees to it since the supervisor has no address in the staff list.
    """
    if kind == "unit":
        return owner_unit or code_of.get(owner, "")
    if kind in ("employee", "nip"):
        return code_of.get(unit, "")
    return ""


def _info(action: FollowUpAction, numbers: dict[int, int], periods: dict[int, str]) -> ActionInfo:
    d = action.data
    return ActionInfo(
        id=action.id or 0,
        cycle=numbers.get(action.cycle_id, 0),
        period=periods.get(action.stage_run_id, ""),
        rule=action.rule,
        subject=action.subject,
        name=d.get("name", action.subject),
        unit=d.get("unit", ""),
        title=action.title,
        owner=action.owner,
        due_on=action.due_on,
        status=action.status,
        closed_by=action.closed_by,
        closed_at=action.closed_at,
        closing_note=action.closing_note,
        carried_to_cycle=numbers.get(action.carried_to_cycle_id or 0),
        progress_note=action.progress_note,
        progress_at=action.progress_at,
        owner_kind=d.get("owner_kind", "other"),
        owner_unit=d.get("owner_unit") or "",
    )


def cycle_numbers(session: Session, policy_id: int) -> dict[int, int]:
    """Each cycle of the policy: id -> number."""
    rows = session.exec(select(Cycle.id, Cycle.number).where(Cycle.policy_id == policy_id))
    return {cid or 0: number for cid, number in rows}


def list_actions(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None = None,
    status: str | None = None,
    period: str | None = None,
    unit: str | None = None,
) -> list[ActionInfo]:
    """The organisation's actions, oldest first, each once.

    `cycle`: the actions made in that cycle and those carried into it. `status` "open":
    every action not done yet, carried ones included. `unit` (a unit's code, any case):
    the actions about that unit or its employees.

    Raises:
        ServiceError: an unknown status or unit.
    """
    if status is not None and status not in {s.value for s in ActionStatus}:
        names = ", ".join(s.value for s in ActionStatus)
        raise ServiceError(f"Status '{status}' tidak dikenal; pilih: {names}.")
    org = get_org(session, organisation)
    numbers = cycle_numbers(session, get_policy(session, org).id or 0)
    query = select(FollowUpAction).where(col(FollowUpAction.cycle_id).in_(list(numbers)))
    if cycle is not None:
        cycle_id = get_cycle(session, org, cycle).id
        query = query.where(
            (col(FollowUpAction.cycle_id) == cycle_id)
            | (col(FollowUpAction.carried_to_cycle_id) == cycle_id)
        )
    if status == ActionStatus.OPEN:
        query = query.where(col(FollowUpAction.status).in_(NOT_DONE))
    elif status is not None:
        query = query.where(FollowUpAction.status == status)
    runs = {
        rid or 0: p
        for rid, p in session.exec(
            select(StageRun.id, StageRun.period).where(col(StageRun.cycle_id).in_(list(numbers)))
        )
    }
    if period is not None:
        wanted = [run for run, p in runs.items() if p == period]
        query = query.where(col(FollowUpAction.stage_run_id).in_(wanted))
    actions = session.exec(query.order_by(col(FollowUpAction.id))).all()
    found = [_info(a, numbers, runs) for a in actions]
    if unit is None:
        return found
    units = unit_names(session, org.id)
    return [a for a in found if a.unit == units[unit_code(units, unit)]]


def unit_code(units: dict[str, str], unit: str) -> str:
    """The code of `unit`, written in any case, among the organisation's `units`.

    Raises:
        ServiceError: no such unit (the message lists the codes there are).
    """
    code = next((c for c in units if c.casefold() == unit.casefold()), None)
    if code is None:
        raise ServiceError(f"Unit '{unit}' tidak ada; pilih: {', '.join(sorted(units))}.")
    return code


def close_action(
    *, session: Session, organisation: str | None, action_id: int, actor: str, note: str
) -> ActionInfo:
    """Close an open (or carried) action with a note saying what was done.

    Raises:
        ServiceError: not allowed, no note, the action is already done or unknown.
    """
    org, action = _undone_action(
        session, organisation, action_id, actor, "menutup tindak lanjut",
        "Catatan penutupan wajib diisi: tuliskan apa yang sudah dilakukan dan buktinya "
        '(mis. --note "Coaching 3 sesi, SKP direvisi 12/11/2026").', note, "",
    )  # fmt: skip
    audit.record_many(session, [_close(session, org.id, action, actor, note)])
    return _saved(session, org, action)


def record_progress(
    *, session: Session, organisation: str | None, action_id: int, actor: str, note: str
) -> ActionInfo:
    """Record how far an open (or carried) action has come; the action stays open.

    Raises:
        ServiceError: not allowed, no note, the action is already done or unknown.
    """
    org, action = _undone_action(
        session, organisation, action_id, actor, "mencatat perkembangan tindak lanjut",
        "Catatan perkembangan wajib diisi: tuliskan apa yang sudah berjalan "
        '(mis. --note "Coaching sesi 1 dari 3 selesai 10/11/2026").', note,
        "; perkembangan tidak dicatat lagi",
    )  # fmt: skip
    if (event := _progress(session, org.id, action, actor, note)) is not None:
        audit.record_many(session, [event])
    return _saved(session, org, action)


def report_progress(
    session: Session, org: Organisation, action: FollowUpAction, actor: str, note: str
) -> ActionInfo:
    """Keep `note` as the progress of `org`'s open `action`, reported by `actor` (commits).

    For a unit head on their unit's page (`policy.services.unit_reports`), who is no member:
    the caller has checked that the action is theirs and not done, and the note's length.
    """
    if (event := _progress(session, org.id, action, actor, note)) is not None:
        audit.record_many(session, [event])
    return _saved(session, org, action)


#: Longest note for the public page, in characters.
PUBLIC_NOTE_MAX = 600


def set_public_note(
    *,
    session: Session,
    organisation: str | None,
    action_id: int,
    actor: str,
    note: str,
    clear: bool = False,
) -> ActionInfo:
    """Set (or with `clear`, remove) what the public reads of a corrective IKM action.

    The SKM results page (`policy.services.skm_publication`) shows a unit's corrective actions
    with their state and dates; the progress and closing notes are written for the
    organisation and stay off it. This note is written for the public ("Loket tambahan dibuka
    setiap Senin"), open or done, and replaces the earlier one; each change is audited.

    Raises:
        ServiceError: not allowed, no note (without `clear`), too long a note, an action the
            public page does not show (not a unit's IKM action), or an unknown action.
    """
    org, action = _org_action(session, organisation, action_id, actor, "menulis catatan publik")
    if action.rule != PUBLIC_RULE:
        raise ServiceError(
            f"Tindak lanjut #{action_id} bukan tindakan korektif IKM unit layanan; halaman hasil "
            "SKM hanya memuat tindakan korektif IKM, jadi catatan publik hanya untuk itu."
        )
    text = "" if clear else " ".join(note.split())
    if not clear and not text:
        raise ServiceError(
            'Catatan publik wajib diisi, mis. --note "Loket tambahan dibuka setiap Senin sejak '
            '1 Desember 2026"; untuk menghapusnya: --clear.'
        )
    if len(text) > PUBLIC_NOTE_MAX:
        raise ServiceError(
            f"Catatan publik terlalu panjang: {len(text)} karakter, paling banyak "
            f"{PUBLIC_NOTE_MAX}."
        )
    if text != action.public_note:
        previous, action.public_note = action.public_note, text
        session.add(action)
        audit.record(
            session, actor=actor, action="followup.public_note", subject_type="followup_action",
            subject_id=action.id or 0, organisation_id=org.id,
            payload={"rule": action.rule, "subject": action.subject, "note": text,
                     "previous": previous},
        )  # fmt: skip
    return _saved(session, org, action)


#: The rule of the actions the public SKM results page shows.
PUBLIC_RULE = "corrective_ikm"


def _org_action(
    session: Session, organisation: str | None, action_id: int, actor: str, doing: str
) -> tuple[Organisation, FollowUpAction]:
    """The organisation and its action `action_id`, for `actor` (a closer) to be `doing` on.

    Raises:
        ServiceError: `actor` may not; NotFoundError: no such action in the organisation.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), CLOSERS, doing)
    return org, find_action(session, org, action_id)


def _undone_action(
    session: Session,
    organisation: str | None,
    action_id: int,
    actor: str,
    doing: str,
    no_note: str,
    note: str,
    done_too: str,
) -> tuple[Organisation, FollowUpAction]:
    """The organisation and its action `action_id`, not done yet, for `actor` to work on.

    Raises:
        ServiceError: `actor` may not be `doing` it, `note` is empty (`no_note` says what to
        write), or the action is unknown or already done (then `done_too` is added).
    """
    org, action = _org_action(session, organisation, action_id, actor, doing)
    if not note.strip():
        raise ServiceError(no_note)
    if action.status == ActionStatus.DONE:
        raise ServiceError(
            f"Tindak lanjut #{action_id} sudah selesai (ditutup oleh {action.closed_by}){done_too}."
        )
    return org, action


def _saved(session: Session, org: Organisation, action: FollowUpAction) -> ActionInfo:
    """Commit the action's change; the action as `list_actions` shows it."""
    session.commit()
    return action_info(session, org, action)


def action_info(session: Session, org: Organisation, action: FollowUpAction) -> ActionInfo:
    """One action of `org` as `list_actions` shows it, read on its own."""
    run = session.get(StageRun, action.stage_run_id)
    numbers = cycle_numbers(session, get_policy(session, org).id or 0)
    return _info(action, numbers, {action.stage_run_id: run.period} if run else {})


def find_action(session: Session, org: Organisation, action_id: int) -> FollowUpAction:
    """The organisation's action `action_id`.

    Raises:
        NotFoundError: the organisation has no such action.
    """
    action = session.get(FollowUpAction, action_id)
    if action is None or action.cycle_id not in cycle_numbers(
        session, get_policy(session, org).id or 0
    ):
        raise NotFoundError(f"Tindak lanjut #{action_id} tidak ditemukan di {org.code}.")
    return action


def _close(
    session: Session,
    organisation_id: int | None,
    action: FollowUpAction,
    actor: str,
    note: str,
    source: str = "",
) -> audit.Entry:
    """Mark an action not yet done as done with its note; the audit event to record."""
    previous = action.status
    action.status = ActionStatus.DONE
    action.closed_by = actor
    action.closed_at = utcnow()
    action.closing_note = note.strip()
    session.add(action)
    return audit.Entry(
        actor=actor, action="followup.closed", subject_type="followup_action",
        subject_id=action.id or 0, organisation_id=organisation_id,
        payload={"rule": action.rule, "subject": action.subject, "previous": previous,
                 "note": action.closing_note, **({"file": source} if source else {})},
    )  # fmt: skip


def _progress(
    session: Session,
    organisation_id: int | None,
    action: FollowUpAction,
    actor: str,
    note: str,
    source: str = "",
) -> audit.Entry | None:
    """Keep `note` as the action's progress; the audit event, or None when it is unchanged."""
    if action.progress_note == note.strip():
        return None
    previous = action.progress_note
    action.progress_note = note.strip()
    action.progress_by = actor
    action.progress_at = utcnow()
    session.add(action)
    return audit.Entry(
        actor=actor, action="followup.progress", subject_type="followup_action",
        subject_id=action.id or 0, organisation_id=organisation_id,
        payload={"rule": action.rule, "subject": action.subject, "note": action.progress_note,
                 "previous": previous, **({"file": source} if source else {})},
    )  # fmt: skip


#: How `siklus action list` and the export word each status.
STATUS_WORDS = {"open": "terbuka", "done": "selesai", "carried": "dibawa ke siklus berikutnya"}


def write_closures(t: ImportTarget, rows: list[Any]) -> int:
    """Close each action whose row has a `catatan_penyelesaian` (the `tindak_lanjut` import).

    A row with a `perkembangan` only records how far its action has come (the action stays
    open); a row with neither leaves its action as it is; a row repeating what is stored
    (the note an action was closed with, the progress last reported) changes nothing, so the
    same file imported again closes and records nothing twice. Refused, each at its line: a
    number that is no action of the organisation, an action already closed with another
    note, or progress for an action already done. All or nothing: the import service rolls
    back on any error. Returns the number of actions closed or given progress.
    """
    from policy.importerrors import RowError

    org = t.org
    numbers = cycle_numbers(t.session, get_policy(t.session, org).id or 0)
    wanted = [r for r in rows if r.note.strip() or r.progress.strip()]
    found = {
        a.id: a
        for a in t.session.exec(
            select(FollowUpAction).where(
                col(FollowUpAction.id).in_([r.number for r in wanted]),
                col(FollowUpAction.cycle_id).in_(list(numbers)),
            )
        )
    }
    errors = []
    for r in wanted:
        action = found.get(r.number)
        if action is None:
            errors.append(RowError(r.line, "no", f"tindak lanjut nomor {r.number} tidak ada di "
                                               f"{org.code}"))  # fmt: skip
        elif action.status != ActionStatus.DONE:
            continue
        elif r.note.strip() and action.closing_note != r.note.strip():
            errors.append(RowError(r.line, "catatan_penyelesaian", (
                f"tindak lanjut nomor {r.number} sudah selesai (ditutup oleh {action.closed_by} "
                "dengan catatan lain); catatannya tidak diubah"
            )))  # fmt: skip
        elif not r.note.strip() and r.progress.strip() != action.progress_note:
            errors.append(RowError(r.line, "perkembangan", (
                f"tindak lanjut nomor {r.number} sudah selesai (ditutup oleh {action.closed_by}); "
                "perkembangannya tidak dicatat lagi"
            )))  # fmt: skip
    t.fail(errors)
    # The audit events of every action given progress or closed, chained in one batch.
    events: list[audit.Entry] = []
    closed = progressed = 0
    for r in wanted:
        action = found[r.number]
        if action.status == ActionStatus.DONE:
            continue
        if r.progress.strip():
            event = _progress(t.session, org.id, action, t.record.actor, r.progress, t.filename)
            if event is not None:
                events.append(event)
                progressed += r.note.strip() == ""
        if r.note.strip():
            events.append(_close(t.session, org.id, action, t.record.actor, r.note, t.filename))
            closed += 1
    audit.record_many(t.session, events)
    if progressed:
        t.notes.append(f"{progressed} tindak lanjut dicatat perkembangannya (belum selesai)")
    if len(wanted) < len(rows):
        t.notes.append(
            f"{len(rows) - len(wanted)} tindak lanjut tanpa catatan_penyelesaian atau "
            "perkembangan dibiarkan seperti adanya"
        )
    return closed + progressed
