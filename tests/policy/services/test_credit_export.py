"""`siklus evaluation credits`: a year's angka kredit per functional official, for the PAK.

The periods leadership approved, each at the jenjang held when it was evaluated, summed
exactly and rounded once (DOMAIN.md §2.3).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from policy.db import session_scope
from policy.models import AuditEvent, Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import evaluation, review
from policy.services.common import ServiceError, get_org
from policy.services.credit_export import COLUMNS, export_credits
from policy.services.imports import ingest_file
from policy.settings import Settings
from siklus.cli import app
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services.test_angka_kredit import STAFF

TW2, TW3 = "2026-TW2", "2026-TW3"
# Eko: Baik in TW II as Ahli Pertama; promoted, Baik in TW III as Ahli Muda.
PROMOTED = STAFF.replace(";Pranata Komputer Ahli Pertama;", ";Pranata Komputer Ahli Muda;")


def _evaluate(session: Session, tmp_path: Path, run_id: int, period: str) -> None:
    text = national.EKINERJA.replace(national.PERIOD, period)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, f"ekinerja-{period}.csv", text)})  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)


def _approve(session: Session, period: str) -> None:
    review.decide(session=session, organisation=None, cycle=None, stage=Stage.EVALUATION,
                  reviewer="sekda", decision=Decision.APPROVE, period=period)  # fmt: skip


def _staff(session: Session, tmp_path: Path, text: str, name: str) -> None:
    ingest_file(
        session, get_org(session, None), "pegawai", write_file(tmp_path, name, text), "rina"
    )
    session.commit()


def _two_quarters(session: Session, tmp_path: Path, approve_tw3: bool = True) -> None:
    run_id = national.start_run(session, tmp_path, national.pack(), period=TW2)
    _staff(session, tmp_path, STAFF, "pegawai-jf.csv")
    _evaluate(session, tmp_path, run_id, TW2)
    _approve(session, TW2)
    _staff(session, tmp_path, PROMOTED, "pegawai-naik.csv")  # after TW II was evaluated
    code = get_org(session, None).code
    cycle_service.override_gate(session=session, organisation=code, cycle=None,
                                stage=Stage.EVALUATION, leader="sekda",
                                reason="Uji evaluasi berkala periode ini", period=TW3)  # fmt: skip
    ref = cycle_service.begin_stage(session=session, organisation=code, cycle=None,
                                    stage=Stage.EVALUATION, actor="rina", period=TW3)  # fmt: skip
    _evaluate(session, tmp_path, ref.run_id, TW3)
    if approve_tw3:
        _approve(session, TW3)


def _rows(session: Session, actor: str = "rina") -> dict[str, dict[str, str]]:
    result = export_credits(session=session, organisation=None, year=2026, actor=actor,
                            fmt="rfc4180", filename="ak.csv")  # fmt: skip
    return {r["nip"]: r for r in csv.DictReader(io.StringIO(result.content.decode("utf-8")))}


def test_the_year_sums_each_approved_period_at_its_own_jenjang(
    session: Session, tmp_path: Path
) -> None:
    _two_quarters(session, tmp_path)
    rows = _rows(session)
    eko = rows[national.B_DUK]
    # TW II Baik as Ahli Pertama (3/12 × 12,5) + TW III Baik as Ahli Muda (3/12 × 25),
    # summed exactly then rounded once: 3,125 + 6,25 = 9,375 -> 9,38.
    assert (eko["jenjang_jf"], eko["bulan"], eko["periode"], eko["angka_kredit"]) == (
        "Ahli Pertama → Ahli Muda", "6", "2026-TW2, 2026-TW3", "9.38")  # fmt: skip
    assert eko["jabatan"] == "Pranata Komputer Ahli Muda"
    # Dewi: Sangat Baik both quarters as Ahli Muda: 2 × 3/12 × 150 % × 25 = 18,75.
    assert rows[national.SB_DUK]["angka_kredit"] == "18.75"
    # Posts that are not functional are not in the file.
    assert national.BP_DUK not in rows and national.KADIS not in rows
    assert list(next(iter(rows.values()))) == list(COLUMNS)
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "evaluation.credits_exported")
    ).one()
    assert event.payload["periods"] == [TW2, TW3] and event.payload["rows"] == 2


def test_a_period_not_approved_yet_is_left_out_and_the_months_say_so(
    session: Session, tmp_path: Path
) -> None:
    _two_quarters(session, tmp_path, approve_tw3=False)
    eko = _rows(session)[national.B_DUK]
    assert (eko["bulan"], eko["periode"], eko["angka_kredit"]) == ("3", TW2, "3.13")  # 3,125


def test_refusals(session: Session, tmp_path: Path) -> None:
    run_id = national.start_run(session, tmp_path, national.pack(), period=TW2)
    _evaluate(session, tmp_path, run_id, TW2)
    with pytest.raises(ServiceError, match="Belum ada periode evaluasi tahun 2026"):
        _rows(session)  # in review only
    _approve(session, TW2)
    with pytest.raises(ServiceError):
        _rows(session, actor="budi")  # an organiser may not see private results
    with pytest.raises(ServiceError, match="Belum ada periode evaluasi tahun 2025"):
        export_credits(session=session, organisation=None, year=2025, actor="rina",
                       fmt="excel", filename="ak.csv")  # fmt: skip


def test_the_command_writes_an_excel_file(settings: Settings, tmp_path: Path) -> None:
    with session_scope() as s:
        _two_quarters(s, tmp_path)
    target = tmp_path / "angka-kredit-2026.csv"
    argv = ["evaluation", "credits", str(target), "--year", "2026", "--as", "rina"]
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    assert (
        "angka kredit tahun 2026 untuk 2 pejabat fungsional, dari periode 2026-TW2, 2026-TW3"
        in result.output
    )
    text = target.read_bytes().decode("utf-8-sig")
    assert f'"=""{national.B_DUK}""";Eko Prasetyo;Pranata Komputer Ahli Muda;' in text
    assert ";6;2026-TW2, 2026-TW3;9,38\r\n" in text
    again = CliRunner().invoke(app, argv, env={"COLUMNS": "240"})
    assert again.exit_code == 1 and "sudah ada; pakai --overwrite" in again.output


def test_a_pack_that_converts_nothing_is_told_why(session: Session, tmp_path: Path) -> None:
    from tests.policy.services import test_evaluation_360 as weighted

    weighted.produce(session, tmp_path, weighted.pack())
    with pytest.raises(ServiceError, match="memakai penilaian 360 berbobot"):
        _rows(session)


def test_a_pack_that_switched_the_conversion_off_is_told_so(
    session: Session, tmp_path: Path
) -> None:
    pack = national.pack()
    pack["evaluation"]["angka_kredit"] = {"enabled": False}
    national.start_run(session, tmp_path, pack, period=TW2)
    with pytest.raises(ServiceError, match="evaluation.angka_kredit.enabled: false"):
        _rows(session)
