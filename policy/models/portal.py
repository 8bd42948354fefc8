"""Tables of the portal: members' access tokens, the online SKM survey.

Layer: domain models (counterparts: `policy.services.portal_access`, `policy.services.survey`).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from policy.models.base import ts_field


class PortalToken(SQLModel, table=True):
    """An organiser's access token to the portal; only its sha256 is kept."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    username: str = Field(max_length=64, description="The member the token was issued to.")
    token_sha256: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = ts_field()
    expires_at: datetime = ts_field()


class SurveyLink(SQLModel, table=True):
    """The online SKM survey of a service unit: a public link, open until closed.

    Whoever holds the link may answer (it is printed on posters and receipts at the
    counter); the token only keeps other units' surveys out of reach. A unit has at most
    one open link per survey partner, and one of its own; a closed one is kept, with who
    closed it and why.
    """

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    unit_code: str = Field(max_length=64)
    partner: str = Field(
        default="",
        sa_column_kwargs={"server_default": ""},
        description="The survey partner running this link (`evaluation.ikm.partners`); its "
        "answers name it. '' for the region's own link.",
    )
    token: str = Field(max_length=64, unique=True, index=True)
    opened_by: str = Field(max_length=64)
    opened_at: datetime = ts_field()
    closed_by: str = Field(default="", max_length=64)
    closed_at: datetime | None = ts_field(nullable=True, default_now=False)
    close_reason: str = ""


class SurveySubmission(SQLModel, table=True):
    """One answered survey form: its form's one-time number and the day's import it joined.

    The number makes a form sent twice (a double click, a page sent again) one response.
    `import_id` names the day's import record of the link (no foreign key: taking that
    import back deletes the record and keeps these lines as the trace of what was sent).
    """

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(foreign_key="surveylink.id", index=True)
    nonce: str = Field(max_length=64, unique=True)
    import_id: int
    submitted_at: datetime = ts_field()
