"""View model of the needs analysis's document, in either outline.

Layer: domain presentation (built by `policy.services.needs_analysis`). The Laporan
Analisis Kebutuhan and the Kajian Akademik (the Naskah Akademik outline, the pack's
`stages.needs_analysis_outline`) render the same view: one analysis, two ways of setting
it out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View
from policy.views.evaluation_rows import ProcessingUnit


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class ComplaintUnit(_Row):
    """Complaints of one unit in the analysis window."""

    unit: str = Field(description="Unit name.")
    unit_code: str = Field(default="", description="Unit code (as imported).")
    count: int
    share: Decimal = Field(description="Share of all complaints, percent.")
    avg_hours: Decimal | None = Field(description="Mean response time in hours.")
    late: int = Field(description="Complaints answered after the response limit or not at all.")
    top_category: str


class WeakElement(_Row):
    """An SKM element among a unit's weakest, with its mean score (NRR, 1–4)."""

    code: str = Field(description="Element code as shown, e.g. 'U3'.")
    name: str = Field(description="Element name, e.g. 'Waktu Penyelesaian'.")
    nrr: Decimal = Field(description="Mean score of the element, rounded to two places.")


class WeakKind(_Row):
    """A kind of service (jenis layanan) of a unit whose own IKM is below the target."""

    service: str
    ikm: Decimal
    mutu: str
    respondents: int


class SkmUnit(_Row):
    """SKM result of one service unit in the analysis window."""

    unit: str
    unit_code: str = Field(default="", description="Unit code.")
    respondents: int
    ikm: Decimal
    mutu: str
    kinerja: str
    below_target: bool
    weakest: list[WeakElement] = Field(description="The two weakest elements, weakest first.")
    warning: str | None = None
    weak_kinds: list[WeakKind] = Field(
        default_factory=list,
        description="Kinds of service the pack lists for the unit whose IKM is below the "
        "target, lowest first (at most three).",
    )


class SurveyScore(_Row):
    """A statement of the ASN needs questionnaire with its index (mean answer × 25, 25–100)."""

    code: str = Field(description="Its column, e.g. 'k2'.")
    text: str = Field(description="The statement, in the document's language.")
    index: Decimal = Field(description="Mean answer × 25, rounded half up to two places.")
    answers: int = Field(default=0, description="Sheets that answered it.")
    below_target: bool = False


class SurveyUnit(_Row):
    """A unit's answer sheets of the ASN needs questionnaire."""

    unit: str
    unit_code: str = Field(default="", description="Unit code; '' for the pooled small units.")
    sheets: int
    index: Decimal = Field(description="Mean of all its answers × 25.")
    weakest: list[SurveyScore] = Field(
        default_factory=list, description="Statements below the target, lowest first (two)."
    )
    pooled: int = Field(
        default=0, description="Units pooled into this row (each below the smallest group)."
    )


class DevelopmentNeed(_Row):
    """Competence development employees asked for, as often as it was asked."""

    text: str
    count: int


class NeedsSurvey(_Row):
    """The ASN needs questionnaire of the cycle: statements, units, development asked for."""

    sheets: int
    units_answering: int
    still_open: list[str] = Field(
        default_factory=list,
        description="Units whose online questionnaire was still open when the report was made.",
    )
    target: Decimal
    min_group: int = Field(description="Fewest sheets a unit's own row needs (anonymity).")
    items: list[SurveyScore] = Field(description="Every statement, organisation-wide.")
    units: list[SurveyUnit] = Field(description="Units with enough sheets, lowest index first.")
    pooled: SurveyUnit | None = Field(
        default=None,
        description="The small units together (with the smallest others where they alone are "
        "too few).",
    )
    development: list[DevelopmentNeed] = Field(
        default_factory=list,
        description="Development asked for at least `min_group` times, most asked first.",
    )


class Problem(_Row):
    """A ranked problem; which fields are set depends on `source`."""

    rank: int
    unit: str
    unit_code: str = Field(
        default="", description="Unit code; '' when the problem is not one unit's."
    )
    source: str = Field(description="'complaints', 'skm', 'processing', 'asn_needs' or 'followup'.")
    score: Decimal
    count: int = 0
    share: Decimal | None = None
    late: int = 0
    top_category: str = ""
    ikm: Decimal | None = None
    mutu: str = ""
    target: Decimal | None = None
    weakest: list[WeakElement] = Field(default_factory=list)
    weak_kinds: list[WeakKind] = Field(default_factory=list)
    followup: str = ""
    within: Decimal | None = Field(
        default=None, description="Processing: percent of requests within the standard."
    )
    slow: list[str] = Field(default_factory=list, description="Kinds of service below target.")
    statements: list[SurveyScore] = Field(
        default_factory=list, description="ASN needs: the statements below target, lowest first."
    )


