"""Flows: a stage left running by a dead flow run is taken over; UI decisions are idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect import flow
from sqlmodel import select

from flows.common import StageParams
from flows.cycle import ReviewInput, gate_key, record_review_task
from flows.needs_analysis import needs_analysis_flow
from policy.db import session_scope
from policy.models import AuditEvent, Decision, RunStatus, Stage, StageRun
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import imports, organisation, review
from policy.services.common import ServiceError
from policy.settings import Settings

OFFICER, LEADER, LEADER2 = "rahmi.oktavia", "syahrul.anwar", "irfan.pratama"


@pytest.fixture
def demo_org(settings: Settings) -> None:
    loaded = load_pack(settings.packs_dir / "sawahlunto.yaml")
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=loaded, actor="admin")
        imports.import_file(
            session=s,
            organisation="sawahlunto",
            kind="pegawai",
            path=loaded.demo_file("setup", "pegawai"),
            actor=OFFICER,
        )
        cycle_service.open_cycle(session=s, organisation="sawahlunto", actor=OFFICER)


def _params(**kw: Any) -> StageParams:
    loaded = load_pack(Path(__file__).resolve().parents[2] / "packs" / "sawahlunto.yaml")
    files = {k: str(v) for k, v in loaded.demo_files("needs_analysis").items()}
    return StageParams(organisation="sawahlunto", actor=OFFICER, inputs=files, **kw)


@flow
def gone() -> None:
    """A stand-in for a flow run whose process died."""


def _holder(state: Any) -> str:
    """A flow run in `state`, holding the needs analysis `running` in our database."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        run = client.create_flow_run(gone, state=state)
    with session_scope() as s:
        cycle_service.begin_stage(
            session=s,
            organisation="sawahlunto",
            cycle=None,
            stage=Stage.NEEDS_ANALYSIS,
            actor=OFFICER,
            flow_run_id=str(run.id),
        )
    return str(run.id)


def _state(flow_run_id: str) -> Any:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(UUID(flow_run_id)).state


def test_stage_held_by_a_crashed_flow_run_is_taken_over(demo_org: None) -> None:
    from prefect.states import Crashed

    dead = _holder(Crashed(message="worker died"))
    outcome = needs_analysis_flow(_params())
    assert (outcome.status, outcome.attempt) == ("in_review", 1)
    with session_scope() as s:
        run = s.exec(select(StageRun)).one()
        [event] = s.exec(select(AuditEvent).where(AuditEvent.action == "stage.taken_over")).all()
    assert run.flow_run_id != dead and run.status == RunStatus.IN_REVIEW
    assert event.payload["previous"]["flow_run_id"] == dead


def test_stage_held_by_a_running_flow_run_needs_takeover(demo_org: None) -> None:
    from prefect.states import Running

    alive = _holder(Running())
    with pytest.raises(ServiceError, match="sedang berjalan"):
        needs_analysis_flow(_params())
    outcome = needs_analysis_flow(_params(takeover=True))
    assert outcome.status == "in_review"
    state = _state(alive)
    assert state.is_crashed() and "diambil alih" in (state.message or "")


def _in_review() -> None:
    needs_analysis_flow(_params())


def test_a_ui_decision_is_recorded_once_and_a_late_one_is_not(demo_org: None) -> None:
    _in_review()
    form = ReviewInput(decision="approve", reviewer=LEADER, reason="")
    args = ("sawahlunto", 1, Stage.NEEDS_ANALYSIS, "", 1)
    assert record_review_task.fn(*args, form) == "dicatat"
    # A resumed run reads the same form again: recognised, nothing written twice.
    assert record_review_task.fn(*args, form) == "sudah dicatat sebelumnya"
    late = ReviewInput(decision="return", reviewer=LEADER2, reason="Perlu data triwulan IV")
    outcome = record_review_task.fn(*args, late)
    assert outcome.startswith("tidak dicatat: ") and "melalui prefect-ui" in outcome
    with session_scope() as s:
        decided = review.recorded_decision(
            session=s, organisation="sawahlunto", cycle=1, stage=Stage.NEEDS_ANALYSIS, attempt=1
        )
    assert decided == review.RecordedDecision(LEADER, "approve", "prefect-ui")


def test_a_ui_decision_after_the_cli_is_not_recorded(demo_org: None) -> None:
    _in_review()
    with session_scope() as s:
        review.decide(
            session=s,
            organisation="sawahlunto",
            cycle=None,
            stage=Stage.NEEDS_ANALYSIS,
            reviewer=LEADER,
            decision=Decision.APPROVE,
        )
    # Another decision in the UI: refused, with the service's reason.
    form = ReviewInput(decision="return", reviewer=LEADER, reason="Ulangi")
    outcome = record_review_task.fn("sawahlunto", 1, Stage.NEEDS_ANALYSIS, "", 1, form)
    assert outcome.startswith("tidak dicatat: ") and "melalui cli" in outcome
    # The same decision (the form `wake_gates` sends after the CLI): known, not refused.
    form = ReviewInput(decision="approve", reviewer=LEADER, reason="")
    outcome = record_review_task.fn("sawahlunto", 1, Stage.NEEDS_ANALYSIS, "", 1, form)
    assert outcome == "sudah dicatat sebelumnya melalui cli"


@pytest.mark.parametrize(
    ("stage", "period", "key"),
    [
        (Stage.NEEDS_ANALYSIS, "", "review-needs-analysis-a1-f0"),
        (Stage.EVALUATION, "2026-TW3", "review-evaluation-2026-tw3-a1-f0"),
    ],
)
def test_gate_keys_are_valid_prefect_input_keys(stage: Stage, period: str, key: str) -> None:
    assert gate_key(stage, period, 1, 0) == key
