"""The portal through TestClient: forms, receipts, protections, organiser pages, documents."""

from __future__ import annotations

import html
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from policy.documents import render_portal
from policy.models import AuditEvent, Document, DraftSection, ForumAttendance, ForumInput
from policy.services import input_receipts, portal_access
from policy.settings import Settings, get_settings
from policy.views.portal import PORTAL_VIEWS
from tests.siklus.web.conftest import A, Portal, csrf, make_client, open_forum
from tests.test_templates import minimal

SCRIPT = "<script>alert(1)</script>"
LINK = "[x](javascript:alert(1))"
BOLD = "<b>tebal</b>"
HOSTILE = f"Hapus ayat (2). {SCRIPT} {LINK} {BOLD}"


def _sid(session: Session, label: str) -> str:
    return session.exec(select(DraftSection.sid).where(DraftSection.label == label)).one()


def _form(client: TestClient, portal: Portal) -> str:
    response = client.get(f"/f/{portal.token}")
    assert response.status_code == 200, response.text
    return csrf(response.text)


def _post(
    client: TestClient, portal: Portal, token: str | None = None, **fields: str
) -> httpx.Response:
    data = {
        "name": "Dewi Sartika",
        "organisation": "Warga Kelurahan Aur",
        "group": "masyarakat",
        "section_sid": "",
        "text": "Libatkan hasil survei kepuasan masyarakat.",
        "csrf_token": _form(client, portal) if token is None else token,
    }
    data.update(fields)
    return client.post(f"/f/{portal.token}/masukan", data=data)


def _count(session: Session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(ForumInput)).one()


def _login(client: TestClient, portal: Portal, actor: str = "budi") -> None:
    issued = portal_access.issue_token(session=portal.session, organisation=portal.org, actor=actor)
    token = csrf(client.get("/penyelenggara/masuk").text)
    response = client.post(
        "/penyelenggara/masuk", data={"token": issued.token, "csrf_token": token}
    )
    assert response.status_code == 303 and response.headers["location"] == "/penyelenggara"


# ------------------------------------------------------------------------ pages


def test_every_portal_template_renders_from_a_minimal_view(settings: Settings) -> None:
    for name, view in PORTAL_VIEWS.items():
        assert "</html>" in render_portal(name, minimal(view), csrf="t"), name


def test_forum_page_shows_the_draft_with_a_form_per_pasal(
    client: TestClient, portal: Portal
) -> None:
    response = client.get(f"/f/{portal.token}")
    assert response.status_code == 200
    page = response.text
    assert "Konsultasi Publik Rancangan Perwali" in page and "Aula Balai Kota" in page
    assert "Paparan rancangan" in page and "Rancangan (versi 1)" in page
    assert "(1) Setiap Pegawai menyusun SKP." in page
    pasal_sids = portal.session.exec(
        select(DraftSection.sid).where(DraftSection.kind == "pasal")
    ).all()
    for sid in pasal_sids:
        assert f'name="section_sid" value="{sid}"' in page
    assert page.count('name="csrf_token"') == len(pasal_sids) + 1  # + the general form
    headers = response.headers
    assert "script-src" not in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "httponly" in headers["set-cookie"].lower()
    assert client.get("/f/tidak-ada-forum-dengan-token-ini").status_code == 404
    assert client.get("/static/portal.css").headers["content-type"].startswith("text/css")


def test_health(client: TestClient, portal: Portal) -> None:
    response = client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


# ------------------------------------------------------------------- submission


def test_submission_on_a_section_gives_a_receipt(
    client: TestClient, portal: Portal, settings: Settings
) -> None:
    sid = _sid(portal.session, "Pasal 5")
    response = _post(client, portal, section_sid=sid, text="Penilaian cukup per semester.")
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"/f/{portal.token}/tanda-terima/1?kode=")
    receipt = client.get(location)
    assert receipt.status_code == 200
    row = portal.session.exec(select(ForumInput)).one()
    code = input_receipts.receipt_code(settings.signing_key(), row.cycle_id, 1, row.text_sha256)
    assert '<p class="number" id="receipt-number">1</p>' in receipt.text
    assert code in receipt.text and "Pasal 5" in receipt.text
    assert (row.channel, row.section_ref, row.section_sid, row.author) == (
        "portal",
        "Pasal 5",
        sid,
        "Dewi Sartika",
    )
    for kode in ("AAAA-AAAA", "ÄÄÄÄ-ÄÄÄÄ", ""):
        assert client.get(f"/f/{portal.token}/tanda-terima/1?kode={kode}").status_code == 404
    assert client.get(f"/f/{portal.token}/tanda-terima/99?kode={code}").status_code == 404
    second = _post(client, portal, text="Masukan kedua.")
    assert "/tanda-terima/2?" in second.headers["location"]
    repeated = _post(client, portal, text="Masukan kedua.")
    assert repeated.headers["location"].endswith("&ulang=1")
    assert "sudah pernah diterima" in client.get(repeated.headers["location"]).text
    assert _count(portal.session) == 2


