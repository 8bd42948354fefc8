"""View models of the reminder, escalation and review-notice emails (plain text).

Layer: domain presentation (built by `policy.services.reminders`, rendered with
`policy.documents.render_text`).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from policy.views.portal import StageFigure


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class EmailItem(_Frozen):
    """One deadline in an email."""

    kind: str = Field(description="'stage', 'milestone' or 'action'.")
    cycle: int
    title: str = Field(
        description="Stage title, the milestone's name (untrusted), or the kind of follow-up."
    )
    period: str = ""
    unit: str = Field(default="", description="Unit name (milestones, a unit's actions).")
    count: int = Field(default=0, description="Follow-up: open actions.")
    names: list[str] = Field(
        default_factory=list, description="Follow-up: the first of whom or what they are about."
    )
    under_way: int = Field(default=0, description="Follow-up: of those, reported under way.")
    report_link: str = Field(
        default="", description="Follow-up: the unit's page to report progress on, or ''."
    )
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


class ReviewEmailItem(_Frozen):
    """A stage run waiting for a leader's decision, in a review notice."""

    cycle: int
    label: str = Field(description="The stage with its period: 'Evaluasi Berkala periode …'.")
    attempt: int
    started_by: str = Field(description="Name of who ran it (untrusted).")
    submitted_on: date
    link: str = Field(description="Its page on the portal's leaders' pages, or ''.")
    figures: list[StageFigure] = Field(
        default_factory=list, description="Its key figures, from the run's stored summary."
    )


class ReviewEmailView(_Frozen):
    """The stages newly waiting for a decision, to one leader."""

    recipient: str
    organisation: str
    policy_title: str
    today: date
    portal: str = Field(description="The leaders' pages of the portal, or '' (no address set).")
    items: list[ReviewEmailItem]


class ResponseEmailView(_Frozen):
    """The email telling a stakeholder that the response to their input has appeared."""

    recipient: str = Field(description="The author as they signed the input.")
    organisation: str
    policy_title: str
    forum_title: str
    number: int = Field(description="The input's receipt number in the cycle.")
    code: str = Field(description="The receipt's code (with the number, it opens the receipt).")
    section: str = Field(description="The section the input was on; '' for a general input.")
    disposition: str = Field(description="'diterima', 'diterima sebagian', … (as stored).")
    response: str
    changed_sections: list[str] = Field(default_factory=list)
    version: int = Field(description="The approved draft version.")
    approved_on: date
    receipt_url: str = Field(description="The receipt's address on the portal; '' without one.")
    documents_url: str = Field(description="The forum's documents page; '' without a portal.")
    today: date


class ObjectionEmailItem(_Frozen):
    """An objection an employee filed on the portal, in the officers' notice."""

    number: int
    name: str = Field(description="The employee (untrusted text, as the staff list has it).")
    nip: str
    unit: str
    period_label: str
    predikat: str = Field(description="The result objected to.")
    received_on: date = Field(description="The sheet's first opening through its link.")
    filed_on: date
    addressee: str = Field(description="Who decides: the superior of the assessing official.")
    reason: str = Field(description="The employee's reasons, as written (untrusted).")
    state: str = Field(
        default="diajukan", description="'diajukan', 'dicabut' or 'diputuskan' on the portal."
    )
    settled_on: date | None = Field(default=None, description="The day withdrawn or decided.")
    outcome: str = Field(default="", description="'tetap' or 'diubah' when decided.")
    predikat_after: str = ""
    decided_by: str = ""
    consideration: str = Field(default="", description="The decision's grounds (untrusted).")
    next_steps: list[str] = Field(
        default_factory=list, description="What a changed result still asks for."
    )


class ObjectionEmailView(_Frozen):
    """The objections newly filed, withdrawn or decided on the portal, to one officer."""

    recipient: str
    organisation: str
    today: date
    source: str = Field(description="The regulation: 'PP 30/2019 Pasal 59'.")
    items: list[ObjectionEmailItem]


class ProgressEmailItem(_Frozen):
    """A progress report a unit head sent on the unit's page, in the officers' notice."""

    id: int = Field(description="The action's number.")
    title: str
    who: str = Field(description="The employee or unit the action is about (untrusted).")
    unit: str = Field(description="The unit that reported.")
    note: str = Field(description="The report, as written (untrusted).")
    reported_on: date
    due_on: date
    overdue: bool


class ProgressEmailView(_Frozen):
    """The progress newly reported by unit heads on the portal, to one officer."""

    recipient: str
    organisation: str
    today: date
    items: list[ProgressEmailItem]
