"""Reading and checking a draft regulation (Perwali/Perbup/Pergub) or Keputusan in Markdown.

Layer: pure domain (no database, no IO); used by `policy.services.drafting`.

Headings are recognised by their text, whatever the number of `#`: `BAB <Romawi>
<JUDUL>`, `Bagian <Kesatu|Kedua|…> <Judul>`, `Paragraf <n> <Judul>`, `Pasal <n>`,
`Menimbang`, `Mengingat`; `Penjelasan` and `Lampiran` start raw trailing sections.
Inside a Pasal, `(n) …` starts an ayat, `a. …`, `1. …`, `a) …`, `1) …` a rincian
(at most four levels), other text a paragraph; a line that follows a line without a
blank between joins it. A rincian's level follows the order its style first appears
in, so the document indents what the author nested; in a Peraturan, nesting that
departs from a. → 1. → a) → 1) (UU 12/2011 Lampiran II; a list may start at `1.`, as
the definitions of the Ketentuan Umum do) is a warning with its line and column. A
Keputusan's points are not checked: DOMAIN.md gives no order for them, and the demo
Keputusan nest `a.` under `1.` as naskah dinas commonly do. A Bagian title not in
title case is a warning too, as a BAB title not in capitals is (`policy.perwali_style`).
`parse_draft` never raises on bad structure: it reports every problem as a
`StructureIssue` with its line (the reader itself is `policy.perwali_reader`).
`assign_ids` keeps a Pasal's section id across versions by text similarity, so
renumbering does not change ids.

A Keputusan (legal form `Keputusan`) has no BAB and no Pasal: after `Menimbang`,
`Mengingat` and an optional `Memperhatikan`, its body is a run of diktum headed
`KESATU`, `KEDUA`, … (`### KESATU`, `### KEDUA :`), each holding its text and any
numbered points. A diktum is a `Pasal` with `diktum=True`, so stable ids, the
comparison and section references treat it the way they treat a Pasal.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Literal

BlockKind = Literal["ayat", "huruf", "angka", "paragraf"]
PartKind = Literal["bagian", "paragraf"]

SIMILARITY = 0.6
MAX_LEVELS = 4


class Severity(StrEnum):
    """How bad a structure issue is: errors refuse the draft, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


HINTS: dict[str, str] = {
    "menimbang": "tulis judul '## Menimbang' berisi butir a. bahwa …;",
    "mengingat": "tulis judul '## Mengingat' berisi butir 1. dasar hukum …;",
    "no-pasal": "batang tubuh harus berisi paling sedikit satu '### Pasal 1'",
    "no-diktum": "Keputusan harus berisi paling sedikit satu diktum '### KESATU'",
    "diktum-sequence": "diktum diberi kata urut berurutan: KESATU, KEDUA, KETIGA, …",
    "diktum-empty": "setiap diktum berisi paling sedikit satu kalimat",
    "pasal-in-keputusan": "Keputusan tidak memakai BAB, Bagian atau Pasal; tulis diktum "
    "'### KESATU', '### KEDUA', …",
    "diktum-in-peraturan": "Peraturan memakai Pasal ('### Pasal 1'); diktum KESATU, KEDUA, … "
    "hanya untuk Keputusan",
    "outside-diktum": "teks dan rincian Keputusan harus berada di bawah judul diktum",
    "bab-numeral": "BAB diberi angka Romawi berurutan: BAB I, BAB II, …",
    "bab-sequence": "BAB diberi angka Romawi berurutan: BAB I, BAB II, …",
    "pasal-number": "tulis nomor Pasal dengan angka Arab, misalnya 'Pasal 5'",
    "pasal-sequence": "Pasal dinomori berurutan di seluruh naskah, tidak dimulai lagi per BAB",
    "pasal-empty": "setiap Pasal berisi paling sedikit satu kalimat",
    "ayat-sequence": "ayat dalam satu Pasal dinomori (1), (2), (3), …",
    "outside-pasal": "ayat, rincian dan teks batang tubuh harus berada di bawah judul Pasal",
    "before-heading": "mulailah berkas dengan judul '## Menimbang'",
    "heading": "judul yang dikenal: Menimbang, Mengingat, BAB, Bagian, Paragraf, Pasal, "
    "Penjelasan, Lampiran",
    "bagian-number": "Bagian diberi nomor urut dengan kata: Bagian Kesatu, Bagian Kedua, …",
    "paragraf-number": "Paragraf diberi nomor urut dengan angka: Paragraf 1, Paragraf 2, …",
    "rincian-order": "rincian bertingkat ditulis a. → 1. → a) → 1), paling banyak 4 tingkat",
    "rincian-punctuation": "UU 12/2011 Lampiran II: rincian diakhiri ';', yang memiliki rincian "
    "di bawahnya ':', yang terakhir '.'; sesudah rincian kedua dari terakhir ditulis 'dan', "
    "'atau' atau 'dan/atau'",
    "konsiderans": "UU 12/2011 Lampiran II: tiap butir Menimbang diawali 'bahwa' dan diakhiri "
    "';'; butir terakhir berbunyi 'bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam "
    "huruf a dan huruf b, perlu menetapkan Peraturan Wali Kota tentang …;'",
    "bilangan": "UU 12/2011 Lampiran II: bilangan dalam Pasal ditulis dengan angka Arab diikuti "
    "kata dalam kurung, misalnya 'paling lama 14 (empat belas) hari', '35% (tiga puluh lima "
    "persen)'; nomor Pasal, ayat, tahun dan tanggal tidak",
    "pidana": "UU 12/2011 Pasal 15 ayat (1); Peraturan kepala daerah dan Keputusan memuat "
    "sanksi administratif (teguran, penundaan, pencabutan) atau merujuk ketentuan pidana "
    "peraturan yang lebih tinggi",
    "bagian-title": "judul Bagian ditulis dengan huruf awal kapital pada setiap kata, kecuali "
    "kata tugas (dan, atau, di, ke, dari, yang, untuk, …) yang tidak di awal",
}


