"""`import_file(dry_run=True)` on both databases: the large kinds' batched writes (COPY and a
temporary table on PostgreSQL), the organisation's row lock and the import record are all
rolled back, and the file then imports for real."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, func, select

from policy.models import AuditEvent, EkinerjaRating, Employee, ImportRecord
from policy.services import imports
from tests.factories import make_org, write_file
from tests.policy.services import test_evaluation as national


def stored(session: Session) -> tuple[int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Employee, EkinerjaRating, ImportRecord, AuditEvent)
    )


def test_dry_run_checks_and_rolls_back(session: Session, tmp_path: Path) -> None:
    code = make_org(session, tmp_path, national.pack())
    pegawai = write_file(tmp_path, "pegawai.csv", national.PEGAWAI)
    ekinerja = write_file(tmp_path, "ekinerja.csv", national.EKINERJA)
    before = stored(session)
    dry = imports.import_file(session=session, organisation=code, kind="pegawai",
                              path=pegawai, actor="rina", dry_run=True)  # fmt: skip
    assert (dry.rows, dry.written, dry.dry_run, dry.import_id) == (9, 9, True, None)
    assert stored(session) == before
    imports.import_file(session=session, organisation=code, kind="pegawai", path=pegawai,
                        actor="rina")  # fmt: skip
    # The ratings are checked against the employees just stored, then rolled back.
    dry = imports.import_file(session=session, organisation=code, kind="ekinerja",
                              path=ekinerja, actor="rina", dry_run=True)  # fmt: skip
    assert (dry.rows, dry.written, dry.skipped) == (8, 8, False)
    employees, ratings, records, events = stored(session)
    assert (employees, ratings, records, events) == (9, 0, before[2] + 1, before[3] + 1)
    real = imports.import_file(session=session, organisation=code, kind="ekinerja",
                               path=ekinerja, actor="rina")  # fmt: skip
    assert (real.written, real.skipped, real.dry_run) == (8, False, False)
    assert stored(session)[1] == 8
