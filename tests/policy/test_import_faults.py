"""Files that cannot be read as they stand: each refused with its line, column and reason.

A quote opened and never closed, text after a closing quote, more filled cells than the
header has columns, a cell over the csv module's limit, a file mixing UTF-8 with Windows-1252,
a workbook's data on another sheet, merged cells, files that are no workbook. Every test
reads in this process and again in a read-ahead helper process (as `test_import_stream`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session, func, select

from policy import importrows
from policy.imports import ImportFileError, stream_file
from policy.models import Employee, ImportRecord
from policy.services.common import get_org
from policy.services.imports import ingest_file
from policy.settings import get_settings
from tests.factories import make_org

PEGAWAI = "nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim"
MASUKAN = "forum;nama;instansi;kelompok;bagian;masukan"
NIPS = [f"19{70 + i:02d}0101199{i % 10}03{1 + i % 2}{i:03d}" for i in range(40)]


pytestmark = pytest.mark.usefixtures("reader")


def write(tmp_path: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def staff(n: int, unit: str = "DUKCAPIL") -> list[str]:
    return [f"{NIPS[i]};Pegawai {i};PNS;Analis;{unit};;" for i in range(n)]


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def read(kind: str, path: Path) -> tuple[list[Any], list[str]]:
    """The rows and warnings of a file, read where the test's reader says."""
    stream = stream_file(kind, path, reader=get_settings().import_reader)
    return list(stream), stream.warnings


def refused(kind: str, path: Path) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        read(kind, path)
    return info.value


def said(exc: ImportFileError) -> list[tuple[int, str | None, str]]:
    return [(e.line, e.column, e.message) for e in exc.errors]


def inputs(*texts: str) -> str:
    """A `masukan` file with one input per text, lines 2, 3, ..."""
    return lines(MASUKAN, *(f"F1;Warga {i};;masyarakat;Pasal {i};{t}" for i, t in enumerate(texts)))


# --------------------------------------------------------------------------- quotes


def test_a_quote_never_closed_is_refused_where_it_opened(tmp_path: Path) -> None:
    # Before: the cell took in every following line and the import "succeeded" with 3 rows.
    texts = ["Satu", "Dua", '"Mohon umpan balik bulanan', "Empat", "Lima"]
    exc = refused("masukan", write(tmp_path, inputs(*texts)))
    (error,) = said(exc)
    assert error[:2] == (4, "masukan")
    assert error[2].startswith(
        'tanda kutip (") yang dibuka di awal sel ini tidak ditutup, sehingga 2 baris '
        "sesudahnya terbaca sebagai isi sel ini"
    )
    assert str(exc.errors[0]).startswith("baris 4, kolom 'masukan': tanda kutip")


def test_a_quote_never_closed_on_the_last_line(tmp_path: Path) -> None:
    exc = refused("masukan", write(tmp_path, inputs("Satu", '"Dua tanpa penutup')))
    assert [e[:2] for e in said(exc)] == [(3, "masukan")]
    assert "tidak ditutup, sehingga sisa baris terbaca" in exc.errors[0].message


