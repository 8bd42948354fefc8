"""View models of the lembar hasil per unit and the private sheet per employee.

Layer: domain presentation (built by `policy.services.evaluation_sheets`). A unit sheet
shows counts only. An employee's sheet shows that employee's own figures and nothing of
anyone else: no other employee, no rater's name or NIP, and a rekan, bawahan or
masyarakat figure only when enough raters stand behind it (anonymity threshold).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from policy.documents import View
from policy.models import Predikat
from policy.views.evaluation_rows import (
    ActionCount,
    ActivityRow,
    CollectorCount,
    ComplaintStatsRow,
    EarlierActions,
    ElementName,
    ProcessingUnit,
    ProfileGroup,
    ServiceIkmRow,
    SkmUnit,
    TeamRow,
    TrendPeriod,
    TrendRow,
    UnitPredikat,
    _Row,
)
from policy.views.rows_360 import (
    CriteriaMeans,
    SelfAssessmentRow,
    ThresholdRow,
    UnitReweight,
)


class _PeriodView(View):
    period: str = Field(description="Canonical period code, e.g. '2026-TW3'.")
    period_label: str
    period_start: date
    period_end: date
    legal_form: str
    policy_title: str
    framework: str = Field(description="'national' or 'weighted_360'.")
    report_title: str = Field(description="Title of the Laporan Evaluasi it belongs to.")
    self_round: bool = Field(default=False, description="A self-assessment round.")
    evaluated_every: str = Field(default="", description="The pack's `evaluation.periods`.")


class UnitSheetView(_PeriodView):
    """The lembar hasil of one unit (counts, teams, curve, IKM, complaints; no names)."""

    unit_code: str
    unit: str
    kind: str
    service: bool
    predikat: UnitPredikat | None = Field(
        description="None: nobody of the unit was rated. Carries the capaian kinerja "
        "organisasi the distribution was checked against."
    )
    scale_max: int = Field(default=0, description="Weighted 360: top of the rating scale.")
    anonymity_threshold: int = Field(
        default=0,
        description="Weighted 360: the fewest raters whose peer, subordinate or community "
        "score is shown.",
    )
    reweight: UnitReweight | None = None
    self_assessment: SelfAssessmentRow | None = None
    criteria_means: list[CriteriaMeans] = Field(default_factory=list)
    teams: list[TeamRow]
    skm: SkmUnit | None = Field(description="None: no SKM responses for the unit.")
    population: int | None = Field(default=None, description="Pack population (K&M check).")
    sample_min: int | None = Field(default=None, description="Krejcie & Morgan minimum.")
    elements: list[ElementName]
    ikm_weight: str
    ikm_target: Decimal
    skm_profile: list[ProfileGroup] = Field(default_factory=list)
    service_ikm: list[ServiceIkmRow] = Field(
        default_factory=list,
        description="IKM per kind of service, for a unit whose pack lists its services.",
    )
    collected: list[CollectorCount] = Field(
        default_factory=list,
        description="Who surveyed the unit's respondents, once a survey partner did any.",
    )
    trend_periods: list[TrendPeriod] = Field(default_factory=list)
    trend: TrendRow | None = None
    complaints: ComplaintStatsRow | None = None
    processing: ProcessingUnit | None = None
    activity: ActivityRow | None = None
    activity_months: int = 0
    activity_share: Decimal | None = None
    response_limit_hours: int = 72
    complaints_target: Decimal | None = None
    actions: list[ActionCount]
    earlier_actions: list[EarlierActions] = Field(
        default_factory=list,
        description="Follow-up the cycle's earlier periods raised about the unit: how it stands.",
    )
    earlier_periods: list[str] = Field(default_factory=list, description="Their periods' labels.")
    min_group_size: int = Field(default=3, description="Smallest group whose figures show.")
    predikats: list[str] = Field(
        default_factory=lambda: [p.value for p in Predikat],
        description="The predikat names, best first (columns of the team table).",
    )


class SheetCell(_Row):
    """One source's figure on one criterion, as the employee may see it."""

    source: str
    shown: bool = Field(description="False: fewer raters than the anonymity threshold.")
    raters: int = Field(description="Raters behind a shown figure (0 when hidden).")
    mean: Decimal | None = Field(description="Mean score, 2 decimals; None when hidden.")
    weight: Decimal = Field(description="Percent of the criterion score it carried.")


class SheetCriterion(_Row):
    """The employee's result on one criterion."""

    code: str
    name: str
    weight: Decimal = Field(description="Configured weight, percent.")
    applied_weight: Decimal = Field(description="Weight it carried in the score, percent.")
    score: Decimal | None
    cells: list[SheetCell]
    self_score: Decimal | None = None
    supervisor_score: Decimal | None = None
    gap: Decimal | None = Field(default=None, description="Self minus supervisor.")


class SheetBonus(_Row):
    """Bonus points of the employee."""

    code: str
    name: str
    points: Decimal
    applied: Decimal


class SheetAction(_Row):
    """A follow-up action for the employee, with its owner named by role only."""

    rule: str
    title: str
    owner_role: str = Field(description="'supervisor', 'unit_head', 'personnel' or 'officer'.")
    owner_unit: str = Field(default="", description="Unit of a unit head or the personnel unit.")
    due_on: date
    status: str
    focus: list[str] = Field(default_factory=list)
    criterion: str = ""
    jp_year: int | None = None
    jp_credited: int | None = None
    jp_remaining: int | None = None


