"""Numbers written in Indonesian words (terbilang), as regulations write them in brackets.

Layer: pure domain. "14 (empat belas)", "250 (dua ratus lima puluh)", "1.500 (seribu lima
ratus)", "76,61 (tujuh puluh enam koma enam satu)", "35% (tiga puluh lima persen)": the
forms of UU 12/2011 Lampiran II for a number in a Pasal, and of a kuitansi's terbilang.
"""

from __future__ import annotations

import re

_UNITS = "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas".split()
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))
#: Every word a number is written with: a bracket holding only these spells a number.
WORDS = frozenset(
    [*_UNITS, "belas", "puluh", "ratus", "seratus", "seribu", "koma", "persen", "minus"]
    + [word for _, word in _SCALES]
)
#: A number as Indonesian text writes it: thousands with '.', decimals with ','.
NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def integer_words(number: int) -> str:
    """A whole number in words: 11 'sebelas', 100 'seratus', 1000 'seribu', 2000 'dua ribu'."""
    if number < 0:
        return f"minus {integer_words(-number)}"
    if number < 12:
        return _UNITS[number]
    if number < 20:
        return f"{_UNITS[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return _joined(f"{_UNITS[tens]} puluh", rest)
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return _joined("seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus", rest)
    if number < 2000:
        return _joined("seribu", number - 1000)
    for scale, word in _SCALES:
        if number >= scale:
            count, rest = divmod(number, scale)
            return _joined(f"{integer_words(count)} {word}", rest)
    raise AssertionError(number)  # pragma: no cover - every number >= 2000 has a scale


def _joined(head: str, rest: int) -> str:
    return f"{head} {integer_words(rest)}" if rest else head


def number_words(text: str) -> str:
    """A number as Indonesian text writes it ('1.500', '76,61') in words.

    The digits after the comma are read one by one ('koma enam satu'), as regulations read
    them. Raises ValueError for text that is not such a number.
    """
    if NUMBER.fullmatch(text) is None:
        raise ValueError(f"'{text}' bukan bilangan")
    whole, _, decimals = text.partition(",")
    words = integer_words(int(whole.replace(".", "")))
    if decimals:
        words += " koma " + " ".join(_UNITS[int(d)] for d in decimals)
    return words
