"""Drafting-style checks that warn and never refuse: rincian nesting, Bagian titles.

Layer: pure domain (used by `policy.perwali_reader`, which puts each problem at its line
and column). Both rules are UU 12/2011 Lampiran II as DOMAIN.md §4.1 states them:

- rincian nest a. → 1. → a) → 1), at most four levels; a list may start at `1.`, as the
  definitions of the Ketentuan Umum do (DOMAIN.md §4.1, C.1);
- a Bagian title is in title case ("Bagian Kesatu / Perencanaan Kinerja"): every word
  begins with a capital except the kata tugas (dan, di, ke, dari, yang, untuk, …) that
  do not open it (EYD). Words already in capitals (acronyms such as SKP) are left alone.
"""

from __future__ import annotations

#: Rincian styles from the outermost level in.
RINCIAN_ORDER = ("a.", "1.", "a)", "1)")
_KATA_TUGAS = frozenset(
    "dan atau dan/atau di ke dari yang untuk pada dengan dalam terhadap oleh bagi tentang "
    "serta antara sebagai atas secara melalui kepada per hingga sampai tanpa akan agar".split()
)


def rincian_order_problem(styles: list[str], label: str) -> str | None:
    """What is wrong with opening the last level of `styles` (outermost first) with `label`.

    None when that level follows a. → 1. → a) → 1) from the level above it (or, for the
    first level, is `a.` or `1.`).
    """
    if len(styles) == 1:
        if styles[0] in RINCIAN_ORDER[:2]:
            return None
        where = "membuka tingkat pertama, yang ditulis 'a.' (atau '1.')"
    else:
        parent = RINCIAN_ORDER.index(styles[-2])
        if RINCIAN_ORDER.index(styles[-1]) == parent + 1:
            return None
        where = f"berada di bawah rincian '{styles[-2]}', " + (
            f"padahal tingkat di bawah '{styles[-2]}' ditulis '{RINCIAN_ORDER[parent + 1]}'"
            if parent + 1 < len(RINCIAN_ORDER)
            else "tingkat terakhir dalam urutan; rincian lebih lanjut dijadikan ayat atau "
            "Pasal tersendiri"
        )
    return f"rincian '{label}' {where} (urutan rincian: a. → 1. → a) → 1))"


def _capitalised(word: str) -> str:
    """The word with its first letter in capitals ('(perencanaan' -> '(Perencanaan')."""
    for i, char in enumerate(word):
        if char.isalpha():
            return word[:i] + char.upper() + word[i + 1 :]
    return word


def title_case_fix(title: str) -> tuple[str, int] | None:
    """The title in title case and the index of its first word that was not, or None.

    'perencanaan dan penilaian kinerja' -> ('Perencanaan dan Penilaian Kinerja', 0).
    """
    words = title.split()
    wrong = [
        i
        for i, word in enumerate(words)
        if _capitalised(word) != word
        and (i == 0 or word.lower().strip(",.;:()") not in _KATA_TUGAS)
    ]
    if not wrong:
        return None
    return " ".join(_capitalised(w) if i in wrong else w for i, w in enumerate(words)), wrong[0]
