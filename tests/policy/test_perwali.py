"""The draft reader: structure, issues with their lines, stable section ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy.perwali import (
    Draft,
    Part,
    Pasal,
    Severity,
    assign_chapter_ids,
    assign_ids,
    ordinal_word,
    parse_draft,
    roman_value,
)

DRAFT = """\
# RANCANGAN PERATURAN WALI KOTA CONTOH

## Menimbang
a. bahwa untuk meningkatkan kinerja pegawai perlu pengelolaan kinerja yang objektif;
b. bahwa Peraturan Menteri PANRB Nomor 6 Tahun 2022 mengatur pengelolaan kinerja
pegawai aparatur sipil negara;
c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b,
perlu menetapkan Peraturan Wali Kota tentang Manajemen Kinerja;

## Mengingat
1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;
2. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;
3. Peraturan Pemerintah Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil;

## BAB I KETENTUAN UMUM

### Pasal 1
Dalam Peraturan Wali Kota ini yang dimaksud dengan:
1. Daerah adalah Kota Contoh.
2. Wali Kota adalah Wali Kota Contoh.
3. Pegawai adalah pegawai aparatur sipil negara
di lingkungan Pemerintah Daerah.

### Pasal 2
Peraturan Wali Kota ini dimaksudkan sebagai pedoman manajemen kinerja Pegawai.

## BAB II PERENCANAAN KINERJA

### Bagian Kesatu Umum

#### Pasal 3
(1) Setiap Pegawai menyusun SKP.
(2) SKP sebagaimana dimaksud pada ayat (1) memuat:
a. rencana hasil kerja;
b. indikator kinerja individu, yang terdiri atas:
1. kuantitas;
2. kualitas; dan
c. target.

#### Pasal 4
(1) SKP disusun paling lambat 31 Januari.
(2) SKP ditetapkan oleh pejabat penilai kinerja.

### Bagian Kedua Penilaian

#### Pasal 5
Penilaian kinerja dilakukan setiap triwulan.

## BAB III KETENTUAN PENUTUP

### Pasal 6
Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.

## Penjelasan
### Pasal 1
Cukup jelas.
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_realistic_draft_parses_without_issues() -> None:
    result = parse_draft(DRAFT)
    assert result.issues == ()
    draft = result.draft
    assert draft.title == "RANCANGAN PERATURAN WALI KOTA CONTOH"
    assert [i.label for i in draft.menimbang] == ["a.", "b.", "c."]
    assert draft.menimbang[1].text == (
        "bahwa Peraturan Menteri PANRB Nomor 6 Tahun 2022 mengatur pengelolaan kinerja "
        "pegawai aparatur sipil negara;"
    )
    assert [i.label for i in draft.mengingat] == ["1.", "2.", "3."]
    assert [(c.numeral, c.number, c.title) for c in draft.chapters] == [
        ("I", 1, "KETENTUAN UMUM"),
        ("II", 2, "PERENCANAAN KINERJA"),
        ("III", 3, "KETENTUAN PENUTUP"),
    ]
    assert [p.number for p in draft.pasal()] == [1, 2, 3, 4, 5, 6]
    bagian = draft.chapters[1].parts
    assert all(isinstance(p, Part) for p in bagian)
    assert [(p.label, p.number, p.title) for p in bagian if isinstance(p, Part)] == [
        ("Kesatu", 1, "Umum"),
        ("Kedua", 2, "Penilaian"),
    ]
    pasal1 = draft.pasal()[0]
    assert [(b.kind, b.label, b.level) for b in pasal1.blocks] == [
        ("paragraf", "", 0),
        ("angka", "1.", 1),
        ("angka", "2.", 1),
        ("angka", "3.", 1),
    ]
    assert pasal1.blocks[3].text == (
        "Pegawai adalah pegawai aparatur sipil negara di lingkungan Pemerintah Daerah."
    )
    pasal3 = draft.pasal()[2]
    assert [(b.kind, b.label, b.level) for b in pasal3.blocks] == [
        ("ayat", "(1)", 0),
        ("ayat", "(2)", 0),
        ("huruf", "a.", 1),
        ("huruf", "b.", 1),
        ("angka", "1.", 2),
        ("angka", "2.", 2),
        ("huruf", "c.", 1),
    ]
    assert pasal3.blocks[0].line == _line(DRAFT, "(1) Setiap Pegawai")
    assert pasal3.line == _line(DRAFT, "Pasal 3")
    assert [s.title for s in draft.trailing] == ["Penjelasan"]
    assert [(ln.text, ln.heading) for ln in draft.trailing[0].lines] == [
        ("Pasal 1", True),
        ("Cukup jelas.", False),
    ]


