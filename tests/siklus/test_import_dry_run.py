"""`siklus import --dry-run`: every check of a real import, then nothing is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy.settings import Settings
from siklus.cli import app

runner = CliRunner()
OFFICER = "rahmi.oktavia"
AHMAD, CITRA = "196608011988031001", "196608011988032001"
HEAD = "nip;nama;jenis_asn;jabatan;unit_kerja\n"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240"})
    return result.exit_code, result.output


@pytest.fixture
def loaded(settings: Settings) -> Settings:
    code, out = run("pack", "load", "sawahlunto", "--as", "admin")
    assert code == 0, out
    return settings


def counts(settings: Settings) -> tuple[int, int, int]:
    """Employees, import records and audit events stored."""
    with sqlite3.connect(settings.data_dir / "siklus.db") as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("employee", "importrecord", "auditevent")
        )


def test_a_good_file_is_checked_and_nothing_is_stored(loaded: Settings, tmp_path: Path) -> None:
    good = tmp_path / "pegawai.csv"
    good.write_text(
        f"{HEAD}{AHMAD};Ahmad;PNS;Analis;BKPSDM\n{CITRA};Citra;PNS;Analis;DISDUKCAPIL\n",
        encoding="utf-8",
    )
    before = counts(loaded)
    code, out = run("import", "pegawai", str(good), "--dry-run", "--as", OFFICER)
    assert code == 0, out
    assert out.startswith(
        "pegawai.csv: 2 baris diperiksa, semuanya dapat diimpor. Tidak ada yang disimpan "
        "(--dry-run)."
    )
    assert counts(loaded) == before
    # The import record was rolled back too: the same file is imported for real now.
    code, out = run("import", "pegawai", str(good), "--as", OFFICER)
    assert code == 0 and "2 baris diperiksa, 2 ditulis." in out
    assert counts(loaded)[:2] == (before[0] + 2, before[1] + 1)


def test_a_bad_file_gets_every_error_as_a_real_import_would(
    loaded: Settings, tmp_path: Path
) -> None:
    bad = tmp_path / "pegawai.csv"
    bad.write_text(
        f"{HEAD}{AHMAD};Ahmad;PNS;Analis;BKPSDM\n{CITRA};Citra;PNS;Analis;TIDAKADA\n",
        encoding="utf-8",
    )
    before = counts(loaded)
    code, dry = run("import", "pegawai", str(bad), "--dry-run", "--as", OFFICER)
    assert code == 1
    assert "baris 3, kolom 'unit_kerja': unit kerja 'TIDAKADA' tidak ada di paket" in dry
    code, real = run("import", "pegawai", str(bad), "--as", OFFICER)
    assert code == 1 and real == dry
    assert counts(loaded) == before


def test_warnings_are_shown_in_a_dry_run(loaded: Settings, tmp_path: Path) -> None:
    zero = tmp_path / "pegawai.csv"
    zero.write_text(f"{HEAD}196608011988031000;Ahmad;PNS;Analis;BKPSDM\n", encoding="utf-8")
    code, out = run("import", "pegawai", str(zero), "--dry-run", "--as", OFFICER)
    assert code == 0, out
    assert "Peringatan: 1 NIP berakhiran 000 (baris 2)" in out
    assert counts(loaded)[0] == 0


def test_a_period_the_pack_never_evaluates_is_refused_in_a_dry_run(
    loaded: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "realisasi.csv"
    path.write_text("periode;kode;nilai\nDesember 2026;IKM;81,67\n", encoding="utf-8")
    before = counts(loaded)
    code, dry = run("import", "realisasi", str(path), "--dry-run", "--as", OFFICER)
    assert code == 1
    assert (
        "baris 2, kolom 'periode': periode 'Desember 2026' tidak dievaluasi paket ini: paket "
        "mengevaluasi per triwulan (2026-TW1 … 2026-TW4) dan tahunan (2026)."
    ) in dry
    code, real = run("import", "realisasi", str(path), "--as", OFFICER)
    assert code == 1 and real == dry
    assert counts(loaded) == before
    path.write_text("periode;kode;nilai\nTW IV 2026;IKM;81,67\n", encoding="utf-8")
    code, out = run("import", "realisasi", str(path), "--dry-run", "--as", OFFICER)
    assert code == 0, out
