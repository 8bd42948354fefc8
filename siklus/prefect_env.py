"""Quiet, fast defaults for Prefect when the CLI runs flows on the embedded local API.

Layer: shell. Must run before `prefect` is imported; values a user set win.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_ROOT_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


def configure_prefect() -> None:
    """Set Prefect's environment defaults for this process (before importing prefect)."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


@contextmanager
def flow_settings() -> Iterator[None]:
    """Settings for running flows from the CLI: no per-flow heartbeat thread."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