def test_heading_level_does_not_matter_and_title_may_follow_on_next_line() -> None:
    text = DRAFT.replace("## BAB II PERENCANAAN KINERJA", "# BAB II\nPERENCANAAN KINERJA")
    text = text.replace("#### Pasal 3", "## Pasal 3")
    result = parse_draft(text)
    assert result.issues == ()
    assert result.draft.chapters[1].title == "PERENCANAAN KINERJA"
    assert [p.number for p in result.draft.pasal()] == [1, 2, 3, 4, 5, 6]


def test_four_rincian_levels() -> None:
    text = DRAFT.replace(
        "2. kualitas; dan\n",
        "2. kualitas, meliputi:\na) ketelitian;\nb) kerapian, yaitu:\n"
        "1) rapi; dan\n2) bersih; dan\n",
    )
    pasal3 = parse_draft(text).draft.pasal()[2]
    assert [(b.label, b.level) for b in pasal3.blocks[5:]] == [
        ("2.", 2),
        ("a)", 3),
        ("b)", 3),
        ("1)", 4),
        ("2)", 4),
        ("c.", 1),
    ]


def _issues(text: str) -> list[tuple[int, str, Severity]]:
    return [(i.line, i.message, i.severity) for i in parse_draft(text).issues]


def test_pasal_out_of_sequence_names_the_expected_number_and_line() -> None:
    text = DRAFT.replace("#### Pasal 5", "#### Pasal 7")
    line = _line(text, "Pasal 7")
    assert (line, "Pasal 5 diharapkan, ditemukan Pasal 7", Severity.ERROR) in _issues(text)
    # each Pasal is checked against the one before it
    assert [m for _, m, _ in _issues(text)] == [
        "Pasal 5 diharapkan, ditemukan Pasal 7",
        "Pasal 8 diharapkan, ditemukan Pasal 6",
    ]


def test_pasal_numbering_restarting_per_bab_is_an_error() -> None:
    text = DRAFT.replace("#### Pasal 3", "#### Pasal 1")
    issues = _issues(text)
    assert (
        _line(text, "#### Pasal 1"),
        "Pasal 3 diharapkan, ditemukan Pasal 1",
        Severity.ERROR,
    ) in issues


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "## BAB II PERENCANAAN KINERJA",
            "## BAB IV PERENCANAAN KINERJA",
            "BAB II diharapkan, ditemukan BAB IV",
        ),
        (
            "## BAB II PERENCANAAN KINERJA",
            "## BAB IIII PERENCANAAN KINERJA",
            "BAB IIII: 'IIII' bukan angka Romawi yang sah",
        ),
        (
            "## BAB II PERENCANAAN KINERJA",
            "## BAB 2 PERENCANAAN KINERJA",
            "BAB 2: '2' bukan angka Romawi yang sah",
        ),
    ],
)
def test_bab_numerals(old: str, new: str, message: str) -> None:
    text = DRAFT.replace(old, new)
    assert (_line(text, new), message, Severity.ERROR) in _issues(text)


def test_ayat_out_of_sequence() -> None:
    text = DRAFT.replace("(2) SKP ditetapkan", "(3) SKP ditetapkan")
    assert _issues(text) == [
        (_line(text, "(3) SKP"), "Pasal 4: ayat (2) diharapkan, ditemukan ayat (3)", Severity.ERROR)
    ]


def test_missing_menimbang_and_mengingat() -> None:
    start, end = DRAFT.index("## Menimbang"), DRAFT.index("## BAB I ")
    text = DRAFT[:start] + DRAFT[end:]
    bab = _line(text, "## BAB I ")
    assert _issues(text) == [
        (bab, "Menimbang tidak ada", Severity.ERROR),
        (bab, "Mengingat tidak ada", Severity.ERROR),
    ]


def test_no_pasal() -> None:
    text = DRAFT[: DRAFT.index("## BAB I ")] + "## BAB I KETENTUAN UMUM\n"
    assert [(m, s) for _, m, s in _issues(text)] == [("naskah tidak berisi Pasal", Severity.ERROR)]


