"""Approving a revision cycle's implementation closes the older cycles still active."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from sqlmodel import Session, col, select

from policy import audit
from policy.models import AuditEvent, Cycle, CycleStatus, Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import forum_plan, review
from policy.services.common import ServiceError
from policy.services.cycle_board import cycle_board
from policy.services.schedule import plan_evaluations
from siklus.output import print_board
from tests.factories import make_org

CLOSED_1 = (
    "Siklus ke-1 sudah ditutup karena implementasi siklus revisi ke-2 disetujui; tahap tidak "
    "dapat dimulai lagi di siklus ini."
)


def run_and_decide(
    session: Session, cycle: int, stage: Stage, how: Decision = Decision.APPROVE, period: str = ""
) -> None:
    """Run `stage` of `cycle` (no stage work; its gate opened when held) and decide it."""
    if stage == Stage.IMPLEMENTATION:
        cycle_service.override_gate(
            session=session,
            organisation="contoh",
            cycle=cycle,
            stage=stage,
            leader="sekda",
            reason="Uji penutupan siklus",
        )
    run_id = begin(session, cycle, stage, period)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={})
    decide(session, cycle, stage, how, period)


def decide(session: Session, cycle: int, stage: Stage, how: Decision, period: str = "") -> None:
    review.decide(
        session=session,
        organisation="contoh",
        cycle=cycle,
        stage=stage,
        reviewer="sekda",
        decision=how,
        period=period,
        reason="Keputusan pimpinan dalam uji",
    )


def begin(session: Session, cycle: int, stage: Stage, period: str = "") -> int:
    """Start `stage` (of `period`) in `cycle` as the officer; returns the run's id."""
    ref = cycle_service.begin_stage(
        session=session,
        organisation="contoh",
        cycle=cycle,
        stage=stage,
        actor="rina",
        period=period,
    )
    return ref.run_id


def submit_evaluations(session: Session, cycle: int, *periods: str) -> None:
    """Run the evaluation of each period in `cycle` (no stage work) and leave it in review."""
    for period in periods:
        run_id = begin(session, cycle, Stage.EVALUATION, period)
        cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={})


def open_next(session: Session) -> int:
    return cycle_service.open_cycle(session=session, organisation="contoh", actor="rina").number


def statuses(session: Session) -> dict[int, str]:
    return {c.number: c.status for c in session.exec(select(Cycle)).all()}


def closed_events(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "cycle.closed")
    return list(session.exec(query.order_by(col(AuditEvent.seq))).all())


@pytest.fixture
def revised(session: Session, tmp_path: Path) -> Session:
    """Cycle 1 with its implementation approved, and revision cycle 2 opened."""
    make_org(session, tmp_path)
    open_next(session)
    run_and_decide(session, 1, Stage.IMPLEMENTATION)
    assert open_next(session) == 2
    return session


