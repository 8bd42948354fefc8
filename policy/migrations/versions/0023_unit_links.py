"""Unit heads' links to report their unit's follow-up progress (unit_link)

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "unit_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", text(length=64), nullable=False),
        sa.Column("salt", text(length=32), nullable=False),
        sa.Column("token_sha256", text(length=64), nullable=False),
        sa.Column("created_by", text(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("unit_link") as batch:
        batch.create_index("ix_unit_link_organisation_id", ["organisation_id"], unique=False)
        batch.create_index("ix_unit_link_token_sha256", ["token_sha256"], unique=True)


def downgrade() -> None:
    op.drop_table("unit_link")
