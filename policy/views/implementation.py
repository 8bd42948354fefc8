"""View models of the Rencana Implementasi and the Laporan Kemajuan Implementasi.

Layer: domain presentation (built by `policy.services.implementation`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class MilestoneRow(_Row):
    """A rollout milestone and its state as of the report date."""

    unit: str = Field(description="Unit name.")
    milestone: str
    due_on: date
    reported: str = Field(description="Status reported by the unit: belum, proses or selesai.")
    done_on: date | None
    state: str = Field(description="'done', 'done_late', 'late' or 'on_track' as of the date.")
    days_late: int = Field(description="Late: days past due; done late: days after due; else 0.")
    note: str = Field(description="The unit's note (untrusted text).")


class UnitProgress(_Row):
    """Progress of one unit as of the report date."""

    code: str
    unit: str
    total: int
    done: int = Field(description="Milestones done, on time or late.")
    done_late: int = Field(description="Of `done`, those finished after their due date.")
    late: int = Field(description="Milestones not done and past their due date.")
    on_track: int = Field(description="Milestones not done and not yet due.")
    status: str = Field(description="'selesai', 'terlambat' or 'sesuai jadwal'.")
    percent: Decimal = Field(description="Done / total, percent (1 decimal).")
    late_milestones: list[MilestoneRow] = Field(description="Late milestones, most overdue first.")
    next_milestone: MilestoneRow | None = Field(description="Earliest milestone not yet done.")


class PlanUnit(_Row):
    """A unit's milestones in due-date order."""

    unit: str
    milestones: list[MilestoneRow]


class RolloutPlanView(View):
    """Everything the Rencana Implementasi shows."""

    legal_form: str
    policy_title: str
    start: date = Field(description="The day implementation began; the pack's milestones count "
                        "their working days from it.")  # fmt: skip
    units: list[PlanUnit] = Field(description="Units by name, milestones by due date.")
    milestones: int
    first_due: date | None
    last_due: date | None
    units_without_plan: list[str] = Field(description="Units with no milestone.")
    prepared_by: str
    prepared_by_title: str


class ProgressView(View):
    """Everything the Laporan Kemajuan Implementasi shows."""

    legal_form: str
    policy_title: str
    as_of: date
    units: int
    milestones: int
    done: int
    done_late: int
    late: int
    on_track: int
    progress_percent: Decimal = Field(description="Done / all milestones, percent (1 decimal).")
    late_units: list[UnitProgress] = Field(description="Units with late milestones, worst first.")
    on_track_units: list[UnitProgress]
    done_units: list[UnitProgress]
    done_late_milestones: list[MilestoneRow]
    prepared_by: str
    prepared_by_title: str
