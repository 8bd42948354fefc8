"""View models of the portal's pages (consultation, organisers, leaders); the header they share.

Layer: domain presentation (built by `policy.services.consultation`, `input_receipts`,
`portal_common` and `portal_access`, rendered by `policy.documents.render_portal`). Every
name, institution and input text here is untrusted; the portal templates are autoescaped,
so they print it as text. `PORTAL_VIEWS` says which view each page template takes (built
on first use: the online surveys' views, `policy.views.survey`, the needs questionnaire's,
`policy.views.needs_questionnaire`, and the public SKM results', `policy.views.skm_public`,
take this module's header).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from policy.views.evaluation_sheets import RegisterEntry
from policy.views.sections import SectionPlace

if TYPE_CHECKING:
    #: Which view each page template takes (`templates/portal/<name>.html.j2`).
    PORTAL_VIEWS: dict[str, type[BaseModel]]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class PortalHeader(_Row):
    """What every portal page shows at its top."""

    organisation: str = Field(description="Official organisation name.")
    policy_title: str = Field(default="", description="The policy under consultation.")
    legal_form: str = Field(default="", description="'Perwali', 'Perbup', 'Pergub', 'Keputusan'.")
    draft: bool = Field(
        default=True,
        description="The policy is shown as a draft under consultation ('Rancangan …'); the "
        "leaders' pages show it as the policy the cycle is about.",
    )


class PortalGroup(_Row):
    """A stakeholder group a person can choose."""

    code: str
    name: str
    anonymous: bool = Field(description="Members of this group may give input anonymously.")


class PortalSection(_Row):
    """A BAB or Pasal of the current draft version."""

    sid: str = Field(description="Stable section id (survives renumbering).")
    kind: str = Field(description="'bab' or 'pasal'.")
    label: str = Field(description="E.g. 'BAB II' or 'Pasal 5'.")
    heading: str = Field(description="BAB title, or the BAB/Bagian path of a Pasal.")
    lines: list[str] = Field(description="The section's text, line by line.")


class InputForm(_Row):
    """What a person typed into an input form, with the problems found (to show it again)."""

    section_sid: str = ""
    name: str = ""
    organisation: str = ""
    group: str = ""
    text: str = ""
    anonymous: bool = False
    email: str = ""
    errors: dict[str, str] = Field(
        default_factory=dict, description="Problem per field ('name', 'text', …; '' = form)."
    )


class PortalDocument(_Row):
    """A published document listed on the portal."""

    id: int
    title: str
    locale: str
    version: int
    created_at: datetime
    english: int | None = Field(
        default=None, description="The id of its English version (leaders' pages), if any."
    )


class OutcomeCount(_Row):
    """How many of a forum's inputs got one disposition in the approved draft."""

    disposition: str = Field(description="diterima, diterima sebagian, tidak diterima, …")
    count: int


class ForumPage(_Row):
    """The public page of a forum: details, the draft by section, the input forms."""

    header: PortalHeader
    token: str = Field(description="The forum's public token (part of every link).")
    code: str
    title: str
    held_on: date
    starts_at: time | None = Field(default=None, description="Local start; None: not given.")
    ends_at: time | None = Field(default=None, description="Local end; None: until finished.")
    venue: str
    agenda: list[str]
    round: int
    accepting: bool = Field(description="The forum still takes input.")
    refusal: str = Field(default="", description="Why it does not, when it does not.")
    version: int | None = Field(description="Number of the draft version shown; None if none.")
    sections: list[PortalSection]
    groups: list[PortalGroup]
    max_text: int = Field(description="Longest input text accepted (characters).")
    form: InputForm = Field(default_factory=InputForm)
    inputs: int = Field(default=0, description="Inputs the forum received (every channel).")
    outcomes: list[OutcomeCount] = Field(
        default_factory=list,
        description="Its inputs by disposition in the approved draft; empty before approval.",
    )
    approved_version: int | None = Field(default=None, description="The approved version.")
    officer_name: str = Field(
        default="", description="The data-protection officer (PPDP) to ask; '' if none."
    )
    officer_email: str = ""
    approved_on: date | None = Field(default=None, description="The day it was approved.")


class InputOutcome(_Row):
    """What the drafting team did with an input, in the draft version leadership approved."""

    disposition: str = Field(
        description="diterima, diterima sebagian, tidak diterima or di luar lingkup."
    )
    response: str = Field(description="The team's response, as the Matriks prints it.")
    changed_sections: list[str] = Field(description="Sections changed for it ('Pasal 5').")
    version: int = Field(description="The approved version the response belongs to.")
    approved_on: date = Field(description="The day leadership approved that version.")


