"""Working days: weekends, hari libur nasional and cuti bersama (Idul Fitri, Natal), pack extras."""

from __future__ import annotations

from datetime import date

import pytest

from policy.workdays import (
    WorkCalendar,
    joint_leave_days,
    joint_leave_known,
    national_holidays,
)

CAL = WorkCalendar()


def test_cuti_bersama_2026_are_those_of_the_skb() -> None:
    # SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB on the 2026 holidays:
    # eight days of cuti bersama. Pinned so a library update that changes them is noticed.
    assert sorted(joint_leave_days(2026)) == [
        date(2026, 2, 16),  # Tahun Baru Imlek
        date(2026, 3, 18),  # Nyepi
        date(2026, 3, 20),  # Idul Fitri
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 5, 15),  # Kenaikan Yesus Kristus
        date(2026, 5, 28),  # Idul Adha
        date(2026, 12, 24),  # Natal
    ]
    assert date(2025, 12, 26) in joint_leave_days(2025)  # Natal 2025: Friday 26 December
    assert joint_leave_known(2026) and not joint_leave_known(2040)


def test_national_holidays_have_indonesian_names() -> None:
    names = national_holidays(2026)
    assert names[date(2026, 3, 21)] == "Hari Raya Idul Fitri"
    assert names[date(2026, 3, 20)] == "Cuti Bersama Hari Raya Idul Fitri"
    assert names[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert CAL.holiday_name(date(2026, 3, 21)) == "Hari Raya Idul Fitri"
    assert CAL.holiday_name(date(2026, 11, 21)) == "Sabtu"
    assert CAL.holiday_name(date(2026, 11, 22)) == "Minggu"
    assert CAL.holiday_name(date(2026, 11, 23)) is None


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # A weekend: Friday + 1 is Monday.
        (date(2026, 11, 20), 1, date(2026, 11, 23)),
        (date(2026, 11, 23), 5, date(2026, 11, 30)),
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # started on a Saturday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        # Idul Fitri 2026: Nyepi Wed 18 (cuti) and Thu 19 March, cuti Fri 20, Idul Fitri
        # Sat 21 – Sun 22, cuti Mon 23 – Tue 24: from Tuesday 17 March the next working
        # day is Wednesday 25 March.
        (date(2026, 3, 17), 1, date(2026, 3, 25)),
        (date(2026, 3, 16), 2, date(2026, 3, 25)),
        (date(2026, 3, 13), 5, date(2026, 3, 27)),
        # Natal 2026: cuti bersama Thu 24, Natal Fri 25, then the weekend.
        (date(2026, 12, 23), 1, date(2026, 12, 28)),
        # Natal 2025: Natal Thu 25, cuti bersama Fri 26 December.
        (date(2025, 12, 24), 1, date(2025, 12, 29)),
        # Across the year end: Tahun Baru Fri 1 January 2027.
        (date(2026, 12, 30), 2, date(2027, 1, 4)),
        # Backwards: 3 working days before Wednesday 25 March 2026.
        (date(2026, 3, 25), -3, date(2026, 3, 13)),
    ],
)
def test_add_working_days(start: date, days: int, due: date) -> None:
    assert CAL.add_working_days(start, days) == due
    if days >= 0:
        assert CAL.working_days_between(start, due) == days


def test_working_days_between() -> None:
    # 16–27 March 2026: 10 weekdays, of which 18, 19, 20, 23, 24 are off.
    assert CAL.working_days_between(date(2026, 3, 15), date(2026, 3, 27)) == 5
    assert CAL.working_days_between(date(2026, 3, 27), date(2026, 3, 15)) == -5
    assert CAL.working_days_between(date(2026, 3, 27), date(2026, 3, 27)) == 0
    assert CAL.next_working_day(date(2026, 3, 19)) == date(2026, 3, 25)


def test_pack_extras() -> None:
    # The organisation's anniversary is an extra holiday; a working Saturday makes up for it.
    cal = WorkCalendar.of(
        extra_holidays=[(date(2026, 12, 1), "Hari Jadi Kota")],
        extra_working_days=[date(2026, 12, 5)],
    )
    assert not cal.is_working_day(date(2026, 12, 1))
    assert cal.holiday_name(date(2026, 12, 1)) == "Hari Jadi Kota"
    assert cal.is_working_day(date(2026, 12, 5))  # a Saturday
    # From Mon 30 Nov: Tue 1 Dec is off, so Wed 2 (1), Thu 3 (2), Fri 4 (3), Sat 5 (4).
    assert cal.add_working_days(date(2026, 11, 30), 1) == date(2026, 12, 2)
    assert cal.add_working_days(date(2026, 11, 30), 3) == date(2026, 12, 4)
    assert cal.add_working_days(date(2026, 11, 30), 4) == date(2026, 12, 5)
    assert cal.add_working_days(date(2026, 11, 30), 5) == date(2026, 12, 7)
    # An extra working day also cancels a cuti bersama.
    cancelled = WorkCalendar.of(extra_working_days=[date(2026, 12, 24)])
    assert cancelled.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)


def test_absurd_offsets_are_refused() -> None:
    with pytest.raises(ValueError, match="terlalu banyak"):
        CAL.add_working_days(date(2026, 1, 1), 1_000_000)
