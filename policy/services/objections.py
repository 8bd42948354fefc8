"""The register of objections (keberatan) to employees' results, and the superiors' decisions.

Layer: domain services over `policy.evaluation.objection`. An employee who objects to the
result of an evaluated period files the objection with the superior of the assessing
official (PP 30/2019 Pasal 59); the personnel officer registers it here, checked against
the 14 days, and records the superior's decision, which is final. A changed result is a
correction of the period's data: the register shows, until the data give the decided
result and the employee's sheet has been issued again, what is still to be done.

Who the objection goes to: the employee's supervisor (`nip_atasan`) is the assessing
official (Pejabat Penilai Kinerja); that supervisor's own supervisor decides. When the
staff list does not name one (a head of office reports to the Sekda, who is not on it),
the officer names the addressee.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from policy import audit
from policy.enums import Predikat, RunStatus, Stage
from policy.evaluation.objection import (
    OBJECTION_DAYS,
    SOURCE,
    FilingError,
    Outcome,
    check_decision,
    check_filing,
    last_day,
)
from policy.locale import Locale, format_date, to_local
from policy.models import (
    Document,
    EkinerjaRating,
    Employee,
    EvaluationScore,
    Objection,
    Organisation,
    StageRun,
    as_utc,
)
from policy.nip import NipError, validate_nip
from policy.periods import period_label, period_range
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    NotFoundError,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_run,
    require_role,
    run_period,
    unit_names,
    written_text,
)
from policy.services.placements import placements_at
from policy.services.stagework import (
    DocRef,
    RunContext,
    document_date,
    has_document,
    load_context,
    publish_all,
)
from policy.settings import get_settings
from policy.views.evaluation_sheets import ObjectionRegisterView, RegisterEntry, SheetObjection

#: Longest reason or consideration recorded (a page of text; the letter itself is on file).
TEXT_MAX = 4000
#: Longest name of who decides (a name and a title).
NAME_MAX = 200
REGISTER_TITLES: dict[Locale, str] = {
    "id": "Daftar Keberatan atas Hasil Penilaian Kinerja",
    "en": "Register of Objections to Performance Results",
}
_REPORT: dict[Locale, str] = {"id": "Laporan Evaluasi", "en": "Evaluation Report"}


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


def _evaluated_period(
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    actor: str,
    what: str,
) -> RunContext:
    """The evaluated period's run, for one who may see private results (`what`: the act).

    Raises:
        ServiceError: not allowed, no such period, its results are not out, or it is a
            self-assessment round.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVATE_RESULT_ROLES, what)
    code = run_period(Stage.EVALUATION, period)
    run = get_run(session, get_cycle(session, org, cycle), Stage.EVALUATION, code)
    ctx = load_context(session, run.id or 0, Stage.EVALUATION)
    _evaluated(session, ctx)
    return ctx


def _evaluated(session: Session, ctx: RunContext) -> None:
    """Refuse a period whose results are not out, or a self-assessment round."""
    period = ctx.run.period
    if ctx.pack.evaluation.self_round(period):
        raise ServiceError(
            f"Periode {period} adalah putaran penilaian diri: hasilnya sementara dan tidak "
            "menetapkan predikat, sehingga tidak ada keberatan atasnya."
        )
    if not has_document(session, ctx.run_id, "laporan_evaluasi"):
        raise ServiceError(
            f"Evaluasi periode {period} belum menghasilkan Laporan Evaluasi: belum ada hasil "
            "penilaian yang dapat diajukan keberatan."
        )


def current_results(session: Session, ctx: RunContext, nips: Iterable[str]) -> dict[str, str]:
    """The period's predikat of each employee as the data stand now (absent: no result).

    National: the e-Kinerja rating of the period; weighted 360: the run's stored score.
    """
    wanted = sorted(set(nips))
    if not wanted:
        return {}
    if ctx.pack.evaluation.framework == "national":
        rows = session.exec(
            select(EkinerjaRating.nip, EkinerjaRating.predikat).where(
                EkinerjaRating.organisation_id == ctx.org_id,
                EkinerjaRating.period == ctx.run.period,
                col(EkinerjaRating.nip).in_(wanted),
            )
        ).all()
    else:
        rows = session.exec(
            select(EvaluationScore.nip, EvaluationScore.predikat).where(
                EvaluationScore.stage_run_id == ctx.run_id, col(EvaluationScore.nip).in_(wanted)
            )
        ).all()
    return {nip: predikat for nip, predikat in rows if predikat}


def _sheet_key(nip: str, period: str) -> str:
    return f"lembar-pegawai-{nip}-{period.lower()}"


