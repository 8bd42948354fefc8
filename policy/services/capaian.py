"""Capaian kinerja organisasi per unit and period: its import and its lookup.

Layer: domain services (helpers: the writer is called by `policy.services.imports` and
flushes, never commits; the lookup is read by `policy.services.evaluation`). The leader
above a unit sets the unit's capaian for a period (SE MenPANRB 3/2023, DOMAIN.md §2.3);
it fixes the pattern the unit's employee predikat are checked against. A unit with no
capaian for the period is checked as if it were Baik, and the reports say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from policy.models import CapaianOrganisasi, UnitCapaian
from policy.services.import_target import ImportTarget, check_units, upsert
from policy.services.period_lock import PeriodLocks, locked_errors, locked_rows_check

ASSUMED = CapaianOrganisasi.BAIK
"""The capaian a unit is checked against when none is set for the period."""


@dataclass(frozen=True, slots=True)
class CapaianSet:
    """The capaian a leader set for a unit in a period."""

    capaian: CapaianOrganisasi
    set_by: str
    note: str


def write_capaian(t: ImportTarget, rows: list[Any]) -> int:
    """Check the units and write the rows (one value per period and unit; later files win)."""
    check_units(t, rows, "unit_kerja")
    locked = locked_rows_check(
        PeriodLocks(t.session, t.org.id or 0), "capaian", UnitCapaian, ("unit_code",),
        ("capaian", "set_by", "note"),
        lambda r: (CapaianOrganisasi(r.capaian).value, r.set_by, r.note),
        lambda r: f"capaian unit {r.unit_code} dalam berkas",
    )  # fmt: skip
    t.fail(locked_errors(locked, rows))
    upsert(
        t.session,
        UnitCapaian,
        [
            {
                "organisation_id": t.org.id,
                "import_id": t.record.id,
                "period": r.period,
                "unit_code": r.unit_code,
                "capaian": CapaianOrganisasi(r.capaian).value,
                "set_by": r.set_by,
                "note": r.note,
            }
            for r in rows
        ],
        ["organisation_id", "period", "unit_code"],
        t.kept(["import_id", "capaian", "set_by", "note"]),
    )
    return len(rows)


def capaian_by_unit(session: Session, org_id: int, period: str) -> dict[str, CapaianSet]:
    """The capaian set for each unit in the period (units with none are absent)."""
    rows = session.exec(
        select(UnitCapaian).where(
            UnitCapaian.organisation_id == org_id, UnitCapaian.period == period
        )
    ).all()
    return {r.unit_code: CapaianSet(CapaianOrganisasi(r.capaian), r.set_by, r.note) for r in rows}
