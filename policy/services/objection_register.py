"""The register of objections (keberatan) to employees' results, and what is read from it.

Layer: domain services over `policy.evaluation.objection` (counterparts: `siklus objection
list` and `register`; objections are filed, decided and withdrawn in
`policy.services.objections`; the employees' private sheets,
`policy.services.employee_sheets`, show each one's objection and who it goes to; the
leaders' review pages, `policy.services.portal_review`, and the cycle board,
`policy.services.cycle_board`, show a period's open ones). A changed result is a correction
of the period's data: the register shows, until the data give the decided result and the
employee's sheet has been issued again, what is still to be done.

The register names the employees who objected: the Daftar Keberatan is for the personnel
office and leadership, never shown on the public portal. The checks that filing shares with
it are here: the evaluated period (`evaluated_period`), the result the data give now
(`current_results`), the sheets' issue (`sheet_stamps`) and who decides, from the staff
list (`superior_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from policy.enums import RunStatus, Stage
from policy.evaluation.objection import OBJECTION_DAYS, SOURCE, Outcome, last_day
from policy.locale import Locale, to_local
from policy.models import (
    Document,
    EkinerjaRating,
    Employee,
    EvaluationScore,
    Objection,
    SheetLink,
    StageRun,
    as_utc,
)
from policy.periods import period_label, period_range
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_run,
    require_role,
    run_period,
    unit_names,
)
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

#: The actor an employee acts as on their own page of the portal (`pegawai:<NIP>`).
EMPLOYEE_ACTOR = "pegawai:"
#: The actor who decides an objection acts as on their link (`atasan:<NIP>`).
DECIDER_ACTOR = "atasan:"


def by_employee(actor: str) -> bool:
    """The act was the employee's own, on their page of the portal."""
    return actor.startswith(EMPLOYEE_ACTOR)


REGISTER_TITLES: dict[Locale, str] = {
    "id": "Daftar Keberatan atas Hasil Penilaian Kinerja",
    "en": "Register of Objections to Performance Results",
}
_REPORT: dict[Locale, str] = {"id": "Laporan Evaluasi", "en": "Evaluation Report"}


def evaluated_period(
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
    return evaluated_run(session, run.id or 0)


def evaluated_run(session: Session, run_id: int) -> RunContext:
    """An evaluation run whose results are out, not a self-assessment round.

    Raises:
        ServiceError: the run is not an evaluation, its results are not out, or it is a
            self-assessment round.
    """
    ctx = load_context(session, run_id, Stage.EVALUATION)
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


#: The kind of an employee's private sheet (`policy.services.employee_sheets`).
SHEET_KIND = "lembar_pegawai"
_SHEET_PREFIX = "lembar-pegawai-"


def sheet_key(nip: str, period: str) -> str:
    """The registry key of the employee's private sheet of `period`.

    A run's documents carry its period in their keys (`stagework.publish_batch`).
    """
    return f"{_SHEET_PREFIX}{nip}" + (f"-{period.lower()}" if period else "")


def issued_nips(session: Session, run_id: int, period: str) -> set[str]:
    """The NIPs whose private sheet of the run's `period` was issued (any version)."""
    suffix = f"-{period.lower()}"  # a period's documents carry it (`stagework.publish_batch`)
    return {
        key.removeprefix(_SHEET_PREFIX).removesuffix(suffix)
        for key in session.exec(
            select(Document.key)
            .where(Document.stage_run_id == run_id, Document.kind == SHEET_KIND)
            .distinct()
        )
    }


def sheet_stamps(session: Session, run_id: int, nip: str, period: str) -> list[datetime]:
    """When the employee's private sheet was issued in the run, earliest first."""
    return list(
        session.exec(
            select(Document.created_at)
            .where(Document.stage_run_id == run_id, Document.key == sheet_key(nip, period))
            .order_by(col(Document.created_at))
        )
    )


def sheet_opened(session: Session, run_id: int, nip: str) -> datetime | None:
    """When the employee first opened their sheet of the run through a link (None: never).

    The earliest opening of any of their links, a replaced one included: the day the sheet
    reached its employee (`policy.services.sheet_links`).
    """
    return session.exec(
        select(func.min(SheetLink.opened_at)).where(
            SheetLink.stage_run_id == run_id, SheetLink.nip == nip
        )
    ).one()


def received_day(session: Session, run_id: int, nip: str, period: str) -> tuple[date, bool] | None:
    """The day the employee received the result, as far as Siklus knows, and how.

    (day, True): the sheet's first opening through its link; (day, False): the day the
    sheet was first issued (it may have been handed over that day); None: neither.
    """
    opened = sheet_opened(session, run_id, nip)
    if opened is not None:
        return local_day(as_utc(opened)), True
    issued = sheet_stamps(session, run_id, nip, period)
    return (local_day(issued[0]), False) if issued else None


def local_day(stamp: datetime) -> date:
    """The day of `stamp` in the configured time zone."""
    return to_local(stamp, get_settings().timezone).date()


def who(name: str, position: str) -> str:
    """A person as "name, position" (the name alone when no position is recorded)."""
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
    return {nip: (who(name, position), boss_nip) for nip, name, position, boss_nip in
            session.exec(query)}  # fmt: skip


def superior_of(session: Session, org_id: int, employee: Employee) -> tuple[str, str | None]:
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
    changed_keys = {sheet_key(r.nip, r.period): r.nip for r in decided}
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
            local_day(s)
            for s in issued
            if r.decided_on
            and local_day(s) >= r.decided_on
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
                filed_online=by_employee(r.recorded_by),
                withdrawn_online=r.outcome == Outcome.WITHDRAWN
                and by_employee(r.decision_recorded_by),
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


def sheet_objection(row: Objection) -> SheetObjection:
    """The employee's objection as their sheet and their page show it."""
    return SheetObjection(
        number=row.number,
        filed_on=row.filed_on,
        outcome=row.outcome,
        predikat_before=row.predikat_before,
        predikat_after=row.predikat_after,
        decided_on=row.decided_on,
        decided_by=row.decided_by,
    )


def sheet_objections(
    session: Session, run_id: int, nips: Sequence[str]
) -> dict[str, SheetObjection]:
    """Each employee's objection to the run's period, for their private sheet."""
    rows = session.exec(
        select(Objection).where(Objection.stage_run_id == run_id, col(Objection.nip).in_(nips))
    ).all() if nips else []  # fmt: skip
    return {r.nip: sheet_objection(r) for r in rows}


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
    ctx = evaluated_period(session, organisation, cycle, period, actor, what)
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


def next_steps(row: Objection, run: StageRun) -> tuple[str, ...]:
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
