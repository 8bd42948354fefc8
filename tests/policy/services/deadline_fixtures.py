"""Shared set-up for the deadline, rollout and reminder tests (through the services)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from policy.models import Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import implementation, review, rollout
from tests.factories import MINI_PACK, make_org

DOMAIN = "contoh.example"
MILESTONES = [
    {"name": "SKP disusun", "working_days": 5},
    {"name": "Umpan balik bulanan", "working_days": 20, "units": ["DUKCAPIL", "PKM"]},
]
# Progress as units report it, dates chosen around Idul Fitri 2026 (see test_workdays).
PROGRESS = """unit_kerja;tahap;target_tanggal;status;tanggal_selesai;catatan
DUKCAPIL;SKP disusun;13/03/2026;proses;;Menunggu e-Kinerja
PKM;SKP disusun;25/03/2026;belum;;
SETDA;SKP disusun;13/03/2026;selesai;12/03/2026;
"""


def pack(**extra: Any) -> dict[str, Any]:
    """MINI_PACK with deadlines, email addresses, unit heads and milestone templates."""
    data = copy.deepcopy(MINI_PACK)
    data["stages"] = {"deadlines_working_days": {"needs_analysis": 15, "implementation": 40}}
    for m in data["members"]:
        m["email"] = f"{m['username']}@{DOMAIN}"
    heads = {"DUKCAPIL": "Dedi Kurnia", "PKM": "dr. Putri Amelia", "SETDA": "Hendra Gunawan"}
    for u in data["units"]:
        if u["code"] in heads:
            u["head_name"] = heads[u["code"]]
            u["head_email"] = f"kepala.{u['code'].lower()}@{DOMAIN}"
    data["milestones"] = copy.deepcopy(MILESTONES)
    data["reminders"] = {"lead_working_days": 3, "sender": f"siklus@{DOMAIN}"}
    data.update(extra)
    return data


def implementation_running(
    session: Session, folder: Path, data: dict[str, Any] | None = None, start: date | None = None
) -> int:
    """An organisation whose cycle 1 has a running implementation run; returns its id.

    `start`: the day implementation began, recorded with the pack's plan before the run
    starts (`rollout.create_plan`); without it the plan counts from the run's start, today.
    """
    org = make_org(session, folder, data or pack())
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    if start is not None:
        rollout.create_plan(session=session, organisation=org, cycle=None, start=start,
                            actor="rina")  # fmt: skip
    cycle_service.override_gate(
        session=session, organisation=org, cycle=None, stage=Stage.IMPLEMENTATION,
        leader="sekda", reason="Pengujian tenggat implementasi",
    )  # fmt: skip
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.IMPLEMENTATION, actor="rina"
    )
    return ref.run_id


def ingest_progress(session: Session, folder: Path, run_id: int, text: str = PROGRESS) -> None:
    """Import a progress file into the running implementation run."""
    path = folder / "progres.csv"
    path.write_text(text, encoding="utf-8")
    implementation.ingest(session=session, run_id=run_id, inputs={"progres": path}, actor="rina")


def second_cycle(session: Session, org: str, run_id: int) -> None:
    """Approve cycle 1's running implementation run (`run_id`) and open cycle 2."""
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={})
    review.decide(session=session, organisation=org, cycle=None, stage=Stage.IMPLEMENTATION,
                  reviewer="sekda", decision=Decision.APPROVE)  # fmt: skip
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")


SWEEP_DAY = date(2026, 3, 19)  # Nyepi: not a working day
