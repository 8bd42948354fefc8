"""Cells whose value cannot be right for this import are refused where they are.

A period the organisation's pack never evaluates, a date before 2000 or after the day of the
import, and a complaint response time below 0 or beyond a year: each is refused at its
line and column, however often it repeats (the column memo must not let a refused value
through on its second line).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from policy.importbounds import Bounds
from policy.imports import ImportFileError, RowError, stream_file
from policy.periods import parse_period

NIP = "196608011988031001"
TODAY = date(2026, 11, 23)
QUARTERLY = Bounds(TODAY, "quarterly")
MONTH_REFUSED = (
    "periode '2026-12' (Desember 2026) tidak dievaluasi paket ini: paket mengevaluasi per "
    "triwulan (2026-TW1 … 2026-TW4) dan tahunan (2026). Data periode lain tidak pernah "
    "dipakai evaluasi; tulis salah satu periode itu"
)

#: Each kind with a period column: its header and a valid row after the period.
PERIOD_KINDS = {
    "ekinerja": ("periode;nip;rating_hasil_kerja;rating_perilaku", f"{NIP};sesuai;sesuai"),
    "realisasi": ("periode;kode;nilai", "IKM;80"),
    "capaian_organisasi": ("periode;unit_kerja;capaian", "DINKES;Baik"),
    "penilaian_360": ("periode;nip;sumber;penilai;aspek;nilai", f"{NIP};diri;;disiplin;4"),
    "bonus": ("periode;nip;kode;poin", f"{NIP};inovasi;2"),
}


def read(tmp_path: Path, kind: str, text: str, bounds: Bounds | None = QUARTERLY) -> list[Any]:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    return list(stream_file(kind, path, reader="inline", bounds=bounds))


def refused(
    tmp_path: Path, kind: str, text: str, bounds: Bounds | None = QUARTERLY
) -> list[RowError]:
    with pytest.raises(ImportFileError) as info:
        read(tmp_path, kind, text, bounds)
    return info.value.errors


def period_file(kind: str, *periods: str) -> str:
    """A file of `kind` with one valid row per period (the periods differ, so no key repeats)."""
    header, rest = PERIOD_KINDS[kind]
    return "\n".join([header, *(f"{period};{rest}" for period in periods)]) + "\n"


# ------------------------------------------------------------------------------ periods


@pytest.mark.parametrize("kind", sorted(PERIOD_KINDS))
def test_a_month_in_a_quarterly_pack_is_refused_at_its_cell(tmp_path: Path, kind: str) -> None:
    text = period_file(kind, "2026-TW3", "2026-12")
    assert refused(tmp_path, kind, text) == [RowError(3, "periode", MONTH_REFUSED)]


@pytest.mark.parametrize("kind", sorted(PERIOD_KINDS))
def test_without_the_pack_every_period_reads(tmp_path: Path, kind: str) -> None:
    rows = read(tmp_path, kind, period_file(kind, "2026-12"), bounds=None)
    assert [r.period for r in rows] == ["2026-12"]


def test_a_repeated_refused_period_is_refused_on_every_line(tmp_path: Path) -> None:
    # Enough lines for the column-wise reading of a whole chunk, the memo's fast path.
    header = "periode;kode;nilai"
    lines = [f"2026-TW3;K{n};80" for n in range(3000)] + [f"Desember 2026;X{n};1" for n in range(3)]
    errors = refused(tmp_path, "realisasi", "\n".join([header, *lines]) + "\n")
    message = MONTH_REFUSED.replace("'2026-12' (Desember 2026)", "'Desember 2026'")
    assert errors == [RowError(line, "periode", message) for line in (3002, 3003, 3004)]


@pytest.mark.parametrize(
    "text",
    ["2026-TW3", "TW III 2026", "2026", "Tahunan 2026", "Januari s.d. Maret 2026",
     "1 Januari SD 31 Desember 2026"],
)  # fmt: skip
def test_a_quarterly_pack_takes_its_quarters_and_the_year(tmp_path: Path, text: str) -> None:
    rows = read(tmp_path, "realisasi", f"periode;kode;nilai\n{text};IKM;80\n")
    assert [r.period for r in rows] == [parse_period(text)]


def test_self_assessment_rounds_are_taken_beside_the_annual_evaluation(tmp_path: Path) -> None:
    bounds = Bounds(TODAY, "annual", "quarterly")  # as Cipocok Jaya's pack
    text = "periode;nip;sumber;penilai;aspek;nilai\n"
    text += f"2026-TW3;{NIP};diri;;disiplin;4\n2026;{NIP};diri;;disiplin;4\n"
    rows = read(tmp_path, "penilaian_360", text, bounds)
    assert [r.period for r in rows] == ["2026-TW3", "2026"]
    text = f"periode;nip;sumber;penilai;aspek;nilai\nSemester I 2026;{NIP};diri;;disiplin;4\n"
    assert refused(tmp_path, "penilaian_360", text, bounds) == [
        RowError(
            2,
            "periode",
            "periode 'Semester I 2026' tidak dievaluasi paket ini: paket mengevaluasi tahunan "
            "(2026), dengan putaran penilaian diri per triwulan (2026-TW1 … 2026-TW4). Data "
            "periode lain tidak pernah dipakai evaluasi; tulis salah satu periode itu",
        )
    ]


def test_an_annual_pack_refuses_a_quarter(tmp_path: Path) -> None:
    text = f"periode;nip;rating_hasil_kerja;rating_perilaku\nTW III 2026;{NIP};sesuai;sesuai\n"
    [error] = refused(tmp_path, "ekinerja", text, Bounds(TODAY, "annual"))
    assert (error.line, error.column) == (2, "periode")
    assert error.message.startswith(
        "periode 'TW III 2026' (Triwulan III 2026) tidak dievaluasi paket ini: paket "
        "mengevaluasi tahunan (2026). "
    )


def test_a_monthly_pack_takes_months_and_refuses_a_quarter(tmp_path: Path) -> None:
    bounds = Bounds(TODAY, "monthly")
    rows = read(tmp_path, "realisasi", "periode;kode;nilai\nMaret 2026;IKM;80\n", bounds)
    assert [r.period for r in rows] == ["2026-03"]
    [error] = refused(tmp_path, "realisasi", "periode;kode;nilai\n2026-TW1;IKM;80\n", bounds)
    assert "paket mengevaluasi per bulan (2026-01 … 2026-12) dan tahunan (2026)" in error.message


# -------------------------------------------------------------------------------- dates

SKM = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9\n"
PENGADUAN = "tanggal;unit_kerja;kategori;waktu_respons_jam\n"


def test_a_survey_answer_after_the_day_of_the_import_is_refused(tmp_path: Path) -> None:
    answers = ";4" * 9
    text = SKM + "".join(
        f"PKM;{day}{answers}\n" for day in ("23/11/2026", "24/11/2026", "2027-01-02")
    )
    assert refused(tmp_path, "skm", text) == [
        RowError(
            3,
            "tanggal",
            "tanggal '24/11/2026' (24 November 2026) sesudah hari impor (23 November 2026); "
            "tanggal di kolom ini tidak mungkin di masa depan. Periksa tahun, bulan dan harinya",
        ),
        RowError(
            4,
            "tanggal",
            "tanggal '2027-01-02' (2 Januari 2027) sesudah hari impor (23 November 2026); "
            "tanggal di kolom ini tidak mungkin di masa depan. Periksa tahun, bulan dan harinya",
        ),
    ]
    # The same file on a later day of import reads whole.
    later = Bounds(date(2027, 1, 2), "quarterly")
    assert len(read(tmp_path, "skm", text, later)) == 3


def test_a_complaint_before_2000_is_refused(tmp_path: Path) -> None:
    text = PENGADUAN + "1/1/2000;PKM;antrean;2\n31/12/1999;PKM;antrean;2\n"
    assert refused(tmp_path, "pengaduan", text) == [
        RowError(
            3,
            "tanggal",
            "tanggal '31/12/1999' (31 Desember 1999) sebelum 1 Januari 2000; tanggal di kolom "
            "ini tidak mungkin sedini itu. Periksa tahunnya",
        )
    ]


def test_a_milestone_finished_in_the_future_is_refused_but_due_dates_may_be(
    tmp_path: Path,
) -> None:
    header = "unit_kerja;tahap;target_tanggal;status;tanggal_selesai\n"
    text = header + "PKM;Sosialisasi;31/03/2027;selesai;20/11/2026\n"
    assert [r.due_on for r in read(tmp_path, "progres", text)] == [date(2027, 3, 31)]
    text = header + "PKM;Sosialisasi;31/03/2027;selesai;30/11/2026\n"
    [error] = refused(tmp_path, "progres", text)
    assert (error.line, error.column) == (2, "tanggal_selesai")
    assert error.message.startswith("tanggal '30/11/2026' (30 November 2026) sesudah hari impor")
    plan = "unit_kerja;tahap;target_tanggal\nPKM;Sosialisasi;31/12/2030\n"
    assert [r.due_on for r in read(tmp_path, "rencana", plan)] == [date(2030, 12, 31)]


# -------------------------------------------------------------------------------- amounts


def test_a_response_time_must_lie_between_0_and_a_year(tmp_path: Path) -> None:
    text = PENGADUAN + "1/3/2026;PKM;a;8760\n1/3/2026;PKM;b;8.760,5\n1/3/2026;PKM;c;-0,5\n"
    assert refused(tmp_path, "pengaduan", text) == [
        RowError(
            3,
            "waktu_respons_jam",
            "waktu respons 8.760,5 jam melebihi satu tahun (paling lama 8.760 jam); periksa "
            "satuannya: kolom ini dalam jam, bukan menit",
        ),
        RowError(
            4,
            "waktu_respons_jam",
            "waktu respons tidak boleh negatif (paling sedikit 0 jam), ditemukan -0,5",
        ),
    ]
    rows = read(tmp_path, "pengaduan", PENGADUAN + "1/3/2026;PKM;a;8760\n1/3/2026;PKM;b;0\n")
    assert [str(r.response_hours) for r in rows] == ["8760", "0"]


def test_an_skm_age_must_be_years_a_respondent_can_have(tmp_path: Path) -> None:
    head = SKM.rstrip("\n") + ";usia\n"
    answers = "PKM;1/3/2026;4;4;4;4;4;4;4;4;4"
    ages = ["41", "1985", "7", "121", "10", "120", "21-30", "> 60", ""]
    text = head + "".join(f"{answers};{age}\n" for age in ages)
    assert refused(tmp_path, "skm", text) == [
        RowError(3, "usia", "usia 1985 tampaknya tahun lahir; tulis usia responden dalam "
                 "tahun, mis. 41"),
        RowError(4, "usia", "usia 7 tahun tidak mungkin bagi responden (10 sampai 120 "
                 "tahun); periksa isinya, atau kosongkan bila tidak diisi"),
        RowError(5, "usia", "usia 121 tahun tidak mungkin bagi responden (10 sampai 120 "
                 "tahun); periksa isinya, atau kosongkan bila tidak diisi"),
    ]  # fmt: skip
    kept = [age for age in ages if age not in ("1985", "7", "121")]
    rows = read(tmp_path, "skm", head + "".join(f"{answers};{age}\n" for age in kept))
    assert [r.age for r in rows] == kept  # years and groups as written
