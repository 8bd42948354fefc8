"""A functional official's angka kredit for the period: on their private sheet, in the export.

Under the national framework only (angka kredit follows the SKP's predikat), for posts whose
name ends with a jenjang, with the pack's coefficients where it sets them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from policy.packs import PackError, load_pack
from policy.services import employee_sheets, evaluation
from policy.services.common import get_org
from policy.services.evaluation_export import export_results
from policy.services.imports import ingest_file
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as weighted

# Eko (Baik) and Dewi (Sangat Baik) hold functional posts; the others do not.
STAFF = national.PEGAWAI.replace(";Pranata Komputer;", ";Pranata Komputer Ahli Pertama;").replace(
    ";Analis Kependudukan;", ";Administrator Database Kependudukan Ahli Muda;"
)


def _evaluated(session: Session, tmp_path: Path, pack: dict[str, Any]) -> None:
    run_id = national.start_run(session, tmp_path, pack)
    org = get_org(session, None)
    ingest_file(session, org, "pegawai", write_file(tmp_path, "pegawai-jf.csv", STAFF), "rina")
    session.commit()
    national.ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)


def _sheet(session: Session, nip: str, locale: str = "id") -> str:
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation=None, cycle=None, period=national.PERIOD, actor="rina",
        nips=[nip], locales=("id", "en"),
    )  # fmt: skip
    return Path(next(d for d in docs if d.locale == locale).md_path).read_text(encoding="utf-8")


def _exported(session: Session) -> dict[str, dict[str, str]]:
    result = export_results(session=session, organisation=None, cycle=None,
                            period=national.PERIOD, actor="rina", fmt="rfc4180",
                            filename="hasil.csv")  # fmt: skip
    return {r["nip"]: r for r in csv.DictReader(io.StringIO(result.content.decode("utf-8")))}


def test_a_functional_official_s_sheet_converts_the_predikat(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path, national.pack())
    eko = _sheet(session, national.B_DUK)
    assert "| Jabatan | Pranata Komputer Ahli Pertama |" in eko
    assert (
        "jabatan fungsional jenjang Ahli Pertama, dengan koefisien angka kredit tahunan 12,5."
        in eko
    )
    assert "Predikat Baik memberi 100% dari koefisien itu" in eko
    assert "Untuk 3 bulan periode ini: 3/12 × 100% × 12,5 = **3,13** angka kredit." in eko
    en = _sheet(session, national.B_DUK, "en")
    assert "For the 3 months of this period: 3/12 × 100% × 12.5 = **3.13** credit points." in en
    dewi = _sheet(session, national.SB_DUK)
    assert "3/12 × 150% × 25 = **9,38** angka kredit" in dewi  # 9,375 rounded half up
    # A structural or pelaksana post earns none, and the sheet says nothing of it.
    assert "angka kredit" not in _sheet(session, national.BP_DUK).lower()
    rows = _exported(session)
    assert (rows[national.B_DUK]["jenjang_jf"], rows[national.B_DUK]["angka_kredit"]) == (
        "Ahli Pertama", "3.13")  # fmt: skip
    assert (rows[national.SB_DUK]["jenjang_jf"], rows[national.SB_DUK]["angka_kredit"]) == (
        "Ahli Muda", "9.38")  # fmt: skip
    assert (rows[national.BP_DUK]["jenjang_jf"], rows[national.BP_DUK]["angka_kredit"]) == ("", "")


def test_the_pack_s_coefficient_is_used_and_the_conversion_can_be_off(
    session: Session, tmp_path: Path
) -> None:
    pack = national.pack()
    pack["evaluation"]["angka_kredit"] = {"coefficients": {"Ahli Pertama": 10}}
    _evaluated(session, tmp_path, pack)
    assert "3/12 × 100% × 10 = **2,50** angka kredit" in _sheet(session, national.B_DUK)
    assert _exported(session)[national.B_DUK]["angka_kredit"] == "2.50"


def test_switched_off_there_is_no_line_and_no_column(session: Session, tmp_path: Path) -> None:
    pack = national.pack()
    pack["evaluation"]["angka_kredit"] = {"enabled": False}
    _evaluated(session, tmp_path, pack)
    assert "angka kredit" not in _sheet(session, national.B_DUK).lower()
    assert "angka_kredit" not in next(iter(_exported(session).values()))


def test_a_weighted_360_evaluation_converts_nothing(session: Session, tmp_path: Path) -> None:
    weighted.produce(session, tmp_path, weighted.pack())
    result = export_results(session=session, organisation=None, cycle=None, period="2026-TW3",
                            actor="rina", fmt="rfc4180", filename="hasil.csv")  # fmt: skip
    assert "angka_kredit" not in result.columns


def test_a_wrong_jenjang_or_coefficient_is_refused_where_it_stands(tmp_path: Path) -> None:
    for base, setting, words in (
        (national.pack(), {"coefficients": {"Ahli Pratama": 12.5}},
         "evaluation.angka_kredit.coefficients"),
        (national.pack(), {"coefficients": {"Ahli Muda": -1}}, "harus angka 0 sampai 1000"),
        (weighted.pack(), {"coefficients": {"Ahli Muda": 20}},
         "hanya berlaku bila framework: national"),
    ):  # fmt: skip
        pack = base
        pack["evaluation"]["angka_kredit"] = setting
        path = tmp_path / "pack.yaml"
        path.write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
        try:
            load_pack(path)
        except PackError as exc:
            assert words in str(exc)
        else:
            raise AssertionError(f"{setting} was accepted")
