"""the online SKM survey: a link per service unit, the forms answered through it

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "surveylink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", _TEXT(length=64), nullable=False),
        sa.Column("token", _TEXT(length=64), nullable=False),
        sa.Column("opened_by", _TEXT(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", _TEXT(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", _TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_surveylink_organisation_id"), "surveylink", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_surveylink_token"), "surveylink", ["token"], unique=True)
    op.create_table(
        "surveysubmission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("nonce", _TEXT(length=64), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["link_id"], ["surveylink.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nonce"),
    )
    op.create_index(
        op.f("ix_surveysubmission_link_id"), "surveysubmission", ["link_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_surveysubmission_link_id"), table_name="surveysubmission")
    op.drop_table("surveysubmission")
    op.drop_index(op.f("ix_surveylink_token"), table_name="surveylink")
    op.drop_index(op.f("ix_surveylink_organisation_id"), table_name="surveylink")
    op.drop_table("surveylink")
