"""Failures of personal-data protection (UU 27/2022 Pasal 46): the register and the notices.

Layer: domain services (counterparts: `siklus pdp incident …`; `policy.services.privacy`,
whose roles, numbering and `pdp/` documents it uses).

A failure of protection (Pasal 46) calls for written notice to the data subjects and to the
authority no later than 3 × 24 hours after the failure became known, stating the data
exposed, when and how, and the handling and recovery. `record_incident` keeps it with the
employees it touched; `issue_notices` publishes the notices as registered documents (one to
the authority, one to each employee, naming the organisation's data-protection officer
from the pack) and says whether they went out in time. `subject_data`
(`policy.services.privacy`) finds where the touched employees' data is.

Recording a failure and issuing its notices are audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.documents import DocHeader
from policy.locale import Locale
from policy.models import DataIncident, DataIncidentSubject, Employee, as_utc, utcnow
from policy.nip import format_nip
from policy.publishing import Publication
from policy.services.common import (
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    org_pack,
    parse_nips,
    require_role,
    written_text,
)
from policy.services.privacy import (
    NOTICE_HOURS,
    PRIVACY_ROLES,
    next_number,
    org_header,
    past_moment,
    publish_pdp,
)
from policy.services.stagework import DocRef, document_date
from policy.views.privacy import AuthorityNoticeView, SubjectNoticeView

SOURCE = "UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 46"
SOURCE_EN = "Law No. 27 of 2022 on Personal Data Protection, Article 46"
TITLES: dict[Locale, str] = {
    "id": "Pemberitahuan Kegagalan Pelindungan Data Pribadi",
    "en": "Notice of a Failure of Personal Data Protection",
}


@dataclass(frozen=True)
class IncidentInfo:
    """A failure of protection as the register lists it."""

    number: int
    known_at: datetime
    due_at: datetime
    occurred: str
    data: str
    handling: str
    subjects: tuple[str, ...]
    recorded_by: str
    notified_at: datetime | None
    notified_by: str | None

    @property
    def late(self) -> bool:
        """Notices issued after the deadline (or none yet, and the deadline has passed)."""
        return (self.notified_at or utcnow()) > self.due_at


def record_incident(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    known_at: datetime,
    occurred: str,
    data: str,
    handling: str,
    nips: Sequence[str] = (),
    now: datetime | None = None,
) -> IncidentInfo:
    """Enter a failure of protection in the organisation's register (audited; commits).

    `known_at` is when the organisation came to know of it (the 3 × 24 hours run from
    there); `nips` the employees whose data it touched, each on the staff list.

    Raises:
        ServiceError: `actor` may not, a text is missing, `known_at` is in the future, or a
            NIP is no NIP or not on the staff list; nothing is recorded.
    """
    org = get_org(session, organisation)
    member = get_member(session, org, actor)
    require_role(member, PRIVACY_ROLES, "mencatat kegagalan pelindungan data")
    texts = {
        "occurred": written_text(occurred, "kapan dan bagaimana terjadinya", "--occurred", 2000),
        "data": written_text(data, "data pribadi yang terungkap", "--data", 2000),
        "handling": written_text(handling, "upaya penanganan dan pemulihan", "--handling", 2000),
    }
    known = past_moment(known_at, now, "Waktu diketahui", "kegagalan itu diketahui")
    wanted = list(dict.fromkeys(parse_nips(nips)))
    org_id = org.id or 0
    known_nips = set(session.exec(select(Employee.nip).where(
        Employee.organisation_id == org_id, col(Employee.nip).in_(wanted))))  # fmt: skip
    missing = [format_nip(n) for n in wanted if n not in known_nips]
    if missing:
        raise ServiceError(
            f"NIP tidak ada di daftar pegawai {org.code}: {', '.join(missing)}. Pemberitahuan "
            "ditujukan kepada pegawai yang terdaftar."
        )
    row = DataIncident(
        organisation_id=org_id, number=next_number(session, DataIncident, org_id),
        known_at=known, recorded_by=actor,
        occurred=texts["occurred"], data=texts["data"], handling=texts["handling"],
    )  # fmt: skip
    session.add(row)
    session.flush()
    session.add_all(DataIncidentSubject(incident_id=row.id or 0, nip=n) for n in wanted)
    audit.record(
        session, actor=actor, action="privacy.incident_recorded", subject_type="data_incident",
        subject_id=row.id or 0, organisation_id=org_id,
        payload={"number": row.number, "known_at": known.isoformat(), "subjects": len(wanted)},
    )  # fmt: skip
    session.commit()
    return _info(row, tuple(wanted))


def list_incidents(*, session: Session, organisation: str | None, actor: str) -> list[IncidentInfo]:
    """The organisation's register of failures, newest first."""
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVACY_ROLES, "melihat register kegagalan")
    rows = session.exec(
        select(DataIncident)
        .where(DataIncident.organisation_id == org.id)
        .order_by(col(DataIncident.number).desc())
    ).all()
    subjects: dict[int, list[str]] = {}
    for incident_id, nip in session.exec(
        select(DataIncidentSubject.incident_id, DataIncidentSubject.nip)
        .where(col(DataIncidentSubject.incident_id).in_([r.id for r in rows]))
        .order_by(col(DataIncidentSubject.nip))
    ):
        subjects.setdefault(incident_id, []).append(nip)
    return [_info(r, tuple(subjects.get(r.id or 0, []))) for r in rows]


