"""What an import's cells are checked against beyond their form: its day and the periods evaluated.

Layer: domain rules, pure (counterparts: `policy.importrows`, which applies them as it reads,
and `policy.services.imports`, which makes them from the organisation's pack and the
import's clock). A column marked with a `bound` (`policy.importtables.Column`) is checked,
once its cell has parsed, against the facts of one import (`Bounds`):

- "period": a period the organisation's pack never evaluates is refused at its cell. The
  pack evaluates the periods of `evaluation.periods`, the year (the annual evaluation
  closes every year, PermenPANRB 6/2022) and the rounds of `self_assessment_periods`;
  rows of any other period (a month in a quarterly pack) would be stored and never read.
- "past": a date before 2000 or after the day of the import is refused at its cell (a
  complaint received, a survey answered or a milestone finished cannot lie in the future).

The checked parser replaces the column's own for one reading only, so a column's memo of
parsed cells holds checked values and a repeated cell costs nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from policy.evalconfig import PeriodKind
from policy.importtables import Column
from policy.locale import format_date
from policy.periods import PERIOD_KINDS, period_kind, period_label

__all__ = ["EARLIEST", "Bounds"]


#: The earliest date a dated record of an import may bear.
EARLIEST: Final = date(2000, 1, 1)

#: How a pack's period setting reads in a sentence, and how many periods it has in a year.
_EVERY: Final = {
    "monthly": ("per bulan", 12),
    "quarterly": ("per triwulan", 4),
    "semester": ("per semester", 2),
    "annual": ("tahunan", 1),
}


@dataclass(frozen=True, slots=True)
class Bounds:
    """The facts one import's cells are checked against.

    `today` is the day of the import, in the organisation's time zone: no record it
    brings can be dated after it. `periods` is the pack's `evaluation.periods` (None:
    any period is taken) and `self_periods` its `self_assessment_periods`.
    """

    today: date
    periods: PeriodKind | None = None
    self_periods: PeriodKind | None = None

    def evaluated(self, code: str) -> bool:
        """Whether the pack evaluates the period `code` (an evaluation or a self round)."""
        if self.periods is None:
            return True
        kinds = {"year", PERIOD_KINDS[self.periods]}
        if self.self_periods is not None:
            kinds.add(PERIOD_KINDS[self.self_periods])
        return period_kind(code) in kinds

    def check_period(self, code: str, text: str) -> str:
        """`code` (read from the cell `text`) if the pack evaluates it.

        Raises:
            ValueError: the pack never evaluates it; the message names the periods it does.
        """
        if self.evaluated(code):
            return code
        label = period_label(code)
        named = f"'{text}'" if text.casefold() == label.casefold() else f"'{text}' ({label})"
        raise ValueError(
            f"periode {named} tidak dievaluasi paket ini: paket mengevaluasi "
            f"{self.evaluated_words(int(code[:4]))}. Data periode lain tidak pernah dipakai "
            "evaluasi; tulis salah satu periode itu"
        )

    def evaluated_words(self, year: int) -> str:
        """'per triwulan (2026-TW1 … 2026-TW4) dan tahunan (2026)', self rounds after."""
        assert self.periods is not None
        words = [_periods_words(self.periods, year)]
        if self.periods != "annual":
            words.append(_periods_words("annual", year))
        evaluated = " dan ".join(words)
        extra = self.self_periods
        if extra is not None and PERIOD_KINDS[extra] not in ("year", PERIOD_KINDS[self.periods]):
            evaluated += f", dengan putaran penilaian diri {_periods_words(extra, year)}"
        return evaluated

    def check_past(self, day: date, text: str) -> date:
        """`day` (read from the cell `text`) if it lies from 2000 up to the day of the import.

        Raises:
            ValueError: it lies before 2000 or after the day of the import.
        """
        if EARLIEST <= day <= self.today:
            return day
        shown = f"'{text}' ({format_date(day)})"
        if day < EARLIEST:
            raise ValueError(
                f"tanggal {shown} sebelum {format_date(EARLIEST)}; tanggal di kolom ini tidak "
                "mungkin sedini itu. Periksa tahunnya"
            )
        raise ValueError(
            f"tanggal {shown} sesudah hari impor ({format_date(self.today)}); tanggal di "
            "kolom ini tidak mungkin di masa depan. Periksa tahun, bulan dan harinya"
        )

    def apply(self, column: Column) -> Column:
        """`column` with its bound checked after its parser (as it is, if it has none)."""
        bound, parse = column.bound, column.parse
        if bound is None or parse is None:
            return column
        if bound == "period":
            if self.periods is None:
                return column
            check: Callable[[Any, str], Any] = self.check_period
        else:
            check = self.check_past

        def checked(text: str) -> Any:
            return check(parse(text), text)

        return replace(column, parse=checked)


def _periods_words(setting: PeriodKind, year: int) -> str:
    """'per triwulan (2026-TW1 … 2026-TW4)', or 'tahunan (2026)'."""
    every, count = _EVERY[setting]
    if count == 1:
        return f"{every} ({year})"
    kind = PERIOD_KINDS[setting]
    first, last = (_code(year, kind, n) for n in (1, count))
    return f"{every} ({first} … {last})"


def _code(year: int, kind: str, number: int) -> str:
    return {"month": f"{year}-{number:02d}", "quarter": f"{year}-TW{number}",
            "semester": f"{year}-S{number}"}[kind]  # fmt: skip
