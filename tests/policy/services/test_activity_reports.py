"""e-Kinerja activity reports (laporan kegiatan harian): the monthly recap import, each
employee's months judged against the pack's share of working days, worked by hand, the
Laporan's and the unit sheet's figures, the measured indicator and the refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from policy.enums import Stage
from policy.evaluation.activity import months_of, required_days
from policy.imports import ImportFileError
from policy.models import ActivityReport
from policy.services import cycle as cycle_service
from policy.services import employee_sheets, evaluation
from policy.services.common import get_org
from policy.services.imports import ingest_file
from policy.services.stage_figures import stage_figures
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as w360
from tests.policy.services.test_evaluation import (
    B_DUK,
    BP_DUK,
    K_PKM,
    KADIS,
    KAPUS,
    PPPK_DUK,
    SB_DUK,
    SK_PKM,
    UNRATED_PKM,
)

# TW III 2026: July 23 working days, August 19 (17 August, and 25 August, Maulid Nabi),
# September 22. With min_share 0,8 a month needs ⌈18,4⌉ = 19, ⌈15,2⌉ = 16, ⌈17,6⌉ = 18 days.
#   DUKCAPIL  Andi 20/16/18 all met · Dewi 19/15/18 August short · Eko 23/19/22 all met ·
#             Fajar July only · Gita 0/0/0 none at all: 2 of 5 (40,0 %), 1 silent.
#   PKM       Hadi 19/16/18 all met (exactly) · Sari not in the recap (silent) · Joko 1/1/1
#             short · Kartika 1/0/1 short: 1 of 4 (25,0 %), 1 silent.
#   All       3 of 9 = 33,3 %; the June row is outside the period.
# Without a share (one day a month): Dewi and Joko count too: DUKCAPIL 3 of 5, PKM 2 of 4,
# all 5 of 9 = 55,56 %.
LKH = f"""bulan;nip;hari_lapor
2026-06;{KADIS};0
Juli 2026;{KADIS};20
Agustus 2026;{KADIS};16
September 2026;{KADIS};18
2026-07;{SB_DUK};19
2026-08;{SB_DUK};15
2026-09;{SB_DUK};18
07/2026;{B_DUK};23
08/2026;{B_DUK};19
09/2026;{B_DUK};22
2026-07;{BP_DUK};20
2026-07;{PPPK_DUK};0
2026-08;{PPPK_DUK};0
2026-09;{PPPK_DUK};0
2026-07;{KAPUS};19
2026-08;{KAPUS};16
2026-09;{KAPUS};18
2026-07;{K_PKM};1
2026-08;{K_PKM};1
2026-09;{K_PKM};1
2026-07;{UNRATED_PKM};1
2026-09;{UNRATED_PKM};1
"""


def activity_pack(share: str | None = "0.8") -> dict[str, Any]:
    data = national.pack("0.11")
    if share is not None:
        data["evaluation"]["activity_reports"] = {"min_share": share}
    data["indicators"] = [
        {"code": "LKH", "name": "Pegawai yang mengisi LKH setiap bulan", "unit": "%",
         "baseline": "40", "target": "90", "measure": "lkh_lengkap"},
        {"code": "LKH-DUK", "name": "Pegawai Dukcapil yang mengisi LKH setiap bulan",
         "unit": "%", "baseline": "40", "target": "90", "measure": "lkh_lengkap:DUKCAPIL"},
    ]  # fmt: skip
    return data


def _produce(session: Session, tmp_path: Path, share: str | None, recap: str = LKH) -> Any:
    run_id = national.start_run(session, tmp_path, activity_pack(share))
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "laporan_kegiatan": write_file(tmp_path, "lkh.csv", recap),
    })  # fmt: skip
    return evaluation.produce(session=session, run_id=run_id, actor="rina",
                              as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip


def _sheets(session: Session, nips: list[str]) -> dict[tuple[str, str], str]:
    """The private sheets of `nips`, issued in both locales: Markdown by (key, locale)."""
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=national.PERIOD,
        actor="rina", nips=nips, locales=("id", "en"),
    )  # fmt: skip
    return {(d.key, d.locale): Path(d.md_path).read_text(encoding="utf-8") for d in docs}


def test_required_days_and_months() -> None:
    assert months_of(date(2026, 11, 15), date(2027, 2, 1)) == [
        "2026-11", "2026-12", "2027-01", "2027-02",
    ]  # fmt: skip
    assert [required_days(n, Decimal("0.8")) for n in (23, 19, 22, 0)] == [19, 16, 18, 0]
    assert required_days(23, None) == 1
    # Days on leave leave the days at work: ⌈0,8 × 14⌉ = 12, ⌈0,8 × 1⌉ = 1; wholly on leave 0.
    assert [required_days(23, Decimal("0.8"), n) for n in (9, 22, 23, 30)] == [12, 1, 0, 0]
    assert [required_days(23, None, n) for n in (22, 23)] == [1, 0]


def test_months_are_judged_against_the_share_of_working_days(
    session: Session, tmp_path: Path
) -> None:
    out = _produce(session, tmp_path, "0.8")
    report = national.md_of(out, "laporan-evaluasi")
    section = report.split("### 2.6 Laporan Kegiatan Harian (e-Kinerja)")[1].split("## 3.")[0]
    assert (
        "3 dari 9 pegawai (33,3%) mengisi laporan kegiatan harian di e-Kinerja setiap bulan "
        "periode ini (3 bulan); 2 pegawai tidak mengisi sama sekali. Sebulan dihitung terisi "
        "bila laporan diisi pada paling sedikit 80% hari kerja bulan itu (dibulatkan ke atas)"
    ) in section
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 5 | 2 | 40,0% | 1 |" in section
    assert "| Puskesmas Kota | 4 | 1 | 25,0% | 1 |" in section
    realised = {line.split(" | ")[0][2:]: line.split(" | ")[5] for line in report.splitlines()
                if line.startswith("| LKH")}  # fmt: skip
    assert realised == {"LKH": "33,33", "LKH-DUK": "40,00"}
    assert (
        "hasil tingkat tim dan unit kerja, pengisian laporan kegiatan harian di e-Kinerja, "
        "pola distribusi" in report
    )
    assert (
        "- **LKH-DUK**: persentase pegawai Dinas Kependudukan dan Pencatatan Sipil yang mengisi "
        "laporan kegiatan harian e-Kinerja setiap bulan (bagian 2.6)." in report
    )
    figures = {f.label: f.value for f in stage_figures(Stage.EVALUATION, out.summary)}
    assert figures["Laporan kegiatan harian"] == "3 dari 9 pegawai mengisi setiap bulan"
    assert out.tables["laporan_kegiatan"] == [
        {"unit": "Dinas Kependudukan dan Pencatatan Sipil", "pegawai": 5,
         "mengisi_setiap_bulan": 2, "persen": "40,0", "tidak_mengisi": 1},
        {"unit": "Puskesmas Kota", "pegawai": 4, "mengisi_setiap_bulan": 1, "persen": "25,0",
         "tidak_mengisi": 1},
    ]  # fmt: skip
    sheet = national.md_of(out, "lembar-unit-pkm")
    assert (
        "1 dari 4 pegawai unit ini (25,0%) mengisi laporan kegiatan harian di e-Kinerja setiap "
        "bulan periode ini (3 bulan); 1 tidak mengisi sama sekali." in sheet
    )
    english = national.md_of(out, "laporan-evaluasi", "en")
    assert (
        "3 of 9 employees (33.3%) filled in their daily activity reports in e-Kinerja every "
        "month of this period (3 months); 2 filled in none." in english
    )


def test_one_day_a_month_counts_when_the_pack_sets_no_share(
    session: Session, tmp_path: Path
) -> None:
    out = _produce(session, tmp_path, None)
    report = national.md_of(out, "laporan-evaluasi")
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 5 | 3 | 60,0% | 1 |" in report
    assert "| Puskesmas Kota | 4 | 2 | 50,0% | 1 |" in report
    assert "bila laporan diisi pada paling sedikit satu hari;" in report
    assert (
        "| LKH | Pegawai yang mengisi LKH setiap bulan (%) | 40,00 | 90,00 | "
        "makin tinggi makin baik | 55,56 |" in report
    )


def test_a_period_without_a_recap_has_no_section(session: Session, tmp_path: Path) -> None:
    run_id = national.start_run(session, tmp_path, activity_pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    report = national.md_of(out, "laporan-evaluasi")
    assert "Laporan Kegiatan Harian" not in report
    (row,) = [line for line in report.splitlines() if line.startswith("| LKH |")]
    assert row.endswith("| – | – | – | – | belum ada data |")
    figures = {f.label for f in stage_figures(Stage.EVALUATION, out.summary)}
    assert "Laporan kegiatan harian" not in figures


def test_a_recap_again_replaces_its_months_and_bad_rows_are_refused(
    session: Session, tmp_path: Path
) -> None:
    national.start_run(session, tmp_path, activity_pack())
    org = get_org(session, "contoh")
    ingest_file(session, org, "laporan_kegiatan", write_file(tmp_path, "a.csv", LKH), "rina")
    again = f"bulan;nip;hari_lapor\n2026-07;{SB_DUK};21\n"
    ingest_file(session, org, "laporan_kegiatan", write_file(tmp_path, "b.csv", again), "rina")
    stored = session.exec(
        select(ActivityReport.days).where(
            ActivityReport.nip == SB_DUK, ActivityReport.month == "2026-07"
        )
    ).one()
    assert stored == 21
    count = session.exec(select(func.count()).select_from(ActivityReport)).one()
    bad = (
        "bulan;nip;hari_lapor\n"
        f"TW III 2026;{KADIS};20\n"
        f"2026-07;{KADIS};32\n"
        "2026-07;199001012020011099;5\n"
        f"2026-08;{KADIS};3\n"
        f"2026-08;{KADIS};4\n"
    )
    with pytest.raises(ImportFileError) as caught:
        ingest_file(session, org, "laporan_kegiatan", write_file(tmp_path, "c.csv", bad), "rina")
    text = str(caught.value)
    assert (
        "- baris 2, kolom 'bulan': bulan 'TW III 2026' tidak dikenali sebagai satu bulan; "
        "tulis mis. 2026-03, 03/2026 atau Maret 2026\n"
        "- baris 3, kolom 'hari_lapor': jumlah hari harus bilangan bulat 0 sampai 31 (hari "
        "dalam sebulan), ditemukan '32'\n"
        "- baris 4, kolom 'nip': "
    ) in text
    assert f"- baris 6, kolom 'nip': NIP {KADIS} bulan 2026-08 sudah ada di baris 5" in text
    assert session.exec(select(func.count()).select_from(ActivityReport)).one() == count


def test_the_private_sheet_shows_the_employees_own_months(session: Session, tmp_path: Path) -> None:
    _produce(session, tmp_path, "0.8")
    text = _sheets(session, [SB_DUK, SK_PKM])
    dewi = text[(f"lembar-pegawai-{SB_DUK}-2026-tw3", "id")]
    assert (
        "| Bulan | Hari berisi laporan | Syarat | Terpenuhi |\n|---|---:|---:|---|\n"
        "| Juli 2026 | 19 | 19 | ya |\n| Agustus 2026 | 15 | 16 | **tidak** |\n"
        "| September 2026 | 18 | 18 | ya |\n\n## 2. Tindak Lanjut"
    ) in dewi
    assert "pada paling sedikit 80% hari kerja bulan itu (dibulatkan ke atas)." in dewi
    # Not in the recap: no day in any month.
    sari = text[(f"lembar-pegawai-{SK_PKM}-2026-tw3", "en")]
    assert "| July 2026 | 0 | 19 | **no** |" in sari
    assert "| September 2026 | 0 | 18 | **no** |" in sari


def test_a_weighted_360_laporan_numbers_the_section_after_its_own(
    session: Session, tmp_path: Path
) -> None:
    data = w360.pack()
    data["indicators"] = [
        {"code": "LKH", "name": "Pegawai yang mengisi LKH setiap bulan", "unit": "%",
         "baseline": "40", "target": "90", "measure": "lkh_lengkap"},
    ]  # fmt: skip
    run_id = w360.start_run(session, tmp_path, data)
    recap = "bulan;nip;hari_lapor\n" + "".join(f"2026-{m:02d};{w360.FAJAR};5\n" for m in (7, 8, 9))
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "penilaian": write_file(tmp_path, "penilaian.csv", w360.ratings_csv()),
        "laporan_kegiatan": write_file(tmp_path, "lkh.csv", recap),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=w360.AS_OF)
    report = w360.md_of(out, "laporan-evaluasi")
    # 2.1–2.9 are the 360 framework's own; one of the 11 employees reported every month.
    assert "### 2.10 Laporan Kegiatan Harian (e-Kinerja)\n\n1 dari 11 pegawai (9,1%)" in report
    assert "setiap bulan (bagian 2.10)." in report


def test_small_units_are_withheld_with_their_complement(session: Session, tmp_path: Path) -> None:
    data = activity_pack("0.8")
    data["evaluation"]["min_group_size"] = 5
    run_id = national.start_run(session, tmp_path, data)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "laporan_kegiatan": write_file(tmp_path, "lkh.csv", LKH),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    report = national.md_of(out, "laporan-evaluasi")
    # PKM's 4 employees are fewer than 5; beside the total (3 of 9) DUKCAPIL's 2 of 5 would
    # give PKM's 1 of 4 away, so DUKCAPIL is withheld as well.
    assert "3 dari 9 pegawai (33,3%) mengisi laporan kegiatan harian" in report
    assert "| Puskesmas Kota | 4 | disamarkan | – | – |" in report
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 5 | disamarkan | – | – |" in report
    assert "40,0%" not in report.split("### 2.6")[1].split("## 3.")[0]
    sheet = national.md_of(out, "lembar-unit-dukcapil")
    assert "setiap bulan periode ini (3 bulan) disamarkan: unit ini kurang dari 5" in sheet
    assert {"unit": "Puskesmas Kota", "pegawai": 4, "disamarkan": True} in out.tables[
        "laporan_kegiatan"
    ]


# Leave (hari_cuti) on top of LKH. DUKCAPIL: Dewi's August (19 working days, 3 on leave)
# needs ⌈0,8 × 16⌉ = 13 and her 15 meet it; Gita was on leave every working day of the
# quarter (23, 19, 22), so each month needs nothing: both fill in every month, and Gita is
# no longer silent: 4 of 5 (80,0 %), 0 silent. PKM: Joko's July (22 of 23 on leave) needs
# ⌈0,8⌉ = 1 and his 1 meets it, but August and September still fall short: 1 of 4, 1
# silent, as before. All: 5 of 9 (55,6 %); 3 employees recorded leave.
LEAVE = {
    (SB_DUK, "2026-08"): 3,
    (PPPK_DUK, "2026-07"): 23,
    (PPPK_DUK, "2026-08"): 19,
    (PPPK_DUK, "2026-09"): 22,
    (K_PKM, "2026-07"): 22,
}


def with_leave(recap: str = LKH) -> str:
    """The LKH recap with a `hari_cuti` column: LEAVE's days, the other cells left empty."""
    lines = recap.strip().splitlines()
    out = [lines[0] + ";hari_cuti"]
    for line in lines[1:]:
        month, nip, _ = line.split(";")
        code = month if month[4:5] == "-" else None
        if code is None:  # 'Juli 2026', '07/2026'
            code = {"Juli": "2026-07", "Agustus": "2026-08", "September": "2026-09"}.get(
                month.split()[0], f"{month[3:]}-{month[:2]}"
            )
        days = LEAVE.get((nip, code))
        out.append(f"{line};{'' if days is None else days}")
    return "\n".join(out) + "\n"


