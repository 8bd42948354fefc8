"""Follow-up actions as a spreadsheet for the units to fill in: `siklus action export`.

Layer: domain services (counterpart: `siklus action export`; the file comes back through
the `tindak_lanjut` import, `policy.services.actions.write_closures`). One row per action
as `policy.services.actions.list_actions` chooses them, in Excel's Indonesian CSV (`;`,
dates dd/mm/yyyy, UTF-8 with a byte-order mark) or as a workbook.

The file names employees and what is asked of them (coaching, talent pool): personal data
leaving the system (UU 27/2022). As with the results export, only the roles that may work
on the actions (officers, leaders, admins: `CLOSERS`, who close them and record their
progress) export it; a forum organiser may not. Every export is audited as
`action.exported` (`policy.services.exports`): the file's name, format, rows and sha256,
and the filters it was chosen by.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from policy.importschema import excel_csv
from policy.services.actions import (
    CLOSERS,
    STATUS_WORDS,
    ActionInfo,
    list_actions,
    unit_code,
)
from policy.services.common import ServiceError, get_member, get_org, require_role, unit_names
from policy.services.exports import record_export
from policy.views.actions import RULE_LABELS

#: `excel`: CSV for an Excel set to Indonesian; `xlsx`: a workbook.
Format = Literal["excel", "xlsx"]
FORMATS: tuple[Format, ...] = ("excel", "xlsx")

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


@dataclass(frozen=True)
class ActionsExport:
    """An export written: its bytes and the number of actions it holds."""

    content: bytes
    rows: int


def export_actions(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    fmt: Format,
    filename: str,
    cycle: int | None = None,
    status: str | None = None,
    period: str | None = None,
    unit: str | None = None,
    deliver: Callable[[bytes], None] | None = None,
) -> ActionsExport:
    """The actions `list_actions` chooses, in `fmt`, audited as exported to `filename` (commits).

    `deliver`, given, writes the file before the export is recorded (`record_export`).

    The file names the employees the actions are about: only the roles that work on the
    actions (`CLOSERS`) export it, checked before anything is read, and the export is an
    audit event (`action.exported`) with the filters it was chosen by.

    Raises:
        ServiceError: `actor` may not export follow-up, an unknown format, status or unit.
    """
    if fmt not in FORMATS:
        raise ServiceError(f"Format '{fmt}' tidak dikenal; pilih: {', '.join(FORMATS)}.")
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), CLOSERS, "mengekspor tindak lanjut")
    chosen = list_actions(session=session, organisation=org.code, cycle=cycle, status=status,
                          period=period, unit=unit)  # fmt: skip
    content = actions_xlsx(chosen) if fmt == "xlsx" else actions_csv(chosen).encode("utf-8-sig")
    code = unit_code(unit_names(session, org.id), unit) if unit is not None else None
    record_export(
        session, action="action.exported", actor=actor, subject_type="organisation",
        subject_id=org.id or 0, organisation_id=org.id, filename=filename, fmt=fmt,
        content=content, rows=len(chosen),
        details={"filters": {"cycle": cycle, "status": status, "period": period, "unit": code}},
        deliver=deliver,
    )  # fmt: skip
    session.commit()
    return ActionsExport(content, len(chosen))
