"""View models of the ASN needs questionnaire online: its portal pages and the officers' list.

Layer: domain presentation (built by `policy.services.needs_questionnaire` and
`policy.services.needs_answers`, rendered by `policy.documents.render_portal`). The pages
ask employees about their supervisors and their unit, anonymously: no view here carries a
name or a NIP, and what a respondent typed (the development wanted) is untrusted text the
autoescaped templates print as text.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from policy.views.portal import PortalHeader, _Row


class NeedsStatement(_Row):
    """A statement of the questionnaire, answered 1 (tidak setuju) … 4 (sangat setuju)."""

    code: str = Field(description="k1 … k12, the pack's `needs_survey.items`.")
    text: str = Field(description="The statement in the page's language.")


class NeedsAnswers(_Row):
    """What a respondent sent, shown again with the reasons when it is refused."""

    answers: dict[str, str] = Field(default_factory=dict, description="k1 … k12 -> '1'…'4'.")
    development: str = Field(default="", description="The competence development wanted.")
    errors: dict[str, str] = Field(
        default_factory=dict, description="Field -> why it was refused (empty: not refused)."
    )


class NeedsSurveyPage(_Row):
    """A unit's needs questionnaire form."""

    header: PortalHeader
    token: str = Field(description="The questionnaire's public token (part of its link).")
    unit_name: str
    policy_title: str = Field(description="The policy whose needs analysis the answers feed.")
    accepting: bool = Field(description="The questionnaire still takes answers.")
    refusal: str = Field(default="", description="Why it does not, when it does not.")
    nonce: str = Field(description="The form's one-time number: a form sent twice counts once.")
    statements: list[NeedsStatement]
    max_development: int = Field(description="Longest development text taken (characters).")
    min_group: int = Field(description="Fewest people whose answers a report shows together.")
    officer_name: str = Field(
        default="", description="The data-protection officer (PPDP) to ask; '' if none."
    )
    officer_email: str = ""
    form: NeedsAnswers = Field(default_factory=NeedsAnswers)


class NeedsThanks(_Row):
    """The page after an answered questionnaire."""

    header: PortalHeader
    token: str
    unit_name: str
    answered_on: date = Field(description="The day the answer was stored (local time).")
    repeated: bool = Field(default=False, description="The same form was sent again.")
    min_group: int = Field(description="Fewest people whose answers a report shows together.")


class NeedsLinkRow(_Row):
    """A unit's questionnaire link with what came through it (the officers' list)."""

    unit_code: str
    unit_name: str
    cycle: int = Field(description="The number of the cycle whose needs analysis it feeds.")
    path: str = Field(description="/k/<token>; the portal's address goes before it.")
    open: bool
    opened_by: str
    opened_at: datetime
    closed_by: str = ""
    closed_at: datetime | None = None
    close_reason: str = ""
    responses: int = Field(description="Answers stored from this link (taken-back ones not).")
    today: int = Field(description="Of them, answered today (local time).")
    unit_sheets: int = Field(
        description="The unit's answer sheets in the cycle from every channel (files too)."
    )
    min_group: int = Field(description="Fewest sheets a unit's own row in the report needs.")
    made: bool = Field(default=False, description="The link was made by this request.")
