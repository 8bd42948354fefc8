"""The needs analysis in the Naskah Akademik outline: the Kajian Akademik a pack may choose."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from policy.legal_bases import NATIONAL_BASES
from policy.models import Document
from policy.services import needs_analysis
from policy.services.stagework import StageOutput
from tests.factories import MINI_PACK, make_org
from tests.policy.services.test_needs_analysis import started

NOTES = """\
# Catatan Analisis

Disusun oleh tim penilaian kinerja BKPSDM.

## Kajian Teoretis

Teori penetapan tujuan menjelaskan bahwa sasaran yang jelas dan umpan balik yang teratur
meningkatkan kinerja.

### Umpan balik berkelanjutan

Dialog kinerja bulanan antara atasan dan pegawai.

## Masalah yang ditemukan

SKP terlambat disusun karena SKP pimpinan unit belum ditetapkan.

## landasan filosofis:

Pelayanan publik yang baik adalah hak setiap warga.

## Landasan Yuridis

Wali Kota berwenang menetapkan peraturan pelaksanaan manajemen kinerja.
"""

BAB = [
    "## BAB I Pendahuluan",
    "## BAB II Kajian Teoretis dan Praktik Empiris",
    "## BAB III Evaluasi dan Analisis Peraturan Perundang-undangan Terkait",
    "## BAB IV Landasan Filosofis, Sosiologis, dan Yuridis",
    "## BAB V Jangkauan, Arah Pengaturan, dan Ruang Lingkup Materi Muatan",
    "## BAB VI Penutup",
]
CHAPTERS = [
    "## Chapter I Introduction",
    "## Chapter II Theoretical Review and Empirical Practice",
    "## Chapter III Evaluation and Analysis of the Related Regulations",
    "## Chapter IV Philosophical, Sociological and Juridical Foundations",
    "## Chapter V Reach, Direction and Scope of the Regulation",
    "## Chapter VI Closing",
]


def outlined(outline: str | None) -> dict[str, Any]:
    data = copy.deepcopy(MINI_PACK)
    if outline is not None:
        data["stages"] = {"needs_analysis_outline": outline}
    return data


def produce(
    session: Session, folder: Path, data: dict[str, Any], notes: str | None
) -> tuple[StageOutput, dict[str, str]]:
    """Run the stage with the complaints (and `notes` as `catatan`); Markdown by locale."""
    run_id = started(session, folder, data)
    if notes is not None:
        path = folder / "catatan.md"
        path.write_text(notes, encoding="utf-8")
        needs_analysis.ingest(session=session, run_id=run_id, inputs={"catatan": path},
                              actor="rina")  # fmt: skip
    out = needs_analysis.produce(session=session, run_id=run_id, actor="rina",
                                 as_of=date(2026, 1, 20), locales=("id", "en"))  # fmt: skip
    return out, {d.locale: Path(d.md_path).read_text(encoding="utf-8") for d in out.documents}


def between(text: str, start: str, end: str) -> str:
    """The text from heading `start` up to heading `end` (both must be there, in order)."""
    head = text.index(f"\n{start}\n")
    return text[head : text.index(f"\n{end}\n", head)]


def test_the_naskah_akademik_outline_sets_the_analysis_out_in_six_babs(
    session: Session, tmp_path: Path
) -> None:
    out, docs = produce(session, tmp_path, outlined("naskah_akademik"), NOTES)
    text, english = docs["id"], docs["en"]
    assert text.startswith("# Kajian Akademik\n")
    assert [line for line in text.splitlines() if line.startswith("## BAB")] == BAB
    # BAB I B holds the ranked problems; D says how they are scored.
    problems = between(text, "### B. Identifikasi Masalah", "### C. Tujuan dan Kegunaan")
    assert (
        "| 1 | Dinas Kependudukan dan Pencatatan Sipil | Pengaduan | 3 pengaduan (75,0% dari "
        "seluruh pengaduan), 1 direspons lewat 72 jam atau belum direspons; terbanyak: antrean "
        "| 66,7 |"
    ) in problems
    assert "Cara pemeringkatan: pengaduan diberi skor 50" in between(text, "### D. Metode", BAB[1])
    # The notes' Kajian Teoretis opens BAB II A, its subheading one level below the part's;
    # the sections naming no part follow it there.
    theory = between(text, "### A. Kajian Teoretis", "### B. Kajian terhadap Praktik Empiris")
    assert theory.index("Teori penetapan tujuan") < theory.index("#### Catatan Analisis")
    assert "\n#### Umpan balik berkelanjutan\n" in theory
    assert "\n##### Masalah yang ditemukan\n" in theory
    assert "Kajian Teoretis\n" not in theory.split("\n", 2)[2]  # the notes' heading is gone
    practice = between(text, "### B. Kajian terhadap Praktik Empiris", BAB[2])
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 3 | 75,0% | 50,0 jam | 1 | antrean |" in (
        practice
    )
    assert "#### 3. Pemangku Kepentingan" in practice and "**Masyarakat**" in practice
    # BAB III names each national regulation with what it governs.
    regulations = between(text, BAB[2], BAB[3])
    for i, basis in enumerate(NATIONAL_BASES, 1):
        assert f"\n{i}. **{basis.citation()}.** {basis.governs('id')}\n" in regulations
    assert (
        "**Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara.** Menetapkan nilai "
        "dasar ASN BerAKHLAK"
    ) in regulations
    # BAB IV: the notes' foundations where they give them, the data's problems as sociological.
    philosophy = between(text, "### A. Landasan Filosofis", "### B. Landasan Sosiologis")
    assert "Pelayanan publik yang baik adalah hak setiap warga." in philosophy
    assert "tim penyusun" not in philosophy
    sociology = between(text, "### B. Landasan Sosiologis", "### C. Landasan Yuridis")
    assert "1. Dinas Kependudukan dan Pencatatan Sipil (Pengaduan): 3 pengaduan" in sociology
    law = between(text, "### C. Landasan Yuridis", BAB[4])
    assert "Wali Kota berwenang menetapkan peraturan pelaksanaan" in law
    assert "UU 12/2011, UU 27/2022, UU 20/2023, PP 30/2019" in law
    # BAB V: reach, direction (the targets from the top problems), scope (the indicators).
    scope = between(text, BAB[4], BAB[5])
    assert "1. Mempercepat tanggapan atas pengaduan di Dinas Kependudukan" in scope
    assert "| IKM | Indeks Kepuasan Masyarakat | indeks | 78,50 | 82,00 |" in scope
    closing = text[text.index(BAB[5]) :]
    assert (
        "### A. Simpulan\n\n1. Analisis data periode 1 Januari 2025 s.d. 31 Desember 2025 "
        "menemukan 2 permasalahan"
    ) in closing
    assert "dibahas bersama ASN Perangkat Daerah dan Masyarakat" in closing
    assert "3. Tim penyusun" not in closing  # the notes give the philosophical foundation
    references = closing[closing.index("## Daftar Pustaka") :]
    assert (
        "- Peraturan Pemerintah Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri "
        "Sipil.\n"
    ) in references
    assert (
        "- Pemerintah Kota Contoh. Data pengaduan masyarakat, 1 Januari 2025 s.d. 31 Desember "
        "2025 (4 pengaduan).\n"
    ) in references

    assert english.startswith("# Academic Study\n")
    assert [line for line in english.splitlines() if line.startswith("## Chapter")] == CHAPTERS
    assert (
        "| 1 | Dinas Kependudukan dan Pencatatan Sipil | Complaints | 3 complaints (75.0% of all)"
    ) in between(english, "### B. Problems Identified", "### C. Purpose and Use")
    theory = between(english, "### A. Theoretical Review", "### B. Empirical Practice")
    assert "Teori penetapan tujuan" in theory and "\n#### Umpan balik berkelanjutan\n" in theory
    regulations = between(english, CHAPTERS[2], CHAPTERS[3])
    for i, basis in enumerate(NATIONAL_BASES, 1):
        assert f"\n{i}. **{basis.citation()}.** {basis.governs('en')}\n" in regulations
    assert "Pelayanan publik yang baik" in between(
        english, "### A. Philosophical Foundation", "### B. Sociological Foundation"
    )
    assert re.search(r"\d,\d", english) is None  # no decimal comma

    # The stage's one report, under its key, titled for its outline.
    assert out.report_title == "Kajian Akademik"
    registered = session.exec(select(Document.key, Document.kind, Document.title)).all()
    assert sorted(registered) == [
        ("laporan-analisis-kebutuhan", "kajian_akademik", "Academic Study"),
        ("laporan-analisis-kebutuhan", "kajian_akademik", "Kajian Akademik"),
    ]


def test_without_notes_the_drafting_team_is_named_for_theory_and_philosophy(
    session: Session, tmp_path: Path
) -> None:
    """Nothing is written in the officer's place: what the notes do not give is said to be
    the drafting team's to write."""
    _, docs = produce(session, tmp_path, outlined("naskah_akademik"), None)
    text, english = docs["id"], docs["en"]
    assert between(text, "### A. Kajian Teoretis", "### B. Kajian terhadap Praktik Empiris") == (
        "\n### A. Kajian Teoretis\n\nCatatan analisis tidak memuat kajian teoretis; bagian ini "
        "dilengkapi oleh tim penyusun.\n"
    )
    assert between(text, "### A. Landasan Filosofis", "### B. Landasan Sosiologis") == (
        "\n### A. Landasan Filosofis\n\nCatatan analisis tidak memuat landasan filosofis; "
        "landasan ini dirumuskan oleh tim penyusun.\n"
    )
    assert "3. Tim penyusun merumuskan landasan filosofis (BAB IV huruf A)" in text
    assert "catatan analisis petugas" not in between(text, "### D. Metode", BAB[1])
    assert "The analysis notes hold no philosophical foundation; the drafting team writes it." in (
        english
    )


def test_a_pack_changing_its_outline_gets_a_new_version_of_the_same_report(
    session: Session, tmp_path: Path
) -> None:
    """The default is the Laporan; the pack then choosing the Kajian Akademik republishes the
    stage's one report, which the approval and the portal find under its key."""
    run_id = started(session, tmp_path, outlined(None))

    def report() -> Document:
        out = needs_analysis.produce(session=session, run_id=run_id, actor="rina",
                                     as_of=date(2026, 1, 20))  # fmt: skip
        doc = session.get(Document, out.documents[0].id)
        assert doc is not None
        return doc

    first = report()
    assert (first.kind, first.title, first.version) == (
        "laporan_analisis_kebutuhan", "Laporan Analisis Kebutuhan", 1,
    )  # fmt: skip
    assert first.md_file.read_text(encoding="utf-8").startswith("# Laporan Analisis Kebutuhan\n")
    make_org(session, tmp_path, outlined("naskah_akademik"))  # the pack loaded again
    second = report()
    assert (second.key, second.kind, second.title, second.version) == (
        first.key, "kajian_akademik", "Kajian Akademik", 2,
    )  # fmt: skip
    assert second.md_file.read_text(encoding="utf-8").startswith("# Kajian Akademik\n")
