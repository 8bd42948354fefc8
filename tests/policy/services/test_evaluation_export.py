"""`siklus evaluation export`: a period's results per employee, for people and for programs."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlmodel import Session, select
from typer.testing import CliRunner

from policy.db import session_scope
from policy.models import AuditEvent
from policy.services import cycle as cycle_service
from policy.services import evaluation
from policy.services.common import ServiceError, get_org
from policy.services.evaluation_export import WEIGHTED_COLUMNS, export_results
from policy.services.imports import ingest_file
from policy.settings import Settings
from siklus.cli import app
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as weighted

runner = CliRunner()


def _export(session: Session, fmt: str, actor: str = "rina", org: str | None = None) -> bytes:
    result = export_results(session=session, organisation=org, cycle=None, period="2026-TW3",
                            actor=actor, fmt=fmt, filename=f"hasil.{fmt}")  # type: ignore[arg-type]  # fmt: skip
    return result.content


def _national(session: Session, folder: Path) -> int:
    run_id = national.start_run(session, folder, national.pack())
    national.ingest_all(session, folder, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    return run_id


def test_national_results_for_excel_with_the_nip_kept_whole(
    session: Session, tmp_path: Path
) -> None:
    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    with pytest.raises(ServiceError, match="belum menghasilkan Laporan Evaluasi"):
        _export(session, "excel")
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    content = _export(session, "excel")
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with its mark
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == (
        "nip;nama;jabatan;unit_kerja;nama_unit;tim;rating_hasil_kerja;rating_perilaku;predikat;"
        "jenjang_jf;angka_kredit"
    )
    assert (
        '"=""198512202010011004""";Fajar Nugroho;Pengadministrasi;DUKCAPIL;'
        "Dinas Kependudukan dan Pencatatan Sipil;;di bawah ekspektasi;sesuai ekspektasi;"
        "Butuh Perbaikan;;"
    ) in lines
    rows = [line for line in lines[1:] if line]
    assert len(rows) == 8  # the eight rated; Kartika has no rating
    assert not any("Kartika" in line for line in rows)
    # Audited with what it held; only those who may see private results export them.
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "evaluation.exported")).one()
    assert event.payload["rows"] == 8 and event.payload["format"] == "excel"
    assert event.payload["sha256"] == hashlib.sha256(content).hexdigest()
    assert event.payload["status"] == "running"
    with pytest.raises(ServiceError):
        _export(session, "excel", actor="budi")  # an organiser


def test_the_unit_is_where_the_period_was_evaluated(session: Session, tmp_path: Path) -> None:
    run_id = _national(session, tmp_path)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={})
    moved = national.PEGAWAI.replace(
        "Fajar Nugroho;PNS;Pengadministrasi;DUKCAPIL;", "Fajar Nugroho;PNS;Pengadministrasi;PKM;"
    )
    ingest_file(session, get_org(session, None), "pegawai",
                write_file(tmp_path, "pindah.csv", moved), "rina")  # fmt: skip
    session.commit()
    text = _export(session, "rfc4180").decode("utf-8")
    [fajar] = [r for r in csv.DictReader(io.StringIO(text)) if r["nama"] == "Fajar Nugroho"]
    assert fajar["unit_kerja"] == "DUKCAPIL"


def test_weighted_results_for_programs_and_as_a_workbook(session: Session, tmp_path: Path) -> None:
    weighted.produce(session, tmp_path, weighted.pack())
    raw = _export(session, "rfc4180")
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert list(rows[0]) == list(WEIGHTED_COLUMNS)
    assert WEIGHTED_COLUMNS[6:] == ("kelompok_aspek", "nilai_akhir", "predikat", "aspek_terlemah")
    by_nip = {r["nip"]: r for r in rows}
    assert (by_nip[weighted.FAJAR]["nilai_akhir"], by_nip[weighted.FAJAR]["predikat"]) == (
        "63.00", "Butuh Perbaikan"
    )  # fmt: skip
    assert by_nip[weighted.FAJAR]["aspek_terlemah"] == "disiplin"
    assert (by_nip[weighted.GURU1]["kelompok_aspek"], by_nip[weighted.GURU1]["nilai_akhir"]) == (
        "guru", "84.33"
    )  # fmt: skip
    assert len(rows) == 6
    excel = _export(session, "excel").decode("utf-8-sig")
    assert ";63,00;Butuh Perbaikan;disiplin" in excel
    book = load_workbook(io.BytesIO(_export(session, "xlsx")))
    sheet = book["hasil"]
    header = [c.value for c in sheet[1]]
    found = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    fajar = dict(zip(header, found[weighted.FAJAR], strict=True))
    assert fajar["nilai_akhir"] == 63.0 and fajar["predikat"] == "Butuh Perbaikan"
    assert isinstance(found[weighted.FAJAR][0], str)  # the NIP as text


def test_the_command_writes_the_file_and_says_it_is_not_approved(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        _national(s, tmp_path)
    target = tmp_path / "hasil.xlsx"
    argv = ["evaluation", "export", str(target), "--period", "2026-TW3", "--as", "rina"]
    result = runner.invoke(app, argv, env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    assert "hasil 8 pegawai periode 2026-TW3 (xlsx)" in result.output
    assert "belum disetujui pimpinan (status: berjalan)" in result.output
    assert target.read_bytes().startswith(b"PK")
    again = runner.invoke(app, argv, env={"COLUMNS": "240"})
    assert again.exit_code == 1 and "sudah ada; pakai --overwrite" in again.output
    wrong = runner.invoke(app, [*argv[:2], str(tmp_path / "hasil.txt"), *argv[3:]])
    assert wrong.exit_code == 1 and "akhiri nama berkas dengan .xlsx atau .csv" in wrong.output
    machine = tmp_path / "tpp.csv"
    done = runner.invoke(app, [*argv[:2], str(machine), *argv[3:], "--format", "rfc4180"])
    assert done.exit_code == 0, done.output
    assert machine.read_text(encoding="utf-8").startswith("nip,nama,jabatan,")
