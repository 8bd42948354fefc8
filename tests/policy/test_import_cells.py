"""Cells a policy officer's file holds that must not be misread: numbers, dates and periods.

A number such as 81.675 reads as 81675 and as 81,675 alike; a date month first, an Excel
day number or a period Excel turned into a date says what happened and how to fix it; a
number formatted as a percentage in a workbook is the number the officer sees.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from policy.importcells import parse_period_cell
from policy.imports import ImportFileError, parse_file
from policy.importschema import parse_date, parse_decimal
from policy.importxlsx import percent_text

# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "thousands", "decimal"),
    [
        ("81.675", "81675", "81,675"),
        ("8.167", "8167", "8,167"),
        ("1.234", "1234", "1,234"),
        ("1.000", "1000", "1,000"),
        ("-12.345", "-12345", "-12,345"),
        ("+123.456", "123456", "123,456"),
    ],
)
def test_one_dot_before_three_digits_is_refused_with_both_readings(
    text: str, thousands: str, decimal: str
) -> None:
    with pytest.raises(ValueError) as info:
        parse_decimal(text)
    assert str(info.value) == (
        f"angka '{text}' dapat dibaca {thousands} atau {decimal}; tulis {decimal} bila desimal, "
        f"atau {thousands} tanpa titik bila ribuan"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", Decimal("1234567")),
        ("1.234,5", Decimal("1234.5")),
        ("96.20", Decimal("96.20")),
        ("30,5", Decimal("30.5")),
        ("81675", Decimal("81675")),
        ("81,675", Decimal("81.675")),
        ("0.675", Decimal("0.675")),  # no thousands group starts with 0
        ("1234.567", Decimal("1234.567")),  # four digits before the dot: no group
        ("12.3456", Decimal("12.3456")),
        ("2,000,000.50", Decimal("2000000.50")),
        ("-2", Decimal("-2")),
    ],
)
def test_unambiguous_numbers_still_read(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(
    tmp_path: Path, rows: list[list[Any]], formats: dict[str, str] | None = None
) -> Path:
    """A workbook of one sheet; `formats` gives cells (e.g. "C2") a number format."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    path = tmp_path / "data.xlsx"
    book.save(path)
    return path


def test_an_ambiguous_realisation_is_refused_at_its_cell_and_the_others_read(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "realisasi.csv", "periode;kode;nilai\n2026-TW3;IKM;81.675\n"
                 "2026-TW3;SKP-TEPAT;96.20\n2026-TW3;ADUAN;81,675\n")  # fmt: skip
    with pytest.raises(ImportFileError) as info:
        parse_file("realisasi", path)
    assert [str(e) for e in info.value.errors] == [
        "baris 2, kolom 'nilai': angka '81.675' dapat dibaca 81675 atau 81,675; tulis 81,675 "
        "bila desimal, atau 81675 tanpa titik bila ribuan"
    ]


# ------------------------------------------------------------------------------- dates


def test_a_date_month_first_says_how_dates_are_read() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("10/13/2026")
    assert str(info.value) == (
        "tanggal '10/13/2026' tampaknya ditulis bulan/hari/tahun (13 Oktober 2026), padahal "
        "tanggal dibaca hari/bulan/tahun. Tanggal lain di kolom ini seperti 10/3/2026 akan "
        "terbaca 10 Maret 2026, bukan 3 Oktober: tulis ulang seluruh kolom sebagai "
        "hari/bulan/tahun, mis. 13/10/2026 (Excel yang diatur ke bahasa Inggris menulis bulan "
        "lebih dulu)"
    )


def test_a_month_first_date_in_march_shows_another_example() -> None:
    with pytest.raises(ValueError, match=r"seperti 3-4-2026 akan terbaca 3 April 2026, bukan 4 "):
        parse_date("3-25-2026")


