"""The register of objections (keberatan) to an evaluated period's results (PP 30/2019 Pasal 59).

An employee objects to the result within 14 days of receiving it, to the superior of the
assessing official; the officer registers it, records the superior's final decision, and a
changed result goes through the period's correction until the data and the employee's sheet
give it. Dates are given explicitly: the days are the point.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from policy.db import ensure_schema, make_engine
from policy.evaluation.objection import last_day
from policy.models import AuditEvent, Document, Objection, Organisation, Stage
from policy.services import cycle as cycle_service
from policy.services import employee_sheets, objection_register, objections
from policy.services.common import ServiceError, get_org
from policy.services.imports import ingest_file
from policy.settings import Settings
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_reopen as reopen

PERIOD = national.PERIOD
FAJAR = national.BP_DUK  # Butuh Perbaikan (di bawah ekspektasi / sesuai ekspektasi)
DEWI = national.SB_DUK  # Sangat Baik; Fajar's supervisor in the staff list below
# Fajar reports to Dewi, who reports to the Kepala Dinas: the Kepala Dinas decides.
STAFF = national.PEGAWAI.replace(
    f"{FAJAR};Fajar Nugroho;PNS;Pengadministrasi;DUKCAPIL;{national.KADIS};",
    f"{FAJAR};Fajar Nugroho;PNS;Pengadministrasi;DUKCAPIL;{DEWI};",
)
RECEIVED, FILED, DECIDED, TODAY = (date(2026, 10, d) for d in (16, 20, 27, 31))
REASON = "Target SKP triwulan III tidak dapat dicapai karena aplikasi layanan tidak berfungsi."
GROUNDS = "Gangguan aplikasi di luar kendali pegawai (berita acara 12 Agustus 2026)."


def _evaluated(session: Session, tmp_path: Path, data: dict[str, Any] | None = None) -> str:
    """TW III evaluated with Fajar under Dewi (`STAFF`), on the national pack or `data`."""
    assert STAFF != national.PEGAWAI
    run_id = national.start_run(session, tmp_path, data or national.pack())
    org = get_org(session, None)
    ingest_file(session, org, "pegawai", write_file(tmp_path, "pegawai-2.csv", STAFF), "rina")
    session.commit()
    reopen._evaluate(session, tmp_path, run_id, national.EKINERJA, "ekinerja.csv")
    return org.code


def _file(
    session: Session,
    *,
    nip: str = FAJAR,
    actor: str = "rina",
    received_on: date | None = RECEIVED,
    filed_on: date | None = FILED,
    today: date | None = TODAY,
    to: str | None = None,
) -> objections.Filed:
    return objections.file_objection(
        session=session, organisation=None, cycle=None, period=PERIOD, nip=nip, reason=REASON,
        actor=actor, received_on=received_on, filed_on=filed_on, today=today, to=to,
    )  # fmt: skip


def _decide(
    session: Session,
    number: int,
    *,
    outcome: str = "diubah",
    predikat: str | None = "Baik",
    decided_on: date = DECIDED,
    decided_by: str | None = None,
) -> objections.Decided:
    return objections.decide_objection(
        session=session, organisation=None, number=number, outcome=outcome, predikat=predikat,
        consideration=GROUNDS, actor="rina", decided_on=decided_on, decided_by=decided_by,
        today=TODAY,
    )  # fmt: skip


def _sheet(session: Session, nip: str = FAJAR, locale: str = "id") -> str:
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation=None, cycle=None, period=PERIOD, actor="rina",
        nips=[nip], locales=("id", "en"), as_of=national.AS_OF,
    )  # fmt: skip
    return Path(next(d for d in docs if d.locale == locale).md_path).read_text(encoding="utf-8")


def _register(session: Session, locale: str = "id") -> str:
    docs = objection_register.publish_register(
        session=session, organisation=None, cycle=None, period=PERIOD, actor="rina",
        locales=("id", "en"), as_of=TODAY,
    )  # fmt: skip
    return Path(next(d for d in docs if d.locale == locale).md_path).read_text(encoding="utf-8")


def test_an_objection_in_time_is_registered_against_the_result_it_objects_to(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    # Before any objection, the sheet tells the employee the right, the days and to whom.
    sheet = _sheet(session)
    assert "## 3. Keberatan" in sheet
    assert (
        "kepada atasan dari Pejabat Penilai Kinerja Saudara (Andi Saputra, Kepala Dinas) paling "
        "lama 14 hari sejak lembar ini diterima (PP 30/2019 Pasal 59)"
    ) in sheet
    en = _sheet(session, locale="en")
    assert "(Andi Saputra, Kepala Dinas) within 14 days of receiving this sheet" in en
    # The e-Kinerja ratings in the document's language.
    assert "| below expectations | as expected | Butuh Perbaikan |" in en
    assert "| di bawah ekspektasi | sesuai ekspektasi | Butuh Perbaikan |" in sheet

    done = _file(session, filed_on=date(2026, 10, 30))  # the 14th day after 16 October
    assert (done.number, done.nip, done.period, done.predikat) == (1, FAJAR, PERIOD,
                                                                   "Butuh Perbaikan")  # fmt: skip
    assert (done.addressee, done.last_day) == ("Andi Saputra, Kepala Dinas", date(2026, 10, 30))
    row = session.exec(select(Objection)).one()
    assert (row.unit_code, row.received_on, row.filed_on, row.addressee_nip, row.outcome) == (
        "DUKCAPIL", RECEIVED, date(2026, 10, 30), national.KADIS, "diajukan")  # fmt: skip
    assert row.reason == REASON and row.recorded_by == "rina"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "objection.filed")).one()
    assert event.payload["number"] == 1 and event.payload["predikat"] == "Butuh Perbaikan"

    # The sheet issued after it says it is being examined; no second objection.
    assert "diajukan 30 Oktober 2026 dan tercatat dengan nomor 1, sedang diperiksa" in _sheet(
        session
    )
    second = r"sudah tercatat \(nomor 1\).*tidak ada keberatan kedua"
    with pytest.raises(ServiceError, match=second):
        _file(session)


def test_a_late_objection_or_one_without_a_result_is_refused_and_nothing_is_kept(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    with pytest.raises(ServiceError) as late:
        _file(session, filed_on=date(2026, 10, 31))
    assert "1 hari sesudah batas waktunya" in str(late.value)
    assert "paling lambat 30 Oktober 2026" in str(late.value)
    with pytest.raises(ServiceError, match="tidak mempunyai hasil penilaian pada periode 2026-TW3"):
        _file(session, nip=national.UNRATED_PKM)
    with pytest.raises(ServiceError, match="belum tiba"):
        _file(session, filed_on=date(2026, 11, 2))
    # Dewi's supervisor is the Kepala Dinas, above whom the staff list names no one.
    with pytest.raises(ServiceError, match=r"Atasan dari Pejabat Penilai Kinerja Dewi.*--to"):
        _file(session, nip=DEWI)
    assert session.exec(select(Objection)).all() == []
    assert not session.exec(select(AuditEvent).where(AuditEvent.action == "objection.filed")).all()
    # Named by the officer, by title, it is registered.
    done = _file(session, nip=DEWI, to="Sekretaris Daerah")
    assert (done.number, done.addressee, done.predikat) == (1, "Sekretaris Daerah", "Sangat Baik")


def test_the_received_day_defaults_to_the_day_the_sheet_was_issued(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    with pytest.raises(ServiceError, match="belum diterbitkan di Siklus: sebutkan tanggal"):
        _file(session, received_on=None, filed_on=None, today=None)
    _sheet(session)
    issued = session.exec(
        select(Document.created_at).where(Document.kind == "lembar_pegawai")
    ).first()
    assert issued is not None
    row = _file(session, received_on=None, filed_on=None, today=None)
    stored = session.exec(select(Objection)).one()
    assert stored.received_on == stored.filed_on  # issued and filed today
    assert row.last_day == last_day(stored.received_on)


def test_a_changed_result_is_followed_until_the_data_and_the_sheet_give_it(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    reopen._approve(session)
    _file(session)
    with pytest.raises(ServiceError, match="sama dengan predikat semula"):
        _decide(session, 1, predikat="butuh perbaikan")
    with pytest.raises(ServiceError, match="sebelum keberatan diajukan"):
        _decide(session, 1, decided_on=date(2026, 10, 19))
    done = _decide(session, 1)
    assert (done.outcome, done.predikat_before, done.predikat_after) == (
        "diubah", "Butuh Perbaikan", "Baik")  # fmt: skip
    assert "siklus review reopen --period 2026-TW3" in done.next_steps[0]
    assert "Keputusan atas keberatan nomor 1" in done.next_steps[0]
    assert f"siklus evaluation sheets --period 2026-TW3 --nip {FAJAR}" in done.next_steps[1]
    with pytest.raises(ServiceError, match="sudah diputuskan .*bersifat final"):
        _decide(session, 1, outcome="tetap", predikat=None)

    register = _register(session)
    assert "| 1 | 0 | 0 | 1 | 0 |" in register  # one objection, changed, not in the data yet
    assert (
        "| Butuh Perbaikan | 16 Oktober 2026 | 20 Oktober 2026 (30 Oktober 2026) | diubah menjadi "
        "Baik, 27 Oktober 2026 | Butuh Perbaikan, **belum sesuai keputusan** |"
    ) in register
    assert "Diputuskan oleh Andi Saputra, Kepala Dinas pada 27 Oktober 2026" in register
    assert GROUNDS in register and REASON in register
    # The sheet issued before the correction does not pretend the change is in.
    sheet = _sheet(session)
    assert "predikat **diubah menjadi Baik**" in sheet
    assert "Hasil pada lembar ini belum memuat perubahan itu" in sheet

    # The correction: reopen, import, run again, approve, issue the sheet again.
    reopen._reopen(session, reason=done.next_steps[0])
    corrected = national.EKINERJA.replace(reopen.OBJECTED, reopen.UPHELD)
    ingest_file(session, get_org(session, None), "ekinerja",
                write_file(tmp_path, "ekinerja-koreksi.csv", corrected), "rina")  # fmt: skip
    session.commit()
    cycle_service.begin_stage(session=session, organisation=None, cycle=None,
                              stage=Stage.EVALUATION, actor="rina", period=PERIOD)  # fmt: skip
    reopen._evaluate(session, tmp_path, 1, corrected, "k.csv")
    reopen._approve(session)
    assert "| Baik, sesuai keputusan; lembar pribadi belum diterbitkan ulang |" in _register(
        session
    )
    sheet = _sheet(session)
    assert "| Predikat | **Baik** |" in sheet and "belum memuat perubahan" not in sheet
    en = _register(session, "en")
    assert "| 1 | 0 | 0 | 1 | 1 |" in en
    assert "the decision is final (PP 30/2019 Article 59)." in en and "Pasal" not in en
    assert "keputusannya bersifat final (PP 30/2019 Pasal 59)." in _register(session)
    assert "| Baik, as decided; personal sheet issued again on" in en
    versions = session.exec(
        select(Document.version)
        .where(Document.kind == "daftar_keberatan", Document.locale == "id")
        .order_by(col(Document.version))
    ).all()
    assert versions == [1, 2, 3]


def test_an_upheld_result_and_an_empty_register(session: Session, tmp_path: Path) -> None:
    _evaluated(session, tmp_path)
    assert "Tidak ada keberatan atas hasil penilaian periode Triwulan III 2026" in _register(
        session
    )
    _file(session)
    with pytest.raises(ServiceError, match="tidak menetapkan predikat baru"):
        _decide(session, 1, outcome="tetap")
    done = _decide(session, 1, outcome="tetap", predikat=None, decided_by="  Plt. Kepala Dinas ")
    assert done.next_steps == ()
    register = _register(session)
    assert "| 1 | 0 | 1 | 0 | 0 |" in register
    assert "| tetap, 27 Oktober 2026 | Butuh Perbaikan |" in register
    assert "Diputuskan oleh Plt. Kepala Dinas pada 27 Oktober 2026: predikat tetap" in register
    assert "predikat **tetap Butuh Perbaikan**" in _sheet(session)
    listed = objection_register.objections(session=session, organisation=None, actor="rina")
    assert [(p, e.number, e.outcome, e.applied) for p, e in listed] == [
        (PERIOD, 1, "tetap", None)]  # fmt: skip


def test_the_region_s_secretary_is_named_in_english(session: Session, tmp_path: Path) -> None:
    """An objection filed with the Sekretaris Daerah: the English register and sheet name
    the post in English, the Indonesian ones as written."""
    _evaluated(session, tmp_path)
    _file(session, to="Sekretaris Daerah")
    _decide(
        session, 1, outcome="tetap", predikat=None, decided_by="Budi Santoso, Sekretaris Daerah"
    )
    en = _register(session, "en")
    assert "**, filed with Regional Secretary. Reasons:" in en
    assert "Decided by Budi Santoso, Regional Secretary on 27 October 2026" in en
    assert "was decided by Budi Santoso, Regional Secretary on 27 October 2026" in _sheet(
        session, locale="en"
    )
    assert "Diputuskan oleh Budi Santoso, Sekretaris Daerah pada 27 Oktober 2026" in _register(
        session
    )


def test_only_those_who_see_private_results_keep_the_register(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    with pytest.raises(ServiceError, match="tidak berwenang mencatat keberatan"):
        _file(session, actor="budi")


def test_a_weighted_360_result_is_the_run_s_score(session: Session, tmp_path: Path) -> None:
    from tests.policy.services import test_evaluation_360 as w360

    w360.produce(session, tmp_path, w360.pack())
    # Yohanes (a teacher) scored 40,00, Sangat Kurang, in the 360 run; e-Kinerja has nothing
    # of him. His supervisor, the head of school, has no superior in the staff list.
    done = objections.file_objection(
        session=session, organisation=None, cycle=None, period=PERIOD, nip=w360.GURU2,
        reason=REASON, actor="rina", received_on=RECEIVED, filed_on=FILED, today=TODAY,
        to="Kepala Dinas Pendidikan",
    )  # fmt: skip
    assert (done.name, done.predikat, done.addressee) == (
        "Yohanes Kareth", "Sangat Kurang", "Kepala Dinas Pendidikan")  # fmt: skip
    with pytest.raises(ServiceError, match="tidak terdaftar sebagai pegawai"):
        _file(session, nip=w360.EKO, to="196512121990031001")  # a NIP outside the staff list
    # Decided with a predikat of the same scale; the register reads the run's scores.
    _decide(session, done.number, predikat="Butuh Perbaikan")
    (entry,) = [e for _, e in objection_register.objections(
        session=session, organisation=None, actor="rina", period=PERIOD)]  # fmt: skip
    assert (entry.current, entry.applied) == ("Sangat Kurang", False)


def test_a_decision_taken_meanwhile_is_not_overwritten(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _evaluated(session, tmp_path)
    _file(session)
    read = objections.get_objection

    def read_then_decided_elsewhere(s: Session, org: Organisation, number: int) -> Objection:
        row = read(s, org, number)  # still pending when this decision read it
        monkeypatch.setattr(objections, "get_objection", read)
        with Session(session.get_bind()) as other:
            _decide(other, number, outcome="tetap", predikat=None, decided_by="Sekda")
        return row

    monkeypatch.setattr(objections, "get_objection", read_then_decided_elsewhere)
    with pytest.raises(ServiceError, match="baru saja diputuskan oleh orang lain"):
        _decide(session, 1)
    session.expire_all()
    row = session.exec(select(Objection)).one()
    assert (row.outcome, row.predikat_after, row.decided_by) == ("tetap", "", "Sekda")
    decided = session.exec(select(AuditEvent).where(AuditEvent.action == "objection.decided"))
    assert [e.payload["outcome"] for e in decided] == ["tetap"]


def test_objections_filed_at_the_same_moment_each_get_their_own_number(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    """Eight officers register eight objections at once: numbers 1 … 8, none lost."""
    own = None
    if engine.dialect.name == "sqlite":  # the tests' SQLite is in memory: threads need a file
        own = engine = make_engine(f"sqlite:///{settings.data_dir / 'serentak.db'}")
        ensure_schema(engine)
    with Session(engine, expire_on_commit=False) as s:
        _evaluated(s, tmp_path)
    rated = [national.KADIS, national.SB_DUK, national.B_DUK, national.BP_DUK,
             national.PPPK_DUK, national.KAPUS, national.SK_PKM, national.K_PKM]  # fmt: skip
    start = threading.Barrier(len(rated))

    def file(nip: str) -> int:
        with Session(engine, expire_on_commit=False) as s:
            start.wait()
            return _file(s, nip=nip, to="Sekretaris Daerah").number

    with ThreadPoolExecutor(len(rated)) as pool:
        numbers = list(pool.map(file, rated))
    assert sorted(numbers) == list(range(1, 9))
    with Session(engine) as s:
        stored = s.exec(select(Objection.number, Objection.nip)).all()
        assert sorted(n for n, _ in stored) == list(range(1, 9))
        assert {nip for _, nip in stored} == set(rated)
    if own is not None:
        own.dispose()


def test_an_objection_withdrawn_before_its_decision_stays_in_the_register(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    _file(session)
    with pytest.raises(ServiceError, match="dicatat dengan 'siklus objection withdraw'"):
        _decide(session, 1, outcome="dicabut", predikat=None)
    with pytest.raises(ServiceError, match="sebelum keberatan diajukan"):
        objections.withdraw_objection(session=session, organisation=None, number=1,
                                      statement="x", actor="rina",
                                      withdrawn_on=date(2026, 10, 19), today=TODAY)  # fmt: skip
    row = objections.withdraw_objection(
        session=session, organisation=None, number=1, actor="rina", today=TODAY,
        statement="Pegawai menerima penjelasan atasan langsung", withdrawn_on=date(2026, 10, 23),
    )  # fmt: skip
    assert (row.outcome, row.decided_on, row.predikat_after) == (
        "dicabut", date(2026, 10, 23), "")  # fmt: skip
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "objection.withdrawn")).one()
    assert event.payload == {"number": 1, "withdrawn_on": "2026-10-23"}
    with pytest.raises(ServiceError, match="sudah dicabut; hanya keberatan yang sedang"):
        objections.withdraw_objection(session=session, organisation=None, number=1,
                                      statement="lagi", actor="rina", today=TODAY)  # fmt: skip
    with pytest.raises(ServiceError, match="sudah diputuskan"):
        _decide(session, 1)
    register = _register(session)
    assert "| 1 | 0 | 0 | 0 | 0 | 1 |" in register
    assert "| dicabut pegawai, 23 Oktober 2026 | Butuh Perbaikan |" in register
    assert (
        "Dicabut oleh pegawai pada 23 Oktober 2026; predikat tetap Butuh Perbaikan. Pernyataan: "
        "Pegawai menerima penjelasan atasan langsung"
    ) in register
    assert "telah Saudara cabut pada 23 Oktober 2026; predikat tetap Butuh Perbaikan." in _sheet(
        session
    )
    assert "| Withdrawn |" in _register(session, "en")
