"""Writing an import template: a workbook with its guide, or a CSV header line.

Layer: shell (writes the file `siklus template` names). What each column holds comes from
`policy.importtemplate`. A workbook has the data sheet, named after the kind (the sheet the
import reads first), with the header row (required columns bold), the NIP, code and period
columns formatted as Text for `TEMPLATE_ROWS` rows (and the whole column), a drop-down list
on every column with a closed set of values, fitting widths and a frozen header; and the
guide sheet `GUIDE_SHEET`: every column in words, its other header names, and the lists the
drop-downs read. A CSV file is the header line as an Indonesian Excel saves it (UTF-8 with
BOM, `;`). The file is written whole to a temporary file beside it, then renamed over it.
openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any, Final

from policy.errors import ServiceError
from policy.importtemplate import (
    GUIDE_SHEET,
    TEMPLATE_MARK,
    TEMPLATE_ROWS,
    TEXT_FORMAT,
    OrgValues,
    TemplateColumn,
    guide_notes,
    template_columns,
    template_format,
)
from siklus import output

__all__ = ["SUFFIXES", "check_target", "guide_lines", "template_bytes", "write_template"]

SUFFIXES: Final = (".xlsx", ".csv")
_GUIDE_HEADER: Final = ("Kolom", "Wajib", "Isi", "Judul kolom lain yang diterima")
_GUIDE_WIDTHS: Final = (24, 24, 80, 40)
_MAX_WIDTH: Final = 45


def check_target(kind: str, path: Path, *, overwrite: bool = False) -> None:
    """Refuse an unknown kind, an extension other than .xlsx or .csv, and an existing file.

    Raises:
        ServiceError: the reason, in Bahasa Indonesia.
    """
    template_format(kind)
    if path.suffix.lower() not in SUFFIXES:
        given = f"'{path.suffix}'" if path.suffix else "tanpa ekstensi"
        raise ServiceError(
            f"Berkas templat harus berekstensi .xlsx atau .csv ({path.name}: {given}), mis. "
            f"siklus template {kind} {kind}.xlsx"
        )
    if path.is_dir():
        raise ServiceError(f"{path} adalah folder; sebutkan nama berkas, mis. {path / kind}.xlsx")
    if path.exists() and not overwrite:
        raise ServiceError(
            f"Berkas {path} sudah ada dan tidak ditimpa; pilih nama lain atau tambahkan "
            "--overwrite."
        )


def write_template(
    kind: str, path: Path, *, org: OrgValues | None = None, overwrite: bool = False
) -> tuple[TemplateColumn, ...]:
    """Write the template of `kind` to `path` (.xlsx or .csv); returns its columns.

    Nothing is left half-written: the file appears whole or not at all.

    Raises:
        ServiceError: see `check_target`.
        OSError: the folder is missing or not writable.
    """
    check_target(kind, path, overwrite=overwrite)
    columns = template_columns(kind, org)
    output.write_whole(path, template_bytes(kind, path.suffix.lower(), columns, org))
    return columns


def template_bytes(
    kind: str, suffix: str, columns: tuple[TemplateColumn, ...], org: OrgValues | None
) -> bytes:
    """The file's content: a workbook for ".xlsx", the header line for ".csv"."""
    if suffix == ".csv":
        text = io.StringIO()
        csv.writer(text, delimiter=";", lineterminator="\r\n").writerow(c.name for c in columns)
        return codecs.BOM_UTF8 + text.getvalue().encode("utf-8")
    return _workbook(kind, columns, org)


def guide_lines(columns: tuple[TemplateColumn, ...]) -> list[str]:
    """The column guide as plain lines (what the workbook's guide sheet holds)."""
    lines = []
    for column in columns:
        lines.append(f"{column.name} ({column.need}): {column.description}")
        if not all(value in column.description for value in column.values):
            lines.append(f"    pilihan: {', '.join(column.values)}")
        if column.aliases:
            lines.append(f"    judul lain: {', '.join(column.aliases)}")
    return lines


