"""View models of an employee's own page on the portal, opened with their sheet's link.

Layer: domain presentation (built by `policy.services.sheet_objections`, rendered by
`policy.documents.render_portal` as `portal/sheet_home.html.j2`). The page belongs to one
employee: it names them and their period, leads to their private sheet as stored, and
takes their objection (keberatan) within the time limit. What the employee typed is
untrusted text the autoescaped template prints as text.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from policy.views.evaluation_sheets import SheetObjection
from policy.views.portal import PortalHeader, _Row


class ObjectionForm(_Row):
    """What the employee sent, shown again with the reasons when it is refused."""

    reason: str = Field(default="", description="The objection's reasons, as typed.")
    note: str = Field(default="", description="A withdrawal's statement, as typed.")
    errors: dict[str, str] = Field(
        default_factory=dict, description="Field -> why it was refused (empty: not refused)."
    )


class SheetHome(_Row):
    """An employee's page: their sheet of a period and their objection to its result."""

    header: PortalHeader
    token: str = Field(description="The link's token (part of the page's address).")
    name: str
    nip: str
    unit: str = Field(description="The employee's unit's name, as the staff list has it now.")
    period_label: str = Field(description="'Triwulan III 2026', in the page's language.")
    expires_on: date = Field(description="The last day the link opens the page (local).")
    received_on: date | None = Field(
        default=None, description="The day the sheet was first opened (None: not yet)."
    )
    last_day: date | None = Field(
        default=None, description="The last day an objection may be filed (None: not opened)."
    )
    objection: SheetObjection | None = Field(
        default=None, description="The employee's objection to the period's result, if any."
    )
    addressee: str = Field(default="", description="Who decides an objection, when known.")
    can_object: bool = Field(description="The page takes an objection now.")
    why_not: str = Field(
        default="", description="Why it does not, in the page's language ('' when it does)."
    )
    filed: bool = Field(default=False, description="The objection was filed just now.")
    withdrawn: bool = Field(default=False, description="The objection was withdrawn just now.")
    max_reason: int = Field(description="Longest reason taken (characters).")
    source: str = Field(description="The regulation: 'PP 30/2019 Pasal 59'.")
    days: int = Field(description="Days after receipt within which an objection is filed.")
    form: ObjectionForm = Field(default_factory=ObjectionForm)
