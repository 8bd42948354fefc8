"""Taking over a stage left running by a dead flow run; decisions already taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import AuditEvent, Decision, RunStatus, Stage, StageRun
from policy.services import cycle as cycle_service
from policy.services import review, review_notices
from policy.services.common import ServiceError, get_org
from tests.factories import make_cycle


def _begin(session: Session, flow_run_id: str, dead: str | None = None) -> int:
    """Begin the needs analysis; the orchestrator reports flow run `dead` as finished."""
    asked: list[str] = []

    def may_take_over(holder: str) -> bool:
        asked.append(holder)
        return holder == dead

    ref = cycle_service.begin_stage(
        session=session,
        organisation="contoh",
        cycle=None,
        stage=Stage.NEEDS_ANALYSIS,
        actor="rina",
        flow_run_id=flow_run_id,
        may_take_over=may_take_over,
    )
    return ref.attempt


def test_run_left_running_is_taken_over_only_when_its_holder_is_gone(
    session: Session, tmp_path: Path
) -> None:
    make_cycle(session, tmp_path)
    assert _begin(session, "dead") == 1
    with pytest.raises(ServiceError, match="sedang berjalan"):
        _begin(session, "new")
    with pytest.raises(ServiceError, match="sedang berjalan"):
        _begin(session, "new", dead="another")
    assert _begin(session, "new", dead="dead") == 1  # same attempt
    run = session.exec(select(StageRun)).one()
    assert (run.status, run.flow_run_id, run.attempt) == (RunStatus.RUNNING, "new", 1)
    [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "stage.taken_over")).all()
    assert event.payload["previous"]["flow_run_id"] == "dead"
    assert event.payload["flow_run_id"] == "new"
    # A second caller who found the same run dead is too late: the stage has a new holder.
    with pytest.raises(ServiceError, match="sedang berjalan"):
        _begin(session, "third", dead="dead")


def test_takeover_is_no_way_around_the_rules(session: Session, tmp_path: Path) -> None:
    make_cycle(session, tmp_path)
    ref = cycle_service.begin_stage(
        session=session,
        organisation="contoh",
        cycle=None,
        stage=Stage.NEEDS_ANALYSIS,
        actor="rina",
        flow_run_id="a",
    )
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    # In review: its flow run being finished does not restart it.
    with pytest.raises(ServiceError, match="menunggu keputusan"):
        _begin(session, "b", dead="a")
    # A member who may not start stages may not take one over either.
    with pytest.raises(ServiceError):
        cycle_service.begin_stage(
            session=session,
            organisation="contoh",
            cycle=None,
            stage=Stage.NEEDS_ANALYSIS,
            actor="sekda",
            flow_run_id="c",
            may_take_over=lambda holder: True,
        )


def test_deciding_twice_names_who_decided_first(session: Session, tmp_path: Path) -> None:
    make_cycle(session, tmp_path)
    ref = cycle_service.begin_stage(
        session=session, organisation="contoh", cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    review.decide(
        session=session,
        organisation="contoh",
        cycle=None,
        stage=Stage.NEEDS_ANALYSIS,
        reviewer="sekda",
        decision=Decision.APPROVE,
        via="prefect-ui",
    )
    with pytest.raises(ServiceError) as err:
        review.decide(
            session=session,
            organisation="contoh",
            cycle=None,
            stage=Stage.NEEDS_ANALYSIS,
            reviewer="kaban",
            decision=Decision.RETURN,
            reason="Data pengaduan belum lengkap",
        )
    assert "sudah diputuskan 'disetujui' oleh sekda melalui prefect-ui" in str(err.value)
    recorded = review.recorded_decision(
        session=session, organisation="contoh", cycle=None, stage=Stage.NEEDS_ANALYSIS, attempt=1
    )
    assert recorded == review.RecordedDecision(
        reviewer="sekda", decision="approve", via="prefect-ui"
    )
    assert (
        review.recorded_decision(
            session=session,
            organisation="contoh",
            cycle=None,
            stage=Stage.NEEDS_ANALYSIS,
            attempt=2,
        )
        is None
    )


def test_who_ran_an_earlier_attempt_or_was_taken_over_does_not_decide(
    session: Session, tmp_path: Path
) -> None:
    """Four-eyes holds for every attempt of the run, not only the one in review."""
    make_cycle(session, tmp_path)

    def start(actor: str, flow_run_id: str, dead: str | None = None) -> int:
        return cycle_service.begin_stage(
            session=session, organisation="contoh", cycle=None, stage=Stage.NEEDS_ANALYSIS,
            actor=actor, flow_run_id=flow_run_id, may_take_over=lambda holder: holder == dead,
        ).run_id  # fmt: skip

    def decide(reviewer: str, decision: Decision = Decision.APPROVE) -> None:
        review.decide(session=session, organisation="contoh", cycle=None,
                      stage=Stage.NEEDS_ANALYSIS, reviewer=reviewer, decision=decision,
                      reason="Data pengaduan belum lengkap")  # fmt: skip

    # kaban (leader and officer) runs attempt 1; sekda returns it; rina runs attempt 2.
    run_id = start("kaban", "a")
    cycle_service.submit_stage(session=session, run_id=run_id, actor="kaban", summary={})
    decide("sekda", Decision.RETURN)
    run_id = start("rina", "b")
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={})
    with pytest.raises(ServiceError) as err:
        decide("kaban")
    assert "kaban menjalankan tahap ini sendiri (percobaan ke-1)" in str(err.value)
    # The review notices skip both who ran it; another leader decides.
    notices = review_notices.review_notices(session, get_org(session, "contoh"))
    assert [sorted(n.ran_by) for n in notices] == [["kaban", "rina"]]
    decide("sekda")


def test_a_leader_whose_run_was_taken_over_does_not_decide_it(
    session: Session, tmp_path: Path
) -> None:
    make_cycle(session, tmp_path)
    ref = cycle_service.begin_stage(session=session, organisation="contoh", cycle=None,
                                    stage=Stage.NEEDS_ANALYSIS, actor="kaban",
                                    flow_run_id="dead")  # fmt: skip
    cycle_service.begin_stage(session=session, organisation="contoh", cycle=None,
                              stage=Stage.NEEDS_ANALYSIS, actor="rina", flow_run_id="new",
                              may_take_over=lambda holder: holder == "dead")  # fmt: skip
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    with pytest.raises(ServiceError, match="kaban menjalankan tahap ini sendiri"):
        review.decide(session=session, organisation="contoh", cycle=None,
                      stage=Stage.NEEDS_ANALYSIS, reviewer="kaban",
                      decision=Decision.APPROVE)  # fmt: skip
