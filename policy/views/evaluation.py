"""View models of the Laporan Evaluasi and the Rekomendasi Tindak Lanjut.

Layer: domain presentation (built by `policy.services.evaluation`). The views carry
structured data; the templates word it, so each locale reads in its own language.
Only the Rekomendasi names employees: the Laporan shows counts (DOMAIN.md §6).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from policy.documents import View
from policy.views.evaluation_rows import (
    ActionCount,
    ActionGroup,
    ActionRow,
    ActivityRow,
    CapaianUsed,
    ComplaintStatsRow,
    CurveNote,
    EarlierActions,
    ElementName,
    IndicatorRow,
    MeasureView,
    PartnerIkmRow,
    PredikatCount,
    ProcessingRow,
    ProcessingUnit,
    ProfileGroup,
    ProfileRow,
    ReportSummary,
    ServiceIkmUnit,
    SkmSilentUnit,
    SkmUnit,
    TeamRow,
    TrendCell,
    TrendPeriod,
    TrendRow,
    UnitPredikat,
)
from policy.views.rows_360 import (
    BonusRule,
    CriteriaMeanRow,
    CriteriaMeans,
    CriteriaSetRow,
    CriterionCount,
    CriterionWeight,
    FrameworkView,
    SelfAssessmentRow,
    SourceCount,
    SourceWeight,
    ThresholdRow,
    UnitReweight,
)

__all__ = [
    "ActionCount",
    "ActionGroup",
    "ActionRow",
    "BonusRule",
    "CapaianUsed",
    "ActivityRow",
    "ComplaintStatsRow",
    "ProcessingRow",
    "PartnerIkmRow",
    "ProcessingUnit",
    "CriteriaMeanRow",
    "CriteriaMeans",
    "CriteriaSetRow",
    "CriterionCount",
    "CriterionWeight",
    "CurveNote",
    "ElementName",
    "EvaluationView",
    "FollowUpView",
    "FrameworkView",
    "IndicatorRow",
    "MeasureView",
    "PredikatCount",
    "ProfileGroup",
    "ProfileRow",
    "SelfAssessmentRow",
    "EarlierActions",
    "ReportSummary",
    "ServiceIkmUnit",
    "SkmSilentUnit",
    "SkmUnit",
    "SourceCount",
    "SourceWeight",
    "TeamRow",
    "ThresholdRow",
    "TrendCell",
    "TrendPeriod",
    "TrendRow",
    "UnitPredikat",
    "UnitReweight",
]


class EvaluationView(View):
    """Everything the Laporan Evaluasi shows (counts only, no employee names)."""

    period: str = Field(description="Canonical period code, e.g. '2026-TW3'.")
    period_label: str = Field(description="E.g. 'Triwulan III 2026'.")
    period_start: date
    period_end: date
    min_group_size: int = Field(
        default=3, description="Smallest group (team, unit) whose figures the report shows."
    )
    self_round: bool = Field(
        default=False, description="A self-assessment round (`PackEvaluation.self_round`)."
    )
    evaluated_every: str = Field(
        default="", description="The pack's `evaluation.periods` ('annual', 'quarterly', …)."
    )
    legal_form: str
    policy_title: str
    employees: int
    rated: int
    unrated: int
    org_counts: list[PredikatCount]
    units: list[UnitPredikat]
    capaian_patterns: list[str] = Field(
        default_factory=list,
        description="The capaian values the rated units were checked against, in the SE's "
        "order (Istimewa first), so the report states each pattern it applied.",
    )
    ikm_weight: str = Field(description="Element weight as written, e.g. '1/9' or '0,11'.")
    ikm_target: Decimal
    elements: list[ElementName]
    skm_respondents: int
    skm_units: list[SkmUnit]
    skm_silent: list[SkmSilentUnit] = Field(
        default_factory=list, description="Service units without any SKM response."
    )
    indicators: list[IndicatorRow]
    action_counts: list[ActionCount]
    due_working_days: int = Field(
        description="Working days from the report date to an action's due date."
    )
    due_on: date
    prepared_by: str
    prepared_by_title: str
    framework: str = Field(default="national", description="'national' or 'weighted_360'.")
    framework_view: FrameworkView | None = Field(default=None, description="Weighted 360 only.")
    org_mean: Decimal | None = Field(default=None, description="Weighted 360: mean score.")
    org_mean_predikat: str = ""
    reweight: list[UnitReweight] = Field(default_factory=list)
    self_assessment: list[SelfAssessmentRow] = Field(default_factory=list)
    self_filled: int = Field(default=0, description="Employees who filled in a self-assessment.")
    self_staff: int = Field(default=0, description="Employees on the staff list (360 runs).")
    criteria_means: list[CriteriaMeans] = Field(default_factory=list)
    ignored_ratings: int = Field(default=0, description="360 ratings on criteria outside a set.")
    ekinerja_unused: int = Field(
        default=0, description="e-Kinerja ratings present although the framework is 360."
    )
    teams: list[TeamRow] = Field(default_factory=list)
    teams_in_sheets: bool = Field(
        default=False, description="Too many teams for the report: they are in the unit sheets."
    )
    team_count: int = 0
    complaints: list[ComplaintStatsRow] = Field(default_factory=list)
    complaints_total: int = 0
    response_limit_hours: int = 72
    complaints_target: Decimal | None = Field(default=None, description="Percent on time.")
    service_ikm: list[ServiceIkmUnit] = Field(
        default_factory=list, description="IKM per kind of service, units listing their services."
    )
    activity: list[ActivityRow] = Field(
        default_factory=list, description="e-Kinerja activity reports per unit, pack order."
    )
    activity_total: ActivityRow | None = None
    activity_months: int = Field(default=0, description="Months of the period.")
    activity_share: Decimal | None = Field(
        default=None, description="Percent of a month's working days required; None: 1 day."
    )
    processing: list[ProcessingUnit] = Field(
        default_factory=list, description="Service processing times, units in pack order."
    )
    skm_partners: list[str] = Field(default_factory=list)
    skm_by_partner: list[PartnerIkmRow] = Field(
        default_factory=list,
        description="Responses and IKM per survey partner; empty when none named a partner.",
    )
    skm_profile: list[ProfileGroup] = Field(default_factory=list)
    trend_periods: list[TrendPeriod] = Field(default_factory=list)
    trend: list[TrendRow] = Field(default_factory=list)
    unit_sheets: int = Field(default=0, description="Lembar hasil per unit published with it.")
    summary: ReportSummary | None = Field(
        default=None, description="The headline figures for the summary at the top."
    )
    earlier_actions: list[EarlierActions] = Field(
        default_factory=list,
        description="Follow-up raised by the cycle's earlier periods, by rule: how it stands.",
    )
    earlier_periods: list[str] = Field(
        default_factory=list, description="Labels of the earlier periods those come from."
    )


class FollowUpView(View):
    """Everything the Rekomendasi Tindak Lanjut shows (it names employees)."""

    period: str
    period_label: str
    report_title: str = Field(description="Title of the Laporan Evaluasi it follows.")
    ikm_target: Decimal
    ikm_weight: str = Field(description="SKM element weight as written, e.g. '1/9' or '0,11'.")
    due_working_days: int
    groups: list[ActionGroup]
    total: int
    prepared_by: str
    prepared_by_title: str
    framework: str = "national"
    jp_right: int = Field(default=20, description="JP of competence development per year.")