class Stakeholder(_Row):
    """A unit in the stakeholder map."""

    unit: str
    kind: str
    employees: int
    pns: int
    pppk: int
    service: bool = Field(description="Serves the public (implementer and service provider).")


class Group(_Row):
    """A stakeholder group and how it is involved."""

    name: str
    involvement: str = Field(description="As the pack writes it; '' for consulted (the default).")


class Indicator(_Row):
    """A proposed indicator."""

    code: str
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str = Field(description="'higher' or 'lower' is better.")
    decimals: int = Field(default=2, description="Decimal places of its values (the pack's).")


class EarlierEvaluation(_Row):
    """One approved evaluation period of the previous cycle, as its summary recorded it."""

    cycle: int
    period: str
    period_label: str
    rated: int
    good: int = Field(description="Employees rated Sangat Baik or Baik.")
    weak: int = Field(description="Employees rated Butuh Perbaikan, Kurang or Sangat Kurang.")
    curve_units: int = Field(description="Units whose predikat left their distribution pattern.")
    lowest_unit: str = Field(default="", description="Service unit with the lowest IKM.")
    lowest_ikm: Decimal | None = None
    lowest_mutu: str = ""
    indicators_met: int
    indicators_behind: int
    indicators_total: int
    actions: int = Field(description="Follow-up actions raised.")


class Regulation(_Row):
    """A national regulation the policy rests on (`policy.legal_bases`)."""

    citation: str = Field(
        description="Its name as a Mengingat cites it, with its amendments (in Indonesian)."
    )
    short: str = Field(description="Short form, e.g. 'UU 20/2023'.")
    governs: str = Field(description="What it governs for the policy, in the document's language.")


class NotesParts(_Row):
    """The officer's notes by part of the Naskah Akademik outline (`policy.academic_notes`).

    Trusted Markdown, headings moved down to level 4; '' where the notes say nothing of a part.
    """

    teoretis: str = Field(default="", description="'Kajian Teoretis': BAB II A.")
    lainnya: str = Field(default="", description="Sections naming no part: BAB II A, after it.")
    empiris: str = Field(default="", description="'Praktik Empiris': BAB II B, after the data.")
    peraturan: str = Field(default="", description="'Dasar Hukum' and the like: BAB III.")
    filosofis: str = Field(default="", description="'Landasan Filosofis': BAB IV A.")
    sosiologis: str = Field(default="", description="'Landasan Sosiologis': BAB IV B.")
    yuridis: str = Field(default="", description="'Landasan Yuridis': BAB IV C.")
    materi: str = Field(
        default="", description="'Ruang Lingkup Materi Muatan' and the like: BAB V."
    )


class NeedsAnalysisView(View):
    """Everything the needs analysis's document shows, in either outline."""

    legal_form: str
    policy_title: str
    window_start: date
    window_end: date
    response_limit_hours: int
    complaints_total: int
    complaint_units: list[ComplaintUnit]
    skm_respondents: int
    skm_units: list[SkmUnit]
    ikm_weight: str
    ikm_target: Decimal
    problems: list[Problem]
    stakeholders: list[Stakeholder]
    groups: list[Group]
    employees_total: int
    indicators: list[Indicator]
    processing: list[ProcessingUnit] = Field(
        default_factory=list, description="Service processing times per unit, pack order."
    )
    processing_target: Decimal | None = Field(
        default=None, description="Percent within the standard a unit must reach."
    )
    earlier: list[EarlierEvaluation] = Field(
        default_factory=list,
        description="The previous cycle's approved evaluation periods (a revision cycle only).",
    )
    survey: NeedsSurvey | None = Field(
        default=None, description="The ASN needs questionnaire, when the cycle has answers."
    )
    notes_markdown: str = Field(description="Officer notes (trusted Markdown, headings demoted).")
    notes_parts: NotesParts = Field(
        default_factory=NotesParts,
        description="The same notes by part of the Naskah Akademik outline (the Kajian Akademik).",
    )
    regulations: list[Regulation] = Field(
        default_factory=list,
        description="The national regulations the policy rests on (the Kajian Akademik's BAB III).",
    )
    prepared_by: str
    prepared_by_title: str