def test_ayat_rincian_and_text_outside_pasal() -> None:
    text = DRAFT.replace(
        "### Bagian Kesatu Umum\n",
        "(1) ayat tanpa Pasal.\n\na. rincian tanpa Pasal;\n\n### Bagian Kesatu Umum\n"
        "Teks lepas di bawah Bagian yang sudah berjudul.\n",
    )
    assert _issues(text) == [
        (_line(text, "(1) ayat tanpa"), "ayat (1) berada di luar Pasal", Severity.ERROR),
        (_line(text, "a. rincian tanpa"), "rincian 'a.' berada di luar Pasal", Severity.ERROR),
        (_line(text, "Teks lepas"), "teks berada di luar Pasal", Severity.ERROR),
    ]


def test_text_before_first_heading() -> None:
    text = "Naskah ini disusun oleh BKPSDM.\nBaris kedua.\n\n" + DRAFT
    assert _issues(text) == [(1, "teks sebelum judul pertama", Severity.ERROR)]


def test_menimbang_without_semicolon_and_bab_title_in_lower_case_are_warnings() -> None:
    text = DRAFT.replace("perlu pengelolaan kinerja yang objektif;", "perlu pengelolaan kinerja")
    text = text.replace("## BAB III KETENTUAN PENUTUP", "## BAB III Ketentuan Penutup")
    result = parse_draft(text)
    assert result.errors == []
    assert [(i.line, i.message) for i in result.warnings] == [
        (_line(text, "a. bahwa"), "butir Menimbang a. tidak diakhiri tanda ';'"),
        (
            _line(text, "BAB III"),
            "judul BAB III sebaiknya ditulis dengan huruf kapital: 'KETENTUAN PENUTUP'",
        ),
    ]


def test_unknown_heading_and_empty_pasal() -> None:
    text = DRAFT.replace("### Pasal 2\n", "### Catatan Penyusun\n### Pasal 2\n")
    text = text.replace(
        "#### Pasal 5\nPenilaian kinerja dilakukan setiap triwulan.\n", "#### Pasal 5\n"
    )
    assert _issues(text) == [
        (_line(text, "Catatan Penyusun"), "judul 'Catatan Penyusun' tidak dikenal", Severity.ERROR),
        (_line(text, "Pasal 5"), "Pasal 5 tidak berisi teks", Severity.ERROR),
    ]


def test_issue_hints_exist_for_errors() -> None:
    result = parse_draft(DRAFT.replace("#### Pasal 5", "#### Pasal 7"))
    assert "berurutan" in result.errors[0].hint


def test_never_raises_on_rubbish() -> None:
    result = parse_draft("### \n(((\n## BAB\n## Bagian\n## Paragraf x\n## Pasal\n1)\n")
    assert result.errors
    assert parse_draft("").errors


def test_numbers_and_words() -> None:
    assert [roman_value(n) for n in ("I", "IV", "IX", "XIV", "XL")] == [1, 4, 9, 14, 40]
    assert roman_value("IIII") is None and roman_value("iv") is None
    assert [ordinal_word(n) for n in (1, 2, 10, 11, 12, 20, 21)] == [
        "Kesatu",
        "Kedua",
        "Kesepuluh",
        "Kesebelas",
        "Kedua Belas",
        "Kedua Puluh",
        "Kedua Puluh Satu",
    ]


# ----------------------------------------------------------------------- stable ids


def _draft(*bodies: str) -> Draft:
    lines = ["## Menimbang", "a. bahwa perlu;", "## Mengingat", "1. UU;", "## BAB I UMUM"]
    for n, body in enumerate(bodies, 1):
        lines += [f"### Pasal {n}", body]
    result = parse_draft("\n".join(lines) + "\n")
    assert result.errors == []
    return result.draft


def _previous(assigned: list[tuple[str, Pasal]]) -> list[tuple[str, str]]:
    return [(sid, pasal.text()) for sid, pasal in assigned]


