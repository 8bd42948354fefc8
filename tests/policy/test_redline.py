"""Pure: the word-level redline, comparing versions by stable id, repeats and themes of inputs."""

from __future__ import annotations

import pytest

from policy.input_analysis import (
    DEFAULT_THEMES,
    NEAR_RATIO,
    OTHER,
    fallback_theme,
    find_duplicates,
    normalise,
    similarity,
    theme_of,
)
from policy.perwali import assign_ids, parse_draft
from policy.redline import SectionText, compare_versions, redline, same_text
from tests.policy.test_perwali import DRAFT


def _ops(lines: tuple[tuple[object, ...], ...]) -> list[list[tuple[str, str]]]:
    return [[(s.op, s.text) for s in line] for line in lines]  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- redline


def test_redline_marks_words_and_keeps_the_new_lines() -> None:
    old = "(1) Penilaian dilakukan setiap semester.\n(2) Hasil diumumkan."
    new = "(1) Penilaian dilakukan setiap triwulan.\n(2) Hasil diumumkan.\n(3) Hasil dicatat."
    assert _ops(redline(old, new)) == [
        [("same", "(1) Penilaian dilakukan setiap"), ("del", "semester."), ("ins", "triwulan.")],
        [("same", "(2) Hasil diumumkan.")],
        [("ins", "(3) Hasil dicatat.")],
    ]


def test_redline_of_added_and_removed_text_and_whitespace() -> None:
    assert _ops(redline("", "a b\nc")) == [[("ins", "a b")], [("ins", "c")]]
    assert _ops(redline("a b\nc", "")) == [[("del", "a b")], [("del", "c")]]
    # A deleted line break joins the deleted words to the line they were on.
    assert _ops(redline("a\nb", "a b")) == [[("same", "a b")]]
    assert same_text("a  b\n\nc ", "a b\nc") and not same_text("a b", "a c")
    assert redline("x  y", "x y") == ((_seg("same", "x y"),),)


def _seg(op: str, text: str) -> object:
    from policy.redline import Segment

    return Segment(op, text)  # type: ignore[arg-type]


# ------------------------------------------------------------------- comparing versions


def _sections(text: str, previous: list[tuple[str, str]] | None = None) -> list[SectionText]:
    draft = parse_draft(text).draft
    return [
        SectionText(sid=sid, number=p.number, label=p.label, heading="", text=p.text())
        for sid, p in assign_ids(draft, previous)
    ]


def _renumbered_v2() -> str:
    """DRAFT with a Pasal inserted before Pasal 2, the later ones renumbered, Pasal 6 changed."""
    v2 = DRAFT.replace(
        "### Pasal 2\n",
        "### Pasal 2\nPeraturan Wali Kota ini berlaku bagi seluruh Pegawai.\n\n### Pasal 3\n",
    )
    for old, new in (
        ("Pasal 6", "Pasal 7"),
        ("Pasal 5", "Pasal 6"),
        ("Pasal 4\n", "Pasal 5\n"),
        ("#### Pasal 3", "#### Pasal 4"),
    ):
        v2 = v2.replace(old, new)
    return v2.replace("mulai berlaku pada tanggal diundangkan", "mulai berlaku 1 Januari 2027")


def test_an_inserted_pasal_does_not_change_the_later_ones() -> None:
    v1 = _sections(DRAFT)
    v2 = _sections(_renumbered_v2(), [(s.sid, s.text) for s in v1])
    diffs = compare_versions(v1, v2)
    assert [(d.status, d.old and d.old.label, d.new and d.new.label) for d in diffs] == [
        ("unchanged", "Pasal 1", "Pasal 1"),
        ("added", None, "Pasal 2"),
        ("unchanged", "Pasal 2", "Pasal 3"),
        ("unchanged", "Pasal 3", "Pasal 4"),
        ("unchanged", "Pasal 4", "Pasal 5"),
        ("unchanged", "Pasal 5", "Pasal 6"),
        ("changed", "Pasal 6", "Pasal 7"),
    ]
    renumbered = [d for d in diffs if d.renumbered]
    assert [d.status for d in renumbered] == ["unchanged"] * 4 + ["changed"]
    assert all(not d.lines for d in diffs if d.status == "unchanged")
    changed = next(d for d in diffs if d.status == "changed")
    assert _ops(changed.lines) == [
        [
            ("same", "Peraturan Wali Kota ini mulai berlaku"),
            ("del", "pada tanggal diundangkan."),
            ("ins", "1 Januari 2027."),
        ]
    ]


