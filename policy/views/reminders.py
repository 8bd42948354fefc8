"""View models of the reminder and escalation emails (plain text).

Layer: domain presentation (built by `policy.services.reminders`, rendered with
`policy.documents.render_text`).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class EmailItem(_Frozen):
    """One deadline in an email."""

    kind: str = Field(description="'stage' or 'milestone'.")
    cycle: int
    title: str = Field(description="Stage title, or the milestone's name (untrusted).")
    period: str = ""
    unit: str = Field(default="", description="Unit name (milestones).")
    due_on: date
    overdue: bool
    working_days: int = Field(description="Working days left (due soon) or late (overdue).")
    responsible: list[str] = Field(description="Names of the people responsible.")


class ReminderEmailView(_Frozen):
    """A reminder before deadlines, or an escalation after them, to one person."""

    escalation: bool
    recipient: str = Field(description="Name of the recipient.")
    organisation: str
    policy_title: str
    today: date
    lead_working_days: int
    items: list[EmailItem]
