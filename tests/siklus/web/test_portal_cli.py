"""`siklus portal links|token|revoke`: links of every forum, organiser and leader tokens."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from policy.db import get_engine
from policy.services import portal_access
from policy.settings import Settings
from siklus.cli import app
from tests.siklus.web.conftest import open_forum

runner = CliRunner()


def test_links_and_token(settings: Settings, tmp_path: Path) -> None:
    with Session(get_engine(), expire_on_commit=False) as session:
        token = open_forum(session, tmp_path).token
    links = runner.invoke(app, ["portal", "links", "--as", "budi", "--base-url", "https://x.id/"])
    assert links.exit_code == 0, links.output
    assert "F1\tterbuka\tputaran 1\tKonsultasi Publik Rancangan Perwali" in links.output
    assert f"https://x.id/f/{token}" in links.output
    refused = runner.invoke(app, ["portal", "token", "--as", "rina"])  # an officer only
    assert refused.exit_code == 1 and "tidak berwenang" in refused.output
    leader = runner.invoke(app, ["portal", "token", "--as", "sekda", "--base-url", "https://x.id/"])
    assert leader.exit_code == 0, leader.output
    assert "Token pimpinan untuk sekda (contoh):" in leader.output
    assert "Halaman pimpinan: masuk di https://x.id/pimpinan/masuk" in leader.output
    assert "/penyelenggara" not in leader.output
    issued = runner.invoke(app, ["portal", "token", "--as", "budi", "--hours", "2"])
    assert issued.exit_code == 0, issued.output
    secret = re.search(r"^  (\S{40,})$", issued.output, re.MULTILINE)
    assert secret and "Halaman panitia: masuk di http://127.0.0.1:8000/penyelenggara/masuk" in (
        issued.output
    )
    with Session(get_engine()) as session:
        assert portal_access.check_token(session, secret.group(1)).username == "budi"
    revoked = runner.invoke(app, ["portal", "revoke", "--as", "budi"])
    assert revoked.exit_code == 0 and "1 token dicabut." in revoked.output