BODIES = [
    "Setiap pegawai wajib menyusun sasaran kinerja pegawai pada awal tahun anggaran.",
    "Pejabat penilai kinerja memberikan umpan balik berkelanjutan paling sedikit sekali sebulan.",
    "Penilaian kinerja pegawai dilakukan secara periodik setiap triwulan dan tahunan.",
    "Hasil penilaian kinerja digunakan sebagai dasar pemberian tunjangan tambahan penghasilan.",
    "Pegawai dengan predikat sangat baik dimasukkan ke dalam kelompok rencana suksesi.",
]


def test_first_version_gets_ids_in_order() -> None:
    assert [sid for sid, _ in assign_ids(_draft(*BODIES), None)] == ["p1", "p2", "p3", "p4", "p5"]


def test_ids_survive_insert_renumber_edit_and_removal() -> None:
    v1 = assign_ids(_draft(*BODIES), None)
    inserted = "Peraturan ini berlaku bagi pegawai negeri sipil dan pegawai pemerintah."
    edited = BODIES[2].replace("setiap triwulan", "setiap semester")
    # v2: new Pasal 1, every later Pasal renumbered, Pasal 3 edited slightly, Pasal 4 removed
    v2 = assign_ids(_draft(inserted, BODIES[0], BODIES[1], edited, BODIES[4]), _previous(v1))
    assert [(sid, p.number) for sid, p in v2] == [
        ("p6", 1),
        ("p1", 2),
        ("p2", 3),
        ("p3", 4),
        ("p5", 5),
    ]
    # a third version adds a Pasal: it never takes the id of the removed p4 when reserved
    v3 = assign_ids(
        _draft(*(p.text() for _, p in v2), "Pasal baru yang sama sekali lain isinya."),
        _previous(v2),
        reserved={"p4"},
    )
    assert [sid for sid, _ in v3] == ["p6", "p1", "p2", "p3", "p5", "p7"]


def test_each_old_id_is_used_once_best_match_first() -> None:
    v1 = assign_ids(_draft(BODIES[0]), None)
    twin = BODIES[0].replace("awal tahun anggaran", "awal tahun")
    v2 = assign_ids(_draft(twin, BODIES[0]), _previous(v1))
    assert [sid for sid, _ in v2] == ["p2", "p1"]


def test_chapter_ids_follow_titles() -> None:
    def chapters(*titles: str) -> Draft:
        text = "## Menimbang\na. bahwa;\n## Mengingat\n1. UU;\n"
        for n, title in enumerate(titles, 1):
            text += f"## BAB {['I', 'II', 'III', 'IV'][n - 1]} {title}\n### Pasal {n}\nIsi.\n"
        return parse_draft(text).draft

    v1 = assign_chapter_ids(
        chapters("KETENTUAN UMUM", "PENILAIAN KINERJA", "KETENTUAN PENUTUP"), None
    )
    prev = [(sid, c.title) for sid, c in v1]
    v2 = assign_chapter_ids(
        chapters("KETENTUAN UMUM", "PERENCANAAN KINERJA", "PENILAIAN KINERJA", "KETENTUAN PENUTUP"),
        prev,
    )
    assert [sid for sid, _ in v2] == ["b1", "b4", "b2", "b3"]


PACK_DIR = Path(__file__).resolve().parents[2] / "packs" / "sawahlunto"


@pytest.mark.skipif(
    not (PACK_DIR / "rancangan_v1.md").is_file() or not (PACK_DIR / "rancangan_v2.md").is_file(),
    reason="the demo drafts are not in the pack yet",
)
def test_demo_drafts_parse_and_keep_ids() -> None:
    v1 = parse_draft((PACK_DIR / "rancangan_v1.md").read_text(encoding="utf-8-sig"))
    v2 = parse_draft((PACK_DIR / "rancangan_v2.md").read_text(encoding="utf-8-sig"))
    assert v1.errors == [] and v2.errors == []
    ids1 = assign_ids(v1.draft, None)
    ids2 = assign_ids(v2.draft, _previous(ids1))
    kept = {sid for sid, _ in ids1} & {sid for sid, _ in ids2}
    # most Pasal carry over; the ones that moved keep their id under a new number
    assert len(kept) >= len(ids1) * 0.7
    moved = [(sid, p.number) for sid, p in ids2 if sid in kept and f"p{p.number}" != sid]
    assert moved, "v2 renumbers Pasal after an insertion"


# ------------------------------------------------------------- rincian order, Bagian titles

