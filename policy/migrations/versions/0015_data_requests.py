"""requests to restrict the processing of personal data (UU 27/2022), with their decisions

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "data_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("nip", _TEXT(length=18), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request", _TEXT(), nullable=False),
        sa.Column("recorded_by", _TEXT(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", _TEXT(length=16), nullable=False),
        sa.Column("grounds", _TEXT(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("decided_by", _TEXT(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "number"),
    )
    op.create_index(
        op.f("ix_data_request_organisation_id"), "data_request", ["organisation_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_data_request_organisation_id"), table_name="data_request")
    op.drop_table("data_request")
