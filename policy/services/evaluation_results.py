"""The employees' figures of an evaluation period, as view rows: predikat, teams, 360.

Layer: domain services (queries and view building; no writes, no commit; counterpart:
`policy.services.evaluation`; SKM and complaints are in `policy.services.evaluation_skm`).
Counts come from SQL GROUP BY; exact maths from `policy.evaluation`; every displayed number
is rounded half-up once, here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func
from sqlmodel import Session, col, select

from policy.evaluation import (
    check_distribution,
    evaluate_indicator,
    round_half_up,
    track_status,
)
from policy.evaluation.disclosure import withheld
from policy.evaluation.framework import SOURCES, Framework
from policy.models import (
    CapaianOrganisasi,
    EkinerjaRating,
    Employee,
    IndicatorRealisation,
    Predikat,
)
from policy.ordering import in_unit_order, natural_key, unit_order
from policy.packschema import PackIndicator
from policy.periods import year_elapsed
from policy.services.capaian import ASSUMED, CapaianSet
from policy.services.ratings import Period360
from policy.services.stagework import RunContext
from policy.views.evaluation import (
    BonusRule,
    CapaianUsed,
    CriteriaMeanRow,
    CriteriaMeans,
    CriteriaSetRow,
    CriterionCount,
    CriterionWeight,
    CurveNote,
    FrameworkView,
    IndicatorRow,
    MeasureView,
    PredikatCount,
    SelfAssessmentRow,
    SourceCount,
    SourceWeight,
    TeamRow,
    ThresholdRow,
    UnitPredikat,
    UnitReweight,
)

"""The IKM trend shows at most this many periods (the latest that have data)."""


def pct(value: Fraction, places: int = 2) -> Decimal:
    """A share as a percent, rounded half-up (3/10 -> 30.00)."""
    return round_half_up(value * 100, places)


def capaian_used(found: Mapping[str, CapaianSet], unit_code: str) -> CapaianUsed:
    """The capaian a unit is checked against: the one set for it, else Baik (assumed)."""
    own = found.get(unit_code)
    if own is None:
        return CapaianUsed(value=ASSUMED.value, assumed=True)
    return CapaianUsed(value=own.capaian.value, assumed=False, set_by=own.set_by, note=own.note)


def capaian_patterns(units: Sequence[UnitPredikat]) -> list[str]:
    """The capaian values the rated units were checked against, in the SE's order."""
    used = {u.capaian.value for u in units if u.rated}
    return [c.value for c in CapaianOrganisasi if c.value in used]


def curve_notes(counts: Mapping[Predikat, int], capaian: CapaianUsed) -> list[CurveNote]:
    """The unit's distribution-curve warnings under its capaian organisasi (R5)."""
    return [
        CurveNote(code=w.code, message=w.message, rule=w.rule,
                  groups=[g.value for g in w.groups],
                  bound=pct(w.bound, 0) if w.bound is not None else None,
                  count=w.count, total=w.total, rival=w.rival.value if w.rival else "",
                  rival_count=w.rival_count)
        for w in check_distribution(CapaianOrganisasi(capaian.value), counts)
    ]  # fmt: skip


def team_order(names: Mapping[str, str]) -> Callable[[tuple[tuple[str, str], object]], Any]:
    """Sort key of ((unit, team), figures) items: units in `names`' order, teams by number."""
    in_pack = unit_order(names)
    return lambda item: (in_pack(item[0][0]), natural_key(item[0][1]))


def _counts(counts: Mapping[Predikat, int]) -> list[PredikatCount]:
    return [PredikatCount(predikat=p.value, count=counts.get(p, 0)) for p in Predikat]


def _same_employee() -> ColumnElement[bool]:
    return and_(
        col(Employee.organisation_id) == col(EkinerjaRating.organisation_id),
        col(Employee.nip) == col(EkinerjaRating.nip),
    )


