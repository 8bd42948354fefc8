"""Start-up of the `siklus` command: what help and quick commands load (in a fresh process).

Every command an officer types pays its imports first. Help loads neither the database
library nor Prefect, rendering or spreadsheets; a command loads what it uses: the status
board reads its gates without the stages' documents, and only `stage run` and `cycle run`
start Prefect. Typer's rich help module loads only when help or an error is printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy.settings import Settings
from siklus.cli import app

HEAVY = {"sqlalchemy", "sqlmodel", "prefect", "jinja2", "openpyxl"}
RUN = """
import json, sys
from siklus.cli import app
try:
    app(sys.argv[2:], prog_name="siklus")
except SystemExit:
    pass
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(sorted(sys.modules), out)
"""


def loaded(tmp_path: Path, *argv: str) -> set[str]:
    """The modules a fresh `siklus ARGV` process has imported when it ends."""
    record = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(record), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert record.is_file(), done.stderr
    return set(json.loads(record.read_text(encoding="utf-8")))


def packages(modules: set[str]) -> set[str]:
    return {name.partition(".")[0] for name in modules}


def test_importing_the_cli_loads_no_database_settings_or_prefect() -> None:
    code = "import json, sys; import siklus.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert packages(modules) & (HEAVY | {"pydantic_settings"}) == set()
    assert "policy.settings" not in modules


def test_main_help_reads_no_settings(settings: Settings, tmp_path: Path) -> None:
    modules = loaded(tmp_path, "--help")
    assert packages(modules) & HEAVY == set()
    assert "policy.settings" not in modules


@pytest.mark.parametrize(
    "argv",
    [
        ("import", "--help"),
        ("template", "--help"),
        ("stage", "--help"),
        ("review", "approve", "--help"),
    ],
)
def test_group_and_command_help_load_no_database(
    settings: Settings, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    assert packages(loaded(tmp_path, *argv)) & HEAVY == set()


def test_quick_command_loads_no_database_nor_help_renderer(
    settings: Settings, tmp_path: Path
) -> None:
    modules = loaded(tmp_path, "pack", "list")
    assert packages(modules) & HEAVY == set()
    assert "typer.rich_utils" not in modules


def test_status_reads_gates_without_documents_or_prefect(
    settings: Settings, tmp_path: Path
) -> None:
    runner = CliRunner()
    for argv in (
        ["pack", "load", "sawahlunto", "--as", "admin"],
        ["cycle", "start", "--as", "rahmi.oktavia"],
    ):
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, result.output
    modules = loaded(tmp_path, "status")
    gates = {"policy.services.forum_minutes", "policy.services.socialisation_coverage"}
    assert {"sqlalchemy", "policy.services.cycle_board", *gates} <= modules
    assert packages(modules) & {"prefect", "jinja2", "markdown_it", "openpyxl"} == set()
    assert "typer.rich_utils" not in modules
