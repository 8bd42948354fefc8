"""Files whose layout would hide or garble data: each refused in words, or read as meant.

A NUL byte (the file is no text export), text under an empty header cell, title rows above
the header (skipped when they are plain titles, else refused naming the header's line), a
workbook protected by a password (told apart from an `.xls`). Like `test_import_faults`,
every test reads in this process and again in a read-ahead helper process.
"""

from __future__ import annotations

import struct
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session, func, select

from policy import importrows, importxlsx
from policy.models import Employee
from policy.services.common import get_org
from policy.services.imports import ingest_file
from tests.factories import make_org
from tests.policy.test_import_faults import (
    NIPS,
    PEGAWAI,
    lines,
    read,
    refused,
    said,
    staff,
    write,
)

pytestmark = pytest.mark.usefixtures("reader")

NUL_SAID = (
    "Teks CSV tidak pernah memuat karakter itu: berkas ini kemungkinan bukan teks/CSV hasil "
    "ekspor (mis. berkas lain yang namanya diganti menjadi .csv) atau rusak, dan tidak dibaca "
    "lebih lanjut. Buka data aslinya di Excel lalu simpan sebagai 'CSV UTF-8'"
)

# ------------------------------------------------------------------------------ NUL bytes


@pytest.mark.parametrize("chunk", [2, 2048])  # the NUL in a later block, and in the first
def test_a_nul_byte_is_refused_at_its_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # Before: the NUL was taken into the name and the file imported.
    monkeypatch.setattr(importrows, "CHUNK", chunk)
    rows = staff(8)
    rows[3] = rows[3].replace("Pegawai 3", "Pega\x00wai 3")  # line 5
    rows[6] = rows[6].replace(";PNS;", ";Honorer;")  # line 8: not read, the file is no text
    exc = refused("pegawai", write(tmp_path, lines(PEGAWAI, *rows)))
    assert [str(e) for e in exc.errors] == [
        "baris 5, kolom 'nama': sel ini berisi karakter NUL (byte 0x00) sebagai karakter ke-5, "
        f"sesudah 'Pega'. {NUL_SAID}"
    ]


def test_a_nul_byte_in_a_quoted_cell_spanning_lines(tmp_path: Path) -> None:
    text = lines(
        "forum;nama;instansi;kelompok;bagian;masukan",
        "F1;Warga 1;;masyarakat;;Satu",
        'F1;Warga 2;;masyarakat;;"Baris pertama',
        'baris \x00kedua"',  # line 4, inside the cell that opened on line 3
    )
    exc = refused("masukan", write(tmp_path, text))
    assert [e[:2] for e in said(exc)] == [(4, "masukan")]
    assert exc.errors[0].message.startswith(
        "sel ini berisi karakter NUL (byte 0x00) sebagai karakter ke-7, sesudah 'baris '."
    )


