"""Organisation, people, policy, cycle, stage runs, reviews, documents, audit.

Layer: domain models (counterpart: `policy.services`).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from policy.models.base import json_field, ts_field
from policy.settings import get_settings


class Organisation(SQLModel, table=True):
    """A pemerintah daerah (or kecamatan) that runs policy cycles."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=64)
    name: str
    kind: str
    region: str
    head_title: str
    place: str
    address: str = ""
    pack_path: str
    pack_sha256: str
    pack: dict[str, Any] = json_field()
    created_at: datetime = ts_field()
    updated_at: datetime = ts_field()


class Unit(SQLModel, table=True):
    """A unit kerja of an organisation."""

    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    code: str = Field(max_length=64)
    name: str
    kind: str
    parent_code: str | None = None
    service: bool = False


class Employee(SQLModel, table=True):
    """A civil servant (PNS or PPPK); NIP is always text."""

    __table_args__ = (UniqueConstraint("organisation_id", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    nip: str = Field(max_length=18)
    name: str
    asn_type: str
    position: str = ""
    unit_code: str = Field(max_length=64, index=True)
    supervisor_nip: str | None = Field(default=None, max_length=18)
    team: str = ""


class EmployeePlacement(SQLModel, table=True):
    """Where an employee stood before a staff-list import moved them: unit, post, team.

    Written by the `pegawai` import for each employee whose unit, position or team it
    changes (a transfer, a promotion), with the values the employee had until then. A
    document about an evaluated period reads the employee's placement as it was when the
    period's evaluation was submitted (`policy.services.placements`).
    """

    __table_args__ = (Index("ix_employeeplacement_org_nip", "organisation_id", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    nip: str = Field(max_length=18)
    import_id: int = Field(foreign_key="importrecord.id", description="The import that moved.")
    until: datetime = ts_field()
    unit_code: str = Field(max_length=64)
    position: str = ""
    team: str = ""


class Member(SQLModel, table=True):
    """A person with roles in an organisation (officer, organiser, leader, admin)."""

    __table_args__ = (UniqueConstraint("organisation_id", "username"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    username: str = Field(max_length=64)
    name: str
    title: str = ""
    nip: str | None = None
    roles: list[str] = json_field(list)


class Policy(SQLModel, table=True):
    """A regulation being drafted and evaluated across cycles."""

    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    code: str = Field(max_length=64)
    title: str
    legal_form: str
    signing_title: str
    signing_name: str


class Cycle(SQLModel, table=True):
    """One turn of the policy cycle for a policy."""

    __table_args__ = (UniqueConstraint("policy_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    policy_id: int = Field(foreign_key="policy.id", index=True)
    number: int
    status: str = "active"
    opened_by: str
    opened_at: datetime = ts_field()
    previous_cycle_id: int | None = Field(default=None, foreign_key="cycle.id")


class StageRun(SQLModel, table=True):
    """The run of one stage in a cycle (evaluation: one per period)."""

    __table_args__ = (UniqueConstraint("cycle_id", "stage", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    stage: str = Field(max_length=32)
    period: str = Field(default="", max_length=16)
    attempt: int = 1
    status: str = Field(max_length=16)
    started_by: str
    started_at: datetime = ts_field()
    submitted_at: datetime | None = ts_field(nullable=True, default_now=False)
    decided_at: datetime | None = ts_field(nullable=True, default_now=False)
    due_on: date | None = Field(
        default=None, description="Deadline: start + the pack's working days for the stage."
    )
    flow_run_id: str | None = None
    summary: dict[str, Any] = json_field()
    error: str | None = None


class Review(SQLModel, table=True):
    """A leader's decision on a stage run in review."""

    id: int | None = Field(default=None, primary_key=True)
    stage_run_id: int = Field(foreign_key="stagerun.id", index=True)
    attempt: int
    reviewer: str
    decision: str
    reason: str = ""
    via: str = "cli"
    created_at: datetime = ts_field()


class GateOverride(SQLModel, table=True):
    """A leader lets a stage start although its gate is not met."""

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    stage: str
    period: str = ""
    leader: str
    reason: str
    created_at: datetime = ts_field()


#: Between a document's title and its subject in `Document.title` ('… — Dinas Kesehatan').
SUBJECT_MARK = " — "


class Document(SQLModel, table=True):
    """A rendered official document and its provenance."""

    __table_args__ = (UniqueConstraint("cycle_id", "key", "locale", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    stage_run_id: int | None = Field(default=None, foreign_key="stagerun.id", index=True)
    key: str = Field(max_length=128, description="Kind plus subject, e.g. 'notulen-F1'.")
    kind: str = Field(max_length=64)
    locale: str = Field(max_length=8)
    version: int
    title: str = Field(
        description="The header's title, then the subject that sets the document apart from "
        "others of its kind, if any: 'Lembar Hasil Evaluasi Triwulan III 2026 — Dinas Kesehatan'."
    )
    md_path: str = Field(
        description="The Markdown file, relative to the documents folder with '/' (absolute "
        "if registered before 0017 outside it); read it through `md_file`."
    )
    html_path: str = Field(description="The HTML file, as `md_path`; read it through `html_file`.")
    sha256: str = Field(description="sha256 of the HTML file.")
    md_sha256: str
    template: str
    template_sha256: str
    data_sha256: str
    dated: date | None = Field(
        default=None,
        description="The date the document speaks for (its header's); None: registered before "
        "it was kept.",
    )
    flow_run_id: str | None = None
    created_by: str
    created_at: datetime = ts_field()

    @property
    def md_file(self) -> Path:
        """The Markdown file in the current documents folder (`Settings.document_file`)."""
        return get_settings().document_file(self.md_path)

    @property
    def html_file(self) -> Path:
        """The HTML file in the current documents folder (`Settings.document_file`)."""
        return get_settings().document_file(self.html_path)


class AuditEvent(SQLModel, table=True):
    """An append-only, hash-chained record of something that happened."""

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    at: datetime = ts_field()
    actor: str
    action: str = Field(max_length=64, index=True)
    subject_type: str = Field(max_length=32)
    subject_id: str = Field(max_length=64)
    organisation_id: int | None = Field(default=None, index=True)
    payload: dict[str, Any] = json_field()
    prev_hash: str
    hash: str


class AuditHead(SQLModel, table=True):
    """The newest link of the audit chain, so a deleted tail is noticed."""

    id: int = Field(default=1, primary_key=True)
    seq: int
    hash: str


class ImportRecord(SQLModel, table=True):
    """A file imported into the database (re-importing the same bytes is a no-op)."""

    __table_args__ = (UniqueConstraint("organisation_id", "kind", "scope", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=32)
    scope: str = Field(default="", max_length=64, description="E.g. the cycle or forum.")
    filename: str
    sha256: str
    rows: int
    actor: str
    created_at: datetime = ts_field()
