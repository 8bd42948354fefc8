"""Text a person typed (a reason, a name, a cell quoted in an error) prints as written.

The terminal's rich console reads `[bold]` as style and `[/x]` as a closing tag: unescaped,
the first vanished from the board and the second stopped the command with a MarkupError.
"""

from __future__ import annotations

from typer.testing import CliRunner

from policy.settings import Settings
from siklus.cli import app

OFFICER, LEADER = "rahmi.oktavia", "desmawati.yusuf"
REASON = "Lanjut ke forum [/catatan] sesuai [bold]rapat 3 Juli[/bold] [lampiran 2]."


def run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "240"})
    crash = None if isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.output, crash


def test_a_reason_with_brackets_is_shown_on_the_board_and_in_the_audit_log(
    settings: Settings,
) -> None:
    from policy.db import session_scope
    from policy.models import Stage
    from policy.services import cycle as cycle_service

    assert run("pack", "load", "sawahlunto", "--as", "admin")[0] == 0
    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    with session_scope() as s:
        ref = cycle_service.begin_stage(
            session=s, organisation=None, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor=OFFICER
        )
        cycle_service.submit_stage(session=s, run_id=ref.run_id, actor=OFFICER, summary={})
    code, out, crash = run("review", "approve", "analisis", "--as", LEADER, "--reason", REASON)
    assert (code, crash) == (0, None), out
    override = "Tanpa menunggu [/tahap] sebelumnya [dim]."
    code, out, crash = run(
        "stage", "override", "evaluation", "--period", "2026-TW3", "--as", LEADER,
        "--reason", override,
    )  # fmt: skip
    assert (code, crash) == (0, None), out
    code, out, crash = run("status")
    assert (code, crash) == (0, None), out
    flat = " ".join(out.replace("│", " ").split())
    assert f"“{REASON}”" in flat
    assert f"dibuka oleh {LEADER}: “{override}”" in out
    code, out, crash = run("audit", "log", "--limit", "5")
    assert (code, crash) == (0, None), out
    assert "[/tahap]" in out and "[dim]" in out


def test_an_error_quoting_brackets_is_told_not_crashed(settings: Settings) -> None:
    assert run("pack", "load", "sawahlunto", "--as", "admin")[0] == 0
    code, out, crash = run("review", "approve", "[/analisis]", "--as", LEADER)
    assert crash is None and code == 1, out
    assert "Gagal:" in out and "[/analisis]" in out
