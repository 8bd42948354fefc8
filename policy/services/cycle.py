"""Opening and closing cycles, and moving stage runs through the state machine.

Layer: domain services (counterparts: `flows.cycle`, the stage flows, `siklus cycle`
and `siklus stage`). The pure rules are in `policy.stages`; stage-specific gate
conditions come from `policy.services.gates`. Reading where the stages stand (one
stage's status, the cycle's board) is `policy.services.cycle_board`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.models import (
    Cycle,
    CycleStatus,
    GateOverride,
    Organisation,
    Policy,
    Role,
    RunStatus,
    Stage,
    StageRun,
    utcnow,
)
from policy.periods import period_label
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
from policy.services.import_target import import_bounds
from policy.stages import (
    STAGE_TITLES_ID,
    StageRuleError,
    check_override,
    check_start,
    check_transition,
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


def require_evaluated(org: Organisation, stage: Stage, period: str) -> None:
    """Refuse an evaluation run of a period the organisation's pack never evaluates.

    A month in a quarterly pack would be evaluated from data no import takes (an import
    refuses such periods, `policy.importbounds`), and its documents would stand beside
    the quarters' as if the pack evaluated monthly.

    Raises:
        ServiceError: the pack evaluates neither that kind of period, the year, nor a
            self-assessment round of it; the message names what it does evaluate.
    """
    if stage != Stage.EVALUATION:
        return
    bounds = import_bounds(org)
    if not bounds.evaluated(period):
        raise ServiceError(
            f"Periode {period} ({period_label(period)}) tidak dievaluasi paket {org.code}: "
            f"paket mengevaluasi {bounds.evaluated_words(int(period[:4]))}."
        )


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


def close_superseded(session: Session, cycle: Cycle, actor: str) -> list[int]:
    """Close every older active cycle of `cycle`'s policy; returns their numbers.

    Called when leadership approves `cycle`'s implementation (`gates.on_approved`, in the
    approval's transaction): the revision is now the policy in force, so the older
    cycles, whose implementation stayed in force until now, take no more stages. Each
    closed cycle gets a `cycle.closed` audit event. A stopped cycle is left as it is.
    Flushes, never commits.
    """
    older = session.exec(
        select(Cycle)
        .where(
            Cycle.policy_id == cycle.policy_id,
            Cycle.number < cycle.number,
            Cycle.status == CycleStatus.ACTIVE,
        )
        .order_by(col(Cycle.number))
    ).all()
    if not older:
        return []
    org_id = _org_id(session, cycle)
    for old in older:
        old.status = CycleStatus.CLOSED
        session.add(old)
        session.flush()
        reason = (
            f"Implementasi siklus revisi ke-{cycle.number} disetujui; implementasi siklus "
            f"ke-{old.number} tidak berlaku lagi dan tahapnya tidak dapat dimulai lagi."
        )
        audit.record(
            session,
            actor=actor,
            action="cycle.closed",
            subject_type="cycle",
            subject_id=old.id or 0,
            organisation_id=org_id,
            payload={"number": old.number, "superseded_by": cycle.number, "reason": reason},
        )
    return [old.number for old in older]


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
    require_evaluated(org, stage, period)
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
    require_evaluated(org, stage, period)
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
