"""An employee's own page on the portal, opened with their sheet's link: the sheet, and their
objection (keberatan, PP 30/2019 Pasal 59) filed there within 14 days of first opening it,
registered as the officer registers a written one, then followed to its decision."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from policy.documents import render_text
from policy.locale import format_date
from policy.models import AuditEvent, Objection, Organisation, ReminderSend, SheetLink, utcnow
from policy.nip import format_nip
from policy.services import objection_register, objections, sheet_links, sheet_objections
from policy.services.deadlines import local_date
from policy.settings import Settings
from siklus.web.security import CSRF_COOKIE
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_objections as register
from tests.siklus.web.conftest import csrf, make_client

BASE = "https://kinerja.contoh.example"
WEDNESDAY = date(2026, 11, 25)  # a working day
FAJAR = register.FAJAR


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _link(
    session: Session, tmp_path: Path, *, staff: bool = True, data: dict[str, Any] | None = None
) -> str:
    """TW III evaluated, Fajar's sheet issued (id, en) and his link made: its path."""
    if staff:  # Fajar -> Dewi -> the Kepala Dinas, who decides
        register._evaluated(session, tmp_path, data)
    else:  # Fajar reports to the Kepala Dinas, above whom the staff list names nobody
        from tests.policy.services import test_reopen as reopen

        run_id = national.start_run(session, tmp_path, national.pack())
        reopen._evaluate(session, tmp_path, run_id, national.EKINERJA, "ekinerja.csv")
    register._sheet(session)
    made = sheet_links.issue_links(session=session, organisation=None, cycle=None,
                                   period=national.PERIOD, actor="rina", base_url=BASE,
                                   fmt="rfc4180", filename="tautan.csv", nips=[FAJAR])  # fmt: skip
    (row,) = csv.DictReader(io.StringIO(made.content.decode("utf-8")))
    return row["tautan"].removeprefix(BASE)


def _text(response: object) -> str:
    """The page's words, its tags taken out."""
    words = re.sub(r"<[^>]+>", " ", response.text)  # type: ignore[attr-defined]
    return " ".join(html.unescape(words).split())


def _token(client: TestClient) -> str:
    """This browser's form token: the pages that take no objection have no form to read it."""
    return client.app.state.csrf._sign(client.cookies[CSRF_COOKIE])  # type: ignore[attr-defined]


def _object(client: TestClient, path: str, reason: str, lang: str = "") -> object:
    page = client.get(path + lang)
    token = csrf(page.text) if "csrf_token" in page.text else _token(client)
    return client.post(f"{path}/keberatan", data={"csrf_token": token, "reason": reason},
                       follow_redirects=False)  # fmt: skip


