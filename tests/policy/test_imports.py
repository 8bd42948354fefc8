"""Tabular import: Excel CSV dialects, XLSX, header aliases, values and row errors."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from policy.imports import (
    FORMATS,
    MAX_ERRORS,
    ImportFileError,
    ParsedTable,
    RowError,
    parse_file,
    parse_period,
)
from policy.models import AsnType, CapaianOrganisasi, Disposition, MilestoneStatus, Rating

NIP_A = "196608011988031001"
NIP_B = "198609262015051001"
NI_PPPK = "199009132025242014"
PEGAWAI_HEADER = "nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim"


def write(
    tmp_path: Path,
    text: str,
    *,
    name: str = "data.csv",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> Path:
    """Write `text` (lines joined with `newline`) as the bytes Excel would save."""
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def write_xlsx(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "data.xlsx") -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def errors_of(kind: str, path: Path) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        parse_file(kind, path)
    return info.value


def where(exc: ImportFileError) -> list[tuple[int, str | None]]:
    return [(e.line, e.column) for e in exc.errors]


# ------------------------------------------------------------------------- CSV dialects


def test_semicolon_utf8_bom_crlf(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{PEGAWAI_HEADER}\n"
        f"19660801 198803 1 001;Budi Santoso;PNS;Kepala Dinas;DINKES;;Pimpinan\n"
        f"{NI_PPPK};Siti Aminah;pppk paruh waktu;Guru;SDN-1;{NIP_A};\n",
        encoding="utf-8-sig",
        newline="\r\n",
    )
    table = parse_file("pegawai", path)
    assert isinstance(table, ParsedTable)
    assert (table.kind, table.filename, table.warnings) == ("pegawai", "data.csv", [])
    assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    first, second = table.rows
    assert (first.line, first.nip, first.name, first.asn_type) == (2, NIP_A, "Budi Santoso", "PNS")
    assert first.asn_type is AsnType.PNS
    assert (first.position, first.unit_code, first.supervisor_nip, first.team) == (
        "Kepala Dinas",
        "DINKES",
        None,
        "Pimpinan",
    )
    assert (second.line, second.nip, second.asn_type) == (3, NI_PPPK, AsnType.PPPK_PARUH_WAKTU)
    assert (second.supervisor_nip, second.team) == (NIP_A, "")


def test_comma_separated_with_quoted_comma(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nip,nama,jenis_asn,jabatan,unit_kerja\n"
        f'{NIP_A},"Santoso, Budi",PNS,"Kepala Seksi, Bidang Umum",DINKES\n',
    )
    (row,) = parse_file("pegawai", path).rows
    assert (row.name, row.position, row.supervisor_nip, row.team) == (
        "Santoso, Budi",
        "Kepala Seksi, Bidang Umum",
        None,
        "",
    )


def test_tab_separated(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "periode\tnip\trating_hasil_kerja\trating_perilaku\n"
        f"TW I 2026\t{NIP_A}\tDi Atas Ekspektasi\tsesuai\n",
    )
    (row,) = parse_file("ekinerja", path).rows
    assert (row.period, row.nip, row.hasil_kerja, row.perilaku) == (
        "2026-TW1",
        NIP_A,
        Rating.DI_ATAS,
        Rating.SESUAI,
    )


def test_sep_line_is_honoured_and_counted(tmp_path: Path) -> None:
    # "sep=," overrides the header, which would otherwise split best on ";".
    path = write(tmp_path, 'sep=,\nperiode,kode,nilai\n2026-TW1,IKU-1,"88,31"\n2026,IKU-1,x\n')
    exc = errors_of("realisasi", path)
    assert [str(e) for e in exc.errors] == [
        "baris 4, kolom 'nilai': 'x' bukan angka; contoh penulisan: 88,31 atau 1.234,56"
    ]
    path = write(tmp_path, 'sep=,\nperiode,kode,nilai\n2026-TW1,IKU-1,"88,31"\n')
    (row,) = parse_file("realisasi", path).rows
    assert (row.line, row.period, row.code, row.value) == (3, "2026-TW1", "IKU-1", Decimal("88.31"))


def test_windows_1252_bytes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "forum;nama;instansi;kelompok;bagian;masukan\n"
        "FGD-1;Désirée Siregar;LSM Pena;masyarakat;Pasal 5;Target — terlalu tinggi\n",
        encoding="cp1252",
        newline="\r\n",
    )
    table = parse_file("masukan", path)
    (row,) = table.rows
    assert (row.author, row.text, row.section_ref) == (
        "Désirée Siregar",
        "Target — terlalu tinggi",
        "Pasal 5",
    )
    assert table.warnings == ["berkas bukan UTF-8; dibaca sebagai Windows-1252"]


def test_utf8_bom_on_windows_1252_bytes(tmp_path: Path) -> None:
    path = tmp_path / "campur.csv"
    path.write_bytes(b"\xef\xbb\xbfkode;nama;jenis\r\nDINKES;Dinas Kesehatan \x96 Kota;dinas\r\n")
    (row,) = parse_file("unit", path).rows
    assert (row.code, row.name) == ("DINKES", "Dinas Kesehatan \u2013 Kota")


def test_utf16_unicode_text_export(tmp_path: Path) -> None:
    path = write(tmp_path, "kode\tnama\tjenis\nDINKES\tDinas Kesehatan\tDinas\n", encoding="utf-16")
    (row,) = parse_file("unit", path).rows
    assert (row.code, row.name, row.kind, row.parent) == (
        "DINKES",
        "Dinas Kesehatan",
        "dinas",
        None,
    )


def test_quoted_multiline_field_keeps_later_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "forum;nama;kelompok;masukan\n"
        'FGD-1;Ani;ASN;"Baris satu;\nbaris dua\nbaris tiga"\n'
        "FGD-1;;ASN;Masukan kedua\n"
        "FGD 1;Cici;ASN;Masukan ketiga\n",
        newline="\r\n",
    )
    exc = errors_of("masukan", path)
    assert where(exc) == [(5, "nama"), (6, "forum")]
    path = write(tmp_path, 'forum;nama;kelompok;masukan\nFGD-1;Ani;ASN;"satu;\r\ndua"\n')
    (row,) = parse_file("masukan", path).rows
    assert row.text == "satu;\ndua"


def test_blank_lines_and_ignored_columns_are_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\nNo;kode;nama;jenis;Keterangan\n"
        "1;DINKES;Dinas Kesehatan;dinas;\n"
        ";;;;\n"
        "\n"
        "2;;;;\n"
        "3;PKM-1;Puskesmas Satu;Puskesmas;dekat pasar\n",
    )
    table = parse_file("unit", path)
    assert [(r.line, r.code, r.kind) for r in table.rows] == [
        (3, "DINKES", "dinas"),
        (7, "PKM-1", "puskesmas"),
    ]
    assert table.warnings == ["kolom tidak dikenal diabaikan: No, Keterangan"]


def test_same_bytes_same_sha256(tmp_path: Path) -> None:
    text = "kode;nama;jenis\nDINKES;Dinas Kesehatan;dinas\n"
    first = parse_file("unit", write(tmp_path, text, name="a.csv"))
    second = parse_file("unit", write(tmp_path, text, name="b.csv"))
    assert first.sha256 == second.sha256
    assert first.rows[0] == second.rows[0]


# ------------------------------------------------------------------------------ XLSX


def test_xlsx_with_text_nip_and_date_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        {
            "Petunjuk": [["Isi lembar skm"]],
            "SKM": [
                ["Unit Layanan", "Tanggal", *(f"U{i}" for i in range(1, 10)), "Usia"],
                ["DUKCAPIL", datetime(2026, 11, 22), 4, 3, None, 4, 4, 3, 3, 4, 2.0, 35],
                [],
                ["DUKCAPIL", "23/11/2026", "1", 2, 3, 4, 1, 2, 3, 4, 1, "20-30"],
            ],
        },
    )
    table = parse_file("skm", path)
    first, second = table.rows
    assert (first.line, first.unit_code, first.response_date) == (2, "DUKCAPIL", date(2026, 11, 22))
    assert (first.u1, first.u2, first.u3, first.u9, first.age, first.gender) == (
        4,
        3,
        None,
        2,
        "35",
        "",
    )
    assert (second.line, second.response_date, second.u1, second.age) == (
        4,
        date(2026, 11, 23),
        1,
        "20-30",
    )
    assert table.warnings == ["berkas berisi 2 lembar; yang dibaca: 'SKM'"]

    path = write_xlsx(
        tmp_path,
        {
            "Pegawai": [
                ["NIP", "Nama", "Jenis ASN", "Jabatan", "Unit Kerja"],
                [NIP_A, "Budi", "PNS", "Staf", "DINKES"],
            ]
        },
        name="pegawai.xlsx",
    )
    (row,) = parse_file("pegawai", path).rows
    assert (row.line, row.nip, row.name) == (2, NIP_A, "Budi")


def test_xlsx_numeric_nip_is_refused_with_the_excel_explanation(tmp_path: Path) -> None:
    header = ["NIP", "Nama", "Jenis ASN", "Jabatan", "Unit Kerja"]
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                header,
                [NIP_A, "Budi", "PNS", "Staf", "DINKES"],
                [int(NIP_B), "Ani", "PNS", "Staf", "DINKES"],
                [1.97e17, "Citra", "PNS", "Staf", "DINKES"],
            ]
        },
    )
    exc = errors_of("pegawai", path)
    assert where(exc) == [(3, "NIP"), (4, "NIP")]
    for error in exc.errors:
        assert "tersimpan sebagai angka, bukan teks" in error.message
        assert "15 digit" in error.message
        assert "Teks" in error.message


def test_old_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lama.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    exc = errors_of("pegawai", path)
    assert [str(e) for e in exc.errors] == [
        "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx atau CSV"
    ]


# ------------------------------------------------------------------- headers and values


def test_nip_in_excel_text_formula(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'periode,nip,rating_hasil_kerja,rating_perilaku\n2026,"=""{NIP_A}""",sesuai,sesuai\n',
    )
    (row,) = parse_file("ekinerja", path).rows
    assert (row.period, row.nip) == ("2026", NIP_A)


