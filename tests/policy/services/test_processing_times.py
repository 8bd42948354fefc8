"""Service processing times (waktu penyelesaian layanan): the import, the working-day counts
checked by hand, the Laporan's and the unit sheet's tables, the measured indicators and the
pack's refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from policy.enums import Stage
from policy.evaluation.measures import Measure, parse_measure
from policy.evaluation.processing import ProcessingStats, kind_stats
from policy.imports import ImportFileError
from policy.models import ServiceRequest
from policy.packschema import Pack
from policy.services import evaluation
from policy.services.common import get_org
from policy.services.import_history import undo_import
from policy.services.import_repeats import RepeatedImport
from policy.services.imports import ingest_file
from policy.services.stage_figures import stage_figures
from policy.workdays import WorkCalendar
from tests.factories import write_file
from tests.policy.services import test_evaluation as national

# TW III 2026 (1 July – 30 September); 17 August is a holiday, September has none.
# DUKCAPIL, standards KTP-el 1 and Akta Kelahiran 3 working days, Kartu Keluarga none:
#   KTP-el   1/9→1/9 0 d · 1/9→2/9 1 d · Fri 4/9→Mon 7/9 1 d · 8/9→11/9 3 d (late) ·
#            28/9 unfinished, due 29/9, late by 30/9 · 30/9 unfinished, due 1/10: not judged.
#            6 requests, 4 finished, 5 days: mean 1,25 -> 1,3; same day 1/6 = 16,7 %;
#            judged 5, within 3 = 60,0 %.
#   Akta     Fri 14/8→Tue 18/8 1 d (weekend and 17 August skipped) · 3/9→10/9 5 d (late):
#            mean 3,0; same day 0,0 %; within 1 of 2 = 50,0 %.
#   KK       2/9→2/9 0 d: mean 0,0; same day 100,0 %; no standard.
#   Unit     9 requests, 7 finished, 11 days: mean 11/7 = 1,571… -> 1,6; same day 2/9 =
#            22,2 %; within 4 of 7 = 57,1 %.
# PKM: one Poli Umum request 1/7→1/7. The 30 June request lies outside the period.
LAYANAN = """unit_layanan;jenis_layanan;tanggal_masuk;tanggal_selesai;nomor
DUKCAPIL;KTP-el;01/09/2026;01/09/2026;K-1
DUKCAPIL;KTP-el;01/09/2026;02/09/2026;K-2
DUKCAPIL;KTP-el;04/09/2026;07/09/2026;K-3
DUKCAPIL;KTP-el;08/09/2026;11/09/2026;K-4
DUKCAPIL;KTP-el;28/09/2026;;K-5
DUKCAPIL;KTP-el;30/09/2026;;K-6
DUKCAPIL;Akta Kelahiran;14/08/2026;18/08/2026;A-1
DUKCAPIL;Akta Kelahiran;03/09/2026;10/09/2026;A-2
DUKCAPIL;Kartu Keluarga;02/09/2026;02/09/2026;KK-1
DUKCAPIL;KTP-el;30/06/2026;30/06/2026;K-0
PKM;Poli Umum;01/07/2026;01/07/2026;P-1
"""


def processing_pack() -> dict[str, Any]:
    data = national.pack("0.11")
    for unit in data["units"]:
        if unit["code"] == "DUKCAPIL":
            unit["services"] = ["KTP-el", "Akta Kelahiran", "Kartu Keluarga"]
            unit["service_days"] = {"KTP-el": 1, "Akta Kelahiran": 3}
    data["evaluation"]["processing"] = {"target_share": "0.9"}
    data["indicators"] = [
        {"code": "HARI-DUK", "name": "Rata-rata waktu penyelesaian dokumen", "unit": "hari kerja",
         "baseline": "5", "target": "2", "direction": "lower", "decimals": 1,
         "measure": "layanan_hari:DUKCAPIL"},
        {"code": "KTP-SEHARI", "name": "KTP-el terbit pada hari yang sama", "unit": "%",
         "baseline": "10", "target": "75", "measure": "layanan_sehari:DUKCAPIL/KTP-el"},
        {"code": "TEPAT-DUK", "name": "Layanan selesai sesuai standar waktu", "unit": "%",
         "baseline": "50", "target": "90", "measure": "layanan_tepat_waktu:DUKCAPIL"},
        {"code": "HARI", "name": "Rata-rata waktu penyelesaian seluruh layanan",
         "unit": "hari kerja", "baseline": "4", "target": "2", "direction": "lower",
         "measure": "layanan_hari"},
    ]  # fmt: skip
    return data


def _produce(session: Session, tmp_path: Path) -> dict[str, Any]:
    run_id = national.start_run(session, tmp_path, processing_pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "layanan": write_file(tmp_path, "layanan.csv", LAYANAN),
    })  # fmt: skip
    return evaluation.produce(session=session, run_id=run_id, actor="rina",
                              as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip


def test_the_laporan_counts_working_days_as_worked_by_hand(
    session: Session, tmp_path: Path
) -> None:
    out = _produce(session, tmp_path)
    report = national.md_of(out, "laporan-evaluasi")
    assert "## 4. Pengaduan Masyarakat dan Waktu Penyelesaian Layanan" in report
    assert (
        "waktu tanggapan pengaduan masyarakat, waktu penyelesaian layanan terhadap Standar "
        "Pelayanan, dan capaian indikator kebijakan." in report
    )
    assert "### 4.2 Waktu Penyelesaian Layanan" in report
    section = report.split("### 4.2 Waktu Penyelesaian Layanan")[1].split("## 5.")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1:] == [
        "| **Dinas Kependudukan dan Pencatatan Sipil** | | **9** | **2** | **1,6** | **22,2%** "
        "| **57,1%** |",
        "| KTP-el | 1 | 6 | 2 | 1,3 | 16,7% | 60,0% |",
        "| Akta Kelahiran | 3 | 2 | 0 | 3,0 | 0,0% | 50,0% |",
        "| Kartu Keluarga | – | 1 | 0 | 0,0 | 100,0% | – |",
        "| **Puskesmas Kota** | | **1** | **0** | **0,0** | **100,0%** | **–** |",
        "| Poli Umum | – | 1 | 0 | 0,0 | 100,0% | – |",
    ]
    # The realisations are the same figures, at the indicators' own decimals:
    # all units 11 days over 8 finished = 1,375 -> 1,38.
    realised = {line.split(" | ")[0][2:]: line.split(" | ")[5] for line in report.splitlines()
                if line.startswith("| ") and " | makin " in line}  # fmt: skip
    assert realised == {"HARI-DUK": "1,6", "KTP-SEHARI": "16,67", "TEPAT-DUK": "57,14",
                        "HARI": "1,38"}  # fmt: skip
    assert (
        "- **KTP-SEHARI**: persentase permohonan KTP-el di Dinas Kependudukan dan Pencatatan "
        "Sipil yang selesai pada hari masuknya (bagian 4.2)." in report
    )
    # The Prefect run shows the same rows as a table artifact.
    assert out.tables["waktu_penyelesaian"][0] == {
        "unit": "Dinas Kependudukan dan Pencatatan Sipil", "jenis_layanan": "KTP-el",
        "permohonan": 6, "belum_selesai": 2, "rata_rata_hari_kerja": "1,3",
        "selesai_hari_sama_persen": "16,7", "sesuai_standar_persen": "60,0",
    }  # fmt: skip
    # Leaders read the units' totals among the run's key figures.
    figures = {f.label: f.value for f in stage_figures(Stage.EVALUATION, out.summary)}
    assert figures["Waktu penyelesaian layanan"] == (
        "Dinas Kependudukan dan Pencatatan Sipil rata-rata 1,6 hari kerja, 57,1% sesuai "
        "standar; Puskesmas Kota rata-rata 0,0 hari kerja"
    )
    english_figures = {f.label: f.value for f in stage_figures(Stage.EVALUATION, out.summary, "en")}
    assert english_figures["Service processing time"] == (
        "Dinas Kependudukan dan Pencatatan Sipil mean 1.6 working days, 57.1% within the "
        "standard; Puskesmas Kota mean 0.0 working days"
    )
    english = national.md_of(out, "laporan-evaluasi", "en")
    assert "### 4.2 Service Processing Times" in english
    assert "| KTP-el | 1 | 6 | 2 | 1.3 | 16.7% | 60.0% |" in english
    within = "Within the standard: finished within the completion time its kind's Standar "
    assert within + "Pelayanan sets, over the finished requests" in english
    assert within in national.md_of(out, "lembar-unit-dukcapil", "en")
    assert "jangka waktu" not in english
    leave = "without national holidays, cuti bersama (collective leave days) and regional holidays"
    assert f"up to the day it was finished, {leave}; a request finished" in english
    assert leave in national.md_of(out, "lembar-unit-dukcapil", "en")
    assert (
        "- **HARI**: the mean working days to finish the finished requests to all service "
        "units (section 4.2)." in english
    )


def test_a_unit_below_the_target_gets_a_corrective_action(session: Session, tmp_path: Path) -> None:
    out = _produce(session, tmp_path)
    recommendations = national.md_of(out, "rekomendasi-tindak-lanjut")
    # DUKCAPIL 4 of 7 judged (57,1 %) against 90 %: its kinds below it, slowest first;
    # PKM judges nothing (no standard), so it gets no action.
    section = recommendations.split("Percepatan Penyelesaian Layanan")[1].split("\n## ")[0]
    (row,) = [line for line in section.splitlines() if line.startswith("| 1 |")]
    assert row.startswith(
        "| 1 | Dinas Kependudukan dan Pencatatan Sipil | 7 | 57,1% | 90,0% | Akta Kelahiran "
        "50,0% (standar 3 hari kerja); KTP-el 60,0% (standar 1 hari kerja) | Kepala Dinas "
    )
    assert "| 2 |" not in section
    report = national.md_of(out, "laporan-evaluasi")
    assert "| Percepatan penyelesaian layanan | 1 |" in report
    english = national.md_of(out, "rekomendasi-tindak-lanjut", "en")
    assert (
        "Akta Kelahiran 50.0% (standard 3 working days); KTP-el 60.0% (standard 1 "
        "working day)" in english
    )
    figures = {f.label: f.value for f in stage_figures(Stage.EVALUATION, out.summary)}
    assert "percepatan penyelesaian layanan 1" in figures["Tindak lanjut"]


def test_the_unit_sheet_shows_its_kinds_and_their_total(session: Session, tmp_path: Path) -> None:
    out = _produce(session, tmp_path)
    sheet = national.md_of(out, "lembar-unit-dukcapil")
    section = sheet.split("### Waktu Penyelesaian Layanan")[1].split("## 4.")[0]
    assert "| KTP-el | 1 | 6 | 2 | 1,3 | 16,7% | 60,0% |" in section
    assert (
        "| **Seluruh jenis layanan** | | **9** | **2** | **1,6** | **22,2%** | **57,1%** |"
        in section
    )
    pkm = national.md_of(out, "lembar-unit-pkm")
    assert "| Poli Umum | – | 1 | 0 | 0,0 | 100,0% | – |" in pkm
    assert "Seluruh jenis layanan" not in pkm  # one kind: no total row


def test_a_laporan_without_requests_keeps_its_sections(session: Session, tmp_path: Path) -> None:
    run_id = national.start_run(session, tmp_path, national.pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    report = national.md_of(out, "laporan-evaluasi")
    assert "## 4. Pengaduan Masyarakat\n\nTidak ada data pengaduan" in report
    assert "Waktu Penyelesaian" not in report and "### 4.1" not in report


def _org(session: Session, tmp_path: Path) -> Any:
    national.start_run(session, tmp_path, processing_pack())
    return get_org(session, "contoh")


def test_bad_rows_are_refused_at_their_cells_and_nothing_is_written(
    session: Session, tmp_path: Path
) -> None:
    org = _org(session, tmp_path)
    bad = (
        "unit_layanan;jenis_layanan;tanggal_masuk;tanggal_selesai;nomor\n"
        "DUKCAPIL;KTP-el;05/09/2026;04/09/2026;K-1\n"
        "DUKCAPIL;KTP-el;05/09/2026;;K-1\n"
        "XYZ;KTP-el;05/09/2026;;\n"
        "DUKCAPIL;KTP-el;05/09/2030;;\n"
    )
    with pytest.raises(ImportFileError) as caught:
        ingest_file(session, org, "layanan", write_file(tmp_path, "bad.csv", bad), "rina",
                    today=date(2026, 10, 15))  # fmt: skip
    text = str(caught.value)
    assert (
        "- baris 2, kolom 'tanggal_selesai': tanggal selesai 4 September 2026 sebelum tanggal "
        "masuk 5 September 2026; periksa kedua tanggal itu\n"
        "- baris 3, kolom 'nomor': permohonan nomor K-1 unit DUKCAPIL sudah ada di baris 2\n"
        "- baris 4, kolom 'unit_layanan': unit kerja 'XYZ' tidak ada di paket organisasi"
    ) in text
    assert (
        "- baris 5, kolom 'tanggal_masuk': tanggal '05/09/2030' (5 September 2030) sesudah "
        "hari impor (15 Oktober 2026)" in text
    )
    assert session.exec(select(ServiceRequest)).first() is None


def test_unlisted_kinds_warn_repeats_are_refused_and_an_import_can_be_undone(
    session: Session, tmp_path: Path
) -> None:
    org = _org(session, tmp_path)
    first = write_file(tmp_path, "layanan.csv", LAYANAN + "DUKCAPIL;Paspor;02/09/2026;;\n")
    result = ingest_file(session, org, "layanan", first, "rina", today=date(2026, 10, 15))
    session.commit()
    assert result.written == 12
    assert result.warnings == (
        "jenis_layanan di luar daftar layanan unitnya di paket (units[].services): 'Paspor' "
        "(DUKCAPIL, 1 baris: 13); baris itu tetap diimpor apa adanya",
    )
    again = write_file(tmp_path, "layanan_lagi.csv", LAYANAN.replace(";", ","))
    with pytest.raises(RepeatedImport):
        ingest_file(session, org, "layanan", again, "rina", today=date(2026, 10, 15))
    session.rollback()
    undone = undo_import(
        session=session,
        organisation="contoh",
        import_id=result.import_id or 0,
        actor="rina",
        reason="berkas salah",
    )
    assert undone.removed == 12
    assert session.exec(select(ServiceRequest)).first() is None


def test_kind_stats_adds_up_and_judges_only_what_can_be_judged() -> None:
    cal = WorkCalendar()
    end = date(2026, 9, 30)
    stats = kind_stats(
        [(date(2026, 9, 1), date(2026, 9, 1), 2), (date(2026, 9, 29), None, 1)],
        0, end, cal.working_days_between, cal.add_working_days,
    )  # fmt: skip
    # Standard 0: the 29 September request was due that day, so it is late by the 30th.
    assert stats == ProcessingStats(3, 2, 0, 2, 3, 3, 2)
    assert stats + ProcessingStats() == stats
    with pytest.raises(ValueError, match="sebelum diterima"):
        kind_stats([(date(2026, 9, 2), date(2026, 9, 1), 1)], None, end,
                   cal.working_days_between, cal.add_working_days)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("layanan_hari", Measure("layanan_hari", None)),
        ("layanan_sehari: DUKCAPIL / KTP-el", Measure("layanan_sehari", "DUKCAPIL / KTP-el")),
    ],
)
def test_processing_measures_parse(text: str, expected: Measure) -> None:
    measure = parse_measure(text)
    assert measure == expected
    if measure.subject:
        assert (measure.unit, measure.service) == ("DUKCAPIL", "KTP-el")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"measure": "layanan_tepat_waktu:PKM"},
         "ukuran 'layanan_tepat_waktu:PKM' memerlukan standar waktu penyelesaian, tetapi paket "
         "tidak memuat service_days unit PKM"),
        ({"measure": "layanan_tepat_waktu:DUKCAPIL/Kartu Keluarga"},
         "tidak memuat jangka waktu 'Kartu Keluarga' di service_days unit DUKCAPIL"),
        ({"measure": "layanan_hari:DUKCAPIL/Paspor"},
         "jenis layanan 'Paspor' tidak ada di services unit DUKCAPIL"),
        ({"measure": "layanan_hari:SETDA"}, "SETDA bukan unit layanan (service: true)"),
        ({"measure": "ikm:DUKCAPIL/KTP-el"}, "jenis layanan (/JENIS) hanya untuk ukuran layanan_"),
    ],
)  # fmt: skip
def test_the_pack_refuses_a_processing_measure_it_cannot_give(
    change: dict[str, str], problem: str
) -> None:
    data = processing_pack()
    data["indicators"][0].update(change)
    with pytest.raises(ValueError) as caught:
        Pack.model_validate(data)
    assert problem in str(caught.value)


def test_service_days_must_name_a_listed_kind_of_a_service_unit() -> None:
    data = processing_pack()
    data["units"][2]["service_days"] = {"Paspor": 2}
    with pytest.raises(ValueError, match="service_days unit DUKCAPIL menyebut jenis layanan "
                       "yang tidak ada di services-nya: Paspor"):  # fmt: skip
        Pack.model_validate(data)
    data = processing_pack()
    data["units"][0]["service_days"] = {"Surat": 2}
    with pytest.raises(ValueError, match="unit SETDA mencantumkan service_days tetapi bukan"):
        Pack.model_validate(data)
