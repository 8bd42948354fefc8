"""PostgreSQL plans the next queries from statistics that an import refreshes.

A freshly loaded table counts as empty to the planner until autovacuum gets to it; the
evaluation right after a province's imports then joined employees and ratings by nested
loops (minutes instead of seconds). Every import analyses, in its own transaction, the
tables it changed much: the large kinds loaded by COPY and the small ones alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from policy.services.bulk_insert import refresh_statistics
from policy.services.common import get_org
from policy.services.imports import ingest_file
from tests.factories import make_org
from tests.policy.services.test_needs_analysis import COMPLAINTS
from tests.policy.test_skm_queries import skm_file


def _estimated_rows(session: Session, table: str) -> float:
    return float(
        session.execute(
            text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table}
        ).scalar_one()
    )


# The statistics a table has depend on what was done to it before: a schema of its own.
pytestmark = pytest.mark.new_schema

# Planner statistics are PostgreSQL's: SQLite plans these joins without them.
postgresql_only = pytest.mark.parametrize(
    "engine", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@postgresql_only
def test_an_import_leaves_the_planner_the_rows_it_wrote(session: Session, tmp_path: Path) -> None:
    org = get_org(session, make_org(session, tmp_path))
    assert _estimated_rows(session, "skm_response") < 0  # never analysed: "no idea"
    assert _estimated_rows(session, "complaint") < 0
    ingest_file(session, org, "skm", skm_file(tmp_path), "rina")
    complaints = tmp_path / "pengaduan.csv"
    complaints.write_text(COMPLAINTS, encoding="utf-8")
    ingest_file(session, org, "pengaduan", complaints, "rina")
    session.commit()
    assert _estimated_rows(session, "skm_response") == 40
    assert _estimated_rows(session, "complaint") == 4


@postgresql_only
def test_only_tables_changed_much_are_analysed(session: Session, tmp_path: Path) -> None:
    org = get_org(session, make_org(session, tmp_path))
    ingest_file(session, org, "skm", skm_file(tmp_path), "rina")
    session.commit()
    assert refresh_statistics(session.connection()) == []  # a new transaction changed nothing
    session.execute(text("UPDATE skm_response SET age = '30' WHERE age = '20'"))  # one row
    assert refresh_statistics(session.connection()) == []  # 1 of 40: the estimate holds
    session.rollback()


@postgresql_only
def test_a_table_is_analysed_once_for_the_rows_of_one_transaction(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    ingest_file(session, org, "skm", skm_file(tmp_path), "rina")  # analyses skm_response
    # Later in the same transaction (a stage reading several files): no new SKM rows.
    assert "skm_response" not in refresh_statistics(session.connection())
    session.execute(
        text(
            "INSERT INTO skm_response (organisation_id, import_id, unit_code, response_date, "
            "u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, "
            "service_type) SELECT organisation_id, import_id, unit_code, response_date, u1, u2, "
            "u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, service_type "
            "FROM skm_response"
        )
    )
    # 40 new rows since the import analysed it (40 < 50 + a tenth of 40): not again, though
    # the transaction has changed 80 rows of a table estimated at 40.
    assert "skm_response" not in refresh_statistics(session.connection())
    session.rollback()
