"""The rollout plan (Rencana Implementasi): generated from the pack, exported and edited.

Layer: domain services (counterparts: `siklus rollout plan export|import`,
`policy.services.implementation`). Rules:
- the pack's `milestones` are templates: each unit they name (all units when none) gets the
  milestone, due `working_days` working days after the implementation start (weekends,
  national holidays, cuti bersama and the pack's own days excluded, `policy.workdays`);
- the implementation start is the day implementation began in the organisation. It is
  recorded with the plan (`rollout.planned`, whose payload the audit trail keeps): the day
  the implementation stage run started (local date) when the stage makes the plan, or the
  day an officer gives (`create_plan`, `siklus rollout plan create --start`) when Siklus
  records an implementation that began before its stage run, or settles the plan before
  the stage runs. Without either, an export takes `start` from the caller;
- the plan is generated once, when the cycle has no milestone yet (`create_plan`, or when
  the implementation stage imports its inputs); after that the stored plan is what counts,
  edited by exporting it, changing the file and importing it again (the file is the whole
  plan). A progress file's `target_tanggal` also updates a milestone's due date; a target
  before the implementation start is imported with a warning (`policy.services.cycle_imports`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from policy import audit
from policy.importschema import excel_csv
from policy.locale import format_date
from policy.models import (
    AuditEvent,
    Cycle,
    Organisation,
    Role,
    RolloutMilestone,
    Stage,
    StageRun,
)
from policy.packschema import Pack
from policy.services.common import (
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    org_pack,
    require_role,
    unit_names,
)
from policy.services.deadlines import calendar_for, local_date
from policy.services.error_list import ErrorList, beside
from policy.services.imports import ImportResult, ingest_file

PLAN_COLUMNS = ("unit_kerja", "nama_unit", "tahap", "target_tanggal")
#: Who makes and changes the plan.
PLANNERS = (Role.OFFICER, Role.ADMIN)
#: The audit event of a plan made, with the start it counts from.
PLANNED = "rollout.planned"


@dataclass(frozen=True)
class PlannedMilestone:
    """A milestone of the plan with its due date."""

    unit_code: str
    milestone: str
    due_on: date
    working_days: int | None = None  # the pack's offset, when generated from it


def plan_from_pack(pack: Pack, start: date) -> list[PlannedMilestone]:
    """Every unit's milestones from the pack's templates, due in working days after `start`."""
    cal = calendar_for(pack)
    codes = [u.code for u in pack.units]
    return [
        PlannedMilestone(code, m.name, cal.add_working_days(start, m.working_days), m.working_days)
        for m in pack.milestones
        for code in (m.units or codes)
    ]


def implementation_start(session: Session, cycle: Cycle) -> date | None:
    """The day the cycle's implementation began (None: not known yet).

    The start recorded with the cycle's plan (the latest `rollout.planned`), else the local
    date the implementation stage run started, else None (neither a plan nor a run yet).
    """
    recorded = session.exec(
        select(AuditEvent.payload)
        .where(
            AuditEvent.action == PLANNED,
            AuditEvent.subject_type == "cycle",
            AuditEvent.subject_id == str(cycle.id),
        )
        .order_by(col(AuditEvent.seq).desc())
    ).first()
    if recorded is not None:
        return date.fromisoformat(recorded["start"])
    run = session.exec(
        select(StageRun).where(
            StageRun.cycle_id == cycle.id, StageRun.stage == Stage.IMPLEMENTATION.value
        )
    ).first()
    return local_date(run.started_at) if run is not None else None


def stored_plan(session: Session, cycle: Cycle) -> list[PlannedMilestone]:
    """The cycle's milestones as stored, by unit and due date."""
    rows = session.exec(
        select(RolloutMilestone)
        .where(RolloutMilestone.cycle_id == cycle.id)
        .order_by(
            col(RolloutMilestone.unit_code),
            col(RolloutMilestone.due_on),
            col(RolloutMilestone.milestone),
        )
    ).all()
    return [PlannedMilestone(m.unit_code, m.milestone, m.due_on) for m in rows]


def ensure_plan(
    session: Session, org: Organisation, cycle: Cycle, start: date, actor: str
) -> list[PlannedMilestone]:
    """Store the pack's plan if the cycle has no milestone yet (flushes); returns what it added."""
    if stored_plan(session, cycle):
        return []
    planned = plan_from_pack(org_pack(org), start)
    if planned:
        _store(session, org, cycle, start, planned, actor)
    return planned


