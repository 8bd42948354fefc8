"""Drafting-style checks that warn and never refuse: rincian nesting, Bagian titles, numbers.

Layer: pure domain (used by `policy.perwali_checks`, which puts each problem at its line
and column). Both rules are UU 12/2011 Lampiran II as DOMAIN.md §4.1 states them:

- rincian nest a. → 1. → a) → 1), at most four levels; a list may start at `1.`, as the
  definitions of the Ketentuan Umum do (DOMAIN.md §4.1, C.1);
- a Bagian title is in title case ("Bagian Kesatu / Perencanaan Kinerja"): every word
  begins with a capital except the kata tugas (dan, di, ke, dari, yang, untuk, …) that
  do not open it (EYD). Words already in capitals (acronyms such as SKP) are left alone,
  but a title all in capitals is written the way a BAB title is, and is warned too;
- a number in a Pasal or diktum is written in digits followed by its words in brackets,
  "paling lama 14 (empat belas) hari", "35% (tiga puluh lima persen)" (DOMAIN.md §4.1,
  "digits followed by words"), and the words read the same number.
"""

from __future__ import annotations

import re

from policy.terbilang import NUMBER, WORDS, number_words

#: Rincian styles from the outermost level in.
RINCIAN_ORDER = ("a.", "1.", "a)", "1)")
_KATA_TUGAS = frozenset(
    "dan atau dan/atau di ke dari yang untuk pada dengan dalam terhadap oleh bagi tentang "
    "serta antara sebagai atas secara melalui kepada per hingga sampai tanpa akan agar".split()
)

# Words of up to three letters in legal titles that are words, not acronyms.
_SHORT_WORDS = frozenset("hak hal isi ini itu tim uji pos air ibu dua tiga via".split())


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


def all_capitals_fix(title: str) -> str | None:
    """The title in title case when it is written all in capitals, as a BAB title is; else None.

    'PERENCANAAN DAN PENILAIAN SKP' -> 'Perencanaan dan Penilaian SKP': a word of up to three
    letters is taken for an acronym (SKP, ASN, OPD) and kept, unless it is a kata tugas or
    one of the short words of legal titles (hak, hal, isi, tim, uji, …). One word alone
    ('UMUM') may be an acronym and is left alone.
    """
    words = title.split()
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    if len(lettered) < 2 or any(w != w.upper() for w in lettered):
        return None
    out = []
    for i, word in enumerate(words):
        bare = word.lower().strip(",.;:()")
        if i > 0 and bare in _KATA_TUGAS:
            out.append(word.lower())
        elif sum(c.isalpha() for c in word) <= 3 and bare not in _KATA_TUGAS | _SHORT_WORDS:
            out.append(word)
        else:
            out.append(_capitalised(word.lower()))
    return " ".join(out)


# --------------------------------------------------------------------------- numbers

# A number standing on its own: not part of a word or code (Rp50.000, 2026-TW3, 30/2019,
# ke-3), nor a time or a decimal written with '.' (08.00); then an optional '%'.
_BARE_NUMBER = re.compile(r"(?<![\w./,\-–(])(" + NUMBER.pattern + r")(%?)(?![\w/\-–]|[.,]\d)")
# Words after which a number names something (Pasal 5, ayat (1), Nomor 23, Tahun 2014,
# tanggal 1, pukul 9) rather than counts it.
_NAMING = frozenset(
    "pasal ayat huruf angka nomor no. no bab lampiran paragraf diktum tahun tanggal pukul "
    "bagian anggaran".split()
)
_MONTHS = frozenset(
    "januari februari maret april mei juni juli agustus september oktober november desember".split()
)
_BRACKET = re.compile(r"\s*\(([^()]*)\)")
# What may stand between a naming word and the numbers it names: 'Pasal 5, 6, dan 7',
# 'Tahun 2025 dan 2026', 'ayat (1) sampai dengan ayat (3)'.
_SERIES = frozenset("dan atau dan/atau sampai dengan s.d. hingga".split())
_SERIES_NUMBER = re.compile(r"\(?\d+\)?[,;]?")


def _naming_word(before: list[str]) -> str:
    """The word before a number, looking past the numbers and 'dan' of a series."""
    for word in reversed(before):
        folded = word.casefold()
        if folded in _SERIES or _SERIES_NUMBER.fullmatch(folded):
            continue
        return folded
    return ""


