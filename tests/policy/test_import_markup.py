"""A web page or an Excel 2003 XML workbook saved as .xls is refused, with the way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy.imports import ImportFileError, parse_file

HTML = (
    "\ufeff  <html><head><meta charset='utf-8'></head><body><table>"
    "<tr><td>periode</td><td>nip</td></tr></table></body></html>"
)
XML = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
)


@pytest.mark.parametrize(
    ("text", "what"),
    [(HTML, "halaman web (HTML) berisi tabel"), (XML, "buku kerja XML Excel 2003")],
)
def test_markup_under_an_xls_name_is_refused(tmp_path: Path, text: str, what: str) -> None:
    path = tmp_path / "ekinerja.xls"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        parse_file("ekinerja", path)
    assert [str(e) for e in info.value.errors] == [
        f"berkas ini {what}, bukan CSV atau .xlsx (aplikasi yang mengekspor ke Excel sering "
        "menyimpannya dengan nama .xls). Buka berkas itu di Excel, lalu simpan sebagai Excel "
        "Workbook (.xlsx) atau CSV, dan impor berkas yang baru"
    ]


def test_a_csv_is_not_taken_for_markup(tmp_path: Path) -> None:
    path = tmp_path / "unit.csv"
    path.write_text("kode;nama;jenis\nDINKES;Dinas <Kesehatan>;dinas\n", encoding="utf-8")
    assert [r.name for r in parse_file("unit", path).rows] == ["Dinas <Kesehatan>"]