def test_english_aliases_in_odd_case(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        " NIP ;Name;ASN-Type;POSITION;Unit;Supervisor NIP;team;Catatan\n"
        f"{NIP_B};Ani;Pns;Analis;BKPSDM;{NIP_A};Tim A;abaikan\n",
    )
    table = parse_file("pegawai", path)
    (row,) = table.rows
    assert (row.nip, row.name, row.asn_type, row.position) == (NIP_B, "Ani", AsnType.PNS, "Analis")
    assert (row.unit_code, row.supervisor_nip, row.team) == ("BKPSDM", NIP_A, "Tim A")
    assert table.warnings == ["kolom tidak dikenal diabaikan: Catatan"]


def test_spaces_hyphens_and_underscores_match_alike(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Unit Kerja;Tahap;Target-Tanggal;STATUS;tanggal_selesai;Catatan\n"
        "DINKES;Sosialisasi;22 November 2026;on progress;;\n"
        "DINKES;Uji coba;1/12/2026;Done;5-12-2026;lancar\n",
    )
    first, second = parse_file("progres", path).rows
    assert (first.due_on, first.status, first.done_on, first.note) == (
        date(2026, 11, 22),
        MilestoneStatus.PROSES,
        None,
        "",
    )
    assert (second.due_on, second.status, second.done_on, second.note) == (
        date(2026, 12, 1),
        MilestoneStatus.SELESAI,
        date(2026, 12, 5),
        "lancar",
    )


