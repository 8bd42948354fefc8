"""the ASN needs questionnaire's anonymous answer sheets (needs analysis)

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_ITEMS = [f"k{i}" for i in range(1, 13)]


def upgrade() -> None:
    op.create_table(
        "needs_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", _TEXT(length=64), nullable=False),
        *(sa.Column(item, sa.Integer(), nullable=True) for item in _ITEMS),
        sa.Column("development", _TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.ForeignKeyConstraint(["import_id"], ["importrecord.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_needs_response_cycle_unit", "needs_response", ["cycle_id", "unit_code"], unique=False
    )
    op.create_index(
        op.f("ix_needs_response_import_id"), "needs_response", ["import_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_needs_response_import_id"), table_name="needs_response")
    op.drop_index("ix_needs_response_cycle_unit", table_name="needs_response")
    op.drop_table("needs_response")
