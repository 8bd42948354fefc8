"""The scaled-out set, started once for the stack tests by `scripts/stack.py`.

PostgreSQL, a Prefect server on PostgreSQL and two process workers on loopback, with
`prefect.yaml` deployed. Skipped unless SIKLUS_STACK_TESTS=1 (`.ci/run` sets it); it
needs PostgreSQL's server binaries. Everything is stopped by PID at the end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STACK = REPO / "scripts" / "stack.py"
ENABLED = os.environ.get("SIKLUS_STACK_TESTS") == "1"
SKIP = "stack tests start PostgreSQL, a Prefect server and workers: set SIKLUS_STACK_TESTS=1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here `stack`, and skip them with the reason unless enabled."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.stack)
            if not ENABLED:
                item.add_marker(pytest.mark.skip(reason=SKIP))


@dataclass(frozen=True)
class Stack:
    """A running set: its folder and the variables of its env file."""

    dir: Path
    env: dict[str, str]

    def script(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `scripts/stack.py ARGS DIR…` against this set."""
        return subprocess.run(
            [sys.executable, str(STACK), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=180,
        )

    def pids(self) -> dict[str, int]:
        """The PIDs the script recorded."""
        return {
            p.stem: int(p.read_text().strip()) for p in sorted((self.dir / "pids").glob("*.pid"))
        }


def _group_alive(pgid: int) -> bool:
    """Whether any live (non-zombie) process is left in process group `pgid`."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[-1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == pgid:
                return True
    return False


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """Start the set once; point this process's Siklus and Prefect clients at it."""
    if not ENABLED:
        pytest.skip(SKIP)
    folder = Path(tempfile.mkdtemp(prefix="siklus-stack-"))
    args = ["start", str(folder), "--api-port", "0", "--pg-port", "0", "--no-ui"]
    args += ["--workers", "2", "--poll-seconds", "1"]
    started = subprocess.run(
        [sys.executable, str(STACK), *args], capture_output=True, text=True, timeout=300
    )
    if started.returncode != 0:
        subprocess.run([sys.executable, str(STACK), "stop", str(folder)], capture_output=True)
        pytest.fail(f"stack did not start:\n{started.stdout}\n{started.stderr}")
    values: dict[str, str] = {}
    for line in (folder / "env").read_text(encoding="utf-8").splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export ") :].partition("=")
            values[key] = shlex.split(value)[0] if value else ""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from policy.db import reset_engines
    from policy.settings import get_settings

    get_settings.cache_clear()
    reset_engines()
    running = Stack(dir=folder, env=values)
    recorded = running.pids()
    try:
        with temporary_settings({PREFECT_API_URL: values["PREFECT_API_URL"]}):
            yield running
    finally:
        stopped = subprocess.run(
            [sys.executable, str(STACK), "stop", str(folder)], capture_output=True, text=True
        )
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        get_settings.cache_clear()
        reset_engines()
        leftover = {n: p for n, p in {**recorded, **running.pids()}.items() if _group_alive(p)}
        if os.environ.get("SIKLUS_STACK_LOGS"):
            shutil.copytree(folder / "logs", os.environ["SIKLUS_STACK_LOGS"], dirs_exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        assert stopped.returncode == 0, stopped.stderr
        assert not leftover, f"still running after stop: {leftover}"
