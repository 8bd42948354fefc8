"""objections (keberatan) to evaluated results, with the superior's decision

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "objection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("stage_run_id", sa.Integer(), nullable=False),
        sa.Column("period", _TEXT(length=16), nullable=False),
        sa.Column("nip", _TEXT(length=18), nullable=False),
        sa.Column("unit_code", _TEXT(length=64), nullable=False),
        sa.Column("predikat_before", _TEXT(length=32), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("reason", _TEXT(), nullable=False),
        sa.Column("addressee", _TEXT(), nullable=False),
        sa.Column("addressee_nip", _TEXT(length=18), nullable=True),
        sa.Column("recorded_by", _TEXT(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", _TEXT(length=16), nullable=False),
        sa.Column("predikat_after", _TEXT(length=32), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", _TEXT(), nullable=False),
        sa.Column("consideration", _TEXT(), nullable=False),
        sa.Column("decision_recorded_by", _TEXT(length=64), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["stage_run_id"], ["stagerun.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "number"),
        sa.UniqueConstraint("stage_run_id", "nip"),
    )
    op.create_index(
        op.f("ix_objection_organisation_id"), "objection", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_objection_stage_run_id"), "objection", ["stage_run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_objection_stage_run_id"), table_name="objection")
    op.drop_index(op.f("ix_objection_organisation_id"), table_name="objection")
    op.drop_table("objection")
