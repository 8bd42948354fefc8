"""Bad input on the command line gets one Indonesian line, never a Python traceback.

Input names and files of `stage run` are checked before anything is recorded or Prefect
starts; dates, locales and paths given as options are refused in words; an expected error
raised inside a flow reaches the terminal once (Prefect's console log leaves it out).
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from policy.importerrors import ImportFileError, RowError
from policy.models import Stage
from policy.services.common import ServiceError
from policy.settings import Settings
from siklus import runner as stage_runner
from siklus.cli import app
from siklus.cycle import parse_cycle_inputs
from siklus.prefect_env import ExpectedErrorFilter

cli = CliRunner()
OFFICER, LEADER = "rahmi.oktavia", "desmawati.yusuf"
PACK = Path(__file__).resolve().parents[2] / "packs" / "sawahlunto"


def run(*args: str) -> tuple[int, str]:
    result = cli.invoke(app, list(args), env={"COLUMNS": "240"})
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    return result.exit_code, result.output


@pytest.fixture
def cycle(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A loaded pack with cycle 1 open; starting Prefect fails the test."""
    for args in (
        ("pack", "load", "sawahlunto", "--as", "admin"),
        ("cycle", "start", "--as", OFFICER),
    ):
        code, out = run(*args)
        assert code == 0, out

    def no_prefect() -> None:
        raise AssertionError("Prefect started although the input was refused")

    monkeypatch.setattr(stage_runner, "configure_prefect", no_prefect)
    return settings


def count(settings: Settings, table: str) -> int:
    with sqlite3.connect(settings.data_dir / "siklus.db") as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def one_failure(out: str, start: str = "Gagal:") -> str:
    assert "Traceback" not in out and "Error" not in out, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(start), out
    return lines[0]


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            f"aduan={PACK / 'pengaduan_2025.csv'}",
            "Masukan tidak dikenal untuk tahap needs_analysis",
        ),
        ("pengaduan=/nonexistent/pengaduan.csv", "Berkas masukan 'pengaduan' tidak ditemukan"),
    ],
)
def test_stage_run_checks_inputs_before_anything_is_recorded(
    cycle: Settings, given: str, said: str
) -> None:
    audit = count(cycle, "auditevent")
    code, out = run("stage", "run", "needs_analysis", "--as", OFFICER, "--input", given)
    assert code == 1
    assert said in one_failure(out)
    assert count(cycle, "stagerun") == 0 and count(cycle, "auditevent") == audit


def test_cycle_run_checks_input_names_and_files_first(cycle: Settings) -> None:
    code, out = run("cycle", "run", "--as", OFFICER, "--input", "analisis.aduan=x.csv")
    assert code == 1 and "Masukan tidak dikenal" in one_failure(out)
    code, out = run("cycle", "run", "--as", OFFICER, "--input", "forums.notulen=/nope/n.yaml")
    assert code == 1 and "tidak ditemukan: /nope/n.yaml" in one_failure(out)
    assert count(cycle, "stagerun") == 0


def test_cycle_run_input_without_a_stage_says_the_accepted_form(cycle: Settings) -> None:
    code, out = run("cycle", "run", "--as", OFFICER, "--input", "pengaduan=sw/pengaduan_2025.csv")
    assert code == 1
    line = one_failure(out)
    assert "tahap.nama=berkas" in line and "analisis.pengaduan=pengaduan.csv" in line
    assert "'pengaduan=sw/pengaduan_2025.csv'" in line and "tidak dikenal" not in line


