"""The ASN needs questionnaire: imported anonymously, shown per unit as an index, ranked.

The figures are worked by hand from the sheets below (index = mean answer × 25, rounded
half up to two places; target 62,50, the default; smallest group 3):

- DUKCAPIL, 4 sheets: k1 4,4,3,3 -> 87,50; k2 2,2,1,3 -> 50,00; k3 4,3,3,3 -> 81,25;
  k4 3,2,2,– -> 7/3 × 25 = 58,33; k5–k8 all 4 -> 100,00. All answers: 106 over 31 ->
  85,48. Problem: 40 + 2 × (62,50 − 50,00) = 65,0.
- PKM, 3 sheets, every answer 4: 100,00, no problem.
- SETDA 2 sheets and BKPSDM 1 sheet: too small alone; pooled (3 sheets): k1 1,1,2 -> 33,33;
  all their answers (8 × 3 = 24) sum to 4 + 7 × 12 = 88 -> 91,67.
- Organisation, k1: 14 + 12 + 4 = 30 over 10 -> 75,00.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from policy.importerrors import ImportFileError
from policy.models import Finding, NeedsResponse, Stage
from policy.services import cycle as cycle_service
from policy.services import needs_analysis
from policy.services.common import get_cycle, get_org
from policy.services.imports import ingest_file
from tests.factories import MINI_PACK, make_org, write_file

HEAD = "unit_kerja;k1;k2;k3;k4;k5;k6;k7;k8;kebutuhan_pengembangan"
SHEETS = [
    "DUKCAPIL;4;2;4;3;4;4;4;4;pelatihan skp",
    "DUKCAPIL;4;2;3;2;4;4;4;4;Pelatihan SKP",
    "DUKCAPIL;3;1;3;2;4;4;4;4; Pelatihan SKP ",
    "DUKCAPIL;3;3;3;;4;4;4;4;Kursus bahasa Inggris untuk Budi",
    *["PKM;4;4;4;4;4;4;4;4;Bimtek arsip"] * 2,
    "PKM;4;4;4;4;4;4;4;4;",
    "SETDA;1;4;4;4;4;4;4;4;",
    "SETDA;1;4;4;4;4;4;4;4;",
    "BKPSDM;2;4;4;4;4;4;4;4;",
]


def started(session: Session, folder: Path, data: dict[str, Any] | None = None) -> int:
    code = make_org(session, folder, data or copy.deepcopy(MINI_PACK))
    cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    ref = cycle_service.begin_stage(
        session=session, organisation=code, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    return ref.run_id


def laporan(session: Session, folder: Path, sheets: list[str]) -> dict[str, str]:
    run_id = started(session, folder)
    path = write_file(folder, "kuesioner.csv", "\n".join([HEAD, *sheets]) + "\n")
    needs_analysis.ingest(
        session=session, run_id=run_id, inputs={"kebutuhan_asn": path}, actor="rina"
    )
    out = needs_analysis.produce(
        session=session, run_id=run_id, actor="rina", as_of=date(2026, 1, 20),
        locales=("id", "en"),
    )  # fmt: skip
    return {d.locale: Path(d.md_path).read_text(encoding="utf-8") for d in out.documents}


def section(text: str, title: str) -> str:
    return text.split(title, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]


def test_the_questionnaire_is_shown_per_unit_pooled_when_small_and_ranked(
    session: Session, tmp_path: Path
) -> None:
    docs = laporan(session, tmp_path, SHEETS)
    text = docs["id"]
    assert "10 lembar jawaban kuesioner kebutuhan ASN dari 4 unit kerja" in text
    part = section(text, "### 2.3 Kuesioner Kebutuhan ASN")
    rows = [line for line in part.splitlines() if line.startswith("| k")]
    assert rows[0] == (
        "| k1 | Ekspektasi kinerja dan sasaran SKP saya jelas dan disepakati bersama atasan "
        "| 10 | 75,00 |"
    )
    assert rows[1].endswith("| 10 | 80,00 |")  # k2: 8 + 12 + 12 over 10
    assert rows[3].endswith("| 9 | 86,11 |")  # k4: (7 + 12 + 12) × 25 / 9 = 86,111…
    assert (
        '| Dinas Kependudukan dan Pencatatan Sipil | 4 | 85,48 | k2 "Atasan memberikan umpan '
        'balik kinerja secara berkala" (50,00); k4 "Saya mendapat kesempatan pengembangan '
        'kompetensi yang cukup (paling sedikit 20 JP setahun)" (58,33) |'
    ) in part
    assert "| Puskesmas Kota | 3 | 100,00 | – |" in part
    assert "| Unit lain, digabung (2 unit) | 3 | 91,67 |" in part
    assert "(33,33) |" in part
    # Neither small unit is named anywhere in the section.
    assert "Sekretariat Daerah" not in part and "Badan Kepegawaian" not in part
    # Development asked for on 3 sheets, in the spelling most used; fewer is not shown.
    assert "- Pelatihan SKP: 3 lembar" in part
    assert "Bimtek" not in text and "Budi" not in text

    problems = section(text, "## 3. Permasalahan Prioritas")
    (row,) = [line for line in problems.splitlines() if "Kuesioner kebutuhan ASN |" in line]
    assert row.startswith("| 1 | Dinas Kependudukan dan Pencatatan Sipil | Kuesioner")
    assert row.endswith("| 65,0 |")
    assert "40 + 2 × (target − indeks pernyataan terendah)" in problems
    finding = session.exec(select(Finding).where(Finding.source == "asn_needs")).one()
    assert finding.title == "Kuesioner kebutuhan ASN: k2 indeks 50,00"
    assert finding.unit_code == "DUKCAPIL" and finding.score == pytest.approx(65.0)

    english = section(docs["en"], "### 2.3 ASN Needs Questionnaire")
    assert '"My supervisor gives me performance feedback regularly" (50,00)' not in english
    assert '"My supervisor gives me performance feedback regularly" (50.00)' in english
    assert "| Other units, together (2 units) | 3 | 91.67 |" in english
    assert "- Pelatihan SKP: 3 sheets" in english


def test_small_units_too_few_even_together_take_the_next_smallest_unit_with_them(
    session: Session, tmp_path: Path
) -> None:
    """SETDA's 2 sheets alone: beside the totals, Puskesmas's row would give them away."""
    sheets = [s for s in SHEETS if not s.startswith("BKPSDM")]
    part = section(laporan(session, tmp_path, sheets)["id"], "Kuesioner Kebutuhan ASN")
    assert "| Unit lain, digabung (2 unit) | 5 |" in part
    assert "Puskesmas Kota" not in part and "Sekretariat Daerah" not in part
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 4 | 85,48 |" in part


def test_fewer_sheets_than_the_group_size_show_no_figure(session: Session, tmp_path: Path) -> None:
    part = section(laporan(session, tmp_path, SHEETS[-2:])["id"], "Kuesioner Kebutuhan ASN")
    assert "Terkumpul 2 lembar jawaban dari 2 unit kerja." in part
    assert "hasilnya tidak ditampilkan: lembar jawaban yang terkumpul kurang dari 3" in part
    assert "| k1 |" not in part and "Sekretariat" not in part


def test_a_statement_the_pack_does_not_ask_is_refused_at_its_line_and_column(
    session: Session, tmp_path: Path
) -> None:
    data = copy.deepcopy(MINI_PACK)
    data["needs_survey"] = {"items": [{"code": f"k{i}", "text": f"Pernyataan {i}"}
                                      for i in (1, 2, 3)]}  # fmt: skip
    code = make_org(session, tmp_path, data)
    org = get_org(session, code)
    cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    cycle = get_cycle(session, org, None)
    bad = write_file(tmp_path, "k.csv", "unit_kerja;k1;k2;k5\nPKM;4;3;\nPKM;4;3;2\nNOPE;1;1;\n")
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "kebutuhan_asn", bad, "rina", cycle)
    assert [(e.line, e.column) for e in info.value.errors] == [(3, "k5"), (4, "unit_kerja")]
    assert info.value.errors[0].message.startswith(
        "pertanyaan k5 tidak ada dalam kuesioner paket (yang ditanyakan: k1, k2, k3)"
    )
    empty = write_file(tmp_path, "e.csv", "unit_kerja;k1;k2\nPKM;;\n")
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "kebutuhan_asn", empty, "rina", cycle)
    assert "semua pertanyaan k1–k12 kosong" in str(info.value)


def test_a_units_new_file_replaces_its_earlier_sheets(session: Session, tmp_path: Path) -> None:
    code = make_org(session, tmp_path, copy.deepcopy(MINI_PACK))
    org = get_org(session, code)
    cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    cycle = get_cycle(session, org, None)
    first = write_file(tmp_path, "a.csv", "\n".join([HEAD, *SHEETS]) + "\n")
    assert ingest_file(session, org, "kebutuhan_asn", first, "rina", cycle).written == 10
    fixed = write_file(tmp_path, "b.csv", f"{HEAD}\nPKM;3;3;3;3;3;3;3;3;\n")
    result = ingest_file(session, org, "kebutuhan_asn", fixed, "rina", cycle)
    assert result.notes == (
        "3 lembar jawaban impor sebelumnya dari unit PKM diganti oleh berkas ini",
    )
    counts = dict(
        session.exec(
            select(NeedsResponse.unit_code, func.count()).group_by(NeedsResponse.unit_code)
        ).all()
    )
    assert counts == {"DUKCAPIL": 4, "PKM": 1, "SETDA": 2, "BKPSDM": 1}
