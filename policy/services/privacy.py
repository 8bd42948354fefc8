"""Personal-data protection (UU 27/2022): where an employee's data is, and failures of protection.

Layer: domain services (counterparts: `siklus pdp subject`, `siklus pdp incident …`).

The pemda is the controller of its employees' personal data (Pasal 20 ayat (2) c and e: a
legal obligation and a public task, PP 30/2019 and PermenPANRB 6/2022, not consent). Two
duties need the system's help:

- *Where is this person's data?* (a subject's access request, and the first question after
  a failure): `subject_data` lists, for one NIP, every kind of record Siklus keeps of the
  employee or naming them, with counts and the periods or numbers, read in SQL.
- *A failure of protection* (Pasal 46): written notice to the data subjects and to the
  authority no later than 3 × 24 hours after the failure became known, stating the data
  exposed, when and how, and the handling and recovery. `record_incident` keeps it with the
  employees it touched; `issue_notices` publishes the notices as registered documents (one to
  the authority, one to each employee, naming the organisation's data-protection officer
  from the pack) and says whether they went out in time.

Each of these is audited: a lookup reveals personal data too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from policy import audit, documents
from policy.documents import DocHeader, Publication
from policy.locale import Locale, format_datetime
from policy.models import (
    ActivityReport,
    AuditEvent,
    BonusPoint,
    Cycle,
    DataIncident,
    DataIncidentSubject,
    DataRequest,
    Document,
    EkinerjaRating,
    Employee,
    EmployeePlacement,
    EvaluationScore,
    FollowUpAction,
    Forum,
    ForumAttendance,
    Objection,
    Organisation,
    Policy,
    Rating360,
    Role,
    StageRun,
    Workshop,
    WorkshopAttendance,
    as_utc,
    utcnow,
)
from policy.nip import format_nip
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
from policy.services.stagework import DocRef, doc_refs, document_date
from policy.views.privacy import AuthorityNoticeView, SubjectNoticeView

_ACTION_STATES = {"open": "terbuka", "done": "selesai", "carried": "dibawa ke siklus berikutnya"}
#: Pasal 46 ayat (1): notice no later than 3 × 24 hours after the failure became known.
NOTICE_HOURS = 72
#: Who keeps the register of failures and looks a subject up.
PRIVACY_ROLES = (Role.OFFICER, Role.ADMIN, Role.LEADER)
SOURCE = "UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 46"
SOURCE_EN = "Law No. 27 of 2022 on Personal Data Protection, Article 46"
TITLES: dict[Locale, str] = {
    "id": "Pemberitahuan Kegagalan Pelindungan Data Pribadi",
    "en": "Notice of a Failure of Personal Data Protection",
}


# ----------------------------------------------------------------------- subject lookup


@dataclass(frozen=True)
class SubjectRecord:
    """One kind of record that holds or names the employee."""

    what: str
    count: int
    detail: str = ""


@dataclass(frozen=True)
class SubjectData:
    """Everything Siklus keeps of one employee, by kind."""

    nip: str
    name: str
    records: tuple[SubjectRecord, ...]


def subject_data(
    *, session: Session, organisation: str | None, nip: str, actor: str
) -> SubjectData:
    """Where the employee `nip` is in the organisation's data (audited; commits).

    Raises:
        ServiceError: `actor` may not, or `nip` is no NIP of the organisation's records.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVACY_ROLES, "mencari data pribadi")
    [nip] = parse_nips([nip])
    org_id = org.id or 0
    cycles = list(session.exec(_cycle_ids(org_id)))
    records: list[SubjectRecord] = []
    employee = session.exec(
        select(Employee).where(Employee.organisation_id == org_id, Employee.nip == nip)
    ).first()
    name = employee.name if employee else ""
    if employee is not None:
        records.append(SubjectRecord(
            "Data pegawai (daftar pegawai)", 1,
            f"{employee.name}; {employee.asn_type}; {employee.position}; unit "
            f"{employee.unit_code}" + (f"; tim {employee.team}" if employee.team else "")
            + (f"; atasan NIP {format_nip(employee.supervisor_nip)}"
               if employee.supervisor_nip else ""),
        ))  # fmt: skip

    def counted(
        what: str,
        key: Any,
        *where: Any,
        label: str = "periode",
        join: Any = None,
        words: dict[str, str] | None = None,
    ) -> None:
        """One kind of record: how many, and their periods (or numbers) in order."""
        query = sa_select(key, func.count())
        if join is not None:
            query = query.join_from(*join)
        found = session.execute(query.where(*where).group_by(key).order_by(key)).all()
        total = sum(int(n) for _, n in found)
        if total:
            keys = ", ".join((words or {}).get(str(k), str(k)) for k, _ in found)
            records.append(SubjectRecord(what, total, f"{label} {keys}"))

    in_org = org_id
    counted(
        "Penempatan terdahulu (unit, jabatan, tim sebelum dipindahkan)",
        col(EmployeePlacement.unit_code),
        col(EmployeePlacement.organisation_id) == in_org,
        col(EmployeePlacement.nip) == nip,
        label="unit",
    )
    counted(
        "Rating e-Kinerja",
        col(EkinerjaRating.period),
        col(EkinerjaRating.organisation_id) == in_org,
        col(EkinerjaRating.nip) == nip,
    )
    counted(
        "Rekap laporan kegiatan harian",
        col(ActivityReport.month),
        col(ActivityReport.organisation_id) == in_org,
        col(ActivityReport.nip) == nip,
        label="bulan",
    )
    counted(
        "Penilaian 360 tentang dirinya (nilai per penilai dan aspek)",
        col(Rating360.period),
        col(Rating360.organisation_id) == in_org,
        col(Rating360.nip) == nip,
    )
    counted(
        "Penilaian 360 yang diberikannya sebagai penilai",
        col(Rating360.period),
        col(Rating360.organisation_id) == in_org,
        col(Rating360.rater) == nip,
    )
    counted(
        "Poin bonus",
        col(BonusPoint.period),
        col(BonusPoint.organisation_id) == in_org,
        col(BonusPoint.nip) == nip,
    )
    counted(
        "Hasil penilaian 360 berbobot",
        col(StageRun.period),
        col(EvaluationScore.nip) == nip,
        col(StageRun.cycle_id).in_(cycles),
        join=(EvaluationScore, StageRun, col(EvaluationScore.stage_run_id) == col(StageRun.id)),
    )
    counted(
        "Keberatan atas hasil penilaian",
        col(Objection.number),
        col(Objection.organisation_id) == in_org,
        col(Objection.nip) == nip,
        label="nomor",
    )
    counted(
        "Tindak lanjut hasil evaluasi tentang dirinya",
        col(FollowUpAction.status),
        col(FollowUpAction.subject) == nip,
        col(FollowUpAction.cycle_id).in_(cycles),
        label="status",
        words=_ACTION_STATES,
    )
    counted(
        "Kehadiran forum pemangku kepentingan",
        col(Forum.code),
        col(ForumAttendance.nip) == nip,
        col(Forum.cycle_id).in_(cycles),
        label="forum",
        join=(ForumAttendance, Forum, col(ForumAttendance.forum_id) == col(Forum.id)),
    )
    counted(
        "Kehadiran kegiatan sosialisasi",
        col(Workshop.code),
        col(WorkshopAttendance.nip) == nip,
        col(Workshop.cycle_id).in_(cycles),
        label="kegiatan",
        join=(
            WorkshopAttendance,
            Workshop,
            col(WorkshopAttendance.workshop_id) == col(Workshop.id),
        ),
    )
    counted(
        "Atasan langsung pegawai lain (NIP-nya tercatat pada data mereka)",
        col(Employee.unit_code),
        col(Employee.organisation_id) == in_org,
        col(Employee.supervisor_nip) == nip,
        label="unit",
    )
    counted(
        "Kegagalan pelindungan data pribadi yang mengenainya",
        col(DataIncident.number),
        col(DataIncidentSubject.nip) == nip,
        col(DataIncident.organisation_id) == in_org,
        label="nomor",
        join=(
            DataIncidentSubject,
            DataIncident,
            col(DataIncidentSubject.incident_id) == col(DataIncident.id),
        ),
    )
    counted("Permintaan pembatasan pemrosesan datanya", col(DataRequest.number),
            col(DataRequest.organisation_id) == in_org, col(DataRequest.nip) == nip,
            label="nomor")  # fmt: skip
    named = session.exec(
        select(Document.title).where(
            col(Document.cycle_id).in_(cycles), col(Document.key).contains(nip)
        ).distinct().order_by(col(Document.title))
    ).all()  # fmt: skip
    if named:
        records.append(
            SubjectRecord("Dokumen yang memuat namanya (semua versi)", len(named), "; ".join(named))
        )
    listed = session.exec(
        select(Document.title)
        .join(FollowUpAction, col(FollowUpAction.stage_run_id) == col(Document.stage_run_id))
        .where(
            col(Document.cycle_id).in_(cycles), Document.kind == "rekomendasi_tindak_lanjut",
            FollowUpAction.subject == nip,
        )
        .distinct()
        .order_by(col(Document.title))
    ).all()  # fmt: skip
    registers = session.exec(
        select(Document.title)
        .join(Objection, col(Objection.stage_run_id) == col(Document.stage_run_id))
        .where(
            col(Document.cycle_id).in_(cycles),
            Document.kind == "daftar_keberatan",
            Objection.nip == nip,
        )
        .distinct()
        .order_by(col(Document.title))
    ).all()
    listed = [*listed, *registers]
    if listed:
        records.append(SubjectRecord("Daftar yang mencantumkannya (semua versi)", len(listed),
                                     "; ".join(listed)))  # fmt: skip
    # The audit trail's events about the employee, or whose details name the NIP (an
    # objection filed, a restriction decided, an earlier lookup), by what they record.
    counted(
        "Peristiwa jejak audit tentang dirinya atau yang menyebut NIP-nya",
        col(AuditEvent.action),
        col(AuditEvent.organisation_id) == in_org,
        or_(col(AuditEvent.subject_id) == nip, cast(col(AuditEvent.payload), Text).contains(nip)),
        label="jenis",
    )
    if not records:
        raise ServiceError(
            f"NIP {format_nip(nip)} tidak ada di data {org.name} (daftar pegawai, penilaian, "
            "kehadiran, dokumen)."
        )
    audit.record(
        session, actor=actor, action="privacy.subject_lookup", subject_type="employee",
        subject_id=nip, organisation_id=org_id,
        payload={"kinds": len(records), "records": sum(r.count for r in records)},
    )  # fmt: skip
    session.commit()
    return SubjectData(nip, name, tuple(records))


