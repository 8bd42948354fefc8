from decimal import Decimal
from fractions import Fraction

import pytest

from policy.evaluation import (
    as_fraction,
    format_exact,
    format_number,
    format_percent,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(87615, 1000), 2, "87.62"),
        (Decimal("87.615"), 2, "87.62"),
        (Fraction(-87615, 1000), 2, "-87.62"),
        (Fraction(87614999, 1000000), 2, "87.61"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 2, "0.67"),
        (100, 2, "100.00"),
        (0, 2, "0.00"),
        (Fraction(5, 2), 0, "3"),
        (Decimal("2.5"), 0, "3"),
        (Fraction(25, 12), 3, "2.083"),
        (Decimal("123456789012345678901234567890.125"), 2, "123456789012345678901234567890.13"),
    ],
)
def test_round_half_up(value: Fraction | Decimal | int, places: int, expected: str) -> None:
    result = round_half_up(value, places)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_round_half_up_where_binary_floats_fail() -> None:
    # The float nearest 87.615 lies below it, so float formatting rounds down.
    assert f"{87.615:.2f}" == "87.61"
    assert round_half_up(Fraction("87.615")) == Decimal("87.62")


def test_round_half_up_rejects_float_and_negative_places() -> None:
    with pytest.raises(TypeError):
        round_half_up(87.615)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        round_half_up(Fraction(1, 3), -1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1/9", Fraction(1, 9)),
        ("0.111", Fraction(111, 1000)),
        ("0,111", Fraction(111, 1000)),
        (" 0.11 ", Fraction(11, 100)),
        (Decimal("0.11"), Fraction(11, 100)),
        (Fraction(1, 9), Fraction(1, 9)),
        (3, Fraction(3)),
    ],
)
def test_as_fraction(value: Fraction | Decimal | int | str, expected: Fraction) -> None:
    assert as_fraction(value) == expected


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (0.11, TypeError),
        (True, TypeError),
        ("abc", ValueError),
        ("1/0", ValueError),
        (Decimal("NaN"), ValueError),
        (None, TypeError),
    ],
)
def test_as_fraction_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        as_fraction(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 9), "1/9"),
        (Fraction(111, 1000), "0,111"),
        (Fraction(11, 100), "0,11"),
        (Fraction(1, 8), "0,125"),
        (Fraction(1), "1"),
        (Fraction(999, 1000), "0,999"),
        (Fraction(999, 7000), "999/7000"),
    ],
)
def test_format_exact(value: Fraction, expected: str) -> None:
    assert format_exact(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1000000, "1.000.000"),
        (384, "384"),
        (Decimal("88.31"), "88,31"),
        (Decimal("1234567.891"), "1.234.567,891"),
        (Decimal("-0.50"), "-0,50"),
    ],
)
def test_format_number(value: Decimal | int, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(Fraction(2, 3), 2, "66,67%"), (Fraction(7, 10), 0, "70%"), (1, 2, "100,00%")],
)
def test_format_percent(value: Fraction | int, places: int, expected: str) -> None:
    assert format_percent(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(8, 9), "88,9%"), (Fraction(5, 7), "71,4%"), (Fraction(7, 10), "70,0%"), (0, "0,0%")],
)
def test_format_percent_gives_a_share_one_decimal(value: Fraction | int, expected: str) -> None:
    # SHARE_PLACES: the same precision as the predikat tables ("8 (88,9%)"), no space before %.
    assert format_percent(value) == expected
