"""Formula cells of a workbook whose value is not saved: found cheaply, refused at their cell.

Layer: domain (helpers of `policy.importxlsx`, which reads the workbook). A program that
writes a workbook without computing it (a script, an export) stores a formula and no value,
and openpyxl, reading values, reads such a cell as empty; Excel and LibreOffice store the
value when they save. `has_formula` tells, by a byte search in the pass over the sheet's XML
that `policy.importxlsx` makes anyway, whether the sheet holds a formula at all (a workbook
without one costs nothing more); only then `unsaved_formulas` reads the sheet's XML again
for the formula cells without a value, and `unsaved_formula` makes the refusal of a row.
"""

from __future__ import annotations

import html
import re
from typing import Any, Final

from policy.importerrors import BadRecord

__all__ = ["has_formula", "unsaved_formula", "unsaved_formulas"]

# A cell's formula element (`<f>`, `<f t="shared" .../>`, maybe with a namespace prefix),
# and a formula cell whose value is missing or empty: its attributes, its formula text, and
# an empty `<v>` if that is it.
_UNSAVED: Final = re.compile(
    rb"<(?:[\w.-]+:)?c\s([^>]*)>\s*<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:[\w.-]+:)?f>)\s*"
    rb"(?:(<(?:[\w.-]+:)?v\s*/>|<(?:[\w.-]+:)?v>\s*</(?:[\w.-]+:)?v>)|</(?:[\w.-]+:)?c>)"
)
_STRING_RESULT: Final = re.compile(rb"\bt=\"str\"")
_CELL_REF: Final = re.compile(rb"\br=\"\$?([A-Z]+\$?[0-9]+)\"")


def has_formula(data: bytes) -> bool:
    """Whether sheet XML holds a formula element (`<f>`, `<f t="shared" .../>`).

    One byte search for "<f", each hit checked: a regular expression or a search per
    spelling would cost a large sheet's read a few hundredths more. A prefixed `<x:f>`
    (which no spreadsheet program writes) is not looked for.
    """
    at = data.find(b"<f")
    while at >= 0:
        if data[at + 2 : at + 3] in (b">", b" ", b"/"):
            return True
        at = data.find(b"<f", at + 2)
    return False


def unsaved_formulas(book: Any, sheet: Any) -> dict[int, dict[int, str]]:
    """The sheet's formula cells with no saved value: row -> 0-based column -> formula.

    A program that writes a workbook without computing it (a script, an export) stores a
    formula with no value, and openpyxl reads such a cell as empty; Excel and LibreOffice
    store the value when they save. A formula whose saved value is empty text
    (`=IF(A2="";"";A2)`, typed "str") has its value. Read only when `has_formula` found one
    in the sheet (`policy.importxlsx` looks as it reads the sheet for merged ranges).
    """
    from openpyxl.utils.cell import coordinate_to_tuple  # type: ignore[import-untyped]

    found: dict[int, dict[int, str]] = {}
    tail = b""
    with book._archive.open(sheet._worksheet_path) as source:
        while True:
            chunk = source.read(1 << 20)
            data = tail + chunk
            cut = data.rfind(b"</row>") + len(b"</row>") if chunk else len(data)
            if chunk and cut < len(b"</row>"):
                tail = data  # no whole row yet
                continue
            for m in _UNSAVED.finditer(data, 0, cut):
                attributes, empty_value = m[1], m[3] is not None
                if empty_value and _STRING_RESULT.search(attributes):
                    continue  # a formula whose value is empty text
                ref = _CELL_REF.search(attributes)
                if ref is None:
                    continue
                row, column = coordinate_to_tuple(ref[1].decode("ascii"))
                found.setdefault(row, {})[column - 1] = html.unescape(
                    (m[2] or b"").decode("utf-8", "replace")
                )
            tail = data[cut:]
            if not chunk:
                break
    return found


def unsaved_formula(number: int, formulas: dict[int, str], known: set[int]) -> BadRecord | None:
    """The problem of a data row with a formula whose value is not saved, under a known header."""
    from openpyxl.utils.cell import get_column_letter

    columns = sorted(c for c in formulas if c in known)
    if not columns:
        return None
    column = columns[0]
    text = formulas[column]
    shown = f" (={text})" if text else ""
    more = len(columns) - 1
    also = f" (dan {more} sel rumus lain di baris ini)" if more else ""
    return BadRecord(
        f"sel {get_column_letter(column + 1)}{number} berisi rumus{shown} yang nilainya tidak "
        f"tersimpan di berkas{also}, sehingga terbaca kosong; berkas ini tampaknya dibuat "
        "program yang tidak menghitung rumus. Buka berkas di Excel atau LibreOffice lalu "
        "simpan ulang agar nilai rumusnya tersimpan",
        column,
    )