@pytest.mark.parametrize("text", ["31/02/2026", "13/13/2026", "2/30/2026", "10/45/2026"])
def test_a_date_no_reading_makes_real_is_not_in_the_calendar(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == f"tanggal '{text}' tidak ada di kalender"


@pytest.mark.parametrize("text", ["46115", "46115,5"])
def test_an_excel_day_number_is_refused_with_the_date_it_stands_for(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == (
        f"tanggal '{text}' tidak dikenali: tampaknya nomor tanggal Excel (46115 = 3 April "
        "2026), yang muncul bila tanggal ditempel sebagai nilai ke sel berformat Teks. Format "
        "selnya sebagai tanggal (Date), atau ketik tanggalnya, mis. 22/11/2026"
    )


@pytest.mark.parametrize("text", ["12345", "99999", "4611"])
def test_a_number_far_from_todays_day_numbers_gets_the_plain_message(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == (
        f"tanggal '{text}' tidak dikenali; tulis seperti 22/11/2026, 2026-11-22 "
        "atau 22 November 2026"
    )


def test_a_day_number_from_a_numeric_xlsx_cell_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["tanggal", "unit_kerja", "kategori"],
                                 [46115, "DINKES", "antrean"]])  # fmt: skip
    with pytest.raises(ImportFileError) as info:
        parse_file("pengaduan", path)
    ((line, column, message),) = [(e.line, e.column, e.message) for e in info.value.errors]
    assert (line, column) == (2, "tanggal")
    assert message.startswith("tanggal '46115' tidak dikenali: tampaknya nomor tanggal Excel")


# ----------------------------------------------------------------------------- periods

_PERIOD_AS_DATE = (
    "periode '{text}' berupa tanggal: Excel mengubah periode yang diketik menjadi tanggal. "
    "Format sel kolom periode sebagai Teks, lalu ketik periodenya, mis. 2026-TW3, atau "
    "2026-10 untuk Oktober 2026"
)


@pytest.mark.parametrize("text", ["2026-10-01", "2026-10-01 00:00:00", "1/10/2026"])
def test_a_period_that_is_a_date_says_excel_made_it_one(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_period_cell(text)
    assert str(info.value) == _PERIOD_AS_DATE.format(text=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-10", "2026-10"), ("2026-TW3", "2026-TW3"), ("01/07/2026 s.d. 30/09/2026", "2026-TW3")],
)
def test_periods_still_read_in_a_period_cell(text: str, expected: str) -> None:
    assert parse_period_cell(text) == expected


def test_a_period_xlsx_date_cell_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["periode", "kode", "nilai"], ["2026-TW3", "IKM", 80],
                                 [datetime(2026, 10, 1), "IKM", 81]])  # fmt: skip
    with pytest.raises(ImportFileError) as info:
        parse_file("realisasi", path)
    assert [(e.line, e.column, e.message) for e in info.value.errors] == [
        (3, "periode", _PERIOD_AS_DATE.format(text="2026-10-01"))
    ]


# ------------------------------------------------------------------ percentages in xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.962, "96,2"),
        (0.9619999999999999, "96,2"),  # a formula's float, shown 96,20% by Excel
        (0.30000000000000004, "30"),
        (0.5, "50"),
        (1, "100"),
        (0, "0"),
        (-0.25, "-25"),
        (12.345, "1234,5"),
        (1e-05, "0,001"),
    ],
)
def test_percent_text_is_the_number_shown_without_float_noise(value: float, expected: str) -> None:
    assert percent_text(value) == expected


def test_percent_formatted_cells_read_as_the_officer_sees_them(tmp_path: Path) -> None:
    cells: list[tuple[str, float, str | None]] = [
        ("A", 0.962, "0.00%"),  # shown 96,20%
        ("B", 0.9619999999999999, "0.00%"),  # a formula's float, shown 96,20% too
        ("C", 1, "0%"),
        ("D", 0.962, None),  # no format: the number as stored
        ("E", 0.5, '0.00"%"'),  # a quoted "%" is a sign only: 0,50%
        ("F", 0.5, "#,##0.0 %;[Red]-#,##0.0 %"),
        ("G", 96.2, None),
    ]
    rows: list[list[Any]] = [["periode", "kode", "nilai"]]
    rows += [["2026-TW3", code, value] for code, value, _ in cells]
    formats = {f"C{i}": shown for i, (_, _, shown) in enumerate(cells, 2) if shown}
    path = write_xlsx(tmp_path, rows, formats)
    values = {row.code: row.value for row in parse_file("realisasi", path).rows}
    assert values == {
        "A": Decimal("96.2"),
        "B": Decimal("96.2"),
        "C": Decimal("100"),
        "D": Decimal("0.962"),
        "E": Decimal("0.5"),
        "F": Decimal("50"),
        "G": Decimal("96.2"),
    }
    assert str(values["A"]) == "96.2"


def test_a_workbook_without_percentages_reads_dates_and_numbers_as_before(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["tanggal", "unit_kerja", "kategori", "waktu_respons_jam"],
                                 [datetime(2026, 11, 22), "DINKES", "antrean", 1.5]])  # fmt: skip
    (row,) = parse_file("pengaduan", path).rows
    assert (row.received_on, row.response_hours) == (date(2026, 11, 22), Decimal("1.5"))
