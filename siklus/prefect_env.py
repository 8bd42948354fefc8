"""Quiet, fast defaults for Prefect when the CLI runs flows on the embedded local API.

Layer: shell. Must run before `prefect` is imported; values a user set win. While a flow
runs from the CLI, an error the officer can fix (a refused file, a refused action) is kept
out of Prefect's console log: the command prints it once, in words. Prefect's own run
logs (the UI) keep it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from policy.errors import PackError, ServiceError
from policy.importerrors import ImportFileError

EXPECTED_ERRORS: tuple[type[Exception], ...] = (ImportFileError, ServiceError, PackError)

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

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}), quiet_expected_errors():
        yield


class ExpectedErrorFilter(logging.Filter):
    """Drop console records of an expected error, and every record repeating its message.

    Prefect logs a failing task or flow several times: "Task run failed with exception"
    and "Encountered exception during execution" (with tracebacks), "Finished in state
    Failed(... <message>)", and the stage flow's own "Tahap … gagal: <message>". The first
    carries the exception; the later ones only repeat its text.
    """

    def __init__(self) -> None:
        """Start with no message seen."""
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a record the officer should not see on the terminal."""
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, EXPECTED_ERRORS):
            first = str(exc).strip().split("\n", 1)[0]
            if first:  # a state repr escapes the newlines of a longer message
                self.seen.add(first)
            return False
        if self.seen and record.levelno >= logging.WARNING:
            text = record.getMessage().replace("\\'", "'").replace('\\"', '"')
            return not any(message in text for message in self.seen)
        return True


@contextmanager
def quiet_expected_errors() -> Iterator[ExpectedErrorFilter]:
    """Filter Prefect's console handlers (not its API log) with an `ExpectedErrorFilter`."""
    from prefect.logging.handlers import PrefectConsoleHandler

    quiet = ExpectedErrorFilter()
    handlers = [
        h
        for name in ("", "prefect")
        for h in logging.getLogger(name).handlers
        if isinstance(h, PrefectConsoleHandler)
    ]
    for handler in handlers:
        handler.addFilter(quiet)
    try:
        yield quiet
    finally:
        for handler in handlers:
            handler.removeFilter(quiet)
