"""Objections (keberatan) to employees' results: filing, the superiors' decisions, withdrawal.

Layer: domain services over `policy.evaluation.objection` (counterparts: `siklus objection
file`, `decide` and `withdraw`; the register, its document and what the private sheets and
the leaders' pages show of it are `policy.services.objection_register`). An employee who
objects to the result of an evaluated period files the objection with the superior of the
assessing official (PP 30/2019 Pasal 59); the personnel officer registers it here, checked
against the 14 days, and records the superior's decision, which is final, or the employee's
withdrawal before it. A changed result is a correction of the period's data: the decision
names what is still to be done, by where the period's run stands.

Who the objection goes to: the employee's supervisor (`nip_atasan`) is the assessing
official (Pejabat Penilai Kinerja); that supervisor's own supervisor decides. When the
staff list does not name one (a head of office reports to the Sekda, who is not on it),
the officer names the addressee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from policy import audit
from policy.enums import Predikat, RunStatus
from policy.evaluation.objection import SOURCE, FilingError, Outcome, check_decision, check_filing
from policy.locale import format_date
from policy.models import Employee, Objection, Organisation, StageRun
from policy.nip import NipError, validate_nip
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    NotFoundError,
    ServiceError,
    get_member,
    get_org,
    require_role,
    written_text,
)
from policy.services.objection_register import (
    current_results,
    evaluated_period,
    next_steps,
    received_day,
    superior_of,
    who,
)
from policy.services.placements import placements_at
from policy.services.stagework import RunContext, document_date

#: Longest reason or consideration recorded (a page of text; the letter itself is on file).
TEXT_MAX = 4000
#: Longest name of who decides (a name and a title).
NAME_MAX = 200


@dataclass(frozen=True)
class Filed:
    """A registered objection, for the command line."""

    number: int
    name: str
    nip: str
    period: str
    predikat: str
    addressee: str
    last_day: date
    received_on: date
    #: The day received is the sheet's first opening through its link (not given, not issued).
    received_opened: bool = False


@dataclass(frozen=True)
class Decided:
    """A recorded decision and what it still asks for, in sentences."""

    number: int
    outcome: Outcome
    predikat_before: str
    predikat_after: str
    next_steps: tuple[str, ...]


def _text(value: str, what: str, option: str) -> str:
    """A reason or grounds as written: at most `TEXT_MAX` (the letter itself is on file)."""
    return written_text(value, what, option, TEXT_MAX)


def _nip(text: str) -> str:
    try:
        return validate_nip(text, None)
    except NipError as exc:
        raise ServiceError(f"'{text}' bukan NIP yang sah: {exc}.") from exc


def _named(session: Session, org_id: int, to: str) -> tuple[str, str | None]:
    """The addressee the officer named: an employee by NIP, else the words as given."""
    text = written_text(to, "kepada siapa keberatan diajukan", "--to", NAME_MAX)
    if text.replace(" ", "").replace(".", "").isdigit():
        nip = _nip(text)
        boss = session.exec(
            select(Employee).where(Employee.organisation_id == org_id, Employee.nip == nip)
        ).first()
        if boss is None:
            raise ServiceError(f"NIP {nip} (--to) tidak terdaftar sebagai pegawai.")
        return who(boss.name, boss.position), boss.nip
    return text, None


def file_objection(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    nip: str,
    reason: str,
    actor: str,
    received_on: date | None = None,
    filed_on: date | None = None,
    to: str | None = None,
    today: date | None = None,
) -> Filed:
    """Register an employee's objection to the result of an evaluated period (commits).

    `received_on` defaults to the day the employee first opened their private sheet through
    its link (`policy.services.sheet_links`), else the day the sheet was first issued;
    `filed_on` to today (the organisation's zone). The result objected to is the one the
    data give now; `to` names who decides when the staff list does not.

    Raises:
        ServiceError: not allowed, the period has no results yet or is a self-assessment
            round, the employee has no result, an objection is already registered, or the
            dates are not admissible (late: more than 14 days after receipt).
    """
    ctx = evaluated_period(session, organisation, cycle, period, actor, "mencatat keberatan")
    return register_objection(
        session, ctx, nip=nip, reason=reason, actor=actor, received_on=received_on,
        filed_on=filed_on, to=to, today=today,
    )  # fmt: skip


def register_objection(
    session: Session,
    ctx: RunContext,
    *,
    nip: str,
    reason: str,
    actor: str,
    received_on: date | None = None,
    filed_on: date | None = None,
    to: str | None = None,
    today: date | None = None,
    channel: str = "",
) -> Filed:
    """Register an objection to the result of the evaluated run `ctx` (commits).

    For `file_objection`, once the officer's role is checked, and for the employee's own
    filing through their sheet's link (`policy.services.sheet_objections`, `channel`
    'portal', recorded in the audit event). Arguments and errors as `file_objection`'s.
    """
    org, run, period = ctx.org, ctx.run, ctx.run.period
    nip = _nip(nip)
    employee = session.exec(
        select(Employee).where(Employee.organisation_id == org.id, Employee.nip == nip)
    ).first()
    if employee is None:
        raise NotFoundError(f"NIP {nip} tidak terdaftar sebagai pegawai {org.code}.")
    before = current_results(session, ctx, [nip]).get(nip)
    if before is None:
        raise ServiceError(
            f"{employee.name} ({nip}) tidak mempunyai hasil penilaian pada periode {period}: "
            "tidak ada yang dapat diajukan keberatan."
        )
    known = session.exec(
        select(Objection.number).where(Objection.stage_run_id == run.id, Objection.nip == nip)
    ).first()
    if known is not None:
        raise ServiceError(
            f"Keberatan {employee.name} atas hasil periode {period} sudah tercatat (nomor "
            f"{known}); keputusan atas keberatan bersifat final ({SOURCE}), sehingga tidak ada "
            "keberatan kedua."
        )
    now = document_date(today)
    opened = False
    if received_on is None:
        known_day = received_day(session, run.id or 0, nip, period)
        if known_day is None:
            raise ServiceError(
                f"Lembar pribadi {employee.name} periode {period} belum diterbitkan di Siklus: "
                "sebutkan tanggal hasil penilaian diterima pegawai (--received)."
            )
        received_on, opened = known_day
    filed = filed_on or now
    try:
        limit = check_filing(received=received_on, filed=filed, today=now, fmt=format_date)
    except FilingError as exc:
        raise ServiceError(exc.message) from exc
    addressee, addressee_nip = (
        _named(session, org.id or 0, to) if to is not None
        else superior_of(session, org.id or 0, employee)
    )  # fmt: skip
    submitted = run.submitted_at if RunStatus(run.status) is not RunStatus.RUNNING else None
    unit = placements_at(session, org.id or 0, [employee], submitted)[nip].unit_code
    fields = {
        "organisation_id": org.id or 0, "stage_run_id": run.id or 0, "period": period,
        "nip": nip, "unit_code": unit, "predikat_before": before, "received_on": received_on,
        "filed_on": filed, "reason": _text(reason, "alasan keberatan", "--reason"),
        "addressee": addressee, "addressee_nip": addressee_nip, "recorded_by": actor,
    }  # fmt: skip
    row = _numbered(session, org, fields)
    if row is None:  # the same employee's objection registered at the same moment
        raise ServiceError(
            f"Keberatan {employee.name} atas hasil periode {period} baru saja dicatat oleh "
            "orang lain; lihat 'siklus objection list'."
        )
    payload = {"number": row.number, "period": period, "nip": nip, "predikat": before,
               "received_on": received_on.isoformat(), "filed_on": filed.isoformat(),
               "addressee": addressee}  # fmt: skip
    if opened:
        payload["received_from"] = "sheet_opened"
    if channel:
        payload["channel"] = channel
    audit.record(
        session, actor=actor, action="objection.filed", subject_type="objection",
        subject_id=row.id or 0, organisation_id=org.id, payload=payload,
    )  # fmt: skip
    session.commit()
    return Filed(row.number, employee.name, nip, period, before, addressee, limit,
                 received_on, opened)  # fmt: skip


def _numbered(session: Session, org: Organisation, fields: dict[str, Any]) -> Objection | None:
    """The objection stored under the organisation's next number (None: already registered).

    One numbering at a time: on PostgreSQL the organisation's row is locked first; on SQLite
    the number is computed by the INSERT itself, under the database's write lock. The same
    employee's objection registered twice at the same moment is refused (None).
    """
    org_id = org.id
    session.exec(select(Organisation.id).where(Organisation.id == org_id).with_for_update()).one()
    row = Objection(number=0, **fields)
    # An SQL expression as the value: evaluated in the INSERT, read back after the flush.
    next_number = (
        select(func.coalesce(func.max(Objection.number), 0) + 1)
        .where(Objection.organisation_id == org_id)
        .scalar_subquery()
    )
    row.number = next_number  # type: ignore[assignment]
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        twice = session.exec(
            select(Objection.id).where(
                Objection.stage_run_id == fields["stage_run_id"], Objection.nip == fields["nip"]
            )
        ).first()
        if twice is not None:
            return None
        raise ServiceError("Nomor keberatan sedang dipakai pencatatan lain; coba lagi.") from exc
    session.refresh(row)
    return row


def get_objection(session: Session, org: Organisation, number: int) -> Objection:
    """Objection `number` of `org`.

    Raises:
        NotFoundError: no such number.
    """
    row = session.exec(
        select(Objection).where(Objection.organisation_id == org.id, Objection.number == number)
    ).first()
    if row is None:
        raise NotFoundError(f"Tidak ada keberatan nomor {number} di {org.code}.")
    return row


def _settled_on(given: date | None, today: date | None, row: Objection, what: str) -> date:
    """The day an objection is decided or withdrawn (default today), checked.

    Raises:
        ServiceError: the day is after today or before the filing.
    """
    now = document_date(today)
    on = given or now
    if on > now:
        raise ServiceError(f"Tanggal {what} ({format_date(on)}) belum tiba.")
    if on < row.filed_on:
        raise ServiceError(
            f"Tanggal {what} ({format_date(on)}) sebelum keberatan diajukan "
            f"({format_date(row.filed_on)})."
        )
    return on


def _settle(session: Session, row: Objection, values: dict[str, Any]) -> None:
    """Store how a pending objection ended (decided or withdrawn), and only while pending.

    A conditional UPDATE: one settled meanwhile by someone else is not overwritten.

    Raises:
        ServiceError: the objection is no longer pending.
    """
    done = session.execute(
        update(Objection)
        .where(col(Objection.id) == row.id, col(Objection.outcome) == Outcome.PENDING.value)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if int(getattr(done, "rowcount", 0) or 0) != 1:
        number = row.number
        session.rollback()
        raise ServiceError(
            f"Keberatan nomor {number} baru saja diputuskan oleh orang lain; keputusan atas "
            f"keberatan bersifat final ({SOURCE}). Lihat 'siklus objection list'."
        )
    session.refresh(row)


def decide_objection(
    *,
    session: Session,
    organisation: str | None,
    number: int,
    outcome: str,
    consideration: str,
    actor: str,
    predikat: str | None = None,
    decided_on: date | None = None,
    decided_by: str | None = None,
    today: date | None = None,
) -> Decided:
    """Record the superior's decision on objection `number` (commits); it is final.

    `outcome` is 'tetap' (the result stands) or 'diubah' (with the new `predikat`).
    `decided_by` defaults to the addressee; `decided_on` to today.

    Raises:
        ServiceError: not allowed, an unknown number, already decided, an inconsistent
            outcome, or a date before the filing or after today.
    """
    org = get_org(session, organisation)
    require_role(
        get_member(session, org, actor), PRIVATE_RESULT_ROLES, "mencatat keputusan keberatan"
    )
    return record_decision(
        session, get_objection(session, org, number), outcome=outcome, consideration=consideration,
        actor=actor, predikat=predikat, decided_on=decided_on, decided_by=decided_by,
        today=today,
    )  # fmt: skip


def record_decision(
    session: Session,
    row: Objection,
    *,
    outcome: str,
    consideration: str,
    actor: str,
    predikat: str | None = None,
    decided_on: date | None = None,
    decided_by: str | None = None,
    today: date | None = None,
    channel: str = "",
) -> Decided:
    """Record the decision on the objection `row` (commits); it is final.

    For `decide_objection`, once the officer's role is checked, and for who decides, on the
    link made for them (`policy.services.objection_decisions`, `channel` 'portal', recorded
    in the audit event). Arguments and errors as `decide_objection`'s.
    """
    number = row.number
    if row.outcome != Outcome.PENDING:
        when = format_date(row.decided_on) if row.decided_on else ""
        raise ServiceError(
            f"Keberatan nomor {number} sudah diputuskan ({row.outcome}, {when}); keputusan "
            f"atas keberatan bersifat final ({SOURCE})."
        )
    try:
        chosen = Outcome(outcome.strip().lower())
        after = check_decision(
            outcome=chosen, before=row.predikat_before, after=predikat,
            allowed=tuple(p.value for p in Predikat),
        )  # fmt: skip
    except ValueError as exc:
        message = exc.message if isinstance(exc, FilingError) else (
            f"Keputusan '{outcome}' tidak dikenal: 'tetap' (hasil tidak berubah) atau "
            "'diubah' (dengan --predikat)."
        )  # fmt: skip
        raise ServiceError(message) from exc
    on = _settled_on(decided_on, today, row, "keputusan")
    decision = {
        "outcome": chosen.value, "predikat_after": after, "decided_on": on,
        "decided_by": written_text(decided_by, "yang memutuskan", "--by", NAME_MAX)
        if decided_by is not None else row.addressee,
        "consideration": _text(consideration, "pertimbangan keputusan", "--note"),
        "decision_recorded_by": actor,
    }  # fmt: skip
    _settle(session, row, decision)
    payload: dict[str, Any] = {
        "number": number, "outcome": chosen.value, "predikat_before": row.predikat_before,
        "predikat_after": after, "decided_on": on.isoformat(), "decided_by": row.decided_by,
    }  # fmt: skip
    if channel:
        payload["channel"] = channel
    audit.record(
        session, actor=actor, action="objection.decided", subject_type="objection",
        subject_id=row.id or 0, organisation_id=row.organisation_id, payload=payload,
    )  # fmt: skip
    session.commit()
    run = session.get(StageRun, row.stage_run_id)
    assert run is not None
    steps = next_steps(row, run) if chosen is Outcome.CHANGED else ()
    return Decided(number, chosen, row.predikat_before, after, steps)


def withdraw_objection(
    *,
    session: Session,
    organisation: str | None,
    number: int,
    statement: str,
    actor: str,
    withdrawn_on: date | None = None,
    today: date | None = None,
) -> Objection:
    """Record that the employee withdrew objection `number` before its decision (commits).

    The objection stays in the register as withdrawn ("dicabut"), with the employee's
    statement; the result stands, and the employee has no second objection for the period.

    Raises:
        ServiceError: not allowed, an unknown number, already decided or withdrawn, or a
            date before the filing or after today.
    """
    org = get_org(session, organisation)
    member = get_member(session, org, actor)
    require_role(member, PRIVATE_RESULT_ROLES, "mencatat pencabutan keberatan")
    row = get_objection(session, org, number)
    return record_withdrawal(
        session, row, statement=statement, actor=actor, withdrawn_on=withdrawn_on, today=today
    )


def record_withdrawal(
    session: Session,
    row: Objection,
    *,
    statement: str,
    actor: str,
    withdrawn_on: date | None = None,
    today: date | None = None,
    channel: str = "",
) -> Objection:
    """Record the withdrawal of the pending objection `row` (commits).

    For `withdraw_objection`, once the officer's role is checked, and for the employee's own
    withdrawal on their page (`policy.services.sheet_objections`, `channel` 'portal',
    recorded in the audit event). Errors as `withdraw_objection`'s.
    """
    number = row.number
    if row.outcome != Outcome.PENDING:
        state = "dicabut" if row.outcome == Outcome.WITHDRAWN else f"diputuskan ({row.outcome})"
        raise ServiceError(
            f"Keberatan nomor {number} sudah {state}; hanya keberatan yang sedang diperiksa "
            "yang dapat dicabut."
        )
    on = _settled_on(withdrawn_on, today, row, "pencabutan")
    _settle(session, row, {
        "outcome": Outcome.WITHDRAWN.value, "decided_on": on,
        "consideration": _text(statement, "pernyataan pencabutan", "--note"),
        "decision_recorded_by": actor,
    })  # fmt: skip
    payload: dict[str, Any] = {"number": number, "withdrawn_on": on.isoformat()}
    if channel:
        payload["channel"] = channel
    audit.record(
        session, actor=actor, action="objection.withdrawn", subject_type="objection",
        subject_id=row.id or 0, organisation_id=row.organisation_id, payload=payload,
    )  # fmt: skip
    session.commit()
    return row
