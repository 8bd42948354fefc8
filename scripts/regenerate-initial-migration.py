"""Rewrite the initial Alembic revision (0001) from the current models.

Only while Siklus has no released database: once a release ships, 0001 is frozen and
every model change gets a new revision (`alembic revision --autogenerate`).

    .venv/bin/python scripts/regenerate-initial-migration.py
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from alembic import command

import policy.models  # noqa: F401
from policy.db import MIGRATIONS, alembic_config, make_engine

VERSION = MIGRATIONS / "versions" / "0001_initial_schema.py"


def main() -> None:
    """Regenerate the file and strip its creation date so reruns give the same bytes."""
    VERSION.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'empty.db'}")
        with engine.begin() as conn:
            command.revision(
                alembic_config(conn), message="initial schema", autogenerate=True, rev_id="0001"
            )
        engine.dispose()
    text = re.sub(r"Create Date: .*\n", "", VERSION.read_text(encoding="utf-8"))
    VERSION.write_text(text, encoding="utf-8")
    print(f"wrote {VERSION}")


if __name__ == "__main__":
    main()
