"""Formula cells of a workbook whose value is not saved: found cheaply, refused at their cell.

Layer: domain (helpers of `policy.importxlsx`, which reads the workbook). A program that
writes a workbook without computing it (a script, an export) stores a formula and no value,
and openpyxl, reading values, reads such a cell as empty; Excel and LibreOffice store the
value when they save. `has_formula` tells, by a byte search in the pass over the sheet's XML
that `policy.importxlsx` makes anyway, whether the sheet holds a formula at all (a workbook
without one costs nothing more); only then `unsaved_formulas` reads the sheet's XML again
for the formula cells without a value, and `unsaved_formula` makes the refusal of a row. A
workbook that asks for every formula to be computed on opening (`fullCalcOnLoad`, as
XlsxWriter and openpyxl write it) holds no computed value at all: the value stored beside
a formula there (XlsxWriter's 0) is refused as well, since it would be read as a figure.
"""

from __future__ import annotations

import html
import re
from typing import Any, Final, NamedTuple

from policy.importerrors import BadRecord

__all__ = ["Formula", "has_formula", "sheet_prefix", "unsaved_formula", "unsaved_formulas"]


class Formula(NamedTuple):
    """A formula cell without its computed value.

    `stored` is what the workbook holds in the value's place when it asks for formulas to
    be computed on opening (else None).
    """

    text: str
    stored: str | None


# A formula cell (`<f>`, `<f t="shared" .../>`, maybe with a namespace prefix): its
# attributes, its formula text, an empty `<v/>` if that is it, and the text of its `<v>`
# if it has one (neither: the cell ends after its formula).
_FORMULA_CELL: Final = re.compile(
    rb"<(?:[\w.-]+:)?c\s([^>]*)>\s*<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:[\w.-]+:)?f>)\s*"
    rb"(?:(<(?:[\w.-]+:)?v\s*/>)|<(?:[\w.-]+:)?v>([^<]*)</(?:[\w.-]+:)?v>|</(?:[\w.-]+:)?c>)"
)
# The workbook's calculation settings asking for every formula to be computed on opening:
# a program that writes formulas without computing them (XlsxWriter, openpyxl) says so, and
# the value it stores beside a formula (XlsxWriter's 0) is no result. Excel and LibreOffice
# compute on opening and save without it, as the standard asks.
_RECOMPUTE: Final = re.compile(rb"<(?:[\w.-]+:)?calcPr\b[^>]*\bfullCalcOnLoad=[\"'](?:1|true)[\"']")
# The package's main part: the relationship typed ".../officeDocument" and its target.
_MAIN_PART: Final = re.compile(
    rb"<Relationship\b(?=[^>]*\bType=\"[^\"]*/officeDocument\")[^>]*\bTarget=\"([^\"]+)\""
)
# The sheet's root or data element, with its namespace prefix if it has one.
_SHEET_TAG: Final = re.compile(rb"<([\w.-]+:)?(?:worksheet|sheetData)\b")
_STRING_RESULT: Final = re.compile(rb"\bt=\"str\"")
_CELL_REF: Final = re.compile(rb"\br=\"\$?([A-Z]+\$?[0-9]+)\"")


def has_formula(data: bytes, prefix: bytes = b"") -> bool:
    """Whether sheet XML holds a formula element (`<f>`, `<f t="shared" .../>`).

    `prefix` is the namespace prefix the sheet writes its elements with (`x:`, as the .NET
    Open XML SDK writes them; `sheet_prefix`). One byte search for "<f", each hit checked: a
    regular expression or a search per spelling would cost a large sheet's read a few
    hundredths more.
    """
    start = b"<" + prefix + b"f"
    at = data.find(start)
    while at >= 0:
        end = at + len(start)
        if data[end : end + 1] in (b">", b" ", b"/"):
            return True
        at = data.find(start, end)
    return False


def sheet_prefix(data: bytes) -> bytes:
    """The namespace prefix of a sheet's elements, from its first bytes (`b"x:"`, or none)."""
    found = _SHEET_TAG.search(data)
    return found[1] or b"" if found else b""


