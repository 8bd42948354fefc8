"""Realisations imported through the service: no value is stored other than the one meant.

"81.675" beside "96.20" is refused rather than stored as 81675, and a workbook cell shown as
96,20% is stored as 96.2, not 0.962, against a target of 95.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session, func, select

from policy.imports import ImportFileError
from policy.models import ImportRecord, IndicatorRealisation
from policy.services.imports import import_file
from tests.factories import MINI_PACK, make_org, write_file


def org_with_two_indicators(session: Session, folder: Path) -> str:
    pack = copy.deepcopy(MINI_PACK)
    pack["indicators"].append(
        {
            "code": "SKP-TEPAT",
            "name": "SKP tepat waktu",
            "unit": "persen",
            "baseline": "90",
            "target": "95",
            "direction": "higher",
        }
    )
    return make_org(session, folder, pack)


def stored(session: Session) -> dict[str, str]:
    rows = session.exec(select(IndicatorRealisation)).all()
    return {row.code: row.value for row in rows}


def count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_an_ambiguous_realisation_writes_nothing_and_its_fix_imports(
    session: Session, tmp_path: Path
) -> None:
    org = org_with_two_indicators(session, tmp_path)
    text = "periode;kode;nilai\n2026-TW3;IKM;81.675\n2026-TW3;SKP-TEPAT;96.20\n"
    path = write_file(tmp_path, "realisasi.csv", text)
    with pytest.raises(ImportFileError) as info:
        import_file(session=session, organisation=org, kind="realisasi", path=path, actor="rina")
    assert [(e.line, e.column, e.message) for e in info.value.errors] == [
        (
            2,
            "nilai",
            "angka '81.675' dapat dibaca 81675 atau 81,675; tulis 81,675 bila desimal, atau "
            "81675 tanpa titik bila ribuan",
        )
    ]
    assert (count(session, IndicatorRealisation), count(session, ImportRecord)) == (0, 0)

    path = write_file(tmp_path, "realisasi.csv", text.replace("81.675", "81,675"))
    import_file(session=session, organisation=org, kind="realisasi", path=path, actor="rina")
    assert stored(session) == {"IKM": "81.675", "SKP-TEPAT": "96.20"}


def test_a_percent_cell_is_stored_as_the_percentage_shown(session: Session, tmp_path: Path) -> None:
    org = org_with_two_indicators(session, tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["periode", "kode", "nilai"])
    sheet.append(["2026-TW3", "IKM", 81.675])
    sheet.append(["2026-TW3", "SKP-TEPAT", 0.962])
    sheet["C3"].number_format = "0.00%"
    path = tmp_path / "realisasi.xlsx"
    book.save(path)
    import_file(session=session, organisation=org, kind="realisasi", path=path, actor="rina")
    assert stored(session) == {"IKM": "81.675", "SKP-TEPAT": "96.2"}
