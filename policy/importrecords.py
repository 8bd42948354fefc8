"""The row of each import format: one frozen dataclass per kind of file.

Layer: domain rules, pure. `policy.importformats` and `policy.importcycle` declare each with
its columns; a row's fields are the parsed, checked values of its columns, and `line` is its
line in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from policy.importchoices import Direction
from policy.models import AsnType, CapaianOrganisasi, Disposition, MilestoneStatus, Rating


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit kerja."""

    line: int
    code: str
    name: str
    parent: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class EmployeeRow:
    """An employee; `nip` and `supervisor_nip` are normalised 18-digit text."""

    line: int
    nip: str
    name: str
    asn_type: AsnType
    position: str
    unit_code: str
    supervisor_nip: str | None
    team: str


@dataclass(frozen=True, slots=True)
class EkinerjaRow:
    """An employee's e-Kinerja ratings for a period."""

    line: int
    period: str
    nip: str
    hasil_kerja: Rating
    perilaku: Rating


@dataclass(frozen=True, slots=True)
class SkmRow:
    """One SKM respondent; u1…u9 are 1–4, or None when not answered (DOMAIN.md R1, R2)."""

    line: int
    unit_code: str
    response_date: date
    u1: int | None
    u2: int | None
    u3: int | None
    u4: int | None
    u5: int | None
    u6: int | None
    u7: int | None
    u8: int | None
    u9: int | None
    gender: str
    age: str
    education: str
    occupation: str
    service_type: str
    partner: str


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """A policy indicator with baseline, target and direction (a pack's `indicators_file`)."""

    line: int
    code: str
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: Direction
    decimals: int
    measure: str | None


@dataclass(frozen=True, slots=True)
class RealisationRow:
    """The realised value of an indicator in a period."""

    line: int
    period: str
    code: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class ForumAttendanceRow:
    """A person at a forum (or invited and absent)."""

    line: int
    forum: str
    name: str
    nip: str | None
    institution: str
    group: str
    present: bool


@dataclass(frozen=True, slots=True)
class ForumInputRow:
    """A stakeholder's input on the draft; `section_ref` may be empty."""

    line: int
    forum: str
    author: str
    institution: str
    group: str
    section_ref: str
    text: str
    email: str = ""


@dataclass(frozen=True, slots=True)
class InputResponseRow:
    """The drafting team's response to input number `number`."""

    line: int
    number: int
    disposition: Disposition
    response: str
    changed_sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkshopAttendanceRow:
    """An employee's attendance and test scores (0–100) at a workshop."""

    line: int
    workshop: str
    nip: str
    present: bool
    pre_test: Decimal | None
    post_test: Decimal | None
    session: int | None = None  # the session (angkatan) attended, when the file says


@dataclass(frozen=True, slots=True)
class NeedsRow:
    """One anonymous answer sheet of the ASN needs questionnaire.

    Its unit, k1…k12 (1–4, None = not asked or not answered) and the competence
    development the employee wants.
    """

    line: int
    unit_code: str
    k1: int | None
    k2: int | None
    k3: int | None
    k4: int | None
    k5: int | None
    k6: int | None
    k7: int | None
    k8: int | None
    k9: int | None
    k10: int | None
    k11: int | None
    k12: int | None
    development: str


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A unit's rollout milestone and its reported status."""

    line: int
    unit_code: str
    milestone: str
    due_on: date
    status: MilestoneStatus
    done_on: date | None
    note: str


@dataclass(frozen=True, slots=True)
class PlanRow:
    """A milestone of the rollout plan (Rencana Implementasi) with its due date."""

    line: int
    unit_code: str
    unit_name: str
    milestone: str
    due_on: date


@dataclass(frozen=True, slots=True)
class ComplaintRow:
    """A public complaint and its response time in hours."""

    line: int
    received_on: date
    unit_code: str
    category: str
    response_hours: Decimal | None
    status: str


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """An employee's days with an e-Kinerja activity report (LKH) in one month."""

    line: int
    month: str
    nip: str
    days: int
    leave_days: int = 0
    """Working days of the month on leave (cuti): they need no report."""


@dataclass(frozen=True, slots=True)
class ServiceRequestRow:
    """A request (permohonan) to a service unit: when it came in and when it was finished."""

    line: int
    unit_code: str
    service_type: str
    received_on: date
    done_on: date | None
    number: str | None


@dataclass(frozen=True, slots=True)
class Rating360Row:
    """One rater's score of an employee on one criterion (weighted 360 evaluation).

    `rater` is a NIP (atasan, rekan, bawahan; diri: empty or the employee's own NIP) or a
    respondent code (masyarakat; may be empty). `score` is in hundredths (3,5 -> 350).
    """

    line: int
    period: str
    nip: str
    source: str
    rater: str | None
    criterion: str
    score: int


@dataclass(frozen=True, slots=True)
class BonusRow:
    """Bonus points of an employee in a period (e.g. an innovation programme)."""

    line: int
    period: str
    nip: str
    code: str
    points: int
    note: str


@dataclass(frozen=True, slots=True)
class CapaianRow:
    """The capaian kinerja organisasi of a unit in a period, and who set it."""

    line: int
    period: str
    unit_code: str
    capaian: CapaianOrganisasi
    set_by: str
    note: str


@dataclass(frozen=True, slots=True)
class ClosureRow:
    """A follow-up action from `siklus action export`, with the note it was done with."""

    line: int
    number: int
    note: str = ""
    """What was done (`catatan_penyelesaian`); empty: the action is not closed."""
    progress: str = ""
    """How far it has come (`perkembangan`), for an action not done yet; empty: unchanged."""
