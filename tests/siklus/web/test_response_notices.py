"""A stakeholder who leaves an address with an input is told once, by email, when the response
appears with the approved draft; the address is then erased, and never kept in a log."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from policy.models import AuditEvent, Decision, ForumInput, ReminderSend, Stage
from policy.services import cycle as cycle_service
from policy.services import reminders, review
from policy.settings import Settings, get_settings
from siklus.mailbox import LoopbackMailbox
from tests.siklus.web.conftest import Portal, csrf, make_client
from tests.siklus.web.test_portal_tracking import RESPONSE, _draft

pytest.importorskip("aiosmtpd", reason="aiosmtpd (a dependency) is needed for the SMTP tests")

ADDRESS = "dewi.sartika@warga.example"
WEDNESDAY = date(2026, 6, 3)


@pytest.fixture
def client(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("SIKLUS_SMTP_FROM", "siklus@contoh.example")
    monkeypatch.setenv("SIKLUS_PORTAL_URL", "https://konsultasi.contoh.example/")
    get_settings.cache_clear()
    with make_client(engine, settings) as c:
        yield c


@pytest.fixture
def mailbox() -> Iterator[LoopbackMailbox]:
    with LoopbackMailbox() as box:
        yield box


def _give(client: TestClient, portal: Portal, lang: str = "id", **fields: str) -> str:
    """One general input with `fields` over the defaults; the response's Location (or body)."""
    page = client.get(f"/f/{portal.token}?lang={lang}").text
    data = {
        "csrf_token": csrf(page), "section_sid": "", "name": "Dewi Sartika", "organisation": "",
        "group": "masyarakat", "text": "Umumkan hasil penilaian setiap triwulan.",
        "email": ADDRESS, **fields,
    }  # fmt: skip
    response = client.post(f"/f/{portal.token}/masukan", data=data)
    return response.headers.get("location") or html.unescape(response.text)


def _sweep(portal: Portal, box: LoopbackMailbox) -> reminders.SweepResult:
    return reminders.sweep_reminders(session=portal.session, mailer=box.mailer(),
                                     organisation=portal.org, today=WEDNESDAY)  # fmt: skip


def _responses(result: reminders.SweepResult) -> list[reminders.SweepMessage]:
    return [m for m in result.messages if m.kind == "response"]


def test_the_author_is_told_once_and_the_address_is_erased(
    client: TestClient, portal: Portal, mailbox: LoopbackMailbox
) -> None:
    receipt = _give(client, portal)
    assert "/tanda-terima/1?kode=" in receipt
    page = html.unescape(client.get(receipt).text)
    assert "Kami akan mengabari Anda lewat surel yang Anda berikan" in page
    assert ADDRESS not in page  # a receipt opens for whoever holds its code: no address on it
    stored = portal.session.exec(select(ForumInput)).one()
    assert (stored.notify_email, stored.notify_locale, stored.notified_at) == (ADDRESS, "id", None)

    # Nothing to tell before leadership approves a draft (the response may still change).
    assert _responses(_sweep(portal, mailbox)) == []
    _draft(portal)
    assert _responses(_sweep(portal, mailbox)) == []
    review.decide(session=portal.session, organisation=portal.org, cycle=None,
                  stage=Stage.DRAFTING, reviewer="sekda", decision=Decision.APPROVE,
                  as_of=date(2026, 6, 2))  # fmt: skip

    result = _sweep(portal, mailbox)
    (told,) = _responses(result)
    assert told.sent and told.recipient == "pemberi masukan nomor 1"
    assert "address" not in told.model_dump()  # a flow's result leaves the address out
    (message,) = [m for m in mailbox.messages if m["To"].addresses[0].addr_spec == ADDRESS]
    assert message["Subject"] == "[Siklus] Tanggapan atas masukan Anda nomor 1"
    body = message.get_content().replace("\r\n", "\n")
    assert body.startswith("Yth. Dewi Sartika,")
    assert "Pimpinan telah menetapkan rancangan versi 2 pada 2 Juni 2026." in body
    assert "Status: Diterima sebagian\nBagian yang diubah: Pasal 5\n" in body
    assert RESPONSE in body
    code = receipt.rsplit("kode=", 1)[1]
    assert f"https://konsultasi.contoh.example{receipt}" in body and f"kode: {code}." in body
    # The same as on the receipt page the email links.
    assert RESPONSE in html.unescape(client.get(receipt).text)

    portal.session.expire_all()
    stored = portal.session.exec(select(ForumInput)).one()
    assert stored.notify_email is None and stored.notified_at is not None
    logged = portal.session.exec(select(ReminderSend).where(ReminderSend.kind == "response")).one()
    assert logged.recipient == "pemberi masukan nomor 1"
    events = portal.session.exec(select(AuditEvent)).all()
    assert all(ADDRESS not in json.dumps(e.payload) for e in events)
    submitted = next(e for e in events if e.action == "input.submitted")
    assert submitted.payload["notify"] is True

    # Told once: the next sweep sends nothing, and the receipt no longer promises an email.
    assert _responses(_sweep(portal, mailbox)) == []
    assert "Kami akan mengabari Anda" not in client.get(receipt).text


