"""Where a cycle's stages stand: one stage's status, and the whole cycle's board.

Layer: domain services, read only (counterparts: `siklus status`, which prints the board,
and `flows.cycle`, which reads a stage's status before it runs it). The runs themselves
are opened and moved by `policy.services.cycle`; the gate rules are `policy.stages` and
`policy.services.gates`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from policy.evaluation.objection import Outcome
from policy.models import (
    Cycle,
    Document,
    GateOverride,
    Objection,
    Review,
    RunStatus,
    Stage,
    StageRun,
)
from policy.services import deadlines, gates
from policy.services.common import get_cycle, get_org, get_policy, run_period, snapshot
from policy.services.stagework import load_context
from policy.stages import (
    RERUNNABLE,
    STAGE_TITLES_ID,
    CycleSnapshot,
    board,
    gate_blockers,
    previous_stage,
)


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
        blockers = _held(session, cyc, snapshot(session, cyc), stage, period, status)
    if run is None:
        return StageStatus(cyc.number, None, 0, None, blockers)
    return StageStatus(cyc.number, status, run.attempt, run.flow_run_id, blockers)


def _held(
    session: Session,
    cyc: Cycle,
    snap: CycleSnapshot,
    stage: Stage,
    period: str,
    status: RunStatus | None,
) -> tuple[str, ...]:
    """What holds a stage's gate.

    Nothing once the stage runs (a re-run is gated again), or once a leader opened the gate
    (for the period, or for every period).
    """
    if status is not None and status not in RERUNNABLE:
        return ()
    if (stage, period) in snap.overrides or (stage, "") in snap.overrides:
        return ()
    return tuple(gate_blockers(snap, stage, gates.blockers_for(session, cyc, stage)))


def held_gates(session: Session, cyc: Cycle) -> list[tuple[Stage, tuple[str, ...]]]:
    """The cycle's stages held by more than the previous stage's approval, with what holds them.

    A stage whose previous stage is approved and which still cannot start (the coverage of
    the socialisation under its target, forum minutes not yet approved) is one a leader may
    open with a written reason; stages further on, held only because the stage before them
    is not approved yet, and evaluation periods (their gate is the implementation's
    approval) are not listed.
    """
    snap = snapshot(session, cyc)
    rows = board(snap)
    approved = {stage for stage, _period, status in rows if status == RunStatus.APPROVED}
    held = []
    for stage, period, status in rows:
        before = previous_stage(stage)
        if period or (before is not None and before not in approved):
            continue
        blockers = _held(session, cyc, snap, stage, period, status)
        if blockers:
            held.append((stage, blockers))
    return held


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
    documents: tuple[tuple[int, str, str], ...]  # (id, title, HTML file as a full path)
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
    overrides: tuple[tuple[str, str, str, str], ...]  # (stage, period, leader, reason)
    superseded_by: int | None = None  # a closed cycle: the revision cycle that closed it
    #: Per evaluated period with open objections: (period, under examination, results changed
    #: on objection that the data do not give yet).
    objections: tuple[tuple[str, int, int], ...] = ()


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
            entry = (d.id or 0, f"{d.title} ({d.locale})", str(d.html_file))
            docs.setdefault(run_id, []).append(entry)
    rows = []
    for stage, period, status in board(snap):
        run = runs.get((stage.value, period))
        review = reviews.get(run.id or 0) if run else None
        blockers = _held(session, cyc, snap, stage, period, status)
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
        overrides=tuple((o.stage, o.period, o.leader, o.reason) for o in overrides),
        superseded_by=snap.superseded_by,
        objections=_open_objections(session, [r for r in runs.values() if r.stage == "evaluation"]),
    )


def _open_objections(session: Session, runs: list[StageRun]) -> tuple[tuple[str, int, int], ...]:
    """Per period: objections under examination, and changed results not yet in the data."""
    out = []
    for run in sorted(runs, key=lambda r: r.period):
        open_ = (Outcome.PENDING.value, Outcome.CHANGED.value)
        if not session.exec(
            select(Objection.id).where(
                Objection.stage_run_id == run.id, col(Objection.outcome).in_(open_)
            )
        ).first():
            continue
        # Only with objections open: the register's rows bring the views (and Jinja) along,
        # which `siklus status` does not load otherwise.
        from policy.services.objection_register import run_entries

        ctx = load_context(session, run.id or 0, Stage.EVALUATION)
        entries = run_entries(session, ctx, (Outcome.PENDING, Outcome.CHANGED))
        pending = sum(e.outcome == Outcome.PENDING for e in entries)
        awaiting = sum(e.applied is False for e in entries)
        if pending or awaiting:
            out.append((run.period, pending, awaiting))
    return tuple(out)
