"""Follow-up actions as a spreadsheet for the units to fill in: `siklus action export`.

Layer: domain services (counterpart: `siklus action export`; the file comes back through
the `tindak_lanjut` import, `policy.services.actions.write_closures`). One row per action
as `policy.services.actions.list_actions` chooses them, in Excel's Indonesian CSV (`;`,
dates dd/mm/yyyy, UTF-8 with a byte-order mark) or as a workbook.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from policy.importschema import excel_csv
from policy.services.actions import STATUS_WORDS, ActionInfo
from policy.views.actions import RULE_LABELS

#: The columns of `siklus action export` (and of the `tindak_lanjut` import, which reads
#: `no` and `catatan_penyelesaian` and leaves the others as written).
EXPORT_COLUMNS = ("no", "siklus", "periode", "jenis", "tindak_lanjut", "untuk", "unit_kerja",
                  "penanggung_jawab", "batas_waktu", "status", "perkembangan",
                  "catatan_penyelesaian")  # fmt: skip


def _export_cells(a: ActionInfo) -> tuple[int | str, ...]:
    """One action's row of an export, as written (`EXPORT_COLUMNS`)."""
    return (a.id, a.cycle, a.period, RULE_LABELS["id"].get(a.rule, a.rule), a.title, a.name,
            a.unit, a.owner, a.due_on.strftime("%d/%m/%Y"), STATUS_WORDS.get(a.status, a.status),
            a.progress_note, a.closing_note)  # fmt: skip


def actions_csv(rows: Sequence[ActionInfo]) -> str:
    """Actions (as `list_actions` gives them) as CSV for Excel, for a unit to fill in.

    ';' and dates dd/mm/yyyy; a unit fills in `catatan_penyelesaian` for each action it has
    done and the officer imports the file back (`tindak_lanjut`). Text a spreadsheet would
    read as a formula is written as text (`policy.importschema.excel_csv`).
    """
    return excel_csv(EXPORT_COLUMNS, map(_export_cells, rows))


def actions_xlsx(rows: Sequence[ActionInfo]) -> bytes:
    """The same as a workbook (sheet `tindak_lanjut`), for an Excel that splits CSV on ','.

    Every text cell is text, a formula-like one included (written as a string, never run);
    the header is bold and the columns wide enough to read.
    """
    # Imported here: openpyxl costs every `siklus` command a tenth of a second at start-up.
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = "tindak_lanjut"
    for index, name in enumerate(EXPORT_COLUMNS, 1):
        sheet.cell(1, index, name).font = Font(bold=True)
        wide = 60 if name in ("tindak_lanjut", "perkembangan", "catatan_penyelesaian") else 24
        sheet.column_dimensions[get_column_letter(index)].width = 8 if index <= 2 else wide
    for number, a in enumerate(rows, 2):
        for index, value in enumerate(_export_cells(a), 1):
            cell = sheet.cell(number, index, value)
            if isinstance(value, str):
                cell.data_type = "s"  # '=…' stays text
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