def predikat_units(
    session: Session,
    org_id: int,
    period: str,
    names: Mapping[str, str],
    capaian: Mapping[str, CapaianSet],
) -> tuple[dict[Predikat, int], list[UnitPredikat]]:
    """National: organisation predikat totals and each unit's distribution (SQL GROUP BY).

    Each unit is checked against its own capaian organisasi (`capaian`), else Baik.
    """
    same_employee = _same_employee()
    org_counts = dict.fromkeys(Predikat, 0)
    for predikat, n in session.exec(
        select(EkinerjaRating.predikat, func.count())
        .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
        .group_by(EkinerjaRating.predikat)
    ):  # fmt: skip
        org_counts[Predikat(predikat)] = n
    per_unit: dict[str, dict[Predikat, int]] = {}
    for unit, predikat, n in session.exec(
        select(Employee.unit_code, EkinerjaRating.predikat, func.count())
        .select_from(EkinerjaRating).join(Employee, same_employee)
        .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
        .group_by(Employee.unit_code, EkinerjaRating.predikat)
    ):  # fmt: skip
        per_unit.setdefault(unit, {})[Predikat(predikat)] = n
    rated = case((col(EkinerjaRating.id).is_not(None), 1), else_=0)
    staff = session.exec(
        select(Employee.unit_code, func.count(), func.sum(rated))
        .select_from(Employee)
        .outerjoin(EkinerjaRating, and_(same_employee,
                                        col(EkinerjaRating.period) == period))
        .where(Employee.organisation_id == org_id)
        .group_by(Employee.unit_code)
    ).all()  # fmt: skip
    in_pack = unit_order(names)
    units = []
    for code, employees, n_rated in sorted(staff, key=lambda row: in_pack(row[0])):
        counts = {p: per_unit.get(code, {}).get(p, 0) for p in Predikat}
        n_rated = int(n_rated or 0)
        used = capaian_used(capaian, code)
        units.append(UnitPredikat(
            unit_code=code, unit=names.get(code, code), employees=employees, rated=n_rated,
            unrated=employees - n_rated, counts=_counts(counts), capaian=used,
            warnings=curve_notes(counts, used),
        ))  # fmt: skip
    return org_counts, units


def national_teams(
    session: Session, org_id: int, period: str, names: Mapping[str, str]
) -> list[TeamRow]:
    """National: predikat counts per team (Employee.team) within each unit."""
    members: dict[tuple[str, str], int] = {}
    for unit, team, n in session.exec(
        select(Employee.unit_code, Employee.team, func.count())
        .where(Employee.organisation_id == org_id)
        .group_by(Employee.unit_code, Employee.team)
    ):  # fmt: skip
        members[(unit, team or "")] = members.get((unit, team or ""), 0) + int(n)
    counts: dict[tuple[str, str], dict[Predikat, int]] = {}
    for unit, team, predikat, n in session.exec(
        select(Employee.unit_code, Employee.team, EkinerjaRating.predikat, func.count())
        .select_from(EkinerjaRating).join(Employee, _same_employee())
        .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
        .group_by(Employee.unit_code, Employee.team, EkinerjaRating.predikat)
    ):  # fmt: skip
        per = counts.setdefault((unit, team or ""), {})
        per[Predikat(predikat)] = per.get(Predikat(predikat), 0) + int(n)
    return [
        TeamRow(unit_code=unit, unit=names.get(unit, unit), team=team, members=n,
                rated=sum(counts.get((unit, team), {}).values()),
                counts=_counts(counts.get((unit, team), {})))
        for (unit, team), n in sorted(members.items(), key=team_order(names))
        if counts.get((unit, team))
    ]  # fmt: skip


# ----------------------------------------------------------------------- weighted 360


_LEADING_WORDS = re.compile(r"\^(?:\((?P<alts>[\w ]+(?:\|[\w ]+)*)\)|(?P<word>[\w ]+))(?:\\b)?")


def position_words(pattern: str) -> list[str]:
    r"""The words a jabatan must begin with, if that is all `pattern` says; else [].

    Reports describe '^guru\b' as "jabatan yang diawali kata guru" rather than quote a
    regular expression; anything more involved is quoted as written.
    """
    found = _LEADING_WORDS.fullmatch(pattern)
    if found is None:
        return []
    text = found.group("alts") or found.group("word")
    return [w.strip() for w in text.split("|") if w.strip()]


