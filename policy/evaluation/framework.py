"""Weighted 360 evaluation maths: criteria, rater sources, anonymity, bonus, predikat.

Layer: domain, pure: no database, no IO. The caller aggregates ratings per (employee,
source, criterion) in SQL (sum of scores, ratings, distinct raters) and hands the totals
over; everything here is exact `Fraction` arithmetic, rounded half-up once, for display.

For one employee, with the criteria set chosen by jabatan and/or unit kind:

1. Cell mean = sum of scores / ratings, per (source, criterion).
2. Anonymity: a cell of a protected source (rekan, bawahan, masyarakat) with fewer
   distinct raters than the threshold is hidden: not shown and not counted. Counting it
   while hiding it would let the employee work it back out of the total and the other,
   shown figures, since every weight is published.
3. Criterion score = Σ w_s × mean_s / Σ w_s over the shown cells of the sources with a
   weight above zero: weights of missing or hidden sources are redistributed
   proportionally over the present ones (re-weighting, stated per person).
4. Base score (0–100) = Σ w_c × criterion score / Σ w_c over the scored criteria,
   × 100 / scale maximum ("skor perolehan / skor maksimal × 100"); criteria without any
   scored cell are left out the same way.
5. Bonus points, each capped at its maximum, are added; the final score is capped at 100,
   rounded half-up to 2 decimals, and the predikat is read from the rounded value.
6. Self-assessment (diri, usually weight 0) is set beside the supervisor's (atasan)
   score per criterion; the gap is diri − atasan on the rating scale.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from policy.enums import Predikat
from policy.evaluation.rounding import round_half_up

if TYPE_CHECKING:
    pass

SOURCES: tuple[str, ...] = ("atasan", "rekan", "bawahan", "masyarakat", "diri")
"""Rater sources in display order."""

PROTECTED_SOURCES = frozenset({"rekan", "bawahan", "masyarakat"})
"""Sources whose figures are hidden below the anonymity threshold."""

SELF, SUPERVISOR = "diri", "atasan"
DEFAULT_SET = "umum"
"""Code of the default criteria set (named "Umum"); no role set may take it."""
HUNDRED = Fraction(100)
SCORE_UNIT = 100
"""Scores arrive in whole hundredths of a point (3,5 -> 350)."""


@dataclass(frozen=True, slots=True)
class Criterion:
    """A criterion with its weight normalised within its set."""

    code: str
    name: str
    weight: Fraction


def _as_ints(weights: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """Weights as integers over their common denominator, and that denominator."""
    common = math.lcm(*(w.denominator for w in weights)) if weights else 1
    return tuple(w.numerator * (common // w.denominator) for w in weights), common


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """The criteria and source weights for a group of employees (e.g. teachers)."""

    code: str
    name: str
    criteria: tuple[Criterion, ...]
    sources: Mapping[str, Fraction]
    position_pattern: str | None = None
    unit_kinds: frozenset[str] = frozenset()
    # Integer forms of the weights for the hot path (exact; no Fraction per cell).
    source_ints: Mapping[str, int] = field(init=False, repr=False, compare=False)
    source_total: int = field(init=False, repr=False, compare=False)
    criterion_ints: tuple[int, ...] = field(init=False, repr=False, compare=False)
    criterion_total: int = field(init=False, repr=False, compare=False)
    criterion_codes: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        positive = [s for s in SOURCES if self.sources.get(s, 0) > 0]
        ints, total = _as_ints([self.sources[s] for s in positive])
        object.__setattr__(self, "source_ints", dict(zip(positive, ints, strict=True)))
        object.__setattr__(self, "source_total", total)
        cints, ctotal = _as_ints([c.weight for c in self.criteria])
        object.__setattr__(self, "criterion_ints", cints)
        object.__setattr__(self, "criterion_total", ctotal)
        object.__setattr__(self, "criterion_codes", frozenset(c.code for c in self.criteria))

    def matches(self, position: str, unit_kind: str) -> bool:
        """Whether an employee with this jabatan in a unit of this kind belongs to the set."""
        if self.position_pattern is None and not self.unit_kinds:
            return True
        if self.unit_kinds and unit_kind.lower() not in self.unit_kinds:
            return False
        if self.position_pattern is not None:
            return re.search(self.position_pattern, position, re.IGNORECASE) is not None
        return True

    @property
    def scored_sources(self) -> tuple[str, ...]:
        """Sources with a weight above zero, in display order."""
        return tuple(self.source_ints)


@dataclass(frozen=True, slots=True)
class Bonus:
    """A bonus criterion and the most points it can add."""

    code: str
    name: str
    max_points: Fraction


@dataclass(frozen=True)
class Framework:
    """A weighted 360 framework, ready to score employees."""

    scale_min: int
    scale_max: int
    anonymity_threshold: int
    default: CriteriaSet
    roles: tuple[CriteriaSet, ...] = ()
    bonuses: tuple[Bonus, ...] = ()
    thresholds: tuple[tuple[Decimal, Predikat], ...] = ()
    normalised: bool = False

    @property
    def sets(self) -> tuple[CriteriaSet, ...]:
        """Every criteria set: the role sets, then the default."""
        return (*self.roles, self.default)

    def criteria_set(self, position: str, unit_kind: str) -> CriteriaSet:
        """The first role set that matches the employee, else the default set."""
        for role in self.roles:
            if role.matches(position, unit_kind):
                return role
        return self.default

    def predikat(self, score: Fraction | Decimal) -> Predikat:
        """The predikat of a final score, read from its value rounded to 2 decimals."""
        return self.predikat_of_rounded(round_half_up(score, 2))

    def predikat_of_rounded(self, rounded: Decimal) -> Predikat:
        """The predikat of a final score already rounded half-up to 2 decimals."""
        for minimum, predikat in self.thresholds:
            if rounded >= minimum:
                return predikat
        return self.thresholds[-1][1]


class CellTotals(NamedTuple):
    """SQL aggregate of one (source, criterion) of an employee."""

    source: str
    criterion: str
    score_sum: int
    ratings: int
    raters: int

    @property
    def mean(self) -> Fraction:
        """Mean score on the rating scale."""
        return Fraction(self.score_sum, self.ratings * SCORE_UNIT)


Cell = tuple[str, str, int, int, int]
"""A `CellTotals` as a plain tuple: (source, criterion, score sum, ratings, raters).

