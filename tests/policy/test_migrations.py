"""Migrations and models agree; new databases are stamped, old ones upgraded."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from policy.db import (
    SCHEMA_REVISION,
    alembic_config,
    ensure_schema,
    make_engine,
    schema_revision,
)
from policy.settings import Settings


def test_schema_revision_is_the_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_created_schema_is_stamped(engine: Engine) -> None:
    assert schema_revision(engine) == SCHEMA_REVISION


def test_migrations_build_exactly_the_models(settings: Settings) -> None:
    engine = make_engine(f"sqlite:///{settings.data_dir / 'migrated.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == [], "models changed without a migration: add an Alembic revision"


def test_ensure_schema_upgrades_an_unstamped_old_database(settings: Settings) -> None:
    engine = make_engine(f"sqlite:///{settings.data_dir / 'old.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    assert inspect(engine).has_table("auditevent")