def test_an_employee_files_an_objection_on_their_own_page(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path)
    shown = client.get(path)
    assert "/keberatan" not in shown.text  # no form
    first = _text(shown)
    assert "Hasil penilaian kinerja" in first and "Fajar Nugroho" in first
    assert f"NIP {format_nip(FAJAR)}" in first and "Periode Triwulan III 2026" in first
    # Not opened yet: nothing received, so nothing to object to yet.
    assert "Buka lembar hasil Anda lebih dulu" in first
    refused = _object(client, path, register.REASON)
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert "Buka lembar hasil Anda lebih dulu" in _text(refused)
    assert session.exec(select(Objection)).first() is None

    sheet = client.get(path + "/hasil")
    assert sheet.status_code == 200 and "default-src 'none'" in sheet.headers[
        "content-security-policy"]  # fmt: skip
    assert "LEMBAR HASIL" in sheet.text.upper()
    today = local_date()
    form = client.get(path)
    assert f'action="{path}/keberatan"' in form.text
    opened = _text(form)
    assert f"pertama Anda buka {format_date(today)}" in opened
    assert "Kepada Andi Saputra, Kepala Dinas" in opened
    assert f"Batas waktu {format_date(today + timedelta(days=14))}" in opened

    empty = _object(client, path, "  \r\n ")
    assert empty.status_code == 400  # type: ignore[attr-defined]
    assert "Keberatan belum terkirim: Tuliskan alasan keberatan Anda." in _text(empty)
    too_long = _object(client, path, "x" * (objections.TEXT_MAX + 1))
    assert too_long.status_code == 400  # type: ignore[attr-defined]
    assert "terlalu panjang: 4001 karakter, maksimal 4000" in _text(too_long)
    assert session.exec(select(Objection)).first() is None

    sent = _object(client, path, register.REASON)
    assert sent.status_code == 303  # type: ignore[attr-defined]
    assert sent.headers["location"] == f"{path}?terkirim=1"  # type: ignore[attr-defined]
    done = _text(client.get(sent.headers["location"]))  # type: ignore[attr-defined]
    assert "Keberatan Anda sudah kami terima." in done
    assert "Nomor 1" in done and "Atas predikat Butuh Perbaikan" in done
    assert "Status sedang diperiksa" in done and "Ajukan keberatan" not in done
    assert "/keberatan" not in client.get(path).text
    row = session.exec(select(Objection)).one()
    assert (row.nip, row.received_on, row.filed_on, row.recorded_by, row.reason) == (
        FAJAR,
        today,
        today,
        f"pegawai:{FAJAR}",
        register.REASON,
    )
    assert row.addressee == "Andi Saputra, Kepala Dinas"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "objection.filed")).one()
    assert event.actor == f"pegawai:{FAJAR}"
    assert (event.payload["channel"], event.payload["received_from"]) == ("portal", "sheet_opened")
    # The register and the officers' list say it came from the employee, on the portal.
    assert "diajukan oleh pegawai melalui portal kepada Andi Saputra" in " ".join(
        register._register(session).split()
    )
    assert "filed by the employee on the portal with" in " ".join(
        register._register(session, "en").split()
    )
    ((_, listed),) = objection_register.objections(session=session, organisation=None,
                                                   actor="rina")  # fmt: skip
    assert listed.filed_online and not listed.withdrawn_online
    # Sent twice (a second tap): registered once.
    again = _object(client, path, register.REASON)
    assert again.status_code == 303  # type: ignore[attr-defined]
    assert len(session.exec(select(Objection)).all()) == 1

    # The superior decides; the officer records it; the page shows it, in either language.
    objections.decide_objection(session=session, organisation=None, number=1, outcome="diubah",
                                predikat="Baik", consideration=register.GROUNDS, actor="rina",
                                decided_on=today)  # fmt: skip
    decided = _text(client.get(path))
    assert (
        f"Status diputuskan {format_date(today)} oleh Andi Saputra, Kepala Dinas: predikat "
        "diubah menjadi Baik"
    ) in decided
    english = _text(client.get(path + "?lang=en"))
    assert "Performance result" in english and "Objection" in english
    assert "the rating is changed to Baik" in english and "Keberatan" not in english


def test_the_page_says_why_it_takes_no_objection(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path)
    client.get(path + "/hasil")
    link = session.exec(select(SheetLink).where(SheetLink.nip == FAJAR)).one()
    link.opened_at = utcnow() - timedelta(days=15)
    session.add(link)
    session.commit()
    received = local_date(link.opened_at)
    late = _text(client.get(path))
    assert (
        f"Batas waktu keberatan sudah lewat: lembar ini Anda buka pada {format_date(received)}, "
        f"dan keberatan paling lambat {format_date(received + timedelta(days=14))} (14 hari, "
        "PP 30/2019 Pasal 59)."
    ) in late
    refused = _object(client, path, register.REASON, "?lang=en")
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert "The time limit for an objection has passed" in _text(refused)
    assert session.exec(select(Objection)).first() is None


def test_without_a_superior_on_the_staff_list_the_page_sends_to_paper(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path, staff=False)
    client.get(path + "/hasil")
    shown = client.get(path)
    assert "Daftar pegawai tidak mencatat atasan dari Pejabat Penilai Kinerja Anda" in _text(shown)
    assert "/keberatan" not in shown.text  # no form
    assert _object(client, path, register.REASON).status_code == 409  # type: ignore[attr-defined]
    assert session.exec(select(Objection)).first() is None


def test_a_replaced_link_opens_no_page_and_takes_no_objection(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path)
    client.get(path)
    sheet_links.issue_links(session=session, organisation=None, cycle=None,
                            period=national.PERIOD, actor="rina", base_url=BASE,
                            fmt="rfc4180", filename="t.csv", nips=[FAJAR])  # fmt: skip
    assert client.get(path).status_code == 404
    gone = client.post(f"{path}/keberatan", data={"csrf_token": _token(client), "reason": "x"})
    assert gone.status_code == 404 and "Mintalah tautan baru" in _text(gone)
    english = client.get(path + "?lang=en")
    assert "Ask the policy officer for a new link" in _text(english)


def test_the_officer_s_default_received_day_is_the_first_opening(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path)
    link = session.exec(select(SheetLink).where(SheetLink.nip == FAJAR)).one()
    client.get(path + "/hasil")
    session.refresh(link)
    assert link.opened_at is not None
    filed = objections.file_objection(session=session, organisation=None, cycle=None,
                                      period=national.PERIOD, nip=FAJAR, reason=register.REASON,
                                      actor="rina")  # fmt: skip
    assert filed.received_opened and filed.received_on == local_date(link.opened_at)
    assert isinstance(filed.received_on, date)


