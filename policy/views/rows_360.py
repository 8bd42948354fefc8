"""Row models of the weighted 360 framework in the evaluation documents.

Layer: domain presentation (built by `policy.services.evaluation_results` and
`policy.services.evaluation_sheets`). The framework as scored (sources, criteria sets,
bonuses, thresholds), the anonymity and re-weighting per unit, self-assessment beside
the supervisor's score, and mean criterion scores.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from policy.views.evaluation_rows import _Row


class SourceWeight(_Row):
    """A rater source and its weight."""

    source: str = Field(description="'atasan', 'rekan', 'bawahan', 'masyarakat' or 'diri'.")
    weight: Decimal = Field(description="Percent, 2 decimals (0 = shown, not scored).")


class CriterionWeight(_Row):
    """A criterion and its weight within its set."""

    code: str
    name: str
    weight: Decimal = Field(description="Percent, 2 decimals.")


class CriteriaSetRow(_Row):
    """A criteria set: the default, or one for a role such as teachers."""

    code: str
    name: str
    position_pattern: str = Field(default="", description="Jabatan pattern ('' = any).")
    position_words: list[str] = Field(
        default_factory=list,
        description="The words a matching jabatan begins with, when the pattern says only "
        "that (e.g. '^guru\\b' -> ['guru']); empty: reports quote the pattern.",
    )
    unit_kinds: list[str] = Field(default_factory=list)
    criteria: list[CriterionWeight]
    sources: list[SourceWeight]


class BonusRule(_Row):
    """A bonus criterion and the most points it adds."""

    code: str
    name: str
    max_points: Decimal


class ThresholdRow(_Row):
    """The lowest final score of a predikat."""

    min: Decimal
    predikat: str


class FrameworkView(_Row):
    """How the weighted 360 framework scores (stated in every report)."""

    scale_min: int
    scale_max: int
    anonymity_threshold: int
    normalised: bool = Field(description="Configured weights were normalised to sum to 1.")
    sets: list[CriteriaSetRow] = Field(description="Role sets first, the default last.")
    bonuses: list[BonusRule]
    thresholds: list[ThresholdRow]
    sources: list[str] = Field(
        default_factory=list, description="Every rater source of some set, in SOURCES order."
    )


class SourceCount(_Row):
    """How many employees something applied to, per source."""

    source: str
    count: int


class CriterionCount(_Row):
    """How many employees a criterion was left without a score for."""

    criterion: str = Field(description="The criterion's name, as the pack writes it.")
    count: int


class UnitReweight(_Row):
    """Anonymity and re-weighting in a unit (counts of employees)."""

    unit_code: str
    unit: str
    scored: int
    unscored: int = Field(description="Rated, but nothing scored counted (e.g. only diri).")
    reweighted: int = Field(description="Scored with source or criterion weights re-normalised.")
    hidden: list[SourceCount] = Field(description="Employees with a source hidden (< threshold).")
    missing: list[SourceCount] = Field(description="Employees with a scored source absent.")
    partial: list[SourceCount] = Field(
        default_factory=list,
        description="Scored employees with a source that rated some criteria but not all.",
    )
    criteria: list[CriterionCount] = Field(
        default_factory=list,
        description="Scored employees with a criterion no source scored (criteria re-weighted).",
    )


class SelfAssessmentRow(_Row):
    """Self-assessment beside the supervisor's score in a unit."""

    unit_code: str
    unit: str
    employees: int = Field(default=0, description="Employees of the unit on the staff list.")
    filled: int = Field(default=0, description="Employees who filled in a self-assessment.")
    share_filled: Decimal | None = Field(default=None, description="Percent, 1 decimal.")
    filled_withheld: bool = Field(
        default=False, description="Too few employees: who filled one in is not shown."
    )
    pairs: int = Field(description="Employees with both a self and a supervisor score.")
    mean_gap: Decimal | None = Field(description="Mean of (diri − atasan), scale points.")
    over: int = Field(description="Employees rating themselves above their supervisor.")
    under: int = Field(description="Employees rating themselves below their supervisor.")
    withheld: bool = Field(default=False, description="Too few pairs: gap and counts empty.")


class CriteriaMeanRow(_Row):
    """A unit's mean criterion scores (scale points)."""

    unit_code: str
    unit: str
    scored: int
    means: list[Decimal | None]
    withheld: bool = Field(default=False, description="Too few scored: means empty.")


class CriteriaMeans(_Row):
    """Mean criterion scores per unit for one criteria set."""

    set_code: str
    set_name: str
    criteria: list[CriterionWeight]
    rows: list[CriteriaMeanRow]
