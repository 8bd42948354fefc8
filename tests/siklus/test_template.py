"""`siklus template KIND FILE`: templates the importer reads, text NIP cells, drop-down lists."""

from __future__ import annotations

import codecs
import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from policy.importformats import FORMATS
from policy.imports import parse_file
from policy.importtemplate import GUIDE_SHEET, TEMPLATE_KINDS, TEMPLATE_ROWS, template_columns
from policy.importxlsx import cell_text
from policy.packs import find_pack, load_pack
from policy.services.imports import import_file
from policy.services.template_values import template_values
from policy.settings import Settings
from siklus import output
from siklus.cli import app
from siklus.template import write_template
from tests.factories import MINI_PACK, make_org

runner = CliRunner()
KADIS = "196608011988031001"
DEWI = "197503152000122002"
NO_ROWS = ["berkas tidak berisi baris data"]


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240"})
    return result.exit_code, result.output


def headers(sheet: Any) -> dict[str, str]:
    """Column letter -> header of a sheet's first row."""
    return {cell.column_letter: cell.value for cell in sheet[1] if cell.value}


def dropdowns(path: Path, kind: str) -> dict[str, list[Any]]:
    """Header -> the values its drop-down list offers, read as Excel reads the workbook."""
    book = openpyxl.load_workbook(path)
    sheet = book[kind]
    names = headers(sheet)
    found: dict[str, list[Any]] = {}
    for check in sheet.data_validations.dataValidation:
        assert check.type == "list"
        ref = str(check.sqref)
        first, last = ref.split(":")
        letter = first.rstrip("0123456789")
        assert (first, last) == (f"{letter}2", f"{letter}{TEMPLATE_ROWS + 1}")
        where, cells = check.formula1.split("!")
        source = book[where.strip("'")]
        assert names[letter] not in found
        found[names[letter]] = [c.value for row in source[cells.replace("$", "")] for c in row]
    return found


