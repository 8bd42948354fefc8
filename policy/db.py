"""Engine and session handling for the Siklus database.

Layer: domain infrastructure. SQLite (the default) gets WAL, foreign keys and a
busy timeout; PostgreSQL needs only its URL. The schema is created on first use
and stamped with the Alembic head so later migrations apply cleanly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

import policy.models  # noqa: F401  (registers every table on SQLModel.metadata)
from policy.settings import get_settings

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """Create an engine for `url` with the settings Siklus relies on.

    `schema` (PostgreSQL only) sets the search path, e.g. to isolate test runs.
    """
    if url.startswith("sqlite"):
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
        else:
            path = url.split("///", 1)[-1]
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The Alembic revision the models correspond to (a test keeps it equal to the head).
SCHEMA_REVISION = "0023"


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic configuration for our migrations, optionally bound to a connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def create_schema(engine: Engine) -> None:
    """Create every table from the models and stamp the schema revision."""
    from alembic import command

    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        command.stamp(alembic_config(conn), SCHEMA_REVISION)


def schema_revision(engine: Engine) -> str | None:
    """The revision a database is at (None for a database without our schema)."""
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_schema(engine: Engine) -> None:
    """Bring an existing database to the models' revision."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def ensure_schema(engine: Engine) -> None:
    """Create a new database's schema, or migrate an older one."""
    revision = schema_revision(engine)
    if revision == SCHEMA_REVISION:
        return
    if revision is None and not inspect(engine).has_table("auditevent"):
        create_schema(engine)
    else:
        upgrade_schema(engine)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: the configured database), schema ensured."""
    url = url or get_settings().resolved_database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            ensure_schema(engine)
            _engines[url] = engine
        return engine


def reset_engines() -> None:
    """Dispose cached engines (tests, and after settings change)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for one unit of work; services commit, this rolls back on error."""
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
