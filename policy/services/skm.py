"""SKM aggregation in SQL and IKM per service unit.

Layer: domain services (queries; no commit). Sums and answered counts per element
are computed by the database; the exact IKM maths is `policy.evaluation.ikm`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from policy.evaluation import ELEMENT_CODES, IkmResult, compute_ikm, weakest_elements
from policy.models import SkmResponse, Unit


@dataclass(frozen=True)
class UnitIkm:
    """The IKM of one service unit over a date range."""

    unit_code: str
    unit_name: str
    result: IkmResult

    def weakest(self, count: int = 2) -> list[str]:
        """The weakest elements as 'U3 Waktu Penyelesaian' labels."""
        return [f"{e.code.upper()} {e.name}" for e in weakest_elements(self.result, count)]


def ikm_by_unit(
    session: Session,
    organisation_id: int,
    start: date,
    end: date,
    *,
    weight: str,
    element_names: dict[str, str] | None = None,
) -> list[UnitIkm]:
    """IKM per service unit from responses dated start..end (inclusive), by unit code."""
    columns = [getattr(SkmResponse, code) for code in ELEMENT_CODES]
    aggregates = [f for c in columns for f in (func.coalesce(func.sum(c), 0), func.count(c))]
    query = (
        select(SkmResponse.unit_code, func.count(), *aggregates)
        .where(
            SkmResponse.organisation_id == organisation_id,
            SkmResponse.response_date >= start,
            SkmResponse.response_date <= end,
        )
        .group_by(SkmResponse.unit_code)
        .order_by(SkmResponse.unit_code)
    )
    names = dict(
        session.exec(
            select(Unit.code, Unit.name).where(Unit.organisation_id == organisation_id)
        ).all()
    )
    results = []
    for row in session.exec(query).all():
        unit_code, respondents = row[0], row[1]
        values: list[int] = list(row[2:])
        totals = {
            code: (int(values[2 * i]), int(values[2 * i + 1]))
            for i, code in enumerate(ELEMENT_CODES)
        }
        if not any(count for _, count in totals.values()):
            continue
        result = compute_ikm(totals, weight, int(respondents), element_names or None)
        results.append(UnitIkm(unit_code, names.get(unit_code, unit_code), result))
    return results
