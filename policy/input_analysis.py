"""Stakeholder inputs compared and sorted: exact and near duplicates, themes by keyword.

Layer: pure domain (no database, no IO); used by `policy.services.forum_counts` for the
Rekapitulasi Masukan, and by `policy.packschema` for the default theme lexicon of a pack.

- Text is *normalised* before any comparison: case folded, every mark that is not a
  letter or digit turned into a space, spaces collapsed ("e-Kinerja," -> "e kinerja").
- Two inputs are *exact duplicates* when their normalised texts are equal, and *near
  duplicates* when the word-level difflib ratio of the normalised texts is at least
  `NEAR_RATIO` (0.85): the same request with a few words changed.
- An input's *theme* is the theme of the pack lexicon whose keywords occur most often
  in its text (a keyword matches at the start of a word, so "evaluasi" finds
  "evaluasinya"); ties go to the theme listed first; no keyword at all gives the
  fallback theme (the one with no keywords, "Lainnya" by default).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

NEAR_RATIO = 0.85
OTHER = "Lainnya"

#: The default theme lexicon (ASN performance management); a pack may replace it.
DEFAULT_THEMES: dict[str, list[str]] = {
    "Penilaian dan evaluasi kinerja": [
        "penilaian",
        "menilai",
        "dinilai",
        "evaluasi",
        "predikat",
        "rating",
        "kurva",
        "distribusi",
        "periodik",
        "triwulan",
        "semester",
    ],
    "Umpan balik": ["umpan balik", "feedback", "coaching", "mentoring", "pembinaan"],
    "SKP dan perencanaan kinerja": [
        "skp",
        "sasaran kinerja",
        "rencana hasil kerja",
        "rencana kinerja",
        "perencanaan",
        "indikator kinerja",
        "bukti dukung",
        "ekspektasi",
        "target",
    ],
    "Pengaduan dan layanan publik": [
        "pengaduan",
        "aduan",
        "diadukan",
        "pelayanan",
        "layanan",
        "skm",
        "kepuasan",
        "sp4n",
    ],
    "Data dan e-Kinerja": [
        "e kinerja",
        "ekinerja",
        "aplikasi",
        "data",
        "platform",
        "sinkron",
        "kata sandi",
        "helpdesk",
        "sistem informasi",
    ],
    "Pengembangan kompetensi": [
        "kompetensi",
        "pelatihan",
        "diklat",
        "jp",
        "jam pelajaran",
        "bimtek",
        "belajar",
        "sosialisasi",
    ],
    "Penghargaan dan sanksi": [
        "penghargaan",
        "sanksi",
        "hukuman",
        "disiplin",
        "teguran",
        "insentif",
        "tunjangan",
        "tpp",
        "karier",
    ],
    OTHER: [],
}

_NOT_WORD = re.compile(r"[^\w]+|_+")


def normalise(text: str) -> str:
    """Text as compared: NFKC, case folded, marks to spaces, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def similarity(a: str, b: str) -> float:
    """Word-level difflib ratio of two normalised texts (0–1)."""
    wa, wb = a.split(), b.split()
    if not wa and not wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def _near(a: list[str], b: list[str]) -> float | None:
    """The ratio of two word lists when it reaches `NEAR_RATIO`, else None (cheap bounds first)."""
    if 2 * min(len(a), len(b)) < NEAR_RATIO * (len(a) + len(b)):
        return None
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < NEAR_RATIO:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= NEAR_RATIO else None


@dataclass(frozen=True)
class Duplicate:
    """An input that repeats an earlier one: exactly, or nearly (with the ratio)."""

    kind: Literal["exact", "near"]
    of: int
    ratio: float


def find_duplicates(items: Sequence[tuple[int, str]]) -> dict[int, Duplicate]:
    """Duplicates among `items` ((number, text), compared in the order given).

    Each later input points at the earliest input with the same normalised text, or
    else at the earlier input it is most similar to (ratio ≥ `NEAR_RATIO`; ties go to
    the earlier one). Exact repeats are not compared again for near matches.
    """
    found: dict[int, Duplicate] = {}
    first_of: dict[str, int] = {}
    originals: list[tuple[int, list[str]]] = []
    for number, text in items:
        key = normalise(text)
        if key in first_of:
            found[number] = Duplicate("exact", first_of[key], 1.0)
            continue
        first_of[key] = number
        best: tuple[float, int] | None = None
        words = key.split()
        for other, other_words in originals:
            ratio = _near(words, other_words)
            if ratio is not None and (best is None or ratio > best[0]):
                best = (ratio, other)
        if best is not None:
            found[number] = Duplicate("near", best[1], best[0])
        originals.append((number, words))
    return found


def _pattern(keyword: str) -> re.Pattern[str] | None:
    words = normalise(keyword)
    if not words:
        return None
    return re.compile(r"(?:^| )" + re.escape(words))


def fallback_theme(themes: Mapping[str, Sequence[str]]) -> str:
    """The theme given to inputs no keyword matches: the first without keywords."""
    return next((name for name, words in themes.items() if not words), OTHER)


def theme_of(text: str, themes: Mapping[str, Sequence[str]]) -> str:
    """The theme of an input: most keyword occurrences, ties to the first theme, else fallback."""
    key = normalise(text)
    best, best_hits = fallback_theme(themes), 0
    for name, words in themes.items():
        hits = 0
        for word in words:
            pattern = _pattern(word)
            if pattern is not None:
                hits += len(pattern.findall(key))
        if hits > best_hits:
            best, best_hits = name, hits
    return best
