"""Weighted 360 evaluation through the services: hand-computed scores, anonymity, sheets.

Framework of these tests (scale 1–5, anonymity threshold 3): atasan 50 %, rekan 30 %,
masyarakat 20 %, diri shown only; disiplin 30 %, kompetensi 40 %, kontribusi 30 %;
teachers (jabatan 'Guru …' in a school): atasan 60 %, rekan 40 % on kehadiran 25 %,
metode 25 %, hasil belajar 50 %. Final = weighted mean × 100 / 5 (+ bonus, ≤ 100).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from policy.imports import ImportFileError
from policy.models import EvaluationScore, FollowUpAction, Rating360, Stage
from policy.services import cycle as cycle_service
from policy.services import employee_sheets, evaluation
from policy.services.common import ServiceError, get_org
from policy.services.imports import ingest_file
from tests.factories import MINI_PACK, make_org, write_file
from tests.policy.services.test_evaluation import skm_csv

PERIOD = "2026-TW3"
AS_OF = date(2026, 10, 15)
XSS = "<script>alert(1)</script> [x](javascript:alert(1))"

KADIS = "196608011988031001"
DEWI = "197503152000122002"
EKO = "198001012005011003"
FAJAR = "198512202010011004"
GITA = "199009132025242014"
P1, P2, P3 = "197707072003121005", "198803032012032006", "199105052019031007"
KASEK = "197001011995031001"
GURU1, GURU2 = "198202022006042002", "198505052010011003"
RATER_OUTSIDE = "196512121990031001"  # the head's supervisor, not an employee here

PEGAWAI = f"""nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim
{KADIS};Andi Saputra;PNS;Kepala Dinas;DUKCAPIL;;Pimpinan
{DEWI};Dewi Lestari;PNS;Analis Kependudukan;DUKCAPIL;{KADIS};Tim Pendaftaran
{EKO};Eko Prasetyo;PNS;Pranata Komputer;DUKCAPIL;{KADIS};Tim Pendaftaran
{FAJAR};Fajar {XSS};PNS;Pengadministrasi;DUKCAPIL;{KADIS};Tim Pencatatan
{GITA};Gita Permata;PPPK;Operator Layanan;DUKCAPIL;{KADIS};Tim Pencatatan
{P1};Hadi Wijaya;PNS;Perawat;PKM;;
{P2};Sari Wulandari;PNS;Bidan;PKM;;
{P3};Joko Susilo;PNS;Apoteker;PKM;;
{KASEK};Rusdi Hamzah;PNS;Kepala Sekolah;SDN1;;Pimpinan
{GURU1};Maria Ulfa;PNS;Guru Ahli Muda;SDN1;{KASEK};Guru Kelas
{GURU2};Yohanes Kareth;PNS;Guru Ahli Pertama;SDN1;{KASEK};Guru Kelas
"""


def rows(nip: str, source: str, rater: str, **scores: Any) -> list[str]:
    return [f"{PERIOD};{nip};{source};{rater};{c};{v}" for c, v in scores.items()]


def ratings_csv() -> str:
    lines = ["periode;nip;sumber;penilai;aspek;nilai"]
    # Dewi: everyone gives 5 -> 100,00 Sangat Baik.
    lines += rows(DEWI, "atasan", KADIS, disiplin=5, kompetensi=5, kontribusi=5)
    for peer in (EKO, FAJAR, GITA):
        lines += rows(DEWI, "rekan", peer, disiplin=5, kompetensi=5, kontribusi=5)
    for code in ("M-1", "M-2", "M-3"):
        lines += rows(DEWI, "masyarakat", code, disiplin=5, kompetensi=5, kontribusi=5)
    # Eko: the 82,00 case of the pure tests, + bonus 2 -> 84,00 Baik.
    lines += rows(EKO, "atasan", KADIS, disiplin=4, kompetensi=5, kontribusi=3)
    lines += rows(EKO, "rekan", DEWI, disiplin=4, kompetensi=4, kontribusi=3)
    lines += rows(EKO, "rekan", FAJAR, disiplin=4, kompetensi=4, kontribusi=4)
    lines += rows(EKO, "rekan", GITA, disiplin=5, kompetensi=4, kontribusi=5)
    for d, k, c in ((4, 3, 5), (4, 3, 5), (4, 4, 5), (4, 4, 5)):
        lines += [
            f"{PERIOD};{EKO};masyarakat;;disiplin;{d}",
            f"{PERIOD};{EKO};masyarakat;;kompetensi;{k}",
            f"{PERIOD};{EKO};masyarakat;;kontribusi;{c}",
        ]
    # Fajar: two peers (hidden), no community, self 5s.
    # atasan 3 / 3 / 3,5 -> 0,9 + 1,2 + 1,05 = 3,15 -> 63,00 Butuh Perbaikan.
    lines += rows(FAJAR, "atasan", KADIS, disiplin=3, kompetensi=3, kontribusi="3,5")
    lines += rows(FAJAR, "rekan", DEWI, disiplin=5, kompetensi=5, kontribusi=5)
    lines += rows(FAJAR, "rekan", EKO, disiplin=5, kompetensi=5, kontribusi=5)
    lines += rows(FAJAR, "diri", "", disiplin=5, kompetensi=5, kontribusi=5)
    # Gita: a self-assessment only -> rated, not scored.
    lines += rows(GITA, "diri", GITA, disiplin=4, kompetensi=4, kontribusi=4)
    # Andi: rated by his own supervisor from outside the organisation: 4/4/4 -> 80,00 Baik.
    lines += rows(KADIS, "atasan", RATER_OUTSIDE, disiplin=4, kompetensi=4, kontribusi=4)
    # Teachers. Maria: atasan 5/4/4, three peers 5/3/4,5/3/4,5/3/5 ->
    # kehadiran 5; metode 0,6×4 + 0,4×3 = 3,6; hasil 0,6×4 + 0,4×13/3 = 62/15;
    # 0,25×5 + 0,25×3,6 + 0,5×62/15 = 253/60 -> × 20 = 84,33 Baik.
    lines += rows(GURU1, "atasan", KASEK, kehadiran=5, metode=4, hasil_belajar=4)
    for peer, hasil in ((GURU2, 4), (P2, 4), (P1, 5)):  # not KASEK: one rater, one source
        lines += rows(GURU1, "rekan", peer, kehadiran=5, metode=3, hasil_belajar=hasil)
    # Yohanes: atasan 2/2/2 -> 40,00 Sangat Kurang (< 51).
    lines += rows(GURU2, "atasan", KASEK, kehadiran=2, metode=2, hasil_belajar=2)
    return "\n".join(lines) + "\n"


BONUS = f"""periode;nip;kode;poin;keterangan
{PERIOD};{EKO};inovasi;2;Peserta program inovasi pelayanan {XSS}
"""

EKINERJA = f"""periode;nip;rating_hasil_kerja;rating_perilaku
{PERIOD};{EKO};sesuai ekspektasi;sesuai ekspektasi
"""


def framework() -> dict[str, Any]:
    return {
        "scale_min": 1,
        "scale_max": 5,
        "sources": {"atasan": "0.5", "rekan": "0.3", "masyarakat": "0.2", "diri": 0},
        "criteria": [
            {"code": "disiplin", "name": "Disiplin", "weight": "0.3"},
            {"code": "kompetensi", "name": "Kompetensi", "weight": "0.4"},
            {"code": "kontribusi", "name": "Kontribusi", "weight": "0.3"},
        ],
        "role_criteria": [
            {
                "code": "guru",
                "name": "Guru",
                "position_pattern": r"^guru\b",
                "unit_kinds": ["sekolah"],
                "criteria": [
                    {"code": "kehadiran", "name": "Kehadiran", "weight": "0.25"},
                    {"code": "metode", "name": "Metode pengajaran", "weight": "0.25"},
                    {"code": "hasil_belajar", "name": "Hasil belajar siswa", "weight": "0.5"},
                ],
                "sources": {"atasan": "0.6", "rekan": "0.4"},
            }
        ],
        "bonus": [{"code": "inovasi", "name": "Program inovasi", "max_points": 5}],
    }


def pack(weight: str = "0.11", min_group_size: int | None = 2) -> dict[str, Any]:
    """The test organisation; groups of 2 shown unless `min_group_size` says otherwise."""
    data = copy.deepcopy(MINI_PACK)
    data["units"].append({"code": "SDN1", "name": "SD Negeri 1 Contoh", "kind": "sekolah"})
    data["units"][2]["population"] = 1000  # DUKCAPIL: K&M minimum 278 > 50 respondents
    data["evaluation"] = {
        "framework": "weighted_360",
        "ikm": {"weight": weight, "partners": ["Forum Warga Peduli Layanan"]},
        "weighted_360": framework(),
        "complaints": {"response_limit_hours": 72, "target_share": "0.8"},
    }
    if min_group_size is not None:
        data["evaluation"]["min_group_size"] = min_group_size
    return data


def start_run(session: Session, folder: Path, data: dict[str, Any]) -> int:
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
        reason="Uji evaluasi 360",
        period=PERIOD,
    )
    return cycle_service.begin_stage(
        session=session,
        organisation=code,
        cycle=None,
        stage=Stage.EVALUATION,
        actor="rina",
        period=PERIOD,
    ).run_id


COMPLAINTS = """tanggal;unit_kerja;kategori;waktu_respons_jam;status
02/07/2026;DUKCAPIL;Antrean;10;selesai
03/07/2026;DUKCAPIL;Antrean;80;selesai
04/07/2026;DUKCAPIL;Antrean;100;selesai
05/07/2026;DUKCAPIL;Sikap petugas;;proses
06/07/2026;PKM;Antrean;5;selesai
30/06/2026;PKM;Antrean;500;selesai
"""


def produce(
    session: Session, tmp_path: Path, data: dict[str, Any]
) -> tuple[int, evaluation.StageOutput]:
    run_id = start_run(session, tmp_path, data)
    evaluation.ingest(
        session=session,
        run_id=run_id,
        actor="rina",
        inputs={
            "penilaian": write_file(tmp_path, "penilaian.csv", ratings_csv()),
            "bonus": write_file(tmp_path, "bonus.csv", BONUS),
            "ekinerja": write_file(tmp_path, "ekinerja.csv", EKINERJA),
            "skm": write_file(tmp_path, "skm.csv", skm_csv()),
            "pengaduan": write_file(tmp_path, "pengaduan.csv", COMPLAINTS),
        },
    )
    out = evaluation.produce(
        session=session, run_id=run_id, actor="rina", as_of=AS_OF, locales=("id", "en")
    )
    return run_id, out


@pytest.fixture
def produced(session: Session, tmp_path: Path) -> tuple[int, evaluation.StageOutput]:
    return produce(session, tmp_path, pack())


def md_of(out: evaluation.StageOutput, key: str, locale: str = "id", ext: str = "md") -> str:
    doc = next(d for d in out.documents if d.key == f"{key}-2026-tw3" and d.locale == locale)
    return Path(doc.md_path if ext == "md" else doc.html_path).read_text(encoding="utf-8")


def test_scores_by_hand(session: Session, produced: tuple[int, evaluation.StageOutput]) -> None:
    run_id, out = produced
    scores = {
        s.nip: s
        for s in session.exec(select(EvaluationScore).where(EvaluationScore.stage_run_id == run_id))
    }
    assert {n: (s.score, s.predikat) for n, s in scores.items()} == {
        DEWI: ("100.00", "Sangat Baik"),
        EKO: ("84.00", "Baik"),
        FAJAR: ("63.00", "Butuh Perbaikan"),
        KADIS: ("80.00", "Baik"),
        GURU1: ("84.33", "Baik"),
        GURU2: ("40.00", "Sangat Kurang"),
    }
    assert scores[GURU1].criteria_set == "guru" and scores[GURU1].score_exact == "253/3"
    assert scores[FAJAR].details["hidden"] == ["rekan"] and scores[FAJAR].details["reweighted"]
    assert scores[FAJAR].weakest == "disiplin"
    assert scores[FAJAR].self_gap == "37/20"  # 0,3×2 + 0,4×2 + 0,3×1,5 = 1,85
    s = out.summary
    assert s["framework"] == "weighted_360" and s["rated"] == 6
    assert s["predikat_counts"] == {
        "Sangat Baik": 1,
        "Baik": 3,
        "Butuh Perbaikan": 1,
        "Kurang/Misconduct": 0,
        "Sangat Kurang": 1,
    }
    # (100 + 84 + 63 + 80 + 253/3 + 40) / 6 = 1354/18 = 75,222… -> 75,22
    assert s["mean_score"] == "75,22"
    assert s["hidden_sources"] == 1


def test_ikm_exact_in_a_360_pack(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    assert out.summary["ikm"] == {
        "Dinas Kependudukan dan Pencatatan Sipil": "87,62 B",  # 87,615 -> 87,62 (R1)
        "Puskesmas Kota": "69,61 C",
    }
    assert out.summary["skm_sample_short"] == ["Dinas Kependudukan dan Pencatatan Sipil"]


def test_laporan_states_framework_anonymity_and_self_assessment(
    produced: tuple[int, evaluation.StageOutput],
) -> None:
    _, out = produced
    md = md_of(out, "laporan-evaluasi")
    assert "### 2.1 Kerangka Penilaian 360 Berbobot" in md
    # The sources this framework has, not a fixed list (no bawahan here).
    assert "ditetapkan dalam kebijakan (atasan, rekan kerja, masyarakat dan penilaian diri)," in md
    assert (
        '**Aspek Guru** (pegawai dengan jabatan yang diawali kata "guru" dan pada unit '
        "berjenis sekolah)" in md
    )
    assert "| Kompetensi | kompetensi | 40,00% |" in md
    assert (
        "Atasan 50,00%; Rekan kerja 30,00%; Masyarakat 20,00%; Diri sendiri 0,00% "
        "(ditampilkan, tidak dihitung)" in md
    )
    assert "Program inovasi paling banyak 5,00 poin" in md
    assert "kurang dari 3 penilai tidak ditampilkan dan tidak dihitung" in md
    # DUKCAPIL: Dewi 100, Eko 84, Fajar 63, Andi 80 -> 81,75; Gita rated, not scored.
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 4 | 81,75 | Baik |" in md
    # Andi: atasan only (peers and community absent); Fajar: peers hidden, community absent.
    assert (
        "| Dinas Kependudukan dan Pencatatan Sipil | 4 | 2 | Rekan kerja: 1 pegawai | "
        "Rekan kerja: 1 pegawai; Masyarakat: 2 pegawai |"
    ) in md
    assert "1 pegawai memiliki penilaian, tetapi tidak ada nilai yang dapat dihitung" in md
    # Self-assessment: Fajar and Gita filled one in (2 of DUKCAPIL's 5; 2 of all 11 =
    # 18,2 %), nobody of PKM or the school; only Fajar's is compared (Gita has no
    # supervisor score): his own gap, withheld.
    assert "2 dari 11 pegawai (18,2%) mengisi penilaian diri pada periode ini." in md
    assert (
        "| Dinas Kependudukan dan Pencatatan Sipil | 5 | 2 (40,0%) | 1 | disamarkan | – | – |" in md
    )
    assert "| Puskesmas Kota | 3 | 0 (0,0%) | 0 | – | – | – |" in md
    assert "1,85" not in md
    # Teams: Andi alone and Fajar (Gita rated, not scored) alone: withheld; 1 + 1 >= 2.
    assert (
        "| Dinas Kependudukan dan Pencatatan Sipil | Tim Pendaftaran | 2 | 2 | 92,00 | "
        "Sangat Baik |"
    ) in md
    assert "| Dinas Kependudukan dan Pencatatan Sipil | Pimpinan | 1 | 1 | disamarkan | – |" in md
    assert (
        "| Dinas Kependudukan dan Pencatatan Sipil | Tim Pencatatan | 2 | 1 | disamarkan | – |"
        in md
    )
    assert "63,00" not in md and "80,00" not in md
    assert "Aspek Guru (skala 1–5)" in md
    # kehadiran (5 + 2) / 2; metode (3,6 + 2) / 2; hasil (62/15 + 2) / 2 = 46/15
    assert "| SD Negeri 1 Contoh | 2 | 3,50 | 2,80 | 3,07 |" in md
    assert "Tersedia 1 rating e-Kinerja periode ini" in md
    assert "Survei dilaksanakan bersama Forum Warga Peduli Layanan." in md
    assert (
        "| Dinas Kependudukan dan Pencatatan Sipil | 1.000 | 278 | 50 "
        "| **kurang dari sampel minimum** |"
    ) in md
    # Complaints of TW III: DUKCAPIL 10, 80, 100 and one unanswered (limit 72 h):
    # mean 190/3 = 63,3; median 80; p90 = ⌈2,7⌉ = 3rd = 100; on time 1 of 4 = 25,0 %.
    assert (
        "| Dinas Kependudukan dan Pencatatan Sipil | 4 | 1 | 63,3 | 80,0 | 100,0 | **25,0%** |"
        in md
    )
    assert "| Puskesmas Kota | 1 | 0 | 5,0 | 5,0 | 5,0 | 100,0% |" in md
    for name in ("Dewi Lestari", "Eko Prasetyo", "Maria Ulfa"):
        assert name not in md
    en = md_of(out, "laporan-evaluasi", "en")
    assert "### 2.1 The Weighted 360 Framework" in en
    assert "the policy sets (supervisor, peers, community and self-assessment)" in en
    assert 'whose position begins with "guru" and in units of kind sekolah' in en
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 4 | 81.75 | Baik |" in en


def test_groups_of_fewer_than_three_are_withheld_by_default(
    session: Session, tmp_path: Path
) -> None:
    """The pack's default: groups of 3. SD Negeri 1 has 2 scored (Maria, Yohanes): withheld;
    beside the organisation's totals (6 scored) DUKCAPIL's 4 would give their sum away, so
    DUKCAPIL is withheld as well, and with it all its teams."""
    _, out = produce(session, tmp_path, pack(min_group_size=None))
    md = md_of(out, "laporan-evaluasi")
    # The organisation's own figures stay.
    assert "Dari 11 pegawai, 6 pegawai (54,5%) memperoleh nilai akhir" in md
    assert "| **Jumlah** | **6** | **100,0%** |" in md
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 4 | disamarkan | – |" in md
    assert "| SD Negeri 1 Contoh | 2 | disamarkan | – |" in md
    assert "unit dengan kurang dari 3 pegawai dinilai, dan bila perlu unit terkecil" in md
    assert "| SD Negeri 1 Contoh | 2 | disamarkan | disamarkan | disamarkan |" in md
    for figure in ("81,75", "92,00", "1,85", "3,50 | 2,80"):
        assert figure not in md, figure
    # Every team is withheld: one sentence, not a table of withheld rows.
    assert (
        "Hasil per tim tidak ditampilkan: semua 4 tim disamarkan, yaitu tim dengan kurang dari 3 "
        "pegawai dinilai dan, bila perlu, tim lain di unit yang sama" in md
    )
    assert "Tim Pendaftaran" not in md
    sheet = md_of(out, "lembar-unit-dukcapil")
    assert "4 dari 5 pegawai memperoleh nilai akhir penilaian 360 berbobot periode ini. " in sheet
    assert "Hasilnya **disamarkan**: unit lain yang kecil disamarkan" in sheet
    assert "| Tim Pendaftaran | 2 | 2 | disamarkan | – |" in sheet
    assert "81,75" not in sheet and "92,00" not in sheet
    school = md_of(out, "lembar-unit-sdn1")
    assert "Hasilnya **disamarkan**: kurang dari 3 pegawai dinilai" in school
    en = md_of(out, "laporan-evaluasi", "en")
    assert "| SD Negeri 1 Contoh | 2 | withheld | – |" in en and "81.75" not in en
    assert "No team's result is shown: all 4 teams are withheld, that is teams with fewer" in en
    en_sheet = md_of(out, "lembar-unit-sdn1", "en")
    assert "Their results are **withheld**: fewer than 3 employees were rated" in en_sheet
    # Self-assessment coverage on each unit's sheet, a unit where nobody filled one in too.
    assert (
        "2 dari 5 pegawai unit ini (40,0%) mengisi penilaian diri pada periode ini.\n\n"
        "1 pegawai memiliki penilaian diri dan penilaian atasan; selisihnya disamarkan"
    ) in sheet
    assert (
        "0 of the unit's 3 employees (0.0%) filled in a self-assessment in this period. No "
        "self-assessment can be compared with a supervisor assessment yet.\n\n## "
    ) in en_sheet


def test_followup_uses_the_weakest_criterion_and_jp(
    session: Session, produced: tuple[int, evaluation.StageOutput]
) -> None:
    run_id, out = produced
    assert out.summary["actions"] == {
        "coaching": 2,
        "talent_pool": 1,
        "corrective_ikm": 1,
        "corrective_complaints": 1,
        "corrective_processing": 0,
        "policy_review": 0,
    }
    actions = {
        a.subject: a
        for a in session.exec(select(FollowUpAction).where(FollowUpAction.stage_run_id == run_id))
    }
    fajar = actions[FAJAR]
    assert fajar.rule == "coaching" and fajar.owner == "Andi Saputra"
    assert fajar.data["criterion"] == "Disiplin"
    assert "aspek terlemah Disiplin" in fajar.detail
    assert "JP pengembangan kompetensi tahun 2026 belum tercatat" in fajar.detail
    assert actions[GURU2].data["criterion"] == "Kehadiran"  # all 2: first in order
    assert actions[DEWI].rule == "talent_pool"
    assert actions["DUKCAPIL"].rule in ("corrective_ikm", "corrective_complaints")
    complaints = session.exec(
        select(FollowUpAction).where(FollowUpAction.rule == "corrective_complaints")
    ).one()
    assert complaints.subject == "DUKCAPIL" and complaints.data["share_within"] == "25.0"
    rec = md_of(out, "rekomendasi-tindak-lanjut")
    assert "| Butuh Perbaikan (63,00) | aspek Disiplin | – |" in rec
    assert "## 4. Percepatan Penanganan Pengaduan" in rec


def test_unit_sheet(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    md = md_of(out, "lembar-unit-dukcapil")
    assert "**Dinas Kependudukan dan Pencatatan Sipil**" in md
    assert "4 dari 5 pegawai memperoleh nilai akhir" in md and "**81,75** (Baik)" in md
    assert "| Tim Pendaftaran | 2 | 2 | 92,00 | Sangat Baik |" in md
    assert "IKM Dinas Kependudukan dan Pencatatan Sipil: **87,62** (mutu B" in md
    assert "populasi 1.000: 278 responden; **jumlah responden kurang dari sampel minimum**" in md
    assert "4 pengaduan diterima; 1 belum ditanggapi." in md
    for name in ("Dewi", "Fajar", "Eko", KADIS):
        assert name not in md
    school = md_of(out, "lembar-unit-sdn1")
    assert "Unit ini bukan unit layanan; SKM tidak berlaku." in school
    # Which scores were not shown or missing, with the threshold the pack sets.
    en = md_of(out, "lembar-unit-dukcapil", "en")
    assert (
        " Peer scores were not shown for 1 employee because fewer than 3 peers scored them. "
        "Peer scores were missing for 1 employee. Community scores were missing for 2 "
        "employees. "
    ) in en
    assert "Peer scores were missing for 1 employee." in md_of(out, "lembar-unit-sdn1", "en")


def test_two_peer_raters_give_no_peer_figure(
    session: Session, produced: tuple[int, evaluation.StageOutput]
) -> None:
    docs = employee_sheets.publish_employee_sheets(
        session=session,
        organisation="contoh",
        cycle=None,
        period=PERIOD,
        actor="rina",
        nips=[FAJAR],
        locales=("id", "en"),
        as_of=AS_OF,
    )
    md = Path(next(d for d in docs if d.locale == "id").md_path).read_text(encoding="utf-8")
    # Two peers gave 5 on every criterion: no peer figure anywhere on his sheet.
    assert md.count("Rekan kerja: tidak ditampilkan (kurang dari 3 penilai)") == 3
    assert "Rekan kerja: 5" not in md and "5,00 (2 penilai)" not in md
    assert "| Disiplin | 30,00% | Atasan: 3,00, bobot 100,00%; Rekan kerja: tidak " in md
    assert "**Nilai akhir: 63,00**, predikat **Butuh Perbaikan**" in md
    assert "rekan kerja tidak ditampilkan dan tidak dihitung karena penilainya kurang dari 3" in md
    assert "| Disiplin | 5,00 | 3,00 | 2,00 |" in md and "**1,85** poin" in md
    assert "Penanggung jawab: Atasan langsung; batas waktu 12 November 2026" in md
    # No rater identity and no one else's data on the sheet.
    for other in (KADIS, DEWI, EKO, "19660801 198803 1 001", "Andi Saputra", "Dewi", "Eko"):
        assert other not in md
    html = Path(next(d for d in docs if d.locale == "id").html_path).read_text(encoding="utf-8")
    assert "<script" not in html and 'href="javascript' not in html
    en = Path(next(d for d in docs if d.locale == "en").md_path).read_text(encoding="utf-8")
    assert en.count("Peers: not shown (fewer than 3 raters)") == 3
    assert "Competence development entitlement of at least 20 JP a year; no JP recorded" in en


def test_every_sheet_hides_raters(
    session: Session, produced: tuple[int, evaluation.StageOutput]
) -> None:
    docs = employee_sheets.publish_employee_sheets(
        session=session,
        organisation="contoh",
        cycle=None,
        period=PERIOD,
        actor="rina",
        as_of=AS_OF,
    )
    assert len(docs) == 7  # everyone rated, Gita (self-assessment only) included
    raters = set(session.exec(select(Rating360.rater).where(Rating360.source != "diri")))
    for doc in docs:
        md = Path(doc.md_path).read_text(encoding="utf-8")
        own = doc.key.removeprefix("lembar-pegawai-").removesuffix("-2026-tw3")
        for rater in raters - {own}:
            assert rater not in md, (doc.key, rater)
    dewi = Path(next(d.md_path for d in docs if DEWI in d.key)).read_text(encoding="utf-8")
    assert "Rekan kerja: 5,00 (3 penilai), bobot 30,00%" in dewi
    assert "Masyarakat: 5,00 (3 penilai), bobot 20,00%" in dewi
    gita = Path(next(d.md_path for d in docs if GITA in d.key)).read_text(encoding="utf-8")
    assert "| Predikat | belum ada |" in gita


def test_sheets_are_published_in_batches_each_with_its_own_actions(
    session: Session, produced: tuple[int, evaluation.StageOutput], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(employee_sheets, "SHEET_BATCH", 3)  # 7 sheets: batches of 3, 3, 1
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=PERIOD, actor="rina",
        as_of=AS_OF,
    )  # fmt: skip
    keys = [d.key for d in docs]
    assert len(keys) == len(set(keys)) == 7
    fajar = Path(next(d.md_path for d in docs if FAJAR in d.key)).read_text(encoding="utf-8")
    assert "Penanggung jawab: Atasan langsung; batas waktu 12 November 2026" in fajar
    dewi = Path(next(d.md_path for d in docs if DEWI in d.key)).read_text(encoding="utf-8")
    assert "Penanggung jawab: Atasan langsung" not in dewi  # her actions are not his


def test_a_self_assessment_alone_gives_a_sheet_without_a_final_score(
    session: Session, produced: tuple[int, evaluation.StageOutput]
) -> None:
    docs = employee_sheets.publish_employee_sheets(
        session=session,
        organisation="contoh",
        cycle=None,
        period=PERIOD,
        actor="rina",
        nips=[GITA],
        locales=("id", "en"),
        as_of=AS_OF,
    )
    md, en = (
        Path(next(d.md_path for d in docs if d.locale == loc)).read_text(encoding="utf-8")
        for loc in ("id", "en")
    )
    # The weights as set (no source that counts: nothing was applied), her own scores shown.
    assert "| Disiplin | 30,00% | Diri sendiri: 4,00, tidak dihitung | – |" in md
    assert "| Kompetensi | 40,00% | Diri sendiri: 4,00, tidak dihitung | – |" in md
    assert "**Belum ada nilai akhir** untuk Saudara pada periode ini" in md
    assert "Nilai akhir:" not in md and "****" not in md and "Pembobotan ulang" not in md
    assert "| Criterion | Weight |" in en and "| Discipline" not in en
    assert "| Disiplin | 30.00% | Self: 4.00, not scored | – |" in en
    assert "**No final score** for you in this period" in en and "****" not in en
    assert "No criterion has both a self-assessment and a supervisor's assessment" in en


def test_sheets_refuse_changed_ratings(
    session: Session, tmp_path: Path, produced: tuple[int, evaluation.StageOutput]
) -> None:
    changed = ratings_csv().replace(
        f"{PERIOD};{FAJAR};atasan;{KADIS};disiplin;3", f"{PERIOD};{FAJAR};atasan;{KADIS};disiplin;5"
    )
    ingest_file(
        session,
        get_org(session, "contoh"),
        "penilaian_360",
        write_file(tmp_path, "koreksi.csv", changed),
        "rina",
    )
    session.commit()
    with pytest.raises(ServiceError, match="berubah sesudah Laporan Evaluasi disusun"):
        employee_sheets.publish_employee_sheets(
            session=session,
            organisation="contoh",
            cycle=None,
            period=PERIOD,
            actor="rina",
            nips=[FAJAR],
        )
    # The corrected file replaced Fajar's atasan ratings instead of adding to them.
    count = session.exec(
        select(func.count())
        .select_from(Rating360)
        .where(Rating360.nip == FAJAR, Rating360.source == "atasan")
    ).one()
    assert count == 3


def test_untrusted_text_is_escaped(produced: tuple[int, evaluation.StageOutput]) -> None:
    _, out = produced
    for doc in out.documents:
        html = Path(doc.html_path).read_text(encoding="utf-8")
        assert "<script" not in html and 'href="javascript' not in html


def test_bad_ratings_are_refused_with_every_row(session: Session, tmp_path: Path) -> None:
    run_id = start_run(session, tmp_path, pack())
    bad = (
        "\n".join(
            [
                "periode;nip;sumber;penilai;aspek;nilai",
                f"{PERIOD};{EKO};atasan;;disiplin;4",  # atasan without a rater
                f"{PERIOD};{EKO};rekan;{DEWI};kreativitas;4",  # unknown criterion
                f"{PERIOD};{EKO};bawahan;{P1};disiplin;4",  # source not in the framework
                f"{PERIOD};{EKO};rekan;{FAJAR};disiplin;6",  # outside 1–5
                f"{PERIOD};{EKO};rekan;{FAJAR};kompetensi;4,555",  # 3 decimals
                f"{PERIOD};{EKO};rekan;{GITA};disiplin;4",
                f"{PERIOD};{EKO};rekan;{GITA};disiplin;5",  # duplicate
                f"{PERIOD};{EKO};tetangga;{GITA};disiplin;5",  # unknown source
            ]
        )
        + "\n"
    )
    with pytest.raises(ImportFileError) as err:
        evaluation.ingest(
            session=session,
            run_id=run_id,
            actor="rina",
            inputs={"penilaian": write_file(tmp_path, "bad.csv", bad)},
        )
    text = str(err.value)
    for expected in (
        "wajib diisi NIP penilai",
        "paling banyak 2 desimal",
        "sudah menilai aspek",
        "sumber penilai 'tetangga' tidak dikenal",
    ):
        assert expected in text, text
    semantic = "\n".join(bad.splitlines()[:5] + [bad.splitlines()[6]]) + "\n"
    semantic = semantic.replace(f"{PERIOD};{EKO};atasan;;disiplin;4\n", "")
    with pytest.raises(ImportFileError) as err2:
        evaluation.ingest(
            session=session,
            run_id=run_id,
            actor="rina",
            inputs={"penilaian": write_file(tmp_path, "bad2.csv", semantic)},
        )
    text = str(err2.value)
    for expected in (
        "aspek 'kreativitas' tidak ada",
        "sumber 'bawahan' tidak dipakai",
        "nilai 6 di luar skala 1–5",
    ):
        assert expected in text, text
    assert session.exec(select(func.count()).select_from(Rating360)).one() == 0


def test_ratings_of_another_period_are_refused(session: Session, tmp_path: Path) -> None:
    run_id = start_run(session, tmp_path, pack())
    other = ratings_csv().replace(PERIOD, "2026-TW2")
    with pytest.raises(ServiceError, match="berisi data periode 2026-TW2"):
        evaluation.ingest(
            session=session,
            run_id=run_id,
            actor="rina",
            inputs={"penilaian": write_file(tmp_path, "tw2.csv", other)},
        )


def test_national_pack_refuses_360_ratings(session: Session, tmp_path: Path) -> None:
    data = copy.deepcopy(MINI_PACK)
    data["units"].append({"code": "SDN1", "name": "SD Negeri 1 Contoh", "kind": "sekolah"})
    run_id = start_run(session, tmp_path, data)
    with pytest.raises(ImportFileError, match="tidak memakai kerangka penilaian 360"):
        evaluation.ingest(
            session=session,
            run_id=run_id,
            actor="rina",
            inputs={"penilaian": write_file(tmp_path, "p.csv", ratings_csv())},
        )


def test_bonus_above_its_cap_is_refused(session: Session, tmp_path: Path) -> None:
    run_id = start_run(session, tmp_path, pack())
    with pytest.raises(ImportFileError, match="poin bonus inovasi paling banyak 5"):
        evaluation.ingest(
            session=session,
            run_id=run_id,
            actor="rina",
            inputs={"bonus": write_file(tmp_path, "b.csv", BONUS.replace(";2;", ";6;"))},
        )


def test_period_without_data_is_refused(session: Session, tmp_path: Path) -> None:
    run_id = start_run(session, tmp_path, pack())
    with pytest.raises(ServiceError, match="belum memiliki penilaian 360 maupun respons SKM"):
        evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    assert not session.exec(select(col(EvaluationScore.id))).all()


def markdown_problems(md: str) -> list[str]:
    """Headings, tables and bold-led paragraphs that would merge into the line above."""
    lines = md.split("\n")
    problems = []
    for i, line in enumerate(lines[1:], 1):
        before = lines[i - 1]
        starts_block = line.startswith(("#", "**")) or (
            line.startswith("|") and not before.startswith("|")
        )
        if starts_block and before.strip() and not before.endswith("\\"):
            problems.append(f"line {i + 1}: {line[:60]!r} follows {before[:60]!r}")
    return problems


def test_documents_are_well_formed_markdown(
    session: Session, produced: tuple[int, evaluation.StageOutput]
) -> None:
    _, out = produced
    docs = list(out.documents) + employee_sheets.publish_employee_sheets(
        session=session,
        organisation="contoh",
        cycle=None,
        period=PERIOD,
        actor="rina",
        locales=("id", "en"),
        as_of=AS_OF,
    )
    for doc in docs:
        md = Path(doc.md_path).read_text(encoding="utf-8")
        assert markdown_problems(md) == [], doc.key


def _rating_indexes(session: Session) -> list[tuple[str, list[str | None]]]:
    from sqlalchemy import inspect

    found = inspect(session.connection()).get_indexes(Rating360.__tablename__)
    return sorted((i["name"] or "", list(i["column_names"])) for i in found)


def test_a_large_first_load_keeps_the_ratings_index(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite a load into an empty table builds the index after the rows; it is the same."""
    from policy.services import bulk_imports

    deferred: list[list[str]] = []
    original = bulk_imports._index_deferred

    def spy(*args: Any) -> Any:
        found = original(*args)
        deferred.append([i.name for i in found])
        return found

    monkeypatch.setattr(bulk_imports, "_index_deferred", spy)
    before = _rating_indexes(session)
    assert [name for name, _ in before] == ["ix_rating360_cells"]
    run_id = start_run(session, tmp_path, pack())
    bad = ratings_csv() + f"{PERIOD};{EKO};rekan;{GITA};kreativitas;4\n"  # the last row is bad
    with pytest.raises(ImportFileError, match="kreativitas"):
        evaluation.ingest(
            session=session,
            run_id=run_id,
            actor="rina",
            inputs={"penilaian": write_file(tmp_path, "bad.csv", bad)},
        )
    assert _rating_indexes(session) == before
    assert session.exec(select(func.count()).select_from(Rating360)).one() == 0
    evaluation.ingest(
        session=session,
        run_id=run_id,
        actor="rina",
        inputs={"penilaian": write_file(tmp_path, "penilaian.csv", ratings_csv())},
    )
    assert _rating_indexes(session) == before
    assert session.exec(select(func.count()).select_from(Rating360)).one() > 50
    if session.get_bind().dialect.name == "sqlite":
        plan = session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT nip, source, criterion, SUM(score), COUNT(*) "
            "FROM rating_360 WHERE organisation_id = 1 AND period = 'x' "
            "GROUP BY nip, source, criterion"
        )
        assert "COVERING INDEX ix_rating360_cells" in " ".join(str(r[-1]) for r in plan)
        assert deferred == [["ix_rating360_cells"], ["ix_rating360_cells"]]
    else:  # PostgreSQL: a dropped index would lock the table for every reader
        assert deferred == [[], []]


