"""The five regional packs: each runs a full cycle and produces its region's documents.

Sawahlunto's cycle is covered by the golden documents; the four others run here through
the services (`tests.factories.run_pack_cycle`), and their generators are checked to
reproduce the committed sample files byte for byte.
"""

from __future__ import annotations

import filecmp
import importlib.util
import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from policy.evaluation.rounding import round_half_up
from policy.locale import format_date
from policy.models import (
    Document,
    EvaluationScore,
    FollowUpAction,
    IndicatorRealisation,
    Predikat,
    RolloutMilestone,
    Stage,
    StageRun,
)
from policy.packs import load_pack
from policy.services import employee_sheets, records, rollout
from policy.services.common import get_cycle, get_org
from policy.services.deadlines import calendar_for
from tests.factories import run_pack_cycle
from tests.policy.services.test_evaluation_360 import markdown_problems

PACKS = Path(__file__).resolve().parents[2] / "packs"


def requests_by_hand(
    name: str, file: str, unit: str, start: date, end: date
) -> dict[str, tuple[int, int, int, int, int, int]]:
    """Kind -> (requests, finished, working days, same day, judged, within), request by request.

    Read straight from the sample file, each request's working days counted with the pack's
    calendar, the same rules as `policy.evaluation.processing` (not its code).
    """
    pack = load_pack(PACKS / f"{name}.yaml").pack
    calendar = calendar_for(pack)
    standards = next(u for u in pack.units if u.code == unit).service_days
    found: dict[str, list[int]] = {}
    text = (PACKS / name / file).read_text(encoding="utf-8-sig")
    for line in text.splitlines()[1:]:
        code, kind, came, done, _ = line.split(";")
        received = datetime.strptime(came, "%d/%m/%Y").date()
        if code != unit or not start <= received <= end:
            continue
        counts = found.setdefault(kind, [0, 0, 0, 0, 0, 0])
        counts[0] += 1
        standard = standards.get(kind)
        if not done:
            late = standard is not None and calendar.add_working_days(received, standard) < end
            counts[4] += late
            continue
        finished = datetime.strptime(done, "%d/%m/%Y").date()
        took = calendar.working_days_between(received, finished)
        counts[1] += 1
        counts[2] += took
        counts[3] += finished == received
        if standard is not None:
            counts[4] += 1
            counts[5] += took <= standard
    return {kind: (a, b, c, d, e, f) for kind, (a, b, c, d, e, f) in found.items()}


def partner_rows_by_hand(path: Path) -> list[str]:
    """The Laporan's rows of who collected the SKM answers, counted from the CSV itself.

    Per collector: respondents, share of all, IKM = (sum over the nine elements of the mean
    of the answered values) / 9 x 25, rounded half up to 2 decimals, and its mutu (R1).
    """
    names = {
        "DPMPTSP": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "UPTD-PPD-BL": "UPTD Pelayanan Pajak Daerah Wilayah Bandar Lampung",
    }
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    head = lines[0].split(";")
    groups: dict[str, list[dict[str, str]]] = {}
    for line in lines[1:]:
        row = dict(zip(head, line.split(";"), strict=True))
        groups.setdefault(row["pelaksana"], []).append(row)
    total = sum(len(rows) for rows in groups.values())
    out = []
    for who in sorted(groups, key=lambda w: w == ""):
        rows = groups[who]
        means = []
        for i in range(1, 10):
            answered = [int(r[f"u{i}"]) for r in rows if r[f"u{i}"]]
            means.append(Fraction(sum(answered), len(answered)))
        ikm = round_half_up(sum(means) / 9 * 25, 2)
        mutu = "A" if ikm >= Decimal("88.31") else "B" if ikm >= Decimal("76.61") else "C"
        units = ", ".join(names[u] for u in names if any(r["unit_layanan"] == u for r in rows))
        share = round_half_up(Fraction(100 * len(rows), total), 1)
        label = who or "Pemerintah daerah (tanpa mitra)"
        out.append(
            f"| {label} | {units} | {len(rows)} | {str(share).replace('.', ',')}% | "
            f"{str(ikm).replace('.', ',')} | {mutu} |"
        )
    return out


REGIONS = ("cipocokjaya", "gajahmungkur", "sorong", "lampung")


def docs_of(outputs: list[Any]) -> dict[str, str]:
    """Markdown of every document by key (Indonesian)."""
    return {
        d.key: Path(d.md_path).read_text(encoding="utf-8")
        for out in outputs
        for d in out.documents
        if d.locale == "id"
    }


def evaluations(outputs: list[Any]) -> list[Any]:
    """The evaluation outputs; their documents are well-formed Markdown in both locales."""
    found = [o for o in outputs if "period" in o.summary]
    for out in found:
        for doc in out.documents:
            md = Path(doc.md_path).read_text(encoding="utf-8")
            assert markdown_problems(md) == [], doc.key
    return found


