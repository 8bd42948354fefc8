"""Reading an XLSX workbook for import: the sheet that holds the data, its rows as text.

Layer: domain (reads one file; no session). `policy.imports` hands the rows to
`policy.importrows` as (sheet row, cells). The workbook is read with openpyxl in read-only
mode, streamed. A number formatted as a percentage is read as the officer sees it (0,962
shown as 96,20% is 96,2); the cells' formats are read only when a style of the workbook
shows percentages, since they cost about a tenth more time.

The sheet read is the one named after the format (e.g. "pegawai"), else the first whose
header holds the format's required columns, else the first sheet; the warnings say which
was read (unless the workbook is a template `siklus template` wrote and the only other
sheet is its guide), and an error about missing columns names the sheet and the others. A cell that
is part of a merged range (Merge Cells) reads as empty although the officer sees the
value: such cells under a header the format knows are refused with the range and the fix
(unmerge, then fill every cell). So is a formula cell with no saved value (a workbook
written by a program that does not compute formulas), which reads as empty too; the pass
over the sheet's XML that finds merged ranges notes whether it has a formula at all, and
only then is it read again for them. The same pass finds rows hidden in Excel (by hand or by
a filter): the officer does not see them, yet they are data like any other row, so they are
read and a warning names those that hold data. A file that is no workbook Excel saves is
refused in words by `policy.importbooks`, which opens the workbook.

The header is found as `policy.importheader` finds it (title rows above it are allowed):
the sheet chosen by its header, and the merged cells refused under it, use that row. A
header written in two rows, as recaps lay it out (names merged down over both rows, the
others under a heading merged across them), is read as one: the lower row, with the names
merged down into it, and a warning says so.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Generator
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path
from typing import IO, Any, Final

from policy.importbooks import open_workbook
from policy.importerrors import BadRecord, NumberText, Report, lines_named
from policy.importformulas import (
    Formula,
    has_formula,
    sheet_prefix,
    unsaved_formula,
    unsaved_formulas,
)
from policy.importheader import Source, header_index
from policy.importschema import normalise_header
from policy.importtables import TableFormat
from policy.importtemplate import GUIDE_SHEET, TEMPLATE_MARK

__all__ = ["cell_text", "percent_text", "xlsx_records"]

#: Rows of a sheet looked at for its header when choosing the sheet to read.
PROBE_ROWS: Final = 20
_EXCEL_DIGITS: Final = Context(prec=15, rounding=ROUND_HALF_UP)
# What a number format shows as written: quoted text, an escaped, repeated or spacing character.
_LITERALS: Final = re.compile(r'"[^"]*"|[\\_*].')
_MERGE_REF: Final = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z0-9:$]+)\"")
_HIDDEN_ROW: Final = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*?\bhidden=[\"'](?:1|true)[\"'][^>]*>")
_ROW_NUMBER: Final = re.compile(rb"\br=[\"'](\d+)[\"']")
#: Bytes of the sheet's XML read at a time when scanning it.
_READ: Final = 1 << 20
#: Bytes of the previous chunk searched again for a row tag cut in two (a tag is shorter).
_OVERLAP: Final = 1024
Records = Generator[tuple[int, list[str]], None, None]  # (sheet row, cells)
Merge = tuple[int, int, int, int]  # min column, min row, max column, max row (1-based)


def xlsx_records(
    path: Path, fmt: TableFormat[Any], warnings: list[str], report: Report
) -> tuple[Records, Source]:
    """The rows of the workbook's data sheet, and how messages name that sheet.

    Raises:
        ImportFileError: the file is no workbook openpyxl can read (the reason in words).
    """
    handle = path.open("rb")
    try:
        book = open_workbook(handle, report)
        sheet, how, header = _choose(book, fmt)
        merges, formulas, hidden = _scan(book, sheet)
        unsaved = unsaved_formulas(book, sheet) if formulas else {}
    except BaseException:
        handle.close()
        raise
    title = sheet.title
    others = [ws.title for ws in book.worksheets if ws is not sheet]
    # The guide of a template (`siklus template`) beside the sheet named after the kind is
    # no other data the officer might have meant.
    template = getattr(book.properties, "keywords", None) == TEMPLATE_MARK
    if others and not (template and how == "name" and others == [GUIDE_SHEET]):
        reason = " (judul kolomnya sesuai)" if how == "header" else ""
        warnings.append(f"berkas berisi {len(others) + 1} lembar; yang dibaca: '{title}'{reason}")
    note = ""
    if others and how is None:
        names = ", ".join(f"'{name}'" for name in others)
        note = f". Lembar lain di berkas ({names}) juga tidak memuat kolom wajib itu"
    source = Source(
        place=f"lembar '{title}'",
        note=note,
        spill="beri judul kolom itu, atau kosongkan selnya",
    )
    rows = _rows(book, handle, sheet, merges, header, fmt, unsaved, hidden, warnings)
    return rows, source


def _choose(book: Any, fmt: TableFormat[Any]) -> tuple[Any, str | None, int]:
    """The sheet to read, why, and its header's row.

    Why: "name", "header", or None (the first sheet, by default). The row is 0 when none
    of the sheet's first `PROBE_ROWS` rows has text.
    """
    sheets = list(book.worksheets)
    titles = {normalise_header(ws.title): ws for ws in sheets}
    wanted = (fmt.kind, fmt.title, *fmt.sheet_names)
    named = [titles[key] for w in wanted if (key := normalise_header(w)) in titles]
    required = {c.field for c in fmt.columns if c.required}
    found: dict[int, tuple[int, set[str]]] = {}
    for ws in [*named, *(ws for ws in sheets if all(ws is not n for n in named))]:
        row, fields = found[id(ws)] = _header(ws, fmt)
        if required <= fields:
            return ws, ("name" if any(ws is n for n in named) else "header"), row
    sheet = named[0] if named else sheets[0]
    return sheet, None, found[id(sheet)][0]


def _header(sheet: Any, fmt: TableFormat[Any]) -> tuple[int, set[str]]:
    """The sheet's header row and the format's fields it names (`header_index`).

    The header is looked for in the first `PROBE_ROWS` rows; (0, empty): none has text.
    """
    sheet.reset_dimensions()  # some writers record a wrong used range
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=PROBE_ROWS, values_only=True), 1
    ):
        cells = [cell_text(value).strip() for value in values]
        if any(cells):
            rows.append((number, cells))
    if not rows:
        return 0, set()
    number, cells = rows[header_index(fmt, [cells for _, cells in rows])]
    return number, {
        fmt.headers[key].field for cell in cells if (key := normalise_header(cell)) in fmt.headers
    }


def _scan(book: Any, sheet: Any) -> tuple[list[Merge], bool, set[int]]:
    """The sheet's merged ranges of many cells, whether it has a formula, its hidden rows.

    openpyxl's read-only sheets do not parse merged ranges: they are read from the sheet's
    XML, where the `<mergeCells>` element follows the cells. Without the private attributes
    this needs (another openpyxl), no range is known and merged cells read as empty, and
    no formula or hidden row is looked for.
    """
    from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]

    archive = getattr(book, "_archive", None)
    member = getattr(sheet, "_worksheet_path", None)
    if archive is None or member is None:
        return [], False, set()
    tail, found, formulas = b"", False, False
    prefix: bytes | None = None
    hidden: set[int] = set()
    with archive.open(member) as source:
        while chunk := source.read(_READ):
            if found:
                tail += chunk
                continue
            data = tail[-_OVERLAP:] + chunk
            if prefix is None:
                prefix = sheet_prefix(data)
            # The same pass notes a formula: only a sheet with one is read again for them.
            formulas = formulas or has_formula(data, prefix)
            if data.find(b"hidden=") >= 0:  # a byte search; the expression only on a hit
                hidden.update(_hidden_rows(data))
            at = data.find(b"mergeCell")
            found, tail = at >= 0, data[max(at - 16, 0) :] if at >= 0 else data
    merges = []
    for ref in _MERGE_REF.findall(tail):
        bounds = range_boundaries(ref.decode("ascii").replace("$", ""))
        if bounds[0] != bounds[2] or bounds[1] != bounds[3]:
            merges.append(bounds)
    return sorted(merges, key=lambda m: m[1]), formulas, hidden


def _hidden_rows(data: bytes) -> set[int]:
    """The numbers of the rows `data` marks hidden (`<row r="7" hidden="1">`)."""
    found = set()
    for tag in _HIDDEN_ROW.finditer(data):
        number = _ROW_NUMBER.search(tag.group(0))
        if number is not None:
            found.add(int(number.group(1)))
    return found


def _rows(
    book: Any,
    handle: IO[bytes],
    sheet: Any,
    merges: list[Merge],
    header: int,
    fmt: TableFormat[Any],
    unsaved: dict[int, dict[int, Formula]] | None = None,
    hidden: set[int] | None = None,
    warnings: list[str] | None = None,
) -> Records:
    """Yield (sheet row, cells as text); a data row with merged cells becomes a BadRecord.

    `header` is the header's row (0: the first row with text). So does a data row with a
    formula whose value the workbook does not hold (`unsaved`, from `unsaved_formulas`)
    under a header the format knows. Data rows among `hidden` are read as any other, and
    once the sheet is read a warning in `warnings` names them.
    """
    unseen: list[int] = []
    # A header in two rows: names merged down over both (Merge Cells), others in the lower one.
    stacked = {m[1] for m in merges if m[3] > m[1] and m[1] < PROBE_ROWS}
    held: tuple[int, list[Merge], list[str]] | None = None  # the upper row, its names merged down
    try:
        sheet.reset_dimensions()
        # Number formats cost a cell object per cell: read only if a style shows percentages.
        percent = _shows_percent(book)
        rows = enumerate(sheet.iter_rows(min_row=1, values_only=not percent), 1)
        known: set[int] = set()  # 0-based columns whose header the format knows
        number = 0
        pending, active = list(merges), list[Merge]()
        anchors: dict[Merge, str] = {}  # a range's value: the text of its first cell
        while True:
            try:
                number, values = next(rows)
            except StopIteration:
                break
            except Exception:  # noqa: BLE001 - a sheet broken part way: say from which row
                yield (
                    number + 1,
                    BadRecord(
                        f"lembar '{sheet.title}' tidak dapat dibaca mulai baris ini (isi berkas "
                        "rusak); buka di Excel lalu simpan ulang sebagai .xlsx"
                    ),
                )
                return
            if percent:
                cells = _shown_texts(values)
            else:
                cells = [value if type(value) is str else cell_text(value) for value in values]
            if held is not None and number == held[0] + 1:
                cells = _join_header(held[0], held[1], anchors, cells, warnings)
                header, held, stacked = number, None, set()
            if number == header or (not header and any(map(str.strip, cells))):
                header = number
                known = {
                    i for i, c in enumerate(cells) if normalise_header(c.strip()) in fmt.headers
                }
            if pending or active:
                while pending and pending[0][1] <= number:
                    merge = pending.pop(0)
                    active.append(merge)
                    if merge[0] <= len(cells) and cells[merge[0] - 1].strip():
                        anchors[merge] = cells[merge[0] - 1].strip()
                active = [m for m in active if m[3] >= number]
                if number in stacked:  # emptied once a two-row header is joined
                    down = [m for m in active if m[1] == number < m[3] and m in anchors]
                    if any(normalise_header(anchors[m]) in fmt.headers for m in down):
                        held = (number, down, cells)  # read with the row below it
                        continue
                if number > header > 0:
                    problem = _merged(number, active, anchors, known)
                    if problem is not None:
                        yield number, problem
                        continue
            if unsaved and number in unsaved and number > header > 0:
                formula = unsaved_formula(number, unsaved[number], known)
                if formula is not None:
                    yield number, formula
                    continue
            if hidden and number in hidden and number > header > 0 and any(map(str.strip, cells)):
                unseen.append(number)
            yield number, cells
        if held is not None:  # the sheet ends below the upper row
            yield held[0], held[2]
        if unseen and warnings is not None:
            warnings.append(_hidden_warning(unseen))
    finally:
        book.close()
        handle.close()


def _join_header(
    upper: int,
    down: list[Merge],
    anchors: dict[Merge, str],
    cells: list[str],
    warnings: list[str] | None,
) -> list[str]:
    """The lower row of a two-row header with the names merged down from the upper one.

    A name merged over both rows (Merge Cells) is the column's; the upper row's other text
    (a heading merged across the columns below it, "Unsur Pelayanan") names no column.
    """
    cells = list(cells)
    taken = []
    for merge in sorted(down):
        column = merge[0] - 1
        cells.extend([""] * (column + 1 - len(cells)))
        if not cells[column].strip():
            cells[column] = anchors[merge]
            taken.append(anchors[merge])
    if warnings is not None and taken:
        names = ", ".join(f"'{name}'" for name in taken)
        warnings.append(
            f"judul kolom ditulis dalam dua baris (baris {upper} dan {upper + 1}, dengan sel "
            f"gabungan): dibaca sebagai satu baris judul, {names} dari baris {upper}"
        )
    return cells


def _hidden_warning(rows: list[int]) -> str:
    """The warning about data rows Excel hides (by hand, or a filter's)."""
    return (
        f"{len(rows)} baris data tersembunyi di Excel (disembunyikan atau tersaring filter) "
        f"tetap dibaca seperti baris lain: baris {lines_named(rows)}; bila baris itu tidak "
        "dimaksudkan, hapus dari berkas, jangan hanya disembunyikan"
    )


def _shows_percent(book: Any) -> bool:
    """Whether a cell style of the workbook formats numbers as percentages (True: unknown).

    Read from openpyxl's private style table; without it (another openpyxl), every cell's
    number format is looked at.
    """
    from openpyxl.styles.numbers import (  # type: ignore[import-untyped]
        BUILTIN_FORMATS,
        BUILTIN_FORMATS_MAX_SIZE,
    )

    styles = getattr(book, "_cell_styles", None)
    custom = getattr(book, "_number_formats", None)
    if styles is None or custom is None:
        return True
    try:
        numbers = {style.numFmtId for style in styles}
        shown = [
            BUILTIN_FORMATS.get(n, "General") if n < BUILTIN_FORMATS_MAX_SIZE
            else custom[n - BUILTIN_FORMATS_MAX_SIZE]
            for n in numbers
        ]  # fmt: skip
    except (AttributeError, IndexError, TypeError):
        return True
    return any(map(_percent_format, shown))


@functools.cache
def _percent_format(number_format: str) -> bool:
    """Whether a number format shows a number times 100 ("0.00%"; not a quoted "%")."""
    return "%" in _LITERALS.sub("", number_format)


def _shown_texts(row: tuple[Any, ...]) -> list[str]:
    """Read-only cells as `cell_text`, a number formatted as a percentage as it is shown."""
    cells = []
    for cell in row:
        value = cell.value
        if type(value) is str:
            cells.append(value)
        elif type(value) in (int, float) and _percent_format(cell.number_format or ""):
            cells.append(percent_text(value))
        else:
            cells.append(cell_text(value))
    return cells


def _merged(
    number: int, active: list[Merge], anchors: dict[Merge, str], known: set[int]
) -> BadRecord | None:
    """The problem of a data row whose cells under known headers a merged range covers."""
    from openpyxl.utils.cell import get_column_letter

    found: list[tuple[int, Merge]] = []
    for merge in active:
        if merge not in anchors:
            continue  # an empty merged range hides nothing
        low, top, high, _bottom = merge
        found.extend(
            (column, merge) for column in range(low + (number == top), high + 1)
            if column - 1 in known
        )  # fmt: skip
    if not found:
        return None
    column, merge = min(found)
    low, top, high, bottom = merge
    where = f"{get_column_letter(column)}{number}"
    whole = f"{get_column_letter(low)}{top}:{get_column_letter(high)}{bottom}"
    more = len({m for _, m in found}) - 1
    also = f" (dan {more} sel gabungan lain di baris ini)" if more else ""
    return BadRecord(
        f"sel {where} bagian dari sel gabungan {whole} (Merge Cells){also}, sehingga terbaca "
        f"kosong walau di Excel tampak berisi '{anchors[merge]}'. Batalkan penggabungannya "
        "(Unmerge Cells), lalu isi setiap selnya",
        column - 1,
    )


def percent_text(value: float) -> str:
    """A number formatted as a percentage, as the officer sees it: 0.962 (96,20%) is '96,2'.

    Exact: the float's shortest decimal to the 15 significant digits Excel shows at most (a
    formula's 0.9619999999999999 is 0.962), its point moved two places; no 96.19999...
    """
    if not math.isfinite(value):
        return cell_text(value)
    text = format(_EXCEL_DIGITS.create_decimal(repr(value)).scaleb(2), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return NumberText(text.replace(".", ","))


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text the cell parsers read."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return NumberText(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return NumberText(int(value))
        # Decimal comma, so "1.125" is not read as one thousand one hundred and twenty-five.
        return NumberText(format(Decimal(repr(value)), "f").replace(".", ","))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