def framework_view(fw: Framework) -> FrameworkView:
    """The framework as reports state it (weights as percents)."""
    return FrameworkView(
        scale_min=fw.scale_min,
        scale_max=fw.scale_max,
        anonymity_threshold=fw.anonymity_threshold,
        normalised=fw.normalised,
        sets=[
            CriteriaSetRow(
                code=s.code, name=s.name, position_pattern=s.position_pattern or "",
                position_words=position_words(s.position_pattern or ""),
                unit_kinds=sorted(s.unit_kinds),
                criteria=[CriterionWeight(code=c.code, name=c.name, weight=pct(c.weight))
                          for c in s.criteria],
                sources=[SourceWeight(source=src, weight=pct(s.sources[src]))
                         for src in SOURCES if src in s.sources],
            )
            for s in fw.sets
        ],
        bonuses=[BonusRule(code=b.code, name=b.name, max_points=round_half_up(b.max_points, 2))
                 for b in fw.bonuses],
        thresholds=[ThresholdRow(min=m, predikat=p.value) for m, p in fw.thresholds],
        sources=[src for src in SOURCES if any(src in s.sources for s in fw.sets)],
    )  # fmt: skip


def units_360(
    p: Period360, names: Mapping[str, str], capaian: Mapping[str, CapaianSet]
) -> list[UnitPredikat]:
    """Weighted 360: each unit's predikat counts, curve warnings and mean score.

    Each unit is checked against its own capaian organisasi (`capaian`), else Baik.
    """
    rows = []
    for code in in_unit_order(names, p.units):
        r = p.units[code]
        used = capaian_used(capaian, code)
        rows.append(UnitPredikat(
            unit_code=code, unit=names.get(code, code), employees=r.members, rated=r.scored,
            unrated=r.members - r.scored, counts=_counts(r.counts), capaian=used,
            warnings=curve_notes(r.counts, used), mean=r.mean,
            mean_predikat=r.predikat.value if r.predikat else "",
        ))  # fmt: skip
    return rows


def teams_360(p: Period360, names: Mapping[str, str]) -> list[TeamRow]:
    """Weighted 360: each team's roll-up."""
    return [
        TeamRow(unit_code=unit, unit=names.get(unit, unit), team=team, members=r.members,
                rated=r.scored, counts=_counts(r.counts), mean=r.mean,
                mean_predikat=r.predikat.value if r.predikat else "")
        for (unit, team), r in sorted(p.teams.items(), key=team_order(names))
        if r.scored
    ]  # fmt: skip


def reweight_rows(p: Period360, names: Mapping[str, str]) -> list[UnitReweight]:
    """Per unit: who was re-weighted, for which sources (hidden, missing, partial) or criteria."""
    rows = []
    for code in in_unit_order(names, p.tallies):
        t = p.tallies[code]
        scored = p.units[code].scored if code in p.units else 0
        rows.append(UnitReweight(
            unit_code=code, unit=names.get(code, code), scored=scored, unscored=t.unscored,
            reweighted=t.reweighted,
            hidden=[SourceCount(source=s, count=t.hidden[s]) for s in SOURCES if t.hidden.get(s)],
            missing=[SourceCount(source=s, count=t.missing[s]) for s in SOURCES
                     if t.missing.get(s)],
            partial=[SourceCount(source=s, count=t.partial[s]) for s in SOURCES
                     if t.partial.get(s)],
            criteria=[CriterionCount(criterion=c.name, count=n) for cset in p.framework.sets
                      for c in cset.criteria
                      if (n := t.unscored_criteria.get((cset.code, c.code), 0))],
        ))  # fmt: skip
    return rows