def _sheet_stamps(session: Session, run_id: int, nip: str, period: str) -> list[datetime]:
    """When the employee's private sheet was issued in the run, earliest first."""
    return list(
        session.exec(
            select(Document.created_at)
            .where(Document.stage_run_id == run_id, Document.key == _sheet_key(nip, period))
            .order_by(col(Document.created_at))
        )
    )


def _local_day(stamp: datetime) -> date:
    return to_local(stamp, get_settings().timezone).date()


def _who(name: str, position: str) -> str:
    return f"{name}, {position}" if position else name


#: Above this many employees, the superiors of a whole organisation are read at once.
_IN_LIMIT = 1000


def addressees(session: Session, org_id: int, nips: Sequence[str]) -> dict[str, str]:
    """Who decides each employee's objection, from the staff list (absent: not recorded).

    The superior of the employee's supervisor (`nip_atasan` twice), as "name, position".
    """
    return {nip: who for nip, (who, _boss) in _superiors(session, org_id, nips).items()}


def _superiors(session: Session, org_id: int, nips: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Each employee's supervisor's supervisor: ("name, position", NIP), by employee NIP."""
    if not nips:
        return {}
    sup, boss = aliased(Employee), aliased(Employee)
    query = (
        select(Employee.nip, boss.name, boss.position, boss.nip)
        .join(sup, (col(sup.organisation_id) == col(Employee.organisation_id))
              & (col(sup.nip) == col(Employee.supervisor_nip)))
        .join(boss, (col(boss.organisation_id) == col(Employee.organisation_id))
              & (col(boss.nip) == col(sup.supervisor_nip)))
        .where(Employee.organisation_id == org_id)
    )  # fmt: skip
    if len(nips) <= _IN_LIMIT:
        query = query.where(col(Employee.nip).in_(nips))
    return {nip: (_who(name, position), boss_nip) for nip, name, position, boss_nip in
            session.exec(query)}  # fmt: skip


def _addressee(session: Session, org_id: int, employee: Employee) -> tuple[str, str | None]:
    """The superior of the employee's supervisor, from the staff list: (name, NIP).

    Raises:
        ServiceError: the staff list names no supervisor, or none above the supervisor.
    """
    ask = (
        "sebutkan kepada siapa keberatan diajukan dengan --to (NIP, atau jabatan seperti "
        "'Sekretaris Daerah')."
    )
    if not employee.supervisor_nip:
        raise ServiceError(
            f"Atasan langsung (Pejabat Penilai Kinerja) {employee.name} tidak tercatat di "
            f"daftar pegawai (nip_atasan), sehingga atasannya tidak diketahui: {ask}"
        )
    found = _superiors(session, org_id, [employee.nip]).get(employee.nip)
    if found is None:
        supervisor = session.exec(
            select(Employee.name).where(
                Employee.organisation_id == org_id, Employee.nip == employee.supervisor_nip
            )
        ).first()
        raise ServiceError(
            f"Atasan dari Pejabat Penilai Kinerja {employee.name} "
            f"({supervisor or employee.supervisor_nip}) tidak tercatat di daftar pegawai: {ask}"
        )
    return found


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
        return _who(boss.name, boss.position), boss.nip
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

    `received_on` defaults to the day the employee's private sheet was first issued;
    `filed_on` to today (the organisation's zone). The result objected to is the one the
    data give now; `to` names who decides when the staff list does not.

    Raises:
        ServiceError: not allowed, the period has no results yet or is a self-assessment
            round, the employee has no result, an objection is already registered, or the
            dates are not admissible (late: more than 14 days after receipt).
    """
    ctx = _evaluated_period(session, organisation, cycle, period, actor, "mencatat keberatan")
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
    if received_on is None:
        issued = _sheet_stamps(session, run.id or 0, nip, period)
        if not issued:
            raise ServiceError(
                f"Lembar pribadi {employee.name} periode {period} belum diterbitkan di Siklus: "
                "sebutkan tanggal hasil penilaian diterima pegawai (--received)."
            )
        received_on = _local_day(issued[0])
    filed = filed_on or now
    try:
        limit = check_filing(received=received_on, filed=filed, today=now, fmt=format_date)
    except FilingError as exc:
        raise ServiceError(exc.message) from exc
    addressee, addressee_nip = (
        _named(session, org.id or 0, to) if to is not None
        else _addressee(session, org.id or 0, employee)
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
    audit.record(
        session, actor=actor, action="objection.filed", subject_type="objection",
        subject_id=row.id or 0, organisation_id=org.id,
        payload={"number": row.number, "period": period, "nip": nip, "predikat": before,
                 "received_on": received_on.isoformat(), "filed_on": filed.isoformat(),
                 "addressee": addressee},
    )  # fmt: skip
    session.commit()
    return Filed(row.number, employee.name, nip, period, before, addressee, limit)


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


def _get(session: Session, org: Organisation, number: int) -> Objection:
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
    row = _get(session, org, number)
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
    audit.record(
        session, actor=actor, action="objection.decided", subject_type="objection",
        subject_id=row.id or 0, organisation_id=org.id,
        payload={"number": number, "outcome": chosen.value, "predikat_before":
                 row.predikat_before, "predikat_after": after, "decided_on": on.isoformat(),
                 "decided_by": row.decided_by},
    )  # fmt: skip
    session.commit()
    run = session.get(StageRun, row.stage_run_id)
    assert run is not None
    steps = _next_steps(row, run) if chosen is Outcome.CHANGED else ()
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
    row = _get(session, org, number)
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
    audit.record(
        session, actor=actor, action="objection.withdrawn", subject_type="objection",
        subject_id=row.id or 0, organisation_id=org.id,
        payload={"number": number, "withdrawn_on": on.isoformat()},
    )  # fmt: skip
    session.commit()
    return row


def _next_steps(row: Objection, run: StageRun) -> tuple[str, ...]:
    """What a changed result still asks for, by where the period's run stands."""
    period = row.period
    correct = (
        f"impor data periode {period} yang dikoreksi (predikat {row.predikat_after} untuk NIP "
        f"{row.nip}) dan jalankan 'siklus stage run evaluation --period {period}'"
    )
    reissue = (
        f"terbitkan ulang lembar pribadinya: 'siklus evaluation sheets --period {period} "
        f"--nip {row.nip}'"
    )
    status = RunStatus(run.status)
    if status is RunStatus.APPROVED:
        first = (
            f"Periode {period} sudah disetujui: pimpinan membukanya kembali untuk koreksi, "
            f"'siklus review reopen --period {period} --reason \"Keputusan atas keberatan "
            f"nomor {row.number}\"'."
        )
        return (first, f"Lalu {correct}; sesudah disetujui lagi, {reissue}.")
    if status is RunStatus.IN_REVIEW:
        first = (
            f"Periode {period} sedang ditinjau pimpinan: pimpinan mengembalikannya untuk "
            "koreksi ('siklus review return')."
        )
        return (first, f"Lalu {correct}; sesudah disetujui, {reissue}.")
    return (f"{correct[0].upper()}{correct[1:]}; sesudah disetujui, {reissue}.",)


def register_entries(
    session: Session, ctx: RunContext, rows: Sequence[Objection]
) -> list[RegisterEntry]:
    """The register's lines of `rows` (one run), with the data's present result."""
    nips = [r.nip for r in rows]
    current = current_results(session, ctx, nips)
    names = dict(
        session.exec(
            select(Employee.nip, Employee.name).where(
                Employee.organisation_id == ctx.org_id, col(Employee.nip).in_(nips)
            )
        ).all()
    )
    units = unit_names(session, ctx.org_id)
    # A sheet issued again counts once it follows both the decision and the latest run of
    # the period (one issued before the correction was evaluated shows the old result).
    evaluated = session.exec(
        select(func.max(Document.created_at)).where(
            Document.stage_run_id == ctx.run_id, Document.kind == "laporan_evaluasi"
        )
    ).one()
    decided = [r for r in rows if r.outcome == Outcome.CHANGED]
    changed_keys = {_sheet_key(r.nip, r.period): r.nip for r in decided}
    stamps: dict[str, list[datetime]] = {}
    if changed_keys:
        for key, stamp in session.exec(
            select(Document.key, Document.created_at)
            .where(Document.stage_run_id == ctx.run_id, col(Document.key).in_(list(changed_keys)))
            .order_by(col(Document.created_at))
        ):
            stamps.setdefault(changed_keys[key], []).append(stamp)
    out = []
    for r in rows:
        changed = r.outcome == Outcome.CHANGED
        issued = stamps.get(r.nip, []) if changed else []
        after = [
            _local_day(s)
            for s in issued
            if r.decided_on
            and _local_day(s) >= r.decided_on
            and (evaluated is None or as_utc(s) >= as_utc(evaluated))
        ]
        out.append(
            RegisterEntry(
                number=r.number,
                nip=r.nip,
                name=names.get(r.nip, r.nip),
                unit=units.get(r.unit_code, r.unit_code),
                predikat_before=r.predikat_before,
                received_on=r.received_on,
                filed_on=r.filed_on,
                last_day=last_day(r.received_on),
                reason=r.reason,
                addressee=r.addressee,
                outcome=r.outcome,
                predikat_after=r.predikat_after,
                decided_on=r.decided_on,
                decided_by=r.decided_by,
                consideration=r.consideration,
                current=current.get(r.nip, ""),
                applied=(current.get(r.nip) == r.predikat_after) if changed else None,
                reissued_on=after[-1] if after else None,
            )  # fmt: skip
        )
    return out


def run_entries(
    session: Session, ctx: RunContext, outcomes: Sequence[Outcome] = ()
) -> list[RegisterEntry]:
    """The register's lines of the run's objections, by number (`outcomes`: only those)."""
    query = select(Objection).where(Objection.stage_run_id == ctx.run_id)
    if outcomes:
        query = query.where(col(Objection.outcome).in_([o.value for o in outcomes]))
    rows = session.exec(query.order_by(col(Objection.number))).all()
    return register_entries(session, ctx, rows) if rows else []


def objections(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    cycle: int | None = None,
    period: str | None = None,
    status: str | None = None,
) -> list[tuple[str, RegisterEntry]]:
    """The registered objections (period, entry), by number; of one period, or one status.

    Raises:
        ServiceError: not allowed, an unknown period or a status that is no `Outcome`.
    """
    org = get_org(session, organisation)
    member = get_member(session, org, actor)
    require_role(member, PRIVATE_RESULT_ROLES, "melihat daftar keberatan")
    query = select(Objection).where(Objection.organisation_id == org.id)
    if status is not None:
        try:
            wanted = Outcome(status.strip().lower())
        except ValueError as exc:
            raise ServiceError(
                f"Status '{status}' tidak dikenal; pilih: {', '.join(o.value for o in Outcome)}."
            ) from exc
        query = query.where(Objection.outcome == wanted.value)
    if period is not None:
        code = run_period(Stage.EVALUATION, period)
        run = get_run(session, get_cycle(session, org, cycle), Stage.EVALUATION, code)
        query = query.where(Objection.stage_run_id == run.id)
    rows = session.exec(query.order_by(col(Objection.number))).all()
    by_run: dict[int, list[Objection]] = {}
    for r in rows:
        by_run.setdefault(r.stage_run_id, []).append(r)
    entries: dict[int, RegisterEntry] = {}
    for run_id, group in by_run.items():
        ctx = load_context(session, run_id, Stage.EVALUATION)
        entries |= {e.number: e for e in register_entries(session, ctx, group)}
    return [(r.period, entries[r.number]) for r in rows]


def sheet_objections(
    session: Session, run_id: int, nips: Sequence[str]
) -> dict[str, SheetObjection]:
    """Each employee's objection to the run's period, for their private sheet."""
    rows = session.exec(
        select(Objection).where(Objection.stage_run_id == run_id, col(Objection.nip).in_(nips))
    ).all() if nips else []  # fmt: skip
    return {
        r.nip: SheetObjection(
            number=r.number,
            filed_on=r.filed_on,
            outcome=r.outcome,
            predikat_before=r.predikat_before,
            predikat_after=r.predikat_after,
            decided_on=r.decided_on,
            decided_by=r.decided_by,
        )  # fmt: skip
        for r in rows
    }


def publish_register(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    actor: str,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
    flow_run_id: str | None = None,
) -> list[DocRef]:
    """Publish the period's Daftar Keberatan (a new version when it changed; commits).

    The register names the employees who objected: it is for the personnel office and
    leadership, never shown on the public portal.

    Raises:
        ServiceError: not allowed, or the period was not evaluated yet.
    """
    what = "menerbitkan daftar keberatan"
    ctx = _evaluated_period(session, organisation, cycle, period, actor, what)
    code = ctx.run.period
    entries = run_entries(session, ctx)
    on = document_date(as_of)
    start, end = period_range(code)
    views = {
        loc: ObjectionRegisterView(
            header=ctx.header(
                f"{REGISTER_TITLES[loc]} {period_label(code, loc)}", on, layout="landscape"
            ),
            period=code,
            period_label=period_label(code, loc),
            period_start=start,
            period_end=end,
            legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title,
            framework=ctx.pack.evaluation.framework,
            report_title=f"{_REPORT[loc]} {period_label(code, loc)}",
            evaluated_every=ctx.pack.evaluation.periods,
            entries=entries,
            days=OBJECTION_DAYS,
            source=SOURCE,
            pending=sum(e.outcome == Outcome.PENDING for e in entries),
            upheld=sum(e.outcome == Outcome.UPHELD for e in entries),
            changed=sum(e.outcome == Outcome.CHANGED for e in entries),
            withdrawn=sum(e.outcome == Outcome.WITHDRAWN for e in entries),
            applied=sum(bool(e.applied) for e in entries),
        )  # fmt: skip
        for loc in locales
    }
    docs = publish_all(
        session, ctx, key="daftar-keberatan", template="daftar_keberatan", views=views,
        actor=actor, flow_run_id=flow_run_id,
    )  # fmt: skip
    session.commit()
    return docs
