"""Tables of the portal: members' access tokens, the online surveys' links and forms.

Layer: domain models (counterparts: `policy.services.portal_access`, `policy.services.survey`,
`policy.services.survey_answers`, `policy.services.needs_questionnaire` and
`policy.services.needs_answers`, sharing `policy.services.survey_links`).
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
    """A unit's online survey: a public link, open until closed.

    Two surveys use it, told apart by `kind`, the import kind their answers are stored as:
    a service unit's SKM survey (`skm`), answered by service recipients, and a unit's ASN
    needs questionnaire of a cycle (`kebutuhan_asn`), answered by its employees.
    Whoever holds the link may answer (it is printed on posters and receipts at the
    counter, or sent to a unit's staff); the token only keeps other units' surveys out of
    reach. A unit has at most one open SKM link per survey partner, and one of its own, and
    one open needs questionnaire per cycle; a closed one is kept, with who closed it and why.
    """

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(
        default="skm",
        max_length=32,
        sa_column_kwargs={"server_default": "skm"},
        description="The import kind its answers are stored as: 'skm' or 'kebutuhan_asn'.",
    )
    cycle_id: int | None = Field(
        default=None,
        foreign_key="cycle.id",
        description="The cycle whose needs questionnaire it is; None for an SKM survey.",
    )
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


class SheetLink(SQLModel, table=True):
    """An employee's link to their own private result sheet of one evaluated period.

    Only the token's sha256 is kept: the link (`/lembar/<token>`) is given once, in the list
    the officer hands out. It opens the latest version of the employee's sheet of that
    evaluation run until it expires or a newer link for the same sheet replaces it; the
    first opening is recorded (`opened_at`), as evidence the sheet reached its employee.
    """

    __tablename__ = "sheet_link"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    stage_run_id: int = Field(foreign_key="stagerun.id", index=True)
    nip: str = Field(max_length=18)
    token_sha256: str = Field(max_length=64, unique=True, index=True)
    created_by: str = Field(max_length=64)
    created_at: datetime = ts_field()
    expires_at: datetime = ts_field(default_now=False)
    revoked_at: datetime | None = ts_field(nullable=True, default_now=False)
    opened_at: datetime | None = ts_field(nullable=True, default_now=False)


class UnitLink(SQLModel, table=True):
    """A unit head's link to report the progress of their unit's follow-up actions.

    The token is not kept: it is the HMAC of `salt` with the portal's signing key, so the
    reminder sweep can put the link into a unit head's reminder again, and the database alone
    does not give it away. Its sha256 finds the link. It opens the unit's page until it
    expires or a newer link for the same unit replaces it (`revoked_at`).
    """

    __tablename__ = "unit_link"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    unit_code: str = Field(max_length=64)
    salt: str = Field(max_length=32, description="Random; the token is HMAC(key, salt).")
    token_sha256: str = Field(max_length=64, unique=True, index=True)
    created_by: str = Field(max_length=64)
    created_at: datetime = ts_field()
    expires_at: datetime = ts_field(default_now=False)
    revoked_at: datetime | None = ts_field(nullable=True, default_now=False)
