"""Rollout plan: generated from the pack in working days, exported, edited and imported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.imports import ImportFileError
from policy.models import AuditEvent, RolloutMilestone, Stage
from policy.packschema import Pack
from policy.services import cycle as cycle_service
from policy.services import rollout
from policy.services.common import ServiceError, get_cycle, get_org
from tests.factories import make_org
from tests.policy.services.deadline_fixtures import implementation_running, ingest_progress, pack

DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
#: The day the tests' implementation began: before every target date of their files.
BEGAN = date(2026, 3, 2)


def _plan(session: Session) -> dict[tuple[str, str], tuple[date, str]]:
    return {
        (m.unit_code, m.milestone): (m.due_on, m.status)
        for m in session.exec(select(RolloutMilestone))
    }


def test_plan_from_pack_in_working_days() -> None:
    p = Pack.model_validate(pack())
    # From Monday 16 March 2026: 17 March, then 25, 26, 27 and 30 March (Nyepi, Idul Fitri
    # and cuti bersama in between): 5 working days; 20 working days (Good Friday 3 April off)
    # is Tuesday 21 April.
    planned = rollout.plan_from_pack(p, date(2026, 3, 16))
    assert [(m.unit_code, m.milestone, m.due_on, m.working_days) for m in planned] == [
        ("SETDA", "SKP disusun", date(2026, 3, 30), 5),
        ("BKPSDM", "SKP disusun", date(2026, 3, 30), 5),
        ("DUKCAPIL", "SKP disusun", date(2026, 3, 30), 5),
        ("PKM", "SKP disusun", date(2026, 3, 30), 5),
        ("DUKCAPIL", "Umpan balik bulanan", date(2026, 4, 21), 20),
        ("PKM", "Umpan balik bulanan", date(2026, 4, 21), 20),
    ]


def test_export_before_the_start_needs_a_date(session: Session, tmp_path: Path) -> None:
    org = make_org(session, tmp_path, pack())
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    with pytest.raises(ServiceError, match="--start"):
        rollout.export_plan(session=session, organisation=org, cycle=None)
    out = rollout.export_plan(session=session, organisation=org, cycle=None,
                              start=date(2026, 3, 16))  # fmt: skip
    assert (out.stored, out.milestones, out.start) == (False, 6, date(2026, 3, 16))
    lines = out.text.splitlines()
    assert lines[0] == "unit_kerja;nama_unit;tahap;target_tanggal"
    assert f"DUKCAPIL;{DUKCAPIL};SKP disusun;30/03/2026" in lines
    assert _plan(session) == {}  # an export stores nothing


def test_ingest_stores_the_pack_plan_once(session: Session, tmp_path: Path) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    plan = _plan(session)
    assert len(plan) == 6
    # The progress file's target dates and statuses win over the generated ones.
    assert plan[("DUKCAPIL", "SKP disusun")] == (date(2026, 3, 13), "proses")
    assert plan[("SETDA", "SKP disusun")] == (date(2026, 3, 13), "selesai")
    cyc = get_cycle(session, get_org(session, "contoh"))
    start = rollout.implementation_start(session, cyc)
    assert start is not None
    cal_due = Pack.model_validate(pack())
    assert plan[("BKPSDM", "SKP disusun")][0] == rollout.plan_from_pack(cal_due, start)[1].due_on
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "rollout.planned")).all()
    assert [e.payload["milestones"] for e in events] == [6]
    # A second progress import does not plan again.
    ingest_progress(session, tmp_path, run_id, "unit_kerja;tahap;target_tanggal;status\n"
                    "PKM;SKP disusun;27/03/2026;proses\n")  # fmt: skip
    assert len(_plan(session)) == 6
    assert (
        len(session.exec(select(AuditEvent).where(AuditEvent.action == "rollout.planned")).all())
        == 1
    )


def test_edit_the_plan_by_export_and_import(session: Session, tmp_path: Path) -> None:
    run_id = implementation_running(session, tmp_path, start=BEGAN)
    ingest_progress(session, tmp_path, run_id)
    out = rollout.export_plan(session=session, organisation="contoh", cycle=None)
    assert out.stored and out.milestones == 6
    lines = out.text.splitlines()
    # Edit: move PKM's SKP, drop BKPSDM's SKP, add a milestone for SETDA.
    edited = [
        line.replace("25/03/2026", "31/03/2026") if line.startswith("PKM;") else line
        for line in lines
        if not line.startswith("BKPSDM;")
    ] + ["SETDA;;Evaluasi internal;30/04/2026"]
    path = tmp_path / "rencana.csv"
    path.write_text("\n".join(edited) + "\n", encoding="utf-8-sig")
    result = rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                                 actor="rina")  # fmt: skip
    assert (result.rows, result.warnings) == (6, ())
    plan = _plan(session)
    assert ("BKPSDM", "SKP disusun") not in plan
    assert plan[("PKM", "SKP disusun")] == (date(2026, 3, 31), "belum")
    assert plan[("SETDA", "Evaluasi internal")] == (date(2026, 4, 30), "belum")
    # Reported progress is kept.
    assert plan[("DUKCAPIL", "SKP disusun")] == (date(2026, 3, 13), "proses")
    assert plan[("SETDA", "SKP disusun")] == (date(2026, 3, 13), "selesai")


def test_names_a_spreadsheet_reads_as_formulas_go_out_as_text_and_come_back(
    session: Session, tmp_path: Path
) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    out = rollout.export_plan(session=session, organisation="contoh", cycle=None)
    typed = [
        'SETDA;;"=HYPERLINK(""http://contoh.invalid"",""klik"")";30/04/2026',
        "SETDA;;-Sosialisasi ulang;30/04/2026",
        "SETDA;;+62 hotline;30/04/2026",
        "SETDA;;@rapat;30/04/2026",
        "SETDA;;'apostrof tetap;30/04/2026",
    ]
    path = tmp_path / "rencana.csv"
    path.write_text("\n".join(out.text.splitlines() + typed) + "\n", encoding="utf-8-sig")
    rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path, actor="rina")
    names = {'=HYPERLINK("http://contoh.invalid","klik")', "-Sosialisasi ulang",
             "+62 hotline", "@rapat", "'apostrof tetap"}  # fmt: skip
    plan = _plan(session)
    assert names <= {milestone for _, milestone in plan}
    # Out: each such name is text to a spreadsheet, the others as they are.
    again = rollout.export_plan(session=session, organisation="contoh", cycle=None)
    assert sorted(line for line in again.text.splitlines() if "30/04/2026" in line) == [
        'SETDA;Sekretariat Daerah;"\'=HYPERLINK(""http://contoh.invalid"",""klik"")";30/04/2026',
        "SETDA;Sekretariat Daerah;'+62 hotline;30/04/2026",
        "SETDA;Sekretariat Daerah;'-Sosialisasi ulang;30/04/2026",
        "SETDA;Sekretariat Daerah;'@rapat;30/04/2026",
        "SETDA;Sekretariat Daerah;'apostrof tetap;30/04/2026",
    ]
    # Back in: the plan is what it was.
    path.write_text(again.text, encoding="utf-8-sig")
    rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path, actor="rina")
    assert _plan(session) == plan


def test_import_refuses_to_drop_reported_progress(session: Session, tmp_path: Path) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    path = tmp_path / "rencana.csv"
    path.write_text(
        "unit_kerja;tahap;target_tanggal\nPKM;SKP disusun;31/03/2026\nNOPE;X;31/03/2026\n",
        encoding="utf-8",
    )
    before = _plan(session)
    with pytest.raises(ImportFileError) as err:
        rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                            actor="rina")  # fmt: skip
    text = str(err.value)
    assert "baris 3" in text and "NOPE" in text
    path.write_text("unit_kerja;tahap;target_tanggal\nPKM;SKP disusun;31/03/2026\n", "utf-8")
    with pytest.raises(ImportFileError) as err:
        rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                            actor="rina")  # fmt: skip
    text = str(err.value)
    assert "tahap 'SKP disusun' unit DUKCAPIL tidak ada di berkas" in text
    assert "unit SETDA" in text and "unit BKPSDM" not in text
    assert _plan(session) == before


def test_a_plan_with_more_errors_than_shown_has_them_all_beside_it(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy import importerrors
    from policy.services import import_target

    for module in (importerrors, import_target):
        monkeypatch.setattr(module, "MAX_ERRORS", 2)
    implementation_running(session, tmp_path)
    path = tmp_path / "rencana.csv"
    rows = [f"NOPE{i};SKP disusun;31/03/2026" for i in range(3)]
    path.write_text("unit_kerja;tahap;target_tanggal\n" + "\n".join(rows) + "\n", "utf-8")
    with pytest.raises(ImportFileError) as err:
        rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                            actor="rina")  # fmt: skip
    listed = tmp_path / "rencana.kesalahan.csv"
    assert str(err.value).endswith(
        f"Daftar lengkap 3 kesalahan (baris, kolom, kesalahan): {listed}"
    )
    lines = listed.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[:2] for line in lines[1:]] == [["2", "unit_kerja"], ["3", "unit_kerja"],
                                                           ["4", "unit_kerja"]]  # fmt: skip


def test_only_officers_change_the_plan(session: Session, tmp_path: Path) -> None:
    implementation_running(session, tmp_path)
    path = tmp_path / "rencana.csv"
    path.write_text("unit_kerja;tahap;target_tanggal\nPKM;SKP disusun;31/03/2026\n", "utf-8")
    with pytest.raises(ServiceError, match="tidak berwenang"):
        rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                            actor="budi")  # fmt: skip


def test_a_start_recorded_before_the_stage_is_what_the_plan_counts_from(
    session: Session, tmp_path: Path
) -> None:
    """An implementation under way before Siklus records its stage: the plan counts from the
    day it began, not from the day the stage run starts (today)."""
    org = make_org(session, tmp_path, pack())
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    with pytest.raises(ServiceError, match=r"budi tidak berwenang mengubah rencana"):
        rollout.create_plan(session=session, organisation=org, cycle=None,
                            start=date(2026, 3, 16), actor="budi")  # fmt: skip
    planned = rollout.create_plan(session=session, organisation=org, cycle=None,
                                  start=date(2026, 3, 16), actor="rina")  # fmt: skip
    # The working days of `test_plan_from_pack_in_working_days`, from Monday 16 March.
    assert _plan(session) == {(m.unit_code, m.milestone): (m.due_on, "belum") for m in planned}
    assert _plan(session)[("PKM", "Umpan balik bulanan")] == (date(2026, 4, 21), "belum")
    cyc = get_cycle(session, get_org(session, org))
    assert rollout.implementation_start(session, cyc) == date(2026, 3, 16)
    # The stage starts today and imports progress: the plan stored stands, so does its start.
    cycle_service.override_gate(
        session=session, organisation=org, cycle=None, stage=Stage.IMPLEMENTATION,
        leader="sekda", reason="Pengujian rencana yang dicatat belakangan",
    )  # fmt: skip
    ref = cycle_service.begin_stage(session=session, organisation=org, cycle=None,
                                    stage=Stage.IMPLEMENTATION, actor="rina")  # fmt: skip
    ingest_progress(session, tmp_path, ref.run_id, "unit_kerja;tahap;target_tanggal;status\n"
                    "PKM;SKP disusun;27/03/2026;proses\n")  # fmt: skip
    assert _plan(session)[("PKM", "SKP disusun")] == (date(2026, 3, 27), "proses")
    assert _plan(session)[("DUKCAPIL", "Umpan balik bulanan")] == (date(2026, 4, 21), "belum")
    assert rollout.implementation_start(session, cyc) == date(2026, 3, 16)
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "rollout.planned")).all()
    assert [(e.actor, e.payload["start"], e.payload["milestones"]) for e in events] == [
        ("rina", "2026-03-16", 6)
    ]
    stored = r"sudah memiliki rencana implementasi \(6 tahap, sejak 16 Maret 2026\); ubah lewat"
    with pytest.raises(ServiceError, match=stored):
        rollout.create_plan(session=session, organisation=org, cycle=None,
                            start=date(2026, 3, 2), actor="rina")  # fmt: skip


def test_a_target_before_the_start_is_imported_with_a_warning(
    session: Session, tmp_path: Path
) -> None:
    """Not refused (the officer checks it): named by its line, milestone, unit and dates."""
    run_id = implementation_running(session, tmp_path, start=date(2026, 3, 16))
    ingest_progress(session, tmp_path, run_id)
    path = tmp_path / "rencana.csv"
    path.write_text(
        "unit_kerja;tahap;target_tanggal\n"
        "SETDA;SKP disusun;13/03/2026\n"
        "BKPSDM;SKP disusun;31/03/2026\n"
        "DUKCAPIL;SKP disusun;13/03/2025\n"
        "PKM;SKP disusun;16/03/2026\n"
        "DUKCAPIL;Umpan balik bulanan;21/04/2026\n"
        "PKM;Umpan balik bulanan;21/04/2026\n",
        encoding="utf-8",
    )
    result = rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                                 actor="rina")  # fmt: skip
    assert result.warnings == (
        "baris 2: target tahap 'SKP disusun' unit SETDA (13 Maret 2026) sebelum implementasi "
        "dimulai (16 Maret 2026); periksa tanggalnya",
        "baris 4: target tahap 'SKP disusun' unit DUKCAPIL (13 Maret 2025) sebelum implementasi "
        "dimulai (16 Maret 2026); periksa tanggalnya",
    )
    assert _plan(session)[("DUKCAPIL", "SKP disusun")] == (date(2025, 3, 13), "proses")


def test_a_plan_imported_before_any_start_is_known_is_not_checked(
    session: Session, tmp_path: Path
) -> None:
    """No plan and no implementation run yet: nothing to compare the targets with."""
    org = make_org(session, tmp_path, pack())
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    path = tmp_path / "rencana.csv"
    path.write_text("unit_kerja;tahap;target_tanggal\nPKM;SKP disusun;13/03/2020\n", "utf-8")
    result = rollout.import_plan(session=session, organisation=org, cycle=None, path=path,
                                 actor="rina")  # fmt: skip
    assert (result.rows, result.warnings) == (1, ())
    assert rollout.implementation_start(session, get_cycle(session, get_org(session, org))) is None
