"""Opening cycles and moving stage runs through the state machine.

Layer: domain services (counterparts: `flows.cycle`, the stage flows, `siklus cycle`
and `siklus stage`). The pure rules are in `policy.stages`; stage-specific gate
conditions come from `policy.services.gates`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.models import (
    Cycle,
    CycleStatus,
    Document,
    GateOverride,
    Policy,
    Review,
    Role,
    RunStatus,
    Stage,
    StageRun,
    utcnow,
)
from policy.services import deadlines, gates
from policy.services.common import (
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_policy,
    org_pack,
    require_role,
    run_period,
    snapshot,
)
from policy.stages import (
    RERUNNABLE,
    STAGE_TITLES_ID,
    StageRuleError,
    board,
    check_override,
    check_start,
    check_transition,
    gate_blockers,
)

STARTERS = (Role.OFFICER, Role.ADMIN)


@dataclass(frozen=True)
class RunRef:
    """Identifies a stage run across task boundaries (plain data)."""

    run_id: int
    cycle_id: int
    organisation: str
    cycle: int
    stage: Stage
    period: str
    attempt: int


def open_cycle(*, session: Session, organisation: str | None, actor: str) -> Cycle:
    """Open the next cycle of the organisation's policy.

    Raises:
        ServiceError: the actor may not start cycles, or an earlier cycle is still active
            before its implementation is approved.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), STARTERS, "memulai siklus")
    policy = get_policy(session, org)
    latest = session.exec(
        select(Cycle).where(Cycle.policy_id == policy.id).order_by(col(Cycle.number).desc())
    ).first()
    if latest is not None and latest.status == CycleStatus.ACTIVE:
        snap = snapshot(session, latest)
        if not snap.approved(Stage.IMPLEMENTATION):
            raise ServiceError(
                f"Siklus ke-{latest.number} masih berjalan dan implementasinya belum disetujui; "
                "selesaikan atau hentikan dulu."
            )
    cycle = Cycle(
        policy_id=policy.id or 0,
        number=(latest.number + 1) if latest else 1,
        opened_by=actor,
        previous_cycle_id=latest.id if latest else None,
    )
    session.add(cycle)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="cycle.opened",
        subject_type="cycle",
        subject_id=cycle.id or 0,
        organisation_id=org.id,
        payload={"policy": policy.code, "number": cycle.number},
    )
    session.commit()
    return cycle


def _ref(run: StageRun, org_code: str, cycle: Cycle) -> RunRef:
    return RunRef(
        run_id=run.id or 0,
        cycle_id=cycle.id or 0,
        organisation=org_code,
        cycle=cycle.number,
        stage=Stage(run.stage),
        period=run.period,
        attempt=run.attempt,
    )


def begin_stage(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    stage: Stage,
    actor: str,
    period: str = "",
    flow_run_id: str | None = None,
    may_take_over: Callable[[str], bool] | None = None,
) -> RunRef:
    """Start (or re-run) a stage: the run becomes `running`.

    Idempotent for a retried task: a run already running under the same flow run is
    returned as it is. A run left `running` by another flow run is taken over by
    `flow_run_id` in the same attempt if `may_take_over(that flow run's id)` says so
    (the caller asks the orchestrator whether that run finished, crashed or was
    abandoned; this module knows no orchestrator). Stage work is idempotent, so the new
    run redoes it without duplicates; the row is locked, so only one caller takes over.

    Raises:
        ServiceError: the actor may not start stages, the stage rules refuse, or the
            period names none (checked before anything is written).
    """
    period = run_period(stage, period)
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    existing = session.exec(
        select(StageRun)
        .where(StageRun.cycle_id == cyc.id, StageRun.stage == stage, StageRun.period == period)
        .with_for_update()
    ).first()
    if (
        existing is not None
        and existing.status == RunStatus.RUNNING
        and flow_run_id is not None
        and existing.flow_run_id == flow_run_id
    ):
        return _ref(existing, org.code, cyc)
    member = get_member(session, org, actor)
    starters = (*STARTERS, Role.ORGANISER) if stage == Stage.FORUMS else STARTERS
    require_role(member, starters, "menjalankan tahap")
    if (
        existing is not None
        and existing.status == RunStatus.RUNNING
        and existing.flow_run_id is not None
        and existing.flow_run_id != flow_run_id
        and may_take_over is not None
        and may_take_over(existing.flow_run_id)
    ):
        return _take_over(session, existing, org.id, org.code, cyc, actor, flow_run_id)
    snap = snapshot(session, cyc)
    try:
        plan = check_start(snap, stage, period, gates.blockers_for(session, cyc, stage))
    except StageRuleError as exc:
        raise ServiceError(exc.message) from exc
    run = existing or StageRun(
        cycle_id=cyc.id or 0, stage=stage, period=period, status="", started_by=actor
    )
    run.status = RunStatus.RUNNING
    run.attempt = plan.attempt
    run.started_by = actor
    run.started_at = utcnow()
    run.due_on = deadlines.stage_due_on(org_pack(org), stage, deadlines.local_date(run.started_at))
    run.submitted_at = None
    run.decided_at = None
    run.flow_run_id = flow_run_id
    run.error = None
    session.add(run)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="stage.started",
        subject_type="stage_run",
        subject_id=run.id or 0,
        organisation_id=org.id,
        payload={
            "cycle": cyc.number,
            "stage": stage.value,
            "period": period,
            "attempt": plan.attempt,
            "overridden_gate": plan.overridden,
            "flow_run_id": flow_run_id,
            "due_on": run.due_on.isoformat() if run.due_on else None,
        },
    )
    session.commit()
    return _ref(run, org.code, cyc)


