"""The record of every reminder and escalation email sent.

Layer: domain models (counterpart: `policy.services.reminders`). One row per recipient
and deadline; the unique key (deadline, kind, recipient) is what makes a second sweep
send nothing twice. A message covering several deadlines has one row per deadline,
all with the same message id.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from policy.models.base import ts_field


class ReminderSend(SQLModel, table=True):
    """One deadline in one email to one recipient."""

    __tablename__ = "reminder_send"
    __table_args__ = (UniqueConstraint("deadline_key", "kind", "recipient"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    deadline_key: str = Field(
        max_length=128, description="E.g. 'milestone:12:2026-09-15' (the due date is part of it)."
    )
    kind: str = Field(max_length=16, description="'reminder' before, 'escalation' after.")
    recipient: str = Field(max_length=254, description="Email address.")
    subject: str
    due_on: date
    message_id: str = Field(max_length=255)
    sent_at: datetime = ts_field()
