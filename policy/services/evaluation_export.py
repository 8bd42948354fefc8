"""A period's results per employee as a file: for the TPP calculation, SIASN, a spreadsheet.

Layer: domain services (counterpart: `siklus evaluation export`).

One row per employee the period evaluated, with the unit, position and team the period was
evaluated in (`policy.services.placements`): under the national framework the e-Kinerja
ratings and the predikat from the matrix (with a functional official's jenjang and the
period's angka kredit, `policy.evaluation.credits`), under a weighted 360 framework the final score,
predikat and weakest criterion the evaluation stored. The results are personal data (UU
27/2022): only the roles that may issue private sheets export them, every export is audited
with what it held (`evaluation.exported` through `policy.services.exports`: period, rows,
format, the file's sha256), and an employee whose request to restrict processing was
granted (`policy.services.privacy_requests`) is left out.

Two CSV forms, as DOMAIN.md §7 sets them: for people, Excel's Indonesian CSV (`;`, decimal
comma, UTF-8 with a byte-order mark, text a spreadsheet would run kept as text, the NIP
as `="…"` so that Excel keeps its 18 digits); for
programs, RFC 4180 (`,`, decimal point, CRLF, UTF-8 without a mark, values as they are).
A `.xlsx` target is a workbook with numbers as numbers and NIPs as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from policy.evaluation.credits import credit_for
from policy.importschema import excel_csv
from policy.models import EkinerjaRating, Employee, EvaluationScore, RunStatus, Stage
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_run,
    org_pack,
    require_role,
    unit_names,
)
from policy.services.exports import record_export
from policy.services.period_lock import LOCKING
from policy.services.placements import placements_at
from policy.services.privacy_requests import restricted_nips
from policy.services.stagework import document_date, has_document

Format = Literal["excel", "rfc4180", "xlsx"]
FORMATS: tuple[Format, ...] = ("excel", "rfc4180", "xlsx")

#: Columns under the national framework (PermenPANRB 6/2022).
NATIONAL_COLUMNS = ("nip", "nama", "jabatan", "unit_kerja", "nama_unit", "tim",
                    "rating_hasil_kerja", "rating_perilaku", "predikat")  # fmt: skip
#: Added under the national framework while the pack's `evaluation.angka_kredit` is on:
#: a functional official's jenjang and the period's angka kredit (empty for other posts).
CREDIT_COLUMNS = ("jenjang_jf", "angka_kredit")
#: Columns under a weighted 360 framework.
WEIGHTED_COLUMNS = ("nip", "nama", "jabatan", "unit_kerja", "nama_unit", "tim",
                    "kelompok_aspek", "nilai_akhir", "predikat", "aspek_terlemah")  # fmt: skip


@dataclass(frozen=True)
class ResultsExport:
    """An export written: its bytes, what it holds, and the status of the period's run."""

    period: str
    columns: tuple[str, ...]
    rows: int
    content: bytes
    status: str
    #: Employees left out: their request to restrict processing was granted.
    withheld: int = 0

    @property
    def approved(self) -> bool:
        """Leadership approved the period's evaluation: its results will not change."""
        return self.status == RunStatus.APPROVED


@dataclass(frozen=True, slots=True)
class StaffRow:
    """An employee as the staff list holds them (the placement reads where they stood)."""

    nip: str
    name: str
    unit_code: str
    position: str
    team: str


