"""Service processing times (waktu penyelesaian layanan) per unit and kind for a period.

Layer: domain services (queries; no commit). The requests received in the period are
counted in SQL by unit, kind of service and their two days; each distinct pair of days is
turned into working days once (`policy.workdays`) and the counts are added up by
`policy.evaluation.processing`. A unit kerja of a province has a few thousand distinct
pairs a quarter however many requests it took, so nothing is read request by request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, reduce
from itertools import groupby
from operator import add, itemgetter

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from policy.evaluation.processing import ProcessingStats, kind_stats
from policy.models import ServiceRequest
from policy.packschema import Pack
from policy.services.deadlines import calendar_for


@dataclass(frozen=True, slots=True)
class KindProcessing:
    """One kind of service of a unit: its standard (working days, None: none) and counts."""

    service: str
    standard: int | None
    stats: ProcessingStats


@dataclass(frozen=True, slots=True)
class UnitProcessing:
    """A unit's kinds of service (in the pack's order, then by name) and their counts added."""

    unit_code: str
    kinds: tuple[KindProcessing, ...]

    @property
    def total(self) -> ProcessingStats:
        """The unit's counts over all its kinds."""
        return reduce(add, (k.stats for k in self.kinds), ProcessingStats())


def processing_by_unit(
    session: Session, organisation_id: int, pack: Pack, start: date, end: date
) -> dict[str, UnitProcessing]:
    """Unit code -> its processing times of the requests received start..end (inclusive)."""
    query = (
        sa_select(
            col(ServiceRequest.unit_code), col(ServiceRequest.service_type),
            col(ServiceRequest.received_on), col(ServiceRequest.done_on), func.count(),
        )
        .where(
            col(ServiceRequest.organisation_id) == organisation_id,
            col(ServiceRequest.received_on) >= start,
            col(ServiceRequest.received_on) <= end,
        )
        .group_by(
            col(ServiceRequest.unit_code), col(ServiceRequest.service_type),
            col(ServiceRequest.received_on), col(ServiceRequest.done_on),
        )
        .order_by(col(ServiceRequest.unit_code), col(ServiceRequest.service_type))
    )  # fmt: skip
    rows = session.execute(query).all()
    if not rows:
        return {}
    calendar = calendar_for(pack)
    working_days: Callable[[date, date], int] = lru_cache(maxsize=None)(
        calendar.working_days_between
    )
    add_days: Callable[[date, int], date] = lru_cache(maxsize=None)(calendar.add_working_days)
    units = {u.code: u for u in pack.units}
    result: dict[str, UnitProcessing] = {}
    for unit_code, unit_rows in groupby(rows, key=itemgetter(0)):
        unit = units.get(unit_code)
        kinds = []
        for service, kind_rows in groupby(unit_rows, key=itemgetter(1)):
            standard = unit.standard_days(service) if unit is not None else None
            groups = ((received, done, count) for _, _, received, done, count in kind_rows)
            stats = kind_stats(groups, standard, end, working_days, add_days)
            kinds.append(KindProcessing(service, standard, stats))
        # The pack's order of the unit's services, then the others by name.
        listed = {name.casefold(): at for at, name in enumerate(unit.services if unit else [])}
        kinds.sort(
            key=lambda k: (listed.get(k.service.casefold(), len(listed)), k.service.casefold())
        )
        result[unit_code] = UnitProcessing(unit_code, tuple(kinds))
    return result
