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
        (Decimal("82"), "indeks", "en", "82.00 indeks"),
        (Decimal("1500"), "", "id", "1.500,00"),
        (None, "%", "id", "–"),
    ],
)
def test_format_quantity_joins_percent_and_spaces_words(
    value: Decimal | None, unit: str, locale: Locale, expected: str
) -> None:
    assert format_quantity(value, unit, locale=locale) == expected


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
