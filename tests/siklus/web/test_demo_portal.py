"""The demo's portal step: sample inputs sent over HTTP to a real portal on loopback."""

from __future__ import annotations

import copy
from pathlib import Path

from rich.console import Console
from sqlmodel import select

from policy.db import session_scope
from policy.models import Forum, ForumInput, Stage
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import organisation
from policy.settings import Settings
from siklus.demo_portal import send_portal_inputs
from tests.factories import MINI_PACK, approve_through, write_pack

ROWS = (
    "forum;nama;instansi;kelompok;bagian;masukan\r\n"
    "F1;Dewi Sartika;Warga Kelurahan Aur;masyarakat;;Libatkan hasil SKM dalam penilaian.\r\n"
    "F1;Andi Pratama;Dinas Dukcapil;asn;Pasal 2;Umpan balik <b>bulanan</b> saja.\r\n"
)


def test_demo_sends_portal_inputs_over_http(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "portal.csv").write_text(ROWS, encoding="utf-8")
    data = copy.deepcopy(MINI_PACK)
    data["stakeholder_groups"] = [*data["stakeholder_groups"]]
    data["forums"][0]["groups"] = ["asn", "masyarakat"]
    data["demo"] = {"portal": {"masukan": "portal.csv"}}
    loaded = load_pack(write_pack(tmp_path, data))
    with session_scope() as s:
        org = organisation.load_pack(session=s, loaded=loaded, actor="admin").organisation
        cycle_service.open_cycle(session=s, organisation=org, actor="rina")
        approve_through(s, org, Stage.NEEDS_ANALYSIS)
    console = Console(record=True, width=200)
    numbers = send_portal_inputs(console, loaded, org, "budi", 1)
    assert numbers == [1, 2]
    with session_scope() as s:
        forum = s.exec(select(Forum)).one()
        inputs = s.exec(select(ForumInput).order_by(ForumInput.number)).all()
    assert forum.code == "F1" and forum.public_token
    assert [(i.author, i.channel, i.text) for i in inputs] == [
        ("Dewi Sartika", "portal", "Libatkan hasil SKM dalam penilaian."),
        ("Andi Pratama", "portal", "Umpan balik <b>bulanan</b> saja."),
    ]
    out = console.export_text()
    assert "2 masukan dikirim pemangku kepentingan lewat portal; tanda terima nomor 1, 2" in out
    assert f"/f/{forum.public_token}" in out
