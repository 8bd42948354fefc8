"""The ASN needs questionnaire through TestClient: the form, an answer, its thanks, refusals."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from policy.models import NeedsResponse, Stage
from policy.services import cycle as cycle_service
from policy.services import needs_questionnaire as nq
from policy.settings import Settings
from tests.factories import MINI_PACK, approve_through, make_org
from tests.siklus.web.conftest import Portal, csrf, make_client

_NONCE = re.compile(r'name="nonce" value="([^"]+)"')
OFFICER = {"name": "Rahmat Hidayat, S.Kom.", "email": "ppdp@contoh.example"}


@pytest.fixture
def token(session: Session, tmp_path: Path) -> str:
    data = copy.deepcopy(MINI_PACK)
    data["data_protection"] = {"officer": OFFICER}
    make_org(session, tmp_path, data)
    cycle_service.open_cycle(session=session, organisation="contoh", actor="rina")
    row = nq.open_questionnaire(session=session, organisation="contoh", unit="PKM", actor="rina")
    return row.path.removeprefix("/k/")


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _sheets(session: Session) -> list[NeedsResponse]:
    session.expire_all()
    return list(session.exec(select(NeedsResponse)).all())


def _fields(page: str, scores: str = "", development: str = "") -> dict[str, str]:
    """The form's hidden fields, k1, k2, … as the digits of `scores` (a space: left empty)."""
    nonce = _NONCE.search(page)
    assert nonce, "the questionnaire has no one-time number"
    data = {"csrf_token": csrf(page), "nonce": nonce.group(1), "development": development}
    data.update({f"k{i}": s for i, s in enumerate(scores, start=1) if s != " "})
    return data


def test_the_form_asks_the_packs_statements_and_no_name_or_nip(
    client: TestClient, token: str
) -> None:
    response = client.get(f"/k/{token}")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "<h1>Kuesioner Kebutuhan ASN</h1>" in page and "Puskesmas Kota" in page
    assert "1. Ekspektasi kinerja dan sasaran SKP saya jelas dan disepakati bersama atasan" in page
    assert "8. Prosedur kerja (SOP) dan pembagian tugas di unit saya jelas" in page
    assert page.count('type="radio" name="k') == 40  # eight statements, 1–4 or no answer
    assert "> 1. Tidak setuju</label>" in page and "> 4. Sangat setuju</label>" in page
    # Each statement may be left unanswered, as it stands until one is chosen.
    assert "required" not in page
    assert page.count('value="" checked> Tidak menjawab</label>') == 8
    assert '<textarea name="development" maxlength="500">' in page
    # No field asks who answers; the page says so, how answers are shown, and the law.
    assert set(re.findall(r'<(?:input|textarea|select)[^>]* name="([^"]+)"', page)) == {
        "csrf_token",
        "nonce",
        "development",
        *(f"k{i}" for i in range(1, 9)),
    }
    assert "nama dan NIP tidak ditanyakan" in page
    assert "rekapitulasi kelompok paling sedikit 3 orang, tidak pernah per orang" in page
    assert (
        "Data pribadi diproses menurut Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan "
        "Data Pribadi. Pertanyaan tentang data pribadi Anda: Rahmat Hidayat, S.Kom. (pejabat "
        "pelindungan data pribadi), ppdp@contoh.example."
    ) in page
    assert "analisis kebutuhan kebijakan Manajemen Kinerja Aparatur Sipil Negara" in page
    assert client.get("/k/" + "x" * 22).status_code == 404


def test_the_form_in_english_asks_the_same_in_english(client: TestClient, token: str) -> None:
    response = client.get(f"/k/{token}?lang=en")
    page = html.unescape(response.text)
    assert '<html lang="en">' in page and "<h1>ASN Needs Questionnaire</h1>" in page
    assert "2. My supervisor gives me performance feedback regularly" in page
    assert "Atasan memberikan" not in page
    assert "> 1. Disagree</label>" in page and "> 4. Strongly agree</label>" in page
    assert "> No answer</label>" in page
    assert "your name and NIP are not asked for" in page
    assert "groups of at least 3 people, never person by person" in page
    assert "Personal data is processed under Law No. 27 of 2022 on Personal Data Protection." in (
        page
    )
    assert f'href="/k/{token}?lang=id" hreflang="id" lang="id">Bahasa Indonesia' in page