def test_an_unclosed_quote_loses_no_employee_and_writes_nothing(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    rows = staff(30)
    rows[2] = rows[2].replace(";Analis;", ';"Analis;')  # line 4: the cell 'jabatan' opens
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", write(tmp_path, lines(PEGAWAI, *rows)), "rina")
    assert [(e.line, e.column) for e in info.value.errors] == [(4, "jabatan")]
    assert "27 baris sesudahnya" in info.value.errors[0].message
    assert session.exec(select(func.count()).select_from(Employee)).one() == 0
    assert session.exec(select(func.count()).select_from(ImportRecord)).one() == 0


def test_text_after_a_closing_quote_is_refused_with_the_way_excel_writes_it(
    tmp_path: Path,
) -> None:
    texts = ["Satu", '"Satu kali dalam 3 bulan" terlalu longgar', "Tiga"]
    rows = inputs(*texts) + "F 9;Warga;;masyarakat;;Sesudahnya\n"  # line 5: a bad forum code
    exc = refused("masukan", write(tmp_path, rows))
    assert [e[:2] for e in said(exc)] == [(3, "masukan"), (5, "forum")]  # reading went on
    assert exc.errors[0].message == (
        'ada teks sesudah tanda kutip penutup: "Satu kali dalam 3 bulan" terlalu longgar. Bila '
        "tanda kutip itu bagian dari isi sel, apit seluruh isi sel dengan tanda kutip dan "
        'gandakan tanda kutip di dalamnya, seperti yang ditulis Excel: """Satu kali dalam 3 '
        'bulan"" terlalu longgar"'
    )


def test_quotes_as_excel_writes_them_keep_the_text_as_the_officer_sees_it(
    tmp_path: Path,
) -> None:
    texts = ['"""Satu kali dalam 3 bulan"" terlalu longgar"', 'Menurut saya "sebulan" cukup']
    rows, _ = read("masukan", write(tmp_path, inputs(*texts)))
    assert [r.text for r in rows] == [
        '"Satu kali dalam 3 bulan" terlalu longgar',
        'Menurut saya "sebulan" cukup',
    ]


def test_a_quote_closed_lines_later_and_followed_by_text(tmp_path: Path) -> None:
    texts = ['"Mohon bulanan', "Dua", '"Tiga" lagi', "Empat"]
    exc = refused("masukan", write(tmp_path, inputs(*texts)))
    assert [e[:2] for e in said(exc)] == [(2, "masukan")]
    assert exc.errors[0].message.startswith(
        'tanda kutip (") yang dibuka di awal sel ini baru ditutup di baris 4 dan diikuti teks '
        "lain, sehingga baris 3 sampai 4 terbaca sebagai isi sel ini"
    )


def test_quote_errors_in_a_large_file_read_in_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importrows, "CHUNK", 4)
    rows = staff(30)
    rows[9] = rows[9].replace(";Analis;", ';"Kepala" Seksi;')  # line 11
    rows[20] = rows[20].replace(";PNS;", ";Honorer;")  # line 22
    exc = refused("pegawai", write(tmp_path, lines(PEGAWAI, *rows)))
    assert [e[:2] for e in said(exc)] == [(11, "jabatan"), (22, "jenis_asn")]


# ----------------------------------------------------------------------- extra cells


def test_a_decimal_comma_split_by_the_delimiter_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, lines("periode,kode,nilai", "2026-TW3,IKM,81,67", "2026-TW3,SKP,96"))
    exc = refused("realisasi", path)
    assert [str(e) for e in exc.errors] == [
        "baris 2: berisi 4 sel, judul kolom hanya 3: sel ke-4 ('67') tidak punya judul kolom; "
        "periksa pemisah (; atau ,) atau tanda kutip"
    ]
    quoted = write(tmp_path, lines("periode,kode,nilai", '2026-TW3,IKM,"81,67"'), "q.csv")
    (row,), _ = read("realisasi", quoted)
    assert str(row.value) == "81.67"


def test_a_delimiter_inside_a_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, inputs("Satu", "Frekuensi penilaian; siapa penilainya", "Tiga"))
    exc = refused("masukan", path)
    assert [e[:2] for e in said(exc)] == [(3, None)]
    assert exc.errors[0].message.startswith(
        "berisi 7 sel, judul kolom hanya 6: sel ke-7 ('siapa penilainya')"
    )


def test_trailing_empty_cells_as_excel_writes_them_are_accepted(tmp_path: Path) -> None:
    rows = [row + ";;" for row in staff(3)]
    got, _ = read("pegawai", write(tmp_path, lines(PEGAWAI + ";;", *rows)))
    assert [r.nip for r in got] == NIPS[:3]


