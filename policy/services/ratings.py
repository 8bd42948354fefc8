"""Weighted 360 results of a period: SQL aggregates, pure scoring, roll-ups, stored rows.

Layer: domain services (helpers of `policy.services.evaluation`: they flush, never commit).
Ratings are aggregated per (employee, source, criterion) by the database (sum of scores,
ratings, distinct raters); each employee is scored by `policy.evaluation.framework` over
those aggregates while the rows stream, and only per-employee summaries are kept, so a
province of 60,000 employees stays small in memory.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from policy import collector
from policy.evaluation.framework import (
    Cell,
    CellTotals,
    CriteriaSet,
    EmployeeDetail,
    EmployeeResult,
    Framework,
    explain_employee,
    score_employee,
)
from policy.evaluation.rollup import ExactSum, Rollup, rollup
from policy.models import BonusPoint, Employee, EvaluationScore, Predikat, Rating360, Unit
from policy.services.bulk_insert import insert_for


@dataclass(frozen=True, slots=True)
class Scored:
    """The lean result of one employee, as kept for reports and follow-up."""

    nip: str
    name: str
    unit_code: str
    team: str
    supervisor_nip: str | None
    result: EmployeeResult


@dataclass
class UnitTally:
    """What a unit's employees add up to (re-weighting, anonymity, self-assessment)."""

    employees: int = 0
    reweighted: int = 0
    unscored: int = 0
    hidden: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    missing: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    partial: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """Scored employees per source that rated some of their criteria but not all."""
    unscored_criteria: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    """Scored employees per (criteria set, criterion) left without a score (re-weighted)."""
    self_filled: int = 0
    """Employees with a self-assessment (diri) of the period, scored or not."""
    self_pairs: int = 0
    self_gaps: ExactSum = field(default_factory=ExactSum)
    self_over: int = 0
    self_under: int = 0
    criteria: dict[tuple[str, str], ExactSum] = field(default_factory=lambda: defaultdict(ExactSum))

    @property
    def self_gap_sum(self) -> Fraction:
        """The exact sum of the self-assessment gaps."""
        return self.self_gaps.total()


@dataclass
class Period360:
    """Everything the documents need from the weighted 360 scoring of a period."""

    framework: Framework
    employees: int
    scored: list[Scored]
    unit_members: dict[str, int]
    team_members: dict[tuple[str, str], int]
    units: dict[str, Rollup]
    teams: dict[tuple[str, str], Rollup]
    organisation: Rollup
    tallies: dict[str, UnitTally]
    ignored_ratings: int
    rated: int

    def counts(self) -> dict[Predikat, int]:
        """Predikat counts of the organisation."""
        return dict(self.organisation.counts)


def _employees(session: Session, org_id: int) -> dict[str, tuple[str, str, str, str, str | None]]:
    """NIP -> (name, position, unit code, team, supervisor NIP)."""
    rows = session.execute(
        sa_select(col(Employee.nip), col(Employee.name), col(Employee.position),
                  col(Employee.unit_code), col(Employee.team), col(Employee.supervisor_nip))
        .where(col(Employee.organisation_id) == org_id)
    )  # fmt: skip
    return {nip: (name, pos, unit, team or "", sup) for nip, name, pos, unit, team, sup in rows}


def bonus_points(
    session: Session, org_id: int, period: str, nip: str | None = None
) -> dict[str, dict[str, Fraction]]:
    """NIP -> bonus code -> points for the period."""
    query = sa_select(col(BonusPoint.nip), col(BonusPoint.code), col(BonusPoint.points)).where(
        col(BonusPoint.organisation_id) == org_id, col(BonusPoint.period) == period
    )
    if nip is not None:
        query = query.where(col(BonusPoint.nip) == nip)
    out: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for who, code, points in session.execute(query):
        out[who][code] = Fraction(int(points), 100)
    return out


_AFTER_NIP = itemgetter(slice(1, None))


