"""View models of the Laporan Sosialisasi and the Kerangka Acuan Kegiatan (KAK).

Layer: domain presentation (built by `policy.services.socialisation`).
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class SessionRow(_Row):
    """One session (angkatan) of a workshop held in several, with its attendance counts."""

    number: int
    held_on: date
    planned: int = Field(description="Target participants seated in it (as the Daftar Hadir).")
    present: int = Field(
        description="Attendance rows marked present in it: the session the attendance file "
        "names, else the one planned for the participant."
    )
    absent: int = Field(description="Attendance rows marked absent in it, counted alike.")
    unrecorded: int = Field(description="Participants planned in it with no attendance row.")


class WorkshopRow(_Row):
    """A workshop of the cycle with its attendance counts."""

    code: str
    topic: str
    held_on: date
    last_on: date = Field(description="The date of its last session (held_on: held once).")
    sessions: int = Field(default=1, description="Sessions (angkatan) planned.")
    trainer: str
    venue: str
    jp: int = Field(description="Jam pelajaran credited to each attendee.")
    units: list[str] = Field(description="Names of the invited units (empty: all units).")
    present: int = Field(description="Attendance rows marked present.")
    absent: int = Field(description="Attendance rows marked absent.")
    invited: int = Field(
        description="Target participants (as in the KAK): employees of the target units "
        "whose jabatan matches."
    )
    unrecorded: int = Field(description="Target participants with no attendance row yet.")
    outside_target: int = Field(
        description="Attendance rows (present or absent) of people outside the target."
    )
    session_rows: list[SessionRow] = Field(
        default_factory=list, description="Held in several sessions: each one (else empty)."
    )
    unplaced: int = Field(
        default=0,
        description="Attendance rows outside the target with no session recorded (in no "
        "session's counts).",
    )


class CoverageRow(_Row):
    """Coverage of one unit: distinct employees present at ≥ 1 workshop / employees."""

    code: str
    unit: str = Field(description="Unit name.")
    employees: int
    reached: int
    percent: Decimal = Field(description="Coverage in percent, rounded half-up to 1 decimal.")
    below_target: bool


class ComprehensionRow(_Row):
    """Pre/post test means over attendance rows that have both scores."""

    label: str = Field(description="Workshop topic or unit name.")
    code: str = Field(description="Workshop or unit code.")
    tested: int = Field(
        description="People with both a pre and a post test at one attendance or more, "
        "each counted once."
    )
    pre: Decimal | None = Field(description="Mean pre-test score (2 decimals), None if untested.")
    post: Decimal | None = Field(description="Mean post-test score (2 decimals).")
    gain: Decimal | None = Field(description="Mean post minus mean pre (2 decimals).")


class JpUnit(_Row):
    """JP credited to the employees of one unit."""

    unit: str
    reached: int = Field(description="Employees credited with any JP.")
    total_jp: int
    mean_jp: Decimal = Field(description="Mean JP per reached employee (1 decimal).")
    at_right: int = Field(description="Employees credited with at least the yearly right.")


class Person(_Row):
    """An employee not yet reached by socialisation."""

    name: str
    nip: str
    position: str


class NotReachedUnit(_Row):
    """The employees of one unit with no attendance at any workshop."""

    unit: str
    people: list[Person]


class SocialisationView(View):
    """Everything the Laporan Sosialisasi shows."""

    legal_form: str
    policy_title: str
    target_percent: Decimal = Field(description="Coverage target in percent (1 decimal).")
    workshops: list[WorkshopRow]
    coverage: list[CoverageRow] = Field(description="Units below target first, then the rest.")
    employees_total: int
    reached_total: int
    coverage_overall: Decimal = Field(description="All units together, percent (1 decimal).")
    comprehension_workshops: list[ComprehensionRow]
    comprehension_units: list[ComprehensionRow]
    jp_right: int = Field(description="Yearly competence development right in JP (20).")
    jp_year: int = Field(description="Calendar year the JP are counted for (all cycles).")
    jp_units: list[JpUnit]
    jp_total: int
    jp_at_right: int
    has_attendance: bool
    gate_open: bool
    not_reached: list[NotReachedUnit]
    prepared_by: str
    prepared_by_title: str


class TargetUnit(_Row):
    """A unit a workshop is meant for, with its employee count."""

    unit: str
    employees: int


class SessionInfo(_Row):
    """One session (angkatan) of a workshop, and how many invited participants it seats."""

    number: int = Field(description="1 for the first session, 2 for the second, …")
    held_on: date
    starts_at: time | None = Field(default=None, description="Local start; None: not given.")
    ends_at: time | None = Field(default=None, description="Local end; None: until finished.")
    venue: str
    participants: int = Field(description="Invited participants seated in this session.")


class KakView(View):
    """Everything a Kerangka Acuan Kegiatan shows."""

    legal_form: str
    policy_title: str
    organisation: str
    code: str
    topic: str
    held_on: date
    starts_at: time | None = Field(default=None, description="Local start; None: not given.")
    ends_at: time | None = Field(default=None, description="Local end; None: until finished.")
    trainer: str
    venue: str
    jp: int
    all_units: bool = Field(description="The workshop is for every unit (no units named).")
    positions: list[str] = Field(description="Jabatan patterns of the participants (any: empty).")
    capacity: int | None = Field(description="Seats per session; None: not limited.")
    sessions_needed: int = Field(description="Sessions needed to seat every participant.")
    schedule: list[SessionInfo] = Field(
        description="Every session planned, the first included (one: the workshop is held once)."
    )
    targets: list[TargetUnit]
    participants: int = Field(description="Employees of the target units with a matching jabatan.")
    prepared_by: str
    prepared_by_title: str


class WorkshopInfo(_Row):
    """What a per-session document says about its workshop."""

    code: str
    topic: str
    held_on: date
    starts_at: time | None = Field(default=None, description="Local start; None: not given.")
    ends_at: time | None = Field(default=None, description="Local end; None: until finished.")
    trainer: str
    venue: str
    jp: int
    capacity: int | None


class SheetRow(_Row):
    """A line of a workshop's Daftar Hadir."""

    no: int
    name: str
    nip: str
    position: str
    unit: str
    invited: bool = Field(description="In the workshop's target units and positions.")
    session: int = Field(
        default=0,
        description="The session (angkatan) the participant is listed in: the one recorded as "
        "attended, else the one planned; 0: none (not invited, none recorded).",
    )
    planned: int = Field(default=0, description="The session planned for him; 0: not invited.")
    present: bool | None = Field(description="Recorded attendance; None: not recorded yet.")
    pre_test: Decimal | None
    post_test: Decimal | None


