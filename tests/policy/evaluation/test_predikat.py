from decimal import Decimal
from fractions import Fraction

import pytest

from policy.evaluation import ANGKA_KREDIT_PERCENT, angka_kredit, angka_kredit_raw, predikat_for
from policy.models import Predikat, Rating

ATAS, SESUAI, BAWAH = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku", "expected"),
    [
        (ATAS, BAWAH, Predikat.KURANG),
        (ATAS, SESUAI, Predikat.BAIK),
        (ATAS, ATAS, Predikat.SANGAT_BAIK),
        (SESUAI, BAWAH, Predikat.KURANG),
        (SESUAI, SESUAI, Predikat.BAIK),
        (SESUAI, ATAS, Predikat.BAIK),
        (BAWAH, BAWAH, Predikat.SANGAT_KURANG),
        (BAWAH, SESUAI, Predikat.BUTUH_PERBAIKAN),
        (BAWAH, ATAS, Predikat.BUTUH_PERBAIKAN),
    ],
)
def test_predikat_matrix(hasil_kerja: Rating, perilaku: Rating, expected: Predikat) -> None:
    assert predikat_for(hasil_kerja, perilaku) is expected


def test_predikat_accepts_rating_text() -> None:
    assert predikat_for("di atas ekspektasi", "di atas ekspektasi") is Predikat.SANGAT_BAIK  # type: ignore[arg-type]


def test_angka_kredit_percentages() -> None:
    assert ANGKA_KREDIT_PERCENT == {
        Predikat.SANGAT_BAIK: 150,
        Predikat.BAIK: 100,
        Predikat.BUTUH_PERBAIKAN: 75,
        Predikat.KURANG: 50,
        Predikat.SANGAT_KURANG: 25,
    }


@pytest.mark.parametrize(
    ("predikat", "expected_raw", "expected"),
    [
        (Predikat.SANGAT_BAIK, Fraction("18.75"), "18.75"),
        (Predikat.BAIK, Fraction("12.5"), "12.50"),
        (Predikat.BUTUH_PERBAIKAN, Fraction("9.375"), "9.38"),
        (Predikat.KURANG, Fraction("6.25"), "6.25"),
        (Predikat.SANGAT_KURANG, Fraction("3.125"), "3.13"),
    ],
)
def test_angka_kredit_ahli_pertama_full_year(
    predikat: Predikat, expected_raw: Fraction, expected: str
) -> None:
    assert angka_kredit_raw(predikat, Decimal("12.5")) == expected_raw
    assert angka_kredit(predikat, Decimal("12.5")) == Decimal(expected)


def test_angka_kredit_two_months_baik() -> None:
    # Peraturan BKN 3/2023: 2/12 × 100% × 12,5 = 2,08.
    assert angka_kredit_raw(Predikat.BAIK, Decimal("12.5"), months=2) == Fraction(25, 12)
    assert angka_kredit(Predikat.BAIK, Decimal("12.5"), months=2) == Decimal("2.08")


def test_angka_kredit_sum_raw_then_round() -> None:
    total = angka_kredit_raw(Predikat.SANGAT_BAIK, Decimal("12.5"), 6) + angka_kredit_raw(
        Predikat.BAIK, Decimal("12.5"), 6
    )
    assert total == Fraction("15.625")


@pytest.mark.parametrize("months", [0, 13, -1])
def test_angka_kredit_rejects_months(months: int) -> None:
    with pytest.raises(ValueError):
        angka_kredit(Predikat.BAIK, Decimal("12.5"), months)


def test_angka_kredit_rejects_negative_and_float_coefficient() -> None:
    with pytest.raises(ValueError):
        angka_kredit(Predikat.BAIK, Decimal("-1"))
    with pytest.raises(TypeError):
        angka_kredit(Predikat.BAIK, 12.5)  # type: ignore[arg-type]