def _take_over(
    session: Session,
    run: StageRun,
    org_id: int | None,
    org_code: str,
    cyc: Cycle,
    actor: str,
    flow_run_id: str | None,
) -> RunRef:
    """Hand a run left `running` by a dead flow run to `flow_run_id` (same attempt)."""
    previous = {"flow_run_id": run.flow_run_id, "started_by": run.started_by}
    run.flow_run_id = flow_run_id
    run.started_by = actor
    run.started_at = utcnow()
    session.add(run)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="stage.taken_over",
        subject_type="stage_run",
        subject_id=run.id or 0,
        organisation_id=org_id,
        payload={
            "cycle": cyc.number,
            "stage": run.stage,
            "period": run.period,
            "attempt": run.attempt,
            "flow_run_id": flow_run_id,
            "previous": previous,
        },
    )
    session.commit()
    return _ref(run, org_code, cyc)


def _load_run(session: Session, run_id: int) -> tuple[StageRun, Cycle]:
    run = session.get(StageRun, run_id)
    if run is None:
        raise ServiceError(f"Tahap #{run_id} tidak ditemukan.")
    cyc = session.get(Cycle, run.cycle_id)
    assert cyc is not None
    return run, cyc


def _org_id(session: Session, cyc: Cycle) -> int | None:
    policy = session.get(Policy, cyc.policy_id)
    return policy.organisation_id if policy else None


def submit_stage(*, session: Session, run_id: int, actor: str, summary: dict[str, Any]) -> None:
    """Hand a finished run to leadership: running -> in_review (no-op if already there).

    Raises:
        ServiceError: a stage-specific condition for review is not met.
    """
    run, cyc = _load_run(session, run_id)
    if run.status == RunStatus.IN_REVIEW:
        return
    try:
        check_transition(RunStatus(run.status), RunStatus.IN_REVIEW)
    except StageRuleError as exc:
        raise ServiceError(exc.message) from exc
    problems = gates.submit_problems(session, cyc, Stage(run.stage), run)
    if problems:
        raise ServiceError(
            f"Tahap {STAGE_TITLES_ID[Stage(run.stage)]} belum dapat diajukan: "
            + "; ".join(problems)
        )
    run.status = RunStatus.IN_REVIEW
    run.summary = summary
    run.submitted_at = utcnow()
    session.add(run)
    audit.record(
        session,
        actor=actor,
        action="stage.submitted",
        subject_type="stage_run",
        subject_id=run_id,
        organisation_id=_org_id(session, cyc),
        payload={
            "stage": run.stage,
            "period": run.period,
            "attempt": run.attempt,
            "summary": summary,
        },
    )
    session.commit()


def fail_stage(*, session: Session, run_id: int, actor: str, error: str) -> None:
    """Record that the work of a run broke: running -> failed (a re-run is allowed)."""
    run, cyc = _load_run(session, run_id)
    if run.status != RunStatus.RUNNING:
        return
    run.status = RunStatus.FAILED
    run.error = error[:4000]
    session.add(run)
    audit.record(
        session,
        actor=actor,
        action="stage.failed",
        subject_type="stage_run",
        subject_id=run_id,
        organisation_id=_org_id(session, cyc),
        payload={
            "stage": run.stage,
            "period": run.period,
            "attempt": run.attempt,
            "error": error[:500],
        },
    )
    session.commit()


def override_gate(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    stage: Stage,
    leader: str,
    reason: str,
    period: str = "",
) -> GateOverride:
    """A leader opens a closed gate with a written reason (an audited event).

    Raises:
        ServiceError: not a leader, no reason, the gate is already open, or the period
            names none.
    """
    period = run_period(stage, period)
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    member = get_member(session, org, leader)
    try:
        blockers = check_override(
            snapshot(session, cyc),
            stage,
            leader=leader,
            leader_roles=member.roles,
            reason=reason,
            period=period,
            extra_blockers=gates.blockers_for(session, cyc, stage),
        )
    except StageRuleError as exc:
        raise ServiceError(exc.message) from exc
    override = GateOverride(
        cycle_id=cyc.id or 0, stage=stage, period=period, leader=leader, reason=reason.strip()
    )
    session.add(override)
    session.flush()
    audit.record(
        session,
        actor=leader,
        action="gate.overridden",
        subject_type="cycle",
        subject_id=cyc.id or 0,
        organisation_id=org.id,
        payload={
            "stage": stage.value,
            "period": period,
            "reason": reason.strip(),
            "blockers": blockers,
        },
    )
    session.commit()
    return override


