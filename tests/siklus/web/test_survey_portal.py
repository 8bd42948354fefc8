"""The online SKM survey through TestClient: the form, an answer, its thanks, its refusals."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from policy.models import SkmResponse
from policy.services import survey
from policy.settings import Settings
from tests.factories import make_org
from tests.siklus.web.conftest import csrf, make_client

_NONCE = re.compile(r'name="nonce" value="([^"]+)"')


@pytest.fixture
def token(session: Session, tmp_path: Path) -> str:
    make_org(session, tmp_path)
    row = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    return row.path.removeprefix("/s/")


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _count(session: Session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(SkmResponse)).one()


def _fields(page: str, scores: str = "432143214", **profile: str) -> dict[str, str]:
    nonce = _NONCE.search(page)
    assert nonce, "the survey form has no one-time number"
    data = {"csrf_token": csrf(page), "nonce": nonce.group(1)}
    data.update({f"u{i}": s for i, s in enumerate(scores, start=1) if s != " "})
    data.update(profile)
    return data


def test_the_form_asks_nine_questions_of_the_unit(client: TestClient, token: str) -> None:
    response = client.get(f"/s/{token}")
    assert response.status_code == 200
    page = response.text
    assert "Survei Kepuasan Masyarakat" in page and "Puskesmas Kota" in page
    assert page.count('type="radio" name="u') == 36  # nine questions, four answers each
    assert "kesesuaian persyaratan pelayanan" in page and "d. Gratis" in page
    assert "NIK tidak ditanyakan" in page
    assert client.get("/s/" + "x" * 22).status_code == 404


def test_an_answer_is_stored_once_and_thanked(
    client: TestClient, token: str, session: Session
) -> None:
    data = _fields(client.get(f"/s/{token}").text, gender="L", age="35", education="SMA/SMK")
    response = client.post(f"/s/{token}", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == f"/s/{token}/terima-kasih"
    thanks = client.get(response.headers["location"]).text
    assert "Jawaban survei Anda untuk <strong>Puskesmas Kota</strong> sudah kami terima" in thanks
    stored = session.exec(select(SkmResponse)).one()
    assert (stored.u1, stored.u2, stored.u9, stored.gender, stored.age) == (4, 3, 4, "L", "35")
    # The same form sent again (a double click) is one response.
    again = client.post(f"/s/{token}", data=data)
    assert again.headers["location"].endswith("?ulang=1")
    assert "dicatat sekali saja" in client.get(again.headers["location"]).text
    assert _count(session) == 1


def test_a_form_with_gaps_comes_back_with_its_reasons_and_answers(
    client: TestClient, token: str, session: Session
) -> None:
    data = _fields(client.get(f"/s/{token}").text, scores="43 143214", age="7")
    response = client.post(f"/s/{token}", data=data)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "Jawaban belum terkirim" in page
    assert "Pertanyaan 3 (Waktu Penyelesaian) belum dijawab" in page
    assert "Usia 7 tahun di luar 10 sampai 120 tahun; periksa isinya" in page
    assert 'name="u1" value="4" required checked' in page  # what was chosen stays chosen
    assert 'name="age" min="10" max="120" inputmode="numeric" value="7"' in page
    assert _count(session) == 0


def test_a_closed_survey_and_a_forged_form_are_refused(
    client: TestClient, token: str, session: Session
) -> None:
    page = client.get(f"/s/{token}").text
    data = _fields(page)
    assert client.post(f"/s/{token}", data={**data, "csrf_token": ""}).status_code == 403
    survey.close_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina", reason="selesai"
    )
    refused = client.post(f"/s/{token}", data=data)
    assert refused.status_code == 409 and "Survei ini sudah ditutup" in refused.text
    closed = client.get(f"/s/{token}").text
    assert "sudah ditutup" in closed and 'name="u1"' not in closed
    assert _count(session) == 0


def test_the_services_a_pack_lists_are_a_choice_kept_after_a_refusal(
    session: Session, tmp_path: Path, client: TestClient
) -> None:
    import copy

    from tests.factories import MINI_PACK

    data = copy.deepcopy(MINI_PACK)
    next(u for u in data["units"] if u["code"] == "PKM")["services"] = ["Rawat Jalan", "KIA"]
    make_org(session, tmp_path, data)
    row = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    page = client.get(row.path).text
    assert '<select name="service_type">' in page and 'list="layanan"' not in page
    assert '<option value="Rawat Jalan">Rawat Jalan</option>' in page
    refused = client.post(row.path, data=_fields(page, "4444 4444", service_type="KIA"))
    assert refused.status_code == 400
    assert '<option value="KIA" selected>KIA</option>' in refused.text  # still chosen
    sent = client.post(row.path, data=_fields(refused.text, "444444444", service_type="KIA"))
    assert sent.status_code == 303 and _count(session) == 1  # then the thanks page


def test_the_thanks_page_links_the_published_results(
    client: TestClient, token: str, session: Session
) -> None:
    data = _fields(client.get(f"/s/{token}").text)
    thanks = client.get(client.post(f"/s/{token}", data=data).headers["location"]).text
    assert 'href="/ikm/contoh"' in thanks
    page = client.get("/ikm/contoh")
    assert page.status_code == 200
    # The answer just given is in no approved evaluation: nothing is published yet.
    assert "Belum ada hasil survei yang dapat diumumkan" in page.text
    assert client.get("/ikm/tidak-ada").status_code == 404


def test_the_results_of_an_approved_period_are_public(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from tests.policy.services.test_skm_publication import _approve, _evaluated

    _evaluated(session, tmp_path)
    _approve(session)
    text = html.unescape(client.get("/ikm/contoh").text)
    assert "Hasil Survei Kepuasan Masyarakat" in text and "Triwulan III 2026" in text
    assert "Dinas Kependudukan dan Pencatatan Sipil" in text
    assert "Berjalan; batas waktu" in text  # a corrective action on a unit below target
    assert "NIP" not in text and "Eko Prasetyo" not in text  # no employee
    english = html.unescape(client.get("/ikm/contoh?lang=en").text)
    assert "Community Satisfaction Survey results" in english and "Quarter 3 2026" in english
    assert "Under way; due" in english


def test_a_period_approved_with_another_weight_says_so(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from tests.policy.services.test_skm_publication import _two_weights

    _two_weights(session, tmp_path)
    text = html.unescape(client.get("/ikm/contoh").text)
    assert "dikali bobot 1/9" in text
    assert (
        "IKM Triwulan II 2026 dihitung dengan bobot 0,11 per unsur, bobot yang berlaku ketika "
        "evaluasinya disetujui." in text
    )
    assert "87,62 (B)" in text and "88,50 (A)" in text
    english = html.unescape(client.get("/ikm/contoh?lang=en").text)
    assert "The IKM of Quarter 2 2026 is computed with a weight of 0.11 per element" in english


def test_a_unit_short_of_its_sample_is_marked(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from tests.policy.services.test_skm_publication import _approve, _evaluated

    _evaluated(session, tmp_path, populations={"PKM": 100})
    _approve(session)
    text = html.unescape(client.get("/ikm/contoh").text)
    assert text.count("kurang dari sampel minimum") == 1
    assert "Responden 10, kurang dari sampel minimum 80 untuk jumlah penerima layanan" in text
    english = html.unescape(client.get("/ikm/contoh?lang=en").text)
    assert "10 respondents, fewer than the minimum sample of 80" in english


def test_the_published_results_download_as_csv(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from tests.policy.services.test_skm_publication import _approve, _evaluated

    _evaluated(session, tmp_path)
    _approve(session)
    assert 'href="/ikm/contoh/data.csv"' in client.get("/ikm/contoh").text
    response = client.get("/ikm/contoh/data.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="ikm-contoh.csv"' in response.headers["content-disposition"]
    assert response.text.startswith("periode,nama_periode,kode_unit,unit_layanan,responden,ikm")
    assert ",2026-TW3," not in response.text and "\r\n2026-TW3,Triwulan III 2026," in response.text
    assert client.get("/ikm/tidak-ada/data.csv").status_code == 404


def test_the_front_page_links_each_organisation_s_results(client: TestClient, token: str) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Portal Konsultasi Publik" in page.text and "/penyelenggara" in page.text
    assert '<a href="/ikm/contoh">' in page.text
    english = client.get("/?lang=en").text
    assert "Community Satisfaction Survey results" in english


def test_a_public_note_is_shown_escaped(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from policy.models import FollowUpAction
    from policy.services import actions
    from tests.policy.services.test_skm_publication import _approve, _evaluated

    _evaluated(session, tmp_path)
    _approve(session)
    query = select(FollowUpAction).where(FollowUpAction.rule == "corrective_ikm")
    ikm = session.exec(query).first()
    assert ikm is not None
    actions.set_public_note(session=session, organisation=None, action_id=ikm.id or 0,
                            actor="rina", note="Loket <b>tambahan</b> dibuka")  # fmt: skip
    page = client.get("/ikm/contoh").text
    assert "Loket &lt;b&gt;tambahan&lt;/b&gt; dibuka" in page and "<b>tambahan" not in page