class ReceiptPage(_Row):
    """The confirmation of a received input, and later what became of it."""

    header: PortalHeader
    token: str
    forum_title: str
    number: int = Field(description="The input's receipt number in the cycle.")
    code: str = Field(description="Receipt code proving the portal issued this receipt.")
    section: str = Field(description="Section label, or '' for a general input.")
    author: str
    institution: str
    group: str
    text: str
    received_at: datetime
    anonymous: bool = Field(
        default=False, description="Sent without a name (the author is stored as 'Anonim')."
    )
    outcome: InputOutcome | None = Field(
        default=None, description="The response in the approved draft, once there is one."
    )
    awaiting: bool = Field(
        default=False,
        description="No draft is approved yet in an active cycle: the response comes later.",
    )
    stopped: bool = Field(
        default=False, description="The cycle ended before any draft was approved."
    )
    repeated: bool = Field(
        default=False, description="The same input had been received before (not stored again)."
    )
    notice_pending: bool = Field(
        default=False,
        description="The author left an address: they will be told when the response appears.",
    )


class DocumentList(_Row):
    """The documents of a forum's cycle a visitor may read."""

    header: PortalHeader
    token: str
    forum_title: str
    documents: list[PortalDocument]
    organiser: bool = Field(description="Listed for an organiser (every document of the cycle).")


class MessagePage(_Row):
    """A page that only says something (an error, a refusal)."""

    header: PortalHeader
    title: str
    message: str
    back: str = Field(default="", description="Link back, or ''.")


class LoginPage(_Row):
    """The sign-in form of the organisers' or the leaders' pages."""

    header: PortalHeader
    error: str = ""
    action: str = Field(default="/penyelenggara/masuk", description="Where the form posts.")
    audience: str = Field(default="panitia forum", description="Who signs in here, in words.")


class OrganiserForum(_Row):
    """A forum in the organiser's list."""

    id: int
    code: str
    title: str
    held_on: date
    venue: str
    round: int
    status: str
    public_path: str = Field(description="Path of the forum's public page.")
    inputs: int
    present: int


class OrganiserHome(_Row):
    """The organiser's start page: the forums of the newest cycle."""

    header: PortalHeader
    member: str = Field(description="Name of the signed-in organiser.")
    cycle: int
    expires_at: datetime
    forums: list[OrganiserForum]
    minutes: list[MinutesItem] = Field(default_factory=list)
    notice: str = Field(default="", description="What the last action did, or ''.")
    error: str = Field(default="", description="Why the last action was refused, or ''.")


class OrganiserInput(_Row):
    """An input as the organiser sees it."""

    number: int
    author: str
    institution: str
    group: str
    section_ref: str
    place: SectionPlace = Field(description="The section named, and where it is now.")
    show_ref: bool = Field(description="The label as written says more than the heading.")
    text: str
    channel: str
    received_at: datetime


class OrganiserSection(_Row):
    """Inputs on one section (or 'Umum'), headed as in the latest draft version."""

    section: str
    head: SectionPlace
    inputs: list[OrganiserInput]


class InputsPage(_Row):
    """A forum's inputs grouped by section, for the organiser."""

    header: PortalHeader
    forum_id: int
    forum_title: str
    forum_code: str
    total: int
    sections: list[OrganiserSection]


class Attendee(_Row):
    """A person on a forum's attendance list."""

    name: str
    nip: str | None
    institution: str
    group: str
    present: bool


class AttendanceForm(_Row):
    """What the organiser typed at the door, with problems found."""

    name: str = ""
    nip: str = ""
    institution: str = ""
    group: str = ""
    errors: dict[str, str] = Field(default_factory=dict)
    saved: str = Field(default="", description="Name of the person just recorded, or ''.")


class AttendancePage(_Row):
    """Attendance at the door: the form and the list so far."""

    header: PortalHeader
    forum_id: int
    forum_title: str
    forum_code: str
    accepting: bool = Field(description="Attendance can still be recorded (forum not closed).")
    groups: list[PortalGroup]
    people: list[Attendee]
    present: int
    form: AttendanceForm = Field(default_factory=AttendanceForm)


class DeadlineRow(_Row):
    """A stage or rollout milestone whose working-day deadline is near or past."""

    cycle: int
    kind: str = Field(description="'stage', 'milestone' or 'action' (follow-up actions).")
    subject: str = Field(
        description="The stage (and period), the unit and milestone, or the unit's follow-up."
    )
    due_on: date
    working_days: int = Field(description="Working days late (overdue) or left (due soon).")
    status: str = Field(description="The run's status, or the unit's reported progress.")
    responsible: list[str] = Field(description="Who is reminded: officers or the unit's head.")
    note: str = ""


class DeadlinesPage(_Row):
    """The overdue board of an organisation: every active cycle, worst first."""

    header: PortalHeader
    member: str
    today: date
    lead_working_days: int = Field(description="How far ahead 'due soon' looks.")
    overdue: list[DeadlineRow]
    due_soon: list[DeadlineRow]


class ReviewItem(_Row):
    """A stage run waiting for a leader's decision."""

    run_id: int
    cycle: int
    label: str = Field(description="The stage with its period: 'Evaluasi Berkala periode …'.")
    attempt: int
    started_by: str
    submitted_at: datetime | None
    own: bool = Field(description="The signed-in leader ran it: another leader decides.")
    documents: int = Field(description="Its documents in Bahasa Indonesia.")


