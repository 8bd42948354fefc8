"""Bulk inserts give the same table on SQLite (executemany) and PostgreSQL (COPY)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from policy.models import Employee
from policy.services.bulk_insert import insert_for
from policy.services.common import get_org
from tests.factories import make_org

COLUMNS = ("organisation_id", "nip", "name", "asn_type", "position", "unit_code", "team")


def _people(session: Session, org_id: int) -> list[tuple[str, str, str]]:
    found = session.exec(
        select(Employee.nip, Employee.name, Employee.team)
        .where(Employee.organisation_id == org_id)
        .order_by(Employee.nip)
    )
    return [tuple(row) for row in found]  # type: ignore[misc]


def test_appended_rows_take_the_fixed_ids(session: Session, tmp_path: Path) -> None:
    org_id = get_org(session, make_org(session, tmp_path)).id or 0
    insert = insert_for(session, Employee, COLUMNS, fixed={"organisation_id": org_id})
    assert insert.params == COLUMNS[1:]
    insert.run(
        session.connection(),
        [
            ("1", 'Ani; "kutip"\ttab', "PNS", "", "BKD", "Tim 1"),
            ("2", "Budi\\N", "PPPK", "", "BKD", ""),
        ],
    )
    insert.run(session.connection(), [])
    session.commit()
    assert _people(session, org_id) == [("1", 'Ani; "kutip"\ttab', "Tim 1"), ("2", "Budi\\N", "")]


def test_an_upsert_updates_and_the_later_of_two_rows_with_one_key_wins(
    session: Session, tmp_path: Path
) -> None:
    org_id = get_org(session, make_org(session, tmp_path)).id or 0
    keys, update = ("organisation_id", "nip"), ("name", "team")
    insert = insert_for(session, Employee, COLUMNS, keys, update)
    connection = session.connection()
    insert.run(connection, [(org_id, "1", "Ani", "PNS", "", "BKD", "Tim 1")])
    insert.run(
        connection,
        [
            (org_id, "1", "Ani Lestari", "PNS", "", "BKD", "Tim 2"),
            (org_id, "2", "Budi", "PPPK", "", "BKD", ""),
            (org_id, "1", "Ani Lestari, S.E.", "PNS", "", "BKD", "Tim 3"),
        ],
    )
    session.commit()
    assert _people(session, org_id) == [("1", "Ani Lestari, S.E.", "Tim 3"), ("2", "Budi", "")]
    nothing = insert_for(session, Employee, COLUMNS, keys)  # DO NOTHING on a known key
    nothing.run(session.connection(), [(org_id, "2", "Budiman", "PPPK", "", "BKD", "")])
    session.commit()
    assert _people(session, org_id)[1] == ("2", "Budi", "")
