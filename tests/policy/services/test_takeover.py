"""Taking over a stage left running by a dead flow run; decisions already taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import AuditEvent, Decision, RunStatus, Stage, StageRun
from policy.services import cycle as cycle_service
from policy.services import review
from policy.services.common import ServiceError
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