class DecidedRun(_Row):
    """A decision recorded on a stage run (under the queue; on the run's own page)."""

    run_id: int
    cycle: int
    label: str
    attempt: int
    decision: str = Field(description="In words: 'disetujui', 'dikembalikan', 'ditolak'.")
    reviewer: str
    reason: str
    via: str = Field(description="Where it was taken: 'cli', 'portal', 'prefect-ui', 'reopen'.")
    decided_at: datetime


class MinutesItem(_Row):
    """A closed forum whose minutes wait for the approval of the page's role."""

    forum_id: int
    cycle: int
    code: str
    title: str
    held_on: date
    notulen_id: int | None = Field(description="The newest Notulen document, if published.")
    given: list[str] = Field(description="Approvals already given: 'penyelenggara: name, date'.")
    approved_by_me: bool = Field(
        description="The signed-in member gave the other approval: someone else gives this one."
    )


class HeldGate(_Row):
    """A stage that cannot start though the stage before it is approved: a leader may open it."""

    cycle: int
    stage: str = Field(description="The stage's code (the form sends it).")
    label: str
    blockers: list[str] = Field(description="What holds the gate, in words.")


class ReviewQueue(_Row):
    """A leader's start page: the stages waiting for a decision, and the latest decisions."""

    header: PortalHeader
    member: str
    expires_at: datetime
    waiting: list[ReviewItem]
    recent: list[DecidedRun]
    minutes: list[MinutesItem] = Field(default_factory=list)
    gates: list[HeldGate] = Field(default_factory=list)
    notice: str = Field(default="", description="What the last action did, or ''.")
    error: str = Field(default="", description="Why the last action was refused, or ''.")


class DocumentGroup(_Row):
    """The documents of one kind a stage run published."""

    title: str = Field(description="The kind's title, without a document's subject.")
    folded: bool = Field(description="Many documents: shown folded under title and count.")
    documents: list[PortalDocument]


class ReviewForm(_Row):
    """What the leader chose and wrote, with the problem found (to show it again)."""

    attempt: int = Field(description="The attempt the page showed (a newer one is refused).")
    choice: str = ""
    reason: str = ""
    back_to_forums: bool = False
    stop_confirmed: bool = Field(default=False, description="A rejection's 'the cycle stops'.")
    error: str = ""
    done: str = Field(default="", description="What was recorded, after a decision.")


class StageFigure(_Row):
    """One key figure of a stage run's summary, in words."""

    label: str
    value: str


class ReviewPage(_Row):
    """One stage run for a leader: its documents, earlier decisions, the decision form."""

    header: PortalHeader
    member: str
    run_id: int
    cycle: int
    cycle_active: bool
    label: str
    stage: str
    attempt: int
    status: str
    started_by: str
    started_at: datetime
    submitted_at: datetime | None
    groups: list[DocumentGroup]
    figures: list[StageFigure] = Field(
        default_factory=list, description="The run's key figures, from its stored summary."
    )
    earlier: list[DecidedRun] = Field(description="Decisions on this run's attempts, oldest first.")
    why_not: str = Field(description="Why this leader cannot decide now, or ''.")
    can_return_to_forums: bool = Field(description="Drafting: a return may go to the forums.")
    can_reopen: bool = Field(
        default=False,
        description="An approved evaluation period of an active cycle: a leader may reopen it "
        "for a correction.",
    )
    objections: list[RegisterEntry] = Field(
        default_factory=list, description="Evaluation: objections to the period's results."
    )
    awaiting: int = Field(
        default=0, description="Results changed on objection that the data do not give yet."
    )
    pdf: bool = Field(
        default=False, description="The server prints PDFs (Chromium): each document links one."
    )
    form: ReviewForm


def _portal_views() -> dict[str, type[BaseModel]]:
    # The needs questionnaire's views take this module's header: they are read on first use.
    from policy.views.leader_actions import LeaderActionPage, LeaderActionsPage
    from policy.views.needs_questionnaire import NeedsSurveyPage, NeedsThanks
    from policy.views.skm_public import PortalHome, PublicIkmPage
    from policy.views.survey import SurveyPage, SurveyThanks

    return {
        "survey": SurveyPage,
        "survey_thanks": SurveyThanks,
        "ikm_results": PublicIkmPage,
        "home": PortalHome,
        "needs_survey": NeedsSurveyPage,
        "needs_survey_thanks": NeedsThanks,
        "forum": ForumPage,
        "receipt": ReceiptPage,
        "documents": DocumentList,
        "message": MessagePage,
        "login": LoginPage,
        "organiser_home": OrganiserHome,
        "organiser_inputs": InputsPage,
        "organiser_attendance": AttendancePage,
        "organiser_deadlines": DeadlinesPage,
        "leader_queue": ReviewQueue,
        "leader_review": ReviewPage,
        "leader_actions": LeaderActionsPage,
        "leader_action": LeaderActionPage,
    }


def __getattr__(name: str) -> Any:
    if name == "PORTAL_VIEWS":
        views = globals()["PORTAL_VIEWS"] = _portal_views()
        return views
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
