"""What the evaluation documents state must match the figures: every assertion reads Markdown.

Policy review only for missed indicators (behind the track, or not attained at the year's
end); complaints with none answered; re-weighting named by its cause (sources or criteria);
employees rated only by themselves; counts with the thousands separator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from policy.models import FollowUpAction
from policy.services import employee_sheets, evaluation
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as w360


def _md(out: evaluation.StageOutput, key: str, locale: str, period: str = "2026-tw3") -> str:
    doc = next(d for d in out.documents if d.key == f"{key}-{period}" and d.locale == locale)
    return Path(doc.md_path).read_text(encoding="utf-8")


def _national(
    session: Session, tmp_path: Path, realisasi: str, period: str = "2026-TW3"
) -> evaluation.StageOutput:
    run_id = national.start_run(session, tmp_path, national.pack("0.11"), period=period)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv",
                               national.EKINERJA.replace("2026-TW3", period)),
        "realisasi": write_file(tmp_path, "realisasi.csv", realisasi),
    })  # fmt: skip
    return evaluation.produce(session=session, run_id=run_id, actor="rina",
                              as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip


# ------------------------------------------------------------------ 1. policy review


def test_an_indicator_on_track_gets_no_policy_review(session: Session, tmp_path: Path) -> None:
    # SKP 85 of 90 after TW III: not attained, but beyond the track's 82,50 -> on track.
    # ADUAN 80 hours (lower is better) where the track stands at 78 -> behind: reviewed.
    out = _national(session, tmp_path, "periode;kode;nilai\n2026-TW3;SKP;85\n2026-TW3;ADUAN;80\n")
    laporan = _md(out, "laporan-evaluasi", "id")
    assert "| 85,00 | 94,44% | 83,33% | 82,50 | belum tercapai, sesuai jalur |" in laporan
    assert out.summary["actions"]["policy_review"] == 1
    rec = _md(out, "rekomendasi-tindak-lanjut", "id")
    assert "SKP Pegawai dengan SKP tepat waktu" not in rec
    assert "| ADUAN Rata-rata waktu respons pengaduan | 80,00 jam | 72,00 jam |" in rec
    assert "| tertinggal dari jalur (seharusnya 78,00 jam) |" in rec
    assert "Indikator yang tertinggal dari jalurnya menuju target tahunan" in rec
    assert "Indikator yang belum mencapai target ditelaah" not in rec
    en = _md(out, "rekomendasi-tindak-lanjut", "en")
    assert "SKP " not in en.split("## ")[-1]
    assert "| behind its track (expected 78.00 hours) |" in en
    action = session.exec(
        select(FollowUpAction).where(FollowUpAction.rule == "policy_review")
    ).one()
    assert action.subject == "ADUAN"
    assert action.title == (
        "Telaah kebijakan: indikator ADUAN Rata-rata waktu respons pengaduan tertinggal dari "
        "jalurnya"
    )


def test_at_the_years_end_every_indicator_not_attained_is_reviewed(
    session: Session, tmp_path: Path
) -> None:
    # TW IV ends the year: SKP 89 of 90 is simply not attained.
    out = _national(session, tmp_path, "periode;kode;nilai\n2026-TW4;SKP;89\n2026-TW4;ADUAN;70\n",
                    period="2026-TW4")  # fmt: skip
    assert out.summary["actions"]["policy_review"] == 1
    rec = _md(out, "rekomendasi-tindak-lanjut", "id", "2026-tw4")
    assert "| SKP Pegawai dengan SKP tepat waktu | 89,00% | 90,00% |" in rec
    assert "| belum tercapai pada akhir tahun |" in rec
    assert "ADUAN" not in rec  # 70 hours meets the 72-hour target
    en = _md(out, "rekomendasi-tindak-lanjut", "en", "2026-tw4")
    assert "| not attained at the year's end |" in en


# ------------------------------------------------------------------ 2. no complaint answered

COMPLAINTS_NONE_ANSWERED = """tanggal;unit_kerja;kategori;waktu_respons_jam;status
02/07/2026;DUKCAPIL;Antrean;10;selesai
06/07/2026;PKM;Antrean;;proses
07/07/2026;PKM;Antrean;;proses
"""


def _w360(
    session: Session, tmp_path: Path, data: dict[str, Any], ratings: str, complaints: str = ""
) -> tuple[int, evaluation.StageOutput]:
    run_id = w360.start_run(session, tmp_path, data)
    inputs = {"penilaian": write_file(tmp_path, "penilaian.csv", ratings)}
    if complaints:
        inputs["pengaduan"] = write_file(tmp_path, "pengaduan.csv", complaints)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs=inputs)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=w360.AS_OF,
                             locales=("id", "en"))  # fmt: skip
    return run_id, out


def test_a_unit_with_no_complaint_answered_has_no_response_time(
    session: Session, tmp_path: Path
) -> None:
    _, out = _w360(session, tmp_path, w360.pack(), w360.ratings_csv(), COMPLAINTS_NONE_ANSWERED)
    action = session.exec(
        select(FollowUpAction).where(FollowUpAction.rule == "corrective_complaints")
    ).one()
    assert action.subject == "PKM"
    assert "median" not in action.detail
    assert action.detail.endswith("; belum ada pengaduan yang ditanggapi.")
    sheet = _md(out, "lembar-unit-pkm", "id")
    assert "2 pengaduan diterima; 2 belum ditanggapi. Belum ada pengaduan yang ditanggapi" in sheet
    assert "rata-rata – jam" not in sheet
    en = _md(out, "lembar-unit-pkm", "en")
    assert "None has been answered yet, so there is no response time." in en
    assert "– hours" not in en


# ------------------------------------------------------------------ 3. re-weighted criteria


def _without(csv: str, nip: str, criterion: str) -> str:
    return "".join(
        line for line in csv.splitlines(keepends=True)
        if not (f";{nip};" in line and line.rstrip().split(";")[4] == criterion)
    )  # fmt: skip


def test_a_criterion_nobody_rated_is_named_as_the_reweighting(
    session: Session, tmp_path: Path
) -> None:
    # Dewi: every source rates disiplin and kompetensi; nobody rates kontribusi.
    ratings = _without(w360.ratings_csv(), w360.DEWI, "kontribusi")
    _, out = _w360(session, tmp_path, w360.pack(), ratings)
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=w360.PERIOD, actor="rina",
        nips=[w360.DEWI], locales=("id", "en"), as_of=w360.AS_OF,
    )  # fmt: skip
    own = {d.locale: Path(d.md_path).read_text(encoding="utf-8") for d in docs}
    assert "Tidak semua sumber" not in own["id"]
    assert (
        "**Pembobotan ulang.** Aspek Kontribusi tidak memperoleh nilai dari sumber mana pun, "
        "sehingga bobotnya dibagi secara proporsional kepada aspek yang bernilai."
    ) in own["id"]
    assert "Not every source" not in own["en"]
    assert "The criterion Kontribusi received no score from any source" in own["en"]
    sheet = _md(out, "lembar-unit-dukcapil", "id")
    assert "Aspek Kontribusi tidak memperoleh nilai dari sumber mana pun bagi 1 pegawai." in sheet
    assert "The criterion Kontribusi received no score from any source for 1 employee." in (
        _md(out, "lembar-unit-dukcapil", "en")
    )
    laporan = _md(out, "laporan-evaluasi", "id")
    row = next(x for x in laporan.splitlines() if x.startswith("| Dinas Kependudukan") and
               "Kontribusi" in x)  # fmt: skip
    assert row.endswith("| Kontribusi: 1 pegawai |")
    assert "| Aspek tanpa nilai |" in laporan
    assert "| Criterion without a score |" in _md(out, "laporan-evaluasi", "en")


def test_a_source_missing_from_one_criterion_is_named(session: Session, tmp_path: Path) -> None:
    # Eko: the community rates disiplin and kompetensi, not kontribusi.
    ratings = "".join(
        line for line in w360.ratings_csv().splitlines(keepends=True)
        if line != f"{w360.PERIOD};{w360.EKO};masyarakat;;kontribusi;5\n"
        and line != f"{w360.PERIOD};{w360.EKO};masyarakat;;kontribusi;4\n"
    )  # fmt: skip
    _, out = _w360(session, tmp_path, w360.pack(), ratings)
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=w360.PERIOD, actor="rina",
        nips=[w360.EKO], locales=("id",), as_of=w360.AS_OF,
    )  # fmt: skip
    own = Path(docs[0].md_path).read_text(encoding="utf-8")
    assert "masyarakat tidak menilai semua aspek" in own
    sheet = _md(out, "lembar-unit-dukcapil", "id")
    assert "Masyarakat tidak menilai semua aspek bagi 1 pegawai." in sheet


# ------------------------------------------------------------------ 4. rated only by themselves


def test_self_only_employee_explained_when_nobody_was_reweighted(
    session: Session, tmp_path: Path
) -> None:
    data = w360.pack()
    data["evaluation"]["weighted_360"]["sources"] = {"atasan": "1", "diri": 0}
    lines = ["periode;nip;sumber;penilai;aspek;nilai"]
    for nip in (w360.DEWI, w360.EKO, w360.FAJAR):
        lines += w360.rows(nip, "atasan", w360.KADIS, disiplin=4, kompetensi=4, kontribusi=4)
    lines += w360.rows(w360.GITA, "diri", w360.GITA, disiplin=4, kompetensi=4, kontribusi=4)
    _, out = _w360(session, tmp_path, data, "\n".join(lines) + "\n")
    laporan = _md(out, "laporan-evaluasi", "id")
    section = laporan.split("### 2.6")[1].split("### 2.7")[0]
    assert "Semua pegawai yang dinilai memperoleh nilai" not in section
    assert "Setiap pegawai yang memperoleh nilai memperolehnya dari seluruh sumber" in section
    assert (
        "> Dinas Kependudukan dan Pencatatan Sipil: 1 pegawai memiliki penilaian, tetapi tidak "
        "ada nilai yang dapat dihitung"
    ) in section
    en = _md(out, "laporan-evaluasi", "en").split("### 2.6")[1].split("### 2.7")[0]
    assert "Every scored employee" not in en
    assert "1 employee was rated, but no score could be counted" in en


def test_reweighted_and_self_only_employees_are_both_stated(
    session: Session, tmp_path: Path
) -> None:
    _, out = _w360(session, tmp_path, w360.pack(), w360.ratings_csv())
    section = _md(out, "laporan-evaluasi", "id").split("### 2.6")[1].split("### 2.7")[0]
    assert "Pegawai yang dibobot ulang dinilai hanya dari sumber yang ada" in section
    assert "1 pegawai memiliki penilaian, tetapi tidak ada nilai" in section  # Gita
    assert "tidak ada pembobotan ulang" not in section


# ------------------------------------------------------------------ 5. no SKM response


def test_a_service_unit_without_skm_responses_gets_a_sample_warning(
    session: Session, tmp_path: Path
) -> None:
    data = w360.pack()
    pkm = next(u for u in data["units"] if u["code"] == "PKM")
    pkm["population"] = 1240  # K&M minimum: 293
    skm = "\n".join(x for x in w360.skm_csv().splitlines() if not x.startswith("PKM;")) + "\n"
    run_id = w360.start_run(session, tmp_path, data)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "penilaian": write_file(tmp_path, "penilaian.csv", w360.ratings_csv()),
        "skm": write_file(tmp_path, "skm.csv", skm),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=w360.AS_OF,
                             locales=("id", "en"))  # fmt: skip
    # The run's summary (the status board, the review) says so too.
    assert out.summary["skm_no_response"] == ["Puskesmas Kota"]
    assert "Puskesmas Kota" in out.summary["skm_sample_short"]
    laporan = _md(out, "laporan-evaluasi", "id")
    section = laporan.split("## 3. ")[1].split("## 4. ")[0]
    assert (
        "| Puskesmas Kota | 1.240 | 293 | 0 | **kurang dari sampel minimum** (tidak ada " in section
    )
    assert "**Unit layanan tanpa respons SKM** pada periode ini: Puskesmas Kota." in section
    en = _md(out, "laporan-evaluasi", "en").split("## 3. ")[1].split("## 4. ")[0]
    assert (
        "| Puskesmas Kota | 1,240 | 293 | 0 | **below the minimum sample** (no respondents) |" in en
    )
    assert "**Service unit without any SKM response** in this period: Puskesmas Kota." in en
    sheet = _md(out, "lembar-unit-pkm", "id")
    assert "populasi 1.240: 293 responden; **jumlah responden (0) kurang dari sampel minimum**" in (
        sheet
    )
    assert "population of 1,240: 293 respondents; **the number of respondents (0) is below" in (
        _md(out, "lembar-unit-pkm", "en")
    )


def test_no_skm_at_all_still_lists_the_silent_service_units(
    session: Session, tmp_path: Path
) -> None:
    _, out = _w360(session, tmp_path, w360.pack(), w360.ratings_csv())
    section = _md(out, "laporan-evaluasi", "id").split("## 3. ")[1].split("## 4. ")[0]
    assert "Tidak ada respons SKM pada periode ini." in section
    # DUKCAPIL has a population of 1.000 in the pack (K&M 278); PKM has none.
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 1.000 | 278 | 0 |" in section
    assert "belum dicatat untuk Puskesmas Kota." in section


# ------------------------------------------------------------------ 6. thousands separator


def test_counts_carry_the_thousands_separator(session: Session, tmp_path: Path) -> None:
    lines = ["unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9"]
    lines += [";".join(["DUKCAPIL", f"{1 + i % 28}/08/2026", *["4"] * 9]) for i in range(1240)]
    run_id = w360.start_run(session, tmp_path, w360.pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "penilaian": write_file(tmp_path, "penilaian.csv", w360.ratings_csv()),
        "skm": write_file(tmp_path, "skm.csv", "\n".join(lines) + "\n"),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=w360.AS_OF,
                             locales=("id", "en"))  # fmt: skip
    laporan = _md(out, "laporan-evaluasi", "id")
    assert "dari 1.240 responden yang mengisi survei" in laporan
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 1.240 | 99,00 | A |" in laporan
    assert "1240" not in laporan
    en = _md(out, "laporan-evaluasi", "en")
    assert "from 1,240 respondents who answered the survey" in en
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 1,240 | 99.00 | A |" in en
    sheet = _md(out, "lembar-unit-dukcapil", "id")
    assert "dari 1.240 responden" in sheet and "1240" not in sheet
    assert "from 1,240 respondents" in _md(out, "lembar-unit-dukcapil", "en")
