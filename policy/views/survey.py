"""View models of the online SKM survey: its page, answers, thanks page, poster and links.

Layer: domain presentation (built by `policy.services.survey`, the poster and links, and
`policy.services.survey_answers`, the page and thanks page; rendered by the portal and, for
the poster, by `policy.documents.render_poster`). Every name here is untrusted; the
templates are autoescaped.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from policy.views.portal import PortalHeader, _Row


class SurveyQuestion(_Row):
    """One element's question; the i-th option is the answer scored i + 1."""

    code: str = Field(description="u1 … u9.")
    element: str = Field(description="The element's name in the organisation's pack.")
    text: str
    options: list[str]


class SurveyAnswers(_Row):
    """What a respondent sent, shown again with the reasons when it is refused."""

    answers: dict[str, str] = Field(default_factory=dict, description="u1 … u9 -> '1'…'4'.")
    gender: str = ""
    age: str = ""
    education: str = ""
    occupation: str = ""
    service_type: str = ""
    errors: dict[str, str] = Field(
        default_factory=dict, description="Field -> why it was refused (empty: not refused)."
    )


class SurveyPage(_Row):
    """A service unit's survey form."""

    header: PortalHeader
    token: str = Field(description="The survey's public token (part of its link).")
    unit_code: str
    unit_name: str
    partner: str = Field(default="", description="The survey partner running this link.")
    accepting: bool = Field(description="The survey still takes answers.")
    refusal: str = Field(default="", description="Why it does not, when it does not.")
    nonce: str = Field(description="The form's one-time number: a form sent twice counts once.")
    questions: list[SurveyQuestion]
    genders: dict[str, str] = Field(description="Stored value -> label (L -> Laki-laki).")
    education: dict[str, str] = Field(description="Stored value -> label (S1 -> S1 in Indonesian).")
    occupations: dict[str, str] = Field(description="Stored value -> label, as `genders`.")
    services: list[str] = Field(
        description="The unit's kinds of service: the pack's list, else those its respondents "
        "named most (suggestions)."
    )
    services_fixed: bool = Field(
        default=False, description="The pack lists the unit's services: a choice, not text."
    )
    min_age: int
    max_age: int
    max_service_text: int
    form: SurveyAnswers = Field(default_factory=SurveyAnswers)


class SurveyThanks(_Row):
    """The page after an answered survey."""

    header: PortalHeader
    token: str
    unit_name: str
    answered_on: date = Field(description="The day the response counts for (local time).")
    repeated: bool = Field(default=False, description="The same form was sent again.")
    org_code: str = Field(default="", description="For the link to the published results.")


class SurveyPoster(_Row):
    """The A4 poster of a unit's survey: its link in words and as a QR code."""

    kind: str = Field(
        default="skm",
        description="Which survey: 'skm' (service recipients) or 'kebutuhan_asn' (the unit's "
        "employees, the ASN needs questionnaire).",
    )
    organisation: str
    unit_name: str
    partner: str = Field(default="", description="The survey partner running this link.")
    url: str = Field(description="The survey's full address, as the QR code holds it.")
    qr_svg: str = Field(description="The QR code as an SVG element (made by Siklus, trusted).")
    results_url: str = Field(default="", description="SKM: the public results page's address.")
    questions: int
    min_group: int = Field(
        default=0, description="Needs questionnaire: fewest people whose answers are shown."
    )
    opened_on: date


class SurveyLinkRow(_Row):
    """A service unit's survey link with what came through it (the officers' list)."""

    unit_code: str
    unit_name: str
    partner: str = Field(default="", description="The survey partner running it ('' own).")
    path: str = Field(description="/s/<token>; the portal's address goes before it.")
    open: bool
    opened_by: str
    opened_at: datetime
    closed_by: str = ""
    closed_at: datetime | None = None
    close_reason: str = ""
    responses: int = Field(description="Responses stored from this link (taken-back ones not).")
    today: int = Field(description="Of them, answered today (local time).")
    last_on: date | None = Field(default=None, description="Day of the latest one.")
    period: str = Field(description="The evaluation period holding today (pack `periods`).")
    period_responses: int = Field(
        description="The unit's SKM responses dated in `period`, from every channel (files too)."
    )
    sample_needed: int | None = Field(
        default=None,
        description="Krejcie & Morgan minimum sample of the unit's `population`; None: not set.",
    )
    made: bool = Field(default=False, description="The link was made by this request.")