`score_employee` reads cells by position, so a province's million cells can come straight
from the database's rows without a named tuple made for each."""


@dataclass(frozen=True, slots=True)
class BonusApplied:
    """Bonus points given and the points counted after the bonus's cap."""

    code: str
    name: str
    points: Fraction
    applied: Fraction


@dataclass(frozen=True, slots=True)
class EmployeeResult:
    """An employee's weighted 360 result: exact values plus the rounded final score.

    `exact_scores` (and `scores`, as fractions) hold the criterion scores on the rating
    scale in the set's order (None: no shown, scored source rated it).
    """

    criteria_set: str
    set_name: str
    exact_scores: tuple[tuple[int, int] | None, ...]  # (numerator, denominator), not reduced
    base: Fraction | None
    bonus: tuple[BonusApplied, ...]
    final_exact: Fraction | None
    final: Decimal | None
    predikat: Predikat | None
    hidden_sources: tuple[str, ...]
    missing_sources: tuple[str, ...]  # weighted sources with no rating at all (not hidden ones)
    reweighted: bool
    unscored_criteria: tuple[str, ...]
    self_gap_exact: tuple[int, int] | None  # self minus supervisor, (numerator, denominator > 0)
    weakest: str | None
    ignored_criteria: tuple[str, ...]
    # Scored sources that rated some scored criteria but not all of them (not hidden ones):
    # their weight is shared out in the criteria they did not rate.
    partial_sources: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        """Whether the employee has a final score."""
        return self.final_exact is not None

    @property
    def self_gap(self) -> Fraction | None:
        """Self-assessment minus the supervisor's, weighted over the criteria both rated."""
        return None if self.self_gap_exact is None else Fraction(*self.self_gap_exact)

    @property
    def scores(self) -> tuple[Fraction | None, ...]:
        """The criterion scores as fractions (made when read: a province has 300,000)."""
        return tuple(None if x is None else Fraction(*x) for x in self.exact_scores)


def _check(framework: Framework, cell: CellTotals) -> None:
    if cell.ratings <= 0 or cell.raters <= 0 or cell.raters > cell.ratings:
        raise ValueError(f"impossible totals for {cell.source}/{cell.criterion}: {cell}")
    low, high = framework.scale_min * SCORE_UNIT, framework.scale_max * SCORE_UNIT
    if not low * cell.ratings <= cell.score_sum <= high * cell.ratings:
        raise ValueError(f"sum {cell.score_sum} outside the scale for {cell}")


def _used(
    cset: CriteriaSet, found: Mapping[str, CellTotals], threshold: int, hidden: set[str]
) -> list[tuple[str, CellTotals]]:
    """The cells that count for a criterion: shown, of a source weighted above zero."""
    used = []
    for source, totals in found.items():
        if source in PROTECTED_SOURCES and totals.raters < threshold:
            hidden.add(source)
        elif source in cset.source_ints:
            used.append((source, totals))
    return used


