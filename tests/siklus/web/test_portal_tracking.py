"""A stakeholder follows up an input: the receipt shows the drafting team's response once the
draft is approved, in either language; the forum page's lookup form opens a receipt."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from policy.models import Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import drafting, forum_minutes, review
from policy.settings import Settings
from tests.factories import approve_run, write_file
from tests.policy.test_perwali import DRAFT
from tests.siklus.web.conftest import Portal, csrf, make_client

RESPONSE = "Penilaian tetap per triwulan;\npublikasi hasil ditambahkan pada Pasal 5 ayat (2)."
TANGGAPAN = f'nomor;status;tanggapan;bagian_berubah\n1;diterima sebagian;"{RESPONSE}";Pasal 5\n'


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _send(client: TestClient, portal: Portal) -> tuple[str, str]:
    """One input on the forum's general form; (its receipt address, its code)."""
    page = client.get(f"/f/{portal.token}").text
    data = {
        "csrf_token": csrf(page),
        "section_sid": "",
        "name": "Dewi Sartika",
        "organisation": "",
        "group": "masyarakat",
        "text": "Umumkan hasil penilaian setiap triwulan.",
    }
    response = client.post(f"/f/{portal.token}/masukan", data=data)
    assert response.status_code == 303
    location = response.headers["location"]
    found = re.search(r"\?kode=([A-Z0-9-]+)$", location)
    assert found
    return location, found.group(1)


def _draft(portal: Portal) -> None:
    """Close the forum, approve the forums stage, respond in drafting and submit it."""
    portal.close_forum()
    for member in ("budi", "sekda"):  # the Notulen holds once organiser and leader approve it
        forum_minutes.approve_minutes(
            session=portal.session, organisation=portal.org, cycle=None, code="F1", actor=member
        )
    approve_run(portal.session, portal.org, Stage.FORUMS, portal.run_id, "budi")
    ref = cycle_service.begin_stage(
        session=portal.session, organisation=portal.org, cycle=None, stage=Stage.DRAFTING,
        actor="rina",
    )  # fmt: skip
    inputs = {
        "rancangan": write_file(portal.folder, "v2.md", DRAFT.replace("SKP.", "SKP tahunan.")),
        "tanggapan": write_file(portal.folder, "tanggapan.csv", TANGGAPAN),
    }
    drafting.ingest(session=portal.session, run_id=ref.run_id, inputs=inputs, actor="rina")
    cycle_service.submit_stage(session=portal.session, run_id=ref.run_id, actor="rina", summary={})


def test_the_receipt_shows_the_response_once_the_draft_is_approved(
    client: TestClient, portal: Portal
) -> None:
    location, code = _send(client, portal)
    waiting = html.unescape(client.get(location).text)
    assert (
        "Tanggapan atas masukan ini dimuat di halaman ini setelah rancangan ditetapkan" in waiting
    )

    _draft(portal)  # responded and in review, not yet approved: nothing shown yet
    page = html.unescape(client.get(location).text)
    assert "setelah rancangan ditetapkan" in page and "Penilaian tetap per triwulan" not in page

    review.decide(  # the leader approves the drafting stage in review
        session=portal.session, organisation=portal.org, cycle=None, stage=Stage.DRAFTING,
        reviewer="sekda", decision=Decision.APPROVE, as_of=date(2026, 6, 2),
    )  # fmt: skip
    page = html.unescape(client.get(location).text)
    assert '<dd id="disposition">Diterima sebagian</dd>' in page
    assert "<dt>Bagian yang diubah</dt><dd>Pasal 5</dd>" in page
    assert f'<blockquote class="input-text" id="response">{RESPONSE}</blockquote>' in page
    assert "versi 2, ditetapkan pimpinan 2 Juni 2026" in page
    assert "setelah rancangan ditetapkan" not in page

    # The forum page sums it up for everyone, naming no input.
    forum = html.unescape(client.get(f"/f/{portal.token}?lang=id").text)
    assert '<h2 id="hasil">Hasil konsultasi</h2>' in forum
    assert (
        "Rancangan versi 2 ditetapkan pimpinan 2 Juni 2026. Tanggapan tim penyusun atas 1 "
        "masukan forum ini:"
    ) in forum
    assert "<li>Diterima sebagian: 1</li>" in forum and RESPONSE not in forum
    english_forum = html.unescape(client.get(f"/f/{portal.token}?lang=en").text)
    assert "<li>Partly accepted: 1</li>" in english_forum
    assert "approved by the leadership on 2 June 2026" in english_forum

    english = html.unescape(client.get(location + "&lang=en").text)
    assert '<dd id="disposition">Partly accepted</dd>' in english
    assert "version 2, approved by the leadership on 2 June 2026" in english
    assert RESPONSE in english  # the team's words stay as written

    # The forum page's lookup form: the number and the code as written on the receipt.
    lookup = client.get(
        f"/f/{portal.token}/tanda-terima", params={"nomor": " 1 ", "kode": code.lower()}
    )
    assert lookup.status_code == 303
    assert lookup.headers["location"] == location  # the receipt's own address, code in capitals
    assert "Partly accepted" in client.get(lookup.headers["location"]).text
    for nomor, kode in (("x", code), ("2", code), ("1", "AAAA-AAAA"), ("1" * 12, code)):
        wrong = client.get(f"/f/{portal.token}/tanda-terima", params={"nomor": nomor, "kode": kode})
        assert wrong.status_code == 404, (nomor, kode)
        assert "Receipt not found" in wrong.text  # the visitor chose English above
        assert f'href="/f/{portal.token}#lacak"' in wrong.text
    unknown = client.get("/f/" + "x" * 22 + "/tanda-terima", params={"nomor": "1", "kode": code})
    assert unknown.status_code == 404 and "Unknown forum link" in unknown.text


def test_the_forum_page_offers_the_lookup_form(client: TestClient, portal: Portal) -> None:
    page = client.get(f"/f/{portal.token}").text
    assert f'<form method="get" action="/f/{portal.token}/tanda-terima"' in page
    assert "Hasil konsultasi" not in page  # nothing approved yet
    assert 'name="nomor"' in page and 'name="kode"' in page
    portal.close_forum()  # a closed forum still lets its contributors follow up
    closed = client.get(f"/f/{portal.token}").text
    assert 'name="nomor"' in closed and 'name="text"' not in closed


def test_a_stopped_cycle_says_no_response_will_come(client: TestClient, portal: Portal) -> None:
    location, _code = _send(client, portal)
    portal.close_forum()
    cycle_service.submit_stage(
        session=portal.session, run_id=portal.run_id, actor="budi", summary={}
    )
    review.decide(
        session=portal.session, organisation=portal.org, cycle=None, stage=Stage.FORUMS,
        reviewer="sekda", decision=Decision.REJECT, reason="Kebijakan dibatalkan.",
    )  # fmt: skip
    page = html.unescape(client.get(location).text)
    assert "Siklus kebijakan ini dihentikan sebelum rancangan ditetapkan" in page
    assert "setelah rancangan ditetapkan pimpinan;" not in page