@pytest.mark.parametrize(  # SQLite has a single writer: two imports cannot overlap there
    "engine", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_concurrent_rating_imports_of_one_organisation_run_one_after_the_other(
    session: Session, tmp_path: Path
) -> None:
    """The second import waits for the first, then replaces its ratings (no duplicates)."""
    import threading
    import time

    start_run(session, tmp_path, pack())
    session.commit()
    code = MINI_PACK["organisation"]["code"]
    first_org = get_org(session, code)
    first = write_file(tmp_path, "first.csv", ratings_csv())
    second = write_file(tmp_path, "second.csv", ratings_csv().replace(";5\n", ";4\n", 1))
    ingest_file(session, first_org, "penilaian_360", first, "rina")  # not committed yet
    done = threading.Event()
    failure: list[BaseException] = []

    def later() -> None:
        try:
            with Session(session.get_bind(), expire_on_commit=False) as other:
                ingest_file(other, get_org(other, code), "penilaian_360", second, "rina")
                other.commit()
        except BaseException as exc:  # reported by the main thread
            failure.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=later)
    thread.start()
    time.sleep(0.5)
    assert not done.is_set()  # waiting for the first import's transaction
    session.commit()
    thread.join(timeout=30)
    assert done.is_set() and not failure, failure
    twice = session.connection().exec_driver_sql(
        "SELECT nip, source, criterion, rater FROM rating_360 "
        "GROUP BY nip, source, criterion, rater HAVING COUNT(*) > 1"
    )
    assert list(twice) == []
    imports = session.exec(select(func.count(func.distinct(Rating360.import_id)))).one()
    assert imports == 1


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"^guru\b", ["guru"]),
        ("^guru", ["guru"]),
        (r"^(guru|pengajar)\b", ["guru", "pengajar"]),
        (r"^kepala sekolah\b", ["kepala sekolah"]),
        ("guru", []),  # anywhere in the jabatan: quoted as written
        (r"^guru\b.*ahli", []),
        ("(?i)^guru", []),
    ],
)
def test_reports_describe_a_simple_jabatan_pattern_in_words(pattern: str, words: list[str]) -> None:
    from policy.services.evaluation_results import position_words

    assert position_words(pattern) == words