PASAL3_RINCIAN = (
    "a. rencana hasil kerja;\nb. indikator kinerja individu, yang terdiri atas:\n"
    "1. kuantitas;\n2. kualitas; dan\nc. target."
)


def _warnings(text: str, legal_form: str = "Perwali") -> list[tuple[str, str]]:
    result = parse_draft(text, legal_form)
    assert result.errors == []
    return [(i.where, i.message) for i in result.warnings]


def test_rincian_nested_out_of_order_warn_at_their_label() -> None:
    """a) / 1) / a. / 1.: a) may not open a list, and nothing nests under 1)."""
    text = DRAFT.replace(
        PASAL3_RINCIAN,
        "a) rencana hasil kerja;\nb) indikator kinerja individu, yang terdiri atas:\n"
        "1) kuantitas;\n2) kualitas, yang terdiri atas:\n  a. ketelitian;\n"
        "  b. kerapian, meliputi:\n  1. susunan; dan\n  2. tampilan; dan\nc) target.",
    )
    assert _warnings(text) == [
        (
            f"baris {_line(text, 'a) rencana')} kolom 1",
            "Pasal 3: rincian 'a)' membuka tingkat pertama, yang ditulis 'a.' (atau '1.') "
            "(urutan rincian: a. → 1. → a) → 1))",
        ),
        (
            f"baris {_line(text, 'a. ketelitian')} kolom 3",
            "Pasal 3: rincian 'a.' berada di bawah rincian '1)', tingkat terakhir dalam "
            "urutan; rincian lebih lanjut dijadikan ayat atau Pasal tersendiri "
            "(urutan rincian: a. → 1. → a) → 1))",
        ),
    ]
    # the levels still follow what the author nested, so the document indents it so
    pasal3 = parse_draft(text).draft.pasal()[2]
    assert [(b.label, b.level) for b in pasal3.blocks[2:]] == [
        ("a)", 1),
        ("b)", 1),
        ("1)", 2),
        ("2)", 2),
        ("a.", 3),
        ("b.", 3),
        ("1.", 4),
        ("2.", 4),
        ("c)", 1),
    ]


def test_a_level_skipped_or_swapped_names_the_style_expected() -> None:
    text = DRAFT.replace("1. kuantitas;\n2. kualitas; dan", "a) kuantitas;\nb) kualitas; dan")
    assert _warnings(text) == [
        (
            f"baris {_line(text, 'a) kuantitas')} kolom 1",
            "Pasal 3: rincian 'a)' berada di bawah rincian 'a.', padahal tingkat di bawah "
            "'a.' ditulis '1.' (urutan rincian: a. → 1. → a) → 1))",
        )
    ]
    # '1.' then 'a.' under it (a. and 1. swapped)
    swapped = DRAFT.replace(PASAL3_RINCIAN, "1. rencana;\n2. indikator:\na. kuantitas; dan\n3. x.")
    assert [m for _, m in _warnings(swapped)] == [
        "Pasal 3: rincian 'a.' berada di bawah rincian '1.', padahal tingkat di bawah '1.' "
        "ditulis 'a)' (urutan rincian: a. → 1. → a) → 1))"
    ]


def test_rincian_in_order_give_no_warning() -> None:
    # four levels a. → 1. → a) → 1); Pasal 1 opens with 1. (the Ketentuan Umum definitions)
    text = DRAFT.replace(
        "2. kualitas; dan\n",
        "2. kualitas, meliputi:\na) ketelitian;\nb) kerapian, yaitu:\n"
        "1) rapi; dan\n2) bersih; dan\n",
    )
    assert parse_draft(text).issues == ()


def test_a_keputusan_s_points_are_not_held_to_the_perwali_order() -> None:
    text = (
        "## Menimbang\na. bahwa perlu;\n\n## Mengingat\n1. Undang-Undang;\n\n"
        "### KESATU\n1. Bobot penilaian:\na. atasan 60% (enam puluh persen);\n"
        "b. rekan 40% (empat puluh persen).\n"
    )
    assert parse_draft(text, "Keputusan").issues == ()


