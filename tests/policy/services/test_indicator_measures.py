"""Measured indicators: realisations taken from the evaluation's own IKM and complaint figures,
checked by hand; the pack refuses a measure that names nothing; an imported realisation of a
measured indicator is refused at its line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from policy.evaluation.measures import Measure, parse_measure
from policy.imports import ImportFileError
from policy.packschema import Pack
from policy.services import evaluation
from policy.services.common import get_org
from policy.services.imports import ingest_file
from policy.services.template_values import template_values
from tests.factories import MINI_PACK, write_file
from tests.policy.services import test_evaluation as national

# PKM: 12, 30 and 50 hours and one unanswered; DUKCAPIL: 5, 10 and 60 hours. Limit 72 h.
# PKM on time 3 of 4 = 75,00 %, its median 30. All: 6 of 7 = 85,714… -> 85,71 %; the median
# of 5, 10, 12, 30, 50, 60 is (12 + 30) / 2 = 21.
PENGADUAN = """tanggal;unit_kerja;kategori;waktu_respons_jam;status
01/08/2026;PKM;Antrean;12;selesai
02/08/2026;PKM;Petugas;30;selesai
03/08/2026;PKM;Antrean;50;selesai
04/08/2026;PKM;Obat;;proses
05/08/2026;DUKCAPIL;KTP-el;5;selesai
06/08/2026;DUKCAPIL;KTP-el;10;selesai
07/08/2026;DUKCAPIL;Akta;60;selesai
"""


REALISASI = "periode;kode;nilai\n2026-TW3;SKP;92,5\n"


def measured_pack() -> dict[str, Any]:
    data = national.pack("0.11")
    data["indicators"] = [
        {"code": "SKP", "name": "Pegawai dengan SKP tepat waktu", "unit": "%",
         "baseline": "60", "target": "90"},
        {"code": "IKM-DUK", "name": "IKM Dukcapil", "unit": "indeks", "baseline": "80",
         "target": "85", "measure": "ikm:DUKCAPIL"},
        {"code": "IKM-PKM", "name": "IKM Puskesmas", "unit": "indeks", "baseline": "70",
         "target": "75", "measure": "ikm: PKM"},
        {"code": "TEPAT", "name": "Pengaduan tepat waktu", "unit": "%", "baseline": "60",
         "target": "90", "measure": "pengaduan_tepat_waktu"},
        {"code": "TEPAT-PKM", "name": "Pengaduan Puskesmas tepat waktu", "unit": "%",
         "baseline": "60", "target": "90", "measure": "pengaduan_tepat_waktu:PKM"},
        {"code": "MEDIAN", "name": "Median waktu tanggapan", "unit": "jam", "baseline": "48",
         "target": "24", "direction": "lower", "measure": "pengaduan_median", "decimals": 1},
        {"code": "MEDIAN-PKM", "name": "Median waktu tanggapan Puskesmas", "unit": "jam",
         "baseline": "48", "target": "24", "direction": "lower",
         "measure": "pengaduan_median:PKM"},
    ]  # fmt: skip
    return data


def test_realisations_are_the_reports_own_figures(session: Session, tmp_path: Path) -> None:
    run_id = national.start_run(session, tmp_path, measured_pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "skm": write_file(tmp_path, "skm.csv", national.skm_csv()),
        "pengaduan": write_file(tmp_path, "pengaduan.csv", PENGADUAN),
        "realisasi": write_file(tmp_path, "realisasi.csv", REALISASI),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF,
                             locales=("id", "en"))  # fmt: skip
    report = national.md_of(out, "laporan-evaluasi")
    rows = {line.split(" | ")[0][2:]: line.split(" | ") for line in report.splitlines()
            if line.startswith("| ") and " | makin " in line}  # fmt: skip
    realised = {code: row[5] for code, row in rows.items()}
    # DOMAIN R1 with weight 0,11: DUKCAPIL 87,615 -> 87,62; PKM 69,609375 -> 69,61.
    assert realised == {
        "SKP": "92,50", "IKM-DUK": "87,62", "IKM-PKM": "69,61", "TEPAT": "85,71",
        "TEPAT-PKM": "75,00", "MEDIAN": "21,0", "MEDIAN-PKM": "30,00",
    }  # fmt: skip
    # The same IKM as section 3 shows for the unit.
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 50 | 87,62 | B | Baik |" in report
    assert (
        "- **TEPAT-PKM**: persentase pengaduan Puskesmas Kota yang ditanggapi paling lama 72 "
        "jam, pengaduan yang belum ditanggapi dihitung terlambat (bagian 4)." in report
    )
    assert "- **IKM-DUK**: IKM Dinas Kependudukan dan Pencatatan Sipil (bagian 3)." in report
    assert "- **SKP**" not in report  # imported, not measured
    english = national.md_of(out, "laporan-evaluasi", "en")
    assert (
        "- **MEDIAN**: the median response time in hours of the answered complaints to all "
        "units (section 4)." in english
    )


def test_a_period_without_complaints_or_responses_has_no_data(
    session: Session, tmp_path: Path
) -> None:
    run_id = national.start_run(session, tmp_path, measured_pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    report = national.md_of(out, "laporan-evaluasi")
    for code in ("IKM-DUK", "TEPAT", "MEDIAN-PKM"):
        (row,) = [line for line in report.splitlines() if line.startswith(f"| {code} |")]
        assert row.endswith("| – | – | – | – | belum ada data |"), row


def test_an_imported_realisation_of_a_measured_indicator_is_refused(
    session: Session, tmp_path: Path
) -> None:
    national.start_run(session, tmp_path, measured_pack())
    text = "periode;kode;nilai\n2026-TW3;SKP;92,5\n2026-TW3;IKM-DUK;88\n"
    with pytest.raises(ImportFileError) as caught:
        ingest_file(session, get_org(session, "contoh"), "realisasi",
                    write_file(tmp_path, "realisasi.csv", text), "rina")  # fmt: skip
    assert [str(e) for e in caught.value.errors] == [
        "baris 3, kolom 'kode': indikator 'IKM-DUK' diukur dari data periode itu sendiri "
        "(ukuran ikm:DUKCAPIL di paket), bukan diimpor; hapus baris ini"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ikm:PATEN", Measure("ikm", "PATEN")),
        (" pengaduan_median ", Measure("pengaduan_median", None)),
        ("pengaduan_tepat_waktu : RSUD", Measure("pengaduan_tepat_waktu", "RSUD")),
        ("bonus:inovasi", Measure("bonus", "inovasi")),
        ("predikat_baik", Measure("predikat_baik", None)),
    ],
)
def test_parse_measure(text: str, expected: Measure) -> None:
    assert parse_measure(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ikm", "ukuran 'ikm': sebutkan kode unit sesudah titik dua, mis. 'ikm:KODE'"),
        ("bonus:", "ukuran 'bonus:': sebutkan kode bonus sesudah titik dua, mis. 'bonus:KODE'"),
        ("kepuasan", "ukuran 'kepuasan' tidak dikenal; bentuk yang ada: ikm:UNIT, "
         "pengaduan_tepat_waktu[:UNIT], pengaduan_median[:UNIT], bonus:KODE, predikat_baik, "
         "layanan_hari[:UNIT[/JENIS]], layanan_sehari[:UNIT[/JENIS]], "
         "layanan_tepat_waktu[:UNIT[/JENIS]], lkh_lengkap[:UNIT], penilaian_diri[:UNIT]"),
        ("predikat_baik:RSUD", "ukuran 'predikat_baik:RSUD': 'predikat_baik' berlaku untuk "
         "seluruh organisasi, tanpa kode"),
    ],
)  # fmt: skip
def test_parse_measure_refusals(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_measure(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("measure", "problem"),
    [
        ("ikm:RSUD", "indikator X: ukuran 'ikm:RSUD': unit 'RSUD' tidak ada di daftar unit"),
        ("ikm:SETDA", "indikator X: ukuran 'ikm:SETDA': SETDA bukan unit layanan (service: true)"),
        ("pengaduan_median:RSUD", "unit 'RSUD' tidak ada di daftar unit"),
        ("bonus:inovasi", "bonus 'inovasi' tidak ada (paket ini tidak punya bonus "
         "(evaluation.weighted_360.bonus))"),
    ],
)  # fmt: skip
def test_the_pack_refuses_a_measure_that_names_nothing(measure: str, problem: str) -> None:
    data = copy.deepcopy(MINI_PACK)
    data["indicators"] = [{"code": "X", "name": "X", "baseline": "1", "target": "2",
                           "measure": measure}]  # fmt: skip
    with pytest.raises(ValueError) as caught:
        Pack.model_validate(data)
    assert problem in str(caught.value)


def test_a_measure_is_kept_in_its_plain_form() -> None:
    data = copy.deepcopy(MINI_PACK)
    data["indicators"] = [{"code": "X", "name": "X", "baseline": "1", "target": "2",
                           "measure": " ikm : DUKCAPIL "}]  # fmt: skip
    (indicator,) = Pack.model_validate(data).indicators
    assert (indicator.measure, indicator.measured()) == ("ikm:DUKCAPIL", Measure("ikm", "DUKCAPIL"))


def test_the_realisasi_template_offers_only_imported_indicators(
    session: Session, tmp_path: Path
) -> None:
    national.start_run(session, tmp_path, measured_pack())
    values = template_values(session=session, organisation="contoh")
    assert values.indicators == ("SKP",)
    assert values.periods.startswith("per triwulan (")


def test_a_percentage_outside_0_to_100_is_imported_with_a_warning(
    session: Session, tmp_path: Path
) -> None:
    national.start_run(session, tmp_path, measured_pack())
    org = get_org(session, "contoh")
    path = write_file(tmp_path, "realisasi.csv", "periode;kode;nilai\n2026-TW3;SKP;925\n"
                      "2026-TW2;SKP;92,5\n2026-TW1;SKP;-3,25\n")  # fmt: skip
    result = ingest_file(session, org, "realisasi", path, "rina")
    assert result.written == 3
    assert result.warnings == (
        "realisasi indikator bersatuan % di luar 0–100: SKP 925 (baris 2); SKP -3,25 (baris 4); "
        "tetap diimpor, periksa apakah tanda desimalnya hilang",
    )
