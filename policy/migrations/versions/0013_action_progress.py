"""Follow-up actions record the progress a unit reports before they are done (progress_note,
progress_by, progress_at)

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("followupaction") as batch:
        batch.add_column(
            sa.Column("progress_note", sa.String(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("progress_by", sa.String(), nullable=True))
        batch.add_column(sa.Column("progress_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("followupaction") as batch:
        batch.drop_column("progress_at")
        batch.drop_column("progress_by")
        batch.drop_column("progress_note")