@pytest.mark.parametrize(
    ("heading", "fixed", "word"),
    [
        ("### Bagian Kesatu perencanaan kinerja", "Perencanaan Kinerja", "perencanaan"),
        ("### Bagian Kesatu Perencanaan kinerja", "Perencanaan Kinerja", "kinerja"),
        ("### Bagian Kesatu penilaian dan Evaluasi", "Penilaian dan Evaluasi", "penilaian"),
        ("### Bagian Kesatu untuk Pegawai di Daerah", "Untuk Pegawai di Daerah", "untuk"),
    ],
)
def test_bagian_title_not_in_title_case_is_a_warning(heading: str, fixed: str, word: str) -> None:
    text = DRAFT.replace("### Bagian Kesatu Umum", heading)
    line = _line(text, heading)
    assert _warnings(text) == [
        (
            f"baris {line} kolom {heading.index(word) + 1}",
            f"judul Bagian Kesatu sebaiknya ditulis dengan huruf awal kapital pada setiap kata "
            f"(kecuali kata tugas seperti 'dan', 'di', 'untuk'): '{fixed}'",
        )
    ]


def test_bagian_title_on_the_next_line_and_titles_already_right() -> None:
    text = DRAFT.replace("### Bagian Kedua Penilaian", "### Bagian Kedua\n  penilaian SKP ASN")
    assert _warnings(text) == [
        (
            f"baris {_line(text, 'penilaian SKP')} kolom 3",
            "judul Bagian Kedua sebaiknya ditulis dengan huruf awal kapital pada setiap kata "
            "(kecuali kata tugas seperti 'dan', 'di', 'untuk'): 'Penilaian SKP ASN'",
        )
    ]
    for title in ("Penyusunan dan Penetapan SKP", "Hak dan Kewajiban Pegawai di Daerah"):
        assert (
            parse_draft(DRAFT.replace("Bagian Kesatu Umum", f"Bagian Kesatu {title}")).issues == ()
        )


@pytest.mark.parametrize(
    ("title", "fixed"),
    [
        ("PERENCANAAN KINERJA", "Perencanaan Kinerja"),
        ("PENYUSUNAN DAN PENETAPAN SKP", "Penyusunan dan Penetapan SKP"),
        ("HAK DAN KEWAJIBAN ASN DI DAERAH", "Hak dan Kewajiban ASN di Daerah"),
    ],
)
def test_bagian_title_all_in_capitals_is_a_warning(title: str, fixed: str) -> None:
    heading = f"### Bagian Kesatu {title}"
    text = DRAFT.replace("### Bagian Kesatu Umum", heading)
    assert _warnings(text) == [
        (
            f"baris {_line(text, heading)} kolom {heading.index(title) + 1}",
            "judul Bagian Kesatu ditulis dengan huruf kapital semua, seperti judul BAB; judul "
            "Bagian ditulis dengan huruf awal kapital pada setiap kata (kecuali kata tugas "
            f"seperti 'dan', 'di', 'untuk'): '{fixed}'",
        )
    ]


def test_a_one_word_bagian_title_in_capitals_may_be_an_acronym() -> None:
    assert parse_draft(DRAFT.replace("Bagian Kesatu Umum", "Bagian Kesatu SKP")).issues == ()


def test_issue_where_names_the_column_when_there_is_one() -> None:
    from policy.perwali import StructureIssue

    assert StructureIssue(7, "x").where == "baris 7"
    assert StructureIssue(7, "x", column=3).where == "baris 7 kolom 3"


PIDANA_BAB = """\
## BAB III KETENTUAN PIDANA

### Pasal 6
Setiap Pegawai yang tidak menyusun SKP dipidana dengan pidana kurungan paling lama
3 (tiga) bulan.

## BAB IV KETENTUAN PENUTUP

### Pasal 7
"""


def test_a_criminal_provision_in_a_perwali_is_an_error_at_its_line_and_word() -> None:
    """UU 12/2011 Pasal 15(1): only a UU or a Perda may carry ketentuan pidana."""
    text = DRAFT.replace("## BAB III KETENTUAN PENUTUP\n\n### Pasal 6\n", PIDANA_BAB)
    result = parse_draft(text)
    found = [(i.where, i.message, i.hint[:30]) for i in result.errors]
    sentence = _line(text, "dipidana")
    assert found == [
        (
            f"baris {_line(text, 'KETENTUAN PIDANA')}",
            "BAB III 'KETENTUAN PIDANA': ketentuan pidana hanya boleh dimuat dalam "
            "Undang-Undang atau Peraturan Daerah",
            "UU 12/2011 Pasal 15 ayat (1); ",
        ),
        (
            f"baris {sentence} kolom 40",
            "'dipidana' menetapkan sanksi pidana, yang hanya boleh dimuat dalam Undang-Undang "
            "atau Peraturan Daerah",
            "UU 12/2011 Pasal 15 ayat (1); ",
        ),
    ]
    assert text.splitlines()[sentence - 1][39:47] == "dipidana"


