"""The `siklus` CLI: quick commands run as plain service calls (no Prefect)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from policy.settings import Settings
from siklus.cli import app

runner = CliRunner()
OFFICER, LEADER = "rahmi.oktavia", "desmawati.yusuf"
GOOD = "196608011988031001"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240"})
    return result.exit_code, result.output


def _is_group(command: Any) -> bool:
    return hasattr(command, "commands")


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    if _is_group(group):
        for name, cmd in group.commands.items():
            found.extend(_commands(cmd, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", _commands(typer.main.get_command(app)), ids=" ".join)
def test_every_command_has_help_with_example(path: tuple[str, ...]) -> None:
    code, out = run(*path, "--help")
    assert code == 0, out
    command = typer.main.get_command(app)
    for name in path:
        assert _is_group(command)
        command = command.commands[name]
    assert command.help, f"{' '.join(path)} has no help"
    if not _is_group(command):
        assert "Contoh:" in command.help, f"{' '.join(path)} help has no example"


@pytest.fixture
def loaded(settings: Settings) -> Settings:
    code, out = run("pack", "load", "sawahlunto", "--as", "admin")
    assert code == 0, out
    assert "dimuat" in out
    return settings


def _employees(settings: Settings) -> int:
    with sqlite3.connect(settings.data_dir / "siklus.db") as conn:
        return int(conn.execute("SELECT count(*) FROM employee").fetchone()[0])


def test_bad_import_reports_line_and_writes_nothing(loaded: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "pegawai.csv"
    bad.write_text(
        "nip;nama;jenis_asn;jabatan;unit_kerja\n"
        f"{GOOD};Ahmad;PNS;Analis;BKPSDM\n"
        "19660801198803100;Budi;PNS;Analis;BKPSDM\n"
        f"196608011988032001;Citra;PNS;Analis;TIDAKADA\n",
        encoding="utf-8",
    )
    code, out = run("import", "pegawai", str(bad), "--as", OFFICER)
    assert code == 1
    assert "baris 3" in out and "nip" in out and "15" in out  # the Excel explanation
    assert _employees(loaded) == 0
    bad.write_text(
        "nip;nama;jenis_asn;jabatan;unit_kerja\n"
        f"{GOOD};Ahmad;PNS;Analis;BKPSDM\n"
        "196608011988032001;Citra;PNS;Analis;TIDAKADA\n",
        encoding="utf-8",
    )
    code, out = run("import", "pegawai", str(bad), "--as", OFFICER)
    assert code == 1 and "baris 3" in out and "TIDAKADA" in out
    assert _employees(loaded) == 0


def test_import_twice_changes_nothing(loaded: Settings) -> None:
    pegawai = str(loaded.packs_dir / "sawahlunto" / "pegawai.csv")
    code, out = run("import", "pegawai", pegawai, "--as", OFFICER)
    assert code == 0, out
    count = _employees(loaded)
    assert count > 50
    code, out = run("import", "pegawai", pegawai, "--as", OFFICER)
    assert code == 0 and "sudah pernah diimpor" in out
    assert _employees(loaded) == count


def test_import_capaian_organisasi(loaded: Settings, tmp_path: Path) -> None:
    demo = str(loaded.packs_dir / "sawahlunto" / "capaian_2026_tw3.csv")
    code, out = run("import", "capaian_organisasi", demo, "--as", OFFICER)
    assert code == 0 and "4 baris diperiksa, 4 ditulis" in out, out
    bad = tmp_path / "capaian.csv"
    bad.write_text("periode;unit_kerja;capaian\nTW III 2026;RSUD;Luar Biasa\n", encoding="utf-8")
    code, out = run("import", "capaian_organisasi", str(bad), "--as", OFFICER)
    assert code == 1 and "baris 2" in out and "capaian" in out and "Cukup" in out, out
    with sqlite3.connect(loaded.data_dir / "siklus.db") as conn:
        rows = conn.execute("SELECT unit_code, capaian FROM unit_capaian ORDER BY unit_code")
        assert rows.fetchall() == [
            ("DINKES", "Baik"),
            ("DISDUKCAPIL", "Istimewa"),
            ("KEC-BARANGIN", "Kurang"),
            ("PKM-TALAWI", "Baik"),
        ]


def test_review_rules_and_status_board(loaded: Settings) -> None:
    from policy.db import session_scope
    from policy.models import Stage
    from policy.services import cycle as cycle_service

    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    with session_scope() as s:
        ref = cycle_service.begin_stage(
            session=s, organisation=None, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor=OFFICER
        )
        cycle_service.submit_stage(session=s, run_id=ref.run_id, actor=OFFICER, summary={})
    code, out = run("review", "approve", "needs_analysis", "--as", OFFICER)
    assert code == 1 and "pimpinan" in out
    code, out = run("review", "return", "analisis", "--as", LEADER, "--reason", "singkat")
    assert code == 1 and "alasan" in out
    code, out = run("review", "approve", "analisis", "--as", LEADER, "--reason", "Lanjut ke forum.")
    assert code == 0, out
    assert f"Tahap Analisis Kebutuhan disetujui oleh {LEADER}." in out
    code, out = run("status")
    assert code == 0
    assert "disetujui" in out and LEADER in out and "Lanjut ke forum." in out
    assert "belum dimulai" in out
    assert "siklus ke-1 (aktif)" in out and "(active)" not in out


def test_audit_verify_detects_tampering(loaded: Settings) -> None:
    code, out = run("audit", "verify")
    assert code == 0 and "utuh" in out
    with sqlite3.connect(loaded.data_dir / "siklus.db") as conn:
        conn.execute("UPDATE auditevent SET actor = 'orang lain' WHERE seq = 1")
    code, out = run("audit", "verify")
    assert code == 1 and "#1" in out


def test_import_as_someone_not_a_member_is_refused(loaded: Settings) -> None:
    pegawai = str(loaded.packs_dir / "sawahlunto" / "pegawai.csv")
    code, out = run("import", "pegawai", pegawai, "--as", "orang.luar")
    assert code == 1 and "'orang.luar' bukan anggota sawahlunto" in out, out
    assert _employees(loaded) == 0
    with sqlite3.connect(loaded.data_dir / "siklus.db") as conn:
        actors = {row[0] for row in conn.execute("SELECT actor FROM auditevent")}
    assert "orang.luar" not in actors


def test_unknown_actor_and_stage_are_explained(loaded: Settings) -> None:
    code, out = run("cycle", "start", "--as", "siapa")
    assert code == 1 and "bukan anggota" in out
    code, out = run("review", "approve", "tahap-x", "--as", LEADER)
    assert code == 1 and "tidak dikenal" in out


def test_the_row_counter_draws_the_count_without_a_thread_of_its_own() -> None:
    import io
    import threading

    from rich.console import Console

    from siklus.output import row_counter

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    threads = threading.active_count()
    with row_counter(terminal, "Mengimpor pegawai.csv", show=True) as progress:
        assert progress is not None
        progress(10_000)
        progress(123_456)
        assert threading.active_count() == threads  # a large import may still be read ahead
    drawn = screen.getvalue()
    assert "Mengimpor pegawai.csv" in drawn and "123.456 baris dibaca" in drawn
    quiet = io.StringIO()
    with row_counter(Console(file=quiet), "x", show=False) as progress:
        assert progress is None
    assert quiet.getvalue() == ""


def test_import_counts_are_written_the_indonesian_way(loaded: Settings, tmp_path: Path) -> None:
    demo = (loaded.packs_dir / "sawahlunto" / "pegawai.csv").read_text(encoding="utf-8-sig")
    header, first = demo.splitlines()[:2]
    unit = first.split(";")[header.split(";").index("unit_kerja")]
    rows = [f"1980{1 + i // 999:02d}10200501{1 + i // 999}{1 + i % 999:03d};Pegawai {i};PNS;"
            f"Analis;{unit};;" for i in range(1205)]  # fmt: skip
    big = tmp_path / "pegawai.csv"
    big.write_text("\n".join(["nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim", *rows]))
    code, out = run("import", "pegawai", str(big), "--as", OFFICER)
    assert code == 0 and "pegawai.csv: 1.205 baris diperiksa, 1.205 ditulis." in out, out


def test_the_board_puts_documents_of_one_title_on_one_line() -> None:
    from siklus.output import document_lines

    documents = [(1, "Laporan Evaluasi (id)", "a"), (2, "Rekomendasi Tindak Lanjut (id)", "b")]
    documents += [(n, "Lembar Hasil Evaluasi (id)", f"u{n}") for n in range(3, 399)]
    assert document_lines(documents).splitlines() == [
        "#1 Laporan Evaluasi (id)",
        "#2 Rekomendasi Tindak Lanjut (id)",
        "Lembar Hasil Evaluasi (id): 396 dokumen, #3–#398",
    ]


def test_the_board_puts_sheets_of_several_units_on_one_line() -> None:
    from siklus.output import document_lines

    documents = [
        (91, "Lembar Hasil Evaluasi — Sekretariat Daerah (id)", "a"),
        (92, "Evaluation Result Sheet — Sekretariat Daerah (en)", "b"),
        (93, "Lembar Hasil Evaluasi — Dinas Kesehatan (id)", "c"),
        (94, "Evaluation Result Sheet — Dinas Kesehatan (en)", "d"),
        (95, "Daftar Pegawai Belum Terjangkau — RSUD (id)", "e"),
    ]
    assert document_lines(documents).splitlines() == [
        "Lembar Hasil Evaluasi (id): 2 dokumen, #91, #93",
        "Evaluation Result Sheet (en): 2 dokumen, #92, #94",
        "#95 Daftar Pegawai Belum Terjangkau — RSUD (id)",
    ]


@pytest.mark.parametrize(
    ("numbers", "written"),
    [
        ([25, 41], "#25, #41"),
        ([25, 26, 27], "#25–#27"),
        ([26, 25], "#25, #26"),
        ([3, 4, 5, 9, 12, 13], "#3–#5, #9, #12, #13"),
        ([85, 87, 89, 91, 93, 95, 97], "#85, #87, #89, #91, #93 dan 2 lainnya"),
        ([1, 2, 3, 5, 7, 9, 11, 13, 14, 15, 16], "#1–#3, #5, #7, #9, #11 dan 4 lainnya"),
    ],
)
def test_the_board_writes_a_range_only_for_consecutive_numbers(
    numbers: list[int], written: str
) -> None:
    from siklus.output import document_lines

    documents = [(n, "Perbandingan Versi (id)", "p") for n in numbers]
    assert document_lines(documents) == (
        f"Perbandingan Versi (id): {len(numbers)} dokumen, {written}"
    )


def test_the_board_wraps_between_words_at_its_width() -> None:
    from datetime import UTC, datetime

    from rich.console import Console

    from policy.enums import RunStatus, Stage
    from policy.services.cycle_board import BoardRow, CycleBoard
    from siklus.output import print_board

    at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    row = BoardRow(
        stage=Stage.FORUMS, title="Forum Pemangku Kepentingan", period="",
        status=RunStatus.APPROVED,
        attempt=1, started_by="rahmi.oktavia", started_at=at, reviewer="syahrul.anwar",
        decision="approved", decided_at=at, flow_run_id=None, blockers=(),
        reason="Permasalahan prioritas diterima; lanjut ke forum pemangku kepentingan.",
        documents=((77, "Laporan Kemajuan Implementasi (id)", "a"),
                   (78, "Implementation Progress Report (en)", "b"),
                   (80, "Employees Not Yet Reached by Socialisation (en)", "c")),
    )  # fmt: skip
    board = CycleBoard(
        organisation="contoh", organisation_name="Pemerintah Kota Contoh", policy="Kinerja",
        cycle=1, status="active", rows=(row,), overrides=(),
    )  # fmt: skip
    console = Console(record=True, width=80)
    print_board(console, board)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    for word in ("rahmi.oktavia", "syahrul.anwar", "“Permasalahan", "Implementation",
                 "Socialisation", "kepentingan.”"):  # fmt: skip
        assert word in text, text


def test_the_board_names_an_overridden_gate_by_its_stage(loaded: Settings) -> None:
    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    reason = "Evaluasi periode ini tanpa menunggu tahap sebelumnya."
    code, out = run(
        "stage", "override", "evaluation", "--period", "2026-TW3", "--as", LEADER,
        "--reason", reason,
    )  # fmt: skip
    assert code == 0, out
    code, out = run("status")
    assert code == 0, out
    assert (
        f"Gerbang tahap Evaluasi Berkala periode 2026-TW3 dibuka oleh {LEADER}: “{reason}”" in out
    )
