"""Numbers in Indonesian words, as a regulation writes them in brackets."""

from __future__ import annotations

import pytest

from policy.terbilang import integer_words, number_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0", "nol"),
        ("10", "sepuluh"),
        ("11", "sebelas"),
        ("14", "empat belas"),
        ("20", "dua puluh"),
        ("45", "empat puluh lima"),
        ("100", "seratus"),
        ("111", "seratus sebelas"),
        ("250", "dua ratus lima puluh"),
        ("1000", "seribu"),
        ("1.500", "seribu lima ratus"),
        ("2.000", "dua ribu"),
        ("11.000", "sebelas ribu"),
        ("100.000", "seratus ribu"),
        ("1.000.000", "satu juta"),
        ("1.250.000", "satu juta dua ratus lima puluh ribu"),
        ("50.000.000", "lima puluh juta"),
        ("2.000.000.000", "dua miliar"),
        ("3.000.000.000.000", "tiga triliun"),
        ("76,61", "tujuh puluh enam koma enam satu"),
        ("3,05", "tiga koma nol lima"),
    ],
)
def test_number_words(text: str, words: str) -> None:
    assert number_words(text) == words


def test_a_negative_number_and_text_that_is_no_number() -> None:
    assert integer_words(-5) == "minus lima"
    with pytest.raises(ValueError, match="'1,5,6' bukan bilangan"):
        number_words("1,5,6")
