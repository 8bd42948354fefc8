"""An evaluation period given in any form the import files accept, or refused before anything.

"Triwulan III 2026" and "Juli s.d. September 2026" are "2026-TW3" to every service that
takes a period; a period that names none is refused before a run, an override or a
decision is recorded, so no failed run is left on the status board.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from policy.models import AuditEvent, Decision, GateOverride, RunStatus, Stage, StageRun
from policy.services import cycle as cycle_service
from policy.services import review
from policy.services.common import ServiceError
from policy.services.cycle_board import stage_status
from tests.factories import make_cycle


def count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _override(session: Session, period: str) -> GateOverride:
    return cycle_service.override_gate(
        session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
        leader="sekda", reason="Uji periode evaluasi", period=period,
    )  # fmt: skip


def _begin(session: Session, period: str) -> cycle_service.RunRef:
    return cycle_service.begin_stage(
        session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
        actor="rina", period=period,
    )  # fmt: skip


def test_a_period_in_words_is_the_periods_code(session: Session, tmp_path: Path) -> None:
    make_cycle(session, tmp_path)
    assert _override(session, "Triwulan III 2026").period == "2026-TW3"
    ref = _begin(session, "Juli s.d. September 2026")
    assert ref.period == "2026-TW3"
    assert session.exec(select(StageRun.period)).one() == "2026-TW3"
    status = stage_status(
        session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
        period="TW III 2026",
    )  # fmt: skip
    assert status.status == RunStatus.RUNNING
    with pytest.raises(ServiceError, match="sedang berjalan"):  # the same run, not a second
        _begin(session, "2026-TW3")
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    review.decide(
        session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
        reviewer="sekda", decision=Decision.APPROVE, period="triwulan 3 2026",
    )  # fmt: skip
    assert session.exec(select(StageRun.status)).one() == RunStatus.APPROVED
    recorded = review.recorded_decision(
        session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
        attempt=1, period="Q3 2026",
    )  # fmt: skip
    assert recorded is not None and recorded.reviewer == "sekda"


@pytest.mark.parametrize("period", ["Triwulan V 2026", "2026-TW5", "Januari s.d. Agustus 2026"])
def test_a_period_naming_none_is_refused_before_anything_is_written(
    session: Session, tmp_path: Path, period: str
) -> None:
    make_cycle(session, tmp_path)
    events = count(session, AuditEvent)
    with pytest.raises(ServiceError) as begun:
        _begin(session, period)
    with pytest.raises(ServiceError) as overridden:
        _override(session, period)
    for err in (begun, overridden):
        assert str(err.value).startswith(("Periode '", "Rentang '"))
        assert "2026-TW1" in str(err.value) or "Januari s.d. Desember" in str(err.value)
    assert count(session, StageRun) == count(session, GateOverride) == 0
    assert count(session, AuditEvent) == events
    with pytest.raises(ServiceError, match="tidak dikenali|bukan satu periode"):
        review.decide(
            session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
            reviewer="sekda", decision=Decision.APPROVE, period=period,
        )  # fmt: skip


def test_evaluation_needs_a_period_and_other_stages_take_none(
    session: Session, tmp_path: Path
) -> None:
    make_cycle(session, tmp_path)
    with pytest.raises(ServiceError, match="memerlukan periode"):
        _begin(session, "  ")
    with pytest.raises(ServiceError, match="tidak berperiode"):
        cycle_service.begin_stage(
            session=session, organisation="contoh", cycle=None, stage=Stage.NEEDS_ANALYSIS,
            actor="rina", period="2026-TW1",
        )  # fmt: skip
    assert count(session, StageRun) == 0


def test_a_period_the_pack_never_evaluates_is_refused_before_anything(
    session: Session, tmp_path: Path
) -> None:
    """The mini pack evaluates per quarter (and the year): a month is refused, as its
    import would be, before a run or an override is recorded."""
    make_cycle(session, tmp_path)
    runs, overrides, events = (
        count(session, StageRun),
        count(session, GateOverride),
        count(session, AuditEvent),
    )
    expected = (
        "Periode 2026-12 (Desember 2026) tidak dievaluasi paket contoh: paket mengevaluasi "
        "per triwulan (2026-TW1 … 2026-TW4) dan tahunan (2026)."
    )
    for start in (_override, _begin):
        with pytest.raises(ServiceError) as caught:
            start(session, "Desember 2026")
        session.rollback()
        assert str(caught.value) == expected
    assert (count(session, StageRun), count(session, GateOverride)) == (runs, overrides)
    assert count(session, AuditEvent) == events
    # The year and the quarters pass.
    assert _override(session, "2026").period == "2026"
    assert _override(session, "TW IV 2026").period == "2026-TW4"
    assert _begin(session, "TW IV 2026").period == "2026-TW4"