def test_decimal_comma_and_thousands_dot(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "kode;nama;satuan;baseline;target;arah\n"
        "IKM;Indeks Kepuasan;indeks;76,61;88,31;naik\n"
        "ADU;Jumlah pengaduan;kasus;1.234,5;1000;Turun\n"
        "WKT;Waktu layanan;jam;12.5;-2;lower\n"
        "BIG;Anggaran;rupiah;1.500.000;2,000,000.50;tinggi\n",
    )
    rows = parse_file("indikator", path).rows
    assert [(r.code, r.baseline, r.target, r.direction) for r in rows] == [
        ("IKM", Decimal("76.61"), Decimal("88.31"), "higher"),
        ("ADU", Decimal("1234.5"), Decimal("1000"), "lower"),
        ("WKT", Decimal("12.5"), Decimal("-2"), "lower"),
        ("BIG", Decimal("1500000"), Decimal("2000000.50"), "higher"),
    ]
    assert rows[0].unit == "indeks"


def test_numbers_and_dates_in_other_scripts_digits_are_refused(tmp_path: Path) -> None:
    """Only 0-9 (DOMAIN.md §7): full-width or Arabic-Indic digits would read as numbers."""
    path = write(
        tmp_path,
        "kode;nama;satuan;baseline;target;arah\nIKM;Indeks;indeks;７６,６１;٨٨;naik\n",
    )
    assert [str(e) for e in errors_of("indikator", path).errors] == [
        "baris 2, kolom 'baseline': '７６,６１' bukan angka; contoh penulisan: 88,31 atau 1.234,56",
        "baris 2, kolom 'target': '٨٨' bukan angka; contoh penulisan: 88,31 atau 1.234,56",
    ]
    dates = write(tmp_path, "tanggal;unit_kerja;kategori\n２２/11/2026;DINKES;antrean\n")
    (error,) = errors_of("pengaduan", dates).errors
    assert "tanggal '２２/11/2026' tidak dikenali" in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22 November 2026", date(2026, 11, 22)),
        ("22 november 2026", date(2026, 11, 22)),
        ("Minggu, 22 November 2026", date(2026, 11, 22)),
        ("17 Agustus 2026", date(2026, 8, 17)),
        ("3 Mei 2026", date(2026, 5, 3)),
        ("3 May 2026", date(2026, 5, 3)),
        ("22 Nopember 2026", date(2026, 11, 22)),
        ("22/11/2026", date(2026, 11, 22)),
        ("1/2/2026", date(2026, 2, 1)),
        ("5-3-2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("2026-03-05 00:00:00", date(2026, 3, 5)),
    ],
)
def test_dates(tmp_path: Path, text: str, expected: date) -> None:
    path = write(tmp_path, f"tanggal;unit_kerja;kategori\n{text};DINKES;antrean\n")
    (row,) = parse_file("pengaduan", path).rows
    assert row.received_on == expected