def test_an_input_given_in_english_is_answered_in_english(
    client: TestClient, portal: Portal, mailbox: LoopbackMailbox
) -> None:
    _give(client, portal, lang="en")
    _draft(portal)
    review.decide(session=portal.session, organisation=portal.org, cycle=None,
                  stage=Stage.DRAFTING, reviewer="sekda", decision=Decision.APPROVE,
                  as_of=date(2026, 6, 2))  # fmt: skip
    (told,) = _responses(_sweep(portal, mailbox))
    assert told.subject == "[Siklus] Response to your input no. 1"
    assert told.body.startswith("Dear Dewi Sartika,")
    assert "The leadership approved version 2 of the draft on 2 June 2026." in told.body
    assert "Status: Partly accepted\nSections changed: Pasal 5\n" in told.body


def test_a_failed_email_keeps_the_address_for_the_next_sweep(
    client: TestClient, portal: Portal
) -> None:
    from policy.mail import MailError

    class Refusing:
        def send(self, message: object) -> None:
            raise MailError("server SMTP menolak")

    _give(client, portal)
    _draft(portal)
    review.decide(session=portal.session, organisation=portal.org, cycle=None,
                  stage=Stage.DRAFTING, reviewer="sekda", decision=Decision.APPROVE,
                  as_of=date(2026, 6, 2))  # fmt: skip
    result = reminders.sweep_reminders(session=portal.session, mailer=Refusing(),
                                       organisation=portal.org, today=WEDNESDAY)  # fmt: skip
    (failed,) = _responses(result)
    assert failed.error == "server SMTP menolak" and not failed.sent
    portal.session.expire_all()
    stored = portal.session.exec(select(ForumInput)).one()
    assert (stored.notify_email, stored.notified_at) == (ADDRESS, None)


def test_a_cycle_stopped_before_a_draft_erases_the_address_unsent(
    client: TestClient, portal: Portal, mailbox: LoopbackMailbox
) -> None:
    _give(client, portal)
    portal.close_forum()
    cycle_service.submit_stage(session=portal.session, run_id=portal.run_id, actor="budi",
                               summary={})  # fmt: skip
    dry = reminders.sweep_reminders(session=portal.session, mailer=None, organisation=portal.org,
                                    today=WEDNESDAY, dry_run=True)  # fmt: skip
    assert dry.erased == 0  # a dry run changes nothing
    review.decide(session=portal.session, organisation=portal.org, cycle=None,
                  stage=Stage.FORUMS, reviewer="sekda", decision=Decision.REJECT,
                  reason="Kebijakan dibatalkan.")  # fmt: skip
    result = _sweep(portal, mailbox)
    assert _responses(result) == [] and result.erased == 1
    portal.session.expire_all()
    stored = portal.session.exec(select(ForumInput)).one()
    assert stored.notify_email is None and stored.notified_at is None
    swept = portal.session.exec(
        select(AuditEvent).where(AuditEvent.action == "reminders.swept")
    ).all()
    assert swept[-1].payload["addresses_erased"] == 1


def test_an_address_is_refused_with_an_anonymous_input_or_when_malformed(
    client: TestClient, portal: Portal
) -> None:
    anonymous = _give(client, portal, anonymous="1", name="")
    assert "masukan tanpa nama tidak menyimpan alamat surel" in anonymous
    malformed = _give(client, portal, email="dewi at warga")
    assert "alamat surel tidak dikenali (contoh: nama@contoh.go.id)" in malformed
    assert 'value="dewi at warga"' in malformed  # the form comes back as typed
    english = _give(client, portal, lang="en", email="dewi@")
    assert "the email address is not recognised" in english
    assert portal.session.exec(select(ForumInput)).all() == []
    # Without an address the input is taken as before, and no email is promised.
    receipt = _give(client, portal, email="")
    assert "Kami akan mengabari Anda" not in html.unescape(client.get(receipt).text)


def test_a_paper_form_s_address_typed_into_the_import_is_told_too(
    client: TestClient, portal: Portal, mailbox: LoopbackMailbox
) -> None:
    from policy.importerrors import ImportFileError
    from policy.services import imports
    from tests.factories import write_file

    head = "forum;nama;instansi;kelompok;bagian;masukan;surel\nF1;Rudi Hartono;;masyarakat;;"
    wrong = write_file(portal.folder, "masukan-salah.csv", head + "Umumkan.;rudi@warga\n")
    with pytest.raises(ImportFileError) as refused:
        imports.import_file(session=portal.session, organisation=portal.org, kind="masukan",
                            path=wrong, actor="budi")  # fmt: skip
    assert "baris 2, kolom 'surel': alamat surel 'rudi@warga' tidak dikenali" in str(refused.value)
    paper = write_file(portal.folder, "masukan.csv", head + f"Umumkan.;{ADDRESS}\n")
    imports.import_file(session=portal.session, organisation=portal.org, kind="masukan",
                        path=paper, actor="budi")  # fmt: skip
    stored = portal.session.exec(select(ForumInput)).one()
    assert (stored.number, stored.channel, stored.notify_email) == (1, "impor", ADDRESS)
    _draft(portal)
    review.decide(session=portal.session, organisation=portal.org, cycle=None,
                  stage=Stage.DRAFTING, reviewer="sekda", decision=Decision.APPROVE,
                  as_of=date(2026, 6, 2))  # fmt: skip
    (told,) = _responses(_sweep(portal, mailbox))
    assert told.sent and told.body.startswith("Yth. Rudi Hartono,")
    # The receipt code the paper form's author never had is in the email, with its address.
    assert "kode: " in told.body and "/tanda-terima/1?kode=" in told.body
