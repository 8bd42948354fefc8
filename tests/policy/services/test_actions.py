"""Follow-up actions tracked to closure and carried into the next cycle's needs analysis."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from policy.models import AuditEvent, Cycle, Finding, FollowUpAction, Stage
from policy.services import actions, evaluation, needs_analysis
from policy.services import cycle as cycle_service
from policy.services.common import ServiceError
from tests.policy.services.test_evaluation import (
    AS_OF,
    BP_DUK,
    PERIOD,
    ingest_all,
    pack,
    start_run,
)
from tests.policy.services.test_schedule import implementation_approved


@pytest.fixture
def evaluated(session: Session, tmp_path: Path) -> int:
    run_id = start_run(session, tmp_path, pack())
    ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    return run_id


def test_list_and_close(session: Session, evaluated: int) -> None:
    rows = actions.list_actions(session=session, organisation="contoh")
    assert len(rows) == 7 and {r.period for r in rows} == {PERIOD}
    assert len(actions.list_actions(session=session, organisation="contoh", status="open")) == 7
    assert actions.list_actions(session=session, organisation="contoh", period="2026-TW2") == []
    fajar = next(r for r in rows if r.subject == BP_DUK)
    assert fajar.rule == "coaching" and fajar.name == "Fajar Nugroho"
    with pytest.raises(ServiceError, match="Catatan penutupan wajib diisi"):
        actions.close_action(
            session=session, organisation="contoh", action_id=fajar.id, actor="rina", note="  "
        )
    with pytest.raises(ServiceError, match="tidak berwenang menutup tindak lanjut"):
        actions.close_action(
            session=session, organisation="contoh", action_id=fajar.id, actor="budi", note="Selesai"
        )
    done = actions.close_action(
        session=session,
        organisation="contoh",
        action_id=fajar.id,
        actor="rina",
        note="Coaching 3 sesi; SKP direvisi.",
    )
    assert (done.status, done.closed_by, done.closing_note) == (
        "done",
        "rina",
        "Coaching 3 sesi; SKP direvisi.",
    )
    with pytest.raises(ServiceError, match="sudah selesai"):
        actions.close_action(
            session=session, organisation="contoh", action_id=fajar.id, actor="rina", note="Lagi"
        )
    with pytest.raises(ServiceError, match="tidak ditemukan"):
        actions.close_action(
            session=session, organisation="contoh", action_id=999, actor="rina", note="x"
        )
    with pytest.raises(ServiceError, match="Status 'tutup' tidak dikenal"):
        actions.list_actions(session=session, organisation="contoh", status="tutup")
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "followup.closed")).one()
    assert event.payload["note"] == "Coaching 3 sesi; SKP direvisi." and event.actor == "rina"
    # Producing the period again keeps the closed action as it is.
    evaluation.produce(session=session, run_id=evaluated, actor="rina", as_of=AS_OF)
    kept = session.get(FollowUpAction, fajar.id)
    assert kept is not None and kept.status == "done"


def test_open_actions_are_carried_into_the_next_needs_analysis(
    session: Session, tmp_path: Path
) -> None:
    from policy.models import Decision
    from policy.services import review

    code = "contoh"
    run_id = start_run(session, tmp_path, pack())
    ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    cycle_service.fail_stage(session=session, run_id=run_id, actor="rina", error="ulang")
    implementation_approved(session, code)
    ref = cycle_service.begin_stage(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.EVALUATION,
        actor="rina",
        period=PERIOD,
    )
    made = evaluation.produce(session=session, run_id=ref.run_id, actor="rina", as_of=AS_OF)
    cycle_service.submit_stage(
        session=session, run_id=ref.run_id, actor="rina", summary=made.summary
    )
    review.decide(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.EVALUATION,
        reviewer="sekda",
        decision=Decision.APPROVE,
        period=PERIOD,
    )
    first = actions.list_actions(session=session, organisation=code)
    closed = next(a for a in first if a.rule == "talent_pool")
    actions.close_action(
        session=session,
        organisation=code,
        action_id=closed.id,
        actor="rina",
        note="Masuk kelompok talenta 2027.",
    )
    # A revision cycle: its needs analysis takes over the open actions.
    cycle2 = cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    ref2 = cycle_service.begin_stage(
        session=session, organisation=code, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    for _ in range(2):  # producing again carries nothing twice
        out = needs_analysis.produce(
            session=session,
            run_id=ref2.run_id,
            actor="rina",
            as_of=date(2027, 1, 20),
            locales=("id", "en"),
        )
    carried = session.exec(select(FollowUpAction).where(FollowUpAction.status == "carried")).all()
    assert len(carried) == 6 and {a.carried_to_cycle_id for a in carried} == {cycle2.id}
    assert session.get(FollowUpAction, closed.id).status == "done"  # type: ignore[union-attr]
    findings = session.exec(
        select(Finding).where(Finding.cycle_id == cycle2.id, Finding.source == "followup")
    ).all()
    titles = sorted(f.title for f in findings)
    coaching = next(t for t in titles if t.startswith("Pembinaan kinerja"))
    assert "belum selesai: 2 pegawai (#" in coaching or "belum selesai: 1 pegawai (#" in coaching
    assert any("(tindak lanjut #" in t for t in titles)
    # The Laporan Analisis Kebutuhan words the carried actions in its own language.
    docs = {d.locale: Path(d.md_path).read_text(encoding="utf-8") for d in out.documents}
    # Action numbers as the n-th action of the test (SQLite reuses freed ids, so there they
    # are the ids themselves; PostgreSQL's sequences do not).
    nth = {a: n for n, a in enumerate(sorted(session.exec(select(FollowUpAction.id))), 1)}
    docs = {
        loc: re.sub(r"\\#(\d+)", lambda m: f"\\#{nth[int(m.group(1))]}", text)
        for loc, text in docs.items()
    }
    assert (
        "| Puskesmas Kota | Tindak lanjut siklus lalu | Pembinaan kinerja dan pengembangan "
        "kompetensi belum selesai: 2 pegawai (\\#4, \\#5) | 70,0 |"
    ) in docs["id"]
    assert (
        "| Telaah kebijakan: indikator ADUAN Rata-rata waktu respons pengaduan "
        "tertinggal dari jalurnya (tindak lanjut \\#7) | 70,0 |"
    ) in docs["id"]
    en = docs["en"]
    assert (
        "| Puskesmas Kota | Previous cycle follow-up | Performance coaching and competence "
        "development not completed: 2 employees (\\#4, \\#5) | 70.0 |"
    ) in en
    assert "| Talent pool and career development not completed: 1 employee (\\#3) |" in en
    assert (
        "| Corrective action on services in the elements U3 Waktu Penyelesaian and U9 Sarana "
        "dan Prasarana (follow-up \\#6) |"
    ) in en
    assert (
        "| Policy review: indicator ADUAN Rata-rata waktu respons pengaduan is behind "
        "its track (follow-up \\#7) |"
    ) in en
    for indonesian in ("belum selesai", "tindak lanjut", "Telaah", "Pembinaan", "Tindakan"):
        assert indonesian not in en
    # The previous cycle's approved evaluation, as its summary recorded it.
    # 8 rated: Sangat Baik 2 and Baik 3; PKM off its pattern; PKM's IKM 69,61 the lowest.
    assert "### 2.3 Hasil Evaluasi Siklus Sebelumnya" in docs["id"]
    assert "dievaluasi pada siklus ke-1" in docs["id"]
    assert (
        "| Triwulan III 2026 | 8 | 5 (62,5%) | 3 (37,5%) | 1 | 69,61 (C), Puskesmas Kota "
        "| 1 dari 3; 1 tertinggal | 7 |"
    ) in docs["id"]
    assert (
        "| Quarter 3 2026 | 8 | 5 (62.5%) | 3 (37.5%) | 1 | 69.61 (C), Puskesmas Kota "
        "| 1 of 3; 1 behind | 7 |"
    ) in en
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "followup.carried")).all()
    assert len(events) == 1 and len(events[0].payload["actions"]) == 6
    assert out.summary["problems"] >= len(findings)
    rows = actions.list_actions(session=session, organisation=code, status="carried")
    assert {r.carried_to_cycle for r in rows} == {2}
    assert session.exec(select(Cycle).order_by(col(Cycle.number))).all()[1].number == 2


def _evaluate(session: Session, code: str, cycle: int) -> None:
    """Approve the cycle's implementation and evaluate PERIOD in it (actions made, approved)."""
    from policy.models import Decision
    from policy.services import review

    implementation_approved(session, code)
    ref = cycle_service.begin_stage(
        session=session,
        organisation=code,
        cycle=cycle,
        stage=Stage.EVALUATION,
        actor="rina",
        period=PERIOD,
    )
    evaluation.produce(session=session, run_id=ref.run_id, actor="rina", as_of=AS_OF)
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    review.decide(
        session=session,
        organisation=code,
        cycle=cycle,
        stage=Stage.EVALUATION,
        reviewer="sekda",
        decision=Decision.APPROVE,
        period=PERIOD,
    )


