"""SKM responses and online survey links name the survey partner (pelaksana survei)

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = ("skm_response", "surveylink")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "partner", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                )
            )
    op.create_index(
        "ix_skm_partner_date",
        "skm_response",
        ["organisation_id", "response_date"],
        sqlite_where=sa.text("partner != ''"),
        postgresql_where=sa.text("partner != ''"),
    )


def downgrade() -> None:
    op.drop_index("ix_skm_partner_date", table_name="skm_response")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("partner")