class SheetObjection(_Row):
    """The employee's own objection to the period's result, on the sheet issued after it."""

    number: int
    filed_on: date
    outcome: str = Field(description="'diajukan', 'tetap', 'diubah' or 'dicabut' (`Outcome`).")
    predikat_before: str
    predikat_after: str = ""
    decided_on: date | None = None
    decided_by: str = ""


class SheetMonth(_Row):
    """One month of the employee's own e-Kinerja activity reports."""

    label: str = Field(description="'Juli 2026'.")
    days: int = Field(description="Days with an activity report.")
    leave: int = Field(default=0, description="Working days on leave (cuti): no report needed.")
    required: int = Field(description="Days the month needs to count as filled in.")

    @property
    def met(self) -> bool:
        """The month counts as filled in."""
        return self.days >= self.required


class SheetCredit(_Row):
    """The angka kredit the period's predikat earns a functional official (national only)."""

    jenjang: str = Field(description="'Ahli Pertama'.")
    coefficient: Decimal = Field(description="Annual coefficient of the jenjang, e.g. 12.5.")
    percent: int = Field(description="The predikat's percentage: Baik 100, Sangat Baik 150.")
    months: int = Field(description="Months the period covers: 3 for a quarter.")
    value: Decimal = Field(description="months/12 × percent × coefficient, 2 places.")

    @property
    def places(self) -> int:
        """Decimal places the coefficient is written with: 12,5 and 3,75, not 12,50."""
        exponent = self.coefficient.normalize().as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class EmployeeSheetView(_PeriodView):
    """The private result sheet of one employee (their own data only)."""

    name: str
    nip: str
    position: str
    unit: str
    team: str
    predikat: str = Field(description="'' when the employee has no result for the period.")
    hasil_kerja: str = Field(default="", description="National: rating hasil kerja.")
    perilaku: str = Field(default="", description="National: rating perilaku kerja.")
    set_name: str = ""
    set_code: str = Field(default="", description="Criteria set code ('umum': the default).")
    scale_min: int = 0
    scale_max: int = 0
    anonymity_threshold: int = 0
    criteria: list[SheetCriterion] = Field(default_factory=list)
    base: Decimal | None = None
    bonus: list[SheetBonus] = Field(default_factory=list)
    final: Decimal | None = None
    hidden_sources: list[str] = Field(default_factory=list)
    missing_sources: list[str] = Field(default_factory=list)
    partial_sources: list[str] = Field(
        default_factory=list, description="Sources that rated some criteria but not all."
    )
    unscored_criteria: list[str] = Field(
        default_factory=list, description="Names of the criteria no source scored."
    )
    reweighted: bool = False
    self_gap: Decimal | None = None
    thresholds: list[ThresholdRow] = Field(default_factory=list)
    actions: list[SheetAction]
    jp_right: int = 20
    objection_days: int = Field(default=14, description="Days to object (PP 30/2019).")
    objection_to: str = Field(
        default="", description="Who an objection goes to ('' when not recorded)."
    )
    objection: SheetObjection | None = Field(
        default=None, description="The employee's objection to this period's result."
    )
    activity_months: list[SheetMonth] = Field(
        default_factory=list, description="Own activity reports; empty: no recap imported."
    )
    activity_share: Decimal | None = Field(
        default=None, description="Percent of a month's working days required; None: 1 day."
    )
    angka_kredit: SheetCredit | None = Field(
        default=None, description="None: not a functional official, or no national predikat."
    )
    officer_name: str = Field(
        default="", description="The data-protection officer (PPDP) to ask; '' if none."
    )
    officer_email: str = ""


class RegisterEntry(_Row):
    """One objection in the period's register (Daftar Keberatan)."""

    number: int
    nip: str
    name: str
    unit: str
    predikat_before: str
    received_on: date
    filed_on: date
    last_day: date = Field(description="Last day it could be filed (received + 14 days).")
    reason: str
    addressee: str
    outcome: str = Field(description="'diajukan', 'tetap', 'diubah' or 'dicabut' (`Outcome`).")
    predikat_after: str = ""
    decided_on: date | None = None
    decided_by: str = ""
    consideration: str = ""
    current: str = Field(description="The period's result as the data stand now ('' none).")
    applied: bool | None = Field(
        default=None, description="A changed result: whether the data now give it."
    )
    reissued_on: date | None = Field(
        default=None, description="The day the private sheet was issued after the decision."
    )
    filed_online: bool = Field(
        default=False, description="Filed by the employee on their page of the portal."
    )
    withdrawn_online: bool = Field(
        default=False, description="Withdrawn by the employee on their page of the portal."
    )


class ObjectionRegisterView(_PeriodView):
    """The register of objections (Daftar Keberatan) to the results of one period."""

    entries: list[RegisterEntry]
    days: int = Field(description="Days after receipt an objection may be filed.")
    source: str = Field(
        description="The regulation as the Indonesian register cites it, 'PP 30/2019 Pasal 59' "
        "(the English one: 'PP 30/2019 Article 59')."
    )
    pending: int
    upheld: int
    changed: int
    withdrawn: int = Field(default=0, description="Withdrawn by the employee before a decision.")
    applied: int = Field(description="Changed results the data already give.")