def _cells(
    session: Session, org_id: int, period: str, nip: str | None = None
) -> Iterator[tuple[str, list[Cell]]]:
    """(NIP, cells) per rated employee, in NIP order, straight from a GROUP BY.

    The grouping columns lead the covering index `ix_rating360_cells`, so the database
    reads the ratings in index order with no sort (about a million groups per period in
    a province), and the rows stream as plain tuples.
    """
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        "SELECT nip, source, criterion, SUM(score), COUNT(*), COUNT(DISTINCT rater) "
        f"FROM {Rating360.__tablename__} WHERE organisation_id = {mark} AND period = {mark}"
        + (f" AND nip = {mark}" if nip is not None else "")
        + " GROUP BY nip, source, criterion ORDER BY nip, source, criterion"
    )
    params = (org_id, period) if nip is None else (org_id, period, nip)
    for who, group in groupby(_rows(connection, sql, params), key=itemgetter(0)):
        yield who, list(map(_AFTER_NIP, group))  # (source, criterion, sum, ratings, raters)


def _rows(connection: Connection, sql: str, params: tuple[Any, ...]) -> Iterator[Any]:
    """The rows of a query, streamed in batches: SQLite's own cursor, else a server cursor."""
    if connection.dialect.name == "sqlite":
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(20000):
                yield from batch
        finally:
            cursor.close()
        return
    result = connection.exec_driver_sql(
        sql, params, execution_options={"stream_results": True, "yield_per": 20000}
    )
    for batch in result.partitions():
        yield from batch