@dataclass(frozen=True)
class Notices:
    """What `issue_notices` published."""

    incident: IncidentInfo
    documents: list[DocRef]
    #: The first issue: the register now has the time the notices went out.
    first: bool


def issue_notices(
    *,
    session: Session,
    organisation: str | None,
    number: int,
    actor: str,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> Notices:
    """Publish the notices of failure `number`: to the authority and to each employee (commits).

    The documents belong to the organisation's latest cycle (its documents folder,
    `pdp/`). Issued again (a text corrected, another language), a notice whose content is
    unchanged keeps its version; the first issue's time stays the one the register
    judges against the deadline.

    Raises:
        ServiceError: `actor` may not, no such failure, or the organisation has no cycle.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVACY_ROLES, "menerbitkan pemberitahuan")
    row = session.exec(
        select(DataIncident).where(
            DataIncident.organisation_id == org.id, DataIncident.number == number
        )
    ).first()
    if row is None:
        raise ServiceError(
            f"Kegagalan pelindungan data nomor {number} tidak ada di register {org.code} "
            "(lihat: siklus pdp incident list)."
        )
    cycle = get_cycle(session, org, None)
    pack = org_pack(org)
    nips = list(session.exec(
        select(DataIncidentSubject.nip).where(DataIncidentSubject.incident_id == row.id)
        .order_by(col(DataIncidentSubject.nip))))  # fmt: skip
    names = dict(session.exec(select(Employee.nip, Employee.name).where(
        Employee.organisation_id == org.id, col(Employee.nip).in_(nips))).all())  # fmt: skip
    on = document_date(as_of)
    signer, signer_title, behalf = _signer(pack)
    officer = pack.data_protection.officer
    common: dict[str, Any] = {
        "number": row.number, "known_at": as_utc(row.known_at), "due_at": _due(row),
        "occurred": row.occurred, "data": row.data, "handling": row.handling,
        "officer": officer.model_dump() if officer else None,
        "signer_name": signer, "signer_title": signer_title, "on_behalf_of": behalf,
    }  # fmt: skip

    def header(loc: Locale, subtitle: str) -> DocHeader:
        return org_header(org, cycle, TITLES[loc], on, subtitle)

    items = [
        Publication(
            key=f"pemberitahuan-pdp-{row.number}-lembaga", template="pemberitahuan_pdp_lembaga",
            locale=loc,
            view=AuthorityNoticeView(header=header(loc, pack.data_protection.authority),
                                     authority=pack.data_protection.authority,
                                     subjects=len(nips), **common),
            subject=pack.data_protection.authority,
        )
        for loc in locales
    ]  # fmt: skip
    items += [
        Publication(
            key=f"pemberitahuan-pdp-{row.number}-{nip}", template="pemberitahuan_pdp_subjek",
            locale=loc,
            view=SubjectNoticeView(header=header(loc, names.get(nip, nip)),
                                   name=names.get(nip, nip), nip=nip, **common),
            subject=names.get(nip, nip),
        )
        for nip in nips
        for loc in locales
    ]  # fmt: skip
    refs = publish_pdp(session, org, cycle, items, actor)
    first = row.notified_at is None
    if first:
        row.notified_at = utcnow()
        row.notified_by = actor
        session.add(row)
    audit.record(
        session, actor=actor, action="privacy.notices_issued", subject_type="data_incident",
        subject_id=row.id or 0, organisation_id=org.id,
        payload={"number": row.number, "documents": [d.id for d in refs],
                 "subjects": len(nips), "late": as_utc(row.notified_at or utcnow()) > _due(row)},
    )  # fmt: skip
    session.commit()
    return Notices(_info(row, tuple(nips)), refs, first)


def _due(row: DataIncident) -> datetime:
    return as_utc(row.known_at) + timedelta(hours=NOTICE_HOURS)


def _info(row: DataIncident, subjects: tuple[str, ...]) -> IncidentInfo:
    return IncidentInfo(
        number=row.number, known_at=as_utc(row.known_at), due_at=_due(row),
        occurred=row.occurred, data=row.data, handling=row.handling, subjects=subjects,
        recorded_by=row.recorded_by,
        notified_at=as_utc(row.notified_at) if row.notified_at else None,
        notified_by=row.notified_by,
    )  # fmt: skip


def _signer(pack: Any) -> tuple[str, str, str]:
    """(name, title, on behalf of): the regional secretary a.n. the head, else the head."""
    secretary = pack.policy.secretary
    if secretary is not None:
        return secretary.name, secretary.title, pack.policy.signing.title
    return pack.policy.signing.name, pack.policy.signing.title, ""
