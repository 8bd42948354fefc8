"""Forum inputs may carry an address to tell their author of the response (notify_email)

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("foruminput") as batch:
        batch.add_column(sa.Column("notify_email", sa.String(length=254), nullable=True))
        batch.add_column(
            sa.Column("notify_locale", sa.String(length=2), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("foruminput") as batch:
        batch.drop_column("notified_at")
        batch.drop_column("notify_locale")
        batch.drop_column("notify_email")
