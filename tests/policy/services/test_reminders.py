"""Reminder sweep: real SMTP on loopback (aiosmtpd), what arrives, no duplicates, escalation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from policy.documents import render_text
from policy.mail import SmtpMailer
from policy.models import AuditEvent, ReminderSend, Stage, StageRun
from policy.services import cycle as cycle_service
from policy.services import deadlines, reminders
from policy.services.common import ServiceError, get_org, org_pack
from policy.settings import Settings
from policy.views.reminders import EmailItem, ReminderEmailView
from siklus.mailbox import LoopbackMailbox
from tests.factories import make_org
from tests.policy.services.deadline_fixtures import (
    SWEEP_DAY,
    implementation_running,
    ingest_progress,
    pack,
)

pytest.importorskip("aiosmtpd", reason="aiosmtpd (a dependency) is needed for the SMTP tests")

WEDNESDAY = date(2026, 3, 25)  # PKM's SKP is due; DUKCAPIL's (13 March) is 3 working days late
UNSAFE = "<script>alert(1)</script>\nSubject: palsu\r\n[x](javascript:alert(1))"


@pytest.fixture
def mailbox() -> Iterator[LoopbackMailbox]:
    with LoopbackMailbox() as box:
        yield box


def _sweep(session: Session, box: LoopbackMailbox, today: date = WEDNESDAY,
           **kw: object) -> reminders.SweepResult:  # fmt: skip
    return reminders.sweep_reminders(session=session, mailer=box.mailer(), organisation="contoh",
                                     today=today, **kw)  # type: ignore[arg-type]  # fmt: skip


def _sends(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(ReminderSend)).one())


def test_reminder_and_escalation_arrive_once(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    result = _sweep(session, mailbox)
    assert (result.sent, result.failed, result.without_email) == (3, 0, [])
    got = {m["To"].addresses[0].addr_spec: m for m in mailbox.messages}
    assert sorted(got) == [
        "kaban@contoh.example", "kepala.pkm@contoh.example", "sekda@contoh.example",
    ]  # fmt: skip
    assert mailbox.envelopes == [[a] for a in (m["To"].addresses[0].addr_spec
                                               for m in mailbox.messages)]  # fmt: skip

    reminder = got["kepala.pkm@contoh.example"]
    assert reminder["Subject"] == (
        "[Siklus] Pengingat: Puskesmas Kota: SKP disusun jatuh tempo 25 Maret 2026"
    )
    assert reminder["From"].addresses[0].addr_spec == "siklus@contoh.example"
    assert reminder["Auto-Submitted"] == "auto-generated"
    body = reminder.get_content()
    assert body.startswith("Yth. dr. Putri Amelia,")
    assert "1. Puskesmas Kota: SKP disusun (siklus ke-1)" in body
    assert "Tenggat: Rabu, 25 Maret 2026 (hari ini)" in body
    assert "dalam 3 hari kerja ke depan" in body

    escalation = got["sekda@contoh.example"]
    assert escalation["Subject"] == (
        "[Siklus] Eskalasi: Dinas Kependudukan dan Pencatatan Sipil: SKP disusun "
        "terlambat 3 hari kerja"
    )
    body = escalation.get_content()
    assert "Yth. Hendra Gunawan," in body
    assert "Tenggat: Jumat, 13 Maret 2026, terlambat 3 hari kerja" in body
    assert "Penanggung jawab: Dedi Kurnia" in body
    assert got["kaban@contoh.example"]["Subject"] == escalation["Subject"]

    rows = session.exec(select(ReminderSend).order_by(ReminderSend.recipient)).all()
    assert [(r.recipient, r.kind, r.due_on) for r in rows] == [
        ("kaban@contoh.example", "escalation", date(2026, 3, 13)),
        ("kepala.pkm@contoh.example", "reminder", date(2026, 3, 25)),
        ("sekda@contoh.example", "escalation", date(2026, 3, 13)),
    ]
    assert {r.message_id for r in rows} == {m["Message-ID"] for m in mailbox.messages}
    assert all(r.deadline_key.startswith("milestone:") for r in rows)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "reminders.swept")).one()
    assert event.payload["today"] == "2026-03-25" and len(event.payload["sent"]) == 3

    # A second sweep the same day (or the next) sends nothing twice.
    again = _sweep(session, mailbox)
    assert (again.sent, len(again.messages)) == (0, 0)
    assert _sends(session) == 3 and len(mailbox.messages) == 3
    assert _sweep(session, mailbox, date(2026, 3, 26)).messages[0].kind == "escalation"
    # ...except PKM's milestone, now overdue: its escalation is a new deadline kind.
    assert len(mailbox.messages) == 5

    # A deadline that moves is a new deadline: it is reminded again.
    ingest_progress(session, tmp_path, run_id, "unit_kerja;tahap;target_tanggal;status\n"
                    "DUKCAPIL;SKP disusun;30/03/2026;proses\n")  # fmt: skip
    moved = _sweep(session, mailbox, date(2026, 3, 26))
    assert [(m.kind, m.recipient) for m in moved.messages] == [
        ("reminder", "kepala.dukcapil@contoh.example")
    ]
    assert "30 Maret 2026" in moved.messages[0].subject


def test_stage_reminder_goes_to_officers_then_escalates(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    org = make_org(session, tmp_path, pack())
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    run = session.get(StageRun, ref.run_id)
    assert run is not None and run.due_on is not None
    cal = deadlines.calendar_for(org_pack(get_org(session, org)))
    before = cal.add_working_days(run.due_on, -2)
    result = _sweep(session, mailbox, before)
    assert [(m.kind, m.recipient) for m in result.messages] == [
        ("reminder", "kaban@contoh.example"),
        ("reminder", "rina@contoh.example"),
    ]
    body = result.messages[1].body
    assert "1. Tahap Analisis Kebutuhan (siklus ke-1)" in body and "2 hari kerja lagi" in body
    after = cal.add_working_days(run.due_on, 1)
    late = _sweep(session, mailbox, after)
    assert [(m.kind, m.recipient) for m in late.messages] == [
        ("escalation", "kaban@contoh.example"),
        ("escalation", "sekda@contoh.example"),
    ]
    assert late.messages[0].subject == (
        "[Siklus] Eskalasi: Tahap Analisis Kebutuhan terlambat 1 hari kerja"
    )
    assert "Penanggung jawab: Rina Marlina, Sri Wahyuni" in late.messages[0].body
    assert len(mailbox.messages) == 4


def test_no_email_on_a_holiday_and_dry_run_writes_nothing(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    holiday = _sweep(session, mailbox, SWEEP_DAY)
    assert holiday.messages == []
    assert holiday.skipped == ["contoh: 19 Maret 2026 bukan hari kerja (Hari Suci Nyepi)"]
    dry = reminders.sweep_reminders(session=session, mailer=None, organisation=None,
                                    today=WEDNESDAY, dry_run=True)  # fmt: skip
    assert len(dry.messages) == 3 and not any(m.sent for m in dry.messages)
    assert _sends(session) == 0 and mailbox.messages == []
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.action == "reminders.swept")).all() == []
    )
    with pytest.raises(ServiceError, match="SIKLUS_SMTP_HOST"):
        reminders.sweep_reminders(session=session, mailer=None, organisation="contoh",
                                  today=WEDNESDAY)  # fmt: skip


def test_missing_addresses_are_reported(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    data = pack()
    for u in data["units"]:
        u.pop("head_email", None)
    run_id = implementation_running(session, tmp_path, data)
    ingest_progress(session, tmp_path, run_id)
    result = _sweep(session, mailbox)
    assert result.without_email == ["contoh: dr. Putri Amelia: Puskesmas Kota — SKP disusun"]
    assert [m.kind for m in result.messages] == ["escalation", "escalation"]


def test_a_failed_send_is_retried_by_the_next_sweep(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    closed = SmtpMailer(host="127.0.0.1", port=mailbox.port, timeout=5)
    mailbox.__exit__(None, None, None)  # nobody listens on that port now
    failed = reminders.sweep_reminders(session=session, mailer=closed, organisation="contoh",
                                       today=WEDNESDAY)  # fmt: skip
    assert failed.failed == 3 and failed.sent == 0
    assert "gagal mengirim surel lewat 127.0.0.1" in failed.messages[0].error
    assert _sends(session) == 0
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "reminders.swept")).one()
    assert len(event.payload["failed"]) == 3
    with LoopbackMailbox() as box:
        retried = _sweep(session, box)
        assert retried.sent == 3 and len(box.messages) == 3


def test_untrusted_text_stays_one_plain_line(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id,
                    "unit_kerja;tahap;target_tanggal;status\n"
                    f'PKM;"{UNSAFE}";25/03/2026;belum\n')  # fmt: skip
    result = _sweep(session, mailbox)
    message = next(m for m in mailbox.messages if "pkm" in str(m["To"]))
    body = message.get_content()
    line = next(x for x in body.splitlines() if "<script>" in x)
    assert line == (
        "1. Puskesmas Kota: <script>alert(1)</script> Subject: palsu [x](javascript:alert(1)) "
        "(siklus ke-1)"
    )
    assert "\r" not in message["Subject"] and "\n" not in message["Subject"]
    assert result.failed == 0


def test_email_templates_render_in_both_locales(settings: Settings) -> None:
    view = ReminderEmailView(
        escalation=False, recipient="Rina", organisation="Pemerintah Kota Contoh",
        policy_title="Manajemen Kinerja", today=date(2026, 3, 13), lead_working_days=3,
        items=[EmailItem(kind="stage", cycle=1, title="Sosialisasi", due_on=date(2026, 3, 25),
                         overdue=False, working_days=3, responsible=["Rina"])],
    )  # fmt: skip
    id_text = render_text("email_pengingat", view, "id")
    en_text = render_text("email_pengingat", view, "en")
    assert "Tenggat: Rabu, 25 Maret 2026 (3 hari kerja lagi)" in id_text
    assert "Due: Wednesday, 25 March 2026 (3 working days left)" in en_text
    assert (
        "within the next 3 working days, not counting weekends, national holidays and cuti "
        "bersama (collective leave days):"
    ) in en_text
    late = view.model_copy(update={"escalation": True})
    assert "terlambat 3 hari kerja" in render_text("email_eskalasi", late, "id")
    assert "3 working days late" in render_text("email_eskalasi", late, "en")


def test_an_organisation_without_sender_is_skipped(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    run_id = implementation_running(session, tmp_path, pack(reminders={"lead_working_days": 3}))
    ingest_progress(session, tmp_path, run_id)
    result = reminders.sweep_reminders(session=session, mailer=mailbox.mailer(),
                                       organisation=None, today=WEDNESDAY)  # fmt: skip
    assert result.messages == [] and mailbox.messages == []
    assert result.skipped == [
        "contoh: alamat pengirim belum diatur (SIKLUS_SMTP_FROM atau reminders.sender)"
    ]


#: An implementation run's summary, as the stage stores it.
PROGRESS = {"units": 14, "milestones": 42, "done": 37, "progress_percent": "88.1",
            "late_units": ["RSUD"]}  # fmt: skip


def test_leaders_are_told_once_of_a_stage_waiting_for_their_decision(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.models import Decision
    from policy.services import review
    from policy.settings import get_settings

    monkeypatch.setenv("SIKLUS_PORTAL_URL", "https://konsultasi.contoh.example/")
    get_settings.cache_clear()
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=PROGRESS)
    result = _sweep(session, mailbox)
    notices = [m for m in result.messages if m.kind == "review"]
    # Both leaders (sekda, kaban), each once; the run's officer is no leader.
    assert sorted(m.recipient for m in notices) == ["kaban@contoh.example", "sekda@contoh.example"]
    sekda = next(m for m in mailbox.messages if m["Subject"].startswith("[Siklus] Menunggu"))
    assert sekda["Subject"] == "[Siklus] Menunggu keputusan: Implementasi"
    body = next(m.body for m in notices if m.recipient == "sekda@contoh.example")
    assert body.startswith("Yth. Hendra Gunawan,")
    assert "1. Implementasi (siklus ke-1)\n   Dijalankan oleh: Rina Marlina; diajukan " in body
    # The stage's key figures, from the summary it was submitted with.
    assert (
        "   Unit: 14\n   Tonggak selesai: 37 dari 42\n   Kemajuan: 88,1%\n"
        "   Unit terlambat: 1: RSUD\n   Dokumen dan keputusan: "
    ) in body
    assert f"Dokumen dan keputusan: https://konsultasi.contoh.example/pimpinan/tahap/{run_id}" in (
        body
    )
    assert "halaman pimpinan portal (https://konsultasi.contoh.example/pimpinan)" in body
    # Sent once: a second sweep sends no notice again.
    again = _sweep(session, mailbox)
    assert [m for m in again.messages if m.kind == "review"] == []
    # Returned and submitted again: a new attempt, told again.
    review.decide(session=session, organisation="contoh", cycle=None,
                  stage=Stage.IMPLEMENTATION, reviewer="sekda", decision=Decision.RETURN,
                  reason="Lengkapi progres")  # fmt: skip
    cycle_service.begin_stage(session=session, organisation="contoh", cycle=None,
                              stage=Stage.IMPLEMENTATION, actor="kaban")  # fmt: skip
    cycle_service.submit_stage(session=session, run_id=run_id, actor="kaban", summary={})
    third = _sweep(session, mailbox)
    told = [m for m in third.messages if m.kind == "review"]
    # kaban ran the second attempt himself: only sekda may decide it, so only he is told.
    assert [m.recipient for m in told] == ["sekda@contoh.example"]
    assert "(siklus ke-1, percobaan ke-2)" in told[0].body
    assert "Dijalankan oleh: Sri Wahyuni;" in told[0].body
    keys = session.exec(
        select(ReminderSend.deadline_key).where(ReminderSend.kind == "review")
    ).all()
    assert sorted(keys) == [f"review:{run_id}:1"] * 2 + [f"review:{run_id}:2"]


def test_without_a_portal_address_the_notice_names_the_command(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    run_id = implementation_running(session, tmp_path)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=PROGRESS)
    result = _sweep(session, mailbox, dry_run=True)
    (notice, *_) = [m for m in result.messages if m.kind == "review"]
    assert "https://" not in notice.body and "/pimpinan" not in notice.body
    assert "Putuskan dengan perintah siklus review approve|return|reject TAHAP" in notice.body
    english = _sweep(session, mailbox, dry_run=True, locale="en")
    (notice, *_) = [m for m in english.messages if m.kind == "review"]
    assert notice.body.startswith("Dear ")
    assert "Decide with the command siklus review approve|return|reject STAGE" in notice.body
    assert "   Milestones done: 37 of 42\n   Progress: 88.1%\n   Late units: 1: RSUD\n" in (
        notice.body
    )


def _followed_up(session: Session, tmp_path: Path) -> None:
    """The national TW III evaluation on the reminders' pack (units with their heads' addresses)."""
    from policy.services import evaluation
    from tests.policy.services import test_evaluation as national

    data = pack(**{"evaluation": national.pack()["evaluation"],
                   "indicators": national.pack()["indicators"]})  # fmt: skip
    run_id = national.start_run(session, tmp_path, data)
    national.ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    session.commit()


def test_a_unit_head_s_reminder_carries_the_unit_s_page_to_report_on(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a unit's link made (`siklus action links`), its head's follow-up reminder says
    where to report progress; the link opens that unit's page. Others' emails have none."""
    from policy.services import unit_reports
    from policy.settings import get_settings

    monkeypatch.setenv("SIKLUS_PORTAL_URL", "https://kinerja.contoh.example/")
    get_settings.cache_clear()
    _followed_up(session, tmp_path)
    unit_reports.issue_unit_links(session=session, organisation=None, actor="rina",
                                  base_url=get_settings().portal_url, fmt="rfc4180",
                                  filename="unit.csv", units=["PKM"])  # fmt: skip
    _sweep(session, mailbox, date(2026, 11, 9))
    got = {m["To"].addresses[0].addr_spec: m.get_content() for m in mailbox.messages}
    pkm = got["kepala.pkm@contoh.example"]
    found = re.findall(
        r"Laporkan perkembangannya di halaman unit Anda: https://kinerja\.contoh\.example"
        r"/unit/([\w-]+)",
        pkm,
    )
    assert len(found) == 2 and len(set(found)) == 1  # its coaching and its corrective action
    page = unit_reports.unit_page(session=session, token=found[0])
    assert page.unit_name == "Puskesmas Kota" and len(page.rows) == 3
    assert "halaman unit Anda" not in got["kepala.dukcapil@contoh.example"]  # no link made
    assert "halaman unit Anda" not in got["rina@contoh.example"]


