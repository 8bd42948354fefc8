"""The document registry keeps its paths relative to the documents folder, so that a data
folder moved or restored elsewhere keeps its documents

Paths registered before lie under the documents folder of the settings the upgrade runs
with (as the registry wrote them, resolved, or as configured): those lose that prefix. A
path anywhere else stays absolute and is still read as it is (`Settings.document_file`).
The downgrade puts the current documents folder back in front of every relative path.

Revision ID: 0017
Revises: 0016
"""

import os
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from policy.settings import get_settings

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("md_path", "html_path")


def _roots() -> list[str]:
    """The documents folder as registered paths begin with it: resolved, then as configured."""
    folder = get_settings().documents_dir
    return list(dict.fromkeys(f"{p}/" for p in (folder.resolve(), Path(os.path.abspath(folder)))))


def upgrade() -> None:
    # One UPDATE a column and prefix: the whole registry (tens of thousands of rows in a
    # province) changes in the database, none of it read into Python.
    for root in _roots():
        for column in _COLUMNS:
            op.execute(
                sa.text(
                    f"UPDATE document SET {column} = substr({column}, CAST(:start AS INTEGER))"
                    f" WHERE substr({column}, 1, CAST(:length AS INTEGER)) = :root"
                ).bindparams(start=len(root) + 1, length=len(root), root=root)
            )


def downgrade() -> None:
    root = _roots()[0]
    for column in _COLUMNS:
        op.execute(
            sa.text(
                f"UPDATE document SET {column} = CAST(:root AS VARCHAR) || {column}"
                f" WHERE substr({column}, 1, 1) <> '/'"
            ).bindparams(root=root)
        )
