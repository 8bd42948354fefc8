"""What an organisation pack plans: forums, workshops and their sessions, milestones, calendar.

Layer: domain configuration (part of the pack's schema, `policy.packschema`, which holds
these under `forums`, `workshops`, `milestones` and `calendar`). Messages are in
Bahasa Indonesia, for the officer who edits the pack.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from policy.clock import Hours, parse_hours
from policy.evalconfig import Code


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackGroup(_Strict):
    """A stakeholder group invited to forums."""

    code: Code
    name: str
    involvement: str = Field(
        default="",
        description="How the group takes part, for the stakeholder map, as the pack writes it; "
        "empty: consulted (the documents say so in their own language).",
    )


def _hours_text(value: object) -> object:
    """A pack's `time` as text: YAML reads an unquoted 09.00 as the number 9.0."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f'jam {value} terbaca sebagai angka; tulis dalam tanda kutip, mis. "09.00" atau '
            '"09.00–12.00"'
        )
    if isinstance(value, str):
        parse_hours(value)  # refuses what is no time or range of times
        return value.strip()
    return value


#: Hours of an event as the pack writes them ("09.00–12.00"), checked by `parse_hours`.
HoursText = Annotated[str, BeforeValidator(_hours_text)]


class _Timed(_Strict):
    """An event whose hours the pack may give (`time`), read as `Hours` by `hours()`."""

    time: HoursText | None = None

    def hours(self) -> Hours | None:
        """The parsed hours, or None when the pack gives none."""
        return None if self.time is None else parse_hours(self.time)


class PackForum(_Timed):
    """A planned forum (demo data and plans)."""

    code: Code
    title: str
    date: date
    time: HoursText | None = Field(
        default=None, description="Hours, local time: '09.00–12.00' or '13.30' (start only)."
    )
    venue: str
    groups: list[str] = Field(default_factory=list)
    agenda: list[str] = Field(default_factory=list)
    round: int = Field(
        default=1, ge=1, description="Consultation round the forum belongs to (planned then)."
    )


class PackSession(_Timed):
    """A further session (angkatan) of a workshop: its date, and its hours and venue if other."""

    date: date
    time: HoursText | None = Field(
        default=None, description="Hours, local time; default: the workshop's own."
    )
    venue: str = Field(default="", description="Venue; default: the workshop's own.")


class PackWorkshop(_Timed):
    """A planned socialisation workshop or training."""

    code: Code
    topic: str
    date: date
    time: HoursText | None = Field(
        default=None, description="Hours, local time: '08.00–16.00' or '08.00' (start only)."
    )
    trainer: str
    venue: str = ""
    units: list[str] = Field(default_factory=list)
    positions: list[str] = Field(
        default_factory=list,
        description="Jabatan patterns of the participants ('*' any text, '?' one character, "
        "any case), e.g. 'Kepala *'; empty: every position.",
    )
    capacity: int | None = Field(default=None, ge=1, description="Seats per session.")
    jp: int = Field(default=0, ge=0)
    sessions: list[PackSession] = Field(
        default_factory=list,
        description="Further sessions (angkatan II, III, …) of a workshop held more than once "
        "(its room seats fewer than its participants); `date`, `time` and `venue` are the first.",
    )

    @model_validator(mode="after")
    def _sessions_apart(self) -> PackWorkshop:
        """No session before the first (the workshop's own date), none at one date and hour."""
        seen: dict[tuple[date, str], int] = {(self.date, self.time or ""): 1}
        for number, s in enumerate(self.sessions, start=2):
            if s.date < self.date:
                raise ValueError(
                    f"angkatan ke-{number} ({s.date:%d/%m/%Y}) sebelum angkatan ke-1 "
                    f"({self.date:%d/%m/%Y}): `date` kegiatan adalah angkatan pertama"
                )
            key = (s.date, s.time or self.time or "")
            if key in seen:
                raise ValueError(
                    f"angkatan ke-{number} ({s.date:%d/%m/%Y} {key[1]}) sama tanggal dan "
                    f"jamnya dengan angkatan ke-{seen[key]}"
                )
            seen[key] = number
        return self


class PackHoliday(_Strict):
    """A day off of the organisation itself (e.g. the city's anniversary)."""

    date: date
    name: str = Field(min_length=1)


class PackCalendar(_Strict):
    """The organisation's own additions to the national working-day calendar."""

    extra_holidays: list[PackHoliday] = Field(default_factory=list)
    extra_working_days: list[date] = Field(
        default_factory=list,
        description="Working days despite a weekend or holiday (working Saturdays, a "
        "cancelled cuti bersama).",
    )


class PackMilestone(_Strict):
    """A rollout milestone template: every named unit (or all units) gets it in its plan."""

    name: str = Field(min_length=1, max_length=200)
    working_days: int = Field(ge=0, description="Due this many working days after the start.")
    units: list[str] = Field(default_factory=list, description="Unit codes; empty: all units.")
