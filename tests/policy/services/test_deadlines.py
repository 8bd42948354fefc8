"""Deadlines: stage due dates in working days, milestones, the overdue board across cycles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import AuditEvent, Stage, StageRun
from policy.packs import PackError, load_pack
from policy.services import cycle as cycle_service
from policy.services import deadlines
from policy.services.common import get_org, org_pack
from policy.services.cycle_board import cycle_board
from tests.factories import make_org, write_pack
from tests.policy.services.deadline_fixtures import (
    implementation_running,
    ingest_progress,
    pack,
    second_cycle,
)

DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"


def test_stage_due_on_counts_working_days() -> None:
    p = load_pack_data(pack())
    # Needs analysis: 15 working days. From Friday 6 March 2026: 9–13, 16–17, then Nyepi,
    # Idul Fitri and their cuti bersama (18–24 March), then 25–27, 30–31 March, 1–2 April,
    # Good Friday 3 April, so the 15th working day is Monday 6 April.
    assert deadlines.stage_due_on(p, Stage.NEEDS_ANALYSIS, date(2026, 3, 6)) == date(2026, 4, 6)
    # Implementation: 40 working days over Natal (cuti 24, Natal 25 December), Tahun Baru
    # (1 January) and Isra Mikraj (Tuesday 5 January 2027).
    assert deadlines.stage_due_on(p, "implementation", date(2026, 11, 23)) == date(2027, 1, 22)
    assert deadlines.stage_due_on(p, Stage.FORUMS, date(2026, 3, 6)) is None  # not set


def load_pack_data(data: dict[str, object]) -> object:
    from policy.packschema import Pack

    return Pack.model_validate(data)


def test_begin_stage_records_the_due_date(session: Session, tmp_path: Path) -> None:
    org = make_org(session, tmp_path, pack())
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="rina"
    )
    run = session.get(StageRun, ref.run_id)
    assert run is not None and run.due_on is not None
    cal = deadlines.calendar_for(org_pack(get_org(session, org)))
    started = deadlines.local_date(run.started_at)
    assert run.due_on == cal.add_working_days(started, 15)
    assert cal.working_days_between(started, run.due_on) == 15
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "stage.started")).one()
    assert event.payload["due_on"] == run.due_on.isoformat()

    board = cycle_board(session=session, organisation=org, cycle=None)
    row = board.rows[0]
    assert (row.stage, row.due_on, row.overdue) == (Stage.NEEDS_ANALYSIS, run.due_on, False)

    # Two working days after the due date the run is overdue by 2 working days.
    late = cal.add_working_days(run.due_on, 2)
    items = deadlines.overdue_items(session, org, late)
    assert [(i.kind, i.title, i.working_days, i.due_on) for i in items] == [
        ("stage", "Analisis Kebutuhan", 2, run.due_on)
    ]
    assert items[0].subject == "Tahap Analisis Kebutuhan"
    assert deadlines.overdue_items(session, org, run.due_on) == []  # due today: not late yet
    # Submitted for review: the officer's deadline is met.
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    assert deadlines.overdue_items(session, org, late) == []


def test_overdue_board_across_cycles_worst_first(session: Session, tmp_path: Path) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    org = "contoh"
    second_cycle(session, org, run_id)
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor="kaban"
    )
    run = session.get(StageRun, ref.run_id)
    assert run is not None and run.due_on is not None
    cal = deadlines.calendar_for(org_pack(get_org(session, org)))
    today = cal.add_working_days(run.due_on, 1)

    items = deadlines.overdue_items(session, org, today)
    # Cycle 1: DUKCAPIL's SKP (due 13 March 2026, in progress) and PKM's (due 25 March);
    # SETDA reported its milestone done; BKPSDM's comes from the pack plan (5 working days
    # after the start, 10 before the needs analysis of cycle 2 was due). Cycle 2: the needs
    # analysis, 1 working day late. "Umpan balik bulanan" (20 working days) is not due yet.
    assert [(i.cycle, i.kind, i.subject, i.working_days) for i in items][2:] == [
        (1, "milestone", "Badan Kepegawaian dan Pengembangan SDM — SKP disusun", 11),
        (2, "stage", "Tahap Analisis Kebutuhan", 1),
    ]
    assert [i.subject for i in items[:2]] == [
        f"{DUKCAPIL} — SKP disusun",
        "Puskesmas Kota — SKP disusun",
    ]
    dukcapil, pkm, _, stage = items
    assert dukcapil.due_on == date(2026, 3, 13) and pkm.due_on == date(2026, 3, 25)
    # 16, 17 and 25 March are the working days in 14–25 March 2026.
    assert cal.working_days_between(date(2026, 3, 13), date(2026, 3, 25)) == 3
    assert dukcapil.working_days - pkm.working_days == 3
    assert (dukcapil.reported, dukcapil.note, stage.run_status) == (
        "proses",
        "Menunggu e-Kinerja",
        "running",
    )
    assert deadlines.responsible(org_pack(get_org(session, org)), stage) == [
        ("Sri Wahyuni", "kaban@contoh.example"),
        ("Rina Marlina", "rina@contoh.example"),
    ]
    assert deadlines.responsible(org_pack(get_org(session, org)), dukcapil) == [
        ("Dedi Kurnia", "kepala.dukcapil@contoh.example")
    ]
    assert deadlines.leaders(org_pack(get_org(session, org))) == [
        ("Hendra Gunawan", "sekda@contoh.example"),
        ("Sri Wahyuni", "kaban@contoh.example"),
    ]


def test_due_soon_items_within_the_lead(session: Session, tmp_path: Path) -> None:
    run_id = implementation_running(session, tmp_path)
    ingest_progress(session, tmp_path, run_id)
    org = get_org(session, "contoh")
    # Friday 13 March 2026: PKM's SKP is due Wednesday 25 March, 3 working days ahead
    # (16, 17, 25 March); DUKCAPIL's is due today.
    items = deadlines.deadline_items(session, org, date(2026, 3, 13))
    assert [(i.unit_code, i.state, i.working_days) for i in items] == [
        ("DUKCAPIL", "due_soon", 0),
        ("PKM", "due_soon", 3),
    ]
    assert deadlines.deadline_items(session, org, date(2026, 3, 13), lead=2)[-1].unit_code == (
        "DUKCAPIL"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stages": {"deadlines_working_days": {"sosialisasi": 5}}}, "tahap tidak dikenal"),
        ({"stages": {"deadlines_working_days": {"forums": -1}}}, "tidak boleh negatif"),
        ({"milestones": [{"name": "X", "working_days": 3, "units": ["NOPE"]}]}, "NOPE"),
        (
            {"milestones": [{"name": "X", "working_days": 3}, {"name": "X", "working_days": 4}]},
            "ganda",
        ),
        (
            {"members": [{"username": "a", "name": "A", "roles": ["leader"], "email": "a@b"}]},
            "email",
        ),
    ],
)
def test_pack_deadline_settings_are_checked(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(PackError, match=message):
        load_pack(write_pack(tmp_path, {**pack(), **change}))
