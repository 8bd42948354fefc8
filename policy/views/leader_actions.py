"""View models of the leaders' follow-up pages on the portal (`/pimpinan/tindak-lanjut`).

Layer: views (typed data the portal's templates render; no logic).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from policy.views.portal import PortalHeader, _Row


class UnitChoice(_Row):
    """A unit the list can be narrowed to."""

    code: str
    name: str


class PeriodChoice(_Row):
    """An evaluated period whose actions the list can be narrowed to."""

    code: str
    name: str = Field(description="'Triwulan III 2026'.")


class LeaderActionRow(_Row):
    """A follow-up action in the leaders' list."""

    id: int
    cycle: int
    period: str = Field(description="'Triwulan III 2026'.")
    title: str
    who: str = Field(description="The employee or unit it is about, with the unit.")
    owner: str
    due_on: date
    status: str = Field(description="'open', 'done' or 'carried'.")
    overdue: bool
    carried_to: int | None = Field(default=None, description="The cycle it was carried into.")
    progress: str = Field(default="", description="The latest progress report, if open.")
    progress_on: date | None = None
    closed_on: date | None = None


class LeaderActionsPage(_Row):
    """Follow-up of the evaluation results, as leadership oversees it."""

    header: PortalHeader
    member: str
    status: str = Field(description="The list shown: 'open', 'done' or 'all'.")
    unit: str = Field(description="The unit chosen ('' for all).")
    units: list[UnitChoice]
    period: str = Field(default="", description="The period chosen ('' for all).")
    periods: list[PeriodChoice] = Field(default_factory=list, description="Newest first.")
    rows: list[LeaderActionRow] = Field(description="The rows of the page shown.")
    total: int = Field(default=0, description="Rows in the list chosen, on every page.")
    page: int = Field(default=1, description="The page shown, from 1.")
    pages: int = Field(default=1, description="Pages of the list chosen.")
    first: int = Field(default=0, description="The first row's place in the list (0: none).")
    previous_link: str = Field(default="", description="The page before, '' on the first.")
    next_link: str = Field(default="", description="The page after, '' on the last.")
    open_count: int = Field(description="Not done, of the whole organisation (carried included).")
    overdue_count: int
    under_way_count: int = Field(description="Not done, with a progress report.")
    done_count: int
    today: date
    error: str = ""


class LeaderHistoryEntry(_Row):
    """One thing that happened to an action (`policy.services.action_history`)."""

    at: datetime
    who: str
    what: str
    note: str = ""
    source: str = Field(default="", description="The spreadsheet it came in, if any.")


class LeaderActionPage(_Row):
    """One action and its history, for a leader."""

    header: PortalHeader
    member: str
    action: LeaderActionRow
    detail: str
    public_note: str
    entries: list[LeaderHistoryEntry]
