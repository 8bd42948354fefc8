"""Follow-up actions as a spreadsheet: exported per unit, filled in, imported back to close.

The national TW III evaluation raises 7 actions; Puskesmas Kota's are two coachings and a
corrective action on its services. The unit writes what it did in `catatan_penyelesaian`;
the import closes those actions (audited, with the file named) and nothing else.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.importformats import FORMATS
from policy.imports import ImportFileError, parse_file
from policy.models import ActionStatus, AuditEvent, FollowUpAction
from policy.services import action_export, actions, evaluation
from policy.services.common import ServiceError, get_org
from policy.services.imports import ImportResult, ingest_file
from tests.factories import write_file
from tests.policy.services import test_evaluation as national


def _evaluated(session: Session, tmp_path: Path) -> None:
    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    session.commit()


def _export(session: Session, **choice: str) -> str:
    rows = actions.list_actions(session=session, organisation=None, **choice)
    return action_export.actions_csv(rows)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _imported(session: Session, tmp_path: Path, text: str, name: str = "pkm.csv") -> ImportResult:
    result = ingest_file(session, get_org(session, None), "tindak_lanjut",
                         write_file(tmp_path, name, text), "rina")  # fmt: skip
    session.commit()
    return result


def _import(session: Session, tmp_path: Path, text: str, name: str = "pkm.csv") -> int:
    return _imported(session, tmp_path, text, name).written


def test_a_units_actions_go_out_and_come_back_closed(session: Session, tmp_path: Path) -> None:
    _evaluated(session, tmp_path)
    assert len(_rows(_export(session))) == 7
    rows = _rows(_export(session, unit="pkm", status="open", period="2026-TW3"))
    assert len(rows) == 4  # 2 coaching, talent pool (Hadi), corrective IKM
    assert list(rows[0]) == list(action_export.EXPORT_COLUMNS)
    assert {r["unit_kerja"] for r in rows} == {"Puskesmas Kota"}
    assert {r["batas_waktu"] for r in rows} == {"12/11/2026"}
    assert {r["status"] for r in rows} == {"terbuka"}
    joko = next(r for r in rows if r["untuk"] == "Joko Susilo")
    assert joko["jenis"] == "Pembinaan kinerja dan pengembangan kompetensi"
    assert joko["penanggung_jawab"] == "Hadi Wijaya" and joko["periode"] == "2026-TW3"

    # The unit writes what it did for two of them, one starting as Excel reads a formula.
    done = {joko["no"]: "Coaching 3 sesi; SKP direvisi 10/11/2026",
            next(r["no"] for r in rows if r["jenis"] == "Tindakan korektif layanan"):
            "-Loket antrean ditambah; SOP waktu layanan direvisi"}  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    for r in rows:
        writer.writerow({**r, "catatan_penyelesaian": done.get(r["no"], "")})
    filled = out.getvalue()
    assert _import(session, tmp_path, filled) == 2
    closed = {a.id: a for a in session.exec(
        select(FollowUpAction).where(FollowUpAction.status == ActionStatus.DONE))}  # fmt: skip
    assert {str(i) for i in closed} == set(done)
    assert {a.closing_note for a in closed.values()} == {
        "Coaching 3 sesi; SKP direvisi 10/11/2026",
        "-Loket antrean ditambah; SOP waktu layanan direvisi",
    }
    assert {a.closed_by for a in closed.values()} == {"rina"}
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "followup.closed")).all()
    assert len(events) == 2 and {e.payload["file"] for e in events} == {"pkm.csv"}
    # The same file again (other bytes: re-saved by Excel) closes nothing twice.
    assert _import(session, tmp_path, filled + "\r\n", "pkm-lagi.csv") == 0
    assert len(session.exec(select(AuditEvent).where(
        AuditEvent.action == "followup.closed")).all()) == 2  # fmt: skip
    # Exported again, they read as done, with their notes.
    again = _rows(_export(session, unit="PKM"))
    assert {r["catatan_penyelesaian"] for r in again if r["status"] == "selesai"} == {
        "Coaching 3 sesi; SKP direvisi 10/11/2026",
        "'-Loket antrean ditambah; SOP waktu layanan direvisi",  # written as text for Excel
    }


def test_bad_rows_are_refused_at_their_line_and_nothing_is_closed(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    first = session.exec(select(FollowUpAction).order_by(FollowUpAction.id)).first()
    assert first is not None
    actions.close_action(session=session, organisation=None, action_id=first.id or 0,
                         actor="rina", note="Selesai lebih dulu")  # fmt: skip
    others = [a.id for a in session.exec(select(FollowUpAction).order_by(FollowUpAction.id))][1:]
    text = (
        "no;catatan_penyelesaian\n"
        f"{others[0]};Pembinaan selesai\n"
        f"{first.id};Catatan lain\n"
        "999;Tidak ada\n"
        f"{others[1]};\n"
        f"{others[0]};Dua kali\n"
        "nol;x\n"
    )
    with pytest.raises(ImportFileError) as caught:
        _import(session, tmp_path, text)
    message = str(caught.value)
    assert (
        f"- baris 3, kolom 'catatan_penyelesaian': tindak lanjut nomor {first.id} sudah selesai "
        "(ditutup oleh rina dengan catatan lain); catatannya tidak diubah"
    ) in message
    assert "- baris 4, kolom 'no': tindak lanjut nomor 999 tidak ada di contoh" in message
    assert f"- baris 6, kolom 'no': tindak lanjut nomor {others[0]} sudah ada di baris 2" in message
    assert "- baris 7, kolom 'no': harus bilangan bulat positif, ditemukan 'nol'" in message
    session.rollback()
    done = session.exec(select(FollowUpAction).where(FollowUpAction.status == "done")).all()
    assert [a.id for a in done] == [first.id]


def test_an_unknown_unit_is_named_with_the_units_there_are(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    with pytest.raises(ServiceError, match="Unit 'PUSKESMAS' tidak ada; pilih: BKPSDM, DUKCAPIL"):
        _export(session, unit="PUSKESMAS")


def test_a_workbook_export_comes_back_closed_too(session: Session, tmp_path: Path) -> None:
    """For an Excel that splits CSV files on ',' (an English-language Windows), the same
    export as a workbook: text cells stay text, and the filled-in workbook imports back."""
    from openpyxl import load_workbook

    _evaluated(session, tmp_path)
    rows = actions.list_actions(session=session, organisation=None, unit="PKM")
    path = tmp_path / "pkm.xlsx"
    path.write_bytes(action_export.actions_xlsx(rows))
    book = load_workbook(path)
    sheet = book["tindak_lanjut"]
    assert [c.value for c in sheet[1]] == list(action_export.EXPORT_COLUMNS)
    assert sheet.max_row == 1 + len(rows) == 5
    assert {c.data_type for row in sheet.iter_rows(min_row=2) for c in row[2:10]} == {"s"}
    assert sheet.cell(2, 9).value == "12/11/2026"
    note = 1 + action_export.EXPORT_COLUMNS.index("catatan_penyelesaian")
    sheet.cell(2, note).value = "=Pembinaan dua sesi"  # a note Excel would read as a formula
    sheet.cell(2, note).data_type = "s"
    sheet.cell(3, note).value = "Loket antrean ditambah"
    book.save(path)
    result = ingest_file(session, get_org(session, None), "tindak_lanjut", path, "rina")
    session.commit()
    assert result.written == 2
    closed = session.exec(select(FollowUpAction.id, FollowUpAction.closing_note).where(
        FollowUpAction.status == ActionStatus.DONE)).all()  # fmt: skip
    assert sorted(closed) == sorted([
        (rows[0].id, "=Pembinaan dua sesi"), (rows[1].id, "Loket antrean ditambah"),
    ])  # fmt: skip


def test_a_unit_reports_progress_and_the_action_stays_open(
    session: Session, tmp_path: Path
) -> None:
    """`perkembangan`: how far an action not done has come; kept, audited, exported again."""
    _evaluated(session, tmp_path)
    rows = _rows(_export(session, unit="PKM", status="open"))
    first, second, third = rows[0]["no"], rows[1]["no"], rows[2]["no"]
    text = (
        "no;perkembangan;catatan_penyelesaian\n"
        f"{first};Coaching sesi 1 dari 3 selesai 5/11/2026;\n"
        f"{second};Sesi 3 dari 3;Coaching selesai, SKP direvisi\n"
        f"{third};;\n"
    )
    result = _imported(session, tmp_path, text)
    assert result.written == 2
    # What the import did is said as notes, not as warnings to check.
    assert result.warnings == ()
    assert result.notes == (
        "1 tindak lanjut dicatat perkembangannya (belum selesai)",
        "1 tindak lanjut tanpa catatan_penyelesaian atau perkembangan dibiarkan seperti adanya",
    )
    one, two = (session.get(FollowUpAction, int(n)) for n in (first, second))
    assert one is not None and two is not None
    assert (one.status, one.progress_note, one.progress_by) == (
        ActionStatus.OPEN,
        "Coaching sesi 1 dari 3 selesai 5/11/2026",
        "rina",
    )
    assert (two.status, two.closing_note) == (ActionStatus.DONE, "Coaching selesai, SKP direvisi")
    events = session.exec(select(AuditEvent.action, AuditEvent.subject_id).where(
        AuditEvent.action.in_(["followup.progress", "followup.closed"]))).all()  # fmt: skip
    assert sorted(events) == sorted(
        [("followup.progress", first), ("followup.progress", second), ("followup.closed", second)]
    )  # subject ids are text
    # The same file again records nothing; the export carries the progress.
    assert _import(session, tmp_path, text, "lagi.csv") == 0
    again = {r["no"]: r for r in _rows(_export(session, unit="PKM"))}
    assert again[first]["perkembangan"] == "Coaching sesi 1 dari 3 selesai 5/11/2026"
    assert again[first]["status"] == "terbuka"
    # A later report replaces the earlier one; progress for a done action is refused.
    later = f"no;perkembangan\n{first};Sesi 2 dari 3\n{second};Sesi 4\n"
    with pytest.raises(ImportFileError) as caught:
        _import(session, tmp_path, later)
    assert (
        f"- baris 3, kolom 'perkembangan': tindak lanjut nomor {second} sudah selesai "
        "(ditutup oleh rina); perkembangannya tidak dicatat lagi"
    ) in str(caught.value)
    session.rollback()
    assert _import(session, tmp_path, f"no;perkembangan\n{first};Sesi 2 dari 3\n") == 1
    info = actions.record_progress(session=session, organisation=None, action_id=int(first),
                                   actor="rina", note="Sesi 3 dari 3")  # fmt: skip
    assert (info.status, info.progress_note) == ("open", "Sesi 3 dari 3")
    with pytest.raises(ServiceError, match="sudah selesai"):
        actions.record_progress(session=session, organisation=None, action_id=int(second),
                                actor="rina", note="x")  # fmt: skip
    with pytest.raises(ServiceError, match="Catatan perkembangan wajib diisi"):
        actions.record_progress(session=session, organisation=None, action_id=int(first),
                                actor="rina", note=" ")  # fmt: skip


def test_the_exports_own_columns_come_back_without_a_warning(tmp_path: Path) -> None:
    """The columns the unit only reads are known to the import; another column still warns."""
    fmt = FORMATS["tindak_lanjut"]
    known = {c.name for c in fmt.columns} | set(fmt.informative)
    assert set(action_export.EXPORT_COLUMNS) == known
    header = ";".join(action_export.EXPORT_COLUMNS)
    row = "7;1;2026-TW3;Pembinaan;Coaching;Joko;Puskesmas;Hadi;12/11/2026;terbuka;;Selesai"
    table = parse_file("tindak_lanjut", write_file(tmp_path, "a.csv", f"{header}\n{row}\n"))
    assert table.warnings == [] and table.rows[0].note == "Selesai"
    extra = f"{header};Paraf\n{row};RO\n"
    table = parse_file("tindak_lanjut", write_file(tmp_path, "b.csv", extra))
    assert table.warnings == ["kolom tidak dikenal diabaikan: Paraf"]