# --------------------------------------------------------------------------- failures


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
    known = _past(known_at, now, "Waktu diketahui", "kegagalan itu diketahui")
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
        organisation_id=org_id, number=_next_number(session, DataIncident, org_id),
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


def org_header(
    org: Organisation, cycle: Cycle, title: str, on: date, subtitle: str = ""
) -> DocHeader:
    """The header of a document of the organisation rather than of a stage run."""
    return DocHeader(
        organisation=org.name, region=org.region, title=title, subtitle=subtitle,
        cycle=cycle.number, date=on, place=org.place or org.region, head_title=org.head_title,
    )  # fmt: skip


def publish_pdp(
    session: Session, org: Organisation, cycle: Cycle, items: Sequence[Publication], actor: str
) -> list[DocRef]:
    """Register data-protection documents in the cycle's `pdp/` folder (flushes)."""
    newest = session.exec(select(func.max(Document.id))).one() or 0
    published = documents.publish_many(
        session, cycle_id=cycle.id or 0, stage_run_id=None,
        folder=f"{org.code}/siklus-{cycle.number}/pdp", items=items, actor=actor,
        organisation_id=org.id,
    )  # fmt: skip
    return doc_refs(published, newest)


def _past(moment: datetime, now: datetime | None, what: str, when: str) -> datetime:
    """`moment` in UTC (SQLite keeps no offset), refused when it is still to come."""
    value = as_utc(moment).astimezone(UTC)
    if value > as_utc(now or utcnow()) + timedelta(minutes=5):
        raise ServiceError(
            f"{what} {format_datetime(value)} masih akan datang; tulis kapan {when}."
        )
    return value


