"""Consultation services: forum links, input through the portal, receipts, organiser access."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from policy.db import create_schema, make_engine
from policy.models import (
    AuditEvent,
    Cycle,
    CycleStatus,
    DraftSection,
    ForumAttendance,
    ForumInput,
    PortalToken,
    utcnow,
)
from policy.packs import load_pack
from policy.services import consultation, input_receipts, organisation, portal_access
from policy.services.common import NotFoundError, ServiceError
from policy.settings import Settings
from tests.factories import write_pack
from tests.siklus.web.conftest import A, Portal, open_forum, pack


def _sid(session: Session, label: str) -> str:
    return session.exec(select(DraftSection.sid).where(DraftSection.label == label)).one()


def _submit(portal: Portal, **kw: object) -> consultation.ReceiptPage:
    fields: dict[str, object] = {
        "name": "Dewi Sartika",
        "organisation": "Warga Kelurahan Aur",
        "group": "masyarakat",
        "section_sid": "",
        "text": "Libatkan hasil survei kepuasan masyarakat.",
    }
    fields.update(kw)
    return consultation.submit_input(session=portal.session, token=portal.token, **fields)  # type: ignore[arg-type]


@pytest.fixture
def portal(session: Session, tmp_path: Path) -> Portal:
    return open_forum(session, tmp_path)


def test_links_make_one_unguessable_token_per_forum(portal: Portal) -> None:
    again = consultation.forum_links(
        session=portal.session, organisation=portal.org, cycle=None, actor="rina"
    )
    assert [link.path for link in again] == [f"/f/{portal.token}"]
    assert len(portal.token) >= 22
    made = portal.session.exec(
        select(func.count()).where(AuditEvent.action == "forum.link_created")
    ).one()
    assert made == 1
    with pytest.raises(ServiceError, match="tidak berwenang"):
        consultation.forum_links(
            session=portal.session, organisation=portal.org, cycle=None, actor="sekda"
        )


def test_forum_page_shows_the_latest_draft_by_section(portal: Portal) -> None:
    page = consultation.forum_page(session=portal.session, token=portal.token)
    assert page.accepting and page.version == 1
    labels = [s.label for s in page.sections]
    assert labels[:3] == ["BAB I", "Pasal 1", "Pasal 2"]
    pasal3 = next(s for s in page.sections if s.label == "Pasal 3")
    assert pasal3.sid == _sid(portal.session, "Pasal 3")
    assert pasal3.lines[0] == "(1) Setiap Pegawai menyusun SKP."
    assert [g.code for g in page.groups if g.anonymous] == ["masyarakat"]
    with pytest.raises(NotFoundError):
        consultation.forum_page(session=portal.session, token="x" * 22)


def test_the_forum_page_names_the_data_protection_officer(portal: Portal) -> None:
    """Those who give input are told where their name goes and whom to ask (UU 27/2022)."""
    assert consultation.forum_page(session=portal.session, token=portal.token).officer_name == ""
    data = pack()
    data["data_protection"] = {"officer": {"name": "Rahmat Hidayat, S.Kom.",
                                           "email": "ppdp@contoh.example"}}  # fmt: skip
    folder = portal.folder / "ppdp"
    folder.mkdir()
    organisation.load_pack(session=portal.session, loaded=load_pack(write_pack(folder, data)),
                           actor="admin")  # fmt: skip
    page = consultation.forum_page(session=portal.session, token=portal.token)
    assert (page.officer_name, page.officer_email) == ("Rahmat Hidayat, S.Kom.",
                                                       "ppdp@contoh.example")  # fmt: skip


def test_submit_numbers_inputs_and_signs_the_receipt(portal: Portal, settings: Settings) -> None:
    sid = _sid(portal.session, "Pasal 5")
    first = _submit(portal, section_sid=sid, text="  Penilaian sebaiknya per semester.  \r\n")
    second = _submit(portal)
    assert (first.number, second.number) == (1, 2)
    assert first.section == "Pasal 5" and second.section == ""
    row = portal.session.exec(select(ForumInput).where(ForumInput.number == 1)).one()
    assert (row.channel, row.section_ref, row.section_sid) == ("portal", "Pasal 5", sid)
    assert row.text == "Penilaian sebaiknya per semester."
    assert first.code == input_receipts.receipt_code(
        settings.signing_key(), row.cycle_id, 1, row.text_sha256
    )
    again = input_receipts.get_receipt(
        session=portal.session, token=portal.token, number=1, code=first.code.lower()
    )
    assert again.text == row.text
    with pytest.raises(NotFoundError):
        input_receipts.get_receipt(
            session=portal.session, token=portal.token, number=1, code=second.code
        )
    event = portal.session.exec(
        select(AuditEvent).where(AuditEvent.action == "input.submitted").order_by(AuditEvent.seq)
    ).first()
    assert event is not None
    assert event.payload["number"] == 1 and event.payload["section_sid"] == sid


def test_the_same_input_twice_gives_the_first_receipt(portal: Portal) -> None:
    first = _submit(portal)
    again = _submit(portal, text="Libatkan hasil survei kepuasan masyarakat.\n")
    assert again.repeated and (again.number, again.code) == (first.number, first.code)
    assert portal.session.exec(select(func.count()).select_from(ForumInput)).one() == 1


def test_refusals_name_every_field(portal: Portal) -> None:
    with pytest.raises(consultation.InputRefused) as err:
        _submit(portal, name="", group="dprd", text="x" * 5001, section_sid="pasal-99")
    problems = err.value.problems
    assert set(problems) == {"group", "name", "text", "section_sid"}
    assert "5001 karakter, maksimal 5000" in problems["text"].replace(".", "")
    with pytest.raises(consultation.InputRefused, match="kosong"):
        _submit(portal, text=" \n\t ")
    assert portal.session.exec(select(func.count()).select_from(ForumInput)).one() == 0


def test_anonymous_input_keeps_no_name(portal: Portal) -> None:
    receipt = _submit(portal, anonymous=True, name="Siti Rahayu", organisation="RT 03")
    row = portal.session.exec(select(ForumInput)).one()
    assert (row.author, row.institution, receipt.author) == ("Anonim", "", "Anonim")
    payloads = portal.session.exec(select(AuditEvent.payload, AuditEvent.actor)).all()
    assert "Siti Rahayu" not in repr(payloads) and "RT 03" not in repr(payloads)
    with pytest.raises(consultation.InputRefused, match="tanpa nama hanya untuk"):
        _submit(portal, anonymous=True, group="asn", text="Lain.")


def test_closed_forum_takes_no_input(portal: Portal) -> None:
    portal.close_forum()
    page = consultation.forum_page(session=portal.session, token=portal.token)
    assert not page.accepting and "sudah ditutup" in page.refusal
    with pytest.raises(ServiceError, match="sudah ditutup"):
        _submit(portal)


def test_a_stopped_cycle_takes_no_input_and_says_so(portal: Portal) -> None:
    cycle = portal.session.exec(select(Cycle)).one()
    cycle.status = CycleStatus.STOPPED
    portal.session.add(cycle)
    portal.session.commit()
    page = consultation.forum_page(session=portal.session, token=portal.token)
    refusal = "Siklus kebijakan ke-1 dihentikan; masukan tidak dapat diterima lagi."
    assert (page.accepting, page.refusal) == (False, refusal)
    with pytest.raises(ServiceError, match=refusal):
        _submit(portal)


def test_concurrent_submissions_get_unique_contiguous_numbers(
    settings: Settings, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'portal.db'}")
    create_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        token = open_forum(session, tmp_path).token
    numbers: list[int] = []
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                with Session(engine, expire_on_commit=False) as s:
                    r = consultation.submit_input(
                        session=s,
                        token=token,
                        name=f"Peserta {n}",
                        organisation="",
                        group="asn",
                        section_sid="",
                        text=f"Masukan {i} dari peserta {n}.",
                    )
                    numbers.append(r.number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 41))
    engine.dispose()


# ------------------------------------------------------------------- organisers


def test_organiser_token_is_stored_hashed_and_expires(portal: Portal) -> None:
    issued = portal_access.issue_token(
        session=portal.session, organisation=portal.org, actor="budi", hours=2
    )
    row = portal.session.exec(select(PortalToken)).one()
    assert issued.token not in repr(row.model_dump()) and len(row.token_sha256) == 64
    access = portal_access.check_token(portal.session, issued.token)
    assert (access.username, access.name) == ("budi", "Budi Santoso")
    row.expires_at = utcnow() - timedelta(minutes=1)
    portal.session.add(row)
    portal.session.commit()
    with pytest.raises(portal_access.AccessDenied, match="kedaluwarsa"):
        portal_access.check_token(portal.session, issued.token)
    with pytest.raises(portal_access.AccessDenied, match="tidak dikenal"):
        portal_access.check_token(portal.session, "salah")
    with pytest.raises(ServiceError, match="tidak berwenang"):
        portal_access.issue_token(
            session=portal.session, organisation=portal.org, actor="rina"
        )  # an officer only


def test_revoking_withdraws_every_token_of_the_member(portal: Portal) -> None:
    issued = portal_access.issue_token(
        session=portal.session, organisation=portal.org, actor="budi"
    )
    with pytest.raises(ServiceError, match="mencabut token anggota lain"):
        portal_access.revoke_tokens(
            session=portal.session, organisation=portal.org, actor="rina", member="budi"
        )
    assert (
        portal_access.revoke_tokens(session=portal.session, organisation=portal.org, actor="budi")
        == 1
    )
    with pytest.raises(portal_access.AccessDenied):
        portal_access.check_token(portal.session, issued.token)


def test_attendance_at_the_door_upserts_and_checks_the_nip(portal: Portal) -> None:
    issued = portal_access.issue_token(
        session=portal.session, organisation=portal.org, actor="budi"
    )
    access = portal_access.check_token(portal.session, issued.token)
    forum_id = portal.forum().id or 0

    def record(**kw: str) -> str:
        fields = {"name": "Andi Pratama", "nip": "", "institution": "", "group": "asn"} | kw
        return portal_access.record_attendance(
            session=portal.session, access=access, forum_id=forum_id, **fields
        )

    record(nip="19860926 201505 1 001")
    record(nip=A, institution="Dinas Kependudukan")
    record(name="Dewi Sartika", institution="Warga", group="masyarakat")
    rows = portal.session.exec(select(ForumAttendance).order_by(col(ForumAttendance.id))).all()
    assert [(r.name, r.nip, r.institution) for r in rows] == [
        ("Andi Pratama", A, "Dinas Kependudukan"),
        ("Dewi Sartika", None, "Warga"),
    ]
    with pytest.raises(portal_access.AttendanceRefused) as err:
        record(nip="1,97E+17", group="")
    assert set(err.value.problems) == {"nip", "group"}
    assert "Excel" in err.value.problems["nip"]
    with pytest.raises(portal_access.AttendanceRefused, match="digit ke-15"):
        record(nip="198609262015053001")
    sign_in, _html = portal.document("daftar-hadir-F1")
    assert "Andi Pratama" in sign_in and "19860926 201505 1 001" in sign_in
    assert "Dewi Sartika" in sign_in
    portal.close_forum()
    with pytest.raises(ServiceError, match="daftar hadir tidak dapat diubah"):
        record(name="Terlambat")
