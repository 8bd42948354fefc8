"""Row models of the evaluation documents (Laporan, lembar per unit and per employee).

Layer: domain presentation (built by `policy.services.evaluation` and its helpers). Rows
carry structured data; the templates word it, so each locale reads in its own language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


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
    rule: str = Field(
        description="'largest', 'at_most', 'at_least', 'required' (someone should hold "
        "`groups`) or 'forbidden' (nobody may)."
    )
    groups: list[str] = Field(description="The predikat the rule is about, read as 'and/or'.")
    bound: Decimal | None = Field(
        default=None, description="'at_most' / 'at_least': the bound, percent (70, 60, 10)."
    )
    count: int = Field(description="Employees holding `groups`.")
    total: int = Field(description="Employees of the unit with a rating.")
    rival: str = Field(default="", description="'largest': the largest other group.")
    rival_count: int = 0


class CapaianUsed(_Row):
    """The capaian kinerja organisasi a unit's distribution was checked against."""

    value: str = Field(
        description="'Istimewa', 'Baik', 'Butuh Perbaikan', 'Kurang' or 'Sangat Kurang'."
    )
    assumed: bool = Field(
        description="True: none was set for the unit and period, so Baik was assumed."
    )
    set_by: str = Field(default="", description="Who set it, as imported ('' if not given).")
    note: str = Field(default="", description="The note given with it, as imported.")


class UnitPredikat(_Row):
    """Predikat distribution of one unit."""

    unit_code: str
    unit: str = Field(description="Unit name.")
    employees: int = Field(description="Employees of the unit.")
    rated: int = Field(description="Employees with a rating for the period.")
    unrated: int = Field(description="Employees without a rating for the period.")
    counts: list[PredikatCount] = Field(description="One entry per predikat, best first.")
    capaian: CapaianUsed = Field(description="The capaian the distribution is checked against.")
    warnings: list[CurveNote]
    mean: Decimal | None = Field(default=None, description="Weighted 360: mean final score.")
    mean_predikat: str = Field(default="", description="Weighted 360: predikat of the mean.")
    withheld: bool = Field(
        default=False,
        description="Figures withheld (too few rated, `policy.evaluation.disclosure`): "
        "counts, mean and warnings are empty.",
    )


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
    population: int | None = Field(default=None, description="Pack population (K&M check).")
    sample_min: int | None = Field(default=None, description="Krejcie & Morgan minimum.")
    sample_short: bool = Field(default=False, description="Fewer respondents than the minimum.")
    online: int = Field(default=0, description="Respondents who answered the online survey.")


class ServiceIkmRow(_Row):
    """The IKM of one kind of service of a unit (units whose pack lists their services)."""

    service: str = Field(description="'' for the responses that name no service.")
    respondents: int
    ikm: Decimal = Field(description="IKM rounded half-up to 2 decimals (R1).")
    mutu: str
    listed: bool = Field(description="One of the kinds of service the pack lists.")


class ServiceIkmUnit(_Row):
    """A service unit's IKM per kind of service (units whose pack lists their services)."""

    unit_code: str
    unit: str
    rows: list[ServiceIkmRow]


class PartnerIkmRow(_Row):
    """The SKM responses one survey partner collected in the period, with their IKM."""

    partner: str = Field(description="'' for the region's own survey (no partner named).")
    respondents: int
    units: list[str] = Field(description="The units surveyed, by name, in the pack's order.")
    ikm: Decimal | None = Field(description="IKM rounded half-up to 2 decimals (R1).")
    mutu: str


class CollectorCount(_Row):
    """How many of a unit's respondents one collector surveyed (unit sheets)."""

    partner: str = Field(description="The survey partner; '' for the region's own survey.")
    respondents: int


class SkmSilentUnit(_Row):
    """A service unit without any SKM response in the period (R4: a sample warning)."""

    unit_code: str
    unit: str
    population: int | None = Field(default=None, description="Pack population (K&M check).")
    sample_min: int | None = Field(default=None, description="Krejcie & Morgan minimum.")


class MeasureView(_Row):
    """What a measured indicator's realisation is taken from (`policy.evaluation.measures`)."""

    kind: str = Field(description="A kind of `policy.evaluation.measures.KINDS`.")
    subject: str = Field(description="The unit's or the bonus's name; '' for the organisation.")
    service: str = Field(default="", description="A processing measure's kind of service.")


