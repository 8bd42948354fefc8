"""`siklus objection`: an officer registers an objection, records the decision, lists, publishes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from typer.testing import CliRunner

from policy.db import session_scope
from policy.models import Objection
from policy.settings import Settings
from siklus.cli import app
from tests.policy.services.test_objections import FAJAR, REASON, _evaluated
from tests.policy.services.test_reopen import _approve


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "240"})
    return result.exit_code, result.output


def test_an_officer_keeps_the_register_from_the_command_line(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
        _approve(s)
    code, out = run("objection", "list", "--as", "rina")
    assert code == 0 and "Belum ada keberatan yang dicatat." in out, out
    base = ("objection", "file", FAJAR, "--period", "Triwulan III 2026", "--as", "rina",
            "--reason", REASON)  # fmt: skip
    code, out = run(*base, "--received", "2026-10-16", "--filed", "2026-10-31")
    assert code == 1 and "1 hari sesudah batas waktunya" in out, out
    assert "paling lambat 30 Oktober 2026" in out
    code, out = run(*base, "--received", "16-10-2026")
    assert code == 1 and "--received" in out and "YYYY-MM-DD" in out, out
    code, out = run(*base, "--received", "2026-10-16", "--filed", "2026-10-20")
    assert code == 0, out
    assert (
        f"Keberatan nomor 1 dicatat: Fajar Nugroho ({FAJAR}) atas predikat Butuh Perbaikan "
        "periode 2026-TW3; diajukan kepada Andi Saputra, Kepala Dinas. Hasil diterima 16 "
        "Oktober 2026 (tanggal yang disebutkan); batas waktu pengajuan 30 Oktober 2026."
    ) in " ".join(out.split())
    assert "siklus objection decide 1 --outcome" in out
    code, out = run("status")
    assert code == 0, out
    assert (
        "Keberatan atas hasil periode 2026-TW3: 1 sedang diperiksa (siklus objection list)."
    ) in " ".join(out.split())

    code, out = run("objection", "decide", "1", "--outcome", "dikabulkan", "--note", "x",
                    "--as", "rina")  # fmt: skip
    assert code == 1 and "Keputusan 'dikabulkan' tidak dikenal" in out, out
    decide = ("objection", "decide", "1", "--note", "Gangguan aplikasi", "--as", "rina")
    code, out = run(*decide, "--outcome", "diubah", "--predikat", "baik", "--on", "2026-10-27")
    assert code == 0, out
    flat = " ".join(out.split())
    assert "predikat diubah dari Butuh Perbaikan menjadi Baik." in flat
    assert "siklus review reopen --period 2026-TW3" in flat
    assert f"siklus evaluation sheets --period 2026-TW3 --nip {FAJAR}" in flat

    code, out = run("status")
    assert (
        "Keberatan atas hasil periode 2026-TW3: 1 predikat diubah belum dimuat dalam data"
    ) in " ".join(out.split()), out
    code, out = run("objection", "list", "--period", "2026-TW3", "--as", "rina")
    assert code == 0, out
    (row,) = [line for line in out.splitlines() if line.startswith("│   1 │")]
    assert "Fajar Nugroho" in row and "diubah → Baik, 27-10-2026" in row
    assert "20-10-2026 (batas 30-10-2026)" in row
    assert "Butuh Perbaikan (belum sesuai keputusan)" in row

    code, out = run("objection", "list", "--status", "diajukan", "--as", "rina")
    assert code == 0 and "Tidak ada keberatan berstatus itu." in out, out
    code, out = run("objection", "list", "--status", "Diubah", "--as", "rina")
    assert code == 0 and "│   1 │" in out, out
    code, out = run("objection", "list", "--status", "dikabulkan", "--as", "rina")
    assert code == 1 and "Status 'dikabulkan' tidak dikenal; pilih: diajukan, tetap" in out, out
    code, out = run("objection", "register", "--period", "2026-TW3", "--as", "rina",
                    "--locale", "id", "--locale", "en")  # fmt: skip
    assert code == 0, out
    assert "Daftar Keberatan atas Hasil Penilaian Kinerja Triwulan III 2026" in out
    assert "(versi 1)" in out and "Register of Objections" in out
    code, out = run("audit", "log", "--limit", "10")
    assert code == 0 and "objection.decided" in out and "objection.filed" in out, out
    code, out = run("objection", "withdraw", "1", "--note", "x", "--as", "rina")
    assert code == 1 and "sudah diputuskan (diubah); hanya keberatan yang sedang" in out, out
    # One the employee filed on their page is marked so (`policy.services.sheet_objections`).
    with session_scope() as s:
        s.execute(update(Objection).values(recorded_by=f"pegawai:{FAJAR}"))
        s.commit()
    code, out = run("objection", "list", "--as", "rina")
    assert "20-10-2026 (batas 30-10-2026); di portal oleh pegawai" in " ".join(out.split()), out
    code, out = run("objection", "list", "--as", "budi")  # an organiser
    assert code == 1 and "budi tidak berwenang melihat daftar keberatan" in out, out
