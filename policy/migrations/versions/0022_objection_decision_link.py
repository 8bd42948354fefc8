"""Objections may carry a link for who decides them (decision_token_sha256)

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("objection") as batch:
        batch.add_column(sa.Column("decision_token_sha256", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("decision_link_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_index(
            "ix_objection_decision_token_sha256", ["decision_token_sha256"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("objection") as batch:
        batch.drop_index("ix_objection_decision_token_sha256")
        batch.drop_column("decision_link_expires_at")
        batch.drop_column("decision_token_sha256")
