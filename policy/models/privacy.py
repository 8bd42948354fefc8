"""Tables of personal-data protection (UU 27/2022): failures of protection and whom they touch.

Layer: domain models (counterparts: `policy.services.privacy_breaches`,
`policy.services.privacy_requests`).
A failure of personal-data protection (kegagalan pelindungan data pribadi: a leaked
export, a lost laptop, a document sent to the wrong unit) is recorded with what the
controller must tell the data subjects and the authority within 3 × 24 hours of knowing it
(Pasal 46): the data exposed, when and how, and the handling and recovery.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from policy.models.base import ts_field


class DataIncident(SQLModel, table=True):
    """A failure of personal-data protection, numbered per organisation in the order recorded."""

    __tablename__ = "data_incident"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    number: int = Field(description="Register number, 1, 2, … per organisation.")
    #: When the organisation came to know of the failure: the 3 × 24 hours run from here.
    known_at: datetime = ts_field(default_now=False)
    occurred: str = Field(description="When and how it happened, as the officer wrote it.")
    data: str = Field(description="The personal data exposed.")
    handling: str = Field(description="What was done to handle it and to recover.")
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime = ts_field()
    #: When the notices were first issued.
    notified_at: datetime | None = ts_field(nullable=True, default_now=False)
    notified_by: str | None = Field(default=None, max_length=64)


class DataIncidentSubject(SQLModel, table=True):
    """An employee whose personal data a failure touched."""

    __tablename__ = "data_incident_subject"
    __table_args__ = (UniqueConstraint("incident_id", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="data_incident.id", index=True)
    nip: str = Field(max_length=18)


class DataRequest(SQLModel, table=True):
    """A data subject's request to restrict the processing of their data, and its decision.

    UU 27/2022: the controller postpones or restricts processing within 3 × 24 hours of
    the request, unless an exception applies (a legal obligation, among others); numbered
    per organisation in the order received.
    """

    __tablename__ = "data_request"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    number: int
    nip: str = Field(max_length=18)
    #: When the request reached the organisation: the 3 × 24 hours run from here.
    received_at: datetime = ts_field(default_now=False)
    request: str = Field(description="What the employee asks, as written.")
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime = ts_field()
    decision: str = Field(default="", max_length=16, description="'', granted or refused.")
    grounds: str = Field(default="", description="Why, as the controller decided it.")
    until: date | None = Field(default=None, description="Last day a restriction holds.")
    decided_by: str | None = Field(default=None, max_length=64)
    #: When the decision was recorded.
    decided_at: datetime | None = ts_field(nullable=True, default_now=False)
