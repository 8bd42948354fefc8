"""A year's angka kredit per functional official, summed over the approved periods: for the PAK.

Layer: domain services (counterpart: `siklus evaluation credits`).

Peraturan BKN 3/2023 converts each predikat into angka kredit, pro rata for the months it
covers (`policy.evaluation.credits`); the year's angka kredit, which the authorised official
sets in the Penetapan Angka Kredit (PAK), is the sum of the periods'. DOMAIN.md §2.3: sum
the exact values and round the total, not the parts. This export does that:

- the periods are the year's evaluation periods that leadership **approved** (a period in
  review or reopened may still change): the year itself where its annual evaluation was
  approved (twelve months), else the approved periods of the kind the pack evaluates
  (quarters, semesters, months), never both, since a year holds its quarters; self-assessment
  rounds are not evaluation periods and do not count;
- each period's predikat is the e-Kinerja rating's (national framework only, as on the private
  sheet), its jenjang and coefficient those of the post the employee held when that
  evaluation was submitted (`policy.services.placements`): a promotion from Ahli Pertama to
  Ahli Muda in the year counts each period at its own jenjang;
- one row per employee with angka kredit in the year: the months counted, the periods, the
  jenjang (the last, and the earlier ones where they differ), the total rounded half up to two
  places. A period without a rating for the employee is not counted and the row says how many
  months were counted, so an incomplete year shows;
- the rows are personal data: only the roles that may issue private sheets export them, every
  export is audited (`evaluation.credits_exported` through `policy.services.exports`), and an
  employee whose request to restrict processing was granted is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlmodel import Session, select

from policy.evaluation.credits import credit_for
from policy.evaluation.rounding import round_half_up
from policy.models import EkinerjaRating
from policy.periods import PERIOD_KINDS, period_kind, period_range
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    ServiceError,
    get_member,
    get_org,
    org_pack,
    require_role,
)
from policy.services.evaluation_export import FORMATS, Format, staff_rows, write_rows
from policy.services.exports import record_export
from policy.services.period_lock import approved_evaluations
from policy.services.placements import placements_at
from policy.services.privacy_requests import restricted_nips
from policy.services.stagework import document_date

#: Columns of the year's export.
COLUMNS = ("nip", "nama", "jabatan", "jenjang_jf", "bulan", "periode", "angka_kredit")


@dataclass(frozen=True)
class CreditsExport:
    """A year's export written: its bytes and what it holds."""

    year: int
    periods: tuple[str, ...]
    rows: int
    content: bytes
    #: Employees left out: their request to restrict processing was granted.
    withheld: int = 0


@dataclass
class _Year:
    """One employee's year, period by period."""

    exact: Fraction = Fraction(0)
    months: int = 0
    periods: list[str] = field(default_factory=list)
    jenjang: list[str] = field(default_factory=list)
    position: str = ""


def export_credits(
    *,
    session: Session,
    organisation: str | None,
    year: int,
    actor: str,
    fmt: Format,
    filename: str,
    deliver: Callable[[bytes], None] | None = None,
) -> CreditsExport:
    """The year's angka kredit per functional official in `fmt`, audited (commits).

    `deliver`, given, writes the file before the export is recorded (`record_export`).

    Raises:
        ServiceError: `actor` may not see private results, an unknown format, a pack whose
            evaluation converts no angka kredit (a weighted 360, or switched off), or no
            period of the year approved yet.
    """
    if fmt not in FORMATS:
        raise ServiceError(f"Format '{fmt}' tidak dikenal; pilih: {', '.join(FORMATS)}.")
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVATE_RESULT_ROLES, "mengekspor angka kredit")
    evaluation = org_pack(org).evaluation
    if evaluation.framework != "national" or not evaluation.angka_kredit.enabled:
        raise ServiceError(
            "Angka kredit dihitung dari predikat SKP e-Kinerja pada kerangka nasional; paket "
            f"{org.code} "
            + ("memakai penilaian 360 berbobot." if evaluation.framework != "national"
               else "mematikannya (evaluation.angka_kredit.enabled: false).")
        )  # fmt: skip
    org_id = org.id or 0
    runs = _year_runs(session, org_id, year, evaluation.periods, evaluation.self_round)
    if not runs:
        raise ServiceError(
            f"Belum ada periode evaluasi tahun {year} yang disetujui pimpinan; angka kredit "
            "setahun dijumlahkan dari periode yang sudah disetujui."
        )
    table = evaluation.angka_kredit.table()
    staff = {row.nip: row for row in staff_rows(session, org_id)}
    years: dict[str, _Year] = {}
    for period, submitted in runs:
        rated = dict(
            session.exec(
                select(EkinerjaRating.nip, EkinerjaRating.predikat).where(
                    EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period
                )
            ).all()
        )
        placed = placements_at(
            session, org_id, [staff[nip] for nip in rated if nip in staff], submitted
        )
        for nip, where in placed.items():
            credit = credit_for(rated[nip], where.position, period, table)
            if credit is None:
                continue
            mine = years.setdefault(nip, _Year())
            mine.exact += credit.exact
            mine.months += credit.months
            mine.periods.append(period)
            if not mine.jenjang or mine.jenjang[-1] != credit.jenjang:
                mine.jenjang.append(credit.jenjang)
            mine.position = where.position
    restricted = restricted_nips(session, org_id, document_date(None))
    withheld = sum(1 for nip in years if nip in restricted)
    rows: list[tuple[Any, ...]] = [
        (nip, staff[nip].name, y.position, " → ".join(y.jenjang), y.months,
         ", ".join(y.periods), round_half_up(y.exact, 2))
        for nip, y in sorted(years.items())
        if nip not in restricted
    ]  # fmt: skip
    content = write_rows(fmt, COLUMNS, rows)
    periods = tuple(period for period, _ in runs)
    record_export(
        session, action="evaluation.credits_exported", actor=actor,
        subject_type="organisation", subject_id=org_id, organisation_id=org_id,
        filename=filename, fmt=fmt, content=content, rows=len(rows),
        details={"year": year, "periods": list(periods), "withheld": withheld},
        deliver=deliver,
    )  # fmt: skip
    session.commit()
    return CreditsExport(year, periods, len(rows), content, withheld)


def _year_runs(
    session: Session,
    org_id: int,
    year: int,
    evaluated: str,
    self_round: Callable[[str], bool],
) -> list[tuple[str, Any]]:
    """The year's approved evaluation periods, in order, with when each was submitted.

    The year itself where its annual evaluation was approved; else the periods of the kind
    the pack evaluates (`evaluated`, e.g. 'quarterly').
    """
    approved = {
        a.period: a.submitted_at
        for a in approved_evaluations(session, org_id)
        if period_range(a.period)[0].year == year and not self_round(a.period)
    }
    if str(year) in approved:
        return [(str(year), approved[str(year)])]
    kind = PERIOD_KINDS[evaluated]
    chosen = [p for p in approved if period_kind(p) == kind]
    return [(p, approved[p]) for p in sorted(chosen, key=lambda p: period_range(p)[0])]