def test_bad_dates_say_why(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "tanggal;unit_kerja;kategori\n31/02/2026;DINKES;a\n22/11/26;DINKES;b\nbesok;DINKES;c\n",
    )
    assert [str(e) for e in errors_of("pengaduan", path).errors] == [
        "baris 2, kolom 'tanggal': tanggal '31/02/2026' tidak ada di kalender",
        "baris 3, kolom 'tanggal': tahun pada tanggal '22/11/26' harus ditulis 4 digit, "
        "mis. 22/11/2026",
        "baris 4, kolom 'tanggal': tanggal 'besok' tidak dikenali; tulis seperti 22/11/2026, "
        "2026-11-22 atau 22 November 2026",
    ]


def test_forum_attendance_booleans(tmp_path: Path) -> None:
    answers = ["ya", "Tidak", "Y", "t", "HADIR", "tidak hadir", "1", "0", "true", "false"]
    answers += ["yes", "no", "x", ""]
    body = "".join(f"FGD-1;Orang {i};ASN;{a}\n" for i, a in enumerate(answers))
    path = write(tmp_path, "forum;nama;kelompok;hadir\n" + body)
    rows = parse_file("kehadiran_forum", path).rows
    assert [r.present for r in rows] == [True, False] * 6 + [True, True]
    assert all(r.nip is None and r.institution == "" for r in rows)
    path = write(tmp_path, f"forum;nama;kelompok;nip\nFGD-1;Ani;ASN;{NIP_A}\n")
    (row,) = parse_file("kehadiran_forum", path).rows
    assert (row.present, row.nip) == (True, NIP_A)


def test_workshop_attendance(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "kegiatan;nip;hadir;pre_test;post_test\n"
        f"WS-1;{NIP_A};x;55,5;80\n"
        f"WS-1;{NIP_B};;;\n"
        f"WS-1;{NI_PPPK};ya;101;\n"
        f"WS-2;{NIP_B};;40;\n",
    )
    exc = errors_of("kehadiran_kegiatan", path)
    assert [str(e) for e in exc.errors] == [
        "baris 4, kolom 'pre_test': nilai harus antara 0 dan 100, ditemukan 101",
        "baris 5, kolom 'hadir': tercatat tidak hadir tetapi punya nilai tes; "
        "isi hadir dengan 'ya'",
    ]
    path = write(
        tmp_path,
        f"kegiatan;nip;hadir;pre_test;post_test\nWS-1;{NIP_A};x;55,5;80\nWS-1;{NIP_B};;;\n",
    )
    first, second = parse_file("kehadiran_kegiatan", path).rows
    assert (first.present, first.pre_test, first.post_test) == (
        True,
        Decimal("55.5"),
        Decimal("80"),
    )
    assert (second.present, second.pre_test, second.post_test) == (False, None, None)


def test_responses_with_changed_sections(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nomor;status;tanggapan;bagian_berubah\n"
        '1;Diterima Sebagian;Target diturunkan.;"Pasal 5; Pasal  7 ayat (2)"\n'
        "2;tidak diterima;Di luar kewenangan daerah.;\n"
        "3;DI LUAR LINGKUP;Dicatat.;Pasal 1, Pasal 2\n",
    )
    rows = parse_file("tanggapan", path).rows
    assert [(r.number, r.disposition, r.changed_sections) for r in rows] == [
        (1, Disposition.DITERIMA_SEBAGIAN, ("Pasal 5", "Pasal 7 ayat (2)")),
        (2, Disposition.TIDAK_DITERIMA, ()),
        (3, Disposition.DI_LUAR_LINGKUP, ("Pasal 1", "Pasal 2")),
    ]
    assert rows[0].response == "Target diturunkan."


def test_skm_elements_and_empty_answers(tmp_path: Path) -> None:
    header = "unit_layanan;tanggal;" + ";".join(f"u_{i}" for i in range(1, 10)) + ";jenis_kelamin"
    path = write(
        tmp_path,
        f"{header}\n"
        "DUKCAPIL;22/11/2026;4;3;;4;4;3;3;4;2;P\n"
        "DUKCAPIL;22/11/2026;;;;;;;;;;L\n"
        "DUKCAPIL;22/11/2026;5;3;3;3;3;3;3;3;a;\n",
    )
    exc = errors_of("skm", path)
    assert [str(e) for e in exc.errors] == [
        "baris 3: semua unsur u1–u9 kosong; responden harus menjawab minimal satu unsur",
        "baris 4, kolom 'u_1': nilai harus 1, 2, 3 atau 4 (kosongkan bila tidak dijawab), "
        "ditemukan '5'",
        "baris 4, kolom 'u_9': nilai harus 1, 2, 3 atau 4 (kosongkan bila tidak dijawab), "
        "ditemukan 'a'",
    ]
    path = write(tmp_path, f"{header}\nDUKCAPIL;22/11/2026;4;3;;4;4;3;3;4;2;P\n")
    (row,) = parse_file("skm", path).rows
    assert [getattr(row, f"u{i}") for i in range(1, 10)] == [4, 3, None, 4, 4, 3, 3, 4, 2]
    assert (row.gender, row.education) == ("P", "")


