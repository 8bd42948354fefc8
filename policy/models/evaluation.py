"""Tables of the evaluation: 360 ratings, bonus points, results, unit capaian, objections.

Layer: domain models (counterparts: `policy.services.ratings`, `policy.services.capaian`,
`policy.services.evaluation`).
Scores are stored as whole hundredths of a point (4 -> 400, 3,5 -> 350) so that sums
aggregated by the database stay exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from policy.models.base import json_field, ts_field


class Rating360(SQLModel, table=True):
    """One rater's score of one employee on one criterion in a period."""

    __tablename__ = "rating_360"
    __table_args__ = (
        # Covering: the scoring's GROUP BY (nip, source, criterion) with the sums and the
        # distinct raters is read from this index alone, in order, with no sort.
        Index(
            "ix_rating360_cells",
            "organisation_id",
            "period",
            "nip",
            "source",
            "criterion",
            "rater",
            "score",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    import_id: int = Field(foreign_key="importrecord.id")
    period: str = Field(max_length=16)
    nip: str = Field(max_length=18, description="The employee rated.")
    source: str = Field(max_length=16, description="diri, atasan, rekan, bawahan, masyarakat.")
    rater: str = Field(
        max_length=64,
        description="Rater NIP or respondent code; '#<import>:<line>' for an unnamed respondent.",
    )
    criterion: str = Field(max_length=64)
    score: int = Field(description="Score in hundredths of a point (3,5 -> 350).")


class BonusPoint(SQLModel, table=True):
    """Bonus points an employee earned in a period (e.g. an innovation programme)."""

    __tablename__ = "bonus_point"
    __table_args__ = (UniqueConstraint("organisation_id", "period", "nip", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    period: str = Field(max_length=16)
    nip: str = Field(max_length=18)
    code: str = Field(max_length=64)
    points: int = Field(description="Points in hundredths (2,5 -> 250).")
    note: str = ""


class EvaluationScore(SQLModel, table=True):
    """An employee's weighted 360 result in an evaluation run."""

    __tablename__ = "evaluation_score"
    __table_args__ = (UniqueConstraint("stage_run_id", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    stage_run_id: int = Field(foreign_key="stagerun.id", index=True)
    nip: str = Field(max_length=18)
    unit_code: str = Field(max_length=64)
    team: str = ""
    criteria_set: str = Field(max_length=64)
    score: str = Field(description="Final score 0–100, rounded half-up to 2 decimals.")
    score_exact: str = Field(description="The exact final score as a fraction 'p/q'.")
    predikat: str
    weakest: str = Field(default="", description="Code of the lowest-scoring criterion.")
    self_gap: str | None = Field(default=None, description="Self minus supervisor, exact 'p/q'.")
    details: dict[str, Any] = json_field()


class UnitCapaian(SQLModel, table=True):
    """The capaian kinerja organisasi of a unit in a period, set by the leader above it.

    One value per (organisation, period, unit): a later import replaces the earlier one.
    """

    __tablename__ = "unit_capaian"
    __table_args__ = (UniqueConstraint("organisation_id", "period", "unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    import_id: int = Field(foreign_key="importrecord.id", description="The import that set it.")
    period: str = Field(max_length=16)
    unit_code: str = Field(max_length=64)
    capaian: str = Field(max_length=32, description="A `CapaianOrganisasi` value.")
    set_by: str = Field(default="", description="Who set it (ditetapkan oleh), as imported.")
    note: str = ""


class Objection(SQLModel, table=True):
    """An employee's objection (keberatan) to the result of an evaluated period, and its decision.

    PP 30/2019 Pasal 59: filed with the superior of the assessing official within 14 days
    of receiving the result; that superior's decision is final, so an employee has at most
    one objection per period (`policy.evaluation.objection`). Numbered per organisation in
    the order filed. The result objected to is kept as it was when the objection was filed.
    """

    __table_args__ = (
        UniqueConstraint("stage_run_id", "nip"),
        UniqueConstraint("organisation_id", "number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    number: int = Field(description="Register number, 1, 2, … per organisation.")
    stage_run_id: int = Field(foreign_key="stagerun.id", index=True)
    period: str = Field(max_length=16)
    nip: str = Field(max_length=18)
    unit_code: str = Field(max_length=64, description="The unit of the evaluated period.")
    predikat_before: str = Field(max_length=32, description="The result objected to.")
    received_on: date = Field(description="The day the employee received the result.")
    filed_on: date = Field(description="The day the objection was filed.")
    reason: str = Field(description="The employee's reasons, as written.")
    addressee: str = Field(description="Who decides: the superior of the assessing official.")
    addressee_nip: str | None = Field(default=None, max_length=18)
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime = ts_field()
    outcome: str = Field(default="diajukan", max_length=16, description="An `Outcome` value.")
    predikat_after: str = Field(default="", max_length=32, description="'': unchanged.")
    decided_on: date | None = None
    decided_by: str = Field(default="", description="Who decided, as recorded.")
    consideration: str = Field(default="", description="The decision's grounds, as written.")
    decision_recorded_by: str = Field(default="", max_length=64)
    decision_token_sha256: str | None = Field(
        default=None,
        max_length=64,
        unique=True,
        index=True,
        description="The sha256 of the link that lets who decides record the decision on the "
        "portal (`/keputusan/<token>`); None: no link made.",
    )
    decision_link_expires_at: datetime | None = ts_field(nullable=True, default_now=False)
