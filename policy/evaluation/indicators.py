"""Indicator attainment, progress and status (DESIGN.md "Evaluation": Indicators).

Layer: domain, pure. Inputs are exact numbers (never floats); raw results are exact
fractions of 100 %, displayed values are rounded half-up to 2 decimals once.

Attainment (capaian) compares the realisation with the target:

- Higher is better: realisation / target × 100.
- Lower is better: (2 − realisation / target) × 100, i.e. (target − (realisation −
  target)) / target × 100, the form used in Indonesian performance reports (LKjIP) for
  indicators where smaller is better. It is chosen over target / realisation × 100
  because it is linear and mirrors the higher-is-better case (10 % over a ceiling costs
  as much as 10 % under a floor: 90 %), it stays finite when the realisation is 0 (200 %)
  where the inverse divides by zero, and a tiny realisation cannot give 500 % or more.
- The raw value is kept as computed (it can be negative, e.g. a realisation of three times
  a lower-is-better target). The displayed value is clamped to 0 %..`ATTAINMENT_CAP`
  (200 %, the lower-is-better maximum) so one outlier cannot dominate a report.
- A ratio to a zero or negative target means nothing: attainment is then None, while the
  status (met or not) and the progress from the baseline are still given.

Progress measures the distance covered from baseline to target, (realisation − baseline) /
(target − baseline) × 100, in either direction; it is None when target equals baseline
and is not clamped (negative means the indicator moved away from its target).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from policy.evaluation.rounding import Number, as_fraction, round_half_up

ATTAINMENT_CAP = Decimal("200.00")
"""Upper bound of the displayed attainment, in percent."""


class Direction(StrEnum):
    """Which way an indicator improves (arah)."""

    HIGHER = "higher"
    LOWER = "lower"


class IndicatorStatus(StrEnum):
    """Whether the target is met."""

    TERCAPAI = "tercapai"
    BELUM_TERCAPAI = "belum tercapai"


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """Attainment, progress and status of one indicator for one period.

    Attributes:
        direction: Which way the indicator improves.
        attainment_raw: Exact attainment in percent, unclamped; None for a target <= 0.
        attainment: `attainment_raw` clamped to 0..200 and rounded to 2 decimals, or None.
        progress_raw: Exact progress from baseline to target in percent, or None.
        progress: `progress_raw` rounded to 2 decimals, or None.
        status: Tercapai when the realisation meets the target in its direction.
    """

    direction: Direction
    attainment_raw: Fraction | None
    attainment: Decimal | None
    progress_raw: Fraction | None
    progress: Decimal | None
    status: IndicatorStatus


def attainment_raw(
    target: Number, realisation: Number, direction: Direction | str
) -> Fraction | None:
    """Exact attainment in percent, unclamped; None when the target is zero or negative."""
    goal = as_fraction(target)
    if goal <= 0:
        return None
    ratio = as_fraction(realisation) / goal
    if Direction(direction) is Direction.HIGHER:
        return ratio * 100
    return (2 - ratio) * 100


def attainment(target: Number, realisation: Number, direction: Direction | str) -> Decimal | None:
    """Attainment in percent for display: clamped to 0..200, rounded half-up.

    Target 64, realisation 80, higher is better -> 125.00. None when the target is zero
    or negative (no meaningful ratio).
    """
    raw = attainment_raw(target, realisation, direction)
    if raw is None:
        return None
    return min(max(round_half_up(raw, 2), Decimal("0.00")), ATTAINMENT_CAP)


def progress_raw(baseline: Number, target: Number, realisation: Number) -> Fraction | None:
    """Exact share of the way from baseline to target covered, in percent; None if equal."""
    start = as_fraction(baseline)
    distance = as_fraction(target) - start
    if distance == 0:
        return None
    return (as_fraction(realisation) - start) / distance * 100


def progress(baseline: Number, target: Number, realisation: Number) -> Decimal | None:
    """Progress from baseline to target in percent, rounded half-up, not clamped."""
    raw = progress_raw(baseline, target, realisation)
    return None if raw is None else round_half_up(raw, 2)


def indicator_status(
    target: Number, realisation: Number, direction: Direction | str
) -> IndicatorStatus:
    """Tercapai when realisation >= target (higher is better) or <= target (lower)."""
    goal = as_fraction(target)
    actual = as_fraction(realisation)
    met = actual >= goal if Direction(direction) is Direction.HIGHER else actual <= goal
    return IndicatorStatus.TERCAPAI if met else IndicatorStatus.BELUM_TERCAPAI


def evaluate_indicator(
    baseline: Number, target: Number, realisation: Number, direction: Direction | str
) -> IndicatorResult:
    """Attainment, progress and status of one indicator in one call.

    Raises:
        TypeError: If a value is a float.
        ValueError: If `direction` is not "higher" or "lower".
    """
    way = Direction(direction)
    raw = attainment_raw(target, realisation, way)
    moved = progress_raw(baseline, target, realisation)
    return IndicatorResult(
        direction=way,
        attainment_raw=raw,
        attainment=attainment(target, realisation, way),
        progress_raw=moved,
        progress=None if moved is None else round_half_up(moved, 2),
        status=indicator_status(target, realisation, way),
    )


class TrackStatus(StrEnum):
    """Whether an indicator is where it should be by the end of a period."""

    TERCAPAI = "tercapai"
    SESUAI_JALUR = "sesuai jalur"
    TERTINGGAL = "tertinggal"


def expected_value(baseline: Number, target: Number, elapsed: Fraction) -> Fraction:
    """Where the indicator should stand after `elapsed` of the way: a straight line.

    Targets are read as annual (the regulations set no trajectory): after triwulan III
    (elapsed 3/4) the expected value is baseline + 3/4 × (target − baseline).
    """
    start = as_fraction(baseline)
    return start + (as_fraction(target) - start) * elapsed


def track_status(
    baseline: Number,
    target: Number,
    realisation: Number,
    direction: Direction | str,
    elapsed: Fraction,
) -> TrackStatus:
    """Tercapai, sesuai jalur (on track) or tertinggal (behind) at the end of a period.

    Tercapai when the target is met; else sesuai jalur when the realisation is at or
    beyond the expected value in the indicator's direction; else tertinggal.

    Raises:
        ValueError: `elapsed` is not in [0, 1] or `direction` is unknown.
    """
    if not 0 <= elapsed <= 1:
        raise ValueError(f"elapsed must be in [0, 1], got {elapsed}")
    way = Direction(direction)
    if indicator_status(target, realisation, way) is IndicatorStatus.TERCAPAI:
        return TrackStatus.TERCAPAI
    expected = expected_value(baseline, target, elapsed)
    actual = as_fraction(realisation)
    ahead = actual >= expected if way is Direction.HIGHER else actual <= expected
    return TrackStatus.SESUAI_JALUR if ahead else TrackStatus.TERTINGGAL
