"""Period codes: date ranges and names."""

from __future__ import annotations

from datetime import date

import pytest

from policy.periods import parse_period, period_label, period_range


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026-TW1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-TW2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-TW3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-TW4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-S2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_period_range(code: str, start: date, end: date) -> None:
    assert period_range(code) == (start, end)


@pytest.mark.parametrize(
    ("code", "indonesian", "english"),
    [
        ("2026-TW3", "Triwulan III 2026", "Quarter 3 2026"),
        ("2026-TW4", "Triwulan IV 2026", "Quarter 4 2026"),
        ("2026-S1", "Semester I 2026", "Semester 1 2026"),
        ("2026-S2", "Semester II 2026", "Semester 2 2026"),
        ("2026", "Tahun 2026", "Year 2026"),
        ("2026-03", "Maret 2026", "March 2026"),
        ("2026-08", "Agustus 2026", "August 2026"),
    ],
)
def test_period_label(code: str, indonesian: str, english: str) -> None:
    assert period_label(code) == indonesian
    assert period_label(code, "id") == indonesian
    assert period_label(code, "en") == english


@pytest.mark.parametrize(
    "code", ["", "2026-TW5", "2026-TW0", "2026-S3", "2026-13", "2026-00", "2026-3", "TW3 2026",
             "26-TW3", "2026-Q3", "1800", "2026-tw3"],
)  # fmt: skip
def test_bad_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="bukan kode periode yang sah"):
        period_range(code)
    with pytest.raises(ValueError, match="bukan kode periode yang sah"):
        period_label(code)


@pytest.mark.parametrize(
    "text", ["Triwulan III 2026", "TW IV 2026", "Semester I 2026", "Tahunan 2026", "Maret 2026"]
)
def test_parsed_periods_round_trip(text: str) -> None:
    code = parse_period(text)
    period_range(code)
    assert parse_period(period_label(code)) == code


@pytest.mark.parametrize(
    ("day", "setting", "code", "closed"),
    [
        (date(2026, 10, 1), "quarterly", "2026-TW4", "2026-TW3"),
        (date(2026, 1, 5), "quarterly", "2026-TW1", "2025-TW4"),
        (date(2026, 1, 5), "monthly", "2026-01", "2025-12"),
        (date(2026, 3, 31), "monthly", "2026-03", "2026-02"),
        (date(2026, 7, 1), "semester", "2026-S2", "2026-S1"),
        (date(2026, 2, 1), "semester", "2026-S1", "2025-S2"),
        (date(2027, 1, 2), "annual", "2027", "2026"),
    ],
)
def test_period_of_and_just_closed(day: date, setting: str, code: str, closed: str) -> None:
    from policy.periods import period_just_closed, period_of

    assert period_of(day, setting) == code
    assert period_just_closed(day, setting) == closed


def test_periods_between_and_year_elapsed() -> None:
    from fractions import Fraction

    from policy.periods import period_kind, periods_between, year_elapsed

    assert periods_between(date(2025, 8, 14), "2026-TW2") == [
        "2025-TW3", "2025-TW4", "2026-TW1", "2026-TW2"
    ]  # fmt: skip
    assert periods_between(date(2026, 9, 1), "2026-TW2") == []
    assert periods_between(date(2024, 5, 1), "2026") == ["2024", "2025", "2026"]
    assert year_elapsed("2026-TW3") == Fraction(3, 4)
    assert year_elapsed("2026-S1") == Fraction(1, 2)
    assert year_elapsed("2026-02") == Fraction(1, 6)
    assert year_elapsed("2026") == 1
    assert period_kind("2026-S2") == "semester"