def bare_numbers(text: str) -> list[tuple[int, str, str, str]]:
    """The numbers of a sentence that a regulation writes with words in brackets.

    Each as (index in `text`, the number as written, what UU 12/2011 Lampiran II asks for,
    the bracket's words as written): ('14', '14 (empat belas)', '') where no bracket
    follows, ('5', '5 (lima)', 'enam') where the bracket's words read another number. A
    number that names rather than counts is left alone: after Pasal, ayat, huruf, angka,
    Nomor, Tahun, tanggal, pukul and the like, in a date ('31 Januari 2027'), a list label
    at the start ('1.'), an ayat's '(1)', a code or an amount written against its letters
    ('Rp50.000,00').
    """
    found: list[tuple[int, str, str, str]] = []
    for m in _BARE_NUMBER.finditer(text):
        number, percent = m.group(1), m.group(2)
        before = text[: m.start()].split()
        after = text[m.end() :].split(maxsplit=1)
        previous = _naming_word(before)
        following = after[0].casefold().strip(".,;:") if after else ""
        if m.start() == 0 and text[m.end() : m.end() + 1] in (".", ")"):
            continue  # a list label: '1.', '1)'
        if previous in _NAMING or previous in _MONTHS or following in _MONTHS:
            continue
        words = number_words(number) + (" persen" if percent else "")
        wanted = f"{number}{percent} ({words})"
        bracket = _BRACKET.match(text, m.end())
        if bracket is None:
            found.append((m.start(), number + percent, wanted, ""))
            continue
        written = " ".join(bracket.group(1).casefold().split())
        if set(written.split()) <= WORDS and written != words:
            found.append((m.start(), number + percent, wanted, bracket.group(1).strip()))
    return found


# ----------------------------------------------------------------- rincian punctuation

_CONNECTOR = re.compile(r";\s*(?:dan/atau|dan|atau)$")


def _sentence_list(items: list[tuple[str, str, int]]) -> bool:
    """Whether a list's items are whole sentences, each ending with '.' (definitions)."""
    top = min((level for _, _, level in items), default=0)
    return all(text.rstrip().endswith(".") for _, text, level in items if level == top)


def rincian_punctuation(
    lead: str | None, items: list[tuple[str, str, int]]
) -> list[tuple[int, str]]:
    """What is wrong with the punctuation of one list of rincian, by the item's index.

    `items` are one list's rincian in order (label, text, level from 1), as they stand under
    the sentence `lead` of a Pasal or ayat (None: the list opens the Pasal). UU 12/2011
    Lampiran II (DOMAIN.md §4.1): the sentence before the list ends with ':' (index -1), an
    item with rincian under it ends with ':', the list's last item with '.', every other item
    with ';', and the item before the last (or its own last rincian) adds 'dan' (cumulative),
    'atau' (alternative) or 'dan/atau' after the ';'. A list whose items are whole sentences
    (each ending with '.', as the definitions of the Ketentuan Umum are) is not checked.
    """
    if not items or _sentence_list(items):
        return []
    top = min(level for _, _, level in items)
    problems: list[tuple[int, str]] = []
    if lead is not None and not lead.rstrip().endswith(":"):
        problems.append((-1, f"kalimat sebelum rincian '{items[0][0]}' diakhiri tanda ':'"))
    last = len(items) - 1
    for k, (label, text, level) in enumerate(items):
        end = text.rstrip()
        if k < last and items[k + 1][2] > level:
            if not end.endswith(":"):
                problems.append(
                    (k, f"rincian '{label}' yang diikuti rincian di bawahnya diakhiri tanda ':'")
                )
        elif k == last:
            if not end.endswith("."):
                problems.append((k, f"rincian terakhir '{label}' diakhiri tanda '.'"))
        elif not end.endswith(";") and _CONNECTOR.search(end) is None:
            problems.append((k, f"rincian '{label}' diakhiri tanda ';'"))
    final = max(k for k, (_, _, level) in enumerate(items) if level == top)
    if final > 0 and final == last:
        before = items[final - 1]
        end = before[1].rstrip()
        if (end.endswith(";") or end.endswith(".")) and _CONNECTOR.search(end) is None:
            problems.append(
                (
                    final - 1,
                    f"sesudah rincian '{before[0]}', sebelum rincian terakhir "
                    f"'{items[final][0]}', ditulis '; dan' (kumulatif), '; atau' (alternatif) "
                    "atau '; dan/atau'",
                )
            )
    return sorted(problems)