def unsaved_formulas(book: Any, sheet: Any) -> dict[int, dict[int, Formula]]:
    """The sheet's formula cells with no computed value: row -> 0-based column -> formula.

    A program that writes a workbook without computing it (a script, an export) stores a
    formula with no value, and openpyxl reads such a cell as empty; or it stores a value that
    is no result (XlsxWriter's 0) and asks for every formula to be computed on opening
    (`fullCalcOnLoad`), and then every formula cell is one. Excel and LibreOffice store the
    value when they save. A formula whose saved value is empty text (`=IF(A2="";"";A2)`,
    typed "str") has its value. Read only when `has_formula` found one in the sheet
    (`policy.importxlsx` looks as it reads the sheet for merged ranges).
    """
    from openpyxl.utils.cell import coordinate_to_tuple  # type: ignore[import-untyped]

    stale = _recomputed_on_opening(book)
    found: dict[int, dict[int, Formula]] = {}
    tail = b""
    with book._archive.open(sheet._worksheet_path) as source:
        while True:
            chunk = source.read(1 << 20)
            data = tail + chunk
            cut = data.rfind(b"</row>") + len(b"</row>") if chunk else len(data)
            if chunk and cut < len(b"</row>"):
                tail = data  # no whole row yet
                continue
            for m in _FORMULA_CELL.finditer(data, 0, cut):
                attributes, value = m[1], m[4]
                empty = m[3] is not None or (value is not None and not value.strip())
                if not stale:
                    if value is not None and not empty:
                        continue  # its computed value
                    if empty and _STRING_RESULT.search(attributes):
                        continue  # a formula whose value is empty text
                ref = _CELL_REF.search(attributes)
                if ref is None:
                    continue
                row, column = coordinate_to_tuple(ref[1].decode("ascii"))
                found.setdefault(row, {})[column - 1] = Formula(
                    html.unescape((m[2] or b"").decode("utf-8", "replace")),
                    html.unescape(value.decode("utf-8", "replace")) if stale and value else None,
                )
            tail = data[cut:]
            if not chunk:
                break
    return found


def _recomputed_on_opening(book: Any) -> bool:
    """Whether the workbook asks for every formula to be computed when it is opened.

    openpyxl's own reading of the setting gives "yes" where the file says nothing, so the
    workbook part (named by the package's relationships) is searched for it.
    """
    archive = book._archive
    try:
        rels = archive.read("_rels/.rels")
    except KeyError:
        return False
    found = _MAIN_PART.search(rels)
    name = found[1].decode("utf-8", "replace").lstrip("/") if found else "xl/workbook.xml"
    try:
        with archive.open(name) as part:
            head = part.read(1 << 20)
    except KeyError:
        return False
    return _RECOMPUTE.search(head) is not None


def unsaved_formula(number: int, formulas: dict[int, Formula], known: set[int]) -> BadRecord | None:
    """The problem of a data row with a formula whose value is not saved, under a known header."""
    from openpyxl.utils.cell import get_column_letter

    columns = sorted(c for c in formulas if c in known)
    if not columns:
        return None
    column = columns[0]
    formula = formulas[column]
    cell = f"sel {get_column_letter(column + 1)}{number} berisi rumus"
    if formula.text:
        cell += f" (={formula.text})"
    more = len(columns) - 1
    also = f" (dan {more} sel rumus lain di baris ini)" if more else ""
    fix = "Buka berkas di Excel atau LibreOffice lalu simpan ulang agar nilai rumusnya tersimpan"
    if formula.stored is not None:
        return BadRecord(
            f"{cell} yang belum dihitung{also}: nilai yang tersimpan ({formula.stored}) belum "
            "tentu hasilnya, karena berkas ini dibuat program yang tidak menghitung rumus dan "
            f"meminta rumusnya dihitung saat berkas dibuka. {fix}",
            column,
        )
    return BadRecord(
        f"{cell} yang nilainya tidak tersimpan di berkas{also}, sehingga terbaca kosong; berkas "
        f"ini tampaknya dibuat program yang tidak menghitung rumus. {fix}",
        column,
    )
