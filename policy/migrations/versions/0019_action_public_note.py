"""Follow-up actions carry a note for the public (public_note), shown on the SKM results page

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("followupaction") as batch:
        batch.add_column(sa.Column("public_note", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("followupaction") as batch:
        batch.drop_column("public_note")
