"""A draft written in Word: read as the Markdown draft, paragraph for line, labels worked out."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from policy.docx_draft import DocxError, docx_markdown
from policy.perwali import parse_draft
from policy.services.common import ServiceError
from policy.services.draft_versions import read_draft

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# List 1: a. b. c. (konsiderans); list 2: 1. 2. (Mengingat); list 3: (1) (2) with a. b. and
# 1. 2. under them (a Pasal's ayat and rincian); list 4: list 3's definition restarted at (1)
# ("Restart at 1"); list 5: the same definition, not restarted (Word counts on).
NUMBERING = f"""<w:numbering {W}>
<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="11"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="12">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%1)"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/>
</w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="12"/>
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="12"/></w:num>
</w:numbering>"""


def p(text: str, num: int = 0, level: int = 0) -> str:
    numbered = (
        f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        if num
        else ""
    )
    return f'<w:p>{numbered}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr>"


def docx(path: Path, body: str, numbering: str = NUMBERING, styles: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>"
        )
        archive.writestr("word/numbering.xml", numbering)
        if styles:
            archive.writestr("word/styles.xml", f"<w:styles {W}>{styles}</w:styles>")
    return path


BODY = "".join(
    [
        p("RANCANGAN"),
        p("PERATURAN WALI KOTA CONTOH"),
        p("NOMOR … TAHUN …"),
        p("TENTANG MANAJEMEN KINERJA"),
        p("DENGAN RAHMAT TUHAN YANG MAHA ESA"),
        p("WALI KOTA CONTOH,"),
        "<w:tbl>",
        row(
            p("Menimbang"),
            p(":"),
            p("bahwa kinerja pegawai perlu dikelola;", 1)
            + p(
                "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu "
                "menetapkan Peraturan Wali Kota tentang Manajemen Kinerja;",
                1,
            ),
        ),
        row(p("Mengingat"), p(":"), p("a."), p("Undang-Undang Nomor 23 Tahun 2014;")),
        "</w:tbl>",
        p("MEMUTUSKAN:"),
        p("Menetapkan : PERATURAN WALI KOTA TENTANG MANAJEMEN KINERJA."),
        p("BAB I"),
        p("KETENTUAN UMUM"),
        p("Pasal 1"),
        p("SKP disusun setiap tahun.", 3),
        p("SKP memuat:", 3),
        p("rencana hasil kerja;", 3, 1),
        p("indikator kinerja, yang terdiri atas:", 3, 1),
        p("kuantitas; dan", 3, 2),
        p("kualitas; dan", 3, 2),
        p("target.", 3, 1),
        p("Pasal 2"),
        p("Penilaian dilakukan paling lama 14 hari.", 4),
        p("Hasil penilaian diumumkan.", 4),
        p("Ditetapkan di Contoh"),
        p("pada tanggal …"),
        p("WALI KOTA CONTOH,"),
        p("BUDI"),
    ]
)


def test_a_word_draft_reads_as_its_markdown_paragraph_for_line(tmp_path: Path) -> None:
    text = docx_markdown(docx(tmp_path / "rancangan.docx", BODY))
    lines = text.splitlines()
    assert lines[:6] == [
        "# RANCANGAN PERATURAN WALI KOTA CONTOH NOMOR … TAHUN … TENTANG MANAJEMEN KINERJA",
        *[""] * 5,
    ]
    assert lines[6:13] == [
        "## Menimbang",
        "",
        "a. bahwa kinerja pegawai perlu dikelola;",
        "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu "
        "menetapkan Peraturan Wali Kota tentang Manajemen Kinerja;",
        "## Mengingat",
        "",
        "",
    ]
    assert lines[13] == "a. Undang-Undang Nomor 23 Tahun 2014;"
    assert [line for line in lines[14:] if line] == [
        "## BAB I",
        "KETENTUAN UMUM",
        "## Pasal 1",
        "(1) SKP disusun setiap tahun.",
        "(2) SKP memuat:",
        "a. rencana hasil kerja;",
        "b. indikator kinerja, yang terdiri atas:",
        "1. kuantitas; dan",
        "2. kualitas; dan",
        "c. target.",
        "## Pasal 2",
        "(1) Penilaian dilakukan paling lama 14 hari.",
        "(2) Hasil penilaian diumumkan.",
    ]
    # Line N is the document's N-th paragraph (table cells counted in order).
    assert len(lines) == BODY.count("<w:p>")


def test_a_word_draft_is_checked_as_a_markdown_one(tmp_path: Path) -> None:
    text = read_draft(docx(tmp_path / "rancangan.docx", BODY))
    result = parse_draft(text)
    assert result.errors == []
    assert [p.number for p in result.draft.pasal()] == [1, 2]
    assert result.draft.title.startswith("RANCANGAN PERATURAN WALI KOTA CONTOH NOMOR")
    assert [i.label for i in result.draft.menimbang] == ["a.", "b."]
    paragraphs = BODY.split("<w:p>")[1:]
    number = next(i for i, x in enumerate(paragraphs, 1) if "14 hari" in x)
    assert [(i.line, i.code) for i in result.warnings] == [(number, "bilangan")]


def test_konsiderans_on_one_paragraph(tmp_path: Path) -> None:
    body = (
        p("Menimbang : bahwa kinerja pegawai perlu dikelola dan karena itu perlu menetapkan "
          "Peraturan Wali Kota tentang Manajemen Kinerja;")
        + p("Mengingat : Undang-Undang Nomor 23 Tahun 2014;")
        + p("Pasal 1") + p("Peraturan ini berlaku pada tanggal diundangkan.")
    )  # fmt: skip
    result = parse_draft(read_draft(docx(tmp_path / "r.docx", body)))
    assert result.issues == ()
    assert [i.text for i in result.draft.mengingat] == ["Undang-Undang Nomor 23 Tahun 2014;"]


def test_not_a_word_document_or_an_old_one_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "rancangan.docx"
    bad.write_text("bukan zip", encoding="utf-8")
    with pytest.raises(DocxError, match="bukan dokumen Word"):
        docx_markdown(bad)
    with pytest.raises(
        ServiceError, match=r"Rancangan rancangan.docx bukan dokumen Word \(.docx\)"
    ):
        read_draft(bad)
    broken = tmp_path / "rusak.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")  # cut off
    with pytest.raises(DocxError, match="rusak.docx bukan dokumen Word"):
        docx_markdown(broken)
    old = tmp_path / "rancangan.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ServiceError, match=r"berformat Word lama \(.doc\); buka di Word"):
        read_draft(old)


def test_a_keputusan_in_word_with_its_diktum_and_a_pasal_numbered_by_word(
    tmp_path: Path,
) -> None:
    body = "".join([
        p("KEPUTUSAN CAMAT CONTOH"),
        p("Menimbang : bahwa perlu menetapkan tim penilai kinerja;"),
        p("Mengingat : Undang-Undang Nomor 23 Tahun 2014;"),
        p("KESATU : Membentuk Tim Penilai Kinerja Kecamatan."),
        p("KEDUA"),
        p("Tim bertugas:"),
        p("menilai kinerja pegawai; dan", 2),
        p("melaporkan hasilnya kepada Camat.", 2),
    ])  # fmt: skip
    lines = docx_markdown(docx(tmp_path / "k.docx", body)).splitlines()
    assert lines[3:] == [
        "## KESATU: Membentuk Tim Penilai Kinerja Kecamatan.",
        "## KEDUA",
        "Tim bertugas:",
        "1. menilai kinerja pegawai; dan",
        "2. melaporkan hasilnya kepada Camat.",
    ]
    result = parse_draft("\n".join(lines), "Keputusan")
    assert result.issues == ()
    assert [d.number for d in result.draft.pasal()] == [1, 2]
    # A Peraturan whose Pasal headings Word numbers itself ('Pasal %1').
    numbering = NUMBERING.replace(
        '<w:num w:numId="1">',
        '<w:abstractNum w:abstractNumId="13"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="Pasal %1"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="9"><w:abstractNumId w:val="13"/></w:num><w:num w:numId="1">',
    )
    body = "".join([
        p("Menimbang : bahwa perlu menetapkan manajemen kinerja;"),
        p("Mengingat : Undang-Undang Nomor 23 Tahun 2014;"),
        p("BAB I KETENTUAN UMUM"), p("", 9), p("SKP disusun setiap tahun."),
        p("", 9), p("Peraturan ini berlaku pada tanggal diundangkan."),
    ])  # fmt: skip
    result = parse_draft(docx_markdown(docx(tmp_path / "p.docx", body, numbering)))
    assert result.issues == ()
    assert [p.number for p in result.draft.pasal()] == [1, 2]


def test_numbering_taken_from_a_paragraph_style(tmp_path: Path) -> None:
    """A template's 'Huruf' style numbers a. b. (list 1), and a style based on it does too."""
    styles = (
        '<w:style w:styleId="Huruf"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>'
        "</w:style>"
        '<w:style w:styleId="HurufTebal"><w:basedOn w:val="Huruf"/></w:style>'
    )

    def styled(text: str, style: str) -> str:
        return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r>'
                "</w:p>")  # fmt: skip

    body = (p("Menimbang") + styled("bahwa satu;", "Huruf")
            + styled("bahwa karena itu perlu menetapkan Peraturan;", "HurufTebal"))  # fmt: skip
    lines = docx_markdown(docx(tmp_path / "s.docx", body, styles=styles)).splitlines()
    assert lines == ["## Menimbang", "a. bahwa satu;",
                     "b. bahwa karena itu perlu menetapkan Peraturan;"]  # fmt: skip


def test_lists_on_one_definition_count_on_unless_restarted(tmp_path: Path) -> None:
    body = (p("Menimbang") + p("x", 3) + p("y", 3) + p("z", 5) + p("u", 4) + p("v", 4)
            + p("w", 5))  # fmt: skip
    lines = docx_markdown(docx(tmp_path / "n.docx", body)).splitlines()
    assert lines[1:] == ["(1) x", "(2) y", "(3) z", "(1) u", "(2) v", "(3) w"]