@pytest.mark.usefixtures("settings")
def test_the_officers_are_told_once_of_an_objection_filed_on_the_portal(
    client: TestClient, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("aiosmtpd", reason="aiosmtpd (a dependency) is needed for SMTP tests")
    from policy.services import objection_notices, reminders
    from policy.settings import get_settings
    from siklus.mailbox import LoopbackMailbox

    monkeypatch.setenv("SIKLUS_SMTP_FROM", "siklus@contoh.example")
    get_settings.cache_clear()
    data = national.pack()
    for member in data["members"]:
        if member["username"] == "rina":  # an officer with an address; Sri Wahyuni has none
            member["email"] = "rina@bkpsdm.contoh.example"
    path = _link(session, tmp_path, data=data)
    client.get(path + "/hasil")
    assert _object(client, path, register.REASON).status_code == 303  # type: ignore[attr-defined]
    # One the officer registers from a letter is not told: the officer knows it.
    objections.file_objection(session=session, organisation=None, cycle=None,
                              period=national.PERIOD, nip=register.DEWI, reason="Surat",
                              actor="rina", to="Sekretaris Daerah",
                              received_on=local_date())  # fmt: skip

    def sweep() -> list[reminders.SweepMessage]:
        done = reminders.sweep_reminders(session=session, mailer=box.mailer(), organisation=None,
                                         today=WEDNESDAY)  # fmt: skip
        assert any(
            line.startswith("contoh: Sri Wahyuni: keberatan nomor 1 ")
            for line in done.without_email
        )
        return [m for m in done.messages if m.kind == "objection"]

    with LoopbackMailbox() as box:
        (told,) = sweep()
        assert (told.recipient, told.sent) == ("rina@bkpsdm.contoh.example", True)
        assert told.subject == "[Siklus] Keberatan nomor 1 diajukan di portal"
        body = " ".join(told.body.split())
        assert (
            f"1. Keberatan nomor 1: Fajar Nugroho (NIP {FAJAR}), Dinas Kependudukan dan "
            "Pencatatan Sipil, periode Triwulan III 2026"
        ) in body
        today = format_date(local_date())
        assert f"Atas predikat Butuh Perbaikan; lembar hasil diterima {today}" in body
        assert f"Kepada: Andi Saputra, Kepala Dinas Alasan: {register.REASON}" in body
        assert "buat tautan keputusannya dengan siklus objection link 1, atau catat" in body
        assert "siklus objection decide 1 --outcome tetap|diubah" in body
        assert "Keberatan nomor 2" not in body
        (arrived,) = box.messages
        assert arrived["To"].endswith("<rina@bkpsdm.contoh.example>")
        assert sweep() == []  # told once
    sent = session.exec(select(ReminderSend).where(ReminderSend.kind == "objection")).one()
    assert (sent.deadline_key, sent.due_on) == (f"objection:{told_id(session)}", local_date())
    org = session.exec(select(Organisation)).one()
    pending = objection_notices.objection_notices(session, org)
    view = objection_notices.objection_view(session, org, "Rina", pending, WEDNESDAY, "en")
    english = " ".join(render_text("email_keberatan", view, "en").split())
    assert f"1. Objection no. 1: Fajar Nugroho (NIP {FAJAR})" in english
    assert "period Quarter 3 2026" in english and "Against the rating Butuh Perbaikan" in english
    assert objection_notices.objection_subject(pending, "en") == (
        "[Siklus] Objection no. 1 filed on the portal"
    )
    # Withdrawn on the page: the officers are told once more, and nothing is left to decide.
    page = client.get(path)
    withdrawn = client.post(f"{path}/cabut", data={"csrf_token": csrf(page.text), "confirm": "1"})
    assert withdrawn.status_code == 303
    assert "Keberatan Anda sudah dicabut." in _text(client.get(withdrawn.headers["location"]))
    with LoopbackMailbox() as box:
        (again,) = sweep()
        assert again.subject == "[Siklus] Keberatan nomor 1 dicabut di portal"
        assert (
            f"Dicabut pegawai di portal pada {today}: keberatan ini tidak perlu diputuskan lagi, "
            "dan predikat tetap Butuh Perbaikan."
        ) in " ".join(again.body.split())
        assert sweep() == []
    session.expire_all()
    no_note = session.exec(select(Objection).where(Objection.number == 1)).one()
    assert no_note.consideration == sheet_objections.WITHDRAWN_HERE  # nothing written: the page's
    keys = session.exec(select(ReminderSend.deadline_key).where(ReminderSend.kind == "objection"))
    assert sorted(keys) == [
        f"objection:{told_id(session)}",
        f"objection:{told_id(session)}:dicabut",
    ]


def told_id(session: Session) -> int:
    return session.exec(select(Objection.id).where(Objection.number == 1)).one() or 0


def test_an_employee_withdraws_their_objection_before_its_decision(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path)
    client.get(path + "/hasil")
    assert _object(client, path, register.REASON).status_code == 303  # type: ignore[attr-defined]
    page = client.get(path)
    assert f'action="{path}/cabut"' in page.text
    unconfirmed = client.post(f"{path}/cabut", data={"csrf_token": csrf(page.text), "note": "x"})
    assert unconfirmed.status_code == 400
    text = _text(unconfirmed)
    assert "Keberatan belum dicabut: Centang pernyataan bahwa keberatan yang dicabut" in text
    assert session.exec(select(Objection)).one().outcome == "diajukan"

    note = "Sudah menerima penjelasan atasan."
    sent = client.post(f"{path}/cabut", data={"csrf_token": csrf(page.text), "confirm": "1",
                                              "note": note}, follow_redirects=False)  # fmt: skip
    assert (sent.status_code, sent.headers["location"]) == (303, f"{path}?dicabut=1")
    today = local_date()
    shown = _text(client.get(sent.headers["location"]))
    assert "Keberatan Anda sudah dicabut." in shown
    assert f"Status dicabut pada {format_date(today)}; predikat tetap Butuh Perbaikan" in shown
    assert "/cabut" not in client.get(path).text  # nothing left to withdraw
    session.expire_all()
    row = session.exec(select(Objection)).one()
    assert (row.outcome, row.decided_on, row.consideration, row.decision_recorded_by) == (
        "dicabut",
        today,
        note,
        f"pegawai:{FAJAR}",
    )
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "objection.withdrawn")).one()
    assert (event.actor, event.payload["channel"]) == (f"pegawai:{FAJAR}", "portal")
    # Sent twice: withdrawn once. No second objection for the period.
    again = client.post(f"{path}/cabut", data={"csrf_token": csrf(page.text), "confirm": "1"},
                        follow_redirects=False)  # fmt: skip
    assert again.status_code == 303
    assert len(session.exec(select(AuditEvent).where(AuditEvent.action == "objection.withdrawn"))
               .all()) == 1  # fmt: skip
    assert "/keberatan" not in client.get(path).text
    assert "Dicabut oleh pegawai melalui portal pada" in " ".join(
        register._register(session).split()
    )
    # The officers are told of it as withdrawn.
    org = session.exec(select(Organisation)).one()
    from policy.services import objection_notices

    (told,) = objection_notices.objection_notices(session, org)
    assert (told.state, told.settled_on) == ("dicabut", today) and told.key.endswith(":dicabut")


