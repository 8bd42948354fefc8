"""service requests (permohonan layanan) for processing times

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "servicerequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", _TEXT(length=64), nullable=False),
        sa.Column("service_type", _TEXT(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("number", _TEXT(), nullable=True),
        sa.ForeignKeyConstraint(["import_id"], ["importrecord.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_servicerequest_org_received",
        "servicerequest",
        ["organisation_id", "received_on", "unit_code"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_servicerequest_org_received", table_name="servicerequest")
    op.drop_table("servicerequest")
