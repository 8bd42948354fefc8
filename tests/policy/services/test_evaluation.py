"""Periodic evaluation: predikat, curve warnings, IKM, indicators, follow-up, documents.

Expected values are computed by hand in the comments next to the data.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from policy.models import (
    AuditEvent,
    EkinerjaRating,
    FollowUpAction,
    ImportRecord,
    Stage,
)
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import evaluation, organisation
from policy.services.common import ServiceError, get_org
from policy.services.imports import ingest_file
from tests.factories import MINI_PACK, make_org, write_file

PERIOD = "2026-TW3"
AS_OF = date(2026, 10, 15)  # due date = 15 Oct + 30 days = 14 November 2026
XSS = "<script>alert(1)</script> [x](javascript:alert(1))"

# NIP = birth date (8) + TMT YYYYMM (6, PNS only) + gender (1) + sequence (3).
KADIS = "196608011988031001"  # DUKCAPIL head
SB_DUK = "197503152000122002"
B_DUK = "198001012005011003"
BP_DUK = "198512202010011004"
PPPK_DUK = "199009132025242014"  # NI PPPK: digits 9–14 are not a YYYYMM
KAPUS = "197707072003121005"  # PKM head
SK_PKM = "198803032012032006"
K_PKM = "199105052019031007"
UNRATED_PKM = "199202022020121008"

PEGAWAI = f"""nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim
{KADIS};Andi Saputra;PNS;Kepala Dinas;DUKCAPIL;;
{SB_DUK};Dewi Lestari;PNS;Analis Kependudukan;DUKCAPIL;{KADIS};
{B_DUK};Eko Prasetyo;PNS;Pranata Komputer;DUKCAPIL;{KADIS};
{BP_DUK};Fajar Nugroho;PNS;Pengadministrasi;DUKCAPIL;{KADIS};
{PPPK_DUK};Gita Permata;PPPK;Operator Layanan;DUKCAPIL;{KADIS};
{KAPUS};Hadi Wijaya;PNS;Kepala Puskesmas;PKM;;
{SK_PKM};Sari {XSS};PNS;Perawat;PKM;{KAPUS};
{K_PKM};Joko Susilo;PNS;Bidan;PKM;{KAPUS};
{UNRATED_PKM};Kartika Sari;PNS;Apoteker;PKM;{KAPUS};
"""

# DUKCAPIL: Baik 3 (Andi, Eko, Gita), Sangat Baik 1, Butuh Perbaikan 1: Baik is the largest
# group with 60 % <= 70 % and there is a Butuh Perbaikan: no curve warning.
# PKM: Sangat Baik 1, Sangat Kurang 1, Kurang/Misconduct 1, Baik 0: Baik is not the
# largest group -> one warning (baik.baik_largest). Kartika has no rating.
EKINERJA = f"""periode;nip;rating_hasil_kerja;rating_perilaku
{PERIOD};{KADIS};sesuai ekspektasi;sesuai ekspektasi
{PERIOD};{SB_DUK};di atas ekspektasi;di atas ekspektasi
{PERIOD};{B_DUK};sesuai ekspektasi;di atas ekspektasi
{PERIOD};{BP_DUK};di bawah ekspektasi;sesuai ekspektasi
{PERIOD};{PPPK_DUK};Sesuai Ekspektasi;Sesuai Ekspektasi
{PERIOD};{KAPUS};di atas ekspektasi;di atas ekspektasi
{PERIOD};{SK_PKM};di bawah ekspektasi;di bawah ekspektasi
{PERIOD};{K_PKM};sesuai ekspektasi;di bawah ekspektasi
"""

REALISASI = """periode;kode;nilai
2026-TW3;SKP;92,5
2026-TW3;ADUAN;80
2026-TW2;IKM;85
"""


def skm_csv() -> str:
    """DUKCAPIL: 50 forms, each element 27 × 4 + 23 × 3 = 177 -> NRR 3,54 everywhere:
    IKM = 9 × 3,54 × 0,11 × 25 = 87,615 -> 87,62 (B); with 1/9: 3,54 × 25 = 88,50 (A).
    PKM: 10 forms, u3 all 2 (NRR 2), u9 five 2 + five 3 (2,5), u5 never answered, u4 blank once
    (27/9 = 3), the rest 3. Answered: 8 elements, NRR sum 22,5.
    1/9: 22,5/8 × 25 = 70,3125 -> 70,31 (C); 0,11: 22,5 × 0,11 × 9/8 × 25 = 69,609375 -> 69,61 (C).
    One DUKCAPIL form of 30 June (outside TW3) scores all 1 and must be ignored."""
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9"
    lines = [head]
    for i in range(50):
        score = "4" if i < 27 else "3"
        lines.append(";".join(["DUKCAPIL", f"{1 + i % 28}/08/2026", *[score] * 9]))
    lines.append(";".join(["DUKCAPIL", "30/06/2026", *["1"] * 9]))
    for i in range(10):
        u4 = "" if i == 0 else "3"
        u9 = "2" if i < 5 else "3"
        lines.append(";".join(["PKM", "02/09/2026", "3", "3", "2", u4, "", "3", "3", "3", u9]))
    return "\n".join(lines) + "\n"


def pack(weight: str = "0.11") -> dict[str, Any]:
    data = copy.deepcopy(MINI_PACK)
    data["evaluation"] = {"ikm": {"weight": weight}}
    data["indicators"] = [
        {"code": "SKP", "name": "Pegawai dengan SKP tepat waktu", "unit": "%",
         "baseline": "60", "target": "90", "direction": "higher"},
        {"code": "ADUAN", "name": "Rata-rata waktu respons pengaduan", "unit": "jam",
         "baseline": "96", "target": "72", "direction": "lower"},
        {"code": "IKM", "name": f"Indeks Kepuasan Masyarakat {XSS}", "unit": "indeks",
         "baseline": "78.5", "target": "82", "direction": "higher"},
    ]  # fmt: skip
    return data


def start_run(session: Session, folder: Path, data: dict[str, Any], period: str = PERIOD) -> int:
    """An organisation with employees and a running evaluation run for `period`."""
    code = make_org(session, folder, data)
    cycle_service.open_cycle(session=session, organisation=code, actor="rina")
    ingest_file(
        session,
        get_org(session, code),
        "pegawai",
        write_file(folder, "pegawai.csv", PEGAWAI),
        "rina",
    )
    session.commit()
    cycle_service.override_gate(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.EVALUATION,
        leader="sekda",
        reason="Uji evaluasi berkala periode ini",
        period=period,
    )
    ref = cycle_service.begin_stage(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.EVALUATION,
        actor="rina",
        period=period,
    )
    return ref.run_id


def ingest_all(session: Session, folder: Path, run_id: int) -> dict[str, Any]:
    return evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(folder, "ekinerja.csv", EKINERJA),
        "skm": write_file(folder, "skm.csv", skm_csv()),
        "realisasi": write_file(folder, "realisasi.csv", REALISASI),
    })  # fmt: skip


def md_of(out: evaluation.StageOutput, key: str, locale: str = "id", ext: str = "md") -> str:
    doc = next(d for d in out.documents if d.key == f"{key}-2026-tw3" and d.locale == locale)
    return Path(doc.md_path if ext == "md" else doc.html_path).read_text(encoding="utf-8")


@pytest.fixture
def produced(session: Session, tmp_path: Path) -> tuple[int, evaluation.StageOutput]:
    run_id = start_run(session, tmp_path, pack("0.11"))
    ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF,
                             locales=("id", "en"))  # fmt: skip
    return run_id, out


def test_predikat_counts_and_curve_warnings(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    s = out.summary
    assert s["period"] == PERIOD
    assert s["rated"] == 8
    assert s["predikat_counts"] == {"Sangat Baik": 2, "Baik": 3, "Butuh Perbaikan": 1,
                                    "Kurang/Misconduct": 1, "Sangat Kurang": 1}  # fmt: skip
    rows = {r["unit"]: r for r in out.tables["predikat_per_unit"]}
    duk = rows["Dinas Kependudukan dan Pencatatan Sipil"]
    pkm = rows["Puskesmas Kota"]
    assert (duk["Sangat Baik"], duk["Baik"], duk["Butuh Perbaikan"], duk["Kurang/Misconduct"],
            duk["Sangat Kurang"]) == (1, 3, 1, 0, 0)  # fmt: skip
    assert (pkm["Sangat Baik"], pkm["Baik"], pkm["Butuh Perbaikan"], pkm["Kurang/Misconduct"],
            pkm["Sangat Kurang"]) == (1, 0, 0, 1, 1)  # fmt: skip
    assert (duk["pegawai"], duk["dinilai"], duk["belum_dinilai"]) == (5, 5, 0)
    assert (pkm["pegawai"], pkm["dinilai"], pkm["belum_dinilai"]) == (4, 3, 1)
    assert (duk["peringatan_kurva"], pkm["peringatan_kurva"]) == (0, 1)
    assert s["units_with_curve_warnings"] == ["Puskesmas Kota"]


def test_ikm_with_weight_011(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    assert out.summary["ikm"] == {
        "Dinas Kependudukan dan Pencatatan Sipil": "87,62 B",
        "Puskesmas Kota": "69,61 C",
    }
    ikm = {r["unit"]: r for r in out.tables["ikm"]}
    assert ikm["Dinas Kependudukan dan Pencatatan Sipil"]["responden"] == 50
    assert ikm["Puskesmas Kota"]["responden"] == 10


def test_ikm_with_weight_one_ninth(session: Session, tmp_path: Path) -> None:
    run_id = start_run(session, tmp_path, pack("1/9"))
    ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    assert out.summary["ikm"] == {
        "Dinas Kependudukan dan Pencatatan Sipil": "88,50 A",
        "Puskesmas Kota": "70,31 C",
    }
    assert "bobot **1/9**" in md_of(out, "laporan-evaluasi")


def test_indicators_met_and_missed(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    assert out.summary["indicators_met"] == 1
    assert out.summary["indicators_total"] == 3
    md = md_of(out, "laporan-evaluasi")
    # SKP: 92,5 / 90 = 102,78 %; progress (92,5 − 60) / 30 = 108,33 %;
    # expected after TW III on an annual line: 60 + 3/4 × 30 = 82,50.
    assert (
        "| SKP | Pegawai dengan SKP tepat waktu (%) | 60,00 | 90,00 | makin tinggi makin baik | "
        "92,50 | 102,78% | 108,33% | 82,50 | tercapai |"
    ) in md
    # ADUAN (lower is better): (2 − 80/72) × 100 = 88,89 %; (80 − 96) / (72 − 96) = 66,67 %;
    # expected 96 − 3/4 × 24 = 78: 80 hours is behind.
    assert "| 80,00 | 88,89% | 66,67% | 78,00 | **belum tercapai, tertinggal** |" in md
    assert out.summary["indicators_behind"] == 1
    # IKM has only a TW2 realisation.
    assert "| 78,50 | 82,00 | makin tinggi makin baik | – | – | – | – | belum ada data |" in md


def test_followup_actions_created_once(
    session: Session, tmp_path: Path, produced: tuple[int, evaluation.StageOutput]
) -> None:
    run_id, out = produced
    expected = {"coaching": 3, "talent_pool": 2, "corrective_ikm": 1, "corrective_complaints": 0,
                "corrective_processing": 0, "policy_review": 1}  # fmt: skip
    assert out.summary["actions"] == expected

    def by_rule() -> dict[str, list[FollowUpAction]]:
        actions = session.exec(
            select(FollowUpAction).where(FollowUpAction.stage_run_id == run_id)
        ).all()
        out: dict[str, list[FollowUpAction]] = {}
        for a in actions:
            out.setdefault(a.rule, []).append(a)
        return out

    actions = by_rule()
    assert {r: len(a) for r, a in actions.items()} == {k: n for k, n in expected.items() if n}
    coaching = {a.subject: a for a in actions["coaching"]}
    assert set(coaching) == {BP_DUK, SK_PKM, K_PKM}
    assert coaching[BP_DUK].owner == "Andi Saputra"
    assert (
        coaching[BP_DUK].title == "Pembinaan kinerja dan pengembangan kompetensi (min. 20 JP/tahun)"
    )
    # 20 working days after Thursday 15 October 2026 (no holiday in between).
    assert coaching[BP_DUK].due_on == date(2026, 11, 12)
    assert coaching[K_PKM].data["focus"] == ["perilaku"]
    assert coaching[SK_PKM].data["focus"] == ["hasil_kerja", "perilaku"]
    assert {a.subject for a in actions["talent_pool"]} == {SB_DUK, KAPUS}
    assert actions["talent_pool"][0].owner == "Badan Kepegawaian dan Pengembangan SDM"
    corrective = actions["corrective_ikm"][0]
    assert corrective.subject == "PKM"
    assert corrective.title == (
        "Tindakan korektif layanan pada unsur U3 Waktu Penyelesaian dan U9 Sarana dan Prasarana"
    )
    assert actions["policy_review"][0].subject == "ADUAN"
    assert actions["policy_review"][0].owner == "Rina Marlina"

    # A second produce replaces the open actions instead of adding to them; a closed action
    # stays as it is and is not created again.
    done = coaching[BP_DUK]
    done.status, done.closed_by = "done", "rina"
    session.add(done)
    session.commit()
    again = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    assert again.summary["actions"] == expected
    assert session.exec(select(func.count()).select_from(FollowUpAction)).one() == 7
    kept = session.exec(select(FollowUpAction).where(FollowUpAction.subject == BP_DUK)).one()
    assert (kept.id, kept.status) == (done.id, "done")
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "followup.created")
                          .order_by(col(AuditEvent.seq))).all()  # fmt: skip
    assert len(events) == 2
    assert events[0].payload["created"] == expected
    assert events[1].payload["created"] == {**expected, "coaching": 2}
    assert events[1].payload["kept_closed"] == 1


def test_laporan_shows_counts_not_names(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    md = md_of(out, "laporan-evaluasi")
    assert out.documents[0].key == "laporan-evaluasi-2026-tw3"
    assert "**Periode Triwulan III 2026** (1 Juli 2026 s.d. 30 September 2026)" in md
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 50 | 87,62 | B | Baik |" in md
    assert "| Puskesmas Kota | 10 | **69,61** | C | Kurang baik |" in md
    assert "bobot **0,11**" in md
    # NRR per element, a row per unit: PKM's U3 is 2, U5 never answered, U9 2,5.
    assert "| Unit layanan | U1 | U2 | U3 | U4 | U5 | U6 | U7 | U8 | U9 |" in md
    assert f"| Dinas Kependudukan dan Pencatatan Sipil |{' 3,54 |' * 9}" in md
    assert "| Puskesmas Kota | 3,00 | 3,00 | 2,00 | 3,00 | – | 3,00 | 3,00 | 3,00 | 2,50 |" in md
    assert "(U1 Persyaratan; U2 Sistem, Mekanisme, dan Prosedur; U3 Waktu Penyelesaian;" in md
    # No capaian was imported: each unit is checked as Baik, and the report says so per unit.
    assert "| Puskesmas Kota | dianggap Baik — belum ditetapkan | – | 1 |" in md
    assert "- capaian **Baik**: sebagian besar pegawai (paling banyak 70%) berpredikat Baik" in md
    assert "| Sangat Baik | 2 | 25,0% |" in md
    assert "| Puskesmas Kota | 3 | 1 (33,3%) | 0 (0,0%) | 0 (0,0%) | 1 (33,3%) | 1 (33,3%) |" in md
    assert "harus menjadi kelompok terbanyak" in md
    assert "| Puskesmas Kota | 4 | 1 |" in md  # employees without a rating
    assert "12 November 2026" in md
    for name in ("Andi Saputra", "Fajar Nugroho", "Joko Susilo", "Kartika Sari"):
        assert name not in md
    for nip in (KADIS, BP_DUK, K_PKM, "19851220 201001 1 004"):
        assert nip not in md


def test_rekomendasi_lists_actions(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    md = md_of(out, "rekomendasi-tindak-lanjut")
    assert (
        "| 1 | Fajar Nugroho | 19851220 201001 1 004 | Dinas Kependudukan dan Pencatatan Sipil "
        "| Butuh Perbaikan | hasil kerja | – | Andi Saputra (NIP 19660801 198803 1 001) "
        "| 12 November 2026 | terbuka |"
    ) in md
    assert "Batas waktu ditetapkan 20 hari kerja sejak tanggal rekomendasi" in md
    assert "paling sedikit 20 jam pelajaran (JP) per tahun" in md
    assert "Kepala Puskesmas Kota" in md
    assert "U3 Waktu Penyelesaian (NRR 2,00) dan U9 Sarana dan Prasarana (NRR 2,50)" in md
    assert "IKM (bobot 0,11 per unsur, PermenPANRB Nomor 14 Tahun 2017)" in md  # DOMAIN R1
    assert "Jumlah tindak lanjut: 7." in md


def test_followup_due_dates_skip_the_organisations_holidays(
    session: Session, tmp_path: Path
) -> None:
    data = pack("0.11")
    data["evaluation"]["followup_working_days"] = 3
    data["calendar"] = {"extra_holidays": [{"date": "2026-10-19", "name": "Hari jadi kota"}]}
    run_id = start_run(session, tmp_path, data)
    ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    due = {a.due_on for a in session.exec(select(FollowUpAction)).all()}
    # Thursday 15 October: Friday 16 (1), the weekend, Monday 19 the city's day, Tuesday 20
    # (2), Wednesday 21 (3).
    assert due == {date(2026, 10, 21)}
    md = md_of(out, "laporan-evaluasi")
    assert "Batas waktu ditetapkan 3 hari kerja sejak tanggal laporan ini, yaitu 21 Oktober" in md


def test_english_documents(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    md = md_of(out, "laporan-evaluasi", "en")
    assert "Quarter 3 2026" in md
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 50 | 87.62 | B | Good |" in md
    assert "| Puskesmas Kota | assumed Baik — not yet set | – | 1 |" in md
    assert "Baik should be the largest group" in md
    baik = (
        "- organisational performance **Baik**: the largest group of employees (at most 70%) "
        "is rated Baik, and some must be rated Butuh Perbaikan and/or Kurang/Misconduct."
    )
    assert baik in md and "most employees" not in md
    assert "the largest group of employees (at most 70%) is rated Baik" in md_of(
        out, "lembar-unit-pkm", "en"
    )
    rec = md_of(out, "rekomendasi-tindak-lanjut", "en")
    assert "## 1. Performance Coaching and Competence Development" in rec
    assert "at least 20 learning hours (JP) of competence development per year" in rec
    assert "JP left is the 20 JP entitlement minus the JP of development activities" in rec
    assert (
        "| Butuh Perbaikan | work results | – | Andi Saputra (NIP 19660801 198803 1 001) "
        "| 12 November 2026 | open |" in rec
    )
    assert "Actions are due 20 working days after the date of these recommendations" in rec
    leave = "national holidays, cuti bersama (collective leave days) and regional holidays"
    assert f"these recommendations; {leave} are not counted." in rec
    assert f"on 12 November 2026; {leave} are not counted." in md
    assert "element U5 had no answered responses" in md


def test_the_respondents_gender_is_named_in_words(session: Session, tmp_path: Path) -> None:
    """The SKM stores the gender as L or P; the documents name it in their language."""
    run_id = start_run(session, tmp_path, pack("0.11"))
    lines = skm_csv().splitlines()
    gendered = [lines[0] + ";jenis_kelamin"]
    gendered += [line + (";L" if line.startswith("DUKCAPIL") else ";P") for line in lines[1:]]
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", EKINERJA),
        "skm": write_file(tmp_path, "skm.csv", "\n".join(gendered) + "\n"),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF,
                             locales=("id", "en"))  # fmt: skip
    assert "**Gender:** Male 50 (83.3%); Female 10 (16.7%)" in md_of(out, "laporan-evaluasi", "en")
    assert "**Jenis kelamin:** Laki-laki 50 (83,3%); Perempuan 10 (16,7%)" in md_of(
        out, "laporan-evaluasi"
    )
    assert "**Gender:** Female 10\n" in md_of(out, "lembar-unit-pkm", "en")
    assert "**Jenis kelamin:** Perempuan 10\n" in md_of(out, "lembar-unit-pkm")


def test_the_report_says_private_sheets_are_issued_on_request(
    produced: tuple[int, evaluation.StageOutput],
) -> None:
    """The stage publishes no private sheet: the report and the unit sheets say how one is had."""
    _, out = produced
    assert not [d for d in out.documents if d.key.startswith("lembar-pegawai")]
    md = md_of(out, "laporan-evaluasi")
    assert "yang diterima masing-masing pegawai" not in md
    assert (
        "Lembar Hasil Penilaian Pribadi tidak diterbitkan bersama laporan ini: pengelola "
        "kebijakan menerbitkannya atas permintaan, bagi pegawai yang memintanya atau bagi "
        "seluruh pegawai yang dinilai, dan setiap lembar hanya disampaikan kepada pegawai yang "
        "bersangkutan."
    ) in md
    en = md_of(out, "laporan-evaluasi", "en")
    assert "each employee receives" not in en
    assert (
        "Personal Assessment Sheets are not issued with this report: the policy officer issues "
        "them on request, for an employee who asks or for all employees evaluated, and each "
        "sheet goes only to the employee it concerns."
    ) in en
    for doc in out.documents:
        if doc.key.startswith("lembar-unit"):
            text = Path(doc.md_path).read_text(encoding="utf-8")
            assert "atas permintaan" in text or "on request" in text
            assert "menerima hasilnya" not in text and "receives their" not in text
    for name in ("siklus evaluation", "--nip", "evaluation sheets"):
        assert name not in md and name not in en


def test_untrusted_text_is_escaped(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    for key in ("laporan-evaluasi", "rekomendasi-tindak-lanjut"):
        for locale in ("id", "en"):
            html = md_of(out, key, locale, "html")
            assert "<script" not in html
            assert 'href="javascript' not in html
    assert "alert(1)" in md_of(out, "rekomendasi-tindak-lanjut", "id", "html")


def test_period_mismatch_refused(session: Session, tmp_path: Path) -> None:
    run_id = start_run(session, tmp_path, pack())
    wrong = write_file(tmp_path, "tw2.csv", EKINERJA.replace(PERIOD, "2026-TW2"))
    with pytest.raises(ServiceError) as err:
        evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
            "ekinerja": wrong, "skm": write_file(tmp_path, "skm.csv", skm_csv())})  # fmt: skip
    message = str(err.value)
    assert "2026-TW2 (Triwulan II 2026)" in message and "2026-TW3 (Triwulan III 2026)" in message
    assert session.exec(select(func.count()).select_from(EkinerjaRating)).one() == 0
    kinds = session.exec(select(ImportRecord.kind)).all()
    assert "ekinerja" not in kinds and "skm" not in kinds


def test_a_stage_input_with_more_errors_than_shown_has_them_all_beside_it(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy import importerrors

    monkeypatch.setattr(importerrors, "MAX_ERRORS", 2)
    run_id = start_run(session, tmp_path, pack())
    lines = [f"{PERIOD};1970010119900310{i:02d};bagus;sesuai ekspektasi" for i in range(4)]
    bad = write_file(tmp_path, "ekinerja.csv", EKINERJA.splitlines()[0] + "\n" + "\n".join(lines))
    with pytest.raises(importerrors.ImportFileError) as err:
        evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={"ekinerja": bad})
    listed = tmp_path / "ekinerja.kesalahan.csv"
    assert str(err.value).endswith(f"(baris, kolom, kesalahan): {listed}")
    rows = listed.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(rows) == err.value.total_errors > 2
    assert {row.split(";")[0] for row in rows} == {"2", "3", "4", "5"}


def test_produce_refuses_empty_period(session: Session, tmp_path: Path) -> None:
    run_id = start_run(session, tmp_path, pack())
    evaluation.ingest(
        session=session,
        run_id=run_id,
        actor="rina",
        inputs={"realisasi": write_file(tmp_path, "realisasi.csv", REALISASI)},
    )
    with pytest.raises(ServiceError, match="belum memiliki rating e-Kinerja maupun respons SKM"):
        evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)


SAWAHLUNTO = Path(__file__).resolve().parents[3] / "packs" / "sawahlunto.yaml"


@pytest.mark.skipif(not SAWAHLUNTO.is_file(), reason="the Sawahlunto demo pack is not there yet")
def test_sawahlunto_demo(session: Session) -> None:
    loaded = load_pack(SAWAHLUNTO)
    demo = loaded.pack.demo
    code = organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation
    officer = next(m.username for m in loaded.pack.members if "officer" in m.roles)
    leader = next(
        m.username for m in loaded.pack.members if "leader" in m.roles and m.username != officer
    )
    cycle_service.open_cycle(session=session, organisation=code, actor=officer)
    base = SAWAHLUNTO.parent
    ingest_file(
        session, get_org(session, code), "pegawai", base / demo["setup"]["pegawai"], officer
    )
    session.commit()
    cycle_service.override_gate(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.EVALUATION,
        leader=leader,
        reason="Demo evaluasi berkala triwulan III",
        period=PERIOD,
    )
    run_id = cycle_service.begin_stage(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.EVALUATION,
        actor=officer,
        period=PERIOD,
    ).run_id
    inputs = {k: base / v for k, v in demo["evaluation"].items() if k in evaluation.INPUTS}
    evaluation.ingest(session=session, run_id=run_id, actor=officer, inputs=inputs)
    out = evaluation.produce(session=session, run_id=run_id, actor=officer, as_of=AS_OF)
    assert out.summary["period"] == PERIOD
    assert out.summary["rated"] > 0 or out.summary["ikm"]
    assert sum(out.summary["predikat_counts"].values()) == out.summary["rated"]
    keys = [d.key for d in out.documents]
    assert keys[:2] == ["laporan-evaluasi-2026-tw3", "rekomendasi-tindak-lanjut-2026-tw3"]
    assert "lembar-unit-disdukcapil-2026-tw3" in keys
    assert len(keys) == 2 + out.summary["unit_sheets"]
    assert "Triwulan III 2026" in md_of(out, "laporan-evaluasi")
    total = session.exec(select(func.count()).select_from(FollowUpAction)).one()
    assert total == sum(out.summary["actions"].values())