@pytest.mark.parametrize("chunk", [2, 2048])  # record by record, and column-wise in chunks
def test_an_eighth_cell_in_pegawai_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(importrows, "CHUNK", chunk)
    rows = [row + ";" for row in staff(9)]
    rows[4] += "catatan"
    exc = refused("pegawai", write(tmp_path, lines(PEGAWAI, *rows)))
    assert [str(e) for e in exc.errors] == [
        "baris 6: berisi 8 sel, judul kolom hanya 7: sel ke-8 ('catatan') tidak punya judul "
        "kolom; periksa pemisah (; atau ,) atau tanda kutip"
    ]


def test_a_cell_beyond_a_workbooks_header_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["periode", "kode", "nilai"])
    sheet.append(["2026-TW3", "IKM", "81,67", "catatan"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    exc = refused("realisasi", path)
    assert [str(e) for e in exc.errors] == [
        "baris 2: berisi 4 sel, judul kolom hanya 3: sel ke-4 ('catatan') tidak punya judul "
        "kolom; beri judul kolom itu, atau kosongkan selnya"
    ]


# ------------------------------------------------------------------- long cells, bytes


def test_a_cell_over_the_limit_names_its_line_and_column(tmp_path: Path) -> None:
    rows = staff(4)
    rows[1] = rows[1].replace(";Analis;", f";{'x' * 200_000};")  # line 3
    rows[3] = rows[3].replace(";PNS;", ";Honorer;")  # line 5: still checked
    exc = refused("pegawai", write(tmp_path, lines(PEGAWAI, *rows)))
    assert [e[:2] for e in said(exc)] == [(3, "jabatan"), (5, "jenis_asn")]
    assert exc.errors[0].message == (
        "sel ini terlalu panjang: 200.000 karakter, paling banyak 131.072 (Excel sendiri "
        "memuat paling banyak 32.767 karakter per sel)"
    )


def test_a_long_quoted_cell_spanning_lines(tmp_path: Path) -> None:
    text = '"' + "baris panjang\n" * 10_000 + 'akhir"'  # lines 3 to 10,003
    exc = refused("masukan", write(tmp_path, inputs("Satu", text, "Tiga")))
    assert [e[:2] for e in said(exc)] == [(3, "masukan")]
    assert exc.errors[0].message.startswith("sel ini terlalu panjang: 140.005 karakter")
    assert "sel ini berlanjut sampai baris 10003" in exc.errors[0].message


def test_utf8_mixed_with_one_windows_1252_byte_is_refused_at_that_byte(tmp_path: Path) -> None:
    rows = staff(12)
    rows[0] = rows[0].replace("Pegawai 0", "Syahrül Anwar")  # UTF-8, line 2
    head = lines(PEGAWAI, *rows[:7]).encode("utf-8")
    bad = f"{rows[7].replace('Pegawai 7', 'Müller')}\n".encode("cp1252")  # line 9
    path = tmp_path / "campur.csv"
    path.write_bytes(head + bad + lines(*rows[8:]).encode("utf-8"))
    exc = refused("pegawai", path)
    assert [e[:2] for e in said(exc)] == [(9, "nama")]
    assert exc.errors[0].message.startswith(
        "sel 'Müller' memuat byte 0xFC yang bukan UTF-8 ('ü' dalam Windows-1252), padahal "
        "bagian lain berkas ditulis dalam UTF-8"
    )
    plain = write(tmp_path, lines(PEGAWAI, *rows), "plain.csv", encoding="cp1252")
    got, warnings = read("pegawai", plain)  # wholly Windows-1252: read as such
    assert got[0].name == "Syahrül Anwar"
    assert warnings == ["berkas bukan UTF-8; dibaca sebagai Windows-1252"]


# --------------------------------------------------------------------------- workbooks


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "d.xlsx") -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


REALISASI = [["periode", "kode", "nilai"], ["2026-TW3", "IKM", "81,67"]]


def test_the_sheet_whose_header_fits_is_read_and_named(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Ringkasan": [["Total", 12]], "Data 2026": REALISASI})
    (row,), warnings = read("realisasi", path)
    assert (row.line, row.code) == (2, "IKM")
    assert warnings == ["berkas berisi 2 lembar; yang dibaca: 'Data 2026' (judul kolomnya sesuai)"]


def test_no_sheet_fits_the_error_names_the_sheet_and_the_others(tmp_path: Path) -> None:
    sheets: dict[str, list[list[Any]]] = {
        "Ringkasan": [["Total", 12]],
        "Catatan": [["isi"]],
        "Lain": [["kode", "nama"]],
    }
    exc = refused("realisasi", workbook(tmp_path, sheets))
    assert [str(e) for e in exc.errors] == [
        "baris 1: kolom wajib untuk realisasi indikator tidak ditemukan di lembar 'Ringkasan': "
        "periode, kode, nilai. Kolom yang ada di lembar 'Ringkasan': Total, 12. Lembar lain di "
        "berkas ('Catatan', 'Lain') juga tidak memuat kolom wajib itu"
    ]


def test_merged_cells_under_the_header_are_refused_with_the_fix(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(PEGAWAI.split(";"))
    for i in range(5):
        sheet.append([NIPS[i], f"Pegawai {i}", "PNS", "Analis", "DUKCAPIL", None, None])
    sheet.merge_cells("E3:E5")  # unit_kerja: only E3 keeps 'DUKCAPIL'
    sheet.merge_cells("H2:H4")  # under no header, and empty: hides nothing
    path = tmp_path / "p.xlsx"
    book.save(path)
    exc = refused("pegawai", path)
    assert [e[:2] for e in said(exc)] == [(4, "unit_kerja"), (5, "unit_kerja")]
    assert exc.errors[0].message == (
        "sel E4 bagian dari sel gabungan E3:E5 (Merge Cells), sehingga terbaca kosong walau di "
        "Excel tampak berisi 'DUKCAPIL'. Batalkan penggabungannya (Unmerge Cells), lalu isi "
        "setiap selnya"
    )


def test_merged_cells_in_a_column_not_read_are_no_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["periode", "kode", "nilai", "catatan"])
    sheet.append(["2026-TW3", "IKM", "81,67", "Ringkasan"])
    sheet.append(["2026-TW3", "SKP", "96", None])
    sheet.merge_cells("D2:D3")  # a column the format does not read
    path = tmp_path / "r.xlsx"
    book.save(path)
    rows, _ = read("realisasi", path)
    assert [r.code for r in rows] == ["IKM", "SKP"]


def test_files_that_are_no_workbook_are_refused_in_indonesian(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    ods = tmp_path / "data.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    docx = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    messages = [str(refused("realisasi", path).errors[0]) for path in (broken, ods, docx)]
    assert messages == [
        "berkas .xlsx ini rusak atau terpotong (arsipnya tidak utuh); buka di Excel lalu "
        "simpan ulang, atau simpan sebagai CSV",
        "berkas ini berformat OpenDocument (.ods, dari LibreOffice atau WPS Office) yang tidak "
        "didukung; simpan sebagai .xlsx (Excel) atau CSV",
        "berkas ini arsip zip (mis. dokumen Word atau berkas terkompresi), bukan buku kerja "
        "Excel; simpan data sebagai .xlsx atau CSV",
    ]
    for message in messages:
        assert "zip file" not in message and "openpyxl" not in message


def test_a_workbook_saved_under_another_name_is_read(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Sheet": REALISASI}, name="realisasi.csv")
    (row,), _ = read("realisasi", path)
    assert row.code == "IKM"


def test_a_missing_file_or_a_folder_is_refused_in_words(tmp_path: Path) -> None:
    for path, said_ in [
        (tmp_path / "tidak-ada.csv", "berkas tidak ditemukan: "),
        (tmp_path, " adalah folder, bukan berkas"),
    ]:
        with pytest.raises(ImportFileError) as info:
            stream_file("pegawai", path)
        assert said_ in str(info.value.errors[0])


def test_the_current_folder_is_named_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `siklus import ekinerja .` said "Berkas ''": "." has no name of its own.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ImportFileError) as info:
        stream_file("pegawai", Path("."))
    assert info.value.filename == "."
