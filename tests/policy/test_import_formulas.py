"""A workbook cell holding a formula with no saved value is refused, not read as empty.

A program that writes a workbook without computing it (openpyxl, most exports) stores a
formula and no value; Excel and LibreOffice store the value when they save. Read as empty,
such a cell would be a missing required value at best and, in an optional column, a value
silently dropped.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from policy.imports import ImportFileError, RowError, parse_file

FIX = (
    "yang nilainya tidak tersimpan di berkas, sehingga terbaca kosong; berkas ini tampaknya "
    "dibuat program yang tidak menghitung rumus. Buka berkas di Excel atau LibreOffice lalu "
    "simpan ulang agar nilai rumusnya tersimpan"
)


EXCEL_CALC = b'<calcPr calcId="191029"/>'


def workbook(
    tmp_path: Path,
    rows: list[list[Any]],
    saved: dict[str, bytes] | None = None,
    calc: bytes = EXCEL_CALC,
) -> Path:
    """A workbook as openpyxl writes it (no formula computed); `saved` replaces parts of the
    sheet's XML, and `calc` the workbook's calculation settings, as a program that computes
    formulas would write them (Excel saves without asking for them to be computed again)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "realisasi"
    for row in rows:
        sheet.append(row)
    path = tmp_path / "realisasi.xlsx"
    book.save(path)
    if saved:
        member = "xl/worksheets/sheet1.xml"
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        for old, new in saved.items():
            assert old.encode() in parts[member]
            parts[member] = parts[member].replace(old.encode(), new)
        openpyxl_calc = b'<calcPr calcId="124519" fullCalcOnLoad="1" />'
        assert openpyxl_calc in parts["xl/workbook.xml"]
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(openpyxl_calc, calc)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return path


def refused(path: Path) -> list[RowError]:
    with pytest.raises(ImportFileError) as info:
        parse_file("realisasi", path)
    return info.value.errors


def test_a_formula_without_its_value_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        [
            ["periode", "kode", "nilai", "keterangan"],
            ["2026-TW3", "IKM", 80, None],
            ["2026-TW3", "SKP", "=B2&C2", "=1+1"],  # the unknown column is not read
            ["2026-TW3", "ADUAN", '=IF(C2>50,"<baik>","kurang")', None],
        ],
    )
    assert refused(path) == [
        RowError(3, "nilai", f"sel C3 berisi rumus (=B2&C2) {FIX}"),
        RowError(4, "nilai", f'sel C4 berisi rumus (=IF(C2>50,"<baik>","kurang")) {FIX}'),
    ]


def test_a_formula_with_its_saved_value_reads_as_the_value(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["periode", "kode", "nilai"],
        ["2026-TW3", "IKM", "=40+41,5"],
        ["2026-TW3", "SKP", "=1+1"],
    ]
    # As Excel saves them: the value after the formula, and a shared formula's child.
    saved = {
        "<f>40+41,5</f><v />": b"<f>40+41,5</f><v>81.5</v>",
        "<f>1+1</f><v />": b'<f t="shared" ref="C3" si="0"/><v>2</v>',
    }
    rows_read = parse_file("realisasi", workbook(tmp_path, rows, saved)).rows
    assert [(r.code, str(r.value)) for r in rows_read] == [("IKM", "81.5"), ("SKP", "2")]


def test_a_formula_whose_saved_value_is_empty_text_is_empty(tmp_path: Path) -> None:
    # `=IF(...;"";...)` computed to empty text is saved typed "str" with an empty value.
    rows: list[list[Any]] = [["periode", "kode", "nilai"], ["2026-TW3", "IKM", '=IF(1,"","x")']]
    saved = {'<c r="C2"><f>IF(1,"","x")</f><v />': b'<c r="C2" t="str"><f>IF(1,"","x")</f><v></v>'}
    assert refused(workbook(tmp_path, rows, saved)) == [RowError(2, "nilai", "wajib diisi")]


def test_a_value_stored_beside_a_formula_of_a_workbook_never_computed_is_refused(
    tmp_path: Path,
) -> None:
    # As XlsxWriter writes a formula: a stored 0 in the value's place, and the workbook asks
    # for every formula to be computed on opening. Read as it stands, C2 would be a 0.
    rows: list[list[Any]] = [
        ["periode", "kode", "nilai"],
        ["2026-TW3", "IKM", "=40+41,5"],
        ["2026-TW3", "SKP", 7],
        ["2026-TW3", "ADUAN", '=IF(1,"a","b")'],
    ]
    saved = {
        "<f>40+41,5</f><v />": b"<f>40+41,5</f><v>0</v>",
        '<f>IF(1,"a","b")</f><v />': b'<f>IF(1,"a","b")</f><v>0</v>',
    }
    never = b'<calcPr calcId="124519" fullCalcOnLoad="1"/>'
    stale = (
        "yang belum dihitung: nilai yang tersimpan (0) belum tentu hasilnya, karena berkas ini "
        "dibuat program yang tidak menghitung rumus dan meminta rumusnya dihitung saat berkas "
        "dibuka. Buka berkas di Excel atau LibreOffice lalu simpan ulang agar nilai rumusnya "
        "tersimpan"
    )
    assert refused(workbook(tmp_path, rows, saved, never)) == [
        RowError(2, "nilai", f"sel C2 berisi rumus (=40+41,5) {stale}"),
        RowError(4, "nilai", f'sel C4 berisi rumus (=IF(1,"a","b")) {stale}'),
    ]
    # The same cells once Excel has computed and saved them read as their values.
    computed = {
        "<f>40+41,5</f><v />": b"<f>40+41,5</f><v>81.5</v>",
        '<f>IF(1,"a","b")</f><v />': b'<f>IF(1,"a","b")</f><v>9</v>',
    }
    rows_read = parse_file("realisasi", workbook(tmp_path, rows, computed)).rows
    assert [(r.code, str(r.value)) for r in rows_read] == [
        ("IKM", "81.5"),
        ("SKP", "7"),
        ("ADUAN", "9"),
    ]


def test_a_workbook_asking_for_computation_without_formulas_reads_as_before(
    tmp_path: Path,
) -> None:
    # openpyxl always asks for computation on opening; with no formula nothing is refused.
    path = workbook(tmp_path, [["periode", "kode", "nilai"], ["2026-TW3", "IKM", 81.5]])
    assert b"fullCalcOnLoad" in zipfile.ZipFile(path).read("xl/workbook.xml")
    assert [str(r.value) for r in parse_file("realisasi", path).rows] == ["81.5"]


def test_a_formula_of_a_sheet_written_with_a_namespace_prefix_is_found(tmp_path: Path) -> None:
    # The .NET Open XML SDK writes `<x:c>`, `<x:f>`: openpyxl reads such a sheet as any other.
    import re

    path = workbook(tmp_path, [["periode", "kode", "nilai"], ["2026-TW3", "IKM", "=40+41"]])
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = parts[member].replace(b'xmlns="' + main + b'"', b'xmlns:x="' + main + b'"')
    parts[member] = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)\b", rb"<\1x:\2", xml)
    assert b"<x:f>40+41</x:f>" in parts[member]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert refused(path) == [RowError(2, "nilai", f"sel C2 berisi rumus (=40+41) {FIX}")]