def test_follow_up_actions_are_reminded_to_their_units_and_escalated_when_late(
    session: Session, tmp_path: Path, mailbox: LoopbackMailbox
) -> None:
    """The national TW III evaluation's 7 actions fall due on 12 November 2026 (20 working
    days after the Laporan of 15 October). Coaching goes to the head of the employee's unit
    (the supervisor who coaches has no address in the staff list), a unit's corrective
    action to its head, the talent pool to the personnel unit, the policy review to the
    officer who owns it; one line per unit and kind, then an escalation once they are late."""
    from policy.models import FollowUpAction
    from policy.services import actions
    from tests.policy.services import test_evaluation as national

    _followed_up(session, tmp_path)
    due = {a.due_on for a in session.exec(select(FollowUpAction)).all()}
    assert due == {date(2026, 11, 12)}

    # Puskesmas Kota reports one of its two coachings under way: the reminder says so.
    joko = next(a for a in session.exec(select(FollowUpAction)).all()
                if a.rule == "coaching" and a.data.get("name") == "Joko Susilo")  # fmt: skip
    actions.record_progress(session=session, organisation=None, action_id=joko.id or 0,
                            actor="rina", note="Sesi pertama 6/11/2026")  # fmt: skip
    monday = date(2026, 11, 9)  # three working days ahead reach Thursday the 12th
    result = _sweep(session, mailbox, monday)
    got = {m["To"].addresses[0].addr_spec: m.get_content() for m in mailbox.messages}
    assert sorted(got) == [
        "kepala.dukcapil@contoh.example", "kepala.pkm@contoh.example", "rina@contoh.example",
    ]  # fmt: skip
    # The personnel unit has no head's address in this pack: said, not lost.
    assert result.without_email == [
        "contoh: Kepala Badan Kepegawaian dan Pengembangan SDM: Badan Kepegawaian dan "
        "Pengembangan SDM — Kelompok talenta dan pengembangan karier 2026-TW3: 2 tindak "
        "lanjut terbuka"
    ]
    pkm = got["kepala.pkm@contoh.example"]
    # Plain text: an employee's name as written (the staff list's test name carries markup).
    assert (
        "1. Puskesmas Kota: Pembinaan kinerja dan pengembangan kompetensi, evaluasi 2026-TW3 "
        "(siklus ke-1): 2 tindak lanjut terbuka (Joko Susilo, Sari <script>alert(1)</script>"
    ) in pkm
    assert "(javascript:alert(1))); 1 dilaporkan berjalan\r\n" in pkm
    assert (
        "2. Puskesmas Kota: Tindakan korektif layanan, evaluasi 2026-TW3 (siklus ke-1): 1 "
        "tindak lanjut terbuka\r\n"
    ) in pkm
    assert "Tenggat: Kamis, 12 November 2026 (3 hari kerja lagi)" in pkm
    assert "laporkan hasilnya kepada pengelola kebijakan, yang menutup tindak lanjut itu" in pkm
    to = "kepala.dukcapil@contoh.example"
    dukcapil = next(m for m in mailbox.messages if m["To"].addresses[0].addr_spec == to)
    assert dukcapil["Subject"] == (
        "[Siklus] Pengingat: Dinas Kependudukan dan Pencatatan Sipil: 1 tindak lanjut 2026-TW3 "
        "jatuh tempo 12 November 2026"
    )
    assert "1 tindak lanjut terbuka (Fajar Nugroho)" in got["kepala.dukcapil@contoh.example"]
    assert (
        "Telaah kebijakan, evaluasi 2026-TW3 (siklus ke-1): 1 tindak lanjut terbuka ("
        in (got["rina@contoh.example"])
    )

    # Fajar's coaching is done: closed, it leaves the board; the rest is late on Friday.
    coaching = FollowUpAction.rule == "coaching"
    fajar = session.exec(
        select(FollowUpAction).where(coaching, FollowUpAction.subject == national.BP_DUK)
    ).one()
    actions.close_action(session=session, organisation=None, action_id=fajar.id or 0,
                         actor="rina", note="Pembinaan dilaksanakan 10 November 2026.")  # fmt: skip
    session.commit()
    friday = date(2026, 11, 13)
    late = deadlines.overdue_items(session, None, friday)
    assert [(i.unit, i.rule, i.count) for i in late] == [
        ("", "policy_review", 1),
        ("Badan Kepegawaian dan Pengembangan SDM", "talent_pool", 2),
        ("Puskesmas Kota", "coaching", 2),
        ("Puskesmas Kota", "corrective_ikm", 1),
    ]
    assert {i.working_days for i in late} == {1}
    before = len(mailbox.messages)
    escalated = _sweep(session, mailbox, friday)
    assert {m.kind for m in escalated.messages} == {"escalation"}
    leaders = {m.recipient for m in escalated.messages}
    assert leaders == {"sekda@contoh.example", "kaban@contoh.example"}
    body = mailbox.messages[before].get_content()
    assert body.count("tindak lanjut terbuka") == 4 and "Fajar Nugroho" not in body
    assert "Tenggat: Kamis, 12 November 2026, terlambat 1 hari kerja" in body


