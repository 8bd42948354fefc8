"""Shared column helpers for the Siklus tables.

Layer: domain models. Columns stay portable between SQLite and PostgreSQL:
enum values are stored as strings, timestamps are UTC, JSON is plain `JSON`. The enums
themselves are in `policy.enums` (no database library), re-exported by `policy.models`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field


def utcnow() -> datetime:
    """Now, in UTC, with tzinfo."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Attach UTC to a naive timestamp read back from SQLite."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def ts_field(*, nullable: bool = False, default_now: bool = True) -> Any:
    """A timezone-aware timestamp column."""
    if default_now:
        return Field(
            default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=nullable)
        )
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable))


def json_field(default_factory: Any = dict) -> Any:
    """A JSON column."""
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))