def test_approving_the_revision_implementation_closes_the_older_cycle(revised: Session) -> None:
    session = revised
    run_and_decide(session, 1, Stage.EVALUATION, period="2026-TW3")  # cycle 1 still in force
    assert statuses(session) == {1: CycleStatus.ACTIVE, 2: CycleStatus.ACTIVE}
    assert closed_events(session) == []
    run_and_decide(session, 2, Stage.IMPLEMENTATION)
    assert statuses(session) == {1: CycleStatus.CLOSED, 2: CycleStatus.ACTIVE}
    [event] = closed_events(session)
    cycle_1 = session.exec(select(Cycle).where(Cycle.number == 1)).one()
    assert (event.actor, event.subject_type, event.subject_id) == (
        "sekda",
        "cycle",
        str(cycle_1.id),
    )
    assert event.payload == {
        "number": 1,
        "superseded_by": 2,
        "reason": "Implementasi siklus revisi ke-2 disetujui; implementasi siklus ke-1 tidak "
        "berlaku lagi dan tahapnya tidak dapat dimulai lagi.",
    }
    approved = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "stage.approved")
        .order_by(col(AuditEvent.seq).desc())
    ).first()
    assert approved is not None and approved.payload["effects"] == {"closed_cycles": [1]}
    assert approved.payload["cycle"] == 2 and approved.seq == event.seq + 1
    result = audit.verify(session)
    assert result.ok, result.problems
    # Nothing more starts in cycle 1, and the refusal says why.
    with pytest.raises(ServiceError) as err:
        begin(session, 1, Stage.EVALUATION, "2026-TW4")
    assert str(err.value) == CLOSED_1
    with pytest.raises(ServiceError, match="sudah ditutup karena implementasi siklus revisi"):
        cycle_service.override_gate(
            session=session,
            organisation="contoh",
            cycle=1,
            stage=Stage.NEEDS_ANALYSIS,
            leader="sekda",
            reason="Uji penutupan siklus",
        )
    with pytest.raises(ServiceError, match="^Siklus ke-1 ditutup; forum tidak dapat"):
        forum_plan.plan_cycle_forums(session=session, organisation="contoh", cycle=1, actor="rina")
    # Cycle 2 goes on: its evaluation starts.
    run_and_decide(session, 2, Stage.EVALUATION, period="2026-TW4")


def test_the_board_says_why_a_cycle_is_closed(revised: Session) -> None:
    session = revised
    run_and_decide(session, 2, Stage.IMPLEMENTATION)
    old = cycle_board(session=session, organisation="contoh", cycle=1)
    new = cycle_board(session=session, organisation="contoh", cycle=2)
    assert (old.status, old.superseded_by) == (CycleStatus.CLOSED, 2)
    assert (new.status, new.superseded_by) == (CycleStatus.ACTIVE, None)
    console = Console(record=True, width=200)
    print_board(console, old)
    print_board(console, new)
    text = console.export_text()
    assert "siklus ke-1 (ditutup karena implementasi siklus revisi ke-2 disetujui)" in text
    assert "siklus ke-2 (aktif)" in text
    assert "closed" not in text and "active" not in text


