"""The reminder sweep flow: one task calling the service, mail through SMTP from the settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.reminders import SweepParams, reminder_sweep_flow
from policy.db import session_scope
from policy.settings import Settings, get_settings
from siklus.mailbox import LoopbackMailbox
from tests.policy.services.deadline_fixtures import implementation_running, ingest_progress

pytest.importorskip("aiosmtpd", reason="aiosmtpd (a dependency) is needed for the SMTP tests")


def test_flow_sends_through_the_configured_smtp_server(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope() as s:
        run_id = implementation_running(s, tmp_path)
        ingest_progress(s, tmp_path, run_id)
    day = date(2026, 3, 25)
    dry = reminder_sweep_flow(SweepParams(today=day, dry_run=True))
    assert len(dry.messages) == 3 and dry.sent == 0
    with LoopbackMailbox() as box:
        monkeypatch.setenv("SIKLUS_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SIKLUS_SMTP_PORT", str(box.port))
        get_settings.cache_clear()
        result = reminder_sweep_flow(SweepParams(organisation="contoh", today=day))
        again = reminder_sweep_flow(SweepParams(organisation="contoh", today=day))
        assert (result.sent, again.sent, len(box.messages)) == (3, 0, 3)
