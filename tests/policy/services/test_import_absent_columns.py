"""A column the file does not have leaves what is stored as it is; an empty cell clears it.

A staff list exported without `nip_atasan` and `tim` (a narrower report of the same
employees) used to blank every supervisor and team: the file's empty value was written
over them. On both databases, since the upsert is the dialect's own.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from policy.models import Employee, Unit, UnitCapaian
from policy.services import imports
from tests.factories import make_org, write_file
from tests.policy.services import test_evaluation as national


def load(session: Session, code: str, kind: str, path: Path) -> None:
    imports.import_file(session=session, organisation=code, kind=kind, path=path, actor="rina")


def staff(session: Session) -> dict[str, tuple[str, str | None, str]]:
    rows = session.exec(select(Employee)).all()
    return {e.nip: (e.position, e.supervisor_nip, e.team) for e in rows}


def test_a_staff_list_without_supervisors_keeps_them(session: Session, tmp_path: Path) -> None:
    code = make_org(session, tmp_path, national.pack())
    full = national.PEGAWAI.replace(
        f"Analis Kependudukan;DUKCAPIL;{national.KADIS};", f"Analis;DUKCAPIL;{national.KADIS};Tim A"
    )
    load(session, code, "pegawai", write_file(tmp_path, "pegawai.csv", full))
    before = staff(session)
    assert before[national.SB_DUK] == ("Analis", national.KADIS, "Tim A")
    # The same people, exported with fewer columns and a new position for one of them.
    narrow = "\n".join(";".join(line.split(";")[:5]) for line in full.strip().splitlines()).replace(
        "Analis;", "Analis Ahli Muda;"
    )
    load(session, code, "pegawai", write_file(tmp_path, "pegawai-sempit.csv", narrow + "\n"))
    after = staff(session)
    assert after[national.SB_DUK] == ("Analis Ahli Muda", national.KADIS, "Tim A")
    assert {n: s for n, (_, s, _) in after.items()} == {n: s for n, (_, s, _) in before.items()}
    # A file that has the column and leaves a cell empty does clear it.
    cleared = full.replace(f"Analis;DUKCAPIL;{national.KADIS};Tim A", "Analis;DUKCAPIL;;")
    load(session, code, "pegawai", write_file(tmp_path, "pegawai-kosong.csv", cleared))
    assert staff(session)[national.SB_DUK] == ("Analis", None, "")


def test_a_unit_list_without_parents_keeps_them(session: Session, tmp_path: Path) -> None:
    code = make_org(session, tmp_path, national.pack())
    with_parent = "kode;nama;induk;jenis\nBIDANG1;Bidang Satu;DUKCAPIL;bagian\n"
    load(session, code, "unit", write_file(tmp_path, "unit.csv", with_parent))
    load(session, code, "unit", write_file(tmp_path, "unit2.csv", "kode;nama;jenis\n"
                                           "BIDANG1;Bidang Pelayanan;bagian\n"))  # fmt: skip
    unit = session.exec(select(Unit).where(Unit.code == "BIDANG1")).one()
    assert (unit.name, unit.parent_code) == ("Bidang Pelayanan", "DUKCAPIL")


def test_capaian_without_notes_keeps_them(session: Session, tmp_path: Path) -> None:
    code = make_org(session, tmp_path, national.pack())
    load(session, code, "capaian_organisasi", write_file(
        tmp_path, "c1.csv", "periode;unit_kerja;capaian;ditetapkan_oleh;catatan\n"
        "TW III 2026;DUKCAPIL;kurang;Sekretaris Daerah;Antrean panjang\n"))  # fmt: skip
    load(session, code, "capaian_organisasi", write_file(
        tmp_path, "c2.csv", "periode;unit_kerja;capaian\nTW III 2026;DUKCAPIL;baik\n"))  # fmt: skip
    stored = session.exec(select(UnitCapaian)).one()
    assert (stored.capaian, stored.set_by, stored.note) == (
        "Baik",
        "Sekretaris Daerah",
        "Antrean panjang",
    )
