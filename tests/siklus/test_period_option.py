"""`--period` on every command that takes one: read as the import files read a period.

"Triwulan III 2026" is passed on as "2026-TW3"; a period that names none is refused with
the accepted forms before any run, override or decision is recorded and before Prefect
starts, so no failed run is left on the status board.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from typer.testing import CliRunner

from policy.settings import Settings
from siklus import runner as stage_runner
from siklus.cli import app

cli = CliRunner()
OFFICER, LEADER = "rahmi.oktavia", "syahrul.anwar"
BAD = "Triwulan V 2026"


def run(*args: str) -> tuple[int, str]:
    result = cli.invoke(app, list(args), env={"COLUMNS": "240"})
    return result.exit_code, result.output


@pytest.fixture
def cycle(settings: Settings) -> Settings:
    for args in (
        ("pack", "load", "sawahlunto", "--as", "admin"),
        ("cycle", "start", "--as", OFFICER),
    ):
        code, out = run(*args)
        assert code == 0, out
    return settings


def rows(settings: Settings, sql: str) -> list[Any]:
    with sqlite3.connect(settings.data_dir / "siklus.db") as conn:
        return list(conn.execute(sql).fetchall())


@pytest.fixture
def flows(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `stage run` and `cycle run` would hand to Prefect (no flow runs here)."""
    calls: list[dict[str, Any]] = []

    def stop(**kwargs: Any) -> Any:
        calls.append(kwargs)
        raise SystemExit(0)

    monkeypatch.setattr(stage_runner, "run_stage", stop)
    monkeypatch.setattr(stage_runner, "run_cycle", stop)
    return calls


def test_stage_run_refuses_a_bad_period_before_any_run(
    cycle: Settings, flows: list[dict[str, Any]]
) -> None:
    code, out = run("stage", "run", "evaluation", "--period", BAD, "--as", OFFICER)
    assert code == 1
    assert f"Gagal: Periode '{BAD}' tidak dikenali; contoh: 2026-TW1, Triwulan I 2026" in out
    assert "Januari s.d. Maret 2026" in out and "Traceback" not in out
    assert flows == [] and rows(cycle, "SELECT * FROM stagerun") == []
    code, out = run("stage", "run", "evaluation", "--as", OFFICER)
    assert code == 1 and "Tahap evaluasi memerlukan periode" in out and flows == []


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Triwulan III 2026", "2026-TW3"),
        ("2026-TW3", "2026-TW3"),
        ("Juli s.d. Desember 2026", "2026-S2"),
    ],
)
def test_stage_and_cycle_run_pass_the_periods_code(
    cycle: Settings, flows: list[dict[str, Any]], given: str, code: str
) -> None:
    run("stage", "run", "evaluation", "--period", given, "--as", OFFICER)
    run("cycle", "run", "--period", given, "--as", OFFICER)
    assert [call["period"] for call in flows] == [code, code]


def test_cycle_run_without_a_period_stops_before_evaluation(
    cycle: Settings, flows: list[dict[str, Any]]
) -> None:
    run("cycle", "run", "--as", OFFICER)
    code, out = run("cycle", "run", "--period", BAD, "--as", OFFICER)
    assert code == 1 and f"Periode '{BAD}' tidak dikenali" in out
    assert [call["period"] for call in flows] == [""]


def test_override_and_review_take_the_periods_code(cycle: Settings) -> None:
    reason = ["--reason", "Uji periode evaluasi"]
    code, out = run("stage", "override", "evaluation", "--period", BAD, "--as", LEADER, *reason)
    assert code == 1 and f"Periode '{BAD}' tidak dikenali" in out
    assert rows(cycle, "SELECT * FROM gateoverride") == []
    code, out = run(
        "stage", "override", "evaluation", "--period", "Triwulan III 2026", "--as", LEADER, *reason
    )
    assert code == 0, out
    assert rows(cycle, "SELECT stage, period FROM gateoverride") == [("evaluation", "2026-TW3")]
    code, out = run("review", "approve", "evaluation", "--period", BAD, "--as", LEADER)
    assert code == 1 and f"Periode '{BAD}' tidak dikenali" in out
    code, out = run("review", "approve", "evaluation", "--period", "TW III 2026", "--as", LEADER)
    assert code == 1 and "Tahap Evaluasi Berkala periode 2026-TW3 belum pernah dijalankan" in out


def test_action_list_and_sheets_take_the_periods_code(cycle: Settings) -> None:
    code, out = run("action", "list", "--period", "Triwulan III 2026")
    assert code == 0 and "Tidak ada tindak lanjut." in out
    code, out = run("action", "list", "--period", BAD)
    assert code == 1 and f"Periode '{BAD}' tidak dikenali" in out
    code, out = run("evaluation", "sheets", "--period", BAD, "--as", OFFICER)
    assert code == 1 and f"Periode '{BAD}' tidak dikenali" in out
    code, out = run("evaluation", "sheets", "--period", "Juli s.d. September 2026", "--as", OFFICER)
    assert code == 1 and "Tahap Evaluasi Berkala periode 2026-TW3 belum pernah dijalankan" in out


@pytest.mark.parametrize(
    "command",
    [
        ("stage", "run"),
        ("stage", "override"),
        ("cycle", "run"),
        ("review", "approve"),
        ("review", "return"),
        ("review", "reject"),
        ("action", "list"),
        ("evaluation", "sheets"),
    ],
)
def test_help_names_the_accepted_forms(command: tuple[str, ...]) -> None:
    code, out = run(*command, "--help")
    assert code == 0 and "Triwulan III 2026" in out and "Juli s.d. September 2026" in out