def _store(
    session: Session,
    org: Organisation,
    cycle: Cycle,
    start: date,
    planned: list[PlannedMilestone],
    actor: str,
) -> None:
    """Add the planned milestones and record the plan with its start (flushes)."""
    for p in planned:
        session.add(RolloutMilestone(
            cycle_id=cycle.id or 0, unit_code=p.unit_code, milestone=p.milestone, due_on=p.due_on,
        ))  # fmt: skip
    session.flush()
    audit.record(
        session, actor=actor, action=PLANNED, subject_type="cycle", subject_id=cycle.id or 0,
        organisation_id=org.id,
        payload={"start": start.isoformat(), "milestones": len(planned),
                 "units": len({p.unit_code for p in planned})},
    )  # fmt: skip


def create_plan(
    *, session: Session, organisation: str | None, cycle: int | None, start: date, actor: str
) -> list[PlannedMilestone]:
    """Record that implementation began on `start`; store the pack's plan counted from it.

    For an implementation that began before Siklus records its stage (the stage run starts
    later than the work did), or to settle the plan before the stage runs: the plan's
    working days, and the warnings of later plan and progress imports, count from `start`
    instead of the day the stage run starts. A pack without milestone templates stores no
    milestone; the start is recorded all the same (commits). Returns the milestones stored.

    Raises:
        ServiceError: `actor` is no officer or admin, or the cycle has a plan already
            (change it by export and import instead).
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PLANNERS, "mengubah rencana")
    cyc = get_cycle(session, org, cycle)
    stored = stored_plan(session, cyc)
    if stored:
        since = implementation_start(session, cyc)
        raise ServiceError(
            f"Siklus {cyc.number} sudah memiliki rencana implementasi ({len(stored)} tahap"
            + (f", sejak {format_date(since)}" if since else "")
            + "); ubah lewat siklus rollout plan export, lalu impor berkasnya."
        )
    planned = plan_from_pack(org_pack(org), start)
    _store(session, org, cyc, start, planned, actor)
    session.commit()
    return planned


@dataclass(frozen=True)
class PlanExport:
    """A plan written as CSV for Excel, and where it came from."""

    text: str
    milestones: int
    stored: bool  # False: generated from the pack, not stored yet
    start: date | None


def plan_csv(rows: list[PlannedMilestone], names: dict[str, str]) -> str:
    """The plan as CSV for Excel: ';', dates dd/mm/yyyy (the `rencana` import format).

    A name that a spreadsheet would read as a formula is written as text (`excel_csv`).
    """
    return excel_csv(PLAN_COLUMNS, (
        (r.unit_code, names.get(r.unit_code, r.unit_code), r.milestone,
         r.due_on.strftime("%d/%m/%Y"))
        for r in rows
    ))  # fmt: skip


def export_plan(
    *, session: Session, organisation: str | None, cycle: int | None, start: date | None = None
) -> PlanExport:
    """The cycle's plan as CSV: the stored plan, else the pack's plan from the start date.

    Raises:
        ServiceError: no plan is stored, implementation has not started and no start is given.
    """
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    names = unit_names(session, org.id)
    rows = stored_plan(session, cyc)
    if rows:
        return PlanExport(
            plan_csv(rows, names), len(rows), True, implementation_start(session, cyc)
        )
    begin = start or implementation_start(session, cyc)
    if begin is None:
        raise ServiceError(
            "Tahap implementasi belum dimulai dan rencana belum disimpan; sebutkan tanggal "
            "mulai implementasi, mis. --start 2026-07-01."
        )
    rows = plan_from_pack(org_pack(org), begin)
    return PlanExport(plan_csv(rows, names), len(rows), False, begin)


def import_plan(
    *, session: Session, organisation: str | None, cycle: int | None, path: Path, actor: str
) -> ImportResult:
    """Store an edited plan file (the whole plan; see `_w_rencana` in the import service).

    A file refused with more errors than its message lists has them all written beside it
    (`error_list.beside`), as `siklus import` does.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PLANNERS, "mengubah rencana")
    cyc = get_cycle(session, org, cycle)
    try:
        path = Path(path)
        result = ingest_file(
            session, org, "rencana", path, actor, cyc, errors_to=ErrorList(beside(path))
        )
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return result
