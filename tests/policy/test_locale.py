"""Number and name formatting of `policy.locale`: percent signs, units, names in a sentence."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from policy.locale import (
    Locale,
    format_number,
    format_percent,
    format_quantity,
    format_ratio,
    in_sentence,
    unit_word,
)


@pytest.mark.parametrize(
    ("value", "places", "locale", "expected"),
    [
        (Decimal("88.31"), 2, "id", "88,31%"),  # DOMAIN.md §7
        (Decimal("88.31"), 2, "en", "88.31%"),
        (Decimal("69"), 1, "id", "69,0%"),
        (Fraction(800, 9), 1, "id", "88,9%"),
        (Decimal("1234.5"), 1, "id", "1.234,5%"),
        (None, 1, "id", "–"),
    ],
)
def test_format_percent_joins_the_sign(
    value: Decimal | Fraction | None, places: int, locale: Locale, expected: str
) -> None:
    assert format_percent(value, places, locale) == expected


def test_a_share_takes_one_decimal_by_default() -> None:
    assert format_percent(Fraction(800, 9)) == "88,9%"
    assert format_ratio(8, 9) == "88,9%"
    assert format_ratio(8, 9, locale="en") == "88.9%"
    assert format_ratio(1, 0) == "–"


@pytest.mark.parametrize(
    ("value", "unit", "locale", "expected"),
    [
        (Decimal("95"), "%", "id", "95,00%"),
        (Decimal("62.2"), "%", "en", "62.20%"),
        (Decimal("95"), " % ", "id", "95,00%"),
        (Decimal("48"), "jam", "id", "48,00 jam"),
        (Decimal("2"), "hari kerja", "id", "2,00 hari kerja"),
        (Decimal("82"), "indeks", "en", "82.00 index points"),
        (Decimal("1500"), "", "id", "1.500,00"),
        (None, "%", "id", "–"),
    ],
)
def test_format_quantity_joins_percent_and_spaces_words(
    value: Decimal | None, unit: str, locale: Locale, expected: str
) -> None:
    assert format_quantity(value, unit, locale=locale) == expected


@pytest.mark.parametrize(
    ("value", "unit", "places", "expected"),
    [
        (Decimal("72"), "jam", 2, "72.00 hours"),
        (Decimal("5"), "hari kerja", 2, "5.00 working days"),
        (Decimal("5"), " Hari  Kerja ", 2, "5.00 working days"),
        (Decimal("78.5"), "indeks", 2, "78.50 index points"),
        (Decimal("1"), "orang", 0, "1 person"),
        (Decimal("8"), "orang", 0, "8 people"),
        (Decimal("1"), "jam", 2, "1.00 hours"),
        (Decimal("24"), "JP", 0, "24 JP"),  # no English word known: as the pack writes it
        (Decimal("95"), "%", 2, "95.00%"),
    ],
)
def test_english_writes_the_packs_unit_words_in_english(
    value: Decimal, unit: str, places: int, expected: str
) -> None:
    assert format_quantity(value, unit, places, "en") == expected
    # Indonesian keeps the pack's own word
    indonesian = format_quantity(value, unit, places, "id")
    assert indonesian.endswith(unit.strip()) and unit_word(unit, "id") == unit.strip()


def test_a_unit_word_alone_takes_its_plural_in_english() -> None:
    assert [unit_word(u, "en") for u in ("jam", "indeks", "orang", "", "%")] == [
        "hours",
        "index points",
        "people",
        "",
        "%",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Indicator names of the packs: only an ordinary first word is lowered.
        (
            "Persentase ASN yang menyusun SKP tepat waktu",
            "persentase ASN yang menyusun SKP tepat waktu",
        ),
        (
            "Persentase KTP-el terbit pada hari yang sama",
            "persentase KTP-el terbit pada hari yang sama",
        ),
        (
            "Persentase pegawai dengan predikat minimal Baik",
            "persentase pegawai dengan predikat minimal Baik",
        ),
        (
            "Persentase pegawai yang mengisi laporan kegiatan harian di e-Kinerja setiap bulan",
            "persentase pegawai yang mengisi laporan kegiatan harian di e-Kinerja setiap bulan",
        ),
        (
            "Persentase layanan PATEN selesai sesuai standar waktu",
            "persentase layanan PATEN selesai sesuai standar waktu",
        ),
        (
            "Rata-rata waktu penyelesaian dokumen kependudukan",
            "rata-rata waktu penyelesaian dokumen kependudukan",
        ),
        ("Disiplin", "disiplin"),
        # A name in title case is a proper name: kept whole.
        ("Indeks Kepuasan Masyarakat", "Indeks Kepuasan Masyarakat"),
        ("Indeks Kepuasan Masyarakat DPMPTSP", "Indeks Kepuasan Masyarakat DPMPTSP"),
        # Acronyms and words with a capital inside are never lowered.
        ("SKP dengan indikator hasil", "SKP dengan indikator hasil"),
        ("KTP-el terbit", "KTP-el terbit"),
        ("e-Kinerja terisi", "e-Kinerja terisi"),
        ("IKM", "IKM"),
        ("A", "A"),
        ("", ""),
    ],
)
def test_in_sentence_keeps_acronyms_and_proper_names(name: str, expected: str) -> None:
    assert in_sentence(name) == expected


@pytest.mark.parametrize("locale", ["id", "en"])
def test_a_count_is_written_as_its_decimal_would_be(locale: Locale) -> None:
    """Whole numbers take a quicker path to the same text (a province prints ~60,000)."""
    for value in (0, 7, 999, 1000, 1240, -1240, 60000, 1234567, 10**12 + 5):
        assert format_number(value, 0, locale) == format_number(Decimal(value), 0, locale)
    assert format_number(1240, 0, "id") == "1.240" and format_number(1240, 0, "en") == "1,240"
