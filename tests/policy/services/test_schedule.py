"""Which organisations the scheduled evaluation runs for, and why it skips the others."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from policy.models import Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import review
from policy.services.common import get_org
from policy.services.imports import ingest_file
from policy.services.schedule import plan_evaluations
from tests.factories import MINI_PACK, make_org
from tests.policy.services.test_evaluation import EKINERJA, PEGAWAI


def org(session: Session, folder: Path, code: str, **evaluation: Any) -> str:
    data = copy.deepcopy(MINI_PACK)
    data["organisation"]["code"] = code
    data["evaluation"] = evaluation
    folder.mkdir(exist_ok=True)
    made = make_org(session, folder, data)
    cycle_service.open_cycle(session=session, organisation=made, actor="rina")
    (folder / "pegawai.csv").write_text(PEGAWAI, encoding="utf-8")
    ingest_file(session, get_org(session, made), "pegawai", folder / "pegawai.csv", "rina")
    session.commit()
    return made


def implementation_approved(session: Session, code: str) -> None:
    """Open the gate to implementation, run it and approve it (no stage work)."""
    cycle_service.override_gate(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.IMPLEMENTATION,
        leader="sekda",
        reason="Uji jadwal",
    )
    ref = cycle_service.begin_stage(
        session=session, organisation=code, cycle=None, stage=Stage.IMPLEMENTATION, actor="rina"
    )
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    review.decide(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.IMPLEMENTATION,
        reviewer="sekda",
        decision=Decision.APPROVE,
    )


def test_plan(session: Session, tmp_path: Path) -> None:
    ready = org(
        session, tmp_path / "a", "siap", periods="quarterly", self_assessment_periods="monthly"
    )
    implementation_approved(session, ready)
    (tmp_path / "ekinerja.csv").write_text(EKINERJA, encoding="utf-8")
    ingest_file(session, get_org(session, ready), "ekinerja", tmp_path / "ekinerja.csv", "rina")
    session.commit()
    early = org(session, tmp_path / "b", "belum")
    plan = plan_evaluations(session=session, today=date(2026, 10, 5))
    by = {(p.organisation, p.period): p for p in plan}
    # 5 October 2026 (WIB): triwulan III and September have just closed.
    assert by[("siap", "2026-TW3")].action == "run"
    assert by[("siap", "2026-TW3")].actor == "rina" and by[("siap", "2026-TW3")].cycle == 1
    assert by[("siap", "2026-09")].action == "skip"
    assert "data periode 2026-09 (September 2026) belum masuk" in by[("siap", "2026-09")].reason
    assert by[("belum", "2026-TW3")].reason == "implementasi siklus ke-1 belum disetujui"
    assert early == "belum"
    # Once the period has a run, the schedule leaves it alone.
    cycle_service.begin_stage(
        session=session,
        organisation=ready,
        cycle=None,
        stage=Stage.EVALUATION,
        actor="rina",
        period="2026-TW3",
    )
    again = plan_evaluations(session=session, today=date(2026, 10, 6), organisations=["siap"])
    tw3 = next(p for p in again if p.period == "2026-TW3")
    assert tw3.action == "skip" and "sudah ada (status running)" in tw3.reason
    assert {p.organisation for p in again} == {"siap"}