def test_working_days_on_leave_need_no_report(session: Session, tmp_path: Path) -> None:
    out = _produce(session, tmp_path, "0.8", with_leave())
    stored = dict(session.exec(
        select(ActivityReport.nip, func.sum(ActivityReport.leave_days)).group_by(ActivityReport.nip)
    ).all())  # fmt: skip
    assert (stored[PPPK_DUK], stored[SB_DUK], stored[KADIS]) == (64, 3, 0)
    report = national.md_of(out, "laporan-evaluasi")
    section = report.split("Laporan Kegiatan Harian (e-Kinerja)")[1].split("## 3.")[0]
    assert (
        "5 dari 9 pegawai (55,6%) mengisi laporan kegiatan harian di e-Kinerja setiap bulan "
        "periode ini (3 bulan); 1 pegawai tidak mengisi sama sekali."
    ) in section
    assert (
        "Hari kerja yang dijalani dalam cuti tidak wajib berisi laporan (3 pegawai mencatat cuti "
        "pada periode ini): syarat sebulan dihitung dari hari kerja di luar cuti, dan bulan yang "
        "seluruhnya cuti dihitung terisi."
    ) in section
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 5 | 4 | 80,0% | 0 |" in section
    assert "| Puskesmas Kota | 4 | 1 | 25,0% | 1 |" in section
    realised = {line.split(" | ")[0][2:]: line.split(" | ")[5] for line in report.splitlines()
                if line.startswith("| LKH")}  # fmt: skip
    assert realised == {"LKH": "55,56", "LKH-DUK": "80,00"}
    english = national.md_of(out, "laporan-evaluasi", "en")
    assert "Working days on leave need no report (3 employees recorded leave in this period)" in (
        english
    )
    sheet = national.md_of(out, "lembar-unit-dukcapil")
    assert "(2 pegawai unit ini mencatat cuti)" in sheet
    # The private sheets judge each month as the report's query does.
    text = _sheets(session, [SB_DUK, PPPK_DUK, KADIS])
    dewi = text[(f"lembar-pegawai-{SB_DUK}-2026-tw3", "id")]
    assert (
        "| Bulan | Hari berisi laporan | Hari cuti | Syarat | Terpenuhi |\n"
        "|---|---:|---:|---:|---|\n"
        "| Juli 2026 | 19 | 0 | 19 | ya |\n| Agustus 2026 | 15 | 3 | 13 | ya |\n"
        "| September 2026 | 18 | 0 | 18 | ya |"
    ) in dewi
    assert "Hari kerja yang Saudara jalani dalam cuti tidak wajib berisi laporan" in dewi
    gita = text[(f"lembar-pegawai-{PPPK_DUK}-2026-tw3", "en")]
    assert "| July 2026 | 0 | 23 | 0 | yes |" in gita
    # No leave, no leave column.
    kadis = text[(f"lembar-pegawai-{KADIS}-2026-tw3", "id")]
    assert "| Bulan | Hari berisi laporan | Syarat | Terpenuhi |" in kadis
    assert "cuti" not in kadis.split("Laporan Kegiatan Harian")[1]