def test_a_removed_pasal_comes_where_it_was() -> None:
    a = [
        SectionText("p1", 1, "Pasal 1", "BAB I", "satu"),
        SectionText("p2", 2, "Pasal 2", "BAB I", "dua"),
        SectionText("p3", 3, "Pasal 3", "BAB I", "tiga"),
    ]
    b = [
        SectionText("p1", 1, "Pasal 1", "BAB I", "satu"),
        SectionText("p3", 2, "Pasal 2", "BAB II", "tiga"),
    ]
    diffs = compare_versions(a, b)
    assert [(d.sid, d.status) for d in diffs] == [
        ("p1", "unchanged"),
        ("p2", "removed"),
        ("p3", "unchanged"),
    ]
    assert diffs[2].renumbered and diffs[2].moved and not diffs[0].moved
    assert _ops(diffs[1].lines) == [[("del", "dua")]]
    first_gone = compare_versions(a, a[1:])
    assert [(d.sid, d.status) for d in first_gone][0] == ("p1", "removed")


# -------------------------------------------------------------------- input analysis


def test_normalise() -> None:
    assert normalise("  E-Kinerja,  sering ERROR!!\n") == "e kinerja sering error"
    assert normalise("ＡＢＣ_x") == "abc x"  # NFKC, underscores are marks too


def test_exact_and_near_duplicates() -> None:
    base = "Mohon umpan balik dicatat di e-Kinerja setiap bulan oleh atasan langsung."
    items = [
        (1, base),
        (2, "MOHON umpan balik dicatat di e-kinerja, setiap bulan oleh atasan langsung"),
        (3, base.replace("setiap bulan", "paling lambat setiap bulan")),
        (4, "Sesuatu yang lain sama sekali."),
        (5, base.replace("atasan langsung", "pejabat penilai kinerja")),
    ]
    found = find_duplicates(items)
    assert found[2].kind == "exact" and found[2].of == 1
    # 12 words, 2 added: 2 * 12 / (12 + 14) = 0.923
    assert found[3].kind == "near" and found[3].of == 1
    assert found[3].ratio == pytest.approx(24 / 26)
    assert 4 not in found
    # 2 words of 12 replaced by 3: 2 * 10 / (12 + 13) = 0.8 < 0.85: not a repeat
    assert 5 not in found
    assert similarity(normalise(items[0][1]), normalise(items[4][1])) < NEAR_RATIO


def test_near_duplicate_points_at_the_most_similar_earlier_input() -> None:
    a = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"
    b = a + " sebelas duabelas"
    c = a + " sebelas"  # against a: 2 * 10 / 21 = 0.952; against b: 2 * 11 / 23 = 0.957
    found = find_duplicates([(1, a), (2, b), (3, c)])
    assert found[2].of == 1
    assert found[3].of == 2 and found[3].ratio > similarity(a, c)


def test_themes() -> None:
    assert theme_of("Aplikasi e-Kinerja sering tidak bisa diakses", DEFAULT_THEMES) == (
        "Data dan e-Kinerja"
    )
    # a keyword matches at the start of a word: 'evaluasi' finds 'evaluasinya'
    assert theme_of("Evaluasinya kapan?", DEFAULT_THEMES) == "Penilaian dan evaluasi kinerja"
    # occurrences count: umpan balik twice beats penilaian once
    text = "Umpan balik lisan tidak ada buktinya saat penilaian; umpan balik harus dicatat."
    assert theme_of(text, DEFAULT_THEMES) == "Umpan balik"
    assert theme_of("Jalan desa berlubang.", DEFAULT_THEMES) == OTHER
    lexicon = {"A": ["hari"], "B": ["hari"], "Sisa": []}
    assert theme_of("dua hari", lexicon) == "A"  # ties go to the first theme
    assert theme_of("tidak ada", lexicon) == fallback_theme(lexicon) == "Sisa"
    assert fallback_theme({"A": ["x"]}) == OTHER