def export_results(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    actor: str,
    fmt: Format,
    filename: str,
    deliver: Callable[[bytes], None] | None = None,
) -> ResultsExport:
    """The period's results per employee in `fmt`, audited as exported to `filename` (commits).

    `deliver`, given, writes the file before the export is recorded (`record_export`).

    Raises:
        ServiceError: `actor` may not see private results, an unknown format, or the
            period has not been evaluated (no Laporan Evaluasi yet).
    """
    if fmt not in FORMATS:
        raise ServiceError(f"Format '{fmt}' tidak dikenal; pilih: {', '.join(FORMATS)}.")
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    require_role(get_member(session, org, actor), PRIVATE_RESULT_ROLES, "mengekspor hasil")
    run = get_run(session, cyc, Stage.EVALUATION, period)
    if not has_document(session, run.id or 0, "laporan_evaluasi"):
        raise ServiceError(
            f"Evaluasi periode {period} belum menghasilkan Laporan Evaluasi; jalankan tahap "
            "evaluasi dulu, lalu ekspor hasilnya."
        )
    org_id = org.id or 0
    config = org_pack(org).evaluation
    national = config.framework == "national"
    credits = config.angka_kredit.table() if national and config.angka_kredit.enabled else None
    columns: tuple[str, ...]
    if national:
        columns = NATIONAL_COLUMNS + (CREDIT_COLUMNS if credits is not None else ())
        results: dict[str, tuple[Any, ...]] = {
            nip: (hasil, perilaku, predikat)
            for nip, hasil, perilaku, predikat in session.exec(
                select(EkinerjaRating.nip, EkinerjaRating.hasil_kerja, EkinerjaRating.perilaku,
                       EkinerjaRating.predikat)
                .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
            )
        }  # fmt: skip
    else:
        columns = WEIGHTED_COLUMNS
        results = {
            nip: (criteria_set, Decimal(score), predikat, weakest)
            for nip, criteria_set, score, predikat, weakest in session.execute(
                sa_select(col(EvaluationScore.nip), col(EvaluationScore.criteria_set),
                          col(EvaluationScore.score), col(EvaluationScore.predikat),
                          col(EvaluationScore.weakest))
                .where(col(EvaluationScore.stage_run_id) == run.id)
            )
        }  # fmt: skip
    # The whole staff list, kept to those with a result (a province's NIPs would pass
    # SQLite's limit of bound values).
    staff = [row for row in staff_rows(session, org_id) if row.nip in results]
    # Where each stood when the period was evaluated, as its sheets say.
    submitted = run.submitted_at if RunStatus(run.status) in LOCKING else None
    placed = placements_at(session, org_id, staff, submitted)
    names = unit_names(session, org_id)
    # An employee whose request to restrict processing was granted is left out (UU 27/2022).
    restricted = restricted_nips(session, org_id, document_date(None))
    withheld = sum(1 for e in staff if e.nip in restricted)
    staff = [e for e in staff if e.nip not in restricted]
    rows = []
    for e in staff:
        where = placed[e.nip]
        unit = where.unit_code
        result = results[e.nip]
        rows.append((e.nip, e.name, where.position, unit, names.get(unit, unit), where.team,
                     *result, *_credit(credits, result[-1], where.position, period)))  # fmt: skip
    content = write_rows(fmt, columns, rows)
    record_export(
        session, action="evaluation.exported", actor=actor, subject_type="stage_run",
        subject_id=run.id or 0, organisation_id=org_id, filename=filename, fmt=fmt,
        content=content, rows=len(rows),
        details={"period": period, "status": run.status, "withheld": withheld},
        deliver=deliver,
    )  # fmt: skip
    session.commit()
    return ResultsExport(period, columns, len(rows), content, run.status, withheld)


def _credit(
    credits: dict[str, Decimal] | None, predikat: str, position: str, period: str
) -> tuple[Any, ...]:
    """The credit columns of a national row: (jenjang, angka kredit), ('', '') for other posts."""
    if credits is None:
        return ()
    credit = credit_for(predikat, position, period, credits)
    return (credit.jenjang, credit.value) if credit is not None else ("", "")


def staff_rows(session: Session, org_id: int) -> list[StaffRow]:
    """The organisation's whole staff list, by NIP, as `placements_at` takes it."""
    return [
        StaffRow(*row)
        for row in session.execute(
            sa_select(col(Employee.nip), col(Employee.name), col(Employee.unit_code),
                      col(Employee.position), col(Employee.team))
            .where(col(Employee.organisation_id) == org_id)
            .order_by(col(Employee.nip))
        )
    ]  # fmt: skip


def write_rows(
    fmt: Format, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, nip_first: bool = True
) -> bytes:
    """Rows in `fmt`: Excel's Indonesian CSV, RFC 4180, or a workbook.

    The first column is a NIP (kept as its digits in Excel's CSV) unless `nip_first` is off.
    """
    if fmt == "xlsx":
        return _xlsx(columns, rows)
    if fmt == "excel":
        cells = (
            [_AsText(row[0]) if nip_first else row[0], *map(_id_decimal, row[1:])] for row in rows
        )
        return excel_csv(columns, cells).encode("utf-8-sig")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\r\n")  # RFC 4180
    writer.writerow(columns)
    writer.writerows(rows)  # Decimal prints with a point
    return out.getvalue().encode("utf-8")


class _AsText:
    """A NIP in Excel's CSV: `="…"`, which Excel shows as the 18 digits it is.

    Written plain, Excel reads a NIP as a number and keeps 15 digits of it (1,98512E+17).
    Only Siklus's own digits are written so; text from a file is `spreadsheet_text`'s.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        if not digits.isdigit():
            raise ValueError(f"not digits: {digits!r}")
        self.digits = digits

    def __str__(self) -> str:
        return f'="{self.digits}"'


def _id_decimal(value: Any) -> Any:
    """A score with the decimal comma Excel set to Indonesian reads."""
    return format(value, "f").replace(".", ",") if isinstance(value, Decimal) else value


def _xlsx(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    # Imported here: openpyxl costs every `siklus` command a tenth of a second at start-up.
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet("hasil")
    header = []
    for name in columns:
        cell = _cell(sheet, name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, v, number=isinstance(v, Decimal)) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any, number: bool = False) -> Any:
    """A write-only cell: a score as a number to two decimals, anything else as text."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    if number:
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.00"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # a NIP stays text, '=…' is never run
    cell.number_format = "@"
    return cell
