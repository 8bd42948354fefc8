"""The portal load script runs end to end at a tiny size, so its code cannot rot.

The benchmark itself (32 clients, 3,200 inputs) is not a test: `bench/portal_load.py`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_portal_load_script_counts_every_input() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "portal_load.py"), "--clients", "4",
         "--submissions", "24", "--seconds", "60"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "accepted: 24 " in done.stdout and "NOTHING LOST" in done.stdout