class IndicatorRow(_Row):
    """A pack indicator and its realisation in the period."""

    code: str
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str = Field(description="'higher' or 'lower' is better.")
    decimals: int = Field(default=2, description="Decimal places of its values (the pack's).")
    realisation: Decimal | None = Field(description="None: no data for the period.")
    attainment: Decimal | None = Field(description="Capaian in percent (0–200).")
    progress: Decimal | None = Field(description="Progress from baseline to target, percent.")
    status: str = Field(description="'tercapai', 'belum tercapai' or '' (no data).")
    expected: Decimal | None = Field(
        default=None, description="Where an annual straight line from baseline stands now."
    )
    track: str = Field(
        default="", description="'tercapai', 'sesuai jalur', 'tertinggal' or '' (no data)."
    )
    year_end: bool = Field(
        default=False,
        description="The period ends the year (TW IV, S2, December, annual): the target is due.",
    )
    measure: MeasureView | None = Field(
        default=None, description="Measured from the period's data; None: imported realisation."
    )


class ActionCount(_Row):
    """Number of follow-up actions of one rule."""

    rule: str = Field(description="'coaching', 'talent_pool', 'corrective_ikm', 'policy_review'.")
    count: int


class ActionRow(_Row):
    """A follow-up action; which optional fields are set depends on `rule`."""

    rule: str
    subject: str = Field(description="NIP, unit code or indicator code.")
    title: str = Field(description="The stored Indonesian title.")
    name: str = Field(description="Employee, unit or indicator name.")
    unit: str = Field(default="", description="Unit name (employees and units).")
    owner: str = Field(description="Owner's name, unit name or NIP (see `owner_kind`).")
    owner_kind: str = Field(description="'employee', 'nip', 'unit' or 'member'.")
    owner_title: str = Field(
        default="", description="A unit owner's head as the pack titles it ('Camat Talawi')."
    )
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
    decimals: int = Field(default=2, description="Decimal places of the indicator's values.")
    expected: Decimal | None = Field(
        default=None, description="Policy review during the year: where the track stands now."
    )
    behind: bool = Field(
        default=False,
        description="Policy review during the year: the indicator is behind its track.",
    )
    criterion: str = Field(default="", description="Weighted 360: the weakest criterion's name.")
    score: Decimal | None = Field(default=None, description="Weighted 360: final score.")
    jp_year: int | None = Field(default=None, description="Year of the 20 JP right.")
    jp_credited: int | None = Field(default=None, description="JP recorded that year.")
    jp_remaining: int | None = Field(
        default=None, description="JP still owed of the 20; None: no JP recorded in the pack."
    )
    complaints: int | None = None
    share_within: Decimal | None = Field(default=None, description="Percent answered on time.")
    limit_hours: int | None = None
    target_share: Decimal | None = Field(default=None, description="Target percent on time.")
    judged: int | None = Field(default=None, description="Service requests judged on time.")
    slow: list[str] = Field(default_factory=list, description="Kinds of service below target.")
    slow_share: list[Decimal] = Field(default_factory=list)
    slow_days: list[int | None] = Field(default_factory=list, description="Their standards.")


class ActionGroup(_Row):
    """The actions of one rule."""

    rule: str
    actions: list[ActionRow]


# ---------------------------------------------------------------------------- teams


class TeamRow(_Row):
    """A team's roll-up (Employee.team) within its unit."""

    unit_code: str
    unit: str
    team: str = Field(description="'' for employees without a team.")
    members: int
    rated: int
    counts: list[PredikatCount]
    mean: Decimal | None = Field(default=None, description="Weighted 360: mean final score.")
    mean_predikat: str = ""
    withheld: bool = Field(default=False, description="Too few rated: counts and mean empty.")


# --------------------------------------------------------------- complaints and SKM


class ComplaintStatsRow(_Row):
    """Complaint response times of a unit in the period."""

    unit_code: str
    unit: str
    count: int
    answered: int
    unanswered: int
    mean_hours: Decimal | None = Field(description="1 decimal.")
    median_hours: Decimal | None
    p90_hours: Decimal | None = Field(description="Nearest-rank 90th percentile.")
    within: int = Field(description="Answered within the response limit.")
    share_within: Decimal | None = Field(description="Percent of all complaints, 1 decimal.")
    below_target: bool


class ActivityRow(_Row):
    """A unit's (or the organisation's) e-Kinerja activity reports over the period."""

    unit_code: str = Field(description="'' for the organisation.")
    unit: str
    employees: int
    complete: int = Field(description="Filled in every month of the period.")
    share_complete: Decimal | None = Field(description="Percent, 1 decimal.")
    silent: int = Field(
        description="Reported on no day of the period, though some day needed a report."
    )
    on_leave: int = Field(default=0, description="Employees with working days on leave (cuti).")
    withheld: bool = Field(
        default=False, description="Too few employees: complete, share, silent, leave not shown."
    )


