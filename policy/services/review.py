"""Leadership decisions on stage runs: approve, return, reject; reopen an approved period.

Layer: domain services (counterparts: `siklus review`, and the Prefect UI approval
path in `flows.cycle`, which records through this same function). A decision is a
plain service call: no Prefect is started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.models import (
    Cycle,
    CycleStatus,
    Decision,
    Organisation,
    Policy,
    Review,
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
    get_run,
    org_pack,
    run_period,
    run_starters,
    snapshot,
)
from policy.services.period_lock import PeriodLocks
from policy.services.stagework import document_date
from policy.stages import (
    DECISION_ID,
    RunSnapshot,
    StageRuleError,
    check_reopen,
    check_review,
    cycle_status_after,
    inactive_reason,
    stage_label,
)


def decide(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    stage: Stage,
    reviewer: str,
    decision: Decision,
    reason: str = "",
    period: str = "",
    back_to: Stage | None = None,
    via: str = "cli",
    expected_attempt: int | None = None,
    as_of: date | None = None,
) -> Review:
    """Record a leader's decision on a stage in review.

    An approval also does what approving that stage sets off
    (`policy.services.gates.on_approved`, e.g. the final Peraturan when drafting is
    approved), in the same transaction; `as_of` is the date such documents speak for
    (default today).

    `expected_attempt` lets a caller that saw a particular attempt (e.g. a Prefect
    approval form) refuse to decide on a newer one. Whichever path decides first
    wins; the other gets a clear error.

    Raises:
        ServiceError: the stage is not in review, the reviewer is not a leader or ran
            the stage, a return/reject has no reason, a return in a cycle no longer
            active, or the period names none.
    """
    period = run_period(stage, period)
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    run = get_run(session, cyc, stage, period)
    if expected_attempt is not None and run.attempt != expected_attempt:
        raise ServiceError(
            f"Keputusan untuk percobaan ke-{expected_attempt} tidak berlaku lagi: tahap ini sudah "
            f"pada percobaan ke-{run.attempt}."
        )
    if run.status != RunStatus.IN_REVIEW:
        earlier = _decision_on(session, run, run.attempt)
        if earlier is not None:
            label = stage_label(stage, period)
            raise ServiceError(
                f"Tahap {label} (percobaan ke-{run.attempt}) sudah diputuskan "
                f"'{DECISION_ID.get(earlier.decision, earlier.decision)}' oleh "
                f"{earlier.reviewer} melalui {earlier.via}; keputusan ini tidak dicatat."
            )
    member = get_member(session, org, reviewer)
    snap_run = _snap(run, session)
    try:
        new_status = check_review(
            snap_run,
            reviewer=reviewer,
            reviewer_roles=member.roles,
            decision=decision,
            reason=reason,
            back_to=back_to,
            inactive=_inactive(session, cyc),
        )
    except StageRuleError as exc:
        raise ServiceError(exc.message) from exc
    review = _decided(session, run, new_status, reviewer, decision, reason, via)
    reopened = _reopen(session, cyc, back_to) if back_to else None
    cyc.status = cycle_status_after(decision, CycleStatus(cyc.status))
    session.add(cyc)
    session.flush()
    effects: dict[str, Any] = {}
    if new_status == RunStatus.APPROVED:
        try:
            effects = gates.on_approved(session, cyc, stage, run, reviewer, document_date(as_of))
        except BaseException:
            session.rollback()
            raise
    audit.record(
        session,
        actor=reviewer,
        action=f"stage.{new_status.value}",
        subject_type="stage_run",
        subject_id=run.id or 0,
        organisation_id=org.id,
        payload={
            "cycle": cyc.number,
            "stage": run.stage,
            "period": run.period,
            "attempt": run.attempt,
            "decision": decision.value,
            "reason": reason.strip(),
            "via": via,
            "reopened": reopened,
            **({"effects": effects} if effects else {}),
        },
    )
    session.commit()
    return review


def runs_in_review(session: Session, org: Organisation) -> list[tuple[StageRun, int]]:
    """The organisation's stage runs waiting for a decision, with their cycle's number.

    Any cycle counts (a run left in review in a stopped cycle still waits); the oldest
    submission comes first.
    """
    rows = session.exec(
        select(StageRun, Cycle.number)
        .join(Cycle, col(Cycle.id) == col(StageRun.cycle_id))
        .join(Policy, col(Policy.id) == col(Cycle.policy_id))
        .where(Policy.organisation_id == org.id, StageRun.status == RunStatus.IN_REVIEW)
        .order_by(col(StageRun.submitted_at), col(StageRun.id))
    ).all()
    return [(run, int(number)) for run, number in rows]


@dataclass(frozen=True)
class Reopened:
    """An approved evaluation period reopened for a correction (plain data)."""

    period: str
    cycle: int
    attempt: int
    due_on: date | None
    #: Later periods whose evaluation is in review or approved: their documents keep the
    #: figures they were made with (the IKM trend, for one).
    later: tuple[str, ...]

    def words(self, leader: str) -> list[str]:
        """What was done and what comes next, in sentences for the command line and portal."""
        from policy.locale import format_date
        from policy.periods import period_label

        when = f" (tenggat {format_date(self.due_on)})" if self.due_on else ""
        lines = [
            f"Periode {self.period} ({period_label(self.period)}) siklus ke-{self.cycle} dibuka "
            f"kembali oleh {leader}; data periode itu tidak lagi terkunci.",
            "Berikutnya: impor data yang dikoreksi, jalankan 'siklus stage run evaluation "
            f"--period {self.period}'{when}, lalu pimpinan meninjaunya lagi; sesudah disetujui, "
            "terbitkan ulang lembar pribadi pegawai yang bersangkutan (siklus evaluation sheets).",
        ]
        if self.later:
            lines.append(
                f"Periode sesudahnya yang sudah dievaluasi ({', '.join(self.later)}) tidak "
                "berubah: dokumennya tetap memuat angka saat disusun."
            )
        return lines


def reopen_period(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    leader: str,
    reason: str,
    today: date | None = None,
) -> Reopened:
    """Reopen an approved evaluation period so that its data can be corrected (commits).

    The run is returned (`policy.stages.check_reopen`), so the period's data unlocks: the
    corrected file is imported, the stage is run again (a new attempt, due the stage's
    working days after `today`), and the corrected documents are new versions that go to
    leadership for review. The documents approved before stay in the registry, and the
    follow-up actions already closed are kept. The reopening is recorded as a decision on
    the approved attempt (via "reopen") and audited with its reason.

    Raises:
        ServiceError: the period has no run, or the rules refuse (see `check_reopen`).
    """
    period = run_period(Stage.EVALUATION, period)
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    run = get_run(session, cyc, Stage.EVALUATION, period)
    member = get_member(session, org, leader)
    try:
        status = check_reopen(
            _snap(run), leader=leader, leader_roles=member.roles, reason=reason,
            inactive=_inactive(session, cyc),
        )  # fmt: skip
    except StageRuleError as exc:
        raise ServiceError(exc.message) from exc
    locks = PeriodLocks(session, org.id or 0)
    mine = locks.by_period[period]
    later = tuple(lock.period for lock in locks.spans if lock.start > mine.end)
    run.due_on = deadlines.stage_due_on(org_pack(org), Stage.EVALUATION, document_date(today))
    _decided(session, run, status, leader, Decision.RETURN, reason, "reopen")
    session.flush()
    audit.record(
        session,
        actor=leader,
        action="stage.reopened",
        subject_type="stage_run",
        subject_id=run.id or 0,
        organisation_id=org.id,
        payload={
            "cycle": cyc.number,
            "stage": run.stage,
            "period": period,
            "attempt": run.attempt,
            "reason": reason.strip(),
            "due_on": run.due_on.isoformat() if run.due_on else None,
            "later_periods": list(later),
        },
    )
    session.commit()
    return Reopened(period, cyc.number, run.attempt, run.due_on, later)


@dataclass(frozen=True)
class RecordedDecision:
    """A decision already recorded on one attempt of a stage run (plain data)."""

    reviewer: str
    decision: str
    via: str


def recorded_decision(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    stage: Stage,
    attempt: int,
    period: str = "",
) -> RecordedDecision | None:
    """The decision recorded on `attempt` of a stage run, if any (read only)."""
    period = run_period(stage, period)
    org = get_org(session, organisation)
    run = get_run(session, get_cycle(session, org, cycle), stage, period)
    review = _decision_on(session, run, attempt)
    if review is None:
        return None
    return RecordedDecision(reviewer=review.reviewer, decision=review.decision, via=review.via)


def _decision_on(session: Session, run: StageRun, attempt: int) -> Review | None:
    return session.exec(
        select(Review)
        .where(Review.stage_run_id == run.id, Review.attempt == attempt)
        .order_by(col(Review.id).desc())
    ).first()


def _inactive(session: Session, cyc: Cycle) -> str:
    """Why the cycle takes no more stages (`inactive_reason`), "" when it is active."""
    return inactive_reason(snapshot(session, cyc)) if cyc.status != CycleStatus.ACTIVE else ""


def _decided(
    session: Session,
    run: StageRun,
    status: RunStatus,
    reviewer: str,
    decision: Decision,
    reason: str,
    via: str,
) -> Review:
    """Record a decision on the run's current attempt: its new status and the Review."""
    run.status = status
    run.decided_at = utcnow()
    session.add(run)
    review = Review(stage_run_id=run.id or 0, attempt=run.attempt, reviewer=reviewer,
                    decision=decision, reason=reason.strip(), via=via)  # fmt: skip
    session.add(review)
    return review


def _snap(run: StageRun, session: Session | None = None) -> RunSnapshot:
    """The run as the rules see it; with `session`, also who ran each of its attempts."""
    return RunSnapshot(
        stage=Stage(run.stage),
        status=RunStatus(run.status),
        started_by=run.started_by,
        period=run.period,
        attempt=run.attempt,
        ran_by=run_starters(session, run) if session is not None else {},
    )


def _reopen(session: Session, cyc: Cycle, stage: Stage) -> str:
    """Send the cycle back to `stage` for another round (its approved run is returned)."""
    run = get_run(session, cyc, stage)
    run.status = RunStatus.RETURNED
    session.add(run)
    return stage.value
