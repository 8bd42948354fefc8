"""A private sheet names the unit, post and team its period was evaluated in.

A staff list imported after the evaluation was submitted moves people; their sheets of the
evaluated period, published later, still say where they were (and a teacher moved out of
a school keeps a teacher's criteria on it), while the staff list holds where they are now.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select

from policy.models import Employee, EmployeePlacement, ImportRecord
from policy.services import cycle as cycle_service
from policy.services import employee_sheets, evaluation
from policy.services.common import get_org
from policy.services.imports import ingest_file
from policy.services.placements import placements_at
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as w360

MOVED = national.B_DUK  # Eko Prasetyo, Pranata Komputer at DUKCAPIL, no team


def _restaff(session: Session, tmp_path: Path, org: str, text: str, name: str) -> int:
    ingest_file(session, get_org(session, org), "pegawai", write_file(tmp_path, name, text), "rina")
    session.commit()
    return session.exec(select(ImportRecord.id).where(ImportRecord.filename == name)).one() or 0


def _sheet(session: Session, org: str, nip: str, locale: str = "id") -> str:
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation=org, cycle=None, period="2026-TW3", actor="rina",
        nips=[nip], locales=("id", "en"), as_of=national.AS_OF,
    )  # fmt: skip
    doc = next(d for d in docs if d.locale == locale)
    return Path(doc.md_path).read_text(encoding="utf-8")


def _submitted_national(session: Session, tmp_path: Path) -> tuple[int, str]:
    run_id = national.start_run(session, tmp_path, national.pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA)})  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina",
                             as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    return run_id, get_org(session, None).code


def test_a_sheet_after_a_transfer_names_the_unit_and_post_of_the_period(
    session: Session, tmp_path: Path
) -> None:
    _, org = _submitted_national(session, tmp_path)
    moved = national.PEGAWAI.replace(
        f"{MOVED};Eko Prasetyo;PNS;Pranata Komputer;DUKCAPIL;{national.KADIS};",
        f"{MOVED};Eko Prasetyo;PNS;Pranata Komputer Ahli Muda;PKM;{national.KAPUS};Tim Data",
    )
    assert moved != national.PEGAWAI
    import_id = _restaff(session, tmp_path, org, moved, "pegawai-november.csv")

    # The staff list says where he is now; the placement he left is kept, and only his.
    now = session.exec(select(Employee).where(Employee.nip == MOVED)).one()
    assert (now.unit_code, now.position, now.team) == ("PKM", "Pranata Komputer Ahli Muda",
                                                       "Tim Data")  # fmt: skip
    (kept,) = session.exec(select(EmployeePlacement)).all()
    assert (kept.nip, kept.import_id, kept.unit_code, kept.position, kept.team) == (
        MOVED, import_id, "DUKCAPIL", "Pranata Komputer", "")  # fmt: skip

    md = _sheet(session, org, MOVED)
    assert "| Jabatan | Pranata Komputer |" in md
    assert "| Unit kerja | Dinas Kependudukan dan Pencatatan Sipil |" in md
    assert "| Tim | – |" in md
    assert "Ahli Muda" not in md and "Puskesmas" not in md and "Tim Data" not in md
    en = _sheet(session, org, MOVED, "en")
    assert "| Position | Pranata Komputer |" in en and "Tim Data" not in en


def test_the_placement_is_the_one_held_when_the_evaluation_was_submitted(
    session: Session, tmp_path: Path
) -> None:
    _, org = _submitted_national(session, tmp_path)
    line = f"{MOVED};Eko Prasetyo;PNS;Pranata Komputer;DUKCAPIL;{national.KADIS};"
    first = national.PEGAWAI.replace(line, f"{MOVED};Eko Prasetyo;PNS;Staf;PKM;;")
    second = national.PEGAWAI.replace(line, f"{MOVED};Eko Prasetyo;PNS;Kepala Seksi;PKM;;")
    _restaff(session, tmp_path, org, first, "pegawai-1.csv")
    _restaff(session, tmp_path, org, second, "pegawai-2.csv")
    # Moved twice since: the sheet reads the first placement kept after the submission.
    kept = session.exec(
        select(EmployeePlacement.position).order_by(col(EmployeePlacement.id))
    ).all()
    assert kept == ["Pranata Komputer", "Staf"]
    assert "| Jabatan | Pranata Komputer |" in _sheet(session, org, MOVED)
    # Placements asked for now are the staff list's own.
    staff = session.exec(select(Employee).where(Employee.nip == MOVED)).all()
    placed = placements_at(session, staff[0].organisation_id, staff, None)
    assert placed[MOVED].position == "Kepala Seksi"


def test_an_unchanged_staff_list_or_one_without_the_column_moves_no_one(
    session: Session, tmp_path: Path
) -> None:
    _, org = _submitted_national(session, tmp_path)
    same = national.PEGAWAI.replace("Andi Saputra", "Andi Saputra, S.Kom.")  # a name is no move
    _restaff(session, tmp_path, org, same, "pegawai-nama.csv")
    assert session.exec(select(EmployeePlacement)).all() == []
    line = f"{MOVED};Eko Prasetyo;PNS;Pranata Komputer;DUKCAPIL;{national.KADIS};"
    teamed = national.PEGAWAI.replace(line, line + "Tim Data")
    _restaff(session, tmp_path, org, teamed, "pegawai-tim.csv")
    assert session.exec(select(EmployeePlacement.team)).all() == [""]
    # Without a `tim` column the stored teams stay, so no one is moved out of one.
    rows = [line.split(";") for line in national.PEGAWAI.strip().splitlines()]
    short = "\n".join(";".join(r[:6]) for r in rows) + "\n"
    assert short.startswith("nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan\n")
    _restaff(session, tmp_path, org, short, "pegawai-tanpa-tim.csv")
    assert session.exec(select(EmployeePlacement.team)).all() == [""]
    assert session.exec(select(Employee.team).where(Employee.nip == MOVED)).one() == "Tim Data"


def test_a_teacher_moved_out_of_school_keeps_a_teacher_s_sheet(
    session: Session, tmp_path: Path
) -> None:
    run_id, out = w360.produce(session, tmp_path, w360.pack())
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    moved = w360.PEGAWAI.replace(
        f"{w360.GURU1};Maria Ulfa;PNS;Guru Ahli Muda;SDN1;{w360.KASEK};Guru Kelas",
        f"{w360.GURU1};Maria Ulfa;PNS;Analis Kebijakan;DUKCAPIL;{w360.KADIS};Tim Pendaftaran",
    )
    assert moved != w360.PEGAWAI
    _restaff(session, tmp_path, "contoh", moved, "pegawai-mutasi.csv")
    # The stored score was made with a teacher's criteria; the sheet is made with them too.
    md = _sheet(session, "contoh", w360.GURU1)
    assert "| Jabatan | Guru Ahli Muda |" in md and "| Unit kerja | SD Negeri 1 Contoh |" in md
    assert "Hasil belajar siswa" in md