def test_a_decided_objection_cannot_be_withdrawn_on_the_page(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from policy.services import objection_notices

    path = _link(session, tmp_path)
    client.get(path + "/hasil")
    _object(client, path, register.REASON)
    objections.decide_objection(session=session, organisation=None, number=1, outcome="tetap",
                                consideration=register.GROUNDS, actor="rina")  # fmt: skip
    org = session.exec(select(Organisation)).one()
    assert objection_notices.objection_notices(session, org) == []  # nothing left to tell
    refused = client.post(f"{path}/cabut?lang=en",
                          data={"csrf_token": _token(client), "confirm": "1"})  # fmt: skip
    assert refused.status_code == 409
    assert "Your objection has been decided and the decision is final" in _text(refused)
    assert session.exec(select(Objection)).one().outcome == "tetap"


def test_a_form_sent_twice_at_the_same_moment_registers_one_objection(
    client: TestClient, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.services.common import ServiceError

    path = _link(session, tmp_path)
    client.get(path + "/hasil")
    token = path.rsplit("/", 1)[1]
    real = sheet_objections.register_objection

    def refused(*args: object, **kw: object) -> object:
        raise ServiceError("Tanggal keberatan diajukan belum tiba.")

    # A refusal with no objection registered meanwhile is the refusal.
    monkeypatch.setattr(sheet_objections, "register_objection", refused)
    with pytest.raises(ServiceError, match="belum tiba"):
        sheet_objections.file_from_link(session=session, token=token, reason="Alasan")
    assert session.exec(select(Objection)).first() is None

    def other_request_first(*args: object, **kw: object) -> object:
        real(*args, **kw)  # type: ignore[arg-type]  # the other request registers it
        raise ServiceError("Keberatan baru saja dicatat oleh orang lain")

    monkeypatch.setattr(sheet_objections, "register_objection", other_request_first)
    number = sheet_objections.file_from_link(session=session, token=token, reason="Alasan")
    assert number == 1 and len(session.exec(select(Objection)).all()) == 1