@dataclass(frozen=True)
class StructureIssue:
    """A problem in the draft's structure, at a line of the file (message in Indonesian).

    `column` (from 1) points into the line where it helps (a rincian label, a word of a
    title); 0 means the whole line.
    """

    line: int
    message: str
    severity: Severity = Severity.ERROR
    code: str = ""
    column: int = 0

    @property
    def where(self) -> str:
        """'baris 12' or 'baris 12 kolom 5'."""
        return f"baris {self.line}" + (f" kolom {self.column}" if self.column else "")

    @property
    def hint(self) -> str:
        """A short hint on how to fix it (may be empty)."""
        return HINTS.get(self.code, "")


@dataclass(frozen=True)
class Item:
    """A Menimbang or Mengingat item ('a.', '1.'; empty label for a single item)."""

    label: str
    text: str
    line: int


@dataclass(frozen=True)
class Block:
    """An ayat, a rincian (huruf/angka, level 1–4) or a paragraph of a Pasal."""

    kind: BlockKind
    label: str
    text: str
    level: int
    line: int


@dataclass(frozen=True)
class Pasal:
    """A Pasal (or, with `diktum`, a diktum of a Keputusan) with its blocks in order."""

    number: int
    blocks: tuple[Block, ...]
    line: int
    diktum: bool = False

    @property
    def label(self) -> str:
        """'Pasal 5', or 'Diktum KEDUA' for a diktum."""
        return f"Diktum {diktum_word(self.number)}" if self.diktum else f"Pasal {self.number}"

    def text(self) -> str:
        """The Pasal's text without its heading, one block a line (used to match versions)."""
        return "\n".join(f"{b.label} {b.text}".strip() for b in self.blocks)


@dataclass(frozen=True)
class Part:
    """A Bagian (which may hold Paragraf) or a Paragraf, with what it contains."""

    kind: PartKind
    number: int
    label: str
    title: str
    line: int
    children: tuple[Part | Pasal, ...]


@dataclass(frozen=True)
class Chapter:
    """A BAB; `numeral` is empty for Pasal written before any BAB (no heading)."""

    numeral: str
    number: int
    title: str
    line: int
    parts: tuple[Part | Pasal, ...]

    @property
    def label(self) -> str:
        """'BAB II'."""
        return f"BAB {self.numeral}"

    def pasal(self) -> Iterator[Pasal]:
        """Every Pasal of the chapter in order."""
        yield from _walk(self.parts)


