"""The Perwali page on real output: signed at the right, each Lampiran headed and signed.

DOMAIN.md §4.1: "Signing: place and date on the right, title and name in capitals"; a
Lampiran has its heading in capitals at the top right and ends with the signatory's title
and name in capitals. Raw HTML is off, so the layout comes from `::: ttd` and
`::: lampiran` fences (`policy.markdown_divs`) styled by the page shell.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.documents import DocHeader, render_document
from policy.models import Document
from policy.packs import PackError, load_pack
from policy.perwali import parse_draft
from policy.services import cycle as cycle_service
from policy.views.drafting import ItemRow, PeraturanView, body_lines, trailing_sections
from tests.factories import MINI_PACK, write_file, write_pack
from tests.policy.services.test_draft_versions_final import _approve
from tests.policy.services.test_drafting import _doc, _ingest, _produce, _running
from tests.policy.test_perwali import DRAFT

LAMPIRAN = """
## Lampiran I Format Sasaran Kinerja Pegawai
### A. Identitas Pegawai
Nama, jabatan dan unit kerja Pegawai.

## LAMPIRAN II
Jadwal penilaian triwulan.
"""
TITLE = "MANAJEMEN KINERJA APARATUR SIPIL NEGARA"
NBSP = "\u00a0"
SIGNED = f"<p>WALI KOTA CONTOH,</p>\n<p>{NBSP}</p>\n<p>AHMAD FAUZI</p>\n</div>"
SIGNED_EN = f"<p>MAYOR OF CONTOH,</p>\n<p>{NBSP}</p>\n<p>AHMAD FAUZI</p>\n</div>"


def test_the_rancangan_signs_at_the_right_and_heads_each_lampiran_at_the_top_right(
    session: Session, tmp_path: Path
) -> None:
    run_id, _ = _running(session, tmp_path)
    _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", DRAFT + LAMPIRAN))
    out = _produce(session, run_id, ("id", "en"))
    md, html = _doc(out, "rancangan-peraturan")

    # Markdown: plain text with the fences around the blocks placed at the right
    assert (
        "::: ttd\nDitetapkan di Contoh\\\npada tanggal …\n\n"
        "WALI KOTA CONTOH,\n\n&nbsp;\n\nAHMAD FAUZI\n:::\n\nDiundangkan di Contoh\\\n"
    ) in md
    assert (
        f"---\n\n::: lampiran\nLAMPIRAN I\\\nPERATURAN WALI KOTA CONTOH\\\nNOMOR … TAHUN …\\\n"
        f"TENTANG\\\n{TITLE}\n:::\n\n## FORMAT SASARAN KINERJA PEGAWAI\n\n"
        "#### A. Identitas Pegawai\n\nNama, jabatan dan unit kerja Pegawai.\n\n"
        "::: ttd\nWALI KOTA CONTOH,\n\n&nbsp;\n\nAHMAD FAUZI\n:::\n"
    ) in md
    assert "::: lampiran\nLAMPIRAN II\\\nPERATURAN WALI KOTA CONTOH\\\n" in md
    assert "## PENJELASAN\n" in md and "## LAMPIRAN" not in md

    # HTML: the signing block and each Lampiran's heading and closing in their classes
    sign = (
        '<div class="ttd">\n<p>Ditetapkan di Contoh<br>\npada tanggal …</p>\n' + SIGNED + "\n"
        "<p>Diundangkan di Contoh<br>"
    )
    head = (
        '<div class="lampiran">\n<p>LAMPIRAN I<br>\nPERATURAN WALI KOTA CONTOH<br>\n'
        f"NOMOR … TAHUN …<br>\nTENTANG<br>\n{TITLE}</p>\n</div>\n"
        "<h2>FORMAT SASARAN KINERJA PEGAWAI</h2>"
    )
    closing = '<p>Nama, jabatan dan unit kerja Pegawai.</p>\n<div class="ttd">\n' + SIGNED
    for part in (sign, head, closing):
        assert part in html, part
    assert html.count('<div class="lampiran">') == 2 and html.count(SIGNED) == 3
    assert (
        html.index(sign)
        < html.index("<h2>PENJELASAN</h2>")
        < html.index(head)
        < html.index("<p>LAMPIRAN II<br>")
    )
    # the page shell places both classes at the right, each Lampiran on a new page
    assert ".layout-perwali .ttd, .layout-perwali .lampiran { margin: 1.2rem 0 1.2rem 55%" in html
    assert ".layout-perwali .lampiran { break-before: page; }" in html

    md_en, html_en = _doc(out, "rancangan-peraturan", "en")
    # signed as the heading names the office, and promulgated by the regional secretary
    assert "::: ttd\nEnacted in Contoh\\\non …\n\nMAYOR OF CONTOH,\n" in md_en
    assert "on …\n\nREGIONAL SECRETARY OF THE CITY OF CONTOH,\n" in md_en
    assert "WALI KOTA CONTOH" not in md_en and "SEKRETARIS DAERAH" not in md_en
    assert (
        "::: lampiran\nANNEX I\\\nREGULATION OF THE MAYOR OF CONTOH\\\nNUMBER … OF …\\\nON\\\n"
        f"{TITLE}\n:::\n\n## FORMAT SASARAN KINERJA PEGAWAI\n"
    ) in md_en
    assert html_en.count('<div class="lampiran">') == 2 and html_en.count(SIGNED_EN) == 3


def test_the_final_peraturan_numbers_its_lampiran_with_the_year_of_enactment(
    session: Session, tmp_path: Path
) -> None:
    run_id, _ = _running(session, tmp_path)
    _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", DRAFT + LAMPIRAN))
    out = _produce(session, run_id, ("id", "en"))
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    _approve(session, as_of=date(2026, 4, 30))
    docs = {d.locale: d for d in session.exec(select(Document).where(Document.key == "peraturan"))}
    html = docs["id"].html_file.read_text(encoding="utf-8")
    assert (
        '<div class="ttd">\n<p>Ditetapkan di Contoh<br>\npada tanggal 30 April 2026</p>\n' + SIGNED
    ) in html
    assert (
        '<div class="lampiran">\n<p>LAMPIRAN II<br>\nPERATURAN WALI KOTA CONTOH<br>\n'
        f"NOMOR … TAHUN 2026<br>\nTENTANG<br>\n{TITLE}</p>\n</div>\n<p>Jadwal penilaian"
    ) in html
    assert html.count(SIGNED) == 3
    en = docs["en"].md_file.read_text(encoding="utf-8")
    assert "ANNEX II\\\nREGULATION OF THE MAYOR OF CONTOH\\\nNUMBER … OF 2026\\\n" in en


def test_a_keputusan_signs_and_heads_its_lampiran_as_a_keputusan() -> None:
    draft = parse_draft(
        "## Menimbang\na. bahwa perlu;\n\n## Mengingat\n1. Undang-Undang;\n\n"
        "### KESATU\nPedoman sebagaimana tercantum dalam Lampiran.\n\n"
        "## Lampiran\nFormat penilaian.\n",
        "Keputusan",
    ).draft
    view = PeraturanView(
        header=DocHeader(
            organisation="Kecamatan Gajahmungkur",
            region="Gajahmungkur",
            title="Keputusan",
            cycle=1,
            date=date(2026, 11, 23),
            place="Semarang",
            layout="perwali",
        ),
        version=1,
        legal_form="Keputusan",
        instrument="keputusan",
        head="Camat",
        region="Gajahmungkur",
        region_kind="Kecamatan",
        policy_title="Evaluasi Kinerja",
        menimbang=[ItemRow(label=i.label, text=i.text) for i in draft.menimbang],
        mengingat=[ItemRow(label=i.label, text=i.text) for i in draft.mengingat],
        body=body_lines(draft),
        trailing=trailing_sections(draft),
        signing_title="CAMAT GAJAHMUNGKUR",
        signing_name="HARTONO WIBOWO",
        secretary_title="",
        secretary_name=None,
        promulgated=False,
        enacted_on=date(2026, 11, 23),
    )
    html = render_document("peraturan", view, "id", "").html
    signed = f"<p>CAMAT GAJAHMUNGKUR,</p>\n<p>{NBSP}</p>\n<p>HARTONO WIBOWO</p>\n</div>"
    assert '<div class="ttd">\n<p>Ditetapkan di Semarang<br>\npada tanggal 23 November' in html
    assert (
        '<div class="lampiran">\n<p>LAMPIRAN<br>\nKEPUTUSAN CAMAT GAJAHMUNGKUR<br>\n'
        "NOMOR … TAHUN 2026<br>\nTENTANG<br>\nEVALUASI KINERJA</p>\n</div>\n"
        '<p>Format penilaian.</p>\n<div class="ttd">\n' + signed
    ) in html
    assert html.count(signed) == 2 and "Diundangkan" not in html

    en = render_document("peraturan", view, "en", "").markdown
    assert en.startswith("# DECREE OF THE CAMAT OF GAJAHMUNGKUR\n")
    assert en.count("::: ttd\nCAMAT OF GAJAHMUNGKUR,\n\n&nbsp;\n\nHARTONO WIBOWO\n:::") == 1
    assert en.count("CAMAT OF GAJAHMUNGKUR,\n\n&nbsp;\n\nHARTONO WIBOWO\n") == 2
    assert "CAMAT GAJAHMUNGKUR" not in en and "Promulgated" not in en

    # someone acting for the head signs as acting; a title of another post as configured
    acting = view.model_copy(update={"signing_title": "PJ. CAMAT GAJAHMUNGKUR"})
    assert (
        "ACTING CAMAT OF GAJAHMUNGKUR,\n" in render_document("peraturan", acting, "en", "").markdown
    )
    other = view.model_copy(update={"signing_title": "SEKRETARIS CAMAT"})
    assert "::: ttd\nSEKRETARIS CAMAT,\n" in render_document("peraturan", other, "en", "").markdown


@pytest.mark.parametrize(
    ("title", "kind", "numeral", "name"),
    [
        ("Penjelasan", "penjelasan", "", ""),
        ("Lampiran", "lampiran", "", ""),
        ("LAMPIRAN II", "lampiran", "II", ""),
        ("Lampiran III: Format SKP", "lampiran", "III", "Format SKP"),
        ("Lampiran 2 - Format SKP", "lampiran", "II", "Format SKP"),
        ("Lampiran Indikator Kinerja", "lampiran", "", "Indikator Kinerja"),
    ],
)
def test_lampiran_headings_give_their_numeral_and_name(
    title: str, kind: str, numeral: str, name: str
) -> None:
    draft = parse_draft(DRAFT.replace("## Penjelasan", f"## {title}")).draft
    [row] = trailing_sections(draft)
    assert (row.kind, row.numeral, row.name, row.title) == (kind, numeral, name, title)


def test_the_drafting_stage_reports_style_warnings_with_line_and_column(
    session: Session, tmp_path: Path
) -> None:
    text = DRAFT.replace("### Bagian Kedua Penilaian", "### Bagian Kedua penilaian").replace(
        "1. kuantitas;\n2. kualitas; dan", "a) kuantitas;\nb) kualitas; dan"
    )
    run_id, _ = _running(session, tmp_path)
    out = _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", text))
    lines = text.splitlines()
    bagian = next(i for i, ln in enumerate(lines, 1) if ln == "### Bagian Kedua penilaian")
    rincian = next(i for i, ln in enumerate(lines, 1) if ln == "a) kuantitas;")
    column = lines[bagian - 1].index("penilaian") + 1  # 18: the word, not the heading
    assert out["rancangan"]["warnings"] == [
        f"baris {rincian} kolom 1: Pasal 3: rincian 'a)' berada di bawah rincian 'a.', padahal "
        "tingkat di bawah 'a.' ditulis '1.' (urutan rincian: a. → 1. → a) → 1))",
        f"baris {bagian} kolom {column}: judul Bagian Kedua sebaiknya ditulis dengan huruf awal "
        "kapital pada setiap kata (kecuali kata tugas seperti 'dan', 'di', 'untuk'): 'Penilaian'",
    ]


def test_a_region_that_types_its_regulations_on_f4_gets_the_rancangan_on_f4(
    session: Session, tmp_path: Path
) -> None:
    data = copy.deepcopy(MINI_PACK)
    data["policy"]["paper"] = "F4"
    run_id, _ = _running(session, tmp_path, data)
    _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", DRAFT))
    out = _produce(session, run_id, ("id", "en"))
    for locale in ("id", "en"):
        _, html = _doc(out, "rancangan-peraturan", locale)
        assert "@page { size: 215mm 330mm; margin: 2.5cm 2cm 2.5cm 2.5cm; }" in html
    # The stage's other documents (the Matriks, a report) stay on A4.
    _, matrix = _doc(out, "matriks-tanggapan")
    assert "@page { size: A4; margin:" in matrix


def test_a_bad_paper_is_refused_with_the_sizes_there_are(tmp_path: Path) -> None:
    data = copy.deepcopy(MINI_PACK)
    data["policy"]["paper"] = "Folio"
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, data))
    message = str(caught.value)
    assert re.search(r"contoh\.yaml:\d+:\d+: policy\.paper: harus salah satu dari: 'A4', 'F4' "
                     r"\(tertulis: 'Folio'\)$", message), message  # fmt: skip