def test_cycle_inputs_split_at_the_first_equals_sign() -> None:
    parsed = parse_cycle_inputs(["analisis.pengaduan=sw/pengaduan.2025.csv", "forums.x=a=b.md"])
    assert list(parsed[Stage.NEEDS_ANALYSIS]) == ["pengaduan"]
    assert parsed[Stage.NEEDS_ANALYSIS]["pengaduan"].endswith("sw/pengaduan.2025.csv")
    assert parsed[Stage.FORUMS]["x"].endswith("a=b.md")


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ("31/12/2026", "--as-of harus berbentuk YYYY-MM-DD, ditemukan '31/12/2026'"),
        ("kemarin", "--as-of harus berbentuk YYYY-MM-DD, ditemukan 'kemarin'"),
        # The form is right; no such day: said so, not "use the form".
        ("2026-13-45", "--as-of '2026-13-45' bukan tanggal yang ada di kalender"),
        ("2026-02-30", "--as-of '2026-02-30' bukan tanggal yang ada di kalender"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("stage", "run", "needs_analysis", "--as", OFFICER),
        ("review", "approve", "needs_analysis", "--as", LEADER),
        ("forum", "approve-minutes", "F1", "--as", LEADER),
        ("evaluation", "sheets", "--period", "2026-TW3", "--as", LEADER),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_bad_as_of_date_is_refused_in_words(
    cycle: Settings, command: tuple[str, ...], bad: str, said: str
) -> None:
    code, out = run(*command, "--as-of", bad)
    assert code == 1
    assert said in one_failure(out)
    assert count(cycle, "stagerun") == 0


def test_a_bad_start_date_is_refused_in_words(cycle: Settings, tmp_path: Path) -> None:
    code, out = run("rollout", "plan", "export", str(tmp_path / "r.csv"), "--start", "1/7/2026")
    assert code == 1 and "--start harus berbentuk YYYY-MM-DD" in one_failure(out)


@pytest.mark.parametrize(
    "command",
    [
        ("stage", "run", "needs_analysis", "--as", OFFICER),
        ("cycle", "run", "--as", OFFICER),
        ("evaluation", "sheets", "--period", "2026-TW3", "--as", LEADER),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_an_unknown_locale_is_refused_in_words(cycle: Settings, command: tuple[str, ...]) -> None:
    code, out = run(*command, "--locale", "id", "--locale", "fr")
    assert code == 1
    assert "--locale harus id atau en, ditemukan 'fr'" in one_failure(out)
    assert count(cycle, "stagerun") == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_a_file_that_cannot_be_written_is_named(cycle: Settings, tmp_path: Path) -> None:
    def export(path: str) -> tuple[int, str]:
        return run("rollout", "plan", "export", path, "--start", "2026-07-01")

    code, out = export("/nonexistent/dir/x.csv")
    assert code == 1
    assert one_failure(out) == (
        "Gagal: /nonexistent/dir/x.csv: berkas atau folder tidak ditemukan."
    )
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    code, out = export(str(afile / "x.csv"))
    assert code == 1 and "bagian dari jalurnya bukan folder" in one_failure(out)
    code, out = export(str(tmp_path))
    assert code == 1 and "ini folder, bukan berkas" in one_failure(out)


def record(msg: str, level: int = logging.ERROR, exc: BaseException | None = None) -> Any:
    info = (type(exc), exc, None) if exc is not None else None
    return logging.LogRecord("prefect.task_runs", level, __file__, 1, msg, None, info)


def test_prefect_console_leaves_out_expected_errors_and_their_repeats() -> None:
    quiet = ExpectedErrorFilter()
    bad = ImportFileError("bad.csv", [RowError(3, "unit_kerja", "unit 'X' tidak ada")])
    assert not quiet.filter(record("Task run failed with exception: %r", exc=bad))
    head = str(bad).splitlines()[0]  # "Berkas 'bad.csv' tidak dapat diimpor (…). …"
    repeats = [
        f'Finished in state Failed("Task run encountered an exception ImportFileError: {head}'
        "\\n- baris 3, kolom 'unit_kerja': unit 'X' tidak ada\")",
        f"Tahap needs_analysis gagal: {head}\n- baris 3",
    ]
    assert not any(quiet.filter(record(m)) for m in repeats)
    refused = ServiceError("Tahap forums belum dapat dimulai.")
    assert not quiet.filter(record("Encountered exception during execution", exc=refused))
    assert not quiet.filter(
        record("Finished in state Failed('… Tahap forums belum dapat dimulai.')")
    )
    # An unexpected error keeps its traceback; other lines pass.
    assert quiet.filter(record("Task run failed", exc=KeyError("x")))
    assert quiet.filter(record("Peringatan impor: baris 4 kosong", logging.WARNING))


def test_the_portal_on_a_taken_port_or_an_unknown_host_is_refused_in_words(
    settings: Settings,
) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out = run("serve", "--port", str(port))
    assert code == 1, out
    assert f"port {port} sudah dipakai program lain" in out
    assert "Portal berjalan" not in out  # it never said it runs
    code, out = run("serve", "--host", "portal.tidak-ada.invalid")
    assert code == 1 and "Alamat 'portal.tidak-ada.invalid' tidak dikenal" in out, out