def _next_number(session: Session, model: Any, org_id: int) -> int:
    """The next register number of `model` in the organisation, one writer at a time.

    The organisation's row is locked until the caller commits (PostgreSQL; SQLite has one
    writer), so two officers recording at once do not take the same number.
    """
    session.exec(select(Organisation.id).where(Organisation.id == org_id).with_for_update()).one()
    last = session.exec(select(func.max(model.number)).where(model.organisation_id == org_id)).one()
    return int(last or 0) + 1


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


def _cycle_ids(org_id: int) -> Any:
    return (
        select(Cycle.id)
        .join(Policy, col(Cycle.policy_id) == col(Policy.id))
        .where(Policy.organisation_id == org_id)
    )


# ------------------------------------------------------------------ restriction requests

#: A request's decisions, as stored and as the register words them.
DECISIONS = {"granted": "dikabulkan", "refused": "ditolak"}


@dataclass(frozen=True)
class RequestInfo:
    """A restriction request as the register lists it."""

    number: int
    nip: str
    name: str
    received_at: datetime
    due_at: datetime
    request: str
    decision: str
    grounds: str
    until: date | None
    decided_at: datetime | None
    decided_by: str | None

    @property
    def late(self) -> bool:
        """Decided after the deadline (or not yet, and the deadline has passed)."""
        return (self.decided_at or utcnow()) > self.due_at