@pytest.mark.parametrize("name", REGIONS)
def test_generator_reproduces_the_committed_files(name: str, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"gen_{name}", PACKS / name / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated
    match, mismatch, errors = filecmp.cmpfiles(PACKS / name, tmp_path, generated, shallow=False)
    assert (mismatch, errors) == ([], []), f"run packs/{name}/generate.py and commit its output"
    demo = load_pack(PACKS / f"{name}.yaml").pack.demo
    named = {Path(f).name for files in demo.values() for f in files.values()}
    assert set(generated) <= named, "every generated file is used by the pack"


@pytest.mark.parametrize("name", ("sawahlunto", *REGIONS))
def test_every_milestone_lies_within_the_implementation(session: Session, name: str) -> None:
    """The plan counts from the day implementation began, after the socialisation report;
    every target falls between that day and the progress report, as the plan says."""
    outputs = run_pack_cycle(session, name, until=Stage.IMPLEMENTATION)
    cycle = get_cycle(session, get_org(session, None))
    start = rollout.implementation_start(session, cycle)
    dated = dict(session.exec(select(Document.key, Document.dated).where(
        col(Document.key).in_(["laporan-sosialisasi", "laporan-kemajuan"]))).all())  # fmt: skip
    socialised, reported = dated["laporan-sosialisasi"], dated["laporan-kemajuan"]
    assert start is not None and socialised is not None and reported is not None
    assert socialised < start < reported
    dues = session.exec(select(RolloutMilestone.due_on)).all()
    assert dues and start <= min(dues) and max(dues) <= reported, (start, min(dues), max(dues))
    plan = docs_of(outputs)["rencana-implementasi"]
    assert f"Implementasi dimulai {format_date(start)}." in plan
    assert f"paling awal {format_date(min(dues))} dan paling akhir {format_date(max(dues))}" in plan


@pytest.mark.parametrize("path", sorted(PACKS.glob("*.yaml")), ids=lambda p: p.stem)
def test_an_ikm_indicator_has_the_packs_ikm_target(path: Path) -> None:
    """Reports judge every unit's IKM against `evaluation.ikm.target`; an IKM indicator with
    another target would be met in one section and missed in the next."""
    pack = load_pack(path).pack
    for indicator in pack.indicators:
        if indicator.code.split("-")[0] == "IKM":
            assert indicator.target == pack.evaluation.ikm.target, indicator.code


def test_sawahlunto_judges_complaints_by_its_perwali() -> None:
    """The demo's Perwali sets the complaint response limit its reports judge by (48 hours)."""
    perwali = (PACKS / "sawahlunto" / "rancangan_v3.md").read_text(encoding="utf-8")
    stated = re.findall(r"menanggapi pengaduan paling lama (\d+) \(", perwali)
    limit = load_pack(PACKS / "sawahlunto.yaml").pack.evaluation.complaints.response_limit_hours
    assert stated == [str(limit)] == ["48"]


def test_cipocokjaya(session: Session) -> None:
    outputs = run_pack_cycle(session, "cipocokjaya")
    docs = docs_of(outputs)
    # A Keputusan Camat, not a Perwali.
    assert "# KEPUTUSAN CAMAT CIPOCOK JAYA" in docs["rancangan-keputusan"]
    assert "Berita Daerah" not in docs["rancangan-keputusan"]
    # A Keputusan has diktum, not Pasal: the forum discusses it diktum by diktum.
    for key in ("undangan-F1", "notulen-F1"):
        assert "Pembahasan rancangan Keputusan Camat diktum demi diktum" in docs[key]
        assert "pasal demi pasal" not in docs[key].lower()
    # The invitation asks for input naming the diktum, not the Pasal and ayat.
    assert "menyebutkan bagian rancangan (diktum) yang dimaksud" in docs["undangan-F1"]
    assert "pasal" not in docs["undangan-F1"].lower()
    tw3, year = evaluations(outputs)
    assert (tw3.summary["period"], year.summary["period"]) == ("2026-TW3", "2026")
    # The quarterly self-assessment round: supervisor and self only; diri beside atasan.
    self_round = docs["laporan-evaluasi-2026-tw3"]
    assert "### 2.7 Penilaian Diri dan Penilaian Atasan" in self_round
    # It is a round, not an evaluation: provisional scores, no coaching or talent pool.
    assert (
        "**Putaran penilaian diri.** Periode Triwulan III 2026 adalah putaran penilaian diri, "
        "bukan periode evaluasi: kebijakan ini menilai kinerja secara tahunan." in self_round
    )
    assert tw3.summary["self_round"] and not year.summary["self_round"]
    assert "## Ringkasan\n\nPutaran penilaian diri: nilai dan predikat di bawah ini bersifat " in (
        self_round
    )
    assert tw3.summary["actions"]["coaching"] == tw3.summary["actions"]["talent_pool"] == 0
    assert year.summary["actions"]["coaching"] + year.summary["actions"]["talent_pool"] > 0
    assert "Putaran penilaian diri" not in docs["laporan-evaluasi-2026"]
    # Every team of a kecamatan's units is withheld (a Pimpinan of one beside a team of
    # three to five): one sentence, not a table of 26 rows reading "disamarkan".
    assert (
        "Hasil per tim tidak ditampilkan: semua 26 tim disamarkan, yaitu tim dengan kurang dari "
        "3 pegawai dinilai" in docs["laporan-evaluasi-2026"]
    )
    assert "| disamarkan |" not in docs["laporan-evaluasi-2026"]
    # A count indicator in whole people (the pack's `decimals: 0`), not "8,00 orang".
    assert (
        "| INOVASI | Jumlah pegawai yang ikut program inovasi (orang) | 2 | 8 | "
        "makin tinggi makin baik | 6 |" in docs["laporan-evaluasi-2026"]
    )
    assert (
        "| INOVASI Jumlah pegawai yang ikut program inovasi | 6 orang | 8 orang |"
        in (docs["rekomendasi-tindak-lanjut-2026"])
    )
    # Measured indicators: the round's own IKM of PATEN (section 3) and no bonus data in a
    # quarter (bonuses are awarded for the year), not "0 people".
    assert "| Pelayanan Administrasi Terpadu Kecamatan | 64 | **81,45** | B | Baik |" in self_round
    assert (
        "| IKM-PATEN | Indeks Kepuasan Masyarakat PATEN (indeks) | 78,54 | 82,00 | "
        "makin tinggi makin baik | 81,45 |" in self_round
    )
    assert (
        "| INOVASI | Jumlah pegawai yang ikut program inovasi (orang) | 2 | 8 | "
        "makin tinggi makin baik | – |" in self_round
    )
    assert (
        "- **INOVASI**: jumlah pegawai yang memperoleh poin bonus Keikutsertaan dalam program "
        "inovasi kecamatan pada periode ini." in docs["laporan-evaluasi-2026"]
    )
    assert "**Putaran penilaian diri.**" in docs["lembar-unit-kel-dalung-2026-tw3"]
    # A kelurahan is led by a Lurah; the pack names no head titles for its units.
    rekomendasi = docs["rekomendasi-tindak-lanjut-2026"]
    assert "Lurah Banjar Agung" in rekomendasi and "Kepala Kelurahan" not in rekomendasi
    # The officer rated Sangat Baik does not own his own talent-pool action: the next
    # member in line (the Camat, a leader) does.
    dedi = next(
        a for a in session.exec(select(FollowUpAction)).all()
        if a.rule == "talent_pool" and a.subject == "198407122009011001"
    )  # fmt: skip
    assert dedi.owner == "Ahmad Syarifudin, S.STP., M.Si."
    # `siklus docs list --stage/--period/--cari` narrows a long list.
    quarter = records.list_documents(
        session=session, organisation="cipocokjaya", cycle=None, stage=Stage.EVALUATION,
        period="2026-TW3",
    )  # fmt: skip
    assert quarter and {(r.stage, r.period) for r in quarter} == {("evaluation", "2026-TW3")}
    found = records.list_documents(
        session=session, organisation="cipocokjaya", cycle=None, search="LEMBAR-UNIT kel-dalung"
    )
    assert sorted(r.key for r in found) == [
        "lembar-unit-kel-dalung-2026",
        "lembar-unit-kel-dalung-2026-tw3",
    ]
    sheets = employee_sheets.publish_employee_sheets(
        session=session,
        organisation="cipocokjaya",
        cycle=None,
        period="2026-TW3",
        actor="dedi.supriatna",
        nips=["197911232003122001"],
        locales=("id", "en"),
    )
    for sheet in sheets:
        md = Path(sheet.md_path).read_text(encoding="utf-8")
        assert markdown_problems(md) == [], sheet.key
    own = Path(next(d.md_path for d in sheets if d.locale == "id")).read_text(encoding="utf-8")
    assert "Penilaian diri Saudara dibandingkan dengan penilaian atasan Saudara" in own
    en = Path(next(d.md_path for d in sheets if d.locale == "en")).read_text(encoding="utf-8")
    assert "**Self-assessment round.** Quarter 3 2026 is a self-assessment round" in en
    self_table = self_round.split("### 2.7")[1].split("### 2.8")[0]
    assert self_table.count("\n| Kelurahan ") == 8  # every kelurahan compared diri and atasan
    annual = docs["laporan-evaluasi-2026"]
    assert "Disiplin | disiplin | 35,00%" in annual
    assert "Keikutsertaan dalam program inovasi kecamatan paling banyak 5,00 poin" in annual
    assert "Batas waktu tanggapan: 48 jam" in annual
    assert "## 4. Pengaduan Masyarakat" in annual and "Persentil 90" in annual
    # Kelurahan offices with three staff give each only two peers: hidden.
    assert "Rekan kerja: " in annual.split("### 2.6")[1].split("### 2.7")[0]
    assert year.summary["hidden_sources"] > 0
    assert year.summary["actions"]["corrective_complaints"] > 0
    assert any(k.startswith("lembar-unit-kel-dalung") for k in docs)
    assert "### 2.1 Kerangka Penilaian 360 Berbobot" in annual
    # PENILAIAN-DIRI is measured: the year's file holds a self-assessment (diri) of each of
    # the 56 employees, counted here from the file.
    ratings = (PACKS / "cipocokjaya" / "penilaian_2026.csv").read_text(encoding="utf-8-sig")
    selves = {line.split(";")[1] for line in ratings.splitlines()[1:]
              if line.split(";")[2] == "diri"}  # fmt: skip
    assert len(selves) == 56
    assert "56 dari 56 pegawai (100,0%) mengisi penilaian diri pada periode ini." in annual
    assert (
        "| PENILAIAN-DIRI | Persentase pegawai yang mengisi penilaian diri triwulanan (%) | "
        "0,00 | 90,00 | makin tinggi makin baik | 100,00 |"
    ) in annual
    assert (
        "- **PENILAIAN-DIRI**: persentase pegawai seluruh unit yang mengisi penilaian diri "
        "pada periode ini (bagian 2.7)." in annual
    )
    # The IKM-PATEN baseline is the 2025 IKM of the needs analysis; the realisations are
    # the year's IKM and the median response time of the year's answered complaints.
    needs = docs["laporan-analisis-kebutuhan"]
    assert "| Pelayanan Administrasi Terpadu Kecamatan | 140 | **78,54** | B |" in needs
    assert "| INOVASI | Jumlah pegawai yang ikut program inovasi | orang | 2 | 8 |" in needs
    assert "program inovasi dari 2 orang menjadi 8 orang." in needs
    assert "| Pelayanan Administrasi Terpadu Kecamatan | 280 | 82,50 | B | Baik |" in annual
    assert (
        "| IKM-PATEN | Indeks Kepuasan Masyarakat PATEN (indeks) | 78,54 | 82,00 | "
        "makin tinggi makin baik | 82,50 | 100,61% | 114,45% | 82,00 | tercapai |"
    ) in annual
    # The complaint baselines are the 2025 figures: 43 of the 126 complaints in the needs
    # analysis answered within the Keputusan's 48 hours (34,13 %); their median is 58,15 hours.
    rows_2025 = [
        line.split("|")
        for line in needs.split("### 2.1")[1].split("### 2.2")[0].splitlines()
        if line.startswith("| ") and " jam | " in line
    ]
    received = sum(int(row[2]) for row in rows_2025)
    late = sum(int(row[5]) for row in rows_2025)
    assert (received, late) == (126, 83)
    assert round_half_up(Fraction(100 * (received - late), received), 2) == Decimal("34.13")
    assert (
        "| ADUAN-TEPAT | Persentase pengaduan yang ditanggapi paling lama 48 jam (%) | "
        "34,13 | 80,00 | makin tinggi makin baik | 62,20 | 77,75% | 61,19% | 80,00 | "
        "**belum tercapai, tertinggal** |"
    ) in annual
    assert (
        "| ADUAN-MEDIAN | Median waktu tanggapan pengaduan (jam) | 58,15 | 36,00 | "
        "makin rendah makin baik | 37,60 | 95,56% | 92,78% | 36,00 | "
        "**belum tercapai, tertinggal** |"
    ) in annual
    bonus = session.exec(
        select(EvaluationScore).where(EvaluationScore.details["bonus"].as_string() != "{}")
    ).all()
    assert bonus, "innovation bonus points reach the scores"


def test_gajahmungkur(session: Session) -> None:
    outputs = run_pack_cycle(session, "gajahmungkur")
    docs = docs_of(outputs)
    assert "# KEPUTUSAN CAMAT GAJAHMUNGKUR" in docs["rancangan-keputusan"]
    # A Keputusan Camat: diktum KESATU, KEDUA, … after MEMUTUSKAN, no Pasal, no Berita Daerah.
    (final,) = session.exec(
        select(Document).where(Document.key == "keputusan", Document.locale == "id")
    ).all()
    # Its files are named for what it is: keputusan-v1.id.md, not peraturan-v1.
    assert final.md_file.name.startswith("keputusan-v")
    keputusan = final.md_file.read_text(encoding="utf-8")
    menetapkan = "**Menetapkan :** KEPUTUSAN CAMAT GAJAHMUNGKUR TENTANG EVALUASI KINERJA PEGAWAI"
    assert "### MEMUTUSKAN:" in keputusan and menetapkan in keputusan
    assert "**Memperhatikan :**" in keputusan
    body = keputusan.split("### MEMUTUSKAN:")[1]
    assert "Pasal" not in body and "Berita Daerah" not in keputusan
    assert (
        "**KESATU** : Evaluasi kinerja pegawai di lingkungan Kecamatan Gajahmungkur "
        "dilaksanakan setiap tahun:\n\n&emsp;&emsp;1\\. berdasarkan rating hasil kerja"
    ) in body
    words = ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM"]
    assert [w for w in words if f"\n**{w}** : " in body] == words
    assert "**KEENAM** : Keputusan ini mulai berlaku pada tanggal ditetapkan." in body
    assert "Ditetapkan di Semarang" in body and "HARTONO WIBOWO" in body
    # Version 2 inserts the diktum KEDUA: the ones after it are renumbered, not new.
    comparison = docs["perbandingan-versi-v1-v2"]
    assert "| – | Diktum KEDUA | ditambahkan | no. 5 |" in comparison
    assert "| Diktum KEDUA | Diktum KETIGA | diubah, nomor bergeser | no. 1, no. 2 |" in comparison
    assert "| Diktum KELIMA | Diktum KEENAM | tidak berubah, nomor bergeser | – |" in comparison
    assert "### Diktum KEEMPAT (semula Diktum KETIGA)" in comparison
    # Inputs named the diktum of version 1 ("KETIGA", "diktum kedua"); the matrix says where
    # that diktum is now.
    matrix = docs["matriks-tanggapan"]
    assert "| 3 | KETIGA (versi 1; kini Diktum KEEMPAT pada versi 2) |" in matrix
    assert "| 2 | diktum kedua (versi 1; kini Diktum KETIGA pada versi 2) |" in matrix
    assert "Rancangan versi 2 terdiri atas 6 diktum." in matrix
    assert "Diktum dikutip sebagaimana disebut penyampai masukan" in matrix
    assert "masukan yang diktumnya kini bernomor lain" in matrix and "Pasal/ayat" not in matrix
    recap = docs["rekapitulasi-masukan"]
    assert "Diktum KEDUA" in recap and "Pasal" not in recap
    assert "**Rancangan Keputusan Camat Gajahmungkur tentang Evaluasi Kinerja" in recap
    (year,) = evaluations(outputs)
    assert year.summary["framework"] == "national" and year.summary["period"] == "2026"
    report = docs["laporan-evaluasi-2026"]
    assert "predikat kinerja pegawai dari rating e-Kinerja" in report
    assert "pelaksanaan Keputusan Camat tentang Evaluasi Kinerja Pegawai Berbasis Hasil" in report
    assert "### 2.3 Per Tim" in report
    assert "### 3.2 Profil Responden" in report and "### 3.3 Perkembangan IKM" in report
    assert "| Pelayanan Administrasi Terpadu Kecamatan | 900 | 269 |" in report  # K&M: 900 -> 269
    # One IKM target for every service unit, the IKM-PATEN indicator's too: PATEN's 81,57
    # meets it in the IKM section and as an indicator. Its baseline is the 2025 IKM.
    assert "Target IKM: **80,00**." in report
    assert "| Pelayanan Administrasi Terpadu Kecamatan | 288 | 81,57 | B | Baik |" in report
    assert "| Pelayanan Administrasi Terpadu Kecamatan | 78,29 (B) | 81,57 (B) |" in report
    assert (
        "| IKM-PATEN | Indeks Kepuasan Masyarakat PATEN (indeks) | 78,29 | 80,00 | "
        "makin tinggi makin baik | 81,57 | 101,96% | 191,81% | 80,00 | tercapai |"
    ) in report
    assert "IKM-PATEN" not in docs["rekomendasi-tindak-lanjut-2026"]
    assert "SKP-HASIL" in report and "LKH" in report
    assert "lembar-unit-paten-2026" in docs
    # PATEN-TEPAT is measured from PATEN's 840 requests of 2026 against the Standar
    # Pelayanan's times in the pack: 756 of the 830 judged within, counted here by hand.
    kinds = requests_by_hand("gajahmungkur", "layanan_2026.csv", "PATEN",
                             date(2026, 1, 1), date(2026, 12, 31))  # fmt: skip
    total = [sum(column) for column in zip(*kinds.values(), strict=True)]
    assert total == [840, 830, 1445, 338, 830, 756]
    assert round_half_up(Fraction(100 * 756, 830), 2) == Decimal("91.08")
    assert (
        "| PATEN-TEPAT | Persentase layanan PATEN selesai sesuai standar waktu (%) | 74,00 | "
        "90,00 | makin tinggi makin baik | 91,08 | 101,20% | 106,75% | 90,00 | tercapai |"
    ) in report
    assert "| Surat Keterangan Ahli Waris | 7 | 160 | 6 | 5,4 | 0,0% | 89,0% |" in report
    assert "### Waktu Penyelesaian Layanan" in docs["lembar-unit-paten-2026"]
    # 91,08 % within the standard meets the pack's 90 %: no corrective action.
    assert "Percepatan Penyelesaian Layanan" not in docs["rekomendasi-tindak-lanjut-2026"]
    # LKH is measured from e-Kinerja's recap of daily activity reports: a month counts when
    # reports cover 80 % of its working days outside the employee's leave (rounded up, at
    # least one; a month wholly on leave needs none); counted here employee by employee.
    pack = load_pack(PACKS / "gajahmungkur.yaml").pack
    calendar = calendar_for(pack)
    working = {}
    for month in range(1, 13):
        first = date(2026, month, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        days = calendar.working_days_between(first - timedelta(days=1), last)
        working[f"2026-{month:02d}"] = days
    staff = (PACKS / "gajahmungkur" / "pegawai.csv").read_text(encoding="utf-8-sig")
    nips = [line.split(";")[0] for line in staff.splitlines()[1:]]
    months_met: dict[str, int] = {}
    on_leave: set[str] = set()
    away: set[str] = set()
    recap = (PACKS / "gajahmungkur" / "lkh_2026.csv").read_text(encoding="utf-8-sig")
    for line in recap.splitlines()[1:]:
        month, nip, days, leave = line.split(";")
        at_work = working[month] - int(leave)
        needed = max(1, math.ceil(Fraction(4, 5) * at_work)) if at_work > 0 else 0
        months_met[nip] = months_met.get(nip, 0) + (int(days) >= needed)
        on_leave |= {nip} if int(leave) else set()
        away |= {nip} if at_work == 0 and days == "0" else set()
    complete = sum(months_met.get(nip) == 12 for nip in nips)
    # Two of them were on leave for whole months, with no report in those months.
    assert len(away) == 2
    assert (complete, len(nips), len(on_leave), working["2026-08"]) == (39, 49, 41, 19)
    assert (
        "| LKH | Persentase pegawai yang mengisi laporan kegiatan harian di e-Kinerja setiap "
        "bulan (%) | 48,00 | 90,00 | makin tinggi makin baik | 79,59 |"
    ) in report
    assert "39 dari 49 pegawai (79,6%) mengisi laporan kegiatan harian di e-Kinerja" in report
    assert "tidak wajib berisi laporan (41 pegawai mencatat cuti pada periode ini)" in report


def test_sorong_levels_teachers_and_processing_speed(session: Session) -> None:
    outputs = run_pack_cycle(session, "sorong", locales=("id", "en"))
    docs = docs_of(outputs)
    assert "# PERATURAN WALI KOTA SORONG" in docs["rancangan-peraturan"]
    (tw3,) = evaluations(outputs)
    report = docs["laporan-evaluasi-2026-tw3"]
    # Individual, team and unit levels.
    assert "### 2.3 Per Unit Kerja" in report and "### 2.4 Per Tim" in report
    assert "| SMP Negeri 3 Kota Sorong | Guru MIPA |" in report
    # Teachers on attendance, method and learning outcomes; supervisor 60 %, peers 40 %.
    assert "| Hasil belajar siswa | hasil\\_belajar | 40,00% |" in report
    assert "Bobot sumber penilai: Atasan 60,00%; Rekan kerja 40,00%." in report
    # Before the policy, the needs analysis ranks Disdukcapil's 2025 processing times first:
    # 663 of its 2.217 judged requests within the standard (29,9 %, counted by hand), far
    # below the 80 % target: 40 + 2 × (80,0 − 29,9) = 140,2, capped at 100.
    year = requests_by_hand("sorong", "layanan_2025.csv", "DISDUKCAPIL",
                            date(2025, 1, 1), date(2025, 12, 31))  # fmt: skip
    assert [sum(column) for column in zip(*year.values(), strict=True)][4:] == [2217, 663]
    assert round_half_up(Fraction(100 * 663, 2217), 1) == Decimal("29.9")
    assert (
        "| 1 | Dinas Kependudukan dan Pencatatan Sipil | Waktu penyelesaian layanan | 29,9% dari "
        "2.217 permohonan selesai sesuai standar, di bawah target 80,0%;"
    ) in docs["laporan-analisis-kebutuhan"]
    # Disdukcapil processing speed is measured from its 610 requests of TW III, each
    # counted here by hand: the mean working days of the finished ones (DUKCAPIL-HARI) and
    # the share of KTP-el requests finished the day they came in (KTP-SEHARI).
    kinds = requests_by_hand("sorong", "layanan_2026_tw3.csv", "DISDUKCAPIL",
                             date(2026, 7, 1), date(2026, 9, 30))  # fmt: skip
    total = [sum(column) for column in zip(*kinds.values(), strict=True)]
    ktp = kinds["KTP-el"]
    assert total == [610, 588, 1148, 227, 593, 421] and ktp == (250, 249, 164, 185, 250, 212)
    mean = round_half_up(Fraction(total[2], total[1]), 2)
    same_day = round_half_up(Fraction(100 * ktp[3], ktp[0]), 2)
    assert (mean, same_day) == (Decimal("1.95"), Decimal("74.00"))
    assert (
        "| DUKCAPIL-HARI | Rata-rata waktu penyelesaian dokumen kependudukan (hari kerja) | "
        "5,00 | 2,00 | makin rendah makin baik | 1,95 | 102,50% | 101,67% | 2,75 | tercapai |"
    ) in report
    assert (
        "| KTP-SEHARI | Persentase KTP-el terbit pada hari yang sama (%) | 40,00 | 75,00 | "
        "makin tinggi makin baik | 74,00 |" in report
    )
    within = round_half_up(Fraction(100 * ktp[5], ktp[4]), 1)
    assert f"| KTP-el | 1 | 250 | 1 | 0,7 | 74,0% | {str(within).replace('.', ',')}% |" in report
    assert not session.exec(
        select(IndicatorRealisation).where(IndicatorRealisation.code == "DUKCAPIL-HARI")
    ).first()
    # The Laporan's summary names the same totals, and the 360 mean of section 2.2.
    assert (
        "- **Waktu penyelesaian layanan** (bagian 4.2): 610 permohonan; 71,0% dari 593 "
        "permohonan yang dinilai selesai dalam jangka waktu Standar Pelayanan." in report
    )
    assert "dengan rata-rata **80,88** (Baik)." in report
    assert "Sangat Kurang; rata-rata nilai akhir 80,88 (Baik)." in report.split("## 1.")[0]
    # 421 of the 593 judged (71,0 %) against the pack's 80 %: a corrective action naming the
    # kinds below it, slowest first (by hand: Pindah Datang 21/37, Kartu Keluarga 81/142,
    # Akta Kelahiran 72/116, Kartu Identitas Anak 35/48; KTP-el 212/250 is above).
    recommendations = docs["rekomendasi-tindak-lanjut-2026-tw3"]
    assert (
        "| 1 | Dinas Kependudukan dan Pencatatan Sipil | 593 | 71,0% | 80,0% | Pindah Datang "
        "56,8% (standar 3 hari kerja); Kartu Keluarga 57,0% (standar 2 hari kerja); Akta "
        "Kelahiran 62,1% (standar 3 hari kerja); Kartu Identitas Anak 72,9% (standar 1 hari "
        "kerja) |"
    ) in recommendations
    # PREDIKAT-BAIK is measured (`predikat_baik`): 6 Sangat Baik + 34 Baik of the 51
    # employees with a final score (78,43 %), short of the 85 % target; nothing is imported.
    run = session.exec(select(StageRun).where(StageRun.period == "2026-TW3")).one()
    scores = session.exec(
        select(EvaluationScore).where(EvaluationScore.stage_run_id == run.id)
    ).all()
    good = sum(s.predikat in (Predikat.SANGAT_BAIK, Predikat.BAIK) for s in scores)
    assert (good, len(scores)) == (40, 51)
    assert round_half_up(Fraction(100 * good, len(scores)), 2) == Decimal("78.43")
    imported = select(IndicatorRealisation).where(IndicatorRealisation.code == "PREDIKAT-BAIK")
    assert session.exec(imported).first() is None
    assert (
        "- **PREDIKAT-BAIK**: persentase pegawai yang dinilai dengan predikat Baik atau Sangat "
        "Baik (bagian 2)." in report
    )
    assert "| Sangat Baik | 6 | 11,8% |" in report and "| Baik | 34 | 66,7% |" in report
    assert (
        "| PREDIKAT-BAIK | Persentase pegawai dengan predikat minimal Baik (%) | 70,00 | "
        "85,00 | makin tinggi makin baik | 78,43 | 92,27% | 56,20% | 81,25 | "
        "**belum tercapai, tertinggal** |"
    ) in report
    # Results feed career development and training.
    assert tw3.summary["actions"]["talent_pool"] > 0 and tw3.summary["actions"]["coaching"] > 0
    sheet = docs["lembar-unit-disdukcapil-2026-tw3"]
    assert "### Per Tim" in sheet and "Tim Pelayanan KTP-el" in sheet
    en = next(
        d
        for o in outputs
        for d in o.documents
        if d.key == "laporan-evaluasi-2026-tw3" and d.locale == "en"
    )
    assert "### 2.4 Per Team" in Path(en.md_path).read_text(encoding="utf-8")


def test_lampung_community_feedback_with_civil_society(session: Session) -> None:
    outputs = run_pack_cycle(session, "lampung")
    docs = docs_of(outputs)
    assert "# PERATURAN GUBERNUR LAMPUNG" in docs["rancangan-peraturan"]
    (tw3,) = evaluations(outputs)
    report = docs["laporan-evaluasi-2026-tw3"]
    assert (
        "Survei dilaksanakan bersama Lembaga Pemantau Pelayanan Publik Sai Bumi, "
        "Forum Masyarakat Peduli Pendidikan Lampung."
    ) in report
    assert "Kinerja akademik (pembelajaran dan karya ilmiah)" in report
    assert "Keterlibatan sosial" in report
    assert "Atasan 60,00%; Masyarakat 40,00%." in report  # teachers
    assert "Atasan 70,00%; Masyarakat 30,00%." in report  # everyone else
    # The IKM realisations are the IKM the report computes from the SKM sample, judged
    # against the one IKM target (80,00) in both sections; the baselines are the 2025 IKM.
    assert tw3.summary["ikm"] == {
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": "81,35 B",
        "UPTD Pelayanan Pajak Daerah Wilayah Bandar Lampung": "78,81 B",
    }
    assert "Target IKM: **80,00**." in report
    assert (
        "| IKM-DPMPTSP | Indeks Kepuasan Masyarakat DPMPTSP (indeks) | 76,53 | 80,00 | "
        "makin tinggi makin baik | 81,35 | 101,69% | 138,90% | 79,13 | tercapai |"
    ) in report
    assert (
        "| IKM-PAJAK | Indeks Kepuasan Masyarakat layanan pajak daerah (indeks) | 74,12 | "
        "80,00 | makin tinggi makin baik | 78,81 | 98,51% | 79,76% | 78,53 | "
        "belum tercapai, sesuai jalur |"
    ) in report
    # The partner ran the survey Monday to Wednesday: the Laporan's table of who collected
    # the answers, recounted here from the file by hand.
    assert partner_rows_by_hand(PACKS / "lampung" / "skm_2026_tw3.csv") == [
        row for row in report.split("Pelaksana Survei")[1].split("## 4.")[0].splitlines()
        if row.startswith("| ") and "---" not in row
    ][1:]  # fmt: skip
    # The summary at the top names the partner's share with its IKM (120 of 198, 79,72).
    assert (
        "Lembaga Pemantau Pelayanan Publik Sai Bumi mengumpulkan 120 responden (IKM 79,72)."
        in report.split("## 1.")[0]
    )
    needs = docs["laporan-analisis-kebutuhan"]
    assert "| Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu | 135 | **76,53** |" in needs
    # A province: the needs analysis is a Kajian Akademik in the Naskah Akademik outline, the
    # officer's notes sent to their parts by their headings.
    assert needs.startswith("# Kajian Akademik")
    foundations = needs.split("## BAB IV")[1].split("## BAB V")[0]
    assert "Pegawai ASN bekerja untuk melayani masyarakat." in foundations
    scope = needs.split("## BAB V")[1].split("## BAB VI")[0]
    assert "Survei kepuasan dan umpan balik masyarakat dilaksanakan bersama" in scope
    assert "| UPTD Pelayanan Pajak Daerah Wilayah Bandar Lampung | 195 | **74,12** |" in needs
    # Community figures from fewer than three respondents stay hidden; back-office staff
    # have no community raters and are scored from their supervisor alone.
    assert tw3.summary["hidden_sources"] > 0 and tw3.summary["reweighted"] > 0
    run = session.exec(select(StageRun).where(StageRun.period == "2026-TW3")).one()
    # UMPAN-BALIK is the share of the service units' front-line staff (front office, Samsat
    # counters) whose community rating is shown (at least 3 raters): 8 of 9 in the scores.
    front = [
        s
        for s in session.exec(select(EvaluationScore).where(EvaluationScore.stage_run_id == run.id))
        if s.unit_code in ("DPMPTSP", "UPTD-PPD-BL")
        and s.team in ("Tim Front Office", "Loket Samsat")
    ]
    shown = [s for s in front if "masyarakat" not in s.details["hidden"] + s.details["missing"]]
    assert (len(shown), len(front)) == (8, 9)
    assert (
        "| UMPAN-BALIK | Persentase petugas garis depan unit layanan yang memperoleh umpan "
        "balik masyarakat dari paling sedikit 3 penilai (%) | 0,00 | 80,00 | "
        "makin tinggi makin baik | 88,89 | 111,11% | 111,11% | 60,00 | tercapai |"
    ) in report
    teacher = session.exec(
        select(EvaluationScore).where(
            EvaluationScore.stage_run_id == run.id, EvaluationScore.criteria_set == "guru"
        )
    ).first()
    assert teacher is not None
    hidden = next(
        s
        for s in session.exec(select(EvaluationScore).where(EvaluationScore.stage_run_id == run.id))
        if "masyarakat" in s.details["hidden"]
    )
    sheets = employee_sheets.publish_employee_sheets(
        session=session,
        organisation="lampung",
        cycle=None,
        period="2026-TW3",
        actor="desi.anggraini",
        nips=[hidden.nip, teacher.nip],
    )
    md = Path(sheets[0].md_path).read_text(encoding="utf-8")
    assert "Masyarakat: tidak ditampilkan (kurang dari 3 penilai)" in md
    assert "LPPSB" not in md  # no respondent code of the survey on the sheet
    coaching = session.exec(select(FollowUpAction).where(FollowUpAction.rule == "coaching")).all()
    assert all("JP tercatat tahun 2026" in a.detail for a in coaching)