@dataclass(frozen=True)
class StageStatus:
    """One stage's status, its holder and what holds its gate (plain data)."""

    cycle: int
    status: RunStatus | None
    attempt: int
    flow_run_id: str | None
    blockers: tuple[str, ...]


def stage_status(
    *, session: Session, organisation: str | None, cycle: int | None, stage: Stage, period: str = ""
) -> StageStatus:
    """Where one stage stands (cheaper than the whole `cycle_board`; read only)."""
    period = run_period(stage, period)
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    run = session.exec(
        select(StageRun).where(
            StageRun.cycle_id == cyc.id, StageRun.stage == stage, StageRun.period == period
        )
    ).first()
    status = RunStatus(run.status) if run is not None else None
    blockers: tuple[str, ...] = ()
    if status is None or status in RERUNNABLE:  # the gate applies to a re-run too
        snap = snapshot(session, cyc)
        if (stage, period) not in snap.overrides and (stage, "") not in snap.overrides:
            blockers = tuple(gate_blockers(snap, stage, gates.blockers_for(session, cyc, stage)))
    if run is None:
        return StageStatus(cyc.number, None, 0, None, blockers)
    return StageStatus(cyc.number, status, run.attempt, run.flow_run_id, blockers)


@dataclass(frozen=True)
class BoardRow:
    """One line of a cycle's status board."""

    stage: Stage
    title: str
    period: str
    status: RunStatus | None
    attempt: int
    started_by: str
    started_at: datetime | None
    reviewer: str
    decision: str
    decided_at: datetime | None
    reason: str
    flow_run_id: str | None
    documents: tuple[tuple[int, str, str], ...]  # (id, title, html path)
    blockers: tuple[str, ...]
    due_on: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class CycleBoard:
    """A cycle's status board."""

    organisation: str
    organisation_name: str
    policy: str
    cycle: int
    status: str
    rows: tuple[BoardRow, ...]
    overrides: tuple[tuple[str, str, str], ...]  # (stage, leader, reason)


def cycle_board(*, session: Session, organisation: str | None, cycle: int | None) -> CycleBoard:
    """Stages, statuses, who ran and decided each, when, and their documents."""
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    policy = get_policy(session, org)
    snap = snapshot(session, cyc)
    runs = {
        (r.stage, r.period): r
        for r in session.exec(select(StageRun).where(StageRun.cycle_id == cyc.id))
    }
    run_ids = [r.id for r in runs.values()]
    reviews: dict[int, Review] = {}
    for rv in session.exec(
        select(Review).where(col(Review.stage_run_id).in_(run_ids)).order_by(col(Review.id))
    ):
        reviews[rv.stage_run_id] = rv
    docs: dict[int, list[tuple[int, str, str]]] = {}
    latest: dict[tuple[int | None, str, str], Document] = {}
    for d in session.exec(
        select(Document).where(Document.cycle_id == cyc.id).order_by(col(Document.version))
    ):
        latest[(d.stage_run_id, d.key, d.locale)] = d
    for (run_id, _key, _loc), d in sorted(latest.items(), key=lambda kv: kv[1].id or 0):
        if run_id is not None:
            docs.setdefault(run_id, []).append((d.id or 0, f"{d.title} ({d.locale})", d.html_path))
    rows = []
    for stage, period, status in board(snap):
        run = runs.get((stage.value, period))
        review = reviews.get(run.id or 0) if run else None
        blockers: tuple[str, ...] = ()
        if (status is None or status in RERUNNABLE) and (stage, "") not in snap.overrides:
            blockers = tuple(gate_blockers(snap, stage, gates.blockers_for(session, cyc, stage)))
        rows.append(
            BoardRow(
                stage=stage,
                title=STAGE_TITLES_ID[stage],
                period=period,
                status=status,
                attempt=run.attempt if run else 0,
                started_by=run.started_by if run else "",
                started_at=run.started_at if run else None,
                reviewer=review.reviewer if review else "",
                decision=review.decision if review else "",
                decided_at=run.decided_at if run else None,
                reason=review.reason if review else "",
                flow_run_id=run.flow_run_id if run else None,
                documents=tuple(docs.get(run.id or 0, [])) if run else (),
                blockers=blockers,
                due_on=run.due_on if run else None,
                overdue=bool(
                    run
                    and run.due_on
                    and run.status in deadlines.OPEN_RUNS
                    and run.due_on < deadlines.local_date()
                ),
            )
        )
    overrides = session.exec(select(GateOverride).where(GateOverride.cycle_id == cyc.id)).all()
    return CycleBoard(
        organisation=org.code,
        organisation_name=org.name,
        policy=policy.title,
        cycle=cyc.number,
        status=cyc.status,
        rows=tuple(rows),
        overrides=tuple((o.stage, o.leader, o.reason) for o in overrides),
    )