def test_skm_elements_are_named_never_positional(tmp_path: Path) -> None:
    path = write(
        tmp_path, "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;x9\nA;1/1/2026;1;1;1;1;1;1;1;1;1\n"
    )
    exc = errors_of("skm", path)
    assert where(exc) == [(1, None)]
    assert "tidak ditemukan: u9." in exc.errors[0].message


def test_complaints_and_units(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "tanggal;unit_kerja;kategori;waktu_respons_jam;status\n"
        "1/3/2026;DINKES;antrean;2,5;selesai\n"
        "2/3/2026;DINKES;biaya;;\n"
        "3/3/2026;DINKES;biaya;-1;\n",
    )
    exc = errors_of("pengaduan", path)
    assert [str(e) for e in exc.errors] == [
        "baris 4, kolom 'waktu_respons_jam': waktu respons tidak boleh negatif (paling "
        "sedikit 0 jam), ditemukan -1"
    ]
    path = write(
        tmp_path,
        'Tanggal;Unit Kerja;Kategori;Waktu Respons (jam)\n1/3/2026;DINKES;antrean;"1.234,5"\n',
    )
    (row,) = parse_file("pengaduan", path).rows
    assert (row.response_hours, row.status) == (Decimal("1234.5"), "")
    path = write(tmp_path, "kode;nama;induk;jenis\nA;Satu;;dinas\nB;Dua;B;Badan\nC;Tiga;A;pabrik\n")
    exc = errors_of("unit", path)
    assert [str(e) for e in exc.errors][0] == (
        "baris 3, kolom 'induk': unit tidak boleh menjadi induk dirinya sendiri"
    )
    assert where(exc)[1] == (4, "jenis")
    assert exc.errors[1].message.startswith("jenis unit 'pabrik' tidak dikenal; pilih: ")


def test_long_input_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f"forum;nama;kelompok;masukan\nFGD-1;Ani;ASN;{'a' * 5001}\n")
    assert [str(e) for e in errors_of("masukan", path).errors] == [
        "baris 2, kolom 'masukan': teks terlalu panjang: 5.001 karakter, maksimal 5.000"
    ]


# ------------------------------------------------------------------------- row errors


def test_three_bad_rows_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{PEGAWAI_HEADER}\n"
        f"{NIP_A};Budi;PNS;Staf;DINKES;;\n"
        "19860926201505100;Ani;PNS;Staf;DINKES;;\n"
        f"{NI_PPPK};Cici;PPPK;Guru;SDN-1;;\n"
        f"{NIP_B};Dedi;honorer;Staf;DINKES;;\n"
        f"{NI_PPPK[:-1]}5;;PNS;Staf;DINKES;;\n",
    )
    exc = errors_of("pegawai", path)
    assert (exc.filename, exc.total_errors, exc.bad_rows) == ("data.csv", 4, 3)
    assert where(exc) == [(3, "nip"), (5, "jenis_asn"), (6, "nip"), (6, "nama")]
    assert str(exc.errors[0]) == (
        "baris 3, kolom 'nip': NIP harus 18 digit angka, ditemukan 17 digit. Excel hanya "
        "menyimpan 15 digit bermakna dari sebuah angka, sehingga digit sisanya hilang; format "
        "kolom NIP sebagai Teks sebelum mengetik atau mengimpor data"
    )
    assert exc.errors[1].message == (
        "jenis ASN 'honorer' tidak dikenal; isi dengan PNS, PPPK atau PPPK Paruh Waktu"
    )
    assert "202524" in exc.errors[2].message  # an NI PPPK typed as PNS: month 24
    assert exc.errors[3].message == "wajib diisi"
    text = str(exc)
    assert text.splitlines()[0] == (
        "Berkas 'data.csv' tidak dapat diimpor (3 baris bermasalah, 4 kesalahan). Tidak ada "
        "data yang disimpan; perbaiki berkas lalu impor ulang."
    )
    assert text.splitlines()[1:] == [f"- {e}" for e in exc.errors]


def test_error_survives_pickling(tmp_path: Path) -> None:
    exc = errors_of("unit", write(tmp_path, "kode;nama;jenis\nA;;dinas\n"))
    copy = pickle.loads(pickle.dumps(exc))
    assert (copy.filename, copy.errors, copy.total_errors, copy.bad_rows) == (
        "data.csv",
        [RowError(2, "nama", "wajib diisi")],
        1,
        1,
    )
    assert str(copy) == str(exc)