def test_the_schedule_evaluates_the_revision_once_it_closes_the_older_cycle(
    revised: Session,
) -> None:
    session = revised
    (before,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert before.cycle == 1
    assert before.reason.startswith("data periode 2026-TW3")  # no e-Kinerja ratings here
    run_and_decide(session, 2, Stage.IMPLEMENTATION)
    (after,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert (after.action, after.cycle, after.period) == ("skip", 2, "2026-TW3")
    assert "belum masuk" in after.reason and "siklus ke-1" not in after.message()


def test_only_active_cycles_are_closed(session: Session, tmp_path: Path) -> None:
    make_org(session, tmp_path)
    open_next(session)
    run_and_decide(session, 1, Stage.IMPLEMENTATION)
    # Cycle 1's evaluation is rejected: the cycle stops.
    run_and_decide(session, 1, Stage.EVALUATION, Decision.REJECT, period="2026-TW3")
    open_next(session)
    # Cycle 2 is stopped early, at its needs analysis.
    run_and_decide(session, 2, Stage.NEEDS_ANALYSIS, Decision.REJECT)
    open_next(session)
    run_and_decide(session, 3, Stage.IMPLEMENTATION)
    assert statuses(session) == {
        1: CycleStatus.STOPPED,
        2: CycleStatus.STOPPED,
        3: CycleStatus.ACTIVE,
    }
    assert closed_events(session) == []
    with pytest.raises(ServiceError) as err:
        begin(session, 2, Stage.FORUMS)
    assert str(err.value) == "Siklus ke-2 dihentikan, tidak aktif lagi."


def test_each_approval_closes_only_the_cycles_still_active(revised: Session) -> None:
    session = revised
    run_and_decide(session, 2, Stage.IMPLEMENTATION)
    assert open_next(session) == 3
    run_and_decide(session, 3, Stage.IMPLEMENTATION)
    assert statuses(session) == {
        1: CycleStatus.CLOSED,
        2: CycleStatus.CLOSED,
        3: CycleStatus.ACTIVE,
    }
    assert [(e.payload["number"], e.payload["superseded_by"]) for e in closed_events(session)] == [
        (1, 2),
        (2, 3),
    ]
    # Each closed cycle names the revision that closed it, not the newest one.
    with pytest.raises(ServiceError, match="revisi ke-2 disetujui"):
        begin(session, 1, Stage.EVALUATION, "2027-TW1")
    assert audit.verify(session).ok


def test_a_run_left_in_review_is_decided_and_the_cycle_stays_closed(revised: Session) -> None:
    session = revised
    submit_evaluations(session, 1, "2026-TW3", "2026-TW4")
    run_and_decide(session, 2, Stage.IMPLEMENTATION)
    decide(session, 1, Stage.EVALUATION, Decision.APPROVE, "2026-TW3")
    decide(session, 1, Stage.EVALUATION, Decision.REJECT, "2026-TW4")
    assert statuses(session) == {1: CycleStatus.CLOSED, 2: CycleStatus.ACTIVE}


def test_a_stopped_cycle_is_not_started_again_by_a_run_left_in_review(
    session: Session, tmp_path: Path
) -> None:
    make_org(session, tmp_path)
    open_next(session)
    run_and_decide(session, 1, Stage.IMPLEMENTATION)
    submit_evaluations(session, 1, "2026-TW3", "2026-TW4")
    decide(session, 1, Stage.EVALUATION, Decision.REJECT, "2026-TW4")
    assert statuses(session) == {1: CycleStatus.STOPPED}
    # The TW3 run left in review is still decided; the cycle stays stopped.
    decide(session, 1, Stage.EVALUATION, Decision.APPROVE, "2026-TW3")
    assert statuses(session) == {1: CycleStatus.STOPPED}
    with pytest.raises(ServiceError, match="Siklus ke-1 dihentikan, tidak aktif lagi."):
        begin(session, 1, Stage.EVALUATION, "2027-TW1")


def test_a_run_left_in_a_closed_cycle_cannot_be_returned(revised: Session) -> None:
    session = revised
    submit_evaluations(session, 1, "2026-TW3")
    run_and_decide(session, 2, Stage.IMPLEMENTATION)
    with pytest.raises(ServiceError) as refused:
        decide(session, 1, Stage.EVALUATION, Decision.RETURN, "2026-TW3")
    assert str(refused.value) == (
        CLOSED_1 + " Tahap Evaluasi Berkala periode 2026-TW3 tidak dapat dikembalikan karena "
        "tidak dapat dijalankan lagi; setujui atau tolak tahap ini."
    )
    # Nothing was recorded; the run is still in review and may be approved.
    decide(session, 1, Stage.EVALUATION, Decision.APPROVE, "2026-TW3")
    assert statuses(session) == {1: CycleStatus.CLOSED, 2: CycleStatus.ACTIVE}


def test_a_run_left_in_a_stopped_cycle_cannot_be_returned(session: Session, tmp_path: Path) -> None:
    make_org(session, tmp_path)
    open_next(session)
    run_and_decide(session, 1, Stage.IMPLEMENTATION)
    submit_evaluations(session, 1, "2026-TW3", "2026-TW4")
    decide(session, 1, Stage.EVALUATION, Decision.REJECT, "2026-TW4")
    with pytest.raises(ServiceError, match="Siklus ke-1 dihentikan, tidak aktif lagi. Tahap"):
        decide(session, 1, Stage.EVALUATION, Decision.RETURN, "2026-TW3")
    decide(session, 1, Stage.EVALUATION, Decision.REJECT, "2026-TW3")
    assert statuses(session) == {1: CycleStatus.STOPPED}
