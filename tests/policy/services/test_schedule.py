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
from tests.policy.services.test_evaluation import B_DUK, EKINERJA, KADIS, PEGAWAI, SB_DUK


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


def decide_evaluation(session: Session, code: str, cycle: int, period: str, how: Decision) -> None:
    """Run the evaluation of `period` in `cycle` (no stage work) and decide it."""
    ref = cycle_service.begin_stage(
        session=session,
        organisation=code,
        cycle=cycle,
        stage=Stage.EVALUATION,
        actor="rina",
        period=period,
    )
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    review.decide(
        session=session,
        organisation=code,
        cycle=cycle,
        stage=Stage.EVALUATION,
        reviewer="sekda",
        decision=how,
        period=period,
        reason="Uji jadwal: keputusan pimpinan",
    )


def test_a_revision_cycle_keeps_the_cycle_in_force_evaluated(
    session: Session, tmp_path: Path
) -> None:
    code = org(session, tmp_path / "a", "siap")
    implementation_approved(session, code)
    (tmp_path / "ekinerja.csv").write_text(EKINERJA, encoding="utf-8")
    ingest_file(session, get_org(session, code), "ekinerja", tmp_path / "ekinerja.csv", "rina")
    session.commit()
    # The evaluation calls for a revision: cycle 2 opens, cycle 1's Perwali stays in force.
    cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    (tw3,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert (tw3.action, tw3.cycle, tw3.period) == ("run", 1, "2026-TW3")
    assert tw3.message() == (
        "Evaluasi siap siklus ke-1 periode 2026-TW3 oleh rina (implementasi siklus ke-1 masih "
        "berlaku sampai implementasi siklus revisi ke-2 disetujui)"
    )
    decide_evaluation(session, code, 1, "2026-TW3", Decision.APPROVE)
    # Once cycle 2's implementation is approved it is the one evaluated, and a period
    # already evaluated under cycle 1 is not evaluated again.
    implementation_approved(session, code)
    (again,) = plan_evaluations(session=session, today=date(2026, 10, 6))
    assert (again.action, again.cycle) == ("skip", 2)
    assert "sudah ada di siklus ke-1 (status approved)" in again.reason
    (tw4,) = plan_evaluations(session=session, today=date(2027, 1, 5))
    assert (tw4.action, tw4.cycle, tw4.period) == ("skip", 2, "2026-TW4")
    assert "belum masuk" in tw4.reason and "siklus ke-2" in tw4.message()
    # A cycle in force that was stopped (its evaluation rejected) can no longer be
    # evaluated; the schedule says so instead of falling back to a superseded cycle.
    decide_evaluation(session, code, 2, "2026-TW4", Decision.REJECT)
    (stopped,) = plan_evaluations(session=session, today=date(2027, 4, 5))
    assert (stopped.action, stopped.cycle) == ("skip", 2)
    assert stopped.reason == (
        "siklus ke-2, yang implementasinya berlaku, dihentikan dan tidak dapat dievaluasi lagi"
    )


def test_a_revision_cycle_stopped_early_leaves_the_earlier_cycle_in_force(
    session: Session, tmp_path: Path
) -> None:
    code = org(session, tmp_path / "a", "siap")
    implementation_approved(session, code)
    (tmp_path / "ekinerja.csv").write_text(EKINERJA, encoding="utf-8")
    ingest_file(session, get_org(session, code), "ekinerja", tmp_path / "ekinerja.csv", "rina")
    session.commit()
    cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    ref = cycle_service.begin_stage(
        session=session, organisation=code, cycle=2, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    review.decide(
        session=session,
        organisation=code,
        cycle=2,
        stage=Stage.NEEDS_ANALYSIS,
        reviewer="sekda",
        decision=Decision.REJECT,
        reason="Revisi belum diperlukan",
    )
    (tw3,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert (tw3.action, tw3.cycle) == ("run", 1)
    assert tw3.reason == "implementasi siklus ke-1 masih berlaku; siklus revisi ke-2 dihentikan"


def test_no_cycle_in_force(session: Session, tmp_path: Path) -> None:
    code = org(session, tmp_path / "a", "belum")
    (item,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert (item.action, item.cycle) == ("skip", 1)
    assert item.reason == "implementasi siklus ke-1 belum disetujui"
    assert item.message() == (
        "Lewati belum siklus ke-1 periode 2026-TW3: implementasi siklus ke-1 belum disetujui"
    )
    assert code == "belum"


SKM = """unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9
DUKCAPIL;03/08/2026;4;4;4;4;4;4;4;4;4
DUKCAPIL;04/08/2026;3;3;3;3;3;3;3;3;3
"""

FRAMEWORK_360 = {
    "sources": {"atasan": "0.7", "rekan": "0.3", "diri": 0},
    "criteria": [
        {"code": "disiplin", "name": "Disiplin", "weight": "0.5"},
        {"code": "kontribusi", "name": "Kontribusi", "weight": "0.5"},
    ],
}


def test_skm_alone_is_not_the_arrival_of_e_kinerja_ratings(
    session: Session, tmp_path: Path
) -> None:
    code = org(session, tmp_path / "a", "siap")
    implementation_approved(session, code)
    (tmp_path / "skm.csv").write_text(SKM, encoding="utf-8")
    ingest_file(session, get_org(session, code), "skm", tmp_path / "skm.csv", "rina")
    session.commit()
    (item,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert item.action == "skip"
    assert item.reason.startswith(
        "data periode 2026-TW3 (Triwulan III 2026) belum masuk: belum ada rating e-Kinerja"
    )
    assert "ada 2 respons SKM" in item.reason and "pelengkap" in item.reason
    (tmp_path / "ekinerja.csv").write_text(EKINERJA, encoding="utf-8")
    ingest_file(session, get_org(session, code), "ekinerja", tmp_path / "ekinerja.csv", "rina")
    session.commit()
    (ready,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert ready.action == "run"


def test_self_assessments_alone_are_not_the_arrival_of_360_ratings(
    session: Session, tmp_path: Path
) -> None:
    code = org(
        session,
        tmp_path / "a",
        "siap",
        framework="weighted_360",
        weighted_360=FRAMEWORK_360,
    )
    implementation_approved(session, code)
    head = "periode;nip;sumber;penilai;aspek;nilai\n"
    own = "".join(
        f"2026-TW3;{nip};diri;;{aspek};4\n"
        for nip in (SB_DUK, B_DUK)
        for aspek in ("disiplin", "kontribusi")
    )
    (tmp_path / "diri.csv").write_text(head + own, encoding="utf-8")
    ingest_file(session, get_org(session, code), "penilaian_360", tmp_path / "diri.csv", "rina")
    session.commit()
    (item,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert item.action == "skip"
    assert "belum ada penilaian 360 dari sumber yang dihitung dalam skor (atasan, rekan)" in (
        item.reason
    )
    assert "baru ada 4 penilaian diri" in item.reason
    boss = "".join(f"2026-TW3;{SB_DUK};atasan;{KADIS};{a};5\n" for a in ("disiplin", "kontribusi"))
    (tmp_path / "atasan.csv").write_text(head + boss, encoding="utf-8")
    ingest_file(session, get_org(session, code), "penilaian_360", tmp_path / "atasan.csv", "rina")
    session.commit()
    (ready,) = plan_evaluations(session=session, today=date(2026, 10, 5))
    assert ready.action == "run"
