"""An approved evaluation period reopened by a leader for a correction (an objection upheld).

The approved period's data is locked; a leader reopens it with a written reason, the run
is returned, the corrected e-Kinerja export imports, the stage runs again as a new attempt
whose documents are new versions, and leadership approves it again. What was approved
stays in the registry and the audit log; follow-up actions already closed are kept.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from policy.importerrors import ImportFileError
from policy.models import (
    AuditEvent,
    Decision,
    Document,
    EkinerjaRating,
    FollowUpAction,
    Review,
    RunStatus,
    Stage,
    StageRun,
)
from policy.services import actions, employee_sheets, evaluation, review
from policy.services import cycle as cycle_service
from policy.services.common import ServiceError, get_org
from policy.services.imports import ingest_file
from policy.services.stagework import DocRef
from tests.factories import write_file
from tests.policy.services import test_evaluation as national

PERIOD = "2026-TW3"
REASON = "Keberatan Fajar Nugroho dikabulkan atasan pejabat penilai (surat 800/123/2026)"
OBJECTED = f"{PERIOD};{national.BP_DUK};di bawah ekspektasi;sesuai ekspektasi"
UPHELD = f"{PERIOD};{national.BP_DUK};sesuai ekspektasi;sesuai ekspektasi"


def _evaluate(session: Session, tmp_path: Path, run_id: int, ekinerja: str, name: str) -> None:
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, name, ekinerja)})  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)


def _approve(session: Session) -> None:
    review.decide(session=session, organisation=None, cycle=None, stage=Stage.EVALUATION,
                  reviewer="sekda", decision=Decision.APPROVE, period=PERIOD)  # fmt: skip


def _reopen(session: Session, leader: str = "sekda", reason: str = REASON) -> review.Reopened:
    return review.reopen_period(session=session, organisation=None, cycle=None, period=PERIOD,
                                leader=leader, reason=reason, today=date(2026, 10, 20))  # fmt: skip


def _laporan(session: Session) -> list[Document]:
    return list(session.exec(
        select(Document).where(Document.kind == "laporan_evaluasi").order_by(col(Document.version))
    ))  # fmt: skip


def test_a_reopened_period_takes_the_correction_and_goes_to_review_again(
    session: Session, tmp_path: Path
) -> None:
    assert OBJECTED in national.EKINERJA
    data = national.pack()
    data.setdefault("stages", {})["deadlines_working_days"] = {"evaluation": 10}
    run_id = national.start_run(session, tmp_path, data)
    _evaluate(session, tmp_path, run_id, national.EKINERJA, "ekinerja.csv")
    _approve(session)
    is_coaching = FollowUpAction.rule == "coaching"
    coaching = session.exec(
        select(FollowUpAction.id).where(FollowUpAction.subject == national.BP_DUK, is_coaching)
    ).one()
    other = session.exec(
        select(FollowUpAction).where(FollowUpAction.subject == national.SK_PKM, is_coaching)
    ).one()
    actions.close_action(session=session, organisation=None, action_id=other.id or 0,
                         actor="rina", note="Coaching 2 sesi, 14 Oktober 2026")  # fmt: skip
    corrected = write_file(tmp_path, "ekinerja-koreksi.csv",
                           national.EKINERJA.replace(OBJECTED, UPHELD))  # fmt: skip
    org = get_org(session, None)

    # Approved: the corrected export is refused, the period is locked.
    with pytest.raises(ImportFileError, match="sudah disetujui pimpinan; data periode itu"):
        ingest_file(session, org, "ekinerja", corrected, "rina")
    session.rollback()

    done = _reopen(session)
    assert (done.period, done.cycle, done.attempt, done.later) == (PERIOD, 1, 1, ())
    assert done.due_on == date(2026, 11, 3)  # 10 working days after Tuesday 20 October
    run = session.exec(select(StageRun).where(StageRun.stage == Stage.EVALUATION)).one()
    assert (run.status, run.due_on) == (RunStatus.RETURNED, done.due_on)
    last = session.exec(select(Review).order_by(col(Review.id).desc())).first()
    assert last is not None
    assert (last.reviewer, last.decision, last.via, last.reason) == ("sekda", "return", "reopen",
                                                                     REASON)  # fmt: skip
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "stage.reopened")).one()
    assert event.payload["reason"] == REASON and event.payload["period"] == PERIOD

    # Unlocked: the correction imports, and the run goes again as attempt 2.
    ingest_file(session, org, "ekinerja", corrected, "rina")
    session.commit()
    rating = session.exec(select(EkinerjaRating).where(EkinerjaRating.nip == national.BP_DUK)).one()
    assert rating.predikat == "Baik"
    ref = cycle_service.begin_stage(
        session=session, organisation=None, cycle=None, stage=Stage.EVALUATION, actor="rina",
        period=PERIOD,
    )  # fmt: skip
    assert (ref.run_id, ref.attempt) == (run_id, 2)
    _evaluate(session, tmp_path, run_id, national.EKINERJA.replace(OBJECTED, UPHELD), "k.csv")
    first, second = _laporan(session)
    assert (first.version, second.version) == (1, 2) and first.sha256 != second.sha256
    dukcapil = "| Dinas Kependudukan dan Pencatatan Sipil | 5 | 1 (20,0%) | "
    old = first.md_file.read_text(encoding="utf-8")
    new = second.md_file.read_text(encoding="utf-8")
    assert f"{dukcapil}3 (60,0%) | 1 (20,0%) |" in old  # Baik 3, Butuh Perbaikan 1
    assert f"{dukcapil}4 (80,0%) | 0 (0,0%) |" in new  # Baik 4, Butuh Perbaikan 0
    # His coaching, still open, is gone with the weak predikat; the closed one is kept.
    assert session.get(FollowUpAction, coaching) is None
    assert not session.exec(
        select(FollowUpAction).where(FollowUpAction.subject == national.BP_DUK, is_coaching)
    ).all()
    kept = session.get(FollowUpAction, other.id)
    assert kept is not None and kept.status == "done"
    _approve(session)
    session.refresh(run)
    assert (run.status, run.attempt) == (RunStatus.APPROVED, 2)


def test_only_a_leader_with_a_reason_reopens_an_approved_period(
    session: Session, tmp_path: Path
) -> None:
    run_id = national.start_run(session, tmp_path, national.pack())
    _evaluate(session, tmp_path, run_id, national.EKINERJA, "ekinerja.csv")
    with pytest.raises(ServiceError, match="masih ditinjau: kembalikan dengan 'siklus review"):
        _reopen(session)
    _approve(session)
    with pytest.raises(ServiceError, match="rina tidak berperan pimpinan"):
        _reopen(session, leader="rina")
    with pytest.raises(ServiceError, match="memerlukan alasan tertulis"):
        _reopen(session, reason="keberatan")
    _reopen(session)
    with pytest.raises(ServiceError, match=r"belum disetujui \(status: dikembalikan\)"):
        _reopen(session)
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "stage.reopened")).one()


def test_the_rules_reopen_nothing_but_an_approved_evaluation_period() -> None:
    from policy.stages import RunSnapshot, StageRuleError, check_reopen

    forums = RunSnapshot(stage=Stage.FORUMS, status=RunStatus.APPROVED, started_by="rina")
    with pytest.raises(StageRuleError, match="Hanya periode evaluasi berkala"):
        check_reopen(forums, leader="sekda", leader_roles=["leader"], reason=REASON)
    approved = RunSnapshot(Stage.EVALUATION, RunStatus.APPROVED, "rina", period=PERIOD)
    assert check_reopen(approved, leader="sekda", leader_roles=["leader"], reason=REASON) == (
        RunStatus.RETURNED
    )
    with pytest.raises(StageRuleError, match="tidak dapat dibuka kembali karena tahapnya"):
        check_reopen(approved, leader="sekda", leader_roles=["leader"], reason=REASON,
                     inactive="Siklus ke-1 sudah ditutup.")  # fmt: skip


def test_a_run_made_again_a_week_later_issues_anew_only_what_changed(
    session: Session, tmp_path: Path
) -> None:
    """A re-run on a later day: the unit sheets, unchanged but for their date, keep their
    version and date; the Laporan and Rekomendasi, whose due dates run from the new date,
    are new versions; a private sheet keeps its version unless another date is asked for."""
    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)

    def produce(day: int) -> dict[str, DocRef]:
        out = evaluation.produce(session=session, run_id=run_id, actor="rina",
                                 as_of=date(2026, 10, day))  # fmt: skip
        return {d.key: d for d in out.documents}

    def sheet(**kwargs: Any) -> DocRef:
        (doc,) = employee_sheets.publish_employee_sheets(
            session=session, organisation=None, cycle=None, period=PERIOD, actor="rina",
            nips=[national.B_DUK], **kwargs,
        )  # fmt: skip
        return doc

    first = produce(14)
    issued = sheet()
    again = produce(21)
    unit = "lembar-unit-dukcapil-2026-tw3"
    assert again[unit].id == first[unit].id and again[unit].version == 1
    assert "Contoh, 14 Oktober 2026" in Path(again[unit].md_path).read_text(encoding="utf-8")
    for key in ("laporan-evaluasi-2026-tw3", "rekomendasi-tindak-lanjut-2026-tw3"):
        assert (first[key].version, again[key].version) == (1, 2)
    rekomendasi = Path(again["rekomendasi-tindak-lanjut-2026-tw3"].md_path).read_text("utf-8")
    assert "18 November 2026" in rekomendasi and "11 November 2026" not in rekomendasi
    # The private sheet of an employee with no follow-up action (whose due date would have
    # moved), issued again by default (the Laporan's date, now 21 October).
    assert sheet().id == issued.id
    # An officer who asks for a date gets it.
    asked = sheet(as_of=date(2026, 10, 28))
    assert asked.version == issued.version + 1
    assert "28 Oktober 2026" in Path(asked.md_path).read_text(encoding="utf-8")
    versions = session.exec(
        select(Document.key, func.max(Document.version)).group_by(Document.key)
    ).all()
    assert sorted(versions) == [
        ("laporan-evaluasi-2026-tw3", 2),
        (f"lembar-pegawai-{national.B_DUK}-2026-tw3", 2),
        ("lembar-unit-dukcapil-2026-tw3", 1),
        ("lembar-unit-pkm-2026-tw3", 1),
        ("rekomendasi-tindak-lanjut-2026-tw3", 2),
    ]
