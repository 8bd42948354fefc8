"""failures of personal-data protection (UU 27/2022 Pasal 46) and the employees they touch

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "data_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("known_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred", _TEXT(), nullable=False),
        sa.Column("data", _TEXT(), nullable=False),
        sa.Column("handling", _TEXT(), nullable=False),
        sa.Column("recorded_by", _TEXT(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_by", _TEXT(length=64), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "number"),
    )
    op.create_index(
        op.f("ix_data_incident_organisation_id"),
        "data_incident",
        ["organisation_id"],
        unique=False,
    )
    op.create_table(
        "data_incident_subject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("nip", _TEXT(length=18), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["data_incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "nip"),
    )
    op.create_index(
        op.f("ix_data_incident_subject_incident_id"),
        "data_incident_subject",
        ["incident_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_data_incident_subject_incident_id"), table_name="data_incident_subject"
    )
    op.drop_table("data_incident_subject")
    op.drop_index(op.f("ix_data_incident_organisation_id"), table_name="data_incident")
    op.drop_table("data_incident")