def test_missing_required_column(tmp_path: Path) -> None:
    path = write(tmp_path, f"NIP;Nama Lengkap;Jabatan\n{NIP_A};Budi;Staf\n")
    exc = errors_of("pegawai", path)
    assert [str(e) for e in exc.errors] == [
        "baris 1: kolom wajib untuk data pegawai tidak ditemukan: nama, jenis_asn, unit_kerja. "
        "Kolom yang ada di berkas: NIP, Nama Lengkap, Jabatan"
    ]


def test_a_header_that_seems_to_mean_a_missing_column_is_refused(tmp_path: Path) -> None:
    # Ignored, these columns would drop every supervisor and every response time unseen.
    path = write(
        tmp_path,
        "nip;nama;jenis_asn;jabatan;unit_kerja;NIP Atasan Langsung;Tim Kerja;No\n"
        f"{NIP_A};Budi;PNS;Staf;DINKES;{NIP_A};A;1\n",
    )
    assert [str(e) for e in errors_of("pegawai", path).errors] == [
        "baris 1, kolom 'NIP Atasan Langsung': judul kolom ini tidak dikenal, tetapi mirip "
        "kolom 'nip_atasan' yang tidak ada di berkas; bila isinya nip_atasan, ganti judulnya "
        "menjadi 'nip_atasan', bila bukan, hapus kolom ini (isinya tidak akan diimpor)",
        "baris 1, kolom 'Tim Kerja': judul kolom ini tidak dikenal, tetapi mirip kolom 'tim' "
        "yang tidak ada di berkas; bila isinya tim, ganti judulnya menjadi 'tim', bila "
        "bukan, hapus kolom ini (isinya tidak akan diimpor)",
    ]
    typo = write(
        tmp_path, "tanggal;unit_kerja;kategori;Waktu Respon (Jam)\n01/10/2026;RSUD;Antrean;3\n"
    )
    (error,) = errors_of("pengaduan", typo).errors
    assert "mirip kolom 'waktu_respons_jam'" in str(error)
    # Beside the column itself, a similar one is an export's extra column: ignored.
    both = write(tmp_path, "tanggal;unit_kerja;kategori;waktu_respons_jam;Waktu Respon\n"
                 "01/10/2026;RSUD;Antrean;3;3 jam\n")  # fmt: skip
    assert parse_file("pengaduan", both).warnings == ["kolom tidak dikenal diabaikan: Waktu Respon"]


def test_repeated_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "kode;nama;name;jenis\nA;Satu;One;dinas\n")
    assert [str(e) for e in errors_of("unit", path).errors] == [
        "baris 1, kolom 'name': kolom ini sama dengan kolom 'nama'; hapus salah satu"
    ]


def test_duplicate_nip_names_the_first_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{PEGAWAI_HEADER}\n"
        f"{NIP_A};Budi;PNS;Staf;DINKES;;\n"
        f"{NIP_B};Ani;PNS;Staf;DINKES;;\n"
        f"19660801.198803.1.001;Budi lagi;PNS;Staf;DINKES;;\n",
    )
    assert [str(e) for e in errors_of("pegawai", path).errors] == [
        f"baris 4, kolom 'nip': NIP {NIP_A} sudah ada di baris 2"
    ]


def test_duplicate_rating_is_per_period(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "periode;nip;hasil_kerja;perilaku\n"
        f"2026-TW1;{NIP_A};di atas;di atas\n"
        f"Triwulan II 2026;{NIP_A};sesuai;meets expectations\n"
        f"TW1 2026;{NIP_A};below expectations;Di Bawah Ekspektasi\n",
    )
    assert [str(e) for e in errors_of("ekinerja", path).errors] == [
        f"baris 4, kolom 'nip': NIP {NIP_A} untuk periode 2026-TW1 sudah ada di baris 2"
    ]


def test_error_report_is_capped(tmp_path: Path) -> None:
    body = "".join(f"K{i};Unit {i};bengkel\n" for i in range(250))
    exc = errors_of("unit", write(tmp_path, "kode;nama;jenis\n" + body))
    assert (len(exc.errors), exc.total_errors, exc.bad_rows) == (MAX_ERRORS, 250, 250)
    assert exc.errors[-1].line == MAX_ERRORS + 1
    assert str(exc).endswith("... dan 50 kesalahan lain tidak ditampilkan.")


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    assert [str(e) for e in errors_of("unit", write(tmp_path, "\n\n")).errors] == [
        "berkas kosong: baris judul kolom tidak ditemukan"
    ]
    table = parse_file("unit", write(tmp_path, "kode;nama;jenis\n"))
    assert (table.rows, table.warnings) == ([], ["berkas tidak berisi baris data"])