def test_a_sheet_bears_the_date_of_its_laporan_by_default(
    session: Session, produced: tuple[int, evaluation.StageOutput]
) -> None:
    # Published weeks later (or, for a year, before it has ended), a sheet is still part of
    # the Laporan Evaluasi of 15 October 2026 and says so by its date.
    run_id, out = produced
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    (doc,) = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=PERIOD, actor="rina",
        nips=[FAJAR],
    )  # fmt: skip
    md = Path(doc.md_path).read_text(encoding="utf-8")
    assert "Contoh, 15 Oktober 2026" in md
    later = date(2026, 12, 1)
    (doc,) = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=PERIOD, actor="rina",
        nips=[FAJAR], as_of=later,
    )  # fmt: skip
    assert "Contoh, 1 Desember 2026" in Path(doc.md_path).read_text(encoding="utf-8")


def test_a_sheet_lists_sources_with_and(
    session: Session, produced: tuple[int, evaluation.StageOutput], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.documents import render_markdown

    views: list[Any] = []
    publish = employee_sheets.publish_batch

    def keep(session: Session, ctx: Any, batch: Any, **kw: Any) -> Any:
        views.extend(v for _, _, by_locale in batch for v in by_locale.values())
        return publish(session, ctx, batch, **kw)

    monkeypatch.setattr(employee_sheets, "publish_batch", keep)
    employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=PERIOD, actor="rina",
        nips=[FAJAR], locales=("id", "en"), as_of=AS_OF,
    )  # fmt: skip
    id_view, en_view = views
    two = {"missing_sources": ["rekan", "masyarakat"], "hidden_sources": [], "reweighted": True}
    md = render_markdown("lembar_pegawai", id_view.model_copy(update=two), "id")
    assert "tidak ada nilai dari rekan kerja dan masyarakat." in md
    en = render_markdown("lembar_pegawai", en_view.model_copy(update=two), "en")
    assert "there were no scores from peers and community." in en


