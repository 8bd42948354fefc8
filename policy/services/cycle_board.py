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

from policy.models import Document, GateOverride, Review, RunStatus, Stage, StageRun
from policy.services import deadlines, gates
from policy.services.common import get_cycle, get_org, get_policy, run_period, snapshot
from policy.stages import RERUNNABLE, STAGE_TITLES_ID, board, gate_blockers


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
    overrides: tuple[tuple[str, str, str, str], ...]  # (stage, period, leader, reason)
    superseded_by: int | None = None  # a closed cycle: the revision cycle that closed it


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
        overridden = (stage, "") in snap.overrides or (stage, period) in snap.overrides
        if (status is None or status in RERUNNABLE) and not overridden:
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
        overrides=tuple((o.stage, o.period, o.leader, o.reason) for o in overrides),
        superseded_by=snap.superseded_by,
    )
