"""`siklus forum add`: a forum that is not in the pack, with its hours, checked and audited."""

from __future__ import annotations

import sqlite3
from datetime import time
from pathlib import Path

from sqlmodel import select

from policy.models import AuditEvent, Forum
from policy.settings import Settings
from tests.siklus.test_cli import run
from tests.siklus.test_forum_cli import LEADER, OFFICER, ORGANISER

ADD = ("forum", "add", "F4", "--title", "Forum Guru dan Tenaga Kependidikan", "--date",
       "2026-04-20", "--venue", "Aula SMP Negeri 1 Sawahlunto", "--group", "asn")  # fmt: skip


def test_forum_add_with_hours(settings: Settings) -> None:
    from policy.db import session_scope

    assert run("pack", "load", "sawahlunto", "--as", "admin")[0] == 0
    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    code, out = run(*ADD, "--time", "25.00", "--as", ORGANISER)
    assert code == 1
    assert "Forum tidak dapat ditambah: jam '25.00': 25.00 bukan jam yang ada" in out
    code, out = run(*ADD, "--group", "guru", "--as", ORGANISER)
    assert code == 1 and "kelompok tidak dikenal: guru" in out
    code, out = run(*ADD, "--time", "09.00–12.00", "--as", LEADER)
    assert code == 1 and "tidak berwenang" in out
    code, out = run(*ADD, "--time", "09.00–12.00", "--agenda", "Paparan rancangan", "--as",
                    ORGANISER)  # fmt: skip
    assert code == 0, out
    assert (
        "Forum F4 (putaran 1) ditambahkan: Forum Guru dan Tenaga Kependidikan, 20 April 2026."
        in out
    )
    with session_scope() as s:
        forum = s.exec(select(Forum).where(Forum.code == "F4")).one()
        assert (forum.starts_at, forum.ends_at, forum.agenda) == (
            time(9),
            time(12),
            ["Paparan rancangan"],
        )
        assert forum.public_token  # its portal link is ready
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "forum.added")).one()
        assert (event.actor, event.payload["starts_at"]) == (ORGANISER, "09:00:00")
    code, out = run(*ADD, "--as", ORGANISER)
    assert code == 1 and "forum 'F4' sudah ada" in out
    with sqlite3.connect(settings.data_dir / "siklus.db") as conn:
        assert conn.execute("SELECT count(*) FROM forum WHERE code = 'F4'").fetchone() == (1,)


def test_forum_plan_says_which_planned_forum_followed_the_pack(
    settings: Settings, tmp_path: Path
) -> None:
    assert run("pack", "load", "sawahlunto", "--as", "admin")[0] == 0
    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    assert run("forum", "plan", "--as", ORGANISER)[0] == 0
    text = (settings.packs_dir / "sawahlunto.yaml").read_text(encoding="utf-8")
    moved = text.replace('time: "09.00–12.00"', 'time: "08.30–11.30"', 1)
    assert moved != text
    (tmp_path / "sawahlunto").symlink_to(settings.packs_dir / "sawahlunto")
    (tmp_path / "sawahlunto.yaml").write_text(moved, encoding="utf-8")
    assert run("pack", "load", str(tmp_path / "sawahlunto.yaml"), "--as", "admin")[0] == 0
    code, out = run("forum", "plan", "--as", ORGANISER)
    assert code == 0, out
    assert "Forum F1 mengikuti paket: jam mulai, jam selesai diperbarui." in out
    code, out = run("forum", "plan", "--as", ORGANISER)
    assert code == 0 and "sudah direncanakan; tidak ada perubahan" in out