def test_an_answer_is_stored_once_as_a_sheet_of_the_unit_and_thanked(
    client: TestClient, token: str, session: Session
) -> None:
    data = _fields(client.get(f"/k/{token}").text, "43 2", "Bimtek penyusunan SKP")
    response = client.post(f"/k/{token}", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == f"/k/{token}/terima-kasih"
    thanks = html.unescape(client.get(response.headers["location"]).text)
    assert "Jawaban kuesioner Anda untuk <strong>Puskesmas Kota</strong> sudah kami terima" in (
        thanks
    )
    assert "hanya ditampilkan untuk kelompok paling sedikit 3 orang" in thanks
    (sheet,) = _sheets(session)
    assert (sheet.unit_code, sheet.k1, sheet.k2, sheet.k3, sheet.k4, sheet.k5) == (
        "PKM",
        4,
        3,
        None,
        2,
        None,
    )
    assert sheet.development == "Bimtek penyusunan SKP"
    # The same form sent again (a double click) is one sheet.
    again = client.post(f"/k/{token}", data=data)
    assert again.headers["location"].endswith("/terima-kasih?ulang=1")
    assert "dicatat sekali saja" in client.get(again.headers["location"]).text
    assert len(_sheets(session)) == 1


def test_a_form_with_nothing_answered_comes_back_with_its_reason_and_text(
    client: TestClient, token: str, session: Session
) -> None:
    data = _fields(client.get(f"/k/{token}").text, "", "Pelatihan <b>arsip</b>")
    response = client.post(f"/k/{token}", data=data)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "Jawaban belum terkirim" in page
    assert (
        '<a href="#pernyataan">Belum ada pernyataan yang dijawab; jawab paling sedikit satu'
    ) in page
    assert "Pelatihan &lt;b&gt;arsip&lt;/b&gt;</textarea>" in response.text  # kept, escaped
    refused = client.post(f"/k/{token}", data={**_fields(page, "9"), "k2": "3"})
    assert refused.status_code == 400
    assert 'name="k2" value="3" checked' in refused.text  # what was chosen stays chosen
    assert 'name="k3" value="" checked' in refused.text
    assert "Jawaban pernyataan 1 tidak dikenal" in html.unescape(refused.text)
    assert _sheets(session) == []


def test_a_closed_questionnaire_and_an_approved_needs_analysis_refuse_answers(
    client: TestClient, token: str, session: Session
) -> None:
    page = client.get(f"/k/{token}").text
    data = _fields(page, "4444")
    assert client.post(f"/k/{token}", data={**data, "csrf_token": ""}).status_code == 403
    nq.close_questionnaire(
        session=session, organisation="contoh", unit="PKM", actor="rina", reason="selesai"
    )
    refused = client.post(f"/k/{token}", data=data)
    assert refused.status_code == 409 and "Kuesioner ini sudah ditutup" in refused.text
    closed = client.get(f"/k/{token}").text
    assert "sudah ditutup" in closed and 'name="k1"' not in closed

    fresh = nq.open_questionnaire(session=session, organisation="contoh", unit="PKM", actor="rina")
    page = client.get(fresh.path).text
    approve_through(session, "contoh", Stage.NEEDS_ANALYSIS)
    refused = client.post(fresh.path, data=_fields(page, "4444"))
    assert refused.status_code == 409
    assert "analisis kebutuhan yang memakainya sudah disetujui pimpinan" in refused.text
    english = html.unescape(client.get(f"{fresh.path}?lang=en").text)
    assert "has been approved by the leadership, so new answers would not reach" in english
    assert _sheets(session) == []
    assert session.exec(select(func.count()).select_from(NeedsResponse)).one() == 0


def test_the_forum_page_keeps_its_data_protection_notice(
    client: TestClient, portal: Portal
) -> None:
    page = client.get(f"/f/{portal.token}").text
    assert (
        "warga masyarakat dapat mengirim tanpa nama. Data pribadi diproses menurut "
        "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi."
    ) in page
