"""Approvals of forum minutes: the organiser's and a leader's, by two different people.

Layer: domain models (counterpart: `policy.services.forum_minutes.approve_minutes`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from policy.models.base import ts_field


class MinutesApproval(SQLModel, table=True):
    """One approval of a closed forum's minutes (notulen), in the role it was given."""

    __tablename__ = "minutes_approval"
    __table_args__ = (
        UniqueConstraint("forum_id", "role"),
        UniqueConstraint("forum_id", "username"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    role: str = Field(max_length=16, description="'organiser' or 'leader'.")
    username: str = Field(max_length=64)
    name: str = Field(description="The member's name as the Notulen prints it.")
    title: str = ""
    approved_on: date = Field(description="The date the approval speaks for (Notulen).")
    created_at: datetime = ts_field()
