"""PostgreSQL plans the evaluation's joins from statistics that a bulk import refreshes.

A freshly loaded table counts as empty to the planner until autovacuum gets to it; the
evaluation right after a province's imports then joined employees and ratings by nested
loops (minutes instead of seconds). The bulk writers ANALYZE what they wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from policy.services.common import get_org
from policy.services.imports import ingest_file
from tests.factories import make_org
from tests.policy.test_skm_queries import skm_file


def _estimated_rows(session: Session, table: str) -> float:
    return float(
        session.execute(
            text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table}
        ).scalar_one()
    )


def test_an_import_leaves_the_planner_the_rows_it_wrote(session: Session, tmp_path: Path) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's (SQLite plans these joins without them)")
    org = get_org(session, make_org(session, tmp_path))
    assert _estimated_rows(session, "skm_response") < 0  # never analysed: "no idea"
    ingest_file(session, org, "skm", skm_file(tmp_path), "rina")
    session.commit()
    assert _estimated_rows(session, "skm_response") == 40
