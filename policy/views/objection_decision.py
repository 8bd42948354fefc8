"""View model of the page on which who decides an objection records the decision.

Layer: domain presentation (built by `policy.services.objection_decisions`, rendered by
`policy.documents.render_portal` as `portal/objection_decision.html.j2`). The page is for
the superior of the assessing official, in Bahasa Indonesia as the officers' and leaders'
pages are. It shows the employee's objection and reasons (untrusted text the autoescaped
template prints as text).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from policy.views.portal import PortalHeader, _Row


class DecisionForm(_Row):
    """What who decides sent, shown again with the reasons when it is refused."""

    outcome: str = Field(default="", description="'tetap' or 'diubah', as sent.")
    predikat: str = Field(default="", description="The new result, for 'diubah'.")
    consideration: str = Field(default="", description="The decision's grounds, as typed.")
    decided_by: str = Field(default="", description="Who decides, as they sign.")
    errors: dict[str, str] = Field(
        default_factory=dict, description="Field -> why it was refused (empty: not refused)."
    )


class DecisionPage(_Row):
    """An objection as who decides it sees it, with the decision's form while pending."""

    header: PortalHeader
    token: str
    number: int
    name: str = Field(description="The employee who objected.")
    nip: str
    position: str
    unit: str
    period_label: str
    predikat_before: str = Field(description="The result objected to.")
    received_on: date
    filed_on: date
    reason: str = Field(description="The employee's reasons, as written.")
    addressee: str = Field(description="Who decides, as registered.")
    outcome: str = Field(description="'diajukan', 'tetap', 'diubah' or 'dicabut'.")
    predikat_after: str = ""
    decided_on: date | None = None
    decided_by: str = ""
    consideration: str = ""
    predikats: list[str] = Field(description="The results a decision may set, best first.")
    expires_on: date = Field(description="The last day the link opens the page (local).")
    decided: bool = Field(default=False, description="The decision was recorded just now.")
    next_steps: list[str] = Field(
        default_factory=list, description="What a changed result still asks for, in sentences."
    )
    max_text: int
    source: str = Field(description="The regulation: 'PP 30/2019 Pasal 59'.")
    form: DecisionForm = Field(default_factory=DecisionForm)