@pytest.mark.parametrize(
    "sentence",
    [
        "Pelanggaran atas Pasal 4 diancam pidana denda paling banyak Rp50.000.000,00.",
        "Pegawai yang melanggar dikenai pidana penjara sesuai Pasal 5.",
    ],
)
def test_a_penalty_written_otherwise_is_caught_too(sentence: str) -> None:
    text = DRAFT.replace("Penilaian kinerja dilakukan setiap triwulan.", sentence)
    assert [i.code for i in parse_draft(text).errors] == ["pidana"]


def test_a_crime_named_or_an_administrative_sanction_is_no_criminal_provision() -> None:
    text = DRAFT.replace(
        "Penilaian kinerja dilakukan setiap triwulan.",
        "Pegawai yang dijatuhi hukuman karena melakukan tindak pidana dikenai sanksi "
        "administratif berupa penundaan tunjangan sesuai ketentuan peraturan "
        "perundang-undangan.",
    )
    assert parse_draft(text).issues == ()


def test_a_keputusan_may_not_set_a_penalty_either() -> None:
    text = """\
# KEPUTUSAN WALI KOTA CONTOH

## Menimbang
a. bahwa perlu menetapkan tim penilai kinerja;

## Mengingat
1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;

## KESATU
Anggota tim yang membocorkan nilai dipidana sesuai Keputusan ini.
"""
    errors = parse_draft(text, "Keputusan").errors
    assert [(e.where, e.code) for e in errors] == [
        (f"baris {_line(text, 'dipidana')} kolom 36", "pidana")
    ]


def test_a_number_without_its_words_is_a_warning_at_its_column() -> None:
    """UU 12/2011 Lampiran II: '14 (empat belas) hari', digits and then words in brackets."""
    text = DRAFT.replace(
        "(1) SKP disusun paling lambat 31 Januari.",
        "(1) SKP disusun paling lambat 31 Januari dan dinilai dalam 14 hari.",
    )
    line = _line(text, "dalam 14 hari")
    column = text.splitlines()[line - 1].index("14") + 1
    assert _warnings(text) == [
        (
            f"baris {line} kolom {column}",
            "Pasal 4: bilangan '14' ditulis dengan angka diikuti kata dalam kurung: "
            "'14 (empat belas)'",
        )
    ]
    assert parse_draft(text).warnings[0].hint.startswith("UU 12/2011 Lampiran II")


def test_the_numbers_of_a_series_that_counts_are_each_warned() -> None:
    text = DRAFT.replace(
        "Penilaian kinerja dilakukan setiap triwulan.",
        "Penilai berjumlah antara 3 dan 5 orang.",
    )
    assert [m.split(":")[1] for _, m in _warnings(text)] == [
        " bilangan '3' ditulis dengan angka diikuti kata dalam kurung",
        " bilangan '5' ditulis dengan angka diikuti kata dalam kurung",
    ]


def test_words_in_brackets_that_read_another_number_are_a_warning() -> None:
    text = DRAFT.replace(
        "Penilaian kinerja dilakukan setiap triwulan.",
        "Bobot penilaian atasan 60% (enam puluh persen) dan rekan 25% (dua puluh persen) "
        "dari 1.500 (seribu lima ratus) pegawai.",
    )
    assert [message for _, message in _warnings(text)] == [
        "Pasal 5: '25% (dua puluh persen)': kata dalam kurung tidak sesuai angkanya: "
        "'25% (dua puluh lima persen)'"
    ]


def test_numbers_that_name_rather_than_count_are_left_alone() -> None:
    sentence = (
        "Sesuai Pasal 3 ayat (2) huruf a angka 1 dan Undang-Undang Nomor 20 Tahun 2023, "
        "penilaian tanggal 1 pukul 08.00 sampai 31 Januari 2027 untuk periode 2026-TW3 "
        "(PP 30/2019) pada hari ke-3 diberi Rp50.000,00 (lima puluh ribu rupiah), seperti "
        "Pasal 5, 6, dan 7 serta Tahun 2025 dan 2026."
    )
    text = DRAFT.replace("Penilaian kinerja dilakukan setiap triwulan.", sentence)
    assert parse_draft(text).issues == ()


