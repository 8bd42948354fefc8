"""View models of the Laporan Evaluasi and the Rekomendasi Tindak Lanjut.

Layer: domain presentation (built by `policy.services.evaluation`). The views carry
structured data; the templates word it, so each locale reads in its own language.
Only the Rekomendasi names employees: the Laporan shows counts (DOMAIN.md §6).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class PredikatCount(_Row):
    """How many employees hold one predikat."""

    predikat: str = Field(description="Predikat name, e.g. 'Butuh Perbaikan'.")
    count: int


class CurveNote(_Row):
    """One broken distribution-curve rule of a unit (a warning, never a block)."""

    code: str = Field(description="Rule code of `policy.evaluation.check_distribution`.")
    message: str = Field(description="The rule's Indonesian explanation with counts.")
    group: str = Field(description="The predikat the unit's capaian expects to be largest.")
    count: int = Field(description="Employees holding `group`.")
    total: int = Field(description="Employees of the unit with a rating.")
    rival: str = Field(default="", description="Largest other group when `group` is not largest.")
    rival_count: int = 0


class UnitPredikat(_Row):
    """Predikat distribution of one unit."""

    unit_code: str
    unit: str = Field(description="Unit name.")
    employees: int = Field(description="Employees of the unit.")
    rated: int = Field(description="Employees with a rating for the period.")
    unrated: int = Field(description="Employees without a rating for the period.")
    counts: list[PredikatCount] = Field(description="One entry per predikat, best first.")
    warnings: list[CurveNote]


class ElementName(_Row):
    """An SKM element and its display name (R2)."""

    code: str = Field(description="'u1' … 'u9'.")
    name: str


class SkmUnit(_Row):
    """The IKM of one service unit for the period."""

    unit_code: str
    unit: str
    respondents: int
    ikm: Decimal = Field(description="IKM rounded half-up to 2 decimals (R1).")
    mutu: str = Field(description="'A' … 'D'.")
    kinerja: str = Field(description="Indonesian kinerja label of the mutu.")
    below_target: bool
    nrr: list[Decimal | None] = Field(description="NRR per element u1…u9 (2 decimals).")
    missing: list[str] = Field(description="Elements without answers, e.g. ['u5'].")
    warning: str | None = Field(description="Indonesian note on missing elements.")


class IndicatorRow(_Row):
    """A pack indicator and its realisation in the period."""

    code: str
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str = Field(description="'higher' or 'lower' is better.")
    realisation: Decimal | None = Field(description="None: no data for the period.")
    attainment: Decimal | None = Field(description="Capaian in percent (0–200).")
    progress: Decimal | None = Field(description="Progress from baseline to target, percent.")
    status: str = Field(description="'tercapai', 'belum tercapai' or '' (no data).")


class ActionCount(_Row):
    """Number of follow-up actions of one rule."""

    rule: str = Field(description="'coaching', 'talent_pool', 'corrective_ikm', 'policy_review'.")
    count: int


class EvaluationView(View):
    """Everything the Laporan Evaluasi shows (counts only, no employee names)."""

    period: str = Field(description="Canonical period code, e.g. '2026-TW3'.")
    period_label: str = Field(description="E.g. 'Triwulan III 2026'.")
    period_start: date
    period_end: date
    legal_form: str
    policy_title: str
    employees: int
    rated: int
    unrated: int
    org_counts: list[PredikatCount]
    units: list[UnitPredikat]
    capaian_assumed: str = Field(description="Capaian organisasi assumed for every unit.")
    ikm_weight: str = Field(description="Element weight as written, e.g. '1/9' or '0,11'.")
    ikm_target: Decimal
    elements: list[ElementName]
    skm_respondents: int
    skm_units: list[SkmUnit]
    indicators: list[IndicatorRow]
    action_counts: list[ActionCount]
    due_days: int = Field(description="Calendar days from the report date to an action's due date.")
    due_on: date
    prepared_by: str
    prepared_by_title: str


class ActionRow(_Row):
    """A follow-up action; which optional fields are set depends on `rule`."""

    rule: str
    subject: str = Field(description="NIP, unit code or indicator code.")
    title: str = Field(description="The stored Indonesian title.")
    name: str = Field(description="Employee, unit or indicator name.")
    unit: str = Field(default="", description="Unit name (employees and units).")
    owner: str = Field(description="Owner's name, unit name or NIP (see `owner_kind`).")
    owner_kind: str = Field(description="'employee', 'nip', 'unit' or 'member'.")
    owner_nip: str = ""
    due_on: date
    status: str = Field(description="'open', 'done' or 'carried'.")
    predikat: str = ""
    hasil_kerja: str = ""
    perilaku: str = ""
    focus: list[str] = Field(default_factory=list, description="'hasil_kerja' and/or 'perilaku'.")
    ikm: Decimal | None = None
    mutu: str = ""
    weakest: list[str] = Field(default_factory=list, description="E.g. 'U3 Waktu Penyelesaian'.")
    weakest_nrr: list[Decimal] = Field(default_factory=list)
    realisation: Decimal | None = None
    target: Decimal | None = None
    direction: str = ""
    measure: str = Field(default="", description="Indicator unit of measure.")


class ActionGroup(_Row):
    """The actions of one rule."""

    rule: str
    actions: list[ActionRow]


class FollowUpView(View):
    """Everything the Rekomendasi Tindak Lanjut shows (it names employees)."""

    period: str
    period_label: str
    report_title: str = Field(description="Title of the Laporan Evaluasi it follows.")
    ikm_target: Decimal
    due_days: int
    groups: list[ActionGroup]
    total: int
    prepared_by: str
    prepared_by_title: str
