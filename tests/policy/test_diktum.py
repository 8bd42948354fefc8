"""A Keputusan's diktum: ordinal words, parsing, structure errors, stable ids, references."""

from __future__ import annotations

import pytest

from policy.documents import render_markdown
from policy.perwali import (
    Severity,
    assign_ids,
    diktum_number,
    diktum_word,
    english_diktum_word,
    parse_draft,
)
from policy.views.drafting import body_lines
from policy.views.sections import names_section, section_key, section_order

WORDS = {
    1: "KESATU",
    2: "KEDUA",
    3: "KETIGA",
    4: "KEEMPAT",
    5: "KELIMA",
    6: "KEENAM",
    7: "KETUJUH",
    8: "KEDELAPAN",
    9: "KESEMBILAN",
    10: "KESEPULUH",
    11: "KESEBELAS",
    12: "KEDUA BELAS",
    13: "KETIGA BELAS",
    19: "KESEMBILAN BELAS",
    20: "KEDUA PULUH",
    21: "KEDUA PULUH SATU",
    22: "KEDUA PULUH DUA",
    29: "KEDUA PULUH SEMBILAN",
    30: "KETIGA PULUH",
}

HEAD = """## Menimbang
a. bahwa perlu menetapkan Keputusan Camat;

## Mengingat
1. Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;

"""


@pytest.mark.parametrize(("number", "word"), sorted(WORDS.items()))
def test_diktum_words(number: int, word: str) -> None:
    assert diktum_word(number) == word
    assert diktum_number(word) == number
    assert diktum_number(word.lower()) == number


def test_diktum_words_round_trip_to_thirty() -> None:
    words = [diktum_word(n) for n in range(1, 31)]
    assert len(set(words)) == 30
    assert [diktum_number(w) for w in words] == list(range(1, 31))
    assert diktum_number("KEDUA  PULUH") == 20 and diktum_number("PASAL") is None


@pytest.mark.parametrize(
    ("number", "word"),
    [(1, "FIRST"), (2, "SECOND"), (3, "THIRD"), (9, "NINTH"), (11, "ELEVENTH"), (12, "TWELFTH")]
    + [(20, "TWENTIETH"), (21, "TWENTY-FIRST"), (30, "THIRTIETH")],
)
def test_english_diktum_words(number: int, word: str) -> None:
    assert english_diktum_word(number) == word


def test_keputusan_is_read_as_diktum() -> None:
    text = HEAD + (
        "## Memperhatikan\n1. Berita Acara Forum Konsultasi Publik;\n\n"
        "### KESATU\nMenetapkan pedoman evaluasi kinerja sebagai berikut:\n"
        "1. evaluasi setiap tahun; dan\n2. hasil diumumkan.\n\n"
        "### KEDUA :\nPegawai mengisi laporan kegiatan harian.\n\n"
        "### KETIGA: Keputusan ini mulai berlaku pada tanggal ditetapkan.\n"
    )
    result = parse_draft(text, "Keputusan")
    assert result.issues == ()
    draft = result.draft
    assert draft.keputusan and [i.text for i in draft.memperhatikan] == [
        "Berita Acara Forum Konsultasi Publik;"
    ]
    diktum = draft.pasal()
    assert [d.label for d in diktum] == ["Diktum KESATU", "Diktum KEDUA", "Diktum KETIGA"]
    assert [(b.kind, b.label) for b in diktum[0].blocks] == [
        ("paragraf", ""),
        ("angka", "1."),
        ("angka", "2."),
    ]
    assert diktum[2].blocks[0].text == "Keputusan ini mulai berlaku pada tanggal ditetapkan."
    lines = body_lines(draft)
    assert (lines[0].kind, lines[0].number, lines[0].text) == (
        "diktum",
        1,
        "Menetapkan pedoman evaluasi kinerja sebagai berikut:",
    )
    assert [b.kind for b in lines] == ["diktum", "angka", "angka", "diktum", "diktum"]


def _errors(text: str, legal_form: str) -> list[tuple[int, str, str]]:
    return [(i.line, i.code, i.message) for i in parse_draft(text, legal_form).errors]


def test_diktum_out_of_sequence() -> None:
    text = HEAD + "### KESATU\nSatu.\n\n### KETIGA\nTiga.\n"
    assert _errors(text, "Keputusan") == [
        (10, "diktum-sequence", "diktum KEDUA diharapkan, ditemukan diktum KETIGA")
    ]


def test_pasal_in_keputusan_and_diktum_in_peraturan() -> None:
    keputusan = HEAD + "### KESATU\nSatu.\n\n### Pasal 2\nDua.\n\n## BAB I\n"
    assert [(line, code) for line, code, _ in _errors(keputusan, "Keputusan")] == [
        (10, "pasal-in-keputusan"),
        (13, "pasal-in-keputusan"),
    ]
    peraturan = HEAD + "### Pasal 1\nSatu.\n\n### KEDUA\nDua.\n"
    assert _errors(peraturan, "Perwali") == [
        (
            10,
            "diktum-in-peraturan",
            "diktum KEDUA dalam Peraturan; batang tubuh Peraturan ditulis sebagai Pasal",
        )
    ]


