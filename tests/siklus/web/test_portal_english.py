"""The public pages in English: chosen with ?lang=en, kept by a cookie, the same data stored.

The survey and the forum pages are read by the public; the officers' pages stay in Bahasa
Indonesia whatever the visitor chose (`siklus.web.security.portal_locale`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from policy.documents import render_portal
from policy.models import DraftSection, ForumInput, SkmResponse
from policy.services import survey
from policy.settings import Settings
from policy.views.portal import PORTAL_VIEWS
from siklus.web.security import LANG_COOKIE
from tests.factories import make_org
from tests.siklus.web.conftest import Portal, csrf, make_client
from tests.siklus.web.test_survey_portal import _fields
from tests.test_templates import minimal


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


@pytest.fixture
def survey_token(session: Session, tmp_path: Path) -> str:
    make_org(session, tmp_path)
    row = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    return row.path.removeprefix("/s/")


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_portal_template_renders_in_both_languages(settings: Settings, locale: str) -> None:
    for name, view in PORTAL_VIEWS.items():
        page = render_portal(name, minimal(view), csrf="t", locale=locale)  # type: ignore[arg-type]
        assert "</html>" in page and f'<html lang="{locale}">' in page, name


def test_the_survey_in_english_asks_the_same_and_stores_the_same(
    client: TestClient, survey_token: str, session: Session
) -> None:
    response = client.get(f"/s/{survey_token}?lang=en")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert '<html lang="en">' in page and "<h1>Community Satisfaction Survey</h1>" in page
    assert "How well do the requirements of the service fit the kind of service?" in page
    assert "(Requirements)" in page and "d. Free of charge" in page and "Gratis" not in page
    assert "your name, telephone number and identity number (NIK) are not asked" in page
    assert '<option value="SMA/SMK">Senior secondary school (SMA/SMK)</option>' in page
    assert '<option value="Lainnya">Other</option>' in page
    assert f'href="/s/{survey_token}?lang=id" hreflang="id" lang="id">Bahasa Indonesia' in page
    assert response.cookies.get(LANG_COOKIE) == "en"

    # The choice holds without ?lang= (the cookie); a form with gaps says why in English.
    again = client.get(f"/s/{survey_token}").text
    assert '<html lang="en">' in again
    data = _fields(again, "43 143214", age="1985", education="SMP")
    refused = client.post(f"/s/{survey_token}", data=data)
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert "Your answers have not been sent yet:" in text
    assert "Question 3 (Service time) has not been answered" in text
    assert "1985 looks like a year of birth; give your age in years, e.g. 41" in text
    assert '<option value="SMP" selected>Junior secondary school (SMP)</option>' in text
    assert session.exec(select(SkmResponse)).all() == []

    data = _fields(again, "432143214", gender="P", age="41", education="SMP")
    answered = client.post(f"/s/{survey_token}", data=data)
    assert answered.status_code == 303
    thanks = client.get(answered.headers["location"]).text
    assert "We have received your survey answers for <strong>Puskesmas Kota</strong>." in thanks
    assert re.search(r"Recorded for \w+day, \d{1,2} \w+ 20\d\d\.", thanks)
    session.expire_all()
    row = session.exec(select(SkmResponse)).one()
    stored = (row.u1, row.u3, row.u9, row.gender, row.age, row.education)
    assert stored == (4, 2, 4, "P", "41", "SMP")  # as the Indonesian page stores it

    # Back to Bahasa Indonesia, and the cookie says so from then on.
    back = client.get(f"/s/{survey_token}?lang=id")
    assert '<html lang="id">' in back.text and "Survei Kepuasan Masyarakat" in back.text
    assert back.cookies.get(LANG_COOKIE) == "id"
    assert '<html lang="id">' in client.get(f"/s/{survey_token}").text


def test_a_survey_that_is_not_found_says_so_in_english(client: TestClient) -> None:
    response = client.get("/s/" + "x" * 22 + "?lang=en")
    assert response.status_code == 404
    page = html.unescape(response.text)
    assert "<h1>Not found</h1>" in page and "Survey not found. Check its link" in page


def test_a_closed_survey_says_so_in_english(
    client: TestClient, survey_token: str, session: Session
) -> None:
    survey.close_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina", reason="Selesai."
    )
    page = html.unescape(client.get(f"/s/{survey_token}?lang=en").text)
    assert "This survey has been closed." in page and 'name="u1"' not in page


def _sid(session: Session, label: str) -> str:
    return session.exec(select(DraftSection.sid).where(DraftSection.label == label)).one()


def test_the_forum_in_english_takes_the_same_input(client: TestClient, portal: Portal) -> None:
    page = html.unescape(client.get(f"/f/{portal.token}?lang=en").text)
    assert '<html lang="en">' in page
    assert "<dt>Consultation round</dt><dd>1</dd>" in page
    assert "Published documents" in page and "Draft (version 1)" in page
    assert "<summary>Comment on Pasal 5</summary>" in page
    assert "(1) Setiap Pegawai menyusun SKP." in page  # the draft stays as it is written
    assert "Draft Mayor Regulation on" in page  # the header names the draft in English
    assert "appear in the published Recapitulation of Inputs and Response Matrix" in page
    assert "data protection officer" not in page  # the pack names none

    sid = _sid(portal.session, "Pasal 3")
    form = {"csrf_token": csrf(page), "section_sid": sid, "group": "", "text": "x" * 5001}
    refused = client.post(f"/f/{portal.token}/masukan", data=form)
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert "Your comment has not been sent yet:" in text
    assert "the comment is too long: 5,001 characters, at most 5,000" in text
    assert "choose a stakeholder group from the list" in text
    assert "a name is required" in text
    assert 'hreflang="id"' not in text  # an answer to a form has no other-language link

    form.update(group="masyarakat", name="Jane Doe", text="Please publish the scores.")
    sent = client.post(f"/f/{portal.token}/masukan", data=form)
    assert sent.status_code == 303
    receipt = client.get(sent.headers["location"])
    body = html.unescape(receipt.text)
    assert "<h1>Comment received</h1>" in body and "Receipt number" in body
    assert "<dt>Section</dt><dd>Pasal 3</dd>" in body
    # The switch keeps the receipt's code in its address.
    number, code = re.search(
        r"tanda-terima/(\d+)\?kode=([A-Z0-9-]+)", sent.headers["location"]
    ).groups()  # type: ignore[union-attr]
    assert f"/tanda-terima/{number}?kode={code}&amp;lang=id" in receipt.text
    row = portal.session.exec(select(ForumInput)).one()
    assert (row.author, row.section_ref, row.text) == ("Jane Doe", "Pasal 3", form["text"])
    assert "<dd>Jane Doe (Masyarakat)</dd>" in body

    form.update(anonymous="1", text="Anonymously: publish the scores per unit.")
    unnamed = client.get(client.post(f"/f/{portal.token}/masukan", data=form).headers["location"])
    assert "<dd>Anonymous (Masyarakat)</dd>" in html.unescape(unnamed.text)


def test_a_document_not_of_the_forum_says_so_in_english(client: TestClient, portal: Portal) -> None:
    missing = client.get(f"/f/{portal.token}/dokumen/99999?lang=en")
    assert missing.status_code == 404
    assert "That document is not available in this forum" in html.unescape(missing.text)


def test_the_officers_pages_stay_in_indonesian(client: TestClient, portal: Portal) -> None:
    client.get(f"/f/{portal.token}?lang=en")  # the visitor chose English
    login = client.get("/penyelenggara/masuk?lang=en").text
    assert '<html lang="id">' in login and "Masuk sebagai" in login and "English" not in login
    missing = client.get("/pimpinan/tidak-ada?lang=en")
    assert missing.status_code == 404 and "<h1>Tidak ditemukan</h1>" in missing.text
    assert "Not found" in client.get("/tidak-ada?lang=en").text  # a public address: English


def test_refusals_before_the_page_speak_english(
    portal: Portal, engine: Engine, settings: Settings
) -> None:
    with make_client(engine, settings, portal_rate_limit=1) as client:
        page = client.get(f"/f/{portal.token}?lang=en").text
        data = {"group": "asn", "name": "Andi", "text": "x" * 70_000, "csrf_token": csrf(page)}
        large = client.post(f"/f/{portal.token}/masukan", data=data)
        assert large.status_code == 413 and "over the limit of 64 KB" in large.text
        data["text"] = "Short."
        many = client.post(f"/f/{portal.token}/masukan", data=data)
        assert many.status_code == 429 and "Too many submissions" in many.text