def test_a_utf16_file_without_its_mark_is_refused_at_the_header(tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes(lines(PEGAWAI, *staff(2)).encode("utf-16-le"))  # every other byte a NUL
    exc = refused("pegawai", path)
    assert [e[:2] for e in said(exc)] == [(1, "ke-1")]
    assert exc.errors[0].message == (
        f"sel ini berisi karakter NUL (byte 0x00) sebagai karakter ke-2, sesudah 'n'. {NUL_SAID}"
    )


# ------------------------------------------------------------------ empty header cells


@pytest.mark.parametrize("chunk", [2, 2048])  # record by record, and column-wise in chunks
def test_text_under_an_empty_header_cell_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # Before: the text under the empty header cell was dropped unseen.
    monkeypatch.setattr(importrows, "CHUNK", chunk)
    header = PEGAWAI.replace("nip;nama;", "nip;;nama;")
    rows = [row.replace(";", ";;", 1) for row in staff(6)]
    rows[3] = rows[3].replace(";;", ";Pegawai Tiga;", 1)  # line 5
    exc = refused("pegawai", write(tmp_path, lines(header, *rows)))
    assert [str(e) for e in exc.errors] == [
        "baris 5, kolom 'ke-2': sel ini berisi 'Pegawai Tiga', tetapi kolomnya tidak punya "
        "judul kolom (sel judulnya di baris 1 kosong), sehingga isinya tidak terbaca; beri "
        "judul kolom itu, atau kosongkan selnya"
    ]
    rows[3] = rows[3].replace(";Pegawai Tiga;", ";;", 1)
    got, _ = read("pegawai", write(tmp_path, lines(header, *rows), "kosong.csv"))
    assert [r.nip for r in got] == NIPS[:6]  # an empty column under an empty header: fine


def test_text_under_an_empty_header_cell_of_a_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["periode", "kode", None, "nilai"])
    sheet.append(["2026-TW3", "IKM", None, "81,67"])
    sheet.append(["2026-TW3", "SKP", "catatan", "96"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    exc = refused("realisasi", path)
    assert [e[:2] for e in said(exc)] == [(3, "ke-3")]
    assert exc.errors[0].message.startswith("sel ini berisi 'catatan', tetapi kolomnya tidak")


def test_an_empty_first_header_cell_over_row_numbers_is_left_alone(tmp_path: Path) -> None:
    rows = [f"{i + 1};{row}" for i, row in enumerate(staff(3))]
    got, _ = read("pegawai", write(tmp_path, lines(";" + PEGAWAI, *rows)))
    assert [r.nip for r in got] == NIPS[:3]


# --------------------------------------------------------------- title rows above the header


def test_title_rows_above_the_header_are_skipped_with_a_warning(tmp_path: Path) -> None:
    # Before: the title was taken as the header ("kolom wajib ... tidak ditemukan").
    text = lines("DATA PEGAWAI, DINAS X 2026;;;;;;", "Per 1 Januari 2026", "", PEGAWAI, *staff(3))
    got, warnings = read("pegawai", write(tmp_path, text))  # the title's comma is no delimiter
    assert [(r.line, r.nip) for r in got] == [(5, NIPS[0]), (6, NIPS[1]), (7, NIPS[2])]
    assert warnings == [
        "baris di atas judul kolom (baris 4) dilewati sebagai judul: baris 1 'DATA PEGAWAI, "
        "DINAS X 2026', baris 2 'Per 1 Januari 2026'"
    ]


def test_rows_above_the_header_that_are_no_title_are_refused(tmp_path: Path) -> None:
    text = lines("DATA PEGAWAI", "Unit kerja:;DUKCAPIL", PEGAWAI, *staff(3))
    exc = refused("pegawai", write(tmp_path, text))
    assert [str(e) for e in exc.errors] == [
        "baris 1: baris ini bukan judul kolom data pegawai: judul kolomnya ada di baris 3. Hapus "
        "baris 1 sampai 2 di atas judul kolom (judul laporan, keterangan), lalu impor ulang"
    ]


def test_missing_columns_are_reported_at_the_header_below_a_title(tmp_path: Path) -> None:
    text = lines("REALISASI 2026", "periode;kode;angka", "2026-TW3;IKM;81")
    exc = refused("realisasi", write(tmp_path, text))
    assert [str(e) for e in exc.errors] == [
        "baris 2: kolom wajib untuk realisasi indikator tidak ditemukan: nilai. Kolom yang ada "
        "di berkas: periode, kode, angka"
    ]
    # No header below the title; a header all misspelt above rows that name a column.
    for text, found in [
        (lines("REALISASI 2026", "x;y;z", "1;2;3"), "REALISASI 2026"),
        (lines("tahun;indikator_kinerja;angka", "2026;kode;81"), "tahun, indikator_kinerja, angka"),
    ]:
        exc = refused("realisasi", write(tmp_path, text))
        assert [str(e) for e in exc.errors] == [
            "baris 1: kolom wajib untuk realisasi indikator tidak ditemukan: periode, kode, "
            f"nilai. Kolom yang ada di berkas: {found}"
        ]


def test_a_workbooks_title_rows_are_skipped_and_its_merged_cells_still_checked(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    summary.append(["Jumlah pegawai", 3])
    sheet = book.create_sheet("Daftar")
    sheet.append(["DATA PEGAWAI DINAS X 2026"])
    sheet.merge_cells("A1:G1")  # the title, across the table, as reports have it
    sheet.append([])
    sheet.append(PEGAWAI.split(";"))  # row 3
    for i in range(3):
        sheet.append([NIPS[i], f"Pegawai {i}", "PNS", "Analis", "DUKCAPIL", None, None])
    path = tmp_path / "p.xlsx"
    book.save(path)
    got, warnings = read("pegawai", path)
    assert [r.line for r in got] == [4, 5, 6]
    assert warnings == [
        "berkas berisi 2 lembar; yang dibaca: 'Daftar' (judul kolomnya sesuai)",
        "baris di atas judul kolom (baris 3) dilewati sebagai judul: baris 1 'DATA PEGAWAI "
        "DINAS X 2026'",
    ]
    sheet.merge_cells("E4:E6")  # under the header found on row 3
    book.save(path)
    exc = refused("pegawai", path)
    assert [e[:2] for e in said(exc)] == [(5, "unit_kerja"), (6, "unit_kerja")]


def test_a_report_with_a_title_row_imports_whole(session: Session, tmp_path: Path) -> None:
    org = get_org(session, make_org(session, tmp_path))
    path = write(tmp_path, lines("DAFTAR PEGAWAI", PEGAWAI, *staff(4)))
    result = ingest_file(session, org, "pegawai", path, "rina")
    assert result.written == 4
    assert session.exec(select(func.count()).select_from(Employee)).one() == 4
    assert "dilewati sebagai judul: baris 1 'DAFTAR PEGAWAI'" in result.warnings[0]


# ------------------------------------------------------------------ OLE compound files

ENCRYPTED = [  # the streams and storages Excel writes for a workbook with a password
    "EncryptionInfo",
    "\x06DataSpaces",
    "DataSpaceMap",
    "DataSpaceInfo",
    "StrongEncryptionDataSpace",
    "TransformInfo",
    "StrongEncryptionTransform",
    "\x06Primary",
    "EncryptedPackage",  # last: in the directory's third sector of 512 bytes
]
FREE, END, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole(path: Path, names: list[str], shift: int = 9, data: bytes = b"") -> Path:
    """A minimal OLE compound file: its FAT, a directory naming `names`, then `data`.

    The directory's sectors are written in reverse order (the FAT chains them), so only a
    reader that follows the chain finds every name.
    """
    size = 1 << shift
    entries = b""
    for n, (name, kind) in enumerate([("Root Entry", 5), *((name, 2) for name in names)]):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        # Root's child is entry 1; each stream's right sibling is the next (a valid tree).
        child, right = (1 if names else FREE, FREE) if n == 0 else (FREE, n + 1)
        right = right if right <= len(names) else FREE
        links = struct.pack("<HBBIII", len(encoded), kind, 1, FREE, right, child)
        entry = encoded.ljust(64, b"\x00") + links + bytes(36) + struct.pack("<IQ", END, 0)
        entries += entry
    entries = entries.ljust(-(-len(entries) // size) * size, b"\x00")
    chunks = [entries[at : at + size] for at in range(0, len(entries), size)]
    count = len(chunks)
    order = list(range(count, 0, -1))  # the directory's n-th sector is sector order[n]
    fat = [FREE] * (size // 4)
    fat[0] = FAT_SECTOR
    for here, there in zip(order, [*order[1:], END], strict=True):
        fat[here] = there
    sectors = [struct.pack(f"<{size // 4}I", *fat)] + [b""] * count
    for n, sector in enumerate(chunks):
        sectors[order[n]] = sector
    header = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00"))
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3 if shift == 9 else 4, 0xFFFE, shift, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, order[0], 0, 4096, END, 0, END, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[FREE] * 108)
    path.write_bytes(bytes(header).ljust(size, b"\x00") + b"".join(sectors) + data)
    return path


@pytest.mark.parametrize("shift", [9, 12])  # sectors of 512 and of 4096 bytes
def test_a_workbook_protected_by_a_password_is_told_apart_from_an_xls(
    tmp_path: Path, shift: int
) -> None:
    # Before: a protected .xlsx was refused as ".xls tidak didukung".
    protected = ole(tmp_path / "dilindungi.xlsx", ENCRYPTED, shift)
    assert [str(e) for e in refused("pegawai", protected).errors] == [
        "berkas ini buku kerja Excel yang dilindungi kata sandi (terenkripsi), sehingga isinya "
        "tidak dapat dibaca. Buka di Excel dengan kata sandinya, hapus kata sandinya (File > "
        "Info > Protect Workbook > Encrypt with Password, kosongkan isiannya), simpan tanpa "
        "kata sandi, lalu impor ulang"
    ]
    # An .xls, even one whose data holds the name, outside the directory.
    name = "EncryptedPackage".encode("utf-16-le")
    for path in (
        ole(tmp_path / "lama.xls", ["Workbook", "\x05SummaryInformation"], shift),
        ole(tmp_path / "lama2.xls", ["Workbook"], shift, data=name.ljust(1 << shift, b"\x00")),
    ):
        assert [str(e) for e in refused("pegawai", path).errors] == [
            "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx atau CSV"
        ]


# ------------------------------------------------------------------------------ hidden rows


def test_rows_hidden_in_excel_are_read_and_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "pegawai"
    sheet.append(["Data pegawai"])  # a title row, hidden: no data row
    sheet.append(PEGAWAI.split(";"))  # row 2
    for i in range(4):
        sheet.append([NIPS[i], f"Pegawai {i}", "PNS", "Analis", "DUKCAPIL", None, None])
    sheet.append([])  # row 7: hidden and empty, nothing to say
    sheet.auto_filter.ref = "A2:G6"
    for row in (1, 4, 6, 7):
        sheet.row_dimensions[row].hidden = True  # as Excel saves the rows a filter hides
    path = tmp_path / "p.xlsx"
    book.save(path)
    got, warnings = read("pegawai", path)
    assert [r.line for r in got] == [3, 4, 5, 6]  # read as any other row
    assert warnings == [
        "2 baris data tersembunyi di Excel (disembunyikan atau tersaring filter) tetap dibaca "
        "seperti baris lain: baris 4, 6; bila baris itu tidak dimaksudkan, hapus dari berkas, "
        "jangan hanya disembunyikan",
        "baris di atas judul kolom (baris 2) dilewati sebagai judul: baris 1 'Data pegawai'",
    ]
    for row in (1, 4, 6, 7):
        sheet.row_dimensions[row].hidden = False
    book.save(path)
    assert not any("tersembunyi" in w for w in read("pegawai", path)[1])


@pytest.mark.parametrize("size", [50, 1 << 20])
def test_hidden_rows_are_found_when_a_read_cuts_their_tag(
    size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sheet's XML is scanned in reads of `_READ` bytes; at 50 bytes every row's tag is cut.
    monkeypatch.setattr(importxlsx, "_READ", size)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "pegawai"
    sheet.append(PEGAWAI.split(";"))
    for i in range(30):
        sheet.append([NIPS[i], f"Pegawai {i}", "PNS", "Analis", "DUKCAPIL", None, None])
    for row in range(2, 32, 3):
        sheet.row_dimensions[row].hidden = True
    path = tmp_path / "p.xlsx"
    book.save(path)
    _got, warnings = read("pegawai", path)
    assert warnings == [
        "10 baris data tersembunyi di Excel (disembunyikan atau tersaring filter) tetap dibaca "
        "seperti baris lain: baris 2, 5, 8, 11, 14, 17, 20, 23, 26, 29; bila baris itu tidak "
        "dimaksudkan, hapus dari berkas, jangan hanya disembunyikan"
    ]


# ------------------------------------------------------------------------ two-row headers


def test_a_header_in_two_rows_with_merged_names_is_read_as_one(tmp_path: Path) -> None:
    # As SKM recaps are laid out: the elements under one heading, the rest merged down.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "skm"
    sheet.append(["REKAP SKM TRIWULAN III"])
    sheet.append(["Unit Layanan", "Tanggal", "Unsur Pelayanan", *[None] * 8, "Usia"])  # row 2
    sheet.append([None, None, *[f"U{i}" for i in range(1, 10)], None])  # row 3
    for col in ("A", "B", "L"):
        sheet.merge_cells(f"{col}2:{col}3")
    sheet.merge_cells("C2:K2")
    sheet.append(["RSUD", "2026-08-03", 4, 3, 3, 4, 3, 3, 4, 3, 3, 41])
    sheet.append(["RSUD", "2026-08-04", 3, 3, 3, 3, 3, 3, 3, 3, 3, 29])
    path = tmp_path / "skm.xlsx"
    book.save(path)
    got, warnings = read("skm", path)
    assert [(r.line, r.unit_code, r.u1, r.u9, r.age) for r in got] == [
        (4, "RSUD", 4, 3, "41"),
        (5, "RSUD", 3, 3, "29"),
    ]
    assert warnings == [
        "judul kolom ditulis dalam dua baris (baris 2 dan 3, dengan sel gabungan): dibaca "
        "sebagai satu baris judul, 'Unit Layanan', 'Tanggal', 'Usia' dari baris 2",
        "baris di atas judul kolom (baris 3) dilewati sebagai judul: baris 1 'REKAP SKM "
        "TRIWULAN III'",
    ]
    # A merged cell in a data row is still refused at its row.
    sheet.merge_cells("L4:L5")
    book.save(path)
    assert said(refused("skm", path))[0][0] == 5


def test_the_upper_row_of_a_two_row_header_may_name_most_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "pegawai"
    sheet.append(["NIP", "Nama", "Jenis ASN", "Jabatan", "Unit Kerja", "Atasan", None])
    sheet.append([None, None, None, None, None, "nip_atasan", "tim"])
    for col in "ABCDE":
        sheet.merge_cells(f"{col}1:{col}2")
    sheet.merge_cells("F1:G1")
    sheet.append([NIPS[0], "Pegawai 0", "PNS", "Kepala", "DUKCAPIL", None, None])
    sheet.append([NIPS[1], "Pegawai 1", "PNS", "Analis", "DUKCAPIL", NIPS[0], "Tim A"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    got, warnings = read("pegawai", path)
    assert [(r.line, r.nip, r.supervisor_nip, r.team) for r in got] == [
        (3, NIPS[0], None, ""),
        (4, NIPS[1], NIPS[0], "Tim A"),
    ]
    assert warnings == [
        "judul kolom ditulis dalam dua baris (baris 1 dan 2, dengan sel gabungan): dibaca "
        "sebagai satu baris judul, 'NIP', 'Nama', 'Jenis ASN', 'Jabatan', 'Unit Kerja' dari "
        "baris 1"
    ]
