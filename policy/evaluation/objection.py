"""Objections (keberatan) to an employee's performance result: the time limit and the outcome.

Layer: domain, pure: no database, no IO. Objections are filed, decided and withdrawn in
`policy.services.objections`; the register is kept by `policy.services.objection_register`.

PP 30/2019 Pasal 59: an employee who objects to the result of the performance assessment
files the objection, with reasons, with the superior of the assessing official (atasan
dari Pejabat Penilai Kinerja) at the latest 14 days after receiving the result. The
superior asks the assessor and the employee to explain, and may change the result; the
superior's decision is final.

The 14 days are calendar days (the regulation says "hari", not "hari kerja") counted from
the day after the result was received: a result received on 2 January may be objected to
until 16 January, inclusive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum

#: Days after receiving the result within which an objection may be filed (PP 30/2019).
OBJECTION_DAYS = 14
SOURCE = "PP 30/2019 Pasal 59"


class Outcome(StrEnum):
    """Where an objection stands."""

    PENDING = "diajukan"  # filed, the superior has not decided
    UPHELD = "tetap"  # the result stands
    CHANGED = "diubah"  # the superior set another result
    WITHDRAWN = "dicabut"  # the employee withdrew it before the decision


class FilingError(ValueError):
    """An objection or decision that cannot be recorded, in words for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def last_day(received: date) -> date:
    """The last day an objection to a result received on `received` may be filed."""
    return received + timedelta(days=OBJECTION_DAYS)


def check_filing(
    *, received: date, filed: date, today: date, fmt: Callable[[date], str] = date.isoformat
) -> date:
    """The last day of the time limit, once the dates of a filing are found admissible.

    `fmt` formats a date for the message (`policy.locale.format_date`, say).

    Raises:
        FilingError: filed before the result was received, after today, or after the
            time limit.
    """
    show = fmt
    limit = last_day(received)
    if received > today:
        raise FilingError(f"Tanggal hasil diterima ({show(received)}) belum tiba.")
    if filed > today:
        raise FilingError(f"Tanggal keberatan diajukan ({show(filed)}) belum tiba.")
    if filed < received:
        raise FilingError(
            f"Keberatan diajukan {show(filed)}, sebelum hasil penilaian diterima "
            f"({show(received)}): periksa kedua tanggal."
        )
    if filed > limit:
        late = (filed - limit).days
        raise FilingError(
            f"Keberatan diajukan {show(filed)}, {late} hari sesudah batas waktunya: hasil "
            f"diterima {show(received)}, keberatan paling lambat {show(limit)} "
            f"({OBJECTION_DAYS} hari sejak hasil diterima, {SOURCE}). Keberatan yang lewat "
            "waktu tidak dapat diterima."
        )
    return limit


def check_decision(
    *, outcome: Outcome, before: str, after: str | None, allowed: tuple[str, ...]
) -> str:
    """The result the decision sets ('' when the result stands), once it is consistent.

    Raises:
        FilingError: a change without a new result, a new result equal to the old one or
            not one of `allowed`, or a result given with an upheld one.
    """
    if outcome in (Outcome.PENDING, Outcome.WITHDRAWN):
        raise FilingError(
            "Keputusan atas keberatan adalah 'tetap' atau 'diubah' (keberatan yang ditarik "
            "pegawai dicatat dengan 'siklus objection withdraw')."
        )
    given = (after or "").strip()
    if outcome is Outcome.UPHELD:
        if given:
            raise FilingError(
                "Keputusan 'tetap' tidak menetapkan predikat baru; hapus --predikat, atau "
                "pilih keputusan 'diubah'."
            )
        return ""
    if not given:
        raise FilingError(
            "Keputusan 'diubah' menetapkan predikat baru: sebutkan dengan --predikat "
            f"({', '.join(allowed)})."
        )
    match = next((p for p in allowed if p.casefold() == given.casefold()), None)
    if match is None:
        raise FilingError(
            f"Predikat '{given}' tidak dikenal; pilih salah satu: {', '.join(allowed)}."
        )
    if match == before:
        raise FilingError(
            f"Predikat yang diputuskan ({match}) sama dengan predikat semula: keputusannya "
            "'tetap', bukan 'diubah'."
        )
    return match