def test_refused_input_shows_the_form_again_with_the_reasons(
    client: TestClient, portal: Portal
) -> None:
    sid = _sid(portal.session, "Pasal 3")
    response = _post(client, portal, section_sid=sid, name="Dewi", group="", text="x" * 5001)
    assert response.status_code == 400
    page = response.text
    assert "5.001 karakter, maksimal 5.000" in page
    assert "pilih kelompok pemangku kepentingan" in page
    assert "<details open>" in page and 'value="Dewi"' in page
    assert _count(portal.session) == 0


def test_forms_without_the_right_token_are_refused(
    client: TestClient, portal: Portal, engine: Engine, settings: Settings
) -> None:
    assert _post(client, portal, token="").status_code == 403
    assert _post(client, portal, token="x" * 43).status_code == 403
    with make_client(engine, settings) as other:
        foreign = _form(other, portal)  # a valid token, but of another browser
    response = _post(client, portal, token=foreign)
    assert response.status_code == 403
    assert "Muat ulang halaman" in response.text
    client.cookies.clear()
    assert _post(client, portal, token=foreign).status_code == 403
    assert _count(portal.session) == 0


def test_rate_limit_per_client(portal: Portal, engine: Engine, settings: Settings) -> None:
    with make_client(engine, settings, portal_rate_limit=3) as client:
        token = _form(client, portal)
        codes = [
            client.post(
                f"/f/{portal.token}/masukan",
                data={"group": "asn", "name": "Andi", "text": f"Masukan {i}", "csrf_token": token},
            )
            for i in range(4)
        ]
        assert [r.status_code for r in codes] == [303, 303, 303, 429]
        assert "Terlalu banyak kiriman" in codes[-1].text
        assert int(codes[-1].headers["retry-after"]) >= 1
        assert client.get(f"/f/{portal.token}").status_code == 200  # reading is not limited
    assert _count(portal.session) == 3


