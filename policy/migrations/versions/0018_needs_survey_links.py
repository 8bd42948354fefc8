"""survey links of the ASN needs questionnaire: a link's kind (skm, kebutuhan_asn) and cycle

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every link made before this revision is a service unit's SKM survey.
    with op.batch_alter_table("surveylink") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default="skm",
            )
        )
        batch.add_column(sa.Column("cycle_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_surveylink_cycle_id_cycle", "cycle", ["cycle_id"], ["id"])


def downgrade() -> None:
    # Dropping the column drops its foreign key (named here, unnamed in a database created
    # from the models).
    with op.batch_alter_table("surveylink") as batch:
        batch.drop_column("cycle_id")
        batch.drop_column("kind")