def _needs_analysis(session: Session, code: str, on: date) -> Cycle:
    """Open the next cycle and produce its needs analysis twice (the second changes nothing)."""
    cyc = cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    ref = cycle_service.begin_stage(
        session=session,
        organisation=code,
        cycle=cyc.number,
        stage=Stage.NEEDS_ANALYSIS,
        actor="rina",
    )
    for _ in range(2):
        needs_analysis.produce(session=session, run_id=ref.run_id, actor="rina", as_of=on)
    return cyc


def _carried_ids(session: Session, cyc: Cycle) -> list[int]:
    """The action numbers the cycle's needs analysis names, as often as it names them."""
    findings = session.exec(
        select(Finding).where(Finding.cycle_id == cyc.id, Finding.source == "followup")
    ).all()
    return [int(n) for f in findings for n in re.findall(r"#(\d+)", f.title)]


def test_actions_not_done_are_carried_into_every_later_cycle_until_closed(
    session: Session, tmp_path: Path
) -> None:
    code = "contoh"
    run_id = start_run(session, tmp_path, pack())
    ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    first = actions.list_actions(session=session, organisation=code)
    assert len(first) == 7
    talent = next(a for a in first if a.rule == "talent_pool")
    actions.close_action(
        session=session,
        organisation=code,
        action_id=talent.id,
        actor="rina",
        note="Masuk kelompok talenta 2027.",
    )
    implementation_approved(session, code)
    cycle2 = _needs_analysis(session, code, date(2027, 1, 20))
    undone1 = sorted(a.id for a in first if a.id != talent.id)
    assert sorted(_carried_ids(session, cycle2)) == undone1
    # Cycle 2 is evaluated in turn; the same employees get actions of their own.
    _evaluate(session, code, 2)
    second = actions.list_actions(session=session, organisation=code, cycle=2, status="open")
    own2 = sorted(a.id for a in second if a.cycle == 2)
    assert len(own2) == 7
    # Cycle 2's actions listed for cycle 2 include the ones carried into it, each once.
    assert sorted(a.id for a in second) == sorted(undone1 + own2)
    cycle3 = _needs_analysis(session, code, date(2028, 1, 20))
    # Cycle 3 takes over what is still undone of cycles 1 and 2, each action once.
    assert sorted(_carried_ids(session, cycle3)) == sorted(undone1 + own2)
    rows = actions.list_actions(session=session, organisation=code, status="open")
    assert sorted(r.id for r in rows) == sorted(undone1 + own2)
    assert {(r.status, r.carried_to_cycle) for r in rows} == {("carried", 3)}
    listed3 = actions.list_actions(session=session, organisation=code, cycle=3)
    assert sorted(r.id for r in listed3) == sorted(undone1 + own2)
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "followup.carried")
        .order_by(col(AuditEvent.id).desc())
    ).first()
    assert event is not None and sorted(event.payload["actions"]) == sorted(undone1 + own2)
    assert event.payload["from_cycles"] == [1, 2]
    # An employee with an action from each cycle counts once in the carried coaching problem.
    grouped = session.exec(
        select(Finding.title).where(
            Finding.cycle_id == cycle3.id, col(Finding.title).contains(" pegawai (#")
        )
    ).all()
    counts = []
    for title in grouped:
        ids = [int(n) for n in re.findall(r"#(\d+)", title)]
        subjects = {session.get(FollowUpAction, i).subject for i in ids}  # type: ignore[union-attr]
        employees = re.search(r"(\d+) pegawai \(", title)
        assert employees is not None and int(employees.group(1)) == len(subjects)
        counts.append((len(subjects), len(ids)))
    assert any(people < listed for people, listed in counts)
    # An action of cycle 1 is closed from cycle 3's list; it leaves every later list.
    old = undone1[0]
    done = actions.close_action(
        session=session,
        organisation=code,
        action_id=old,
        actor="rina",
        note="Coaching selesai pada siklus ke-3.",
    )
    assert (done.status, done.cycle) == ("done", 1)
    left = actions.list_actions(session=session, organisation=code, status="open")
    assert old not in {r.id for r in left} and len(left) == len(undone1) + len(own2) - 1