def test_who_filled_in_a_self_assessment_is_withheld_for_small_units(
    session: Session, tmp_path: Path
) -> None:
    # Groups of 4: PKM's and the school's 3 employees each are fewer (together 6, enough
    # beside the total); DUKCAPIL's 5 show. The organisation's total stays.
    _, out = produce(session, tmp_path, pack(min_group_size=4))
    md = md_of(out, "laporan-evaluasi")
    assert "2 dari 11 pegawai (18,2%) mengisi penilaian diri pada periode ini." in md
    assert "| Puskesmas Kota | 3 | disamarkan | 0 | – | – | – |" in md
    assert "| SD Negeri 1 Contoh | 3 | disamarkan | 0 | – | – | – |" in md
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 5 | 2 (40,0%) | 1 | disamarkan |" in md
    school = md_of(out, "lembar-unit-sdn1")
    assert (
        "Jumlah pegawai unit ini yang mengisi penilaian diri disamarkan: unit ini kurang "
        "dari 4 pegawai" in school
    )


def test_the_self_assessment_share_can_be_a_measured_indicator(
    session: Session, tmp_path: Path
) -> None:
    data = pack()
    data["indicators"] = [
        {"code": "DIRI", "name": "Pegawai yang mengisi penilaian diri", "unit": "%",
         "baseline": "0", "target": "90", "measure": "penilaian_diri"},
        {"code": "DIRI-DUK", "name": "Pegawai Dukcapil yang mengisi penilaian diri",
         "unit": "%", "baseline": "0", "target": "90", "measure": "penilaian_diri:DUKCAPIL"},
    ]  # fmt: skip
    _, out = produce(session, tmp_path, data)
    md = md_of(out, "laporan-evaluasi")
    # Fajar and Gita: 2 of the 11 employees (18,18 %), 2 of DUKCAPIL's 5 (40,00 %).
    realised = {line.split(" | ")[0][2:]: line.split(" | ")[5] for line in md.splitlines()
                if line.startswith("| DIRI")}  # fmt: skip
    assert realised == {"DIRI": "18,18", "DIRI-DUK": "40,00"}
