"""The complete list of a refused import's errors: every one, by line, in a file Excel opens.

A message lists the first `MAX_ERRORS`; these tests shrink it to 3 so that a short file
has more errors than its message shows, and read the list back as the officer would.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from policy import importerrors
from policy.importerrors import ErrorLog, ImportFileError, RowError
from policy.models import Employee, ImportRecord
from policy.services import import_batches, import_target
from policy.services.common import get_org
from policy.services.error_list import ErrorList, beside
from policy.services.imports import ingest_file
from tests.factories import make_org, write_file

# Valid PNS NIPs: birth date, TMT YYYYMM, gender, sequence.
NIPS = [f"19{70 + i % 30:02d}0101199{i % 10}03{1 + i % 2}{i:03d}" for i in range(40)]


def read_list(path: Path) -> list[list[str]]:
    """The list's rows as Excel reads them (`;`, UTF-8 with BOM), the header included."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


@pytest.fixture(autouse=True)
def three_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message shows three errors; two rows make a batch of the streamed writers."""
    monkeypatch.setattr(importerrors, "MAX_ERRORS", 3)
    monkeypatch.setattr(import_target, "MAX_ERRORS", 3)
    monkeypatch.setattr(import_batches, "BATCH", 2)


def staff_file(folder: Path) -> Path:
    """A staff list whose unit column is headed 'kode_unit': 10 errors on 10 lines.

    The file's own errors (a NIP cut short, an unknown kind of ASN) and the database's
    (a unit the organisation does not have) fall on lines between each other's, so the
    list must interleave them by line. Line 9 has both, yet a row the file's own checks
    refused is not checked against the database: it counts once.
    """
    lines = ["nip;nama;jenis_asn;jabatan;kode_unit;nip_atasan;tim"]
    for i in range(20):
        nip, kind, unit = NIPS[i], "PNS", "DUKCAPIL"
        if i in (1, 7, 15):
            nip = "19700101"  # the file's own error
        if i in (3, 7, 11, 13, 17, 19):
            unit = "UNITX"  # the database's
        if i in (5, 9):
            kind = "honorer"  # the file's own error
        lines.append(f"{nip};Pegawai {i};{kind};Analis;{unit};;")
    return write_file(folder, "pegawai.csv", "\n".join(lines) + "\n")


def test_every_error_of_a_streamed_file_is_listed_by_line_with_the_files_own_headers(
    session: Session, tmp_path: Path, reader: str
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    path = staff_file(tmp_path)
    target = tmp_path / "daftar.csv"
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", path, "rina", errors_to=ErrorList(target))
    error = info.value
    rows = read_list(target)
    assert rows[0] == ["baris", "kolom", "kesalahan"]
    listed = rows[1:]
    assert [(line, column) for line, column, _ in listed] == [
        ("3", "nip"), ("5", "kode_unit"), ("7", "jenis_asn"), ("9", "nip"),
        ("11", "jenis_asn"), ("13", "kode_unit"), ("15", "kode_unit"), ("17", "nip"),
        ("19", "kode_unit"), ("21", "kode_unit"),
    ]  # fmt: skip
    assert len(listed) == error.total_errors == 10
    # The message's first errors are the list's first rows, word for word.
    assert [[str(e.line), e.column, e.message] for e in error.errors] == listed[:3]
    assert "UNITX" in listed[1][2]
    assert str(error).endswith(f"Daftar lengkap 10 kesalahan (baris, kolom, kesalahan): {target}")
    assert count(session, Employee) == count(session, ImportRecord) == 0


def test_a_small_kinds_database_errors_are_listed_with_its_own(
    session: Session, tmp_path: Path
) -> None:
    """Realisations are read whole, then checked: an unknown indicator is the writer's error."""
    org = get_org(session, make_org(session, tmp_path))
    lines = ["periode;kode_indikator;nilai"]
    for i in range(8):
        code = "TIDAKADA" if i % 2 else "IKM"
        value = "banyak" if i == 4 else f"8{i},5"  # no number: the file's own error
        lines.append(f"{2026 - i // 4}-TW{1 + i % 4};{code};{value}")
    path = write_file(tmp_path, "realisasi.csv", "\n".join(lines) + "\n")
    target = beside(path)
    assert target == tmp_path / "realisasi.kesalahan.csv"
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "realisasi", path, "rina", errors_to=ErrorList(target))
    listed = read_list(target)[1:]
    assert [(line, column) for line, column, _ in listed] == [
        ("3", "kode_indikator"), ("5", "kode_indikator"), ("6", "nilai"),
        ("7", "kode_indikator"), ("9", "kode_indikator"),
    ]  # fmt: skip
    assert len(listed) == info.value.total_errors
    assert listed[0][2] == "indikator 'TIDAKADA' tidak ada di paket organisasi"


def test_a_refusal_the_message_lists_whole_writes_a_list_only_when_asked(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    lines = ["nip;nama;jenis_asn;jabatan;unit_kerja", f"{NIPS[0]};A;PNS;Analis;UNITX"]
    path = write_file(tmp_path, "kecil.csv", "\n".join(lines) + "\n")
    quiet = tmp_path / "tidak.csv"
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", path, "rina", errors_to=ErrorList(quiet))
    assert not quiet.exists()
    assert "Daftar lengkap" not in str(info.value)
    asked = tmp_path / "diminta.csv"
    with pytest.raises(ImportFileError):
        ingest_file(session, org, "pegawai", path, "rina", errors_to=ErrorList(asked, always=True))
    assert [row[:2] for row in read_list(asked)[1:]] == [["2", "unit_kerja"]]


def test_a_file_that_cannot_be_read_is_listed_from_its_message(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    asked = tmp_path / "diminta.csv"
    with pytest.raises(ImportFileError):
        ingest_file(
            session, org, "pegawai", tmp_path / "hilang.csv", "rina",
            errors_to=ErrorList(asked, always=True),
        )  # fmt: skip
    ((line, column, message),) = read_list(asked)[1:]
    assert (line, column) == ("", "")
    assert message.startswith("berkas tidak ditemukan")


def test_a_list_that_cannot_be_written_is_said_and_the_refusal_stands(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    path = staff_file(tmp_path)
    nowhere = tmp_path / "tidak-ada" / "daftar.csv"
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", path, "rina", errors_to=ErrorList(nowhere))
    assert info.value.total_errors == 10
    assert str(info.value).splitlines()[-1] == (
        f"Daftar lengkap kesalahan tidak dapat ditulis ke {nowhere}: No such file or directory."
    )
    assert not nowhere.parent.exists()
    assert count(session, Employee) == 0


def test_the_log_keeps_a_forked_readers_errors_and_not_the_parents_twice(tmp_path: Path) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    log = ErrorLog(tmp_path)
    log.add([RowError(5, "nip", "induk")], rank=1)  # held in memory at the fork
    pid = os.fork()
    if pid == 0:  # the reader: its own errors only
        try:
            log.add([RowError(2, "nip", "anak"), RowError(5, "nip", "anak")], rank=0)
            log.flush()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert log.count() == 3
    target = tmp_path / "out.csv"
    assert log.write_csv(target) == 3
    assert [row[::2] for row in read_list(target)[1:]] == [
        ["2", "anak"],
        ["5", "anak"],  # the reader's rank 0 comes before the checks' rank 1 on a line
        ["5", "induk"],
    ]
    assert not list(tmp_path.glob(".*partial"))