def score_employee(
    framework: Framework,
    cset: CriteriaSet,
    cells: Iterable[Cell],
    bonus_points: Mapping[str, Fraction] | None = None,
) -> EmployeeResult:
    """Score one employee from the aggregates of their ratings (see the module docstring).

    Exact throughout: integers over common denominators, one `Fraction` per criterion
    score and one for the final score (this runs once per employee of a province).

    Raises:
        ValueError: A cell with ratings but no raters, or a sum outside the scale.
    """
    low, high = framework.scale_min * SCORE_UNIT, framework.scale_max * SCORE_UNIT
    by_criterion: dict[str, dict[str, Cell]] = {}
    for cell in cells:
        source, code, total, ratings, raters = cell
        if not (0 < raters <= ratings and low * ratings <= total <= high * ratings):
            _check(framework, CellTotals(*cell))
        by_criterion.setdefault(code, {})[source] = cell
    threshold = framework.anonymity_threshold
    source_ints = cset.source_ints
    hidden: set[str] = set()
    present: set[str] = set()
    lacking: set[str] = set()  # scored sources absent from a criterion that has a score
    reweighted = False
    # Criterion scores as integer pairs (numerator, denominator) on the rating scale.
    exact: list[tuple[int, int] | None] = []
    parts: list[tuple[int, int, int]] = []  # (criterion weight, numerator, denominator)
    gaps: list[tuple[int, int, int]] = []
    for criterion, weight in zip(cset.criteria, cset.criterion_ints, strict=True):
        found = by_criterion.get(criterion.code)
        if not found:
            exact.append(None)
            continue
        # Σ a_s × sum_s / n_s over Σ a_s, with a_s the integer source weights, over the
        # cells shown (anonymity) of sources weighted above zero.
        used: list[tuple[str, int, int, int]] = []
        for source, (_, _, score_sum, ratings, raters) in found.items():
            if source in PROTECTED_SOURCES and raters < threshold:
                hidden.add(source)
            else:
                a = source_ints.get(source)
                if a:
                    used.append((source, a, score_sum, ratings))
        own, boss = found.get(SELF), found.get(SUPERVISOR)
        if own is not None and boss is not None:
            # (sum_own / n_own - sum_boss / n_boss) over the scale unit, as one fraction.
            gaps.append((weight, own[2] * boss[3] - boss[2] * own[3],
                         own[3] * boss[3] * SCORE_UNIT))  # fmt: skip
        if not used:
            exact.append(None)
            continue
        if len(used) == 1:
            source, a, score_sum, common = used[0]
            numerator, total = a * score_sum, a
        else:
            common = math.lcm(*(n for _, _, _, n in used))
            numerator = sum(a * score_sum * (common // n) for _, a, score_sum, n in used)
            total = sum(a for _, a, _, _ in used)
        reweighted = reweighted or total != cset.source_total
        present.update(source for source, _, _, _ in used)
        if total != cset.source_total:
            lacking.update(set(cset.scored_sources).difference(u[0] for u in used))
        denominator = common * SCORE_UNIT * total
        parts.append((weight, numerator, denominator))
        exact.append((numerator, denominator))
    self_gap = _combine(gaps)
    hidden_sources = tuple(s for s in SOURCES if s in hidden)
    ignored = tuple(sorted(by_criterion.keys() - cset.criterion_codes))
    unscored = tuple(c.code for c, x in zip(cset.criteria, exact, strict=True) if x is None)
    if not parts:
        return EmployeeResult(
            criteria_set=cset.code, set_name=cset.name, exact_scores=tuple(exact), base=None,
            bonus=(), final_exact=None, final=None, predikat=None,
            hidden_sources=hidden_sources,
            missing_sources=tuple(s for s in cset.scored_sources if s not in hidden),
            reweighted=False, unscored_criteria=unscored, self_gap_exact=self_gap, weakest=None,
            ignored_criteria=ignored,
        )  # fmt: skip
    weight_total = sum(w for w, _, _ in parts)
    # base = Σ w × (n / d) / Σ w × 100 / scale maximum, as one fraction.
    common = math.lcm(*(d for _, _, d in parts))
    combined = sum(w * n * (common // d) for w, n, d in parts)
    base = Fraction(combined * 100, common * weight_total * framework.scale_max)
    bonus = _bonus(framework, bonus_points) if bonus_points else ()
    if bonus:
        final_exact = min(base + sum(b.applied for b in bonus), HUNDRED)
    else:
        final_exact = base if base.numerator <= 100 * base.denominator else HUNDRED
    final = round_half_up(final_exact, 2)
    return EmployeeResult(
        criteria_set=cset.code,
        set_name=cset.name,
        exact_scores=tuple(exact),
        base=base,
        bonus=bonus,
        final_exact=final_exact,
        final=final,
        predikat=framework.predikat_of_rounded(final),
        hidden_sources=hidden_sources,
        missing_sources=tuple(
            s for s in cset.scored_sources if s not in present and s not in hidden
        ),
        reweighted=reweighted or weight_total != cset.criterion_total,
        unscored_criteria=unscored,
        self_gap_exact=self_gap,
        weakest=cset.criteria[_weakest(exact)].code,
        ignored_criteria=ignored,
        partial_sources=tuple(
            s for s in SOURCES if s in lacking and s in present and s not in hidden
        ),
    )


def _weakest(scores: Sequence[tuple[int, int] | None]) -> int:
    """Index of the lowest score (the first of equals), compared as integer fractions."""
    best = -1
    best_n, best_d = 0, 1
    for i, score in enumerate(scores):
        if score is None:
            continue
        n, d = score
        if best < 0 or n * best_d < best_n * d:
            best, best_n, best_d = i, n, d
    return best


def _combine(parts: Sequence[tuple[int, int, int]]) -> tuple[int, int] | None:
    """Σ w × (n / d) / Σ w over (w, n, d) integer triples (d > 0), as one exact ratio."""
    if not parts:
        return None
    common = math.lcm(*(d for _, _, d in parts))
    numerator = sum(w * n * (common // d) for w, n, d in parts)
    return numerator, common * sum(w for w, _, _ in parts)


def _bonus(framework: Framework, points: Mapping[str, Fraction]) -> tuple[BonusApplied, ...]:
    return tuple(
        BonusApplied(b.code, b.name, points[b.code],
                     min(max(points[b.code], Fraction(0)), b.max_points))
        for b in framework.bonuses
        if b.code in points
    )  # fmt: skip


# ------------------------------------------------------------------ the explanation


@dataclass(frozen=True, slots=True)
class SourceCell:
    """One source's figure on one criterion, after the anonymity rule."""

    source: str
    raters: int
    mean: Fraction | None
    hidden: bool
    weight: Fraction


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """An employee's result on one criterion, source by source."""

    code: str
    name: str
    weight: Fraction
    applied_weight: Fraction
    score: Fraction | None
    cells: tuple[SourceCell, ...]
    self_score: Fraction | None
    supervisor_score: Fraction | None

    @property
    def gap(self) -> Fraction | None:
        """Self-assessment minus the supervisor's score, on the rating scale."""
        if self.self_score is None or self.supervisor_score is None:
            return None
        return self.self_score - self.supervisor_score


@dataclass(frozen=True, slots=True)
class EmployeeDetail:
    """A result with every criterion's figures per source (for the employee's own sheet)."""

    result: EmployeeResult
    criteria: tuple[CriterionScore, ...]


def explain_employee(
    framework: Framework,
    cset: CriteriaSet,
    cells: Iterable[CellTotals],
    bonus_points: Mapping[str, Fraction] | None = None,
) -> EmployeeDetail:
    """`score_employee` plus the figure, rater count and applied weight of every cell.

    Raises:
        ValueError: As `score_employee`.
    """
    cells = list(cells)
    result = score_employee(framework, cset, cells, bonus_points)
    by_criterion: dict[str, dict[str, CellTotals]] = {}
    for cell in cells:
        by_criterion.setdefault(cell.criterion, {})[cell.source] = cell
    scored_weight = sum(
        (c.weight for c, x in zip(cset.criteria, result.scores, strict=True) if x is not None),
        Fraction(0),
    )
    out = []
    for criterion, score in zip(cset.criteria, result.scores, strict=True):
        found = by_criterion.get(criterion.code, {})
        used = dict(_used(cset, found, framework.anonymity_threshold, set()))
        total = sum((cset.sources[s] for s in used), Fraction(0))
        shown = []
        for source in SOURCES:
            totals = found.get(source)
            if totals is None:
                continue
            secret = source in PROTECTED_SOURCES and totals.raters < framework.anonymity_threshold
            weight = cset.sources[source] / total if source in used else Fraction(0)
            shown.append(
                SourceCell(source, totals.raters, None if secret else totals.mean, secret, weight)
            )
        own, boss = found.get(SELF), found.get(SUPERVISOR)
        out.append(
            CriterionScore(
                code=criterion.code,
                name=criterion.name,
                weight=criterion.weight,
                applied_weight=criterion.weight / scored_weight
                if score is not None
                else Fraction(0),
                score=score,
                cells=tuple(shown),
                self_score=own.mean if own else None,
                supervisor_score=boss.mean if boss else None,
            )
        )
    return EmployeeDetail(result=result, criteria=tuple(out))
