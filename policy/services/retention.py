"""Retention of personal data (UU 27/2022 Pasal 16 ayat (2)): what is past it, and destroying it.

Layer: domain services (counterpart: `siklus pdp retention`).

Personal data is deleted or destroyed when its retention period ends (the region's jadwal
retensi arsip; DOMAIN.md §6 leaves the periods to the region). A pack names, per kind, how
many years a record is kept after the end of the period it is about
(`data_protection.retention`); a kind it does not name is kept. `past_retention` lists what
is past it, counted per period in SQL; `destroy` deletes exactly that, on a leader's (or an
admin's) order with a written reason, audited (`privacy.destroyed`), and publishes the
Berita Acara Pemusnahan Data Pribadi as a registered document: which kinds, which periods,
how many records, on what basis. The documents already issued (reports, sheets) are archives
of their own and stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from policy import audit
from policy.locale import Locale
from policy.models import (
    ActivityReport,
    AuditEvent,
    BonusPoint,
    EkinerjaRating,
    Rating360,
    Role,
)
from policy.periods import period_range
from policy.publishing import Publication
from policy.services.common import (
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    org_pack,
    require_role,
    written_text,
)
from policy.services.privacy import PRIVACY_ROLES, org_header, publish_pdp
from policy.services.stagework import DocRef, document_date
from policy.views.privacy import DestroyedRow, DestructionView, OfficerContact

#: Who orders a destruction (the officers list what is due).
DESTROYERS = (Role.LEADER, Role.ADMIN)
TITLES: dict[Locale, str] = {
    "id": "Berita Acara Pemusnahan Data Pribadi",
    "en": "Record of the Destruction of Personal Data",
}


@dataclass(frozen=True)
class _Kind:
    label: str
    label_en: str
    model: Any
    column: str


KINDS: dict[str, _Kind] = {
    "penilaian_360": _Kind("penilaian 360 (nilai per penilai, dengan identitas penilainya)",
                           "360 ratings (each rater's scores, with the rater's identity)",
                           Rating360, "period"),
    "bonus": _Kind("poin bonus", "bonus points", BonusPoint, "period"),
    "ekinerja": _Kind("rating e-Kinerja", "e-Kinerja ratings", EkinerjaRating, "period"),
    "laporan_kegiatan": _Kind("rekap laporan kegiatan harian", "daily activity report recaps",
                              ActivityReport, "month"),
}  # fmt: skip


@dataclass(frozen=True)
class Due:
    """One kind's records past their retention."""

    kind: str
    label: str
    years: int
    cutoff: date
    periods: tuple[tuple[str, int], ...]

    @property
    def rows(self) -> int:
        """Records past retention."""
        return sum(n for _, n in self.periods)


def past_retention(
    *, session: Session, organisation: str | None, actor: str, today: date | None = None
) -> list[Due]:
    """Each kind the pack keeps for a limited time, with what is past it (periods, counts).

    A record is past retention when its period ended before `cutoff`: `today` less the
    kind's years (a period ending on 31 December 2020 kept 5 years is due on 1 January 2026).
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVACY_ROLES, "melihat retensi data")
    return _due(session, org.id or 0, org_pack(org).data_protection.retention, today)


def _due(session: Session, org_id: int, kept: Any, today: date | None) -> list[Due]:
    day = today or document_date(None)
    out = []
    for kind, years in kept.items():
        spec = KINDS[kind]
        column = getattr(spec.model, spec.column)
        found = session.execute(
            sa_select(column, func.count())
            .where(spec.model.organisation_id == org_id)
            .group_by(column)
            .order_by(column)
        ).all()
        cutoff = _years_before(day, years)
        past = tuple((str(p), int(n)) for p, n in found if _ends(str(p)) < cutoff)
        out.append(Due(kind, spec.label, years, cutoff, past))
    return out


@dataclass(frozen=True)
class Destruction:
    """What `destroy` deleted, and its Berita Acara."""

    due: list[Due]
    documents: list[DocRef]

    @property
    def rows(self) -> int:
        """Records destroyed."""
        return sum(d.rows for d in self.due)


def destroy(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    reason: str,
    locales: tuple[Locale, ...] = ("id",),
    today: date | None = None,
) -> Destruction:
    """Delete every record past its retention and publish the Berita Acara (commits).

    Raises:
        ServiceError: `actor` is no leader or admin, no reason, the pack sets no retention,
            nothing is past it, or the organisation has no cycle for the document.
    """
    org = get_org(session, organisation)
    member = get_member(session, org, actor)
    require_role(member, DESTROYERS, "memusnahkan data pribadi")
    text = written_text(reason, "dasar pemusnahan", "--reason", 1000)
    pack = org_pack(org)
    org_id = org.id or 0
    if not pack.data_protection.retention:
        raise ServiceError(
            "Paket tidak menetapkan masa retensi data pribadi (data_protection.retention); "
            "tidak ada yang dimusnahkan."
        )
    due = [d for d in _due(session, org_id, pack.data_protection.retention, today) if d.periods]
    if not due:
        raise ServiceError("Tidak ada data pribadi yang melewati masa retensinya.")
    cycle = get_cycle(session, org, None)
    for d in due:
        spec = KINDS[d.kind]
        column = getattr(spec.model, spec.column)
        session.execute(
            delete(spec.model).where(
                spec.model.organisation_id == org_id,
                column.in_([p for p, _ in d.periods]),
            )
        )
    number = 1 + session.exec(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.organisation_id == org_id, AuditEvent.action == "privacy.destroyed"
        )
    ).one()  # fmt: skip
    on = document_date(today)
    officer = pack.data_protection.officer
    items = [
        Publication(
            key=f"berita-acara-pemusnahan-{number}", template="berita_acara_pemusnahan",
            locale=loc,
            view=DestructionView(
                header=org_header(org, cycle, TITLES[loc], on),
                number=number, reason=text, by_name=member.name, by_title=member.title,
                officer=OfficerContact(**officer.model_dump()) if officer else None,
                rows=[_row(d, loc) for d in due], total=sum(d.rows for d in due),
            ),
        )
        for loc in locales
    ]  # fmt: skip
    refs = publish_pdp(session, org, cycle, items, actor)
    audit.record(
        session, actor=actor, action="privacy.destroyed", subject_type="organisation",
        subject_id=org_id, organisation_id=org_id,
        payload={"number": number, "reason": text, "documents": [d.id for d in refs],
                 "kinds": {d.kind: {"years": d.years, "cutoff": d.cutoff.isoformat(),
                                    "periods": dict(d.periods)} for d in due}},
    )  # fmt: skip
    session.commit()
    return Destruction(due, refs)


def _row(d: Due, loc: Locale) -> DestroyedRow:
    spec = KINDS[d.kind]
    return DestroyedRow(
        kind=spec.label if loc == "id" else spec.label_en, years=d.years, cutoff=d.cutoff,
        periods=[p for p, _ in d.periods], rows=d.rows,
    )  # fmt: skip


def _ends(period: str) -> date:
    """The last day of a period or month ('2026-TW3' -> 30 September 2026)."""
    return period_range(period)[1]


def _years_before(day: date, years: int) -> date:
    """`day` `years` years earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
