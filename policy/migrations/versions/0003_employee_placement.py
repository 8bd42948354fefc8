"""where employees stood before an import moved them

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employeeplacement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("nip", sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("position", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["importrecord.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_employeeplacement_org_nip", "employeeplacement", ["organisation_id", "nip"]
    )


def downgrade() -> None:
    op.drop_index("ix_employeeplacement_org_nip", table_name="employeeplacement")
    op.drop_table("employeeplacement")
