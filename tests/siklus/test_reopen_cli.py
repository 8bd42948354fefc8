"""`siklus review reopen`: a leader reopens an approved evaluation period; the board says so."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from policy.db import session_scope
from policy.settings import Settings
from siklus.cli import app
from tests.policy.services import test_evaluation as national
from tests.policy.services.test_reopen import REASON, _approve, _evaluate


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "240"})
    return result.exit_code, result.output


def test_a_leader_reopens_an_approved_period_and_is_told_what_comes_next(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        run_id = national.start_run(s, tmp_path, national.pack())
        _evaluate(s, tmp_path, run_id, national.EKINERJA, "ekinerja.csv")
        _approve(s)
    code, out = run("review", "reopen", "evaluation", "--as", "sekda", "--reason", REASON)
    assert code == 2 and "Opsi '--period' wajib diisi." in out, out
    code, out = run("review", "reopen", "forums", "--period", "2026-TW3", "--as", "sekda",
                    "--reason", REASON)  # fmt: skip
    assert code == 1 and "Hanya periode evaluasi berkala yang dapat dibuka kembali" in out, out
    code, out = run("review", "reopen", "evaluasi", "--period", "Triwulan III 2026", "--as",
                    "sekda", "--reason", REASON)  # fmt: skip
    assert code == 0, out
    assert "Periode 2026-TW3 (Triwulan III 2026) siklus ke-1 dibuka kembali oleh sekda" in out
    assert "jalankan 'siklus stage run evaluation --period 2026-TW3'" in out
    code, out = run("status")
    assert code == 0, out
    (row,) = [line for line in out.splitlines() if line.startswith("│ Evaluasi Berkala")]
    assert "dikembalikan" in row and "dikembalikan oleh sekda" in row
    assert "“Keberatan Fajar Nugroho" in out  # the reason, under the decision
    assert "gerbang tertutup" not in out.split("Evaluasi Berkala")[1]  # its period's gate is open
    code, out = run("audit", "log", "--limit", "1")
    assert code == 0 and "stage.reopened" in out, out
