"""SKM responses and complaints: a file that repeats an earlier import is refused; the list of
imports; taking an import back (audited), and what may not be taken back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from policy.models import AuditEvent, Complaint, ImportRecord, SkmResponse
from policy.services import imports
from policy.services.common import ServiceError
from policy.services.import_history import list_imports, undo_import
from policy.services.import_repeats import RepeatedImport
from tests.factories import make_org, write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_period_lock as locking

SKM_HEAD = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;jenis_kelamin"
ADU_HEAD = "tanggal;unit_kerja;kategori;waktu_respons_jam;status"


def skm_rows(day: int, count: int, unit: str = "PKM", month: int = 8) -> list[str]:
    """`count` respondents of `unit` on `day`, answers varying by respondent."""
    return [
        ";".join([unit, f"{day:02d}/{month:02d}/2026", *[str(1 + (i + e) % 4) for e in range(9)],
                  "L" if i % 2 else "P"])
        for i in range(count)
    ]  # fmt: skip


def csv(head: str, rows: list[str], sep: str = ";") -> str:
    return "\n".join([head, *rows]).replace(";", sep) + "\n"


def load(session: Session, folder: Path, kind: str, name: str, text: str, **kw: bool) -> int:
    path = write_file(folder, name, text)
    result = imports.import_file(session=session, organisation="contoh", kind=kind, path=path,
                                 actor="rina", **kw)  # fmt: skip
    assert not result.skipped
    return result.import_id or 0


def count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


@pytest.fixture
def org(session: Session, tmp_path: Path) -> str:
    return make_org(session, tmp_path, national.pack())


def test_the_same_responses_exported_again_are_refused_naming_the_import(
    session: Session, tmp_path: Path, org: str
) -> None:
    august = skm_rows(3, 12) + skm_rows(4, 5, "DUKCAPIL") + skm_rows(5, 2)
    first = load(session, tmp_path, "skm", "skm_agustus.csv", csv(SKM_HEAD, august))
    records, events = count(session, ImportRecord), count(session, AuditEvent)
    # Exported again with commas: other bytes, the same respondents.
    again = write_file(tmp_path, "skm_agustus_lagi.csv", csv(SKM_HEAD, august, ","))
    with pytest.raises(RepeatedImport) as caught:
        imports.import_file(session=session, organisation=org, kind="skm", path=again,
                            actor="rina")  # fmt: skip
    message = str(caught.value)
    assert message.startswith(
        "Berkas skm_agustus_lagi.csv memuat lagi data yang sudah diimpor: 17 jawaban SKM pada "
        f"2 hari layanan sama persis dengan impor #{first} (skm_agustus.csv, "
    )
    # The days are named with the file's lines (header on line 1): where to look in it.
    assert (
        "oleh rina), mis. PKM 3 Agustus 2026 (12 baris; hari itu di baris 2–13), DUKCAPIL "
        "4 Agustus 2026 (5 baris; hari itu di baris 14–18). "
    ) in message
    assert message.endswith(
        "Bila diimpor lagi, setiap responden terhitung dua kali dalam IKM unitnya. Bila impor "
        f"yang lama keliru, batalkan dulu (siklus imports undo {first}); bila data ini memang "
        "baru, impor dengan --allow-duplicates."
    )
    # Nothing written: not the rows, not the record, not the audit event.
    assert count(session, SkmResponse) == 19
    assert (count(session, ImportRecord), count(session, AuditEvent)) == (records, events)
    # --dry-run refuses it too.
    with pytest.raises(RepeatedImport):
        imports.import_file(session=session, organisation=org, kind="skm", path=again,
                            actor="rina", dry_run=True)  # fmt: skip
    # The officer says they are new respondents: taken.
    load(session, tmp_path, "skm", "skm_agustus_lagi.csv", csv(SKM_HEAD, august, ","),
         allow_duplicates=True)  # fmt: skip
    assert count(session, SkmResponse) == 38


def test_an_export_whose_dates_overlap_the_last_one_is_refused(
    session: Session, tmp_path: Path, org: str
) -> None:
    load(session, tmp_path, "skm", "s1.csv", csv(SKM_HEAD, skm_rows(3, 6) + skm_rows(4, 4)))
    # A wider export: 4 August again (all four respondents and a fifth who came later), and
    # a new day.
    wider = skm_rows(4, 5) + skm_rows(10, 8)
    with pytest.raises(RepeatedImport, match="4 jawaban SKM pada 1 hari layanan") as caught:
        load(session, tmp_path, "skm", "s2.csv", csv(SKM_HEAD, wider))
    # The day's lines: its five rows, of which four repeat.
    assert "mis. PKM 4 Agustus 2026 (4 baris; hari itu di baris 2–6)." in str(caught.value)
    # A narrower one: three of the six respondents of 3 August.
    with pytest.raises(RepeatedImport, match=r"mis\. PKM 3 Agustus 2026 \(3 baris; hari itu di"):
        load(session, tmp_path, "skm", "s3.csv", csv(SKM_HEAD, skm_rows(3, 3)))
    assert count(session, SkmResponse) == 10


def test_new_respondents_on_the_same_days_are_taken(
    session: Session, tmp_path: Path, org: str
) -> None:
    load(session, tmp_path, "skm", "loket.csv", csv(SKM_HEAD, skm_rows(3, 6)))
    # Same unit and day, other respondents (other answers): paper forms beside the kiosk.
    paper = [r.replace(";P", ";L") if r.endswith(";P") else r.replace(";L", ";P")
             for r in skm_rows(3, 6)]  # fmt: skip
    load(session, tmp_path, "skm", "kertas.csv", csv(SKM_HEAD, paper))
    # Two respondents alike on a day of two are no evidence (fewer than three).
    load(session, tmp_path, "skm", "lain.csv", csv(SKM_HEAD, skm_rows(5, 2)))
    load(session, tmp_path, "skm", "lain2.csv", csv(SKM_HEAD, skm_rows(5, 2) + skm_rows(6, 1)))
    assert count(session, SkmResponse) == 6 + 6 + 2 + 3


def test_complaints_exported_again_are_refused_one_alike_is_not(
    session: Session, tmp_path: Path, org: str
) -> None:
    rows = [
        "01/09/2026;PKM;Antrean;12;selesai",
        "02/09/2026;PKM;Petugas;30;selesai",
        "02/09/2026;DUKCAPIL;Antrean;;proses",
    ]
    first = load(session, tmp_path, "pengaduan", "aduan_sep.csv", csv(ADU_HEAD, rows))
    again = [*rows, "03/09/2026;PKM;Antrean;4;selesai"]
    with pytest.raises(RepeatedImport) as caught:
        load(session, tmp_path, "pengaduan", "aduan_sep_okt.csv", csv(ADU_HEAD, again))
    assert f"3 pengaduan pada 3 hari layanan sama persis dengan impor #{first}" in str(caught.value)
    assert "terhitung dua kali dalam waktu respons unitnya" in str(caught.value)
    assert (
        "mis. PKM 1 September 2026 (1 baris; hari itu di baris 2), DUKCAPIL 2 September 2026 "
        "(1 baris; hari itu di baris 4), PKM 2 September 2026 (1 baris; hari itu di baris 3)."
    ) in str(caught.value)
    # One complaint that happens to match another's category, hours and status is taken.
    load(session, tmp_path, "pengaduan", "aduan_lain.csv",
         csv(ADU_HEAD, [rows[0], "03/09/2026;PKM;Antrean;4;selesai"]))  # fmt: skip
    assert count(session, Complaint) == 5


def test_imports_are_listed_newest_first(session: Session, tmp_path: Path, org: str) -> None:
    skm = load(session, tmp_path, "skm", "skm.csv", csv(SKM_HEAD, skm_rows(3, 4)))
    pegawai = load(session, tmp_path, "pegawai", "pegawai.csv", national.PEGAWAI)
    rows = list_imports(session=session, organisation=org)
    assert [(r.id, r.kind, r.filename, r.rows, r.actor, r.undoable) for r in rows] == [
        (pegawai, "pegawai", "pegawai.csv", 9, "rina", False),
        (skm, "skm", "skm.csv", 4, "rina", True),
    ]
    assert [r.id for r in list_imports(session=session, organisation=org, kind="skm")] == [skm]
    assert [r.id for r in list_imports(session=session, organisation=org, limit=1)] == [pegawai]


def test_undo_takes_the_rows_back_audited_and_the_file_imports_again(
    session: Session, tmp_path: Path, org: str
) -> None:
    keep = load(session, tmp_path, "skm", "juli.csv", csv(SKM_HEAD, skm_rows(3, 4, month=7)))
    text = csv(SKM_HEAD, skm_rows(3, 6) + skm_rows(4, 3))
    wrong = load(session, tmp_path, "skm", "agustus.csv", text)
    done = undo_import(session=session, organisation=org, import_id=wrong, actor="rina",
                       reason="  Ekspor ganda\n dari aplikasi SKM ")  # fmt: skip
    assert (done.import_id, done.kind, done.filename, done.removed) == (
        wrong,
        "skm",
        "agustus.csv",
        9,
    )
    assert count(session, SkmResponse) == 4
    assert session.get(ImportRecord, wrong) is None
    assert session.get(ImportRecord, keep) is not None
    event = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert event is not None
    assert (event.action, event.actor, event.subject_id) == ("data.withdrawn", "rina", str(wrong))
    assert {k: event.payload[k] for k in ("kind", "file", "rows", "removed", "reason")} == {
        "kind": "skm", "file": "agustus.csv", "rows": 9, "removed": 9,
        "reason": "Ekspor ganda dari aplikasi SKM",
    }  # fmt: skip
    # The same bytes are no longer "already imported".
    again = imports.import_file(session=session, organisation=org, kind="skm",
                                path=tmp_path / "agustus.csv", actor="rina")  # fmt: skip
    assert (again.skipped, again.written) == (False, 9)


def test_what_cannot_be_undone_says_why(session: Session, tmp_path: Path, org: str) -> None:
    pegawai = load(session, tmp_path, "pegawai", "pegawai.csv", national.PEGAWAI)
    skm = load(session, tmp_path, "skm", "skm.csv", csv(SKM_HEAD, skm_rows(3, 4)))

    def undo(import_id: int, reason: str = "salah berkas", actor: str = "rina") -> str:
        with pytest.raises(ServiceError) as caught:
            undo_import(session=session, organisation=org, import_id=import_id, actor=actor,
                        reason=reason)  # fmt: skip
        session.rollback()
        return str(caught.value)

    assert undo(pegawai).startswith(
        f"Impor #{pegawai} (pegawai.csv) berjenis 'pegawai': impor jenis ini memperbarui atau "
        "menggantikan data yang tersimpan"
    )
    assert undo(skm, reason=" \n") == (
        "Sebutkan alasan pembatalan (--reason); alasan dicatat di jejak audit."
    )
    assert undo(999) == (
        "Impor #999 tidak ada di Pemerintah Kota Contoh; nomornya ada di 'siklus imports list'."
    )
    assert "membatalkan impor" in undo(skm, actor="sekda")  # a leader, no officer
    assert count(session, SkmResponse) == 4


def test_responses_of_a_locked_period_cannot_be_undone(session: Session, tmp_path: Path) -> None:
    locking.submitted(session, tmp_path)  # TW3 evaluated and in review
    skm = session.exec(select(ImportRecord).where(ImportRecord.kind == "skm")).one()
    with pytest.raises(ServiceError) as caught:
        undo_import(session=session, organisation="contoh", import_id=skm.id or 0,
                    actor="rina", reason="koreksi")  # fmt: skip
    assert str(caught.value).startswith(
        f"Impor #{skm.id} (skm.csv) tidak dapat dibatalkan: 60 barisnya bertanggal dalam "
        "periode 2026-TW3 (1 Juli 2026 – 30 September 2026), dan evaluasi periode 2026-TW3 "
    )
    session.rollback()
    assert count(session, SkmResponse) == 61


def test_lines_are_named_as_runs() -> None:
    from policy.importerrors import line_runs

    assert line_runs([5, 2, 3, 4, 9, 11, 12, 20, 21, 22]) == "2–5, 9, 11, 12 dan 3 baris lain"
    assert line_runs([7]) == "7"
    assert line_runs([3, 4]) == "3, 4"