def _width(column: TemplateColumn) -> float:
    longest = max((len(v) for v in column.values), default=0)
    typical = 20 if column.as_text else 12  # an 18-digit NIP shows whole in 20
    return min(max(len(column.name) + 4, longest + 4, typical), _MAX_WIDTH)


def _workbook(kind: str, columns: tuple[TemplateColumn, ...], org: OrgValues | None) -> bytes:
    # Imported here: openpyxl costs every `siklus` command a tenth of a second at start-up.
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped]
        DataValidation,
    )

    book = Workbook()
    book.properties.title = f"Templat impor {template_format(kind).title}"
    book.properties.keywords = TEMPLATE_MARK
    sheet = book.active
    sheet.title = kind
    guide = book.create_sheet(GUIDE_SHEET)
    fmt = template_format(kind)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    # The guide: title, notes, then one row per column.
    guide.cell(1, 1, f"Petunjuk pengisian templat {fmt.title} ({kind})").font = Font(
        bold=True, size=13
    )
    row = 2
    for note in guide_notes(kind, org):
        guide.cell(row, 1, note)
        row += 1
    head = row + 1
    for index, title in enumerate(_GUIDE_HEADER, 1):
        guide.cell(head, index, title).font = bold
        guide.column_dimensions[get_column_letter(index)].width = _GUIDE_WIDTHS[index - 1]
    for offset, column in enumerate(columns, 1):
        cells = (column.name, column.need, column.description, ", ".join(column.aliases))
        for index, text in enumerate(cells, 1):
            cell = guide.cell(head + offset, index, text)
            cell.alignment = wrap
        guide.cell(head + offset, 1).font = Font(bold=column.required)

    # The drop-down lists, right of the guide: one list per distinct set of values.
    lists: dict[tuple[str, ...], tuple[str, list[str]]] = {}  # values -> (range, columns)
    at = len(_GUIDE_HEADER) + 2
    for column in columns:
        if not column.values:
            continue
        if column.values in lists:
            lists[column.values][1].append(column.name)
            continue
        letter = get_column_letter(at)
        for offset, value in enumerate(column.values, 1):
            cell = guide.cell(head + offset, at, _list_value(value, column))
            cell.number_format = TEXT_FORMAT if isinstance(cell.value, str) else "General"
        last = head + len(column.values)
        lists[column.values] = (f"'{GUIDE_SHEET}'!${letter}${head + 1}:${letter}${last}", [])
        lists[column.values][1].append(column.name)
        guide.column_dimensions[letter].width = _width(column)
        at += 1
    for index, (_, names) in enumerate(lists.values()):
        cell = guide.cell(head, len(_GUIDE_HEADER) + 2 + index, f"Pilihan {', '.join(names)}")
        cell.font = bold
        cell.alignment = wrap

    # The data sheet.
    last_row = TEMPLATE_ROWS + 1
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = sheet.cell(1, index, column.name)
        cell.font = Font(bold=column.required)
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(column)
        if column.as_text:
            dimension.number_format = TEXT_FORMAT  # the whole column, beyond the rows below
            for number in range(2, last_row + 1):
                sheet.cell(number, index).number_format = TEXT_FORMAT
        if column.values:
            source, _ = lists[column.values]
            check = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showDropDown=False,  # False shows the arrow (the attribute means "hide")
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="Isian di luar daftar",
                error=(
                    f"Kolom {column.name}: pilih isian dari daftar. Ejaan lain yang diterima "
                    f"tercantum di lembar {GUIDE_SHEET}."
                )[:255],
            )
            check.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _list_value(value: str, column: TemplateColumn) -> Any:
    """A list entry as the cell would hold it: digits of a number column as a number.

    A drop-down only accepts what is typed when it equals an entry: an SKM score typed as
    3 is the number 3, so the list holds numbers there; code columns are text, and so are
    their entries.
    """
    if not column.as_text and value.isascii() and value.isdigit():
        return int(value)
    return value
