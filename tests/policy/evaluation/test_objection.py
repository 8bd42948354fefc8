"""The time limit and the outcome of an objection (keberatan), PP 30/2019 Pasal 59."""

from __future__ import annotations

from datetime import date

import pytest

from policy.enums import Predikat
from policy.evaluation.objection import (
    OBJECTION_DAYS,
    FilingError,
    Outcome,
    check_decision,
    check_filing,
    last_day,
)

ALL = tuple(p.value for p in Predikat)


def test_fourteen_calendar_days_counted_from_the_day_after_receipt() -> None:
    assert OBJECTION_DAYS == 14
    # Received Friday 2 January 2026: the 14th day after is Friday 16 January, inclusive;
    # weekends and holidays count (the regulation says days, not working days).
    assert last_day(date(2026, 1, 2)) == date(2026, 1, 16)
    assert last_day(date(2026, 12, 24)) == date(2027, 1, 7)  # over the year's end
    assert last_day(date(2028, 2, 20)) == date(2028, 3, 5)  # a leap February


def test_a_filing_on_the_last_day_is_in_time_and_the_day_after_is_late() -> None:
    received, today = date(2026, 1, 2), date(2026, 2, 1)
    assert check_filing(received=received, filed=date(2026, 1, 2), today=today) == date(2026, 1, 16)
    assert check_filing(received=received, filed=date(2026, 1, 16), today=today) == date(
        2026, 1, 16
    )
    with pytest.raises(FilingError) as late:
        check_filing(received=received, filed=date(2026, 1, 17), today=today)
    text = str(late.value)
    assert "1 hari sesudah batas waktunya" in text
    assert "paling lambat 2026-01-16" in text and "PP 30/2019 Pasal 59" in text


@pytest.mark.parametrize(
    ("received", "filed", "words"),
    [
        (date(2026, 1, 10), date(2026, 1, 9), "sebelum hasil penilaian diterima"),
        (date(2026, 1, 10), date(2026, 3, 2), "belum tiba"),  # filed after today
        (date(2026, 3, 2), date(2026, 3, 2), "belum tiba"),  # received after today
    ],
)
def test_dates_that_cannot_be(received: date, filed: date, words: str) -> None:
    with pytest.raises(FilingError, match=words):
        check_filing(received=received, filed=filed, today=date(2026, 3, 1))


def test_a_decision_changes_to_another_predikat_or_upholds_without_one() -> None:
    assert check_decision(outcome=Outcome.UPHELD, before="Baik", after=None, allowed=ALL) == ""
    assert (
        check_decision(outcome=Outcome.CHANGED, before="Butuh Perbaikan", after=" baik ",
                       allowed=ALL)
        == "Baik"
    )  # fmt: skip
    refusals = [
        (Outcome.UPHELD, "Baik", "tidak menetapkan predikat baru"),
        (Outcome.CHANGED, None, "sebutkan dengan --predikat"),
        (Outcome.CHANGED, "Istimewa", "tidak dikenal"),
        (Outcome.CHANGED, "butuh perbaikan", "sama dengan predikat semula"),
        (Outcome.PENDING, None, "'tetap' atau 'diubah'"),
    ]
    for outcome, after, words in refusals:
        with pytest.raises(FilingError, match=words):
            check_decision(outcome=outcome, before="Butuh Perbaikan", after=after, allowed=ALL)
