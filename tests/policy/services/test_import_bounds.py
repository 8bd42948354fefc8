"""Imports through the service refuse what cannot be right for the organisation and the day.

A period the pack never evaluates and a record dated after the day of the import are
refused at their cell, in a dry run as in a real import, and nothing is written. The day is
the import's own clock: given to the import, today in the organisation's zone by default,
and for a stage's inputs the later day the stage speaks for (`as_of`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from policy.imports import ImportFileError, RowError
from policy.models import Complaint, ImportRecord, IndicatorRealisation, Stage
from policy.services import cycle as cycle_service
from policy.services import import_target, needs_analysis
from policy.services.imports import import_file
from tests.factories import make_org, write_file

COMPLAINT = "tanggal;unit_kerja;kategori;waktu_respons_jam\n{day};PKM;antrean;12\n"


def count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_month_in_a_quarterly_pack_writes_nothing(
    session: Session, tmp_path: Path, dry_run: bool
) -> None:
    org = make_org(session, tmp_path)  # evaluation.periods: quarterly (the default)
    text = "periode;kode;nilai\n2026-TW3;IKM;80\nNovember 2026;IKM;81\n"
    path = write_file(tmp_path, "realisasi.csv", text)
    with pytest.raises(ImportFileError) as info:
        import_file(session=session, organisation=org, kind="realisasi", path=path,
                    actor="rina", dry_run=dry_run)  # fmt: skip
    assert info.value.errors == [
        RowError(
            3,
            "periode",
            "periode 'November 2026' tidak dievaluasi paket ini: paket mengevaluasi per "
            "triwulan (2026-TW1 … 2026-TW4) dan tahunan (2026). Data periode lain tidak pernah "
            "dipakai evaluasi; tulis salah satu periode itu",
        )
    ]
    assert (count(session, IndicatorRealisation), count(session, ImportRecord)) == (0, 0)


def test_a_complaint_dated_after_the_day_of_the_import_is_refused(
    session: Session, tmp_path: Path
) -> None:
    org = make_org(session, tmp_path)
    path = write_file(tmp_path, "pengaduan.csv", COMPLAINT.format(day="24/11/2026"))
    for dry_run in (True, False):
        with pytest.raises(ImportFileError) as info:
            import_file(session=session, organisation=org, kind="pengaduan", path=path,
                        actor="rina", dry_run=dry_run, today=date(2026, 11, 23))  # fmt: skip
        [error] = info.value.errors
        assert (error.line, error.column) == (2, "tanggal")
        assert "sesudah hari impor (23 November 2026)" in error.message
        assert (count(session, Complaint), count(session, ImportRecord)) == (0, 0)
    import_file(session=session, organisation=org, kind="pengaduan", path=path, actor="rina",
                today=date(2026, 11, 24))  # fmt: skip
    assert session.exec(select(Complaint.received_on)).all() == [date(2026, 11, 24)]


def test_the_day_of_the_import_defaults_to_the_clock(
    session: Session, tmp_path: Path, import_clock: date
) -> None:
    org = make_org(session, tmp_path)
    path = write_file(tmp_path, "pengaduan.csv", COMPLAINT.format(day="1/7/2030"))
    with pytest.raises(ImportFileError) as info:
        import_file(session=session, organisation=org, kind="pengaduan", path=path, actor="rina")
    assert import_clock == date(2030, 6, 30)
    assert "sesudah hari impor (30 Juni 2030)" in info.value.errors[0].message


def test_a_stage_takes_records_up_to_the_day_it_speaks_for(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_target, "local_today", lambda: date(2026, 11, 23))
    assert import_target.import_day(None) == date(2026, 11, 23)
    assert import_target.import_day(date(2026, 10, 15)) == date(2026, 11, 23)
    assert import_target.import_day(date(2027, 1, 14)) == date(2027, 1, 14)
    org = make_org(session, tmp_path)
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    path = write_file(tmp_path, "pengaduan.csv", COMPLAINT.format(day="28/12/2026"))
    inputs = {"pengaduan": path}
    with pytest.raises(ImportFileError):
        needs_analysis.ingest(session=session, run_id=ref.run_id, inputs=inputs, actor="rina")
    needs_analysis.ingest(session=session, run_id=ref.run_id, inputs=inputs, actor="rina",
                          as_of=date(2027, 1, 14))  # fmt: skip
    assert count(session, Complaint) == 1
