"""Tables holding each stage's inputs and results.

Layer: domain models (counterparts: `policy.services.<stage>`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from policy.models.base import json_field, ts_field

# ---------------------------------------------------------------- needs analysis


class Complaint(SQLModel, table=True):
    """A public complaint (pengaduan) with its response time."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    import_id: int = Field(foreign_key="importrecord.id")
    received_on: date
    unit_code: str = Field(max_length=64)
    category: str
    response_hours: float | None = None
    status: str = ""


class ServiceRequest(SQLModel, table=True):
    """A request (permohonan) to a service unit, for its processing time."""

    __table_args__ = (
        Index("ix_servicerequest_org_received", "organisation_id", "received_on", "unit_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    import_id: int = Field(foreign_key="importrecord.id")
    unit_code: str = Field(max_length=64)
    service_type: str
    received_on: date
    done_on: date | None = None
    number: str | None = None


class ActivityReport(SQLModel, table=True):
    """Days on which an employee wrote an e-Kinerja activity report (LKH) in one month."""

    __table_args__ = (UniqueConstraint("organisation_id", "month", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    month: str = Field(max_length=7, description="'2026-03'.")
    nip: str = Field(max_length=18)
    days: int
    leave_days: int = Field(
        default=0,
        sa_column_kwargs={"server_default": "0"},
        description="Working days of the month the employee was on leave (cuti): they need "
        "no report.",
    )


class NeedsResponse(SQLModel, table=True):
    """One anonymous answer sheet of a cycle's ASN needs questionnaire (k1…k12, 1–4).

    No NIP is kept: the questionnaire asks employees about their supervisors and their
    unit, and answers are only ever shown per unit of at least `min_group_size`.
    """

    __tablename__ = "needs_response"
    __table_args__ = (Index("ix_needs_response_cycle_unit", "cycle_id", "unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id")
    import_id: int = Field(foreign_key="importrecord.id", index=True)
    unit_code: str = Field(max_length=64)
    k1: int | None = None
    k2: int | None = None
    k3: int | None = None
    k4: int | None = None
    k5: int | None = None
    k6: int | None = None
    k7: int | None = None
    k8: int | None = None
    k9: int | None = None
    k10: int | None = None
    k11: int | None = None
    k12: int | None = None
    development: str = Field(default="", description="Competence development wanted (free text).")


class Finding(SQLModel, table=True):
    """A ranked problem found by needs analysis (or carried from a previous cycle)."""

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    rank: int
    unit_code: str | None = None
    source: str = Field(max_length=32)
    title: str
    detail: str = ""
    score: float = 0.0


class Note(SQLModel, table=True):
    """A text input of a stage (officer notes, minutes source), kept whole."""

    __table_args__ = (UniqueConstraint("cycle_id", "stage", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    stage: str = Field(max_length=32)
    name: str = Field(max_length=64)
    filename: str
    text: str
    sha256: str
    author: str
    created_at: datetime = ts_field()


# ------------------------------------------------------------------------ forums


class Forum(SQLModel, table=True):
    """A stakeholder forum or public consultation."""

    __table_args__ = (UniqueConstraint("cycle_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    round: int = 1
    code: str = Field(max_length=64)
    title: str
    held_on: date
    starts_at: time | None = Field(default=None, description="Local wall-clock start.")
    ends_at: time | None = Field(default=None, description="Local wall-clock end; None: open.")
    venue: str
    groups: list[str] = json_field(list)
    agenda: list[str] = json_field(list)
    status: str = "planned"
    summary: str = ""
    decisions: list[str] = json_field(list)
    chair: str = ""
    secretary: str = ""
    closed_by: str | None = None
    closed_at: datetime | None = ts_field(nullable=True, default_now=False)
    public_token: str | None = Field(
        default=None,
        unique=True,
        max_length=64,
        description="Unguessable token of the forum's public portal link (made on first use).",
    )


class ForumAttendance(SQLModel, table=True):
    """Someone invited to or present at a forum."""

    __table_args__ = (UniqueConstraint("forum_id", "person_key"),)

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    person_key: str = Field(description="NIP, or name|instansi when there is no NIP.")
    name: str
    nip: str | None = None
    institution: str = ""
    group: str = ""
    present: bool = True


class ForumInput(SQLModel, table=True):
    """A stakeholder's input (masukan) on the draft."""

    __table_args__ = (
        UniqueConstraint("forum_id", "author", "text_sha256"),
        UniqueConstraint("cycle_id", "number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    number: int = Field(description="Receipt number, unique within the cycle.")
    author: str
    institution: str = ""
    group: str = ""
    section_ref: str = ""
    section_sid: str = Field(
        default="",
        max_length=64,
        description=(
            "Stable id of the BAB or Pasal `section_ref` names in the version the forum "
            "consulted on ('' when it names none; `policy.services.section_refs`)."
        ),
    )
    text: str
    text_sha256: str
    channel: str = "import"
    created_at: datetime = ts_field()
    notify_email: str | None = Field(
        default=None,
        max_length=254,
        description=(
            "Where the author asked to be told once the response to the input appears (the "
            "portal's form); erased when told, or when no response can come."
        ),
    )
    notify_locale: str = Field(
        default="", max_length=2, description="The language of that notice ('id', 'en')."
    )
    notified_at: datetime | None = ts_field(nullable=True, default_now=False)


# ---------------------------------------------------------------------- drafting


class DraftVersion(SQLModel, table=True):
    """A whole version of the draft regulation (Markdown)."""

    __table_args__ = (UniqueConstraint("cycle_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    number: int
    for_round: int = Field(
        default=1,
        description=(
            "The consultation round this version is put to: the current round for a draft "
            "imported with the forums stage, the next round for one written in drafting."
        ),
    )
    source: str
    sha256: str
    created_by: str
    created_at: datetime = ts_field()
    final_on: date | None = Field(
        default=None, description="Set on the version leadership approved: the date of enactment."
    )
    final_by: str | None = Field(default=None, description="The leader who approved it.")


class DraftSection(SQLModel, table=True):
    """A BAB or Pasal of a draft version, with a stable id across versions."""

    __table_args__ = (UniqueConstraint("version_id", "sid"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="draftversion.id", index=True)
    sid: str = Field(max_length=64)
    kind: str = Field(max_length=16)
    label: str
    heading: str = ""
    text: str = ""
    position: int
    line: int


class InputResponse(SQLModel, table=True):
    """The drafting team's response to an input, for one draft version."""

    __table_args__ = (UniqueConstraint("input_id", "version_id"),)

    id: int | None = Field(default=None, primary_key=True)
    input_id: int = Field(foreign_key="foruminput.id", index=True)
    version_id: int = Field(foreign_key="draftversion.id", index=True)
    disposition: str
    response: str
    changed_sections: list[str] = json_field(list)
    responder: str
    created_at: datetime = ts_field()


# ----------------------------------------------------------------- socialisation


class Workshop(SQLModel, table=True):
    """A socialisation workshop or training session."""

    __table_args__ = (UniqueConstraint("cycle_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    code: str = Field(max_length=64)
    topic: str
    held_on: date
    starts_at: time | None = Field(default=None, description="Local wall-clock start.")
    ends_at: time | None = Field(default=None, description="Local wall-clock end; None: open.")
    trainer: str
    venue: str = ""
    units: list[str] = json_field(list)
    positions: list[str] = json_field(list)
    capacity: int | None = None
    jp: int = 0
    #: Further sessions (angkatan II, III, …): {"date", "starts_at", "ends_at", "venue"}, ISO
    #: text, the workshop's own hours and venue filled in where the pack gives none.
    sessions: list[dict[str, Any]] = json_field(list)


class WorkshopAttendance(SQLModel, table=True):
    """An employee's attendance and test scores at a workshop."""

    __table_args__ = (UniqueConstraint("workshop_id", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    nip: str = Field(max_length=18)
    present: bool
    pre_test: float | None = None
    post_test: float | None = None
    session: int | None = Field(
        default=None, description="The session (angkatan) attended; None: the file did not say."
    )


# ---------------------------------------------------------------- implementation


class RolloutMilestone(SQLModel, table=True):
    """A unit's rollout milestone and its latest reported status."""

    __table_args__ = (UniqueConstraint("cycle_id", "unit_code", "milestone"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    milestone: str
    due_on: date
    status: str = "belum"
    done_on: date | None = None
    note: str = ""
    updated_at: datetime = ts_field()


# -------------------------------------------------------------------- evaluation


class EkinerjaRating(SQLModel, table=True):
    """An employee's e-Kinerja ratings for a period, with the derived predikat."""

    __tablename__ = "ekinerja_rating"
    __table_args__ = (UniqueConstraint("organisation_id", "period", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    period: str = Field(max_length=16)
    nip: str = Field(max_length=18)
    hasil_kerja: str
    perilaku: str
    predikat: str


class SkmResponse(SQLModel, table=True):
    """One respondent's SKM answers (u1…u9, 1–4, None = not answered)."""

    __tablename__ = "skm_response"
    __table_args__ = (
        Index("ix_skm_org_date_unit", "organisation_id", "response_date", "unit_code"),
        # Only the answers a survey partner collected: whether a period has any is one probe.
        Index(
            "ix_skm_partner_date",
            "organisation_id",
            "response_date",
            sqlite_where=text("partner != ''"),
            postgresql_where=text("partner != ''"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    import_id: int = Field(foreign_key="importrecord.id")
    unit_code: str = Field(max_length=64)
    response_date: date
    u1: int | None = None
    u2: int | None = None
    u3: int | None = None
    u4: int | None = None
    u5: int | None = None
    u6: int | None = None
    u7: int | None = None
    u8: int | None = None
    u9: int | None = None
    gender: str = ""
    age: str = ""
    education: str = ""
    occupation: str = ""
    service_type: str = ""
    partner: str = Field(
        default="",
        # In the database too: a row written without the column (SQL of its own) has none.
        sa_column_kwargs={"server_default": ""},
        description="The partner organisation that collected the response "
        "(`evaluation.ikm.partners`); '' for the region's own survey.",
    )


class IndicatorRealisation(SQLModel, table=True):
    """The realised value of a pack indicator in a period (decimal as text)."""

    __table_args__ = (UniqueConstraint("organisation_id", "period", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    period: str = Field(max_length=16)
    code: str = Field(max_length=64)
    value: str


class FollowUpAction(SQLModel, table=True):
    """An action decided from evaluation results, tracked to closure."""

    __table_args__ = (UniqueConstraint("stage_run_id", "rule", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    stage_run_id: int = Field(foreign_key="stagerun.id", index=True)
    rule: str = Field(max_length=32)
    subject: str = Field(max_length=128)
    title: str
    detail: str = ""
    owner: str
    due_on: date
    status: str = "open"
    closed_by: str | None = None
    closed_at: datetime | None = ts_field(nullable=True, default_now=False)
    closing_note: str = ""
    progress_note: str = Field(
        default="", description="How far it has come, as the unit last reported (still open)."
    )
    progress_by: str | None = None
    progress_at: datetime | None = ts_field(nullable=True, default_now=False)
    public_note: str = Field(
        default="",
        description="What the public reads of it on the SKM results page ('' none); the "
        "progress and closing notes are the organisation's.",
    )
    carried_to_cycle_id: int | None = Field(
        default=None, foreign_key="cycle.id", description="The cycle whose needs analysis took it."
    )
    data: dict[str, Any] = json_field()
