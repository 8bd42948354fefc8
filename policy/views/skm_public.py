"""View of the public page of SKM results: what the community's answers came to, and what follows.

Layer: domain presentation (built by `policy.services.skm_publication`, shown by the portal's
`/ikm/ORG`). Figures of service units only, from periods whose evaluation leadership
approved: no employee, no respondent, no officer's note.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from policy.views.portal import PortalHeader, _Row


class PublicPeriod(_Row):
    """An evaluation period whose results are public."""

    code: str = Field(description="'2026-TW3'.")
    label: str = Field(description="'Triwulan III 2026' (the page's language).")
    weight: str = Field(
        default="",
        description="The element weight the period was approved with, where it is not the "
        "weight the page states ('0,11'); empty otherwise.",
    )


class PublicAction(_Row):
    """A corrective action a unit's IKM raised, as far as it has come."""

    title: str
    due_on: date
    status: str = Field(description="'open', 'done' or 'carried' (into the next cycle).")
    closed_on: date | None = None
    overdue: bool = False
    note: str = Field(default="", description="What the officers wrote for the public ('').")


class PublicUnit(_Row):
    """One service unit's IKM of the latest public period."""

    unit_code: str
    unit: str
    ikm: Decimal = Field(description="Rounded half up to two places (R1).")
    mutu: str = Field(description="A-D.")
    kinerja: str = Field(description="'Sangat baik' … 'Tidak baik' (the regulation's words).")
    respondents: int
    weakest: list[str] = Field(
        default_factory=list, description="The two elements scored lowest, 'U3 Waktu Penyelesaian'."
    )
    below_target: bool
    sample_min: int | None = Field(
        default=None,
        description="The Krejcie & Morgan minimum sample where it is more than the respondents "
        "(the pack gives the unit's population); None otherwise.",
    )
    actions: list[PublicAction] = Field(default_factory=list)


class PublicTrendCell(_Row):
    """A unit's IKM in one period of the trend (None: no answers then)."""

    ikm: Decimal | None = None
    mutu: str = ""


class PublicTrendRow(_Row):
    """A unit's IKM over the trend's periods."""

    unit: str
    cells: list[PublicTrendCell]


class PublicIkmPage(_Row):
    """The organisation's public SKM results."""

    header: PortalHeader
    org_code: str
    latest: PublicPeriod | None = Field(
        default=None, description="The latest approved period with answers; None: none yet."
    )
    units: list[PublicUnit] = Field(default_factory=list)
    respondents: int = 0
    weight: str = Field(description="The element weight as stated ('1/9').")
    target: Decimal
    partners: list[str] = Field(default_factory=list)
    periods: list[PublicPeriod] = Field(
        default_factory=list, description="The trend's columns, oldest first."
    )
    trend: list[PublicTrendRow] = Field(default_factory=list)
    today: date


class PublishedOrganisation(_Row):
    """An organisation whose SKM results page the portal's front page links."""

    code: str
    name: str


class PortalHome(_Row):
    """The portal's front page: forums open by their links; each organisation's SKM results."""

    header: PortalHeader
    organisations: list[PublishedOrganisation] = Field(default_factory=list)
