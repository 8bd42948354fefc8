"""View model of a unit head's page on the portal: their unit's follow-up actions.

Layer: domain presentation (built by `policy.services.unit_reports`, rendered by
`policy.documents.render_portal` as `portal/unit_actions.html.j2`), in Bahasa Indonesia as
the officers' and leaders' pages are. What the unit typed is untrusted text the autoescaped
template prints as text.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from policy.views.portal import PortalHeader, _Row


class UnitActionRow(_Row):
    """An open follow-up action of the unit, with its latest progress report."""

    id: int
    title: str
    who: str = Field(description="The employee or the unit the action is about.")
    period: str = Field(description="The evaluated period that raised it, in words.")
    due_on: date
    overdue: bool
    progress: str = Field(default="", description="The latest progress report.")
    progress_on: date | None = None
    note: str = Field(default="", description="A report sent and refused, shown again.")
    error: str = Field(default="", description="Why that report was refused.")


class UnitSheetLink(_Row):
    """The unit's result sheet (lembar hasil unit) of an approved period."""

    document_id: int
    period: str = Field(description="The period in words: 'Triwulan III 2026'.")
    version: int


class UnitActionsPage(_Row):
    """A unit's open follow-up actions, each with a form to report its progress."""

    header: PortalHeader
    token: str
    unit_name: str
    head_name: str = Field(default="", description="The unit's head, as the pack names them.")
    expires_on: date = Field(description="The last day the link opens the page (local).")
    today: date
    rows: list[UnitActionRow]
    saved: int | None = Field(default=None, description="The action just reported on.")
    sheets: list[UnitSheetLink] = Field(
        default_factory=list, description="The unit's sheets of approved periods, newest first."
    )
    max_note: int
