"""Alembic environment: runs on the connection `policy.db` hands over, or on the settings URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import policy.models  # noqa: F401  (registers the tables)
from policy.db import make_engine
from policy.settings import get_settings

target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Run against the given connection, or open one from the settings."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True)  # fmt: skip
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(get_settings().resolved_database_url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