def test_request_size_limit(client: TestClient, portal: Portal) -> None:
    token = _form(client, portal)
    big = {"group": "asn", "name": "Andi", "text": "x" * 70_000, "csrf_token": token}
    response = client.post(f"/f/{portal.token}/masukan", data=big)
    assert response.status_code == 413 and "melebihi batas 64 KB" in response.text
    body = b"&".join(f"{k}={v}".encode() for k, v in big.items())

    def chunks():  # no Content-Length: read up to the limit, then refused
        for i in range(0, len(body), 8192):
            yield body[i : i + 8192]

    chunked = client.post(
        f"/f/{portal.token}/masukan",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert chunked.status_code == 413
    assert _count(portal.session) == 0


def test_closed_forum_refuses_input(client: TestClient, portal: Portal) -> None:
    token = _form(client, portal)
    portal.close_forum()
    response = _post(client, portal, token=token)
    assert response.status_code == 409
    assert "sudah ditutup" in response.text
    page = client.get(f"/f/{portal.token}").text
    assert "sudah ditutup" in page and 'name="text"' not in page
    assert _count(portal.session) == 0


def test_anonymous_community_input(client: TestClient, portal: Portal) -> None:
    response = _post(client, portal, anonymous="1", name="Siti Rahayu", organisation="RT 03")
    receipt = client.get(response.headers["location"]).text
    assert "Anonim" in receipt and "Siti Rahayu" not in receipt
    row = portal.session.exec(select(ForumInput)).one()
    assert (row.author, row.institution) == ("Anonim", "")
    refused = _post(client, portal, anonymous="1", group="asn", text="Lain.")
    assert refused.status_code == 400
    assert "tanpa nama hanya untuk kelompok Masyarakat" in refused.text


# -------------------------------------------------------------------- organiser


def test_organiser_pages_need_a_valid_token(client: TestClient, portal: Portal) -> None:
    forum_id = portal.forum().id
    for path in ("/penyelenggara", f"/penyelenggara/forum/{forum_id}/masukan"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == "/penyelenggara/masuk"
    token = _form(client, portal)
    posted = client.post(
        f"/penyelenggara/forum/{forum_id}/kehadiran",
        data={"name": "Andi", "group": "asn", "csrf_token": token},
    )
    assert posted.status_code == 401
    login = csrf(client.get("/penyelenggara/masuk").text)
    wrong = client.post("/penyelenggara/masuk", data={"token": "tebakan", "csrf_token": login})
    assert wrong.status_code == 401 and "tidak dikenal" in wrong.text
    client.cookies.set("siklus_penyelenggara", "tebakan")
    assert client.get("/penyelenggara").status_code == 303
    assert portal.session.exec(select(func.count()).select_from(ForumAttendance)).one() == 0


def test_organiser_sees_inputs_by_section(client: TestClient, portal: Portal) -> None:
    _post(client, portal, section_sid=_sid(portal.session, "Pasal 5"), text="Per semester.")
    _post(client, portal, text="Sosialisasi ke puskesmas.")
    _post(client, portal, section_sid=_sid(portal.session, "Pasal 3"), text="Tambah target.")
    _login(client, portal)
    home = client.get("/penyelenggara")
    assert home.status_code == 200 and "Budi Santoso" in home.text
    assert f"/f/{portal.token}" in home.text and "3 masukan" in home.text
    page = client.get(f"/penyelenggara/forum/{portal.forum().id}/masukan").text
    order = [page.index(h) for h in ("<h2>Pasal 3 (1)", "<h2>Pasal 5 (1)", "<h2>Umum (1)")]
    assert order == sorted(order)
    assert "Tambah target." in page and "portal" in page


def test_attendance_at_the_door(client: TestClient, portal: Portal) -> None:
    _login(client, portal)
    path = f"/penyelenggara/forum/{portal.forum().id}/kehadiran"
    token = csrf(client.get(path).text)
    fields = {"name": "Andi Pratama", "nip": A, "institution": "Dukcapil", "group": "asn"}
    ok = client.post(path, data={**fields, "csrf_token": token})
    assert ok.status_code == 200 and "Tercatat hadir: Andi Pratama" in ok.text
    assert "19860926 201505 1 001" in ok.text
    bad = client.post(path, data={**fields, "nip": "1,97E+17", "csrf_token": token})
    assert bad.status_code == 400
    assert "NIP tidak sah" in bad.text and "format kolom NIP sebagai Teks" in bad.text
    assert 'value="1,97E+17"' in bad.text
    again = client.post(path, data={**fields, "institution": "Disdukcapil", "csrf_token": token})
    assert again.status_code == 200
    rows = portal.session.exec(select(ForumAttendance)).all()
    assert [(r.nip, r.institution, r.present) for r in rows] == [(A, "Disdukcapil", True)]
    assert (
        portal.session.exec(
            select(func.count()).where(AuditEvent.action == "attendance.recorded")
        ).one()
        == 2
    )


# -------------------------------------------------------------------- documents


def test_public_document_kinds_are_templates() -> None:
    from policy.services.portal_documents import PUBLIC_DOCUMENT_KINDS
    from policy.views import TEMPLATE_VIEWS

    assert PUBLIC_DOCUMENT_KINDS <= set(TEMPLATE_VIEWS)


def test_documents_are_served_only_as_registered(
    client: TestClient, portal: Portal, settings: Settings
) -> None:
    portal.recap()
    docs = {d.kind: d for d in portal.session.exec(select(Document))}
    listing = client.get(f"/f/{portal.token}/dokumen").text
    assert docs["undangan"].title in listing
    assert docs["daftar_hadir_forum"].title not in listing  # names people: organisers only
    public = client.get(f"/f/{portal.token}/dokumen/{docs['undangan'].id}")
    assert public.status_code == 200 and public.content == docs["undangan"].html_file.read_bytes()
    assert "script-src" not in public.headers["content-security-policy"]
    hidden = f"/f/{portal.token}/dokumen/{docs['daftar_hadir_forum'].id}"
    assert client.get(hidden).status_code == 404
    for path in ("/dokumen/999999", "/dokumen/..%2F..%2Fsiklus.db", "/dokumen/-1"):
        assert client.get(f"/f/{portal.token}{path}").status_code == 404
    _login(client, portal)
    assert client.get(hidden).status_code == 200
    # A registry row pointing outside the documents folder, or a file changed on disk.
    doc = docs["undangan"]
    outside = settings.data_dir / "siklus-lain.html"
    outside.write_text("<p>bukan dokumen</p>", encoding="utf-8")
    original = doc.html_path
    doc.html_path = str(outside)
    portal.session.add(doc)
    portal.session.commit()
    refused = client.get(f"/f/{portal.token}/dokumen/{doc.id}")
    assert refused.status_code == 409 and "bukan dokumen" not in refused.text
    doc.html_path = original
    portal.session.add(doc)
    portal.session.commit()
    doc.html_file.write_text("<p>diubah</p>", encoding="utf-8")
    changed = client.get(f"/f/{portal.token}/dokumen/{doc.id}")
    assert changed.status_code == 409 and "sha256 tidak cocok" in changed.text


def test_documents_are_served_from_a_data_folder_moved_elsewhere(
    client: TestClient,
    portal: Portal,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The documents folder restored on another disk: the registry's paths follow it."""
    portal.recap()
    doc = portal.session.exec(select(Document).where(Document.kind == "undangan")).one()
    moved = tmp_path / "disk-lain" / "siklus-data"
    moved.parent.mkdir()
    settings.data_dir.rename(moved)
    monkeypatch.setenv("SIKLUS_DATA_DIR", str(moved))
    get_settings.cache_clear()
    served = client.get(f"/f/{portal.token}/dokumen/{doc.id}")
    assert served.status_code == 200, served.text
    assert served.content == (moved / "documents" / doc.html_path).read_bytes()


def test_another_organisation_sees_nothing_of_this_one(
    client: TestClient, portal: Portal, tmp_path: Path
) -> None:
    other = open_forum(portal.session, tmp_path / "lain", code="lain")
    other.recap()
    theirs = portal.session.exec(
        select(Document.id).where(Document.kind == "undangan").order_by(col(Document.id).desc())
    ).first()
    assert client.get(f"/f/{other.token}/dokumen/{theirs}").status_code == 200
    assert client.get(f"/f/{portal.token}/dokumen/{theirs}").status_code == 404
    _login(client, portal)  # an organiser of 'contoh'
    assert client.get(f"/penyelenggara/forum/{other.forum().id}/masukan").status_code == 404
    assert client.get(f"/penyelenggara/forum/{portal.forum().id}/masukan").status_code == 200


# ----------------------------------------------------------------- hostile text


def _assert_text_only(page: str) -> None:
    assert "<script" not in page
    assert 'href="javascript' not in page
    assert "<b>" not in page


def test_hostile_input_shows_as_text_everywhere(client: TestClient, portal: Portal) -> None:
    sid = _sid(portal.session, "Pasal 5")
    refused = _post(client, portal, section_sid=sid, group="", name=BOLD, text=HOSTILE)
    assert refused.status_code == 400
    _assert_text_only(refused.text)
    assert html.escape(SCRIPT, quote=False) in refused.text
    response = _post(client, portal, section_sid=sid, name=BOLD, organisation=SCRIPT, text=HOSTILE)
    receipt = client.get(response.headers["location"]).text
    _assert_text_only(receipt)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in receipt and "&lt;b&gt;tebal" in receipt
    row = portal.session.exec(select(ForumInput)).one()
    assert row.text == HOSTILE  # stored as typed, never as HTML
    _login(client, portal)
    listing = client.get(f"/penyelenggara/forum/{portal.forum().id}/masukan").text
    _assert_text_only(listing)
    assert LINK in listing
    portal.close_forum()
    markdown, page = portal.recap()
    assert "\\<script>" in markdown and "\\[x\\](javascript" in markdown
    _assert_text_only(page)
    assert "&lt;script&gt;" in page
    recap_id = portal.session.exec(
        select(Document.id)
        .where(Document.kind == "rekapitulasi_masukan")
        .order_by(col(Document.version).desc())
    ).first()
    served = client.get(f"/f/{portal.token}/dokumen/{recap_id}")
    assert served.status_code == 200
    _assert_text_only(served.text)


@pytest.mark.parametrize("path", ["/", "/tidak-ada"])
def test_other_paths_answer_with_a_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert "<!DOCTYPE html>" in response.text and response.headers["x-frame-options"] == "DENY"
