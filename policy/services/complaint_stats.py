"""Complaint (pengaduan) response times per unit for an evaluation period.

Layer: domain services (queries; no commit). The response times are read in unit order
and reduced per unit by the exact statistics of `policy.evaluation.complaints` (the median
and percentile need the values, which a portable GROUP BY cannot give on SQLite).
"""

from __future__ import annotations

from datetime import date
from itertools import groupby

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from policy.evaluation import ResponseStats, hours_from_db, response_stats
from policy.models import Complaint


def complaint_stats(
    session: Session, organisation_id: int, start: date, end: date, limit_hours: int
) -> dict[str, ResponseStats]:
    """Unit code -> response statistics of the complaints received start..end (inclusive)."""
    rows = session.execute(
        sa_select(col(Complaint.unit_code), col(Complaint.response_hours))
        .where(
            col(Complaint.organisation_id) == organisation_id,
            col(Complaint.received_on) >= start,
            col(Complaint.received_on) <= end,
        )
        .order_by(col(Complaint.unit_code))
    )
    return {
        unit: response_stats((hours_from_db(h) for _, h in group), limit_hours)
        for unit, group in groupby(rows, key=lambda row: row[0])
    }


def organisation_stats(
    session: Session, organisation_id: int, start: date, end: date, limit_hours: int
) -> ResponseStats:
    """Response statistics of all the organisation's complaints received start..end."""
    rows = session.execute(
        sa_select(col(Complaint.response_hours)).where(
            col(Complaint.organisation_id) == organisation_id,
            col(Complaint.received_on) >= start,
            col(Complaint.received_on) <= end,
        )
    )
    return response_stats((hours_from_db(h) for (h,) in rows), limit_hours)
