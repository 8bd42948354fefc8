"""Personal-data protection (UU 27/2022): a subject's data by NIP, failures and their notices."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from policy import audit
from policy.db import session_scope
from policy.locale import format_datetime
from policy.models import AuditEvent, DataIncident, EkinerjaRating, Employee
from policy.packs import PackError, load_pack
from policy.services import evaluation, privacy, privacy_breaches, privacy_requests, retention
from policy.services.common import ServiceError, get_org
from policy.services.employee_sheets import publish_employee_sheets
from policy.services.evaluation_export import export_results
from policy.settings import Settings
from siklus.cli import app
from tests.factories import write_pack
from tests.policy.services import test_evaluation as national

runner = CliRunner()
WIB = ZoneInfo("Asia/Jakarta")
FAJAR, ANDI = national.BP_DUK, national.KADIS
OFFICER = {"name": "Rahmat Hidayat, S.Kom.", "title": "Kepala Bidang Persandian",
           "email": "ppdp@contoh.example", "phone": "(0754) 61234"}  # fmt: skip


def _pack(officer: bool = True) -> dict[str, Any]:
    data = national.pack()
    if officer:
        data["data_protection"] = {"officer": OFFICER}
    return data


def _evaluated(session: Session, folder: Path, officer: bool = True) -> None:
    run_id = national.start_run(session, folder, _pack(officer))
    national.ingest_all(session, folder, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)


def _record(session: Session, known_at: datetime, nips: tuple[str, ...] = (FAJAR, ANDI)) -> Any:
    return privacy_breaches.record_incident(
        session=session, organisation=None, actor="rina", known_at=known_at,
        occurred="Berkas ekspor hasil TW III terkirim ke alamat surel yang salah",
        data="NIP, nama, unit dan predikat TW III 2026",
        handling="Penerima diminta menghapus berkas; akses ekspor dibatasi", nips=nips,
    )  # fmt: skip


def found_org(session: Session) -> int:
    return get_org(session, None).id or 0


def test_a_subjects_data_is_found_by_nip_and_the_lookup_audited(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    found = privacy.subject_data(session=session, organisation=None, nip=FAJAR, actor="rina")
    records = {r.what: (r.count, r.detail) for r in found.records}
    assert found.name == "Fajar Nugroho"
    assert records["Data pegawai (daftar pegawai)"][1].startswith(
        "Fajar Nugroho; PNS; Pengadministrasi; unit DUKCAPIL; atasan NIP 19660801 198803 1 001"
    )
    assert records["Rating e-Kinerja"] == (1, "periode 2026-TW3")
    assert records["Tindak lanjut hasil evaluasi tentang dirinya"] == (1, "status terbuka")
    assert records["Daftar yang mencantumkannya (semua versi)"] == (
        1, "Rekomendasi Tindak Lanjut Triwulan III 2026"
    )  # fmt: skip
    # Andi is Fajar's supervisor: his NIP is on the data of the five he supervises.
    andi = privacy.subject_data(session=session, organisation=None, nip=ANDI, actor="rina")
    assert {r.what: r.count for r in andi.records}[
        "Atasan langsung pegawai lain (NIP-nya tercatat pada data mereka)"
    ] == 4
    lookups = session.exec(
        select(AuditEvent.subject_id).where(AuditEvent.action == "privacy.subject_lookup")
    ).all()
    assert lookups == [FAJAR, ANDI]
    # The first lookup is an event about Fajar: a second one finds it in the audit trail,
    # as it finds an event that only names his NIP in its details.
    audit.record(
        session,
        actor="rina",
        action="objection.filed",
        subject_type="objection",
        subject_id="7",
        organisation_id=found_org(session),
        payload={"nip": FAJAR},
    )
    session.commit()
    again = privacy.subject_data(session=session, organisation=None, nip=FAJAR, actor="rina")
    assert {r.what: (r.count, r.detail) for r in again.records}[
        "Peristiwa jejak audit tentang dirinya atau yang menyebut NIP-nya"
    ] == (2, "jenis objection.filed, privacy.subject_lookup")
    with pytest.raises(ServiceError, match="tidak ada di data"):
        privacy.subject_data(session=session, organisation=None, nip="199001012015031999",
                             actor="rina")  # fmt: skip
    with pytest.raises(ServiceError):
        privacy.subject_data(session=session, organisation=None, nip=FAJAR, actor="budi")


def test_a_failure_is_registered_with_its_deadline_and_refused_when_wrong(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    known = datetime(2026, 11, 20, 14, 30, tzinfo=WIB)
    with pytest.raises(ServiceError, match="masih akan datang"):
        _record(session, datetime.now(UTC) + timedelta(days=1))
    with pytest.raises(ServiceError, match="tidak ada di daftar pegawai contoh: 19900101 "):
        _record(session, known, (FAJAR, "199001012015031999"))
    with pytest.raises(ServiceError, match="bukan NIP yang sah|Bukan NIP yang sah"):
        _record(session, known, ("12345",))
    assert session.exec(select(DataIncident)).all() == []
    first = _record(session, known)
    assert (first.number, sorted(first.subjects)) == (1, sorted((FAJAR, ANDI)))
    assert first.known_at == known.astimezone(UTC)
    assert first.due_at == datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # 14.30 WIB + 72 hours
    assert _record(session, known, ()).number == 2  # no identifiable subject: the authority only
    [listed_two, listed_one] = privacy_breaches.list_incidents(session=session, organisation=None,
                                                               actor="rina")  # fmt: skip
    assert (listed_two.number, listed_one.number) == (2, 1)
    assert listed_one.late and listed_one.notified_at is None  # past the deadline, not told


def test_notices_go_to_the_authority_and_each_employee_naming_the_officer(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    known = datetime.now(WIB).replace(second=0, microsecond=0) - timedelta(hours=2)
    _record(session, known)
    result = privacy_breaches.issue_notices(session=session, organisation=None, number=1,
                                            actor="rina", locales=("id", "en"))  # fmt: skip
    assert result.first and not result.incident.late
    keys = sorted({(d.key, d.locale) for d in result.documents})
    assert keys == sorted(
        (k, loc)
        for k in ("pemberitahuan-pdp-1-lembaga", f"pemberitahuan-pdp-1-{FAJAR}",
                  f"pemberitahuan-pdp-1-{ANDI}")
        for loc in ("id", "en")
    )  # fmt: skip
    text = {
        (d.key, d.locale): Path(d.md_path).read_text(encoding="utf-8") for d in result.documents
    }
    authority = text[("pemberitahuan-pdp-1-lembaga", "id")]
    assert "Kepada Yth.\\\nLembaga Penyelenggara Pelindungan Data Pribadi" in authority
    assert "**Subjek data pribadi yang terdampak:** 2 pegawai" in authority
    assert (
        f"diketahuinya pada {format_datetime(known, 'id', 'Asia/Jakarta')} (register" in authority
    )
    assert format_datetime(known, "id", "Asia/Jakarta").endswith(known.strftime("%H.%M WIB"))
    assert "Rahmat Hidayat, S.Kom., Kepala Bidang Persandian; surel ppdp@contoh.example" in (
        authority
    )
    letter = text[(f"pemberitahuan-pdp-1-{FAJAR}", "id")]
    assert "Sdr. Fajar Nugroho\\\nNIP 19851220 201001 1 004" in letter
    assert "**Data pribadi yang terungkap:** NIP, nama, unit dan predikat TW III 2026" in letter
    assert "Andi Saputra" not in letter  # one employee's letter names no other
    english = text[(f"pemberitahuan-pdp-1-{FAJAR}", "en")]
    assert "Under Article 46 of Law No. 27 of 2022 on Personal Data Protection" in english
    # Issued again unchanged: the same versions, and the first issue's time stays.
    again = privacy_breaches.issue_notices(session=session, organisation=None, number=1,
                                           actor="rina", locales=("id", "en"))  # fmt: skip
    assert not again.first and not any(d.new for d in again.documents)
    assert again.incident.notified_at == result.incident.notified_at
    with pytest.raises(ServiceError, match="nomor 9 tidak ada"):
        privacy_breaches.issue_notices(session=session, organisation=None, number=9, actor="rina")


def test_without_an_officer_the_letter_points_to_the_policy_officers(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path, officer=False)
    _record(session, datetime.now(UTC) - timedelta(hours=1), (FAJAR,))
    result = privacy_breaches.issue_notices(
        session=session, organisation=None, number=1, actor="rina"
    )
    letter = next(d for d in result.documents if d.key.endswith(FAJAR))
    body = Path(letter.md_path).read_text(encoding="utf-8")
    assert "silakan menghubungi pengelola kebijakan di Pemerintah Kota Contoh" in body
    assert "pejabat pelindungan data pribadi:" not in body


def test_the_commands_record_list_and_notify(settings: Settings, tmp_path: Path) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
    nips = tmp_path / "nip.txt"
    nips.write_text(f"{FAJAR}\n\n19660801 198803 1 001\n", encoding="utf-8")
    argv = ["pdp", "incident", "record", "--known-at", "2026-11-20 14:30", "--occurred",
            "Laptop berisi ekspor hasil hilang", "--data", "NIP, nama, predikat",
            "--handling", "Dilaporkan ke polisi; kata sandi akun diganti", "--nip-file",
            str(nips), "--as", "rina"]  # fmt: skip
    done = runner.invoke(app, argv, env={"COLUMNS": "240"})
    assert done.exit_code == 0, done.output
    assert "nomor 1 dicatat: 2 pegawai terkena" in done.output
    assert "paling lambat 23 November 2026 14.30 WIB" in done.output
    bad = runner.invoke(app, [*argv[:4], "20/11/2026 14:30", *argv[5:]])
    assert bad.exit_code == 1 and "--known-at harus berbentuk YYYY-MM-DD JJ:MM" in bad.output
    told = runner.invoke(app, ["pdp", "incident", "notify", "1", "--as", "rina"],
                         env={"COLUMNS": "240"})  # fmt: skip
    assert told.exit_code == 0, told.output
    assert "3 surat pemberitahuan diterbitkan (2 pegawai dan lembaga)" in told.output
    assert "lewat batas 3 × 24 jam" in told.output  # known on 20 November, told later
    listed = runner.invoke(app, ["pdp", "incident", "list", "--as", "rina"],
                           env={"COLUMNS": "240"})  # fmt: skip
    assert listed.exit_code == 0 and "LEWAT BATAS" in listed.output
    found = runner.invoke(app, ["pdp", "subject", FAJAR, "--as", "rina"], env={"COLUMNS": "240"})
    assert found.exit_code == 0, found.output
    assert "Kegagalan pelindungan data pribadi yang mengenainya" in found.output
    assert "Dokumen yang memuat namanya" in found.output  # the notice names him
    kept = runner.invoke(app, ["pdp", "retention", "--as", "rina"], env={"COLUMNS": "240"})
    assert kept.exit_code == 0 and "semua data disimpan" in kept.output
    refused = runner.invoke(app, ["pdp", "retention", "--apply", "--reason", "JRA", "--as", "rina"])
    assert refused.exit_code == 1  # an officer may not order a destruction


def test_records_past_their_retention_are_listed_then_destroyed_on_a_leaders_order(
    session: Session, tmp_path: Path
) -> None:
    data = _pack()
    data["data_protection"]["retention"] = {"ekinerja": 1, "penilaian_360": 2}
    run_id = national.start_run(session, tmp_path, data)
    national.ingest_all(session, tmp_path, run_id)
    # TW III 2026 ends on 30 September 2026: kept one year, it is due on 1 October 2027.
    [ekinerja, ratings] = retention.past_retention(
        session=session, organisation=None, actor="rina", today=date(2027, 9, 30)
    )
    assert (ekinerja.kind, ekinerja.cutoff, ekinerja.periods) == (
        "ekinerja", date(2026, 9, 30), ()
    )  # fmt: skip
    assert (ratings.kind, ratings.years, ratings.rows) == ("penilaian_360", 2, 0)
    due = retention.past_retention(session=session, organisation=None, actor="rina",
                                   today=date(2027, 10, 1))  # fmt: skip
    assert due[0].periods == (("2026-TW3", 8),)
    with pytest.raises(ServiceError):  # an officer lists; a leader or admin orders
        retention.destroy(session=session, organisation=None, actor="rina", reason="JRA",
                          today=date(2027, 10, 1))  # fmt: skip
    with pytest.raises(ServiceError, match="dasar pemusnahan"):
        retention.destroy(session=session, organisation=None, actor="sekda", reason=" ",
                          today=date(2027, 10, 1))  # fmt: skip
    done = retention.destroy(session=session, organisation=None, actor="sekda",
                             reason="JRA Perwali 12/2024; nota dinas Sekda 800/123",
                             locales=("id", "en"), today=date(2027, 10, 1))  # fmt: skip
    assert done.rows == 8
    assert session.exec(select(func.count()).select_from(EkinerjaRating)).one() == 0
    assert session.exec(select(func.count()).select_from(Employee)).one() == 9  # kept
    record = next(d for d in done.documents if d.locale == "id")
    text = Path(record.md_path).read_text(encoding="utf-8")
    assert "Dasar pemusnahan: JRA Perwali 12/2024; nota dinas Sekda 800/123" in text
    assert "| 1 | rating e-Kinerja | 1 tahun | 1 Oktober 2026 | 2026-TW3 | 8 |" in text
    assert "**Rahmat Hidayat, S.Kom.**" in text  # the PPDP signs beside the leader
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "privacy.destroyed")).one()
    assert event.payload["kinds"]["ekinerja"]["periods"] == {"2026-TW3": 8}
    with pytest.raises(ServiceError, match="Tidak ada data pribadi yang melewati"):
        retention.destroy(session=session, organisation=None, actor="sekda", reason="JRA",
                          today=date(2027, 10, 1))  # fmt: skip


def test_a_pack_names_only_kinds_it_may_keep_for_a_time(tmp_path: Path) -> None:
    data = _pack()
    data["data_protection"]["retention"] = {"skm": 5, "ekinerja": 0}
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, data))
    message = str(caught.value)
    assert "data_protection.retention.skm.[key]: harus salah satu dari: 'penilaian_360'" in message
    assert "data_protection.retention.ekinerja: paling kecil 1 (tertulis: 0)" in message


def test_a_restriction_request_is_decided_and_a_granted_one_keeps_the_employee_out_of_exports(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    received = datetime(2026, 11, 20, 9, 15, tzinfo=WIB)
    with pytest.raises(ServiceError, match="tidak ada di daftar pegawai"):
        privacy_requests.record_request(session=session, organisation=None, actor="rina",
                                        nip="199001012015031999", received_at=received,
                                        request="Jangan ekspor hasil saya")  # fmt: skip
    first = privacy_requests.record_request(session=session, organisation=None, actor="rina",
                                            nip=FAJAR, received_at=received,
                                            request="Hasil saya tidak diekspor")  # fmt: skip
    assert (first.number, first.name, first.decision) == (1, "Fajar Nugroho", "")
    assert first.due_at == datetime(2026, 11, 23, 2, 15, tzinfo=UTC)  # 09.15 WIB + 72 hours
    with pytest.raises(ServiceError, match="--until hanya untuk"):
        privacy_requests.decide_request(session=session, organisation=None, actor="rina",
                                        number=1, granted=False, grounds="PP 30/2019",
                                        until=date(2027, 1, 1))  # fmt: skip
    decided = privacy_requests.decide_request(
        session=session, organisation=None, actor="rina", number=1, granted=True,
        grounds="Tidak ada kewajiban mengirim hasil ke aplikasi lain", until=date(2027, 6, 30),
    )  # fmt: skip
    assert (decided.decision, decided.until, decided.late) == ("granted", date(2027, 6, 30), True)
    with pytest.raises(ServiceError, match="sudah dikabulkan oleh rina"):
        privacy_requests.decide_request(session=session, organisation=None, actor="rina",
                                        number=1, granted=False, grounds="x")  # fmt: skip
    assert privacy_requests.restricted_nips(session, 1, date(2027, 6, 30)) == {FAJAR}
    assert privacy_requests.restricted_nips(session, 1, date(2027, 7, 1)) == set()
    exported = export_results(session=session, organisation=None, cycle=None, period="2026-TW3",
                              actor="rina", fmt="rfc4180", filename="hasil.csv")  # fmt: skip
    assert exported.withheld == 1 and exported.rows == 7
    assert FAJAR not in exported.content.decode("utf-8")
    found = privacy.subject_data(session=session, organisation=None, nip=FAJAR, actor="rina")
    assert ("Permintaan pembatasan pemrosesan datanya", 1, "nomor 1") in [
        (r.what, r.count, r.detail) for r in found.records
    ]


def test_the_request_commands(settings: Settings, tmp_path: Path) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
    done = runner.invoke(app, ["pdp", "request", "record", FAJAR, "--received-at",
                               "2026-11-20 09:15", "--request", "Jangan ekspor hasil saya",
                               "--as", "rina"], env={"COLUMNS": "240"})  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Permintaan nomor 1 (Fajar Nugroho) dicatat" in done.output
    assert "paling lambat 23 November 2026 09.15 WIB" in done.output
    vague = runner.invoke(app, ["pdp", "request", "decide", "1", "--grounds", "x", "--as", "rina"])
    assert vague.exit_code == 1 and "--grant (kabulkan) atau --refuse (tolak)" in vague.output
    refused = runner.invoke(app, ["pdp", "request", "decide", "1", "--refuse", "--grounds",
                                  "Kewajiban hukum (PP 30/2019)", "--as", "rina"],
                            env={"COLUMNS": "240"})  # fmt: skip
    assert refused.exit_code == 0, refused.output
    assert "Permintaan nomor 1 (Fajar Nugroho) ditolak." in refused.output
    assert "lewat batas 3 × 24 jam" in refused.output
    listed = runner.invoke(app, ["pdp", "request", "list", "--as", "rina"], env={"COLUMNS": "240"})
    assert listed.exit_code == 0 and "ditolak — LEWAT BATAS" in listed.output


def test_a_private_sheet_names_the_law_and_the_officer_to_ask(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    [sheet] = publish_employee_sheets(session=session, organisation=None, cycle=None,
                                      period="2026-TW3", actor="rina", nips=[FAJAR])  # fmt: skip
    text = Path(sheet.md_path).read_text(encoding="utf-8")
    assert (
        "Data pribadi dalam lembar ini diproses menurut Undang-Undang Nomor 27 Tahun 2022 "
        "tentang Pelindungan Data Pribadi, untuk penilaian kinerja yang diwajibkan PP 30/2019. "
        "Pertanyaan atau permintaan tentang data pribadi Saudara: Rahmat Hidayat, S.Kom. "
        "(pejabat pelindungan data pribadi), ppdp@contoh.example."
    ) in text
