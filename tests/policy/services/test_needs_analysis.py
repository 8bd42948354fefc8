"""Needs analysis: complaints judged against the pack's own response limit."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from sqlmodel import Session

from policy.models import Stage
from policy.services import cycle as cycle_service
from policy.services import needs_analysis
from tests.factories import MINI_PACK, make_org

COMPLAINTS = (
    "tanggal;unit_kerja;kategori;waktu_respons_jam\n"
    "03/02/2025;DUKCAPIL;antrean;40\n"
    "10/03/2025;DUKCAPIL;antrean;60\n"
    "11/04/2025;DUKCAPIL;sikap petugas;\n"
    "12/05/2025;PKM;obat;30\n"
)


def analyse(session: Session, folder: Path, limit: int | None) -> tuple[str, dict[str, int]]:
    data = copy.deepcopy(MINI_PACK)
    if limit is not None:
        data["evaluation"] = {"complaints": {"response_limit_hours": limit}}
    code = make_org(session, folder, data)
    cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    ref = cycle_service.begin_stage(
        session=session, organisation=code, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    path = folder / "pengaduan.csv"
    path.write_text(COMPLAINTS, encoding="utf-8")
    needs_analysis.ingest(
        session=session, run_id=ref.run_id, inputs={"pengaduan": path}, actor="rina"
    )
    out = needs_analysis.produce(
        session=session, run_id=ref.run_id, actor="rina", as_of=date(2026, 1, 20)
    )
    (doc,) = out.documents
    text = Path(doc.md_path).read_text(encoding="utf-8")
    late = {}
    for line in text.splitlines():
        for unit in ("Dinas Kependudukan dan Pencatatan Sipil", "Puskesmas Kota"):
            if line.startswith(f"| {unit} |") and "jam |" in line:
                late[unit] = int(line.split("|")[5])
    return text, late


def test_the_packs_response_limit_decides_which_complaints_are_late(
    session: Session, tmp_path: Path
) -> None:
    text, late = analyse(session, tmp_path, 48)
    assert "Respons > 48 jam atau belum direspons" in text
    # 60 h is late under 48 h; the unanswered one is always late; 40 h and 30 h are on time.
    assert late == {"Dinas Kependudukan dan Pencatatan Sipil": 2, "Puskesmas Kota": 0}


def test_the_default_limit_is_72_hours(session: Session, tmp_path: Path) -> None:
    text, late = analyse(session, tmp_path, None)
    assert "Respons > 72 jam atau belum direspons" in text
    assert late == {"Dinas Kependudukan dan Pencatatan Sipil": 1, "Puskesmas Kota": 0}