def test_leave_beyond_the_months_working_days_is_refused(session: Session, tmp_path: Path) -> None:
    national.start_run(session, tmp_path, activity_pack())
    org = get_org(session, "contoh")
    bad = (
        "bulan;nip;hari_lapor;cuti\n"
        f"2026-08;{KADIS};0;19\n"
        f"2026-08;{SB_DUK};0;20\n"
        f"2026-07;{SB_DUK};0;dua\n"
    )
    with pytest.raises(ImportFileError) as caught:
        ingest_file(session, org, "laporan_kegiatan", write_file(tmp_path, "c.csv", bad), "rina")
    # The file calls the column 'cuti' (an alias): its errors say so.
    assert [(e.line, e.column) for e in caught.value.errors] == [(3, "cuti"), (4, "cuti")]
    text = str(caught.value)
    assert (
        "- baris 3, kolom 'cuti': 20 hari cuti, padahal bulan Agustus 2026 hanya 19 hari "
        "kerja menurut kalender organisasi"
    ) in text
    assert "hari cuti harus bilangan bulat 0 sampai 31 (hari kerja bulan itu), ditemukan 'dua'" in (
        text
    )
    assert session.exec(select(func.count()).select_from(ActivityReport)).one() == 0


def test_a_recap_in_review_may_repeat_its_months_but_not_change_them(
    session: Session, tmp_path: Path
) -> None:
    run_id = national.start_run(session, tmp_path, activity_pack("0.8"))
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "laporan_kegiatan": write_file(tmp_path, "lkh.csv", with_leave()),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    org = get_org(session, "contoh")
    # The same recap again, with October (not locked) added, is taken.
    october = f"2026-10;{KADIS};20;\n"
    again = write_file(tmp_path, "again.csv", with_leave() + october)
    result = ingest_file(session, org, "laporan_kegiatan", again, "rina")
    assert result.written == len(LKH.strip().splitlines()) - 1 + 1  # the rows and October
    session.commit()
    changed = with_leave().replace(f"2026-08;{SB_DUK};15;3", f"2026-08;{SB_DUK};15;4")
    changed = changed.replace(f"2026-07;{BP_DUK};20;", f"2026-07;{BP_DUK};21;")
    changed += f"2026-08;{SK_PKM};5;\n"
    with pytest.raises(ImportFileError) as caught:
        ingest_file(session, org, "laporan_kegiatan", write_file(tmp_path, "x.csv", changed),
                    "rina")  # fmt: skip
    errors = {(e.line, e.column): e.message for e in caught.value.errors}
    lines = changed.splitlines()
    dewi = lines.index(f"2026-08;{SB_DUK};15;4") + 1
    fajar = lines.index(f"2026-07;{BP_DUK};21;") + 1
    assert set(errors) == {(dewi, "hari_cuti"), (fajar, "hari_lapor"), (len(lines), "hari_lapor")}
    assert errors[(dewi, "hari_cuti")].endswith(
        f"laporan kegiatan NIP {SB_DUK} bulan 2026-08 berbeda dari yang tersimpan"
    )
    assert errors[(len(lines), "hari_lapor")].endswith("belum ada di data periode itu")
    assert (
        session.exec(
            select(ActivityReport.leave_days).where(
                ActivityReport.nip == SB_DUK, ActivityReport.month == "2026-08"
            )
        ).one()
        == 3
    )