def test_row_error_text() -> None:
    assert (
        str(RowError(14, "nip", "NIP harus 18 digit"))
        == "baris 14, kolom 'nip': NIP harus 18 digit"
    )
    assert str(RowError(3, None, "semua kosong")) == "baris 3: semua kosong"
    assert str(RowError(0, None, "berkas kosong")) == "berkas kosong"


def test_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown import kind"):
        parse_file("gaji", write(tmp_path, "a\n"))


# ---------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-TW1", "2026-TW1"),
        ("TW1 2026", "2026-TW1"),
        ("TW I 2026", "2026-TW1"),
        ("tw-iv 2026", "2026-TW4"),
        ("TWIII 2026", "2026-TW3"),
        ("Triwulan I 2026", "2026-TW1"),
        ("Triwulan 2 2026", "2026-TW2"),
        ("TRIWULAN IV-AKHIR 2026", "2026-TW4"),
        ("Triwulan III Tahun 2026", "2026-TW3"),
        ("Q3 2026", "2026-TW3"),
        ("2026-S1", "2026-S1"),
        ("Semester I 2026", "2026-S1"),
        ("semester 2 2026", "2026-S2"),
        ("2026", "2026"),
        ("Tahunan 2026", "2026"),
        ("Tahun 2026", "2026"),
        ("2026-03", "2026-03"),
        ("2026-3", "2026-03"),
        ("Maret 2026", "2026-03"),
        ("Desember 2026", "2026-12"),
        ("march 2026", "2026-03"),
        # The SKP Lampiran's "PERIODE PENILAIAN: … JANUARI SD … DESEMBER" (DOMAIN.md §2.3).
        ("Januari SD Desember 2026", "2026"),
        ("JANUARI SD DESEMBER 2026", "2026"),
        ("1 JANUARI SD 31 DESEMBER 2026", "2026"),
        ("PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER 2026", "2026"),
        ("JANUARI SD MARET 2026", "2026-TW1"),
        ("April s.d. Juni 2026", "2026-TW2"),
        ("Juli s/d September 2026", "2026-TW3"),
        ("1 Oktober sampai dengan 31 Desember 2026", "2026-TW4"),
        ("Januari s.d Juni 2026", "2026-S1"),
        ("Juli sampai Desember 2026", "2026-S2"),
        ("Januari 2026 s.d. Maret 2026", "2026-TW1"),
        ("1 Januari – 31 Maret 2026", "2026-TW1"),
        ("01/07/2026 s.d. 30/09/2026", "2026-TW3"),
        ("1 Februari sd 29 Februari 2028", "2028-02"),
        ("Triwulan III Periode 2026", "2026-TW3"),
    ],
)
def test_parse_period(text: str, expected: str) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "TW5 2026", "Semester III 2026", "2026-13", "Maret", "2026 2027", "Juni 26", "２０２６"],
)
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="tidak dikenali; contoh: 2026-TW1"):
        parse_period(text)