@dataclass(frozen=True)
class RawLine:
    """A line of a raw trailing section; `heading` when it was a Markdown heading."""

    text: str
    heading: bool
    line: int


@dataclass(frozen=True)
class RawSection:
    """Penjelasan or Lampiran, kept as written."""

    title: str
    line: int
    lines: tuple[RawLine, ...]


@dataclass(frozen=True)
class Draft:
    """The parsed draft."""

    menimbang: tuple[Item, ...]
    mengingat: tuple[Item, ...]
    chapters: tuple[Chapter, ...]
    trailing: tuple[RawSection, ...] = ()
    title: str = ""
    memperhatikan: tuple[Item, ...] = ()
    keputusan: bool = False

    def pasal(self) -> list[Pasal]:
        """Every Pasal (every diktum of a Keputusan) in order."""
        return [p for c in self.chapters for p in c.pasal()]


@dataclass(frozen=True)
class ParseResult:
    """A draft and the issues found while reading it."""

    draft: Draft
    issues: tuple[StructureIssue, ...]

    @property
    def errors(self) -> list[StructureIssue]:
        """Issues that refuse the draft."""
        return [i for i in self.issues if i.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[StructureIssue]:
        """Issues that are only reported."""
        return [i for i in self.issues if i.severity == Severity.WARNING]


def _walk(nodes: Sequence[Part | Pasal]) -> Iterator[Pasal]:
    for node in nodes:
        if isinstance(node, Pasal):
            yield node
        else:
            yield from _walk(node.children)


# ------------------------------------------------------------------ numbers and words

_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral in capitals, or None if it is not a valid one."""
    if not numeral or not _ROMAN.match(numeral):
        return None
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def to_roman(number: int) -> str:
    """1 -> 'I', 14 -> 'XIV'."""
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while number >= value:
            out += sym
            number -= value
    return out


def ordinal_word(number: int) -> str:
    """1 -> 'Kesatu', 12 -> 'Kedua Belas', 21 -> 'Kedua Puluh Satu' (1–99)."""
    tens, unit = divmod(number, 10)
    if number == 1:
        words = "kesatu"
    elif number < 10:
        words = "ke" + _UNITS[unit]
    elif number == 10:
        words = "kesepuluh"
    elif number == 11:
        words = "kesebelas"
    elif number < 20:
        words = f"ke{_UNITS[unit]} belas"
    else:
        words = f"ke{_UNITS[tens]} puluh" + (f" {_UNITS[unit]}" if unit else "")
    return " ".join(w.capitalize() for w in words.split())


_ORDINALS = {ordinal_word(n).lower(): n for n in range(1, 100)}


def ordinal_prefix(text: str) -> tuple[int, str] | None:
    """Split 'Kedua Belas Penilaian' into (12, 'Penilaian')."""
    words = text.split()
    for size in (4, 3, 2, 1):
        if len(words) >= size:
            number = _ORDINALS.get(" ".join(words[:size]).lower())
            if number is not None:
                return number, " ".join(words[size:])
    return None


def diktum_word(number: int) -> str:
    """1 -> 'KESATU', 12 -> 'KEDUA BELAS', 21 -> 'KEDUA PULUH SATU' (1–99)."""
    return ordinal_word(number).upper()


def diktum_number(word: str) -> int | None:
    """'KEDUA BELAS' (any case, any spacing) -> 12; None if it is not a diktum word."""
    return _ORDINALS.get(" ".join(word.split()).lower())


_EN_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen")  # fmt: skip
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth",
               "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}  # fmt: skip


def english_diktum_word(number: int) -> str:
    """1 -> 'FIRST', 12 -> 'TWELFTH', 21 -> 'TWENTY-FIRST' (1–99), as English decrees write."""
    tens, unit = divmod(number, 10)
    if number < 10:
        cardinal = [_EN_UNITS[number]]
    elif number < 20:
        cardinal = [_EN_TEENS[unit]]
    else:
        cardinal = [_EN_TENS[tens]] + ([_EN_UNITS[unit]] if unit else [])
    last = cardinal[-1]
    if last in _EN_ORDINAL:
        last = _EN_ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return "-".join([*cardinal[:-1], last]).upper()


def is_keputusan(legal_form: str) -> bool:
    """Whether a legal form is a Keputusan (diktum) rather than a Peraturan (Pasal)."""
    return legal_form.casefold() == "keputusan"


def instrument(legal_form: str) -> Literal["peraturan", "keputusan"]:
    """The kind of instrument a legal form enacts: a Peraturan or a Keputusan."""
    return "keputusan" if is_keputusan(legal_form) else "peraturan"


def parse_draft(text: str, legal_form: str = "Perwali") -> ParseResult:
    """Read a Markdown draft into its structure and list every structure issue.

    `legal_form` is the policy's (`Perwali`, `Perbup`, `Pergub`, `Keputusan`): a
    Keputusan is read as diktum, the others as BAB and Pasal. Never raises on bad
    structure: every problem comes back as a `StructureIssue`.
    """
    from policy.perwali_reader import read  # the reader builds the types defined here

    return read(text, keputusan=is_keputusan(legal_form))


# ------------------------------------------------------------------- stable section ids


def _tokens(text: str) -> list[str]:
    return text.split()


def match_ids(
    texts: Sequence[str],
    previous: Sequence[tuple[str, str]] | None,
    prefix: str,
    reserved: Collection[str] = (),
) -> list[str]:
    """Section ids for `texts` in order, keeping the id of the most similar previous text.

    Pairs with a word-level difflib ratio of at least 0.6 are matched best first, each
    previous id once; the others get `<prefix><n>` numbered after every id in `previous`
    and `reserved` (ids of earlier versions, never handed out again).
    """
    if not previous:
        taken = [_sid_number(s, prefix) for s in reserved]
        start = max([n for n in taken if n is not None], default=0)
        return [f"{prefix}{start + i}" for i in range(1, len(texts) + 1)]
    new_tokens = [_tokens(t) for t in texts]
    old_tokens = [_tokens(t) for _, t in previous]
    pairs: list[tuple[float, int, int, int]] = []
    for i, a in enumerate(new_tokens):
        for j, b in enumerate(old_tokens):
            if a == b:
                pairs.append((1.0, abs(i - j), i, j))
                continue
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILARITY:
                pairs.append((ratio, abs(i - j), i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2], p[3]))
    ids: list[str | None] = [None] * len(texts)
    used: set[int] = set()
    for _ratio, _dist, i, j in pairs:
        if ids[i] is None and j not in used:
            ids[i] = previous[j][0]
            used.add(j)
    numbers = [_sid_number(s, prefix) for s in [*(s for s, _ in previous), *reserved]]
    top = max([n for n in numbers if n is not None], default=0)
    out: list[str] = []
    for sid in ids:
        if sid is None:
            top += 1
            sid = f"{prefix}{top}"
        out.append(sid)
    return out


def _sid_number(sid: str, prefix: str) -> int | None:
    rest = sid[len(prefix) :] if sid.startswith(prefix) else ""
    return int(rest) if rest.isdigit() else None


def assign_ids(
    new: Draft,
    previous: Sequence[tuple[str, str]] | None,
    reserved: Collection[str] = (),
) -> list[tuple[str, Pasal]]:
    """Stable ids for the Pasal of `new`, given [(sid, Pasal text)] of the previous version.

    The first version gets p1…pN in order. A later version keeps the sid of the previous
    Pasal whose text is most similar (ratio ≥ 0.6, each old sid once, best matches
    first); the rest get new sids after the highest one, so inserting a Pasal does not
    change the ids of the others.
    """
    pasal = new.pasal()
    sids = match_ids([p.text() for p in pasal], previous, "p", reserved)
    return list(zip(sids, pasal, strict=True))


def assign_chapter_ids(
    new: Draft,
    previous: Sequence[tuple[str, str]] | None,
    reserved: Collection[str] = (),
) -> list[tuple[str, Chapter]]:
    """Stable ids (b1, b2, …) for the BAB of `new`, matched by title like `assign_ids`."""
    chapters = [c for c in new.chapters if c.numeral]
    sids = match_ids([c.title for c in chapters], previous, "b", reserved)
    return list(zip(sids, chapters, strict=True))
