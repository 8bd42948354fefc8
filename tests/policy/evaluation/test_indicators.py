from decimal import Decimal
from fractions import Fraction

import pytest

from policy.evaluation import (
    Direction,
    IndicatorStatus,
    attainment,
    attainment_raw,
    evaluate_indicator,
    indicator_status,
    progress,
    progress_raw,
)

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


@pytest.mark.parametrize(
    ("target", "realisation", "direction", "raw", "shown"),
    [
        # Higher is better: realisation / target × 100.
        (80, 90, HIGHER, Fraction(225, 2), "112.50"),
        (64, 80, HIGHER, Fraction(125), "125.00"),
        (3, 2, HIGHER, Fraction(200, 3), "66.67"),
        (Decimal("88.31"), Decimal("88.31"), HIGHER, Fraction(100), "100.00"),
        (10, 0, HIGHER, Fraction(0), "0.00"),
        (10, 25, HIGHER, Fraction(250), "200.00"),
        (10, -5, HIGHER, Fraction(-50), "0.00"),
        # Lower is better: (2 − realisation / target) × 100.
        (10, 8, LOWER, Fraction(120), "120.00"),
        (10, 12, LOWER, Fraction(80), "80.00"),
        (10, 10, LOWER, Fraction(100), "100.00"),
        (10, 0, LOWER, Fraction(200), "200.00"),
        (3, 2, LOWER, Fraction(400, 3), "133.33"),
        (10, 25, LOWER, Fraction(-50), "0.00"),
        (Decimal("2.5"), Decimal("2.6"), LOWER, Fraction(96), "96.00"),
    ],
)
def test_attainment(
    target: Decimal | int,
    realisation: Decimal | int,
    direction: Direction,
    raw: Fraction,
    shown: str,
) -> None:
    assert attainment_raw(target, realisation, direction) == raw
    result = attainment(target, realisation, direction)
    assert result == Decimal(shown)
    assert str(result) == shown


@pytest.mark.parametrize("direction", ["higher", "lower"])
@pytest.mark.parametrize("target", [0, -5])
def test_attainment_undefined_for_non_positive_target(direction: str, target: int) -> None:
    assert attainment_raw(target, 3, direction) is None
    assert attainment(target, 3, direction) is None


@pytest.mark.parametrize(
    ("baseline", "target", "realisation", "raw", "shown"),
    [
        (60, 80, 70, Fraction(50), "50.00"),
        (60, 80, 80, Fraction(100), "100.00"),
        (60, 80, 90, Fraction(150), "150.00"),
        (60, 80, 50, Fraction(-50), "-50.00"),
        (0, 3, 1, Fraction(100, 3), "33.33"),
        (20, 10, 12, Fraction(80), "80.00"),
        (20, 10, 25, Fraction(-50), "-50.00"),
        (20, 0, 5, Fraction(75), "75.00"),
    ],
)
def test_progress(baseline: int, target: int, realisation: int, raw: Fraction, shown: str) -> None:
    assert progress_raw(baseline, target, realisation) == raw
    assert progress(baseline, target, realisation) == Decimal(shown)


def test_progress_undefined_when_target_equals_baseline() -> None:
    assert progress_raw(5, 5, 7) is None
    assert progress(5, 5, 7) is None


@pytest.mark.parametrize(
    ("target", "realisation", "direction", "status"),
    [
        (80, 80, HIGHER, IndicatorStatus.TERCAPAI),
        (80, 81, HIGHER, IndicatorStatus.TERCAPAI),
        (80, Decimal("79.99"), HIGHER, IndicatorStatus.BELUM_TERCAPAI),
        (10, 10, LOWER, IndicatorStatus.TERCAPAI),
        (10, 9, LOWER, IndicatorStatus.TERCAPAI),
        (10, Decimal("10.01"), LOWER, IndicatorStatus.BELUM_TERCAPAI),
        (0, 0, LOWER, IndicatorStatus.TERCAPAI),
        (0, 1, LOWER, IndicatorStatus.BELUM_TERCAPAI),
    ],
)
def test_status(
    target: Decimal | int, realisation: Decimal | int, direction: Direction, status: IndicatorStatus
) -> None:
    assert indicator_status(target, realisation, direction) is status


def test_evaluate_indicator() -> None:
    result = evaluate_indicator(Decimal("72.5"), Decimal("80"), Decimal("78"), "higher")
    assert result.direction is HIGHER
    assert result.attainment_raw == Fraction(195, 2)
    assert result.attainment == Decimal("97.50")
    assert result.progress_raw == Fraction(220, 3)
    assert result.progress == Decimal("73.33")
    assert result.status is IndicatorStatus.BELUM_TERCAPAI


def test_evaluate_indicator_zero_target_lower() -> None:
    # Zero complaints as target: no ratio, but progress and status still hold.
    result = evaluate_indicator(12, 0, 3, LOWER)
    assert result.attainment is None
    assert result.attainment_raw is None
    assert result.progress == Decimal("75.00")
    assert result.status is IndicatorStatus.BELUM_TERCAPAI


def test_rejects_bad_direction_and_float() -> None:
    with pytest.raises(ValueError):
        evaluate_indicator(1, 2, 3, "naik")
    with pytest.raises(TypeError):
        attainment(10, 8.5, HIGHER)  # type: ignore[arg-type]


def test_track_status_against_an_annual_straight_line() -> None:
    from fractions import Fraction

    from policy.evaluation import TrackStatus, expected_value, track_status

    # Baseline 71, target 95: after TW III the line stands at 71 + 3/4 × 24 = 89.
    assert expected_value(71, 95, Fraction(3, 4)) == 89
    assert track_status(71, 95, 89, "higher", Fraction(3, 4)) is TrackStatus.SESUAI_JALUR
    assert track_status(71, 95, Decimal("88.9"), "higher", Fraction(3, 4)) is TrackStatus.TERTINGGAL
    assert track_status(71, 95, 96, "higher", Fraction(3, 4)) is TrackStatus.TERCAPAI
    # Lower is better: 72 h down to 48 h; after TW II the line is at 60 h.
    assert track_status(72, 48, 60, "lower", Fraction(1, 2)) is TrackStatus.SESUAI_JALUR
    assert track_status(72, 48, 61, "lower", Fraction(1, 2)) is TrackStatus.TERTINGGAL
    assert track_status(72, 48, 48, "lower", Fraction(1, 2)) is TrackStatus.TERCAPAI
    # A whole year elapsed: on track only when met.
    assert track_status(71, 95, 94, "higher", Fraction(1)) is TrackStatus.TERTINGGAL
    with pytest.raises(ValueError):
        track_status(71, 95, 94, "higher", Fraction(2))