@pytest.mark.parametrize(
    "text",
    [
        "Januari SD Agustus 2026",  # eight months
        "Maret s.d. Mei 2026",  # three months across two quarters
        "Desember s.d. Januari 2026",
        "2 Januari s.d. 31 Maret 2026",  # not from the first day
        "1 Januari s.d. 30 Maret 2026",  # not to the last day
        "1 Februari sd 28 Februari 2028",  # 2028 is a leap year
        "Juli 2025 s.d. Juni 2026",  # two years
        "Januari s.d. Maret",  # no year
        "TW I 2026 s.d. TW II 2026",
    ],
)
def test_a_range_that_is_no_whole_period_is_refused_saying_which_are(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_period(text)
    message = str(info.value)
    assert f"'{text}'" in message
    assert (
        "rentang yang diterima, dalam satu tahun: Januari s.d. Desember (tahunan), Januari s.d. "
        "Juni atau Juli s.d. Desember (semester), Januari s.d. Maret, April s.d. Juni, Juli s.d. "
        "September atau Oktober s.d. Desember (triwulan), atau satu bulan penuh"
    ) in message


# ------------------------------------------------------------------ capaian organisasi

CAPAIAN_HEADER = "periode;unit_kerja;capaian;ditetapkan_oleh;catatan"


def test_capaian_semicolon_bom_crlf(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{CAPAIAN_HEADER}\n"
        "TW III 2026;DISDUKCAPIL;ISTIMEWA;Sekretaris Daerah;Rencana aksi melampaui target\n"
        "TW III 2026;DINKES;baik;;\n"
        "2026-TW3;PKM-1;Cukup;Kepala Dinas Kesehatan;\n"
        "Triwulan III 2026;KEC-1;butuh_perbaikan;;\n"
        "TW3 2026;KEC-2;Kurang;;\n"
        "TW III 2026;KEC-3;sangat kurang;;\n"
        "TW IV 2026;DINKES;Butuh Perbaikan (Cukup);;\n",
        encoding="utf-8-sig",
        newline="\r\n",
    )
    rows = parse_file("capaian_organisasi", path).rows
    assert [(r.line, r.period, r.unit_code, r.capaian) for r in rows] == [
        (2, "2026-TW3", "DISDUKCAPIL", CapaianOrganisasi.ISTIMEWA),
        (3, "2026-TW3", "DINKES", CapaianOrganisasi.BAIK),
        (4, "2026-TW3", "PKM-1", CapaianOrganisasi.BUTUH_PERBAIKAN),
        (5, "2026-TW3", "KEC-1", CapaianOrganisasi.BUTUH_PERBAIKAN),
        (6, "2026-TW3", "KEC-2", CapaianOrganisasi.KURANG),
        (7, "2026-TW3", "KEC-3", CapaianOrganisasi.SANGAT_KURANG),
        (8, "2026-TW4", "DINKES", CapaianOrganisasi.BUTUH_PERBAIKAN),
    ]
    assert (rows[0].set_by, rows[0].note) == ("Sekretaris Daerah", "Rencana aksi melampaui target")
    assert (rows[1].set_by, rows[1].note) == ("", "")


def test_capaian_optional_columns_may_be_absent(tmp_path: Path) -> None:
    path = write(tmp_path, "periode;unit_kerja;capaian\n2026-TW3;DINKES;Istimewa\n")
    (row,) = parse_file("capaian_organisasi", path).rows
    assert (row.capaian, row.set_by, row.note) == (CapaianOrganisasi.ISTIMEWA, "", "")


def test_capaian_xlsx_with_english_headers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        {
            "Petunjuk": [["Isi lembar capaian"]],
            "Capaian": [
                ["Period", "Unit", "Capaian kinerja", "Set by", "Note"],
                ["TW III 2026", "DINKES", "Kurang", "Sekretaris Daerah", None],
            ],
        },
    )
    table = parse_file("capaian_organisasi", path)
    (row,) = table.rows
    assert (row.line, row.period, row.unit_code, row.capaian, row.set_by, row.note) == (
        2,
        "2026-TW3",
        "DINKES",
        CapaianOrganisasi.KURANG,
        "Sekretaris Daerah",
        "",
    )
    assert table.warnings == ["berkas berisi 2 lembar; yang dibaca: 'Capaian'"]


def test_capaian_errors_name_line_column_and_the_allowed_values(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{CAPAIAN_HEADER}\n"
        "TW III 2026;DINKES;Luar biasa;;\n"
        "TW III 2026;PKM-1;Baik;;\n"
        "TW III 2026;PKM-1;Kurang;;\n"
        "TW V 2026;KEC-1;Baik;;\n"
        "TW III 2026;;Baik;;\n"
        "TW IV 2026;PKM-1;Baik;;\n",
    )
    exc = errors_of("capaian_organisasi", path)
    assert [str(e) for e in exc.errors] == [
        "baris 2, kolom 'capaian': capaian kinerja organisasi 'Luar biasa' tidak dikenal; isi "
        "dengan Istimewa, Baik, Butuh Perbaikan (atau Cukup), Kurang atau Sangat Kurang",
        "baris 4, kolom 'unit_kerja': capaian unit PKM-1 periode 2026-TW3 sudah ada di baris 3",
        "baris 5, kolom 'periode': periode 'TW V 2026' tidak dikenali; contoh: 2026-TW1, "
        "Triwulan I 2026, 2026-S1, Semester I 2026, 2026 (tahunan), 2026-03, Maret 2026 atau "
        "Januari s.d. Maret 2026",
        "baris 6, kolom 'unit_kerja': wajib diisi",
    ]


# --------------------------------------------------------------------------- registry


def test_every_format_is_registered_and_consistent() -> None:
    assert set(FORMATS) == {
        "unit",
        "pegawai",
        "ekinerja",
        "skm",
        "indikator",
        "realisasi",
        "kehadiran_forum",
        "masukan",
        "tanggapan",
        "kehadiran_kegiatan",
        "progres",
        "rencana",
        "pengaduan",
        "layanan",
        "laporan_kegiatan",
        "penilaian_360",
        "bonus",
        "capaian_organisasi",
        "tindak_lanjut",
        "kebutuhan_asn",
    }
    for kind, fmt in FORMATS.items():
        assert fmt.kind == kind
        names = [f.name for f in fields(fmt.row_type)]
        assert names[0] == "line"
        assert sorted(c.field for c in fmt.columns) == sorted(names[1:])
        assert fmt.row_type.__dataclass_params__.frozen  # type: ignore[attr-defined]
        assert hasattr(fmt.row_type, "__slots__")
