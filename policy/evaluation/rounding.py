"""Exact numbers, the one rounding rule, and Indonesian number text for evaluation maths.

Layer: domain, pure. Every module of `policy.evaluation` computes in `Fraction` (exact
rational arithmetic), keeps that raw value, and rounds half-up exactly once, for display,
through `round_half_up`. Binary floats are refused: 0.11 has no exact float, and the
exact IKM 87.615 would round to 87.61 instead of 87.62 (DOMAIN.md R1).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Number = Fraction | Decimal | int
"""An exact number accepted by the evaluation functions (never a `float`)."""

SHARE_PLACES = 1
"""Decimals of a share of a count shown as a percentage, in every document and message.

"8 dari 9 pegawai (88,9%)" in the predikat table, the distribution-curve warnings, the
coverage and the complaint shares alike; `policy.locale.format_percent` and the `persen`
and `rasio` filters default to it. Rule bounds keep their own precision ("70%").
"""


def as_fraction(value: Number | str) -> Fraction:
    """Convert an exact number, or its text with a decimal point or comma, to a `Fraction`.

    Args:
        value: A `Fraction`, `Decimal`, `int`, or text such as "1/9", "0.111" or "0,111".

    Raises:
        TypeError: If `value` is a float or a bool, or another type.
        ValueError: If the text or the `Decimal` is not a finite number.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"exact number expected, got {type(value).__name__}: {value!r}")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"finite number expected, got {value}")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    raise TypeError(f"exact number expected, got {type(value).__name__}: {value!r}")


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round exactly, halves away from zero, to `places` decimals (87.615 -> 87.62).

    The result always carries `places` decimals (`Decimal("100.00")`), whatever its size:
    no `Decimal` context precision is involved.

    Raises:
        ValueError: If `places` is negative.
    """
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    exact = value if type(value) is Fraction else as_fraction(value)
    # floor(|n/d| x 10^places + 1/2) in integers: this runs once per employee of a province.
    numerator, denominator = exact.numerator, exact.denominator
    digits = (2 * abs(numerator) * 10**places + denominator) // (2 * denominator)
    if numerator < 0:
        digits = -digits
    # Built from text so that no Decimal context precision can round the result again.
    return Decimal(f"{digits}E-{places}")


def is_terminating(value: Fraction) -> bool:
    """Whether `value` has a finite decimal expansion (denominator of only 2s and 5s)."""
    denominator = value.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    return denominator == 1


def format_exact(value: Fraction) -> str:
    """Indonesian text of an exact value: decimal comma if it terminates, else "p/q".

    Examples: 1/9 -> "1/9", 111/1000 -> "0,111", 1 -> "1", 999/7000 -> "999/7000".
    """
    if not is_terminating(value):
        return f"{value.numerator}/{value.denominator}"
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    return format_number(round_half_up(value, places))


_TO_INDONESIAN = str.maketrans(",.", ".,")


def format_number(value: Decimal | int) -> str:
    """Indonesian number text: thousands dot, decimal comma ("1.000.000", "88,31")."""
    text = f"{value:,}"
    return text.translate(_TO_INDONESIAN)


def format_percent(value: Fraction | Decimal | int, places: int = SHARE_PLACES) -> str:
    """Indonesian percent text of a share (8/9 -> "88,9%"), rounded half-up, no space before %."""
    return f"{format_number(round_half_up(as_fraction(value) * 100, places))}%"
