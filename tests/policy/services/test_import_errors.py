"""Kinds read whole: one import reports every error of the file, the database checks' too.

A file's own errors (a value that does not parse) and the errors only the database can tell
(an unknown indicator, NIP or workshop, a parent unit that does not exist or loops) come in
one report, in line order, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from policy.imports import ImportFileError
from policy.models import ImportRecord, IndicatorRealisation, Unit, WorkshopAttendance
from policy.services.imports import import_file
from tests.factories import make_cycle, make_org, write_file

NIP = "196608011988031001"
OUTSIDE = "196512121990031001"  # no employee here


def count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def load(session: Session, folder: Path, org: str, kind: str, text: str) -> Any:
    path = write_file(folder, f"{kind}.csv", text)
    return import_file(session=session, organisation=org, kind=kind, path=path, actor="rina")


def errors(session: Session, folder: Path, org: str, kind: str, text: str) -> ImportFileError:
    records = count(session, ImportRecord)
    with pytest.raises(ImportFileError) as info:
        load(session, folder, org, kind, text)
    assert count(session, ImportRecord) == records
    return info.value


def test_an_unknown_indicator_is_reported_beside_a_value_that_does_not_parse(
    session: Session, tmp_path: Path
) -> None:
    org = make_org(session, tmp_path)
    text = "periode;kode;nilai\n2026-TW3;IKM;sembilan\n2026-TW2;IKM;80\n2026-TW3;XYZ;85\n"
    error = errors(session, tmp_path, org, "realisasi", text)
    assert [(e.line, e.column) for e in error.errors] == [(2, "nilai"), (4, "kode")]
    assert "indikator 'XYZ' tidak ada di paket organisasi" in error.errors[1].message
    assert (error.total_errors, error.bad_rows) == (2, 2)
    assert count(session, IndicatorRealisation) == 0


def test_unknown_workshops_and_nips_are_reported_with_the_files_own_errors(
    session: Session, tmp_path: Path
) -> None:
    make_cycle(session, tmp_path)
    org = "contoh"
    load(session, tmp_path, org, "pegawai", f"nip;nama;jenis_asn;jabatan;unit_kerja\n"
         f"{NIP};Ahmad;PNS;Analis;DUKCAPIL\n")  # fmt: skip
    text = f"kegiatan;nip;hadir;pre_test;post_test\nWS-1;{NIP};ya;101;\nWS-1;{OUTSIDE};ya;50;60\n"
    error = errors(session, tmp_path, org, "kehadiran_kegiatan", text)
    assert [(e.line, e.column) for e in error.errors] == [
        (2, "pre_test"),
        (3, "kegiatan"),
        (3, "nip"),
    ]
    assert "NIP 196512121990031001 tidak terdaftar" in error.errors[2].message
    assert count(session, WorkshopAttendance) == 0


UNITS = "kode;nama;induk;jenis\n"


def test_a_parent_unit_that_does_not_exist_is_refused_with_line_and_column(
    session: Session, tmp_path: Path
) -> None:
    org = make_org(session, tmp_path)
    before = count(session, Unit)
    # X1 under a stored unit, X2 under X3 further down the file: both fine.
    text = UNITS + "X1;Satu;SETDA;bagian\nX2;Dua;X3;bagian\nX3;Tiga;X1;bagian\nX4;Empat;X9;bagian\n"
    error = errors(session, tmp_path, org, "unit", text.replace("induk", "kode_induk"))
    assert [str(e) for e in error.errors] == [
        "baris 5, kolom 'kode_induk': induk 'X9' tidak ada di daftar unit (di berkas ini "
        "maupun unit yang sudah tersimpan)"
    ]
    assert count(session, Unit) == before
    load(session, tmp_path, org, "unit", text.replace("X9", "X3"))
    assert count(session, Unit) == before + 4


def test_parent_loops_are_refused_naming_their_units(session: Session, tmp_path: Path) -> None:
    org = make_org(session, tmp_path)
    before = count(session, Unit)
    text = UNITS + "X1;Satu;SETDA;bagian\nX2;Dua;X3;bagian\nX3;Tiga;X2;bagian\n"
    error = errors(session, tmp_path, org, "unit", text)
    assert [str(e) for e in error.errors] == [
        "baris 3, kolom 'induk': induk membentuk lingkaran: X2 → X3 → X2; sebuah unit tidak "
        "boleh berada di bawah dirinya sendiri",
        "baris 4, kolom 'induk': induk membentuk lingkaran: X3 → X2 → X3; sebuah unit tidak "
        "boleh berada di bawah dirinya sendiri",
    ]
    assert count(session, Unit) == before


def test_a_loop_through_a_stored_unit_is_refused(session: Session, tmp_path: Path) -> None:
    org = make_org(session, tmp_path)
    load(session, tmp_path, org, "unit", UNITS + "X1;Satu;SETDA;bagian\nX2;Dua;X1;bagian\n")
    # X1 moved under X2, which is stored under X1.
    error = errors(session, tmp_path, org, "unit", UNITS + "X1;Satu;X2;bagian\n")
    assert [(e.line, e.message.split(";")[0]) for e in error.errors] == [
        (2, "induk membentuk lingkaran: X1 → X2 → X1")
    ]


def test_a_unit_file_with_bad_rows_reports_loops_but_not_parents_it_may_hold(
    session: Session, tmp_path: Path
) -> None:
    org = make_org(session, tmp_path)
    # Line 2 does not parse (no name): X5, the parent of line 3, may be the unit it meant.
    text = UNITS + "X5;;SETDA;bagian\nX6;Enam;X5;bagian\nX7;Tujuh;X8;bagian\nX8;Delapan;X7;bagian\n"
    error = errors(session, tmp_path, org, "unit", text)
    assert [(e.line, e.column) for e in error.errors] == [(2, "nama"), (4, "induk"), (5, "induk")]