class ProcessingRow(_Row):
    """Processing times of one kind of service of a unit, or of the unit's kinds together."""

    service: str = Field(description="The kind as the file names it; '' for the unit's total.")
    standard_days: int | None = Field(description="Standar Pelayanan, working days; None: none.")
    requests: int
    finished: int
    unfinished: int
    mean_days: Decimal | None = Field(description="Working days of the finished, 1 decimal.")
    share_same_day: Decimal | None = Field(description="Percent of all requests, 1 decimal.")
    judged: int = Field(description="Finished, or unfinished past the standard (with one).")
    late: int
    share_within: Decimal | None = Field(description="Percent of the judged, 1 decimal.")


class ProcessingUnit(_Row):
    """A service unit's processing times in the period."""

    unit_code: str
    unit: str
    total: ProcessingRow
    kinds: list[ProcessingRow]


class ProfileRow(_Row):
    """Respondents giving one answer of a profile question."""

    label: str = Field(description="The answer as written; '' = not filled in.")
    count: int


class ProfileGroup(_Row):
    """One profile question of the SKM."""

    field: str = Field(description="'gender', 'age', 'education', 'occupation', 'service_type'.")
    rows: list[ProfileRow]


class TrendPeriod(_Row):
    """A period column of the IKM trend."""

    code: str
    label: str
    weight: str = Field(
        default="",
        description="The element weight the period was approved with, where it is not the "
        "weight the document states ('0,11'); empty otherwise.",
    )


class TrendCell(_Row):
    """A unit's IKM in one period of the trend."""

    ikm: Decimal | None = Field(description="None: no responses that period.")
    mutu: str
    respondents: int


class TrendRow(_Row):
    """A unit's IKM across the periods that have data."""

    unit_code: str
    unit: str
    cells: list[TrendCell]


class FewNames(_Row):
    """Some of a list of names (units, indicators) and how many more there are."""

    names: list[str] = Field(default_factory=list, description="The first few, in report order.")
    more: int = Field(default=0, description="How many are not named.")

    @property
    def count(self) -> int:
        """How many there are in all."""
        return len(self.names) + self.more


class IkmExtreme(_Row):
    """The service unit with the lowest (or highest) IKM of the period."""

    unit: str
    ikm: Decimal
    mutu: str


class ReportSummary(_Row):
    """The Laporan Evaluasi's summary for leadership: its sections' headline figures.

    Derived from the report's own rows (`policy.services.evaluation_summary`), so it says
    nothing the sections below do not show in full.
    """

    good: int = Field(description="Rated Sangat Baik or Baik.")
    good_share: Decimal | None = Field(description="Percent of the rated, 1 decimal.")
    weak: int = Field(description="Rated Butuh Perbaikan, Kurang/Misconduct or Sangat Kurang.")
    weak_share: Decimal | None = Field(description="Percent of the rated, 1 decimal.")
    curve_checked: int = Field(description="Units whose predikat distribution was checked.")
    curve_flagged: FewNames = Field(description="Units with a distribution warning.")
    ikm_lowest: IkmExtreme | None = None
    ikm_highest: IkmExtreme | None = None
    ikm_below: FewNames = Field(description="Service units below the IKM target.")
    ikm_poor: FewNames = Field(description="Service units of mutu C or D.")
    sample_short: FewNames = Field(description="Service units below the K&M minimum sample.")
    complaints_within: int = Field(default=0, description="Answered within the limit.")
    complaints_share: Decimal | None = Field(default=None, description="Percent, 1 decimal.")
    complaints_below: FewNames = Field(
        default_factory=FewNames, description="Units below the pack's on-time target."
    )
    processing_requests: int = 0
    processing_judged: int = 0
    processing_share: Decimal | None = Field(
        default=None, description="Percent of the judged requests within the standard."
    )
    indicators_met: int = Field(default=0, description="Target reached.")
    indicators_on_track: int = Field(default=0, description="On the straight line to target.")
    indicators_behind: FewNames = Field(
        default_factory=FewNames, description="Behind the line, or the target missed (codes)."
    )
    indicators_no_data: int = 0
    actions: int = Field(default=0, description="Follow-up actions raised.")
    earlier_raised: int = Field(default=0, description="Actions of the earlier periods.")
    earlier_done: int = 0
    earlier_overdue: int = Field(default=0, description="Not done and past their due date.")
    earlier_under_way: int = Field(default=0, description="Not done, progress reported.")


class EarlierActions(_Row):
    """The actions of one rule the cycle's earlier evaluation periods raised, as they stand."""

    rule: str
    raised: int
    done: int
    open: int = Field(description="Not done yet (open, or carried into a later cycle).")
    overdue: int = Field(description="Of the open ones, past their due date.")
    under_way: int = Field(
        default=0, description="Of the open ones, those a unit has reported progress on."
    )
