"""Shared fixtures: settings pointed at a temp data folder, a fresh database per test."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from policy.db import create_schema, make_engine, reset_engines
from policy.services import import_target
from policy.settings import Settings, get_settings

# A test without the `settings` fixture writes what it writes (the compiled templates) in a
# folder of its test process, not in the working folder's siklus-data.
if "SIKLUS_DATA_DIR" not in os.environ:
    os.environ["SIKLUS_DATA_DIR"] = tempfile.mkdtemp(prefix="siklus-tests-")
    atexit.register(shutil.rmtree, os.environ["SIKLUS_DATA_DIR"], True)
# Compiled templates go to a folder of the test run (shared by its workers), not the user's.
if "SIKLUS_CACHE_DIR" not in os.environ:
    os.environ["SIKLUS_CACHE_DIR"] = tempfile.mkdtemp(prefix="siklus-tests-cache-")
    atexit.register(shutil.rmtree, os.environ["SIKLUS_CACHE_DIR"], True)

# pytest-xdist's workers inherit COLUMNS=80, which rich's console, made when siklus is
# imported, would keep for good; tests that print tables set the width they need.
os.environ.pop("COLUMNS", None)

PG_URL = os.environ.get("SIKLUS_TEST_DATABASE_URL", "")
PG_SKIP = "PostgreSQL tests need SIKLUS_TEST_DATABASE_URL (set by .ci/run)"


#: The day every test's imports take place on, unless a test says otherwise: after every
#: date of the packs' sample data and the tests' files, so that no test depends on the day
#: it runs (an import refuses records dated after its day).
IMPORT_DAY = date(2030, 6, 30)


@pytest.fixture(autouse=True)
def import_clock(monkeypatch: pytest.MonkeyPatch) -> date:
    """Pin the import's clock (`import_target.local_today`) to `IMPORT_DAY`."""
    monkeypatch.setattr(import_target, "local_today", lambda: IMPORT_DAY)
    return IMPORT_DAY


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings with the data folder in tmp_path and the default SQLite file there."""
    monkeypatch.setenv("SIKLUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SIKLUS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SIKLUS_USER", raising=False)
    monkeypatch.delenv("SIKLUS_LOCALE", raising=False)
    get_settings.cache_clear()
    reset_engines()
    yield get_settings()
    get_settings.cache_clear()
    reset_engines()


class _SqliteTemplate:
    """An empty in-memory database with the schema, made once and copied for each test.

    Creating the schema costs about 30 ms; SQLite's backup copies it in under 1 ms.
    """

    engine: Engine | None = None

    @classmethod
    def copy(cls) -> Engine:
        if cls.engine is None:
            cls.engine = make_engine("sqlite://")
            create_schema(cls.engine)
        eng = make_engine("sqlite://")
        with cls.engine.connect() as source, eng.connect() as target:
            source.connection.driver_connection.backup(target.connection.driver_connection)
        return eng


#: What a healthy test schema holds: its relations and columns, and the stamped revision.
_PG_SHAPE = text(
    "SELECT count(*), sum(c.relnatts), (SELECT max(version_num) FROM alembic_version)"
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema()"
)
_PG_TABLES = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
#: One query naming the tables a test left rows in.
_PG_FILLED = text(
    " UNION ALL ".join(f"SELECT '{n}' WHERE EXISTS (SELECT 1 FROM \"{n}\")" for n in _PG_TABLES)
)
_PG_RESTART = text(
    "SELECT count(setval(c.oid, 1, false)) FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind = 'S' AND n.nspname = current_schema()"
)


class _PgSchema:
    """One PostgreSQL schema per test process, emptied before each test that uses it.

    Creating the schema costs about 0.4 s and dropping it 40 ms; emptying the tables a
    test filled and restarting the sequences about 20 ms. A test that changed the schema
    itself (a table, an index, a column or the revision) gets a new one.
    """

    name: str | None = None
    shape: tuple[Any, ...] | None = None

    @classmethod
    def fresh(cls) -> Engine:
        if cls.name is not None:
            eng = make_engine(PG_URL, schema=cls.name)
            try:
                with eng.begin() as conn:
                    # A connection an earlier test left open may hold a lock: move on.
                    conn.execute(text("SET LOCAL lock_timeout = '2s'"))
                    if tuple(conn.execute(_PG_SHAPE).one()) == cls.shape:
                        filled = set(conn.execute(_PG_FILLED).scalars())
                        for name in _PG_TABLES:
                            if name in filled:
                                conn.execute(text(f'DELETE FROM "{name}"'))
                        conn.execute(_PG_RESTART)
                        return eng
            except DBAPIError:
                pass
            eng.dispose()
            cls.drop()
        cls.name = "t_" + uuid.uuid4().hex[:12]
        with _admin() as conn:
            conn.execute(text(f"CREATE SCHEMA {cls.name}"))
        eng = make_engine(PG_URL, schema=cls.name)
        create_schema(eng)
        with eng.connect() as conn:
            cls.shape = tuple(conn.execute(_PG_SHAPE).one())
        return eng

    @classmethod
    def drop(cls) -> None:
        if cls.name is not None:
            try:
                with _admin() as conn:
                    conn.execute(text("SET LOCAL lock_timeout = '2s'"))
                    conn.execute(text(f"DROP SCHEMA {cls.name} CASCADE"))
            except DBAPIError:
                pass  # still in use: the throwaway cluster goes with it
            cls.name = cls.shape = None


@contextmanager
def _admin() -> Iterator[Connection]:
    admin = make_engine(PG_URL)
    try:
        with admin.begin() as conn:
            yield conn
    finally:
        admin.dispose()


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_schema() -> Iterator[None]:
    """Drop this test process's PostgreSQL schema when the session ends."""
    yield
    if PG_URL:
        _PgSchema.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Engine]:
    """A fresh, empty database: in-memory SQLite, or this process's emptied PostgreSQL schema."""
    if request.param == "sqlite":
        eng = _SqliteTemplate.copy()
        yield eng
        eng.dispose()
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    if request.node.get_closest_marker("new_schema"):
        _PgSchema.drop()
    eng = _PgSchema.fresh()
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the per-test database."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


def pytest_report_header(config: pytest.Config) -> str:
    """Say up front whether the PostgreSQL variants run."""
    if PG_URL:
        return "PostgreSQL tests: on (SIKLUS_TEST_DATABASE_URL is set)"
    return f"PostgreSQL tests: skipped — {PG_SKIP}"


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites tests/policy/golden from the current output."""
    parser.addoption("--update-golden", action="store_true", help="rewrite golden documents")