def test_the_sample_drafts_write_their_numbers_as_the_rule_asks() -> None:
    """The packs' drafts (Perwali, Pergub, Keputusan) give no number warning."""
    packs = Path(__file__).resolve().parents[2] / "packs"
    drafts = sorted(packs.glob("*/rancangan_v*.md"))
    assert len(drafts) >= 10
    for path in drafts:
        form = "Keputusan" if "KESATU" in path.read_text(encoding="utf-8") else "Perwali"
        issues = parse_draft(path.read_text(encoding="utf-8"), form).issues
        assert [i for i in issues if i.code == "bilangan"] == [], path


def test_rincian_punctuation_warns_at_the_item() -> None:
    """';' after each item, ':' before rincian under it, '.' at the end, 'dan' before it."""
    text = DRAFT.replace(
        PASAL3_RINCIAN,
        "a. rencana hasil kerja\nb. indikator kinerja individu, yang terdiri atas\n"
        "1. kuantitas;\n2. kualitas;\nc. target;",
    )
    at = {n: f"baris {_line(text, n)}" for n in ("a. rencana", "b. indikator", "2. kualitas")}
    assert _warnings(text) == [
        (at["a. rencana"], "Pasal 3: rincian 'a.' diakhiri tanda ';'"),
        (
            at["b. indikator"],
            "Pasal 3: rincian 'b.' yang diikuti rincian di bawahnya diakhiri tanda ':'",
        ),
        (
            at["2. kualitas"],
            "Pasal 3: sesudah rincian '2.', sebelum rincian terakhir 'c.', ditulis '; dan' "
            "(kumulatif), '; atau' (alternatif) atau '; dan/atau'",
        ),
        (f"baris {_line(text, 'c. target')}", "Pasal 3: rincian terakhir 'c.' diakhiri tanda '.'"),
    ]


@pytest.mark.parametrize("connector", ["dan", "atau", "dan/atau"])
def test_a_list_with_its_connector_gives_no_warning(connector: str) -> None:
    text = DRAFT.replace("2. kualitas; dan", f"2. kualitas; {connector}")
    assert parse_draft(text).issues == ()


def test_definitions_each_a_sentence_and_a_keputusans_points_are_not_held_to_it() -> None:
    # the Ketentuan Umum's definitions end with '.', each a sentence of its own
    assert "1. Daerah adalah Kota Contoh." in DRAFT
    assert [i.code for i in parse_draft(DRAFT).issues] == []
    keputusan = (
        "## Menimbang\na. bahwa perlu;\n\n## Mengingat\n1. Undang-Undang;\n\n"
        "### KESATU\n1. Penilai terdiri atas atasan dan rekan\n2. Identitas penilai dirahasiakan\n"
    )
    assert parse_draft(keputusan, "Keputusan").issues == ()


def test_the_sentence_before_a_list_ends_with_a_colon() -> None:
    text = DRAFT.replace("(2) SKP sebagaimana dimaksud pada ayat (1) memuat:", "(2) SKP memuat")
    assert _warnings(text) == [
        (
            f"baris {_line(text, '(2) SKP memuat')}",
            "Pasal 3: kalimat sebelum rincian 'a.' diakhiri tanda ':'",
        )
    ]


def test_konsiderans_items_open_with_bahwa_and_the_last_concludes() -> None:
    text = DRAFT.replace("b. bahwa Peraturan Menteri PANRB", "b. Peraturan Menteri PANRB").replace(
        "c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b,\n"
        "perlu menetapkan Peraturan Wali Kota tentang Manajemen Kinerja;",
        "c. bahwa Wali Kota berwenang mengatur manajemen kinerja;",
    )
    assert _warnings(text) == [
        (f"baris {_line(text, 'b. Peraturan')}", "butir Menimbang b. diawali kata 'bahwa'"),
        (
            f"baris {_line(text, 'c. bahwa Wali Kota')}",
            "butir Menimbang terakhir c. menyimpulkan butir di atasnya: 'bahwa berdasarkan "
            "pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan …;'",
        ),
    ]