def self_rows(p: Period360, names: Mapping[str, str]) -> list[SelfAssessmentRow]:
    """Per unit: who filled in a self-assessment, and it beside the supervisor's score.

    Every unit with employees is listed once anyone of the organisation filled one in:
    a unit where no one did is what the coverage is for.
    """
    if not any(t.self_filled for t in p.tallies.values()):
        return []
    return [
        SelfAssessmentRow(
            unit_code=code, unit=names.get(code, code), employees=t.employees,
            filled=t.self_filled,
            share_filled=round_half_up(Fraction(100 * t.self_filled, t.employees), 1),
            pairs=t.self_pairs,
            mean_gap=round_half_up(t.self_gap_sum / t.self_pairs, 2) if t.self_pairs else None,
            over=t.self_over, under=t.self_under,
        )
        for code in in_unit_order(names, p.tallies)
        if (t := p.tallies[code]).employees
    ]  # fmt: skip


def criteria_means(p: Period360, names: Mapping[str, str]) -> list[CriteriaMeans]:
    """Per criteria set, each unit's mean criterion scores (scale points)."""
    out = []
    for cset in p.framework.sets:
        rows = []
        for code in in_unit_order(names, p.tallies):
            t = p.tallies[code]
            means = [t.criteria[key].mean() if (key := (cset.code, c.code)) in t.criteria
                     else None for c in cset.criteria]  # fmt: skip
            if all(m is None for m in means):
                continue
            counts = [t.criteria[(cset.code, c.code)].count for c in cset.criteria
                      if (cset.code, c.code) in t.criteria]  # fmt: skip
            rows.append(CriteriaMeanRow(
                unit_code=code, unit=names.get(code, code), scored=max(counts),
                means=[round_half_up(m, 2) if m is not None else None for m in means],
            ))  # fmt: skip
        if rows:
            out.append(CriteriaMeans(
                set_code=cset.code, set_name=cset.name,
                criteria=[CriterionWeight(code=c.code, name=c.name, weight=pct(c.weight))
                          for c in cset.criteria],
                rows=rows,
            ))  # fmt: skip
    return out


# ------------------------------------------------------------------ small groups


def withhold_groups(
    units: Sequence[UnitPredikat], teams: Sequence[TeamRow], k: int
) -> tuple[list[UnitPredikat], list[TeamRow]]:
    """Units and teams as reports may show them: too small groups' figures withheld.

    Units are withheld beside the organisation's totals, a unit's teams beside the unit's
    own figures (all of a withheld unit's teams too). See `policy.evaluation.disclosure`.
    """
    hidden = withheld([u.rated for u in units], k, total_shown=True)
    units_out = [
        u.model_copy(update={"withheld": True, "counts": [], "mean": None,
                             "mean_predikat": "", "warnings": []})
        if i in hidden else u
        for i, u in enumerate(units)
    ]  # fmt: skip
    hidden_units = {units[i].unit_code for i in hidden}
    of_unit: dict[str, list[int]] = {}
    for i, t in enumerate(teams):
        of_unit.setdefault(t.unit_code, []).append(i)
    hidden_teams: set[int] = set()
    for code, indices in of_unit.items():
        if code in hidden_units:
            hidden_teams.update(indices)
            continue
        small = withheld([teams[i].rated for i in indices], k, total_shown=True)
        hidden_teams.update(indices[j] for j in small)
    teams_out = [
        t.model_copy(update={"withheld": True, "counts": [], "mean": None, "mean_predikat": ""})
        if i in hidden_teams else t
        for i, t in enumerate(teams)
    ]  # fmt: skip
    return units_out, teams_out


@dataclass(frozen=True)
class Shown:
    """A run's group figures as its reports show them, small groups withheld.

    Made once per run, for the Laporan and every unit sheet alike.
    """

    units: list[UnitPredikat]
    teams: list[TeamRow]
    reweight: list[UnitReweight]
    self_assessment: list[SelfAssessmentRow]
    criteria_means: list[CriteriaMeans]


def shown_figures(
    units: Sequence[UnitPredikat],
    teams: Sequence[TeamRow],
    p: Period360 | None,
    names: Mapping[str, str],
    k: int,
) -> Shown:
    """Units, teams and (weighted 360) the per-unit rows, with groups under `k` withheld."""
    shown_units, shown_teams = withhold_groups(units, teams, k)
    if p is None:
        return Shown(shown_units, shown_teams, [], [], [])
    hidden = frozenset(u.unit_code for u in shown_units if u.withheld)
    return Shown(
        units=shown_units,
        teams=shown_teams,
        reweight=reweight_rows(p, names),
        self_assessment=withhold_self(self_rows(p, names), k),
        criteria_means=withhold_means(criteria_means(p, names), k, hidden),
    )


