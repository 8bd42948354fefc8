"""The realisations of measured indicators, taken from the figures of the evaluation itself.

Layer: domain services (queries; no writes). The IKM and the complaint statistics are
the ones the evaluation has already computed for its report; only an organisation-wide
median (which cannot be merged from the units' medians) and the bonus counts are read
here. The forms and their meaning are in `policy.evaluation.measures`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import reduce
from operator import add

from sqlalchemy import func
from sqlmodel import Session, col, select

from policy.enums import Predikat
from policy.evaluation import ResponseStats
from policy.evaluation.activity import ActivityStats
from policy.evaluation.measures import (
    PROCESSING,
    Measure,
    complaints_total,
    hours,
    processing_value,
    share_at_least_baik,
    share_on_time,
)
from policy.evaluation.processing import ProcessingStats
from policy.evaluation.rounding import round_half_up
from policy.models import BonusPoint
from policy.services.activity_stats import activity_by_unit
from policy.services.complaint_stats import complaint_stats, organisation_stats
from policy.services.processing_stats import UnitProcessing, processing_by_unit
from policy.services.skm import UnitIkm
from policy.services.stagework import RunContext


def measured_values(
    session: Session,
    ctx: RunContext,
    period: str,
    span: tuple[date, date],
    ikm: Sequence[UnitIkm],
    stats: Mapping[str, ResponseStats] | None = None,
    counts: Mapping[Predikat, int] | None = None,
    processing: Mapping[str, UnitProcessing] | None = None,
    activity: Mapping[str, ActivityStats] | None = None,
    self_filled: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, Decimal | None]:
    """Indicator code -> its measured realisation (None: no data in the period).

    `stats` are the units' complaint statistics of the period, when already read;
    `counts` the organisation's predikat counts; `processing` the units' service
    processing times, when already read; `activity` the units' activity reports;
    `self_filled` per unit (employees with a self-assessment, employees), from the weighted
    360 scoring (None: the period has no 360 ratings, so no data).
    """
    wanted = [(i, m) for i in ctx.pack.indicators if (m := i.measured()) is not None]
    if not wanted:
        return {}
    limit = ctx.pack.evaluation.complaints.response_limit_hours
    if stats is None and any(m.kind.startswith("pengaduan") for _, m in wanted):
        stats = complaint_stats(session, ctx.org_id, span[0], span[1], limit)
    if processing is None and any(m.kind in PROCESSING for _, m in wanted):
        processing = processing_by_unit(session, ctx.org_id, ctx.pack, span[0], span[1])
    if activity is None and any(m.kind == "lkh_lengkap" for _, m in wanted):
        activity = activity_by_unit(session, ctx.org_id, ctx.pack, span[0], span[1])
    by_unit = {u.unit_code: u for u in ikm}
    values: dict[str, Decimal | None] = {}
    for indicator, measure in wanted:
        places = indicator.decimals
        if measure.kind == "ikm":
            unit = by_unit.get(measure.subject or "")
            values[indicator.code] = None if unit is None else unit.result.ikm
        elif measure.kind == "bonus":
            count = _bonus_count(session, ctx.org_id, period, measure)
            values[indicator.code] = None if count is None else Decimal(count)
        elif measure.kind == "pengaduan_tepat_waktu":
            chosen = _chosen(stats or {}, measure)
            values[indicator.code] = share_on_time(*complaints_total(chosen), places)
        elif measure.kind in PROCESSING:
            chosen_stats = _processing(processing or {}, measure)
            values[indicator.code] = processing_value(measure.kind, chosen_stats, places)
        elif measure.kind == "lkh_lengkap":
            units = [s for code, s in (activity or {}).items()
                     if measure.unit is None or code == measure.unit]  # fmt: skip
            staff = reduce(add, units) if units else None
            values[indicator.code] = staff.percent_complete(places) if staff else None
        elif measure.kind == "penilaian_diri":
            pairs = [v for code, v in (self_filled or {}).items()
                     if measure.unit is None or code == measure.unit]  # fmt: skip
            filled, employees = sum(f for f, _ in pairs), sum(n for _, n in pairs)
            values[indicator.code] = (
                round_half_up(Fraction(100 * filled, employees), places) if employees else None
            )
        elif measure.kind == "predikat_baik":
            values[indicator.code] = share_at_least_baik(counts or {}, places)
        else:  # pengaduan_median
            if measure.subject is None:
                whole = organisation_stats(session, ctx.org_id, span[0], span[1], limit)
                values[indicator.code] = hours(whole.median, places)
            else:
                found = (stats or {}).get(measure.subject)
                values[indicator.code] = hours(found.median if found else None, places)
    return values


def _chosen(stats: Mapping[str, ResponseStats], measure: Measure) -> list[ResponseStats]:
    if measure.subject is None:
        return list(stats.values())
    found = stats.get(measure.subject)
    return [found] if found is not None else []


def _processing(
    processing: Mapping[str, UnitProcessing], measure: Measure
) -> ProcessingStats | None:
    """The counts a processing measure covers: all units, one unit, or one of its kinds."""
    units = list(processing.values()) if measure.unit is None else (
        [processing[measure.unit]] if measure.unit in processing else []
    )  # fmt: skip
    wanted = (measure.service or "").casefold()
    kinds = [
        k.stats for u in units for k in u.kinds if not wanted or k.service.casefold() == wanted
    ]
    return reduce(add, kinds) if kinds else None


def _bonus_count(session: Session, org_id: int, period: str, measure: Measure) -> int | None:
    """Employees with points of the bonus in the period.

    None when no bonus of any kind was imported for the period: bonuses are awarded in
    some periods only (the year, not its quarters), and a period without them has no
    data, not zero participants.
    """
    rows = session.exec(
        select(BonusPoint.code, func.count(func.distinct(col(BonusPoint.nip))))
        .where(BonusPoint.organisation_id == org_id, BonusPoint.period == period)
        .group_by(col(BonusPoint.code))
    ).all()
    if not rows:
        return None
    return int(dict(rows).get(measure.subject or "", 0))