def test_an_action_carried_into_the_next_cycle_stays_on_the_board_until_closed(
    session: Session, tmp_path: Path
) -> None:
    """Cycle 1's TW III actions are not done when cycle 2 opens: its needs analysis carries
    them (the old cycle is closed), and they stay overdue on the board until closed."""
    from policy.models import FollowUpAction
    from policy.services import actions, evaluation, needs_analysis
    from tests.policy.services import test_evaluation as national
    from tests.policy.services.test_schedule import implementation_approved

    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    implementation_approved(session, "contoh")
    cycle_service.open_cycle(session=session, organisation="contoh", actor="rina")
    ref = cycle_service.begin_stage(session=session, organisation="contoh", cycle=None,
                                    stage=Stage.NEEDS_ANALYSIS, actor="rina")  # fmt: skip
    needs_analysis.produce(session=session, run_id=ref.run_id, actor="rina",
                           as_of=date(2027, 1, 20))  # fmt: skip
    carried = session.exec(select(FollowUpAction).where(FollowUpAction.status == "carried")).all()
    assert len(carried) == 7
    late = deadlines.overdue_items(session, None, date(2027, 1, 21))
    actions_late = [i for i in late if i.kind == deadlines.ACTION]
    assert sum(i.count for i in actions_late) == 7 and {i.cycle for i in actions_late} == {1}
    assert {i.period for i in actions_late} == {"2026-TW3"}
    for action in carried:
        actions.close_action(session=session, organisation=None, action_id=action.id or 0,
                             actor="rina", note="Selesai di siklus 2")  # fmt: skip
    later = deadlines.overdue_items(session, None, date(2027, 1, 21))
    assert [i for i in later if i.kind == deadlines.ACTION] == []
