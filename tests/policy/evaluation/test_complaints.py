"""Complaint response-time statistics, computed by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from policy.evaluation import hours_from_db, response_stats
from policy.evaluation.complaints import nearest_rank


def test_statistics_by_hand() -> None:
    # 10 answered + 2 unanswered; limit 72 h.
    hours = [Decimal(h) for h in ("5", "10", "12", "24", "30", "48", "72", "80", "96", "150")]
    stats = response_stats([*hours, None, None], 72)
    assert (stats.count, stats.answered, stats.unanswered) == (12, 10, 2)
    assert stats.mean == Fraction(527, 10)  # 527 / 10
    assert stats.median == 39  # (30 + 48) / 2
    assert stats.p90 == 96  # ⌈0,9 × 10⌉ = 9th smallest
    assert stats.within == 7  # 72 counts as on time
    assert stats.share_within == Fraction(7, 12)  # unanswered count as late


def test_odd_count_and_decimals() -> None:
    stats = response_stats([Decimal("1.5"), Decimal("2.25"), Decimal("100")], Decimal("48"))
    assert stats.median == Fraction(9, 4)
    assert stats.p90 == 100  # ⌈2,7⌉ = 3rd
    assert stats.share_within == Fraction(2, 3)


def test_no_answers_or_no_complaints() -> None:
    stats = response_stats([None], 72)
    assert stats.mean is None and stats.median is None and stats.p90 is None
    assert stats.share_within == 0
    empty = response_stats([], 72)
    assert empty.count == 0 and empty.share_within is None


def test_floats_are_refused_and_db_floats_read_back_exactly() -> None:
    with pytest.raises(TypeError):
        response_stats([27.1], 72)  # type: ignore[list-item]
    assert hours_from_db(27.1) == Decimal("27.1")
    assert hours_from_db(None) is None
    with pytest.raises(ValueError):
        response_stats([Decimal(-1)], 72)


def test_nearest_rank() -> None:
    values = [Fraction(v) for v in range(1, 21)]
    assert nearest_rank(values, Fraction(9, 10)) == 18
    assert nearest_rank(values[:1], Fraction(9, 10)) == 1
    with pytest.raises(ValueError):
        nearest_rank([], Fraction(1, 2))