def withhold_means(
    groups: Sequence[CriteriaMeans], k: int, hidden_units: frozenset[str] = frozenset()
) -> list[CriteriaMeans]:
    """Criteria means with the rows of too few scored (or of a withheld unit) withheld."""
    return [
        g.model_copy(update={"rows": [
            r.model_copy(update={"withheld": True, "means": []})
            if r.scored < k or r.unit_code in hidden_units else r
            for r in g.rows
        ]})
        for g in groups
    ]  # fmt: skip


def withhold_self(rows: Sequence[SelfAssessmentRow], k: int) -> list[SelfAssessmentRow]:
    """Self-assessment rows with too few pairs withheld (one pair is one person's gap).

    A unit without any pair has no gap to withhold. How many filled one in is withheld for
    units of fewer than `k` employees, with their complement beside the organisation's
    total (`policy.evaluation.disclosure`).
    """
    small = withheld([r.employees for r in rows], k, total_shown=True)
    out = []
    for i, r in enumerate(rows):
        update: dict[str, Any] = {}
        if 0 < r.pairs < k:
            update |= {"withheld": True, "mean_gap": None, "over": 0, "under": 0}
        if i in small:
            update |= {"filled_withheld": True, "filled": 0, "share_filled": None}
        out.append(r.model_copy(update=update) if update else r)
    return out


# ------------------------------------------------------------------------ indicators


def indicator_rows(
    session: Session,
    ctx: RunContext,
    period: str,
    measured: Mapping[str, Decimal | None] | None = None,
) -> list[IndicatorRow]:
    """Each pack indicator with the period's realisation, attainment and on-track status.

    A measured indicator takes its realisation from `measured`
    (`policy.services.indicator_measures`), any other from the imported realisations.
    """
    values: dict[str, str | Decimal | None] = dict(
        session.exec(
            select(IndicatorRealisation.code, IndicatorRealisation.value).where(
                IndicatorRealisation.organisation_id == ctx.org_id,
                IndicatorRealisation.period == period,
            )
        ).all()
    )
    values.update(measured or {})
    elapsed = year_elapsed(period)
    rows = []
    for i in ctx.pack.indicators:
        text = values.get(i.code)
        base = {"code": i.code, "name": i.name, "unit": i.unit, "baseline": i.baseline,
                "target": i.target, "direction": i.direction, "decimals": i.decimals,
                "year_end": elapsed == 1, "measure": _measure_view(ctx, i)}  # fmt: skip
        if text is None:
            rows.append(IndicatorRow(**base, realisation=None, attainment=None, progress=None,
                                     status=""))  # fmt: skip
            continue
        value = Decimal(text) if isinstance(text, str) else text
        result = evaluate_indicator(i.baseline, i.target, value, i.direction)
        expected = Fraction(i.baseline) + (Fraction(i.target) - Fraction(i.baseline)) * elapsed
        rows.append(IndicatorRow(
            **base, realisation=value, attainment=result.attainment, progress=result.progress,
            status=result.status.value, expected=round_half_up(expected, max(i.decimals, 2)),
            track=track_status(i.baseline, i.target, value, i.direction, elapsed).value,
        ))  # fmt: skip
    return rows


def _measure_view(ctx: RunContext, indicator: PackIndicator) -> MeasureView | None:
    """What a measured indicator is measured from, for the report (None: imported)."""
    measure = indicator.measured()
    if measure is None:
        return None
    subject = ""
    if measure.kind == "bonus":
        f360 = ctx.pack.evaluation.weighted_360
        bonus = {b.code: b.name for b in f360.bonus} if f360 is not None else {}
        subject = bonus.get(measure.subject or "", measure.subject or "")
    elif measure.unit is not None:
        subject = next((u.name for u in ctx.pack.units if u.code == measure.unit), "")
    return MeasureView(kind=measure.kind, subject=subject, service=measure.service or "")