def rated_count(session: Session, org_id: int, period: str) -> int:
    """How many 360 ratings the period has (0: the data has not arrived)."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Rating360)
            .where(Rating360.organisation_id == org_id, Rating360.period == period)
        ).one()
    )


@collector.paused()
def score_period(session: Session, org_id: int, period: str, framework: Framework) -> Period360:
    """Score every rated employee of the period and roll the results up (no writes)."""
    staff = _employees(session, org_id)
    kinds = dict(
        session.exec(select(Unit.code, Unit.kind).where(Unit.organisation_id == org_id)).all()
    )
    bonus = bonus_points(session, org_id, period)
    sets: dict[tuple[str, str], CriteriaSet] = {}
    scored: list[Scored] = []
    tallies: dict[str, UnitTally] = defaultdict(UnitTally)
    ignored = 0
    for nip, cells in _cells(session, org_id, period):
        name, position, unit, team, supervisor = staff[nip]
        key = (position, kinds.get(unit, ""))
        cset = sets.get(key) or sets.setdefault(key, framework.criteria_set(*key))
        result = score_employee(framework, cset, cells, bonus.get(nip))
        if result.ignored_criteria:
            ignored += sum(c[3] for c in cells if c[1] in result.ignored_criteria)
        scored.append(Scored(nip, name, unit, team, supervisor, result))
        _tally(tallies[unit], cset, result)
        tallies[unit].self_filled += any(cell[0] == "diri" for cell in cells)
    unit_members: dict[str, int] = defaultdict(int)
    team_members: dict[tuple[str, str], int] = defaultdict(int)
    for _name, _pos, unit, team, _sup in staff.values():
        unit_members[unit] += 1
        team_members[(unit, team)] += 1
    by_unit: dict[str, list[EmployeeResult]] = defaultdict(list)
    by_team: dict[tuple[str, str], list[EmployeeResult]] = defaultdict(list)
    for s in scored:
        by_unit[s.unit_code].append(s.result)
        by_team[(s.unit_code, s.team)].append(s.result)
    for unit, n in unit_members.items():
        tallies[unit].employees = n
    return Period360(
        framework=framework,
        employees=len(staff),
        scored=scored,
        unit_members=dict(unit_members),
        team_members=dict(team_members),
        units={u: rollup(framework, by_unit.get(u, []), n) for u, n in unit_members.items()},
        teams={t: rollup(framework, by_team.get(t, []), n) for t, n in team_members.items()},
        organisation=rollup(framework, (s.result for s in scored), len(staff)),
        tallies=dict(tallies),
        ignored_ratings=ignored,
        rated=len(scored),
    )


def _tally(t: UnitTally, cset: CriteriaSet, r: EmployeeResult) -> None:
    if not r.scored:
        t.unscored += 1
    if r.reweighted:
        t.reweighted += 1
    for source in r.hidden_sources:
        t.hidden[source] += 1
    if r.scored:
        for source in r.missing_sources:
            t.missing[source] += 1
        for source in r.partial_sources:
            t.partial[source] += 1
        for code in r.unscored_criteria:
            t.unscored_criteria[(cset.code, code)] += 1
    if r.self_gap_exact is not None:
        numerator, denominator = r.self_gap_exact  # denominator > 0: the sign is the numerator's
        t.self_pairs += 1
        t.self_gaps.add_ratio(numerator, denominator)
        t.self_over += numerator > 0
        t.self_under += numerator < 0
    for criterion, score in zip(cset.criteria, r.exact_scores, strict=True):
        if score is not None:
            t.criteria[(cset.code, criterion.code)].add_ratio(*score)


_SCORE_COLUMNS = ("stage_run_id", "nip", "unit_code", "team", "criteria_set", "score",
                  "score_exact", "predikat", "weakest", "self_gap", "details")  # fmt: skip


@collector.paused()
def store_scores(session: Session, run_id: int, scored: Sequence[Scored]) -> int:
    """Replace the run's stored results with these (bulk); returns the rows written.

    One prepared INSERT run over plain tuples, the details already JSON text: a province
    stores 60,000 results, and building them through the ORM's parameter handling took
    twice as long as writing them.
    """
    session.execute(delete(EvaluationScore).where(col(EvaluationScore.stage_run_id) == run_id))
    texts: dict[tuple[Any, ...], str] = {}
    rows = [
        (
            run_id,
            s.nip,
            s.unit_code,
            s.team,
            s.result.criteria_set,
            str(s.result.final),
            _fraction_text(s.result.final_exact),
            s.result.predikat.value if s.result.predikat else "",
            s.result.weakest or "",
            _ratio_text(s.result.self_gap_exact),
            _details_json(s.result, texts),
        )  # fmt: skip
        for s in scored
        if s.result.scored
    ]
    insert = insert_for(session, EvaluationScore, _SCORE_COLUMNS)
    for start in range(0, len(rows), 10_000):
        insert.run(session.connection(), rows[start : start + 10_000])
    return len(rows)


def _fraction_text(value: Fraction | None) -> Any:
    return None if value is None else _ratio_text((value.numerator, value.denominator))


def _ratio_text(ratio: tuple[int, int] | None) -> Any:
    """Numerator / denominator (> 0) as "n/d" in lowest terms, without making a `Fraction`."""
    if ratio is None:
        return None
    numerator, denominator = ratio
    common = math.gcd(numerator, denominator)
    return f"{numerator // common}/{denominator // common}"


def _details_json(r: EmployeeResult, texts: dict[tuple[Any, ...], str]) -> str:
    """`_details` as JSON text; most employees share a few, made once each in `texts`."""
    key = (r.hidden_sources, r.missing_sources, r.reweighted, r.unscored_criteria,
           r.partial_sources, tuple((b.code, str(b.applied)) for b in r.bonus))  # fmt: skip
    text = texts.get(key)
    if text is None:
        text = texts[key] = json.dumps(_details(r))
    return text


def _details(r: EmployeeResult) -> dict[str, Any]:
    return {
        "hidden": list(r.hidden_sources),
        "missing": list(r.missing_sources),
        "reweighted": r.reweighted,
        "unscored": list(r.unscored_criteria),
        "partial": list(r.partial_sources),
        "bonus": {b.code: str(b.applied) for b in r.bonus},
    }


def explain(
    session: Session,
    org_id: int,
    period: str,
    framework: Framework,
    nip: str,
    placed: tuple[str, str] | None = None,
) -> tuple[CriteriaSet, EmployeeDetail] | None:
    """One employee's result with every figure per source (None: no ratings).

    `placed` is the (unit code, position) the employee was evaluated in, when a staff
    list imported since has moved them: it chooses the criteria set (a teacher's or
    another's) as the evaluation did.
    """
    employee = session.exec(
        select(Employee).where(Employee.organisation_id == org_id, Employee.nip == nip)
    ).first()
    if employee is None:
        return None
    unit_code, position = placed or (employee.unit_code, employee.position)
    kind = session.exec(
        select(Unit.kind).where(Unit.organisation_id == org_id, Unit.code == unit_code)
    ).first()
    cset = framework.criteria_set(position, kind or "")
    found = next((c for _, c in _cells(session, org_id, period, nip)), None)
    cells = None if found is None else [CellTotals(*cell) for cell in found]
    if cells is None:
        return None
    bonus = bonus_points(session, org_id, period, nip).get(nip)
    return cset, explain_employee(framework, cset, cells, bonus)


def stored_scores(session: Session, run_id: int) -> Mapping[str, EvaluationScore]:
    """The run's stored results by NIP."""
    rows = session.exec(select(EvaluationScore).where(EvaluationScore.stage_run_id == run_id))
    return {row.nip: row for row in rows}