class AttendanceSheetView(View):
    """The Daftar Hadir of one workshop session: invited participants and recorded attendance."""

    workshop: WorkshopInfo
    schedule: list[SessionInfo] = Field(
        description="Every session planned, the first included; with more than one, the rows "
        "are listed per session."
    )
    rows: list[SheetRow] = Field(description="By unit, then name; uninvited attendees last.")
    invited: int
    recorded: int = Field(description="Rows with recorded attendance.")
    present: int
    absent: int
    over_capacity: bool = Field(
        description="More invited participants than the seats of the sessions planned."
    )
    blank_rows: int = Field(description="Empty numbered lines to print for walk-ins.")


class UnitWorkshop(_Row):
    """A workshop meant for a unit."""

    code: str
    topic: str
    held_on: date
    last_on: date = Field(description="The date of its last session (held_on: held once).")
    sessions: int = Field(default=1, description="Sessions (angkatan) planned.")
    jp: int


class NotReachedPerson(_Row):
    """An employee of the unit not reached yet, with the JP credited this year."""

    name: str
    nip: str
    position: str
    jp: int


class NotReachedView(View):
    """The list of a unit's employees not reached by socialisation, for the head of unit."""

    legal_form: str
    policy_title: str
    unit: str
    head_name: str = Field(description="Head of the unit from the pack ('' when not named).")
    head_title: str = Field(description="The head's title from the pack ('' when not given).")
    employees: int
    reached: int
    percent: Decimal = Field(description="Coverage of the unit, percent (1 decimal).")
    target_percent: Decimal
    below_target: bool
    people: list[NotReachedPerson]
    workshops: list[UnitWorkshop] = Field(description="The cycle's workshops meant for the unit.")
    jp_year: int
    jp_right: int
    prepared_by: str
    prepared_by_title: str