def record_request(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    nip: str,
    received_at: datetime,
    request: str,
    now: datetime | None = None,
) -> RequestInfo:
    """Enter an employee's request to restrict the processing of their data (audited; commits).

    Raises:
        ServiceError: `actor` may not, no text, `received_at` in the future, or `nip` is no
            NIP on the staff list.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVACY_ROLES, "mencatat permintaan")
    text = written_text(request, "isi permintaan", "--request", 2000)
    received = _past(received_at, now, "Waktu diterima", "permintaan itu diterima")
    [nip] = parse_nips([nip])
    org_id = org.id or 0
    name = session.exec(
        select(Employee.name).where(Employee.organisation_id == org_id, Employee.nip == nip)
    ).first()
    if name is None:
        raise ServiceError(f"NIP {format_nip(nip)} tidak ada di daftar pegawai {org.code}.")
    row = DataRequest(organisation_id=org_id, number=_next_number(session, DataRequest, org_id),
                      nip=nip,
                      received_at=received, request=text, recorded_by=actor)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(
        session, actor=actor, action="privacy.request_recorded", subject_type="data_request",
        subject_id=row.id or 0, organisation_id=org_id,
        payload={"number": row.number, "nip": nip, "received_at": received.isoformat()},
    )  # fmt: skip
    session.commit()
    return _request(row, name)


def decide_request(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    number: int,
    granted: bool,
    grounds: str,
    until: date | None = None,
) -> RequestInfo:
    """Grant or refuse restriction request `number`, with the grounds (audited; commits).

    A refusal states the exception that applies (UU 27/2022; e.g. the legal obligation of
    PP 30/2019 to assess performance); a grant may end on `until`.

    Raises:
        ServiceError: `actor` may not, no such request, already decided, no grounds, or
            `until` given with a refusal.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVACY_ROLES, "memutuskan permintaan")
    row = session.exec(
        select(DataRequest).where(
            DataRequest.organisation_id == org.id, DataRequest.number == number
        )
    ).first()
    if row is None:
        raise ServiceError(
            f"Permintaan nomor {number} tidak ada di register {org.code} "
            "(lihat: siklus pdp request list)."
        )
    if row.decision:
        raise ServiceError(
            f"Permintaan nomor {number} sudah {DECISIONS[row.decision]} oleh {row.decided_by}."
        )
    if until is not None and not granted:
        raise ServiceError("--until hanya untuk permintaan yang dikabulkan.")
    row.decision = "granted" if granted else "refused"
    row.grounds = written_text(grounds, "dasar keputusan", "--grounds", 2000)
    row.until = until
    row.decided_by = actor
    row.decided_at = utcnow()
    session.add(row)
    audit.record(
        session, actor=actor, action="privacy.request_decided", subject_type="data_request",
        subject_id=row.id or 0, organisation_id=org.id,
        payload={"number": row.number, "decision": row.decision, "grounds": row.grounds,
                 "until": until.isoformat() if until else None},
    )  # fmt: skip
    session.commit()
    name = session.exec(select(Employee.name).where(
        Employee.organisation_id == org.id, Employee.nip == row.nip)).first()  # fmt: skip
    return _request(row, name or "")


def list_requests(*, session: Session, organisation: str | None, actor: str) -> list[RequestInfo]:
    """The organisation's register of restriction requests, newest first."""
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVACY_ROLES, "melihat register permintaan")
    rows = session.exec(
        select(DataRequest)
        .where(DataRequest.organisation_id == org.id)
        .order_by(col(DataRequest.number).desc())
    ).all()
    names = dict(session.exec(select(Employee.nip, Employee.name).where(
        Employee.organisation_id == org.id,
        col(Employee.nip).in_({r.nip for r in rows}))).all())  # fmt: skip
    return [_request(r, names.get(r.nip, "")) for r in rows]


def restricted_nips(session: Session, org_id: int, on: date) -> set[str]:
    """Employees whose granted restriction holds on `on`."""
    rows = session.exec(
        select(DataRequest).where(
            DataRequest.organisation_id == org_id, DataRequest.decision == "granted"
        )
    ).all()
    return {r.nip for r in rows if r.until is None or r.until >= on}


def _request(row: DataRequest, name: str) -> RequestInfo:
    received = as_utc(row.received_at)
    return RequestInfo(
        number=row.number, nip=row.nip, name=name, received_at=received,
        due_at=received + timedelta(hours=NOTICE_HOURS), request=row.request,
        decision=row.decision, grounds=row.grounds, until=row.until,
        decided_at=as_utc(row.decided_at) if row.decided_at else None,
        decided_by=row.decided_by,
    )  # fmt: skip