# ------------------------------------------------------------------------ every kind


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_a_workbook_template_is_read_by_the_importer(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.xlsx"
    write_template(kind, path)
    table = parse_file(kind, path)
    # The header matched, and the guide sheet beside the data draws no warning.
    assert (table.rows, table.warnings) == ([], NO_ROWS)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [kind, GUIDE_SHEET]
    sheet = book[kind]
    fmt = FORMATS[kind]
    assert [c.value for c in sheet[1]] == [c.name for c in fmt.columns]
    assert [bool(c.font.b) for c in sheet[1]] == [c.required for c in fmt.columns]
    assert sheet.freeze_panes == "A2"
    for letter, name in headers(sheet).items():
        assert sheet.column_dimensions[letter].width >= len(name) + 2
    guide = book[GUIDE_SHEET]
    listed = {row[0]: row for row in guide.iter_rows(values_only=True) if row[0] in fmt.headers}
    for column in template_columns(kind):
        _name, need, description, aliases, *_ = listed[column.name]
        assert (need, description) == (column.need, column.description)
        assert aliases == (", ".join(column.aliases) or None)


def test_only_the_template_guide_draws_no_sheet_warning(tmp_path: Path) -> None:
    path = tmp_path / "pegawai.xlsx"
    write_template("pegawai", path)
    book = openpyxl.load_workbook(path)
    book.create_sheet("Rekap")
    book.save(path)
    warnings = parse_file("pegawai", path).warnings
    assert warnings == ["berkas berisi 3 lembar; yang dibaca: 'pegawai'", *NO_ROWS]


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_a_csv_template_is_the_header_line_excel_writes(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.csv"
    write_template(kind, path)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig") == ";".join(c.name for c in FORMATS[kind].columns) + "\r\n"
    table = parse_file(kind, path)
    assert (table.rows, table.warnings) == ([], NO_ROWS)


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_drop_downs_offer_what_the_parser_accepts(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.xlsx"
    columns = write_template(kind, path)
    lists = dropdowns(path, kind)
    assert set(lists) == {c.name for c in columns if c.values}
    for column in columns:
        if not column.values:
            continue
        offered = lists[column.name]
        # What a picked entry puts in the cell, read as the importer reads a cell.
        assert [cell_text(v) for v in offered] == list(column.values)
        assert column.parse is not None
        for value in offered:
            column.parse(cell_text(value).strip())  # as the importer hands a cell over


def test_nip_and_code_cells_are_text(tmp_path: Path) -> None:
    path = tmp_path / "pegawai.xlsx"
    write_template("pegawai", path)
    sheet = openpyxl.load_workbook(path)["pegawai"]
    letters = {name: letter for letter, name in headers(sheet).items()}
    for name in ("nip", "nip_atasan", "unit_kerja"):
        letter = letters[name]
        assert sheet.column_dimensions[letter].number_format == "@"
        for row in (2, 3, 500, TEMPLATE_ROWS + 1):
            assert sheet[f"{letter}{row}"].number_format == "@", (name, row)
    for name in ("nama", "jenis_asn"):
        assert sheet[f"{letters[name]}2"].number_format == "General"
    assert dropdowns(path, "pegawai")["jenis_asn"] == ["PNS", "PPPK", "PPPK Paruh Waktu"]


def test_date_cells_are_text(tmp_path: Path) -> None:
    # An Excel set to English would read a typed 03/04/2026 as 4 March; as text it is kept
    # as typed, and the import reads it day first.
    path = tmp_path / "pengaduan.xlsx"
    write_template("pengaduan", path)
    sheet = openpyxl.load_workbook(path)["pengaduan"]
    letters = {name: letter for letter, name in headers(sheet).items()}
    assert sheet.column_dimensions[letters["tanggal"]].number_format == "@"
    assert sheet[f"{letters['tanggal']}2"].number_format == "@"


def test_scores_are_offered_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "skm.xlsx"
    write_template("skm", path)
    lists = dropdowns(path, "skm")
    assert lists["u1"] == lists["u9"] == [1, 2, 3, 4]


# ------------------------------------------------------------------- filled in, imported


def fill(path: Path, kind: str, *rows: dict[str, Any]) -> None:
    """Type rows into a template's data sheet under its headers, as Excel saves them."""
    book = openpyxl.load_workbook(path)
    sheet = book[kind]
    column = {name: cell.column for cell in sheet[1] if (name := cell.value)}
    for number, values in enumerate(rows, 2):
        for name, value in values.items():
            sheet.cell(number, column[name], value)
    book.save(path)


@pytest.fixture
def org(session: Session, tmp_path: Path) -> str:
    data: dict[str, Any] = copy.deepcopy(MINI_PACK)
    data["evaluation"] = {
        "framework": "weighted_360",
        "weighted_360": {
            "sources": {"atasan": "0.7", "rekan": "0.3", "diri": 0},
            "criteria": [
                {"code": "disiplin", "name": "Disiplin", "weight": "0.5"},
                {"code": "kompetensi", "name": "Kompetensi", "weight": "0.5"},
            ],
            "bonus": [{"code": "inovasi", "name": "Inovasi", "max_points": "5"}],
        },
    }
    folder = tmp_path / "pack"
    folder.mkdir()
    return make_org(session, folder, data)


def imported(session: Session, org: str, kind: str, path: Path) -> tuple[int, tuple[str, ...]]:
    result = import_file(session=session, organisation=org, kind=kind, path=path, actor="rina")
    return result.written, result.warnings


def test_filled_templates_import(session: Session, org: str, tmp_path: Path) -> None:
    values = template_values(session=session, organisation=org)
    assert values.units == ("SETDA", "BKPSDM", "DUKCAPIL", "PKM")  # the pack's order
    assert (values.criteria, set(values.sources), values.bonus) == (
        ("disiplin", "kompetensi"),
        {"atasan", "rekan", "diri"},
        ("inovasi",),
    )

    pegawai = tmp_path / "pegawai.xlsx"
    write_template("pegawai", pegawai, org=values)
    asn, units = (dropdowns(pegawai, "pegawai")[k] for k in ("jenis_asn", "unit_kerja"))
    assert units == list(values.units)
    fill(
        pegawai,
        "pegawai",
        {
            "nip": KADIS,
            "nama": "Andi",
            "jenis_asn": asn[0],
            "jabatan": "Kadis",
            "unit_kerja": units[1],
        },
        {
            "nip": DEWI,
            "nama": "Dewi",
            "jenis_asn": asn[0],
            "jabatan": "Analis",
            "unit_kerja": units[1],
            "nip_atasan": KADIS,
        },
    )
    assert imported(session, org, "pegawai", pegawai) == (2, ())

    ekinerja = tmp_path / "ekinerja.xlsx"
    write_template("ekinerja", ekinerja)
    ratings = dropdowns(ekinerja, "ekinerja")
    fill(
        ekinerja,
        "ekinerja",
        {
            "periode": "TW III 2026",
            "nip": DEWI,
            "rating_hasil_kerja": ratings["rating_hasil_kerja"][0],
            "rating_perilaku": ratings["rating_perilaku"][2],
        },
    )
    assert imported(session, org, "ekinerja", ekinerja) == (1, ())

    skm = tmp_path / "skm.xlsx"
    write_template("skm", skm, org=values)
    scores = dropdowns(skm, "skm")["u1"]
    answers = {f"u{i}": scores[i % 4] for i in range(1, 10)}  # numbers, as typed in Excel
    fill(
        skm,
        "skm",
        {"unit_layanan": "PKM", "tanggal": datetime(2026, 8, 3), **answers},
        {"unit_layanan": "DUKCAPIL", "tanggal": "22/08/2026", "u1": scores[3]},
    )
    assert imported(session, org, "skm", skm) == (2, ())

    rating = tmp_path / "penilaian_360.xlsx"
    write_template("penilaian_360", rating, org=values)
    lists = dropdowns(rating, "penilaian_360")
    assert lists["aspek"] == ["disiplin", "kompetensi"]
    assert lists["sumber"] == ["diri", "atasan", "rekan"]
    fill(
        rating,
        "penilaian_360",
        *(
            {"periode": "2026-TW3", "nip": DEWI, "sumber": source, "penilai": rater, "aspek": c}
            | {"nilai": "4,5"}
            for source, rater in (("diri", None), ("atasan", KADIS))
            for c in lists["aspek"]
        ),
    )
    assert imported(session, org, "penilaian_360", rating) == (4, ())

    bonus = tmp_path / "bonus.csv"
    write_template("bonus", bonus, org=values)
    with bonus.open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"2026-TW3;{DEWI};inovasi;2,5;Aplikasi antrean\r\n")
    assert imported(session, org, "bonus", bonus) == (1, ())


# --------------------------------------------------------------------------- the command


def test_the_command_writes_a_generic_template_without_a_database(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "pegawai.xlsx"
    code, out = run("template", "pegawai", str(path))
    assert code == 0, out
    assert "templat data pegawai ditulis (lembar 'pegawai' dan 'Petunjuk')" in out
    assert parse_file("pegawai", path).warnings == NO_ROWS
    assert not (settings.data_dir / "siklus.db").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pegawai.xlsx"]  # no temporary file left


def test_a_csv_template_prints_the_guide(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "ekinerja.csv"
    code, out = run("template", "ekinerja", str(path))
    assert code == 0, out
    assert out.startswith(f"{path}: judul kolom rating e-Kinerja ditulis (CSV UTF-8, pemisah ;).")
    assert "  nip (wajib): NIP 18 digit sebagai teks" in out
    assert (
        "  rating_perilaku (wajib): salah satu dari: di atas ekspektasi, sesuai ekspektasi" in out
    )
    assert "      judul lain: behaviour_rating, perilaku" in out
    assert "Kolom periode, nip harus tetap teks" in out
    assert (
        path.read_bytes() == codecs.BOM_UTF8 + b"periode;nip;rating_hasil_kerja;rating_perilaku\r\n"
    )


def test_org_adds_the_unit_codes(settings: Settings, tmp_path: Path) -> None:
    code, out = run("pack", "load", "sawahlunto", "--as", "admin")
    assert code == 0, out
    path = tmp_path / "pengaduan.xlsx"
    code, out = run("template", "pengaduan", str(path), "--org", "sawahlunto")
    assert code == 0, out
    units = [u.code for u in load_pack(find_pack("sawahlunto")).pack.units]
    assert dropdowns(path, "pengaduan") == {"unit_kerja": units}
    generic = tmp_path / "umum.xlsx"
    assert run("template", "pengaduan", str(generic))[0] == 0
    assert dropdowns(generic, "pengaduan") == {}
    code, out = run("template", "pengaduan", str(tmp_path / "x.xlsx"), "--org", "tidakada")
    assert (code, out) == (1, "Gagal: Organisasi 'tidakada' tidak ditemukan.\n")
    assert not (tmp_path / "x.xlsx").exists()


def test_refusals(settings: Settings, tmp_path: Path) -> None:
    code, out = run("template", "karyawan", str(tmp_path / "k.xlsx"))
    assert code == 1
    assert out.startswith("Gagal: Jenis data 'karyawan' tidak dikenal; pilih salah satu: unit, ")
    assert "pegawai" in out and "penilaian_360" in out
    for name in ("pegawai.xls", "pegawai.ods", "pegawai"):
        code, out = run("template", "pegawai", str(tmp_path / name))
        assert code == 1 and "harus berekstensi .xlsx atau .csv" in out, out
    existing = tmp_path / "pegawai.csv"
    existing.write_text("punya orang\n", encoding="utf-8")
    code, out = run("template", "pegawai", str(existing))
    assert code == 1
    assert "sudah ada dan tidak ditimpa" in out and "--overwrite" in out
    assert existing.read_text(encoding="utf-8") == "punya orang\n"
    code, out = run("template", "pegawai", str(existing), "--overwrite")
    assert code == 0, out
    assert existing.read_bytes().startswith(codecs.BOM_UTF8 + b"nip;nama;")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pegawai.csv"]


def test_nothing_is_half_written(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "pegawai.xlsx"
    existing.write_bytes(b"lama")

    def disk_full(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    # The file written whole to a temporary file fails before it replaces the old one.
    monkeypatch.setattr(output.os, "fsync", disk_full)
    code, out = run("template", "pegawai", str(existing), "--overwrite")
    assert (code, out) == (1, "Gagal: Ruang disk penuh.\n")  # in words, no traceback
    assert existing.read_bytes() == b"lama"
    assert [p.name for p in tmp_path.iterdir()] == ["pegawai.xlsx"]
