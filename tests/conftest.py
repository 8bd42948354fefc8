"""Shared fixtures: settings pointed at a temp data folder, a fresh database per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from policy.db import create_schema, make_engine, reset_engines
from policy.services import import_target
from policy.settings import Settings, get_settings

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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Engine]:
    """A fresh, empty database: in-memory SQLite, or a throwaway PostgreSQL schema."""
    if request.param == "sqlite":
        eng = make_engine("sqlite://")
        create_schema(eng)
        yield eng
        eng.dispose()
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    eng = make_engine(PG_URL, schema=schema)
    create_schema(eng)
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


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
