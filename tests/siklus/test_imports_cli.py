"""`siklus import` refusing a re-exported SKM file, `siklus imports list` and `undo`."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from policy.settings import Settings
from tests.siklus.test_cli import OFFICER, loaded, run

__all__ = ["loaded"]  # the fixture


def _responses(settings: Settings) -> int:
    with sqlite3.connect(settings.data_dir / "siklus.db") as conn:
        return int(conn.execute("SELECT count(*) FROM skm_response").fetchone()[0])


def test_a_reexported_file_is_refused_listed_and_undone(loaded: Settings, tmp_path: Path) -> None:
    source = loaded.packs_dir / "sawahlunto" / "skm_2026_tw3.csv"
    code, out = run("import", "skm", str(source), "--as", OFFICER)
    assert code == 0, out
    stored = _responses(loaded)
    # The first 300 respondents exported again, tab-separated.
    lines = source.read_text(encoding="utf-8-sig").splitlines()[:301]
    again = tmp_path / "skm_juli.txt"
    again.write_text("\n".join(line.replace(";", "\t") for line in lines) + "\n", "utf-8")
    code, out = run("import", "skm", str(again), "--as", OFFICER)
    assert code == 1
    flat = " ".join(out.split())
    assert "Gagal: Berkas skm_juli.txt memuat lagi data yang sudah diimpor:" in flat
    (first,) = re.findall(r"sama persis dengan impor #(\d+) \(skm_2026_tw3\.csv", flat)
    assert f"batalkan dulu (siklus imports undo {first})" in flat
    assert _responses(loaded) == stored

    code, out = run("imports", "list", "--kind", "skm")
    assert code == 0, out
    (row,) = [line for line in out.splitlines() if f"│ {first} " in line]
    assert "skm_2026_tw3.csv" in row and OFFICER in row and "398" in row
    assert f"Dapat dibatalkan (siklus imports undo NOMOR --reason …): #{first}." in out
    assert "skm_juli" not in out  # a refused file leaves no record

    code, out = run("imports", "undo", first, "--reason", "ekspor ganda", "--as", OFFICER)
    assert code == 0, out
    assert f"Impor #{first} (skm_2026_tw3.csv, skm) dibatalkan: {stored} baris dihapus." in (
        " ".join(out.split())
    )
    assert _responses(loaded) == 0
    code, out = run("import", "skm", str(again), "--as", OFFICER)
    assert code == 0, out
    code, out = run("import", "skm", str(source), "--allow-duplicates", "--as", OFFICER)
    assert code == 0, out
    assert _responses(loaded) == stored + 300
    pegawai = str(loaded.packs_dir / "sawahlunto" / "pegawai.csv")
    code, out = run("import", "pegawai", pegawai, "--as", OFFICER)
    assert code == 0, out
    code, out = run("imports", "list", "--limit", "1")
    (number,) = re.findall(r"│ (\d+) +│.*pegawai\.csv", out)
    code, out = run("imports", "undo", number, "--reason", "salah", "--as", OFFICER)
    assert code == 1
    assert f"Gagal: Impor #{number} (pegawai.csv) berjenis 'pegawai'" in " ".join(out.split())


def test_a_file_with_more_errors_than_shown_has_them_all_written_beside_it(
    loaded: Settings, tmp_path: Path
) -> None:
    """250 NIPs whose gender digit is 0: 200 on the screen, all 250 in pegawai.kesalahan.csv."""
    rows = [f"19700101199{i % 10}03{i:04d};Pegawai {i};PNS;Analis;BKPSDM" for i in range(250)]
    path = tmp_path / "pegawai.csv"
    path.write_text("nip;nama;jenis_asn;jabatan;unit_kerja\n" + "\n".join(rows) + "\n", "utf-8")
    code, out = run("import", "pegawai", str(path), "--dry-run", "--as", OFFICER)
    assert code == 1
    listed = tmp_path / "pegawai.kesalahan.csv"
    flat = " ".join(out.split())
    assert "... dan 50 kesalahan lain tidak ditampilkan." in flat
    assert f"Daftar lengkap 250 kesalahan (baris, kolom, kesalahan): {listed}" in flat
    lines = listed.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "baris;kolom;kesalahan"
    assert [line.split(";")[:2] for line in lines[1:]] == [[str(n), "nip"] for n in range(2, 252)]

    # Asked for by name, the list is written for a single error too.
    path.write_text("nip;nama;jenis_asn;jabatan;unit_kerja\n" + rows[0] + "\n", "utf-8")
    asked = tmp_path / "semua.csv"
    code, out = run("import", "pegawai", str(path), "--errors", str(asked), "--as", OFFICER)
    assert code == 1
    assert f"Daftar lengkap 1 kesalahan (baris, kolom, kesalahan): {asked}" in " ".join(out.split())
    assert asked.read_text(encoding="utf-8-sig").splitlines()[1].startswith("2;nip;")

    # The corrected file is taken; the list the first refusal wrote is stale, and said so.
    good = "196608011988031001;Ahmad;PNS;Analis;BKPSDM"
    path.write_text("nip;nama;jenis_asn;jabatan;unit_kerja\n" + good + "\n", "utf-8")
    code, out = run("import", "pegawai", str(path), "--as", OFFICER)
    assert code == 0, out
    assert (
        f"Catatan: daftar kesalahan dari impor yang ditolak sebelumnya masih ada ({listed}); "
        "hapus bila sudah tidak diperlukan." in " ".join(out.split())
    )
    assert listed.exists()  # told, not deleted
    # A file of the officer's own under that name is not Siklus's list: nothing is said.
    listed.write_text("catatan saya\n", encoding="utf-8")
    path.write_text("nip;nama;jenis_asn;jabatan;unit_kerja\n" + good + ";\n", "utf-8")
    code, out = run("import", "pegawai", str(path), "--as", OFFICER)
    assert code == 0 and "daftar kesalahan" not in out, out