def test_missing_menimbang_no_diktum_and_stray_text() -> None:
    text = "## Mengingat\n1. UU;\n\n## BAB I\nTeks lepas.\n"
    errors = _errors(text, "Keputusan")
    codes = [code for _, code, _ in errors]
    assert "menimbang" in codes and "no-diktum" in codes
    assert (5, "outside-diktum", "teks berada di luar diktum") in errors
    empty = HEAD + "### KESATU\n\n### KEDUA\nDua.\n"
    assert (7, "diktum-empty", "diktum KESATU tidak berisi teks") in _errors(empty, "Keputusan")


def test_lower_case_diktum_is_a_warning() -> None:
    result = parse_draft(HEAD + "### Kesatu\nSatu.\n", "Keputusan")
    assert result.errors == []
    assert [(i.severity, i.message) for i in result.issues] == [
        (Severity.WARNING, "diktum ditulis dengan huruf kapital: 'KESATU'")
    ]


def test_diktum_ids_survive_an_insertion() -> None:
    bodies = [
        "Evaluasi kinerja pegawai dilaksanakan setiap tahun berdasarkan rating e-Kinerja.",
        "Pegawai mengisi laporan kegiatan harian pada e-Kinerja setiap hari kerja.",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
    ]

    def draft(*texts: str) -> str:
        return HEAD + "".join(f"### {diktum_word(n)}\n{t}\n\n" for n, t in enumerate(texts, 1))

    v1 = assign_ids(parse_draft(draft(*bodies), "Keputusan").draft, None)
    inserted = "Standar waktu layanan PATEN diumumkan di loket pelayanan."
    v2 = assign_ids(
        parse_draft(draft(bodies[0], inserted, *bodies[1:]), "Keputusan").draft,
        [(sid, p.text()) for sid, p in v1],
    )
    assert [(sid, p.label) for sid, p in v2] == [
        ("p1", "Diktum KESATU"),
        ("p4", "Diktum KEDUA"),
        ("p2", "Diktum KETIGA"),
        ("p3", "Diktum KEEMPAT"),
    ]


@pytest.mark.parametrize(
    "ref",
    ["Diktum KEDUA", "diktum kedua", "KEDUA", "Kedua", "diktum  KEDUA angka 1", "KEDUA huruf a"],
)
def test_diktum_references(ref: str) -> None:
    assert section_key(ref) == "Diktum KEDUA"
    assert names_section(section_key(ref))


def test_diktum_references_keep_pasal_and_order() -> None:
    assert section_key("Diktum KEDUA BELAS") == "Diktum KEDUA BELAS"
    assert section_key("Pasal 5 ayat (2)") == "Pasal 5"
    assert section_key("Bagian Kedua") == "Bagian Kedua"
    keys = ["Diktum KESEPULUH", "Umum", "Diktum KEDUA", "Menimbang"]
    assert sorted(keys, key=section_order) == [
        "Diktum KEDUA",
        "Diktum KESEPULUH",
        "Menimbang",
        "Umum",
    ]


def test_keputusan_renders_diktum_layout() -> None:
    from datetime import date

    from policy.documents import DocHeader, markdown_to_html
    from policy.views.drafting import ItemRow, PeraturanView

    draft = parse_draft(
        HEAD + "### KESATU\nPedoman sebagai berikut:\n1. satu; dan\n2. dua.\n\n"
        "### KEDUA\nKeputusan ini mulai berlaku pada tanggal ditetapkan.\n",
        "Keputusan",
    ).draft
    view = PeraturanView(
        header=DocHeader.model_construct(place="Semarang", date=date(2026, 11, 23)),
        version=2,
        legal_form="Keputusan",
        instrument="keputusan",
        head="Camat",
        region="Gajahmungkur",
        region_kind="Kecamatan",
        policy_title="Evaluasi Kinerja",
        menimbang=[ItemRow(label=i.label, text=i.text) for i in draft.menimbang],
        mengingat=[ItemRow(label=i.label, text=i.text) for i in draft.mengingat],
        body=body_lines(draft),
        trailing=[],
        signing_title="CAMAT GAJAHMUNGKUR",
        signing_name="HARTONO WIBOWO",
        secretary_title="",
        secretary_name=None,
        promulgated=False,
        enacted_on=date(2026, 11, 23),
    )
    md = render_markdown("peraturan", view, "id")
    assert (
        "### MEMUTUSKAN:\n\n"
        "**Menetapkan :** KEPUTUSAN CAMAT GAJAHMUNGKUR TENTANG EVALUASI KINERJA.\n\n"
        "**KESATU** : Pedoman sebagai berikut:\n\n"
        "&emsp;&emsp;1\\. satu; dan\n\n"
        "&emsp;&emsp;2\\. dua.\n\n"
        "**KEDUA** : Keputusan ini mulai berlaku pada tanggal ditetapkan.\n\n"
        "::: ttd\nDitetapkan di Semarang\\\npada tanggal 23 November 2026\n"
    ) in md
    assert (
        '<div class="ttd">\n<p>Ditetapkan di Semarang<br>\npada tanggal 23 November 2026</p>\n'
        "<p>CAMAT GAJAHMUNGKUR,</p>\n<p>\u00a0</p>\n<p>HARTONO WIBOWO</p>\n</div>"
    ) in markdown_to_html(md)
    assert "Pasal" not in md and "Diundangkan" not in md
    en = render_markdown("peraturan", view, "en")
    assert "**FIRST** : Pedoman sebagai berikut" in en and "**SECOND** : " in en
