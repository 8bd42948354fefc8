"""Personal-data protection (UU 27/2022): where an employee's data is, and what the registers share.

Layer: domain services (counterparts: `siklus pdp subject`; `policy.services.privacy_breaches`,
`policy.services.privacy_requests` and `policy.services.retention`, which build on it).

The pemda is the controller of its employees' personal data (Pasal 20 ayat (2) c and e: a
legal obligation and a public task, PP 30/2019 and PermenPANRB 6/2022, not consent). *Where
is this person's data?* is the question of a subject's access request, and the first
question after a failure of protection: `subject_data` lists, for one NIP, every kind of
record Siklus keeps of the employee or naming them, with counts and the periods or numbers,
read in SQL. The lookup is audited: it reveals personal data too.

The registers of failures (`policy.services.privacy_breaches`) and of restriction requests
(`policy.services.privacy_requests`) take from here the roles that keep them, the 3 × 24
hours, their next number and the check that a moment has passed; the data-protection
documents (the notices, the record of a destruction) are published in the cycle's `pdp/`
folder through `publish_pdp`, under `org_header`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from policy import audit, publishing
from policy.documents import DocHeader
from policy.locale import format_datetime
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
    SheetLink,
    StageRun,
    Workshop,
    WorkshopAttendance,
    as_utc,
    utcnow,
)
from policy.nip import format_nip
from policy.publishing import Publication
from policy.services.common import ServiceError, get_member, get_org, parse_nips, require_role
from policy.services.stagework import DocRef, doc_refs

_ACTION_STATES = {"open": "terbuka", "done": "selesai", "carried": "dibawa ke siklus berikutnya"}
#: Pasal 46 ayat (1): notice no later than 3 × 24 hours after the failure became known.
NOTICE_HOURS = 72
#: Who keeps the register of failures and looks a subject up.
PRIVACY_ROLES = (Role.OFFICER, Role.ADMIN, Role.LEADER)


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
        "Tautan lembar hasil pribadinya (dibuat, dibuka)",
        col(StageRun.period),
        col(SheetLink.organisation_id) == in_org,
        col(SheetLink.nip) == nip,
        join=(SheetLink, StageRun, col(SheetLink.stage_run_id) == col(StageRun.id)),
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


def _cycle_ids(org_id: int) -> Any:
    return (
        select(Cycle.id)
        .join(Policy, col(Cycle.policy_id) == col(Policy.id))
        .where(Policy.organisation_id == org_id)
    )


# -------------------------------------------------------------- shared by the registers


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
    published = publishing.publish_many(
        session, cycle_id=cycle.id or 0, stage_run_id=None,
        folder=f"{org.code}/siklus-{cycle.number}/pdp", items=items, actor=actor,
        organisation_id=org.id,
    )  # fmt: skip
    return doc_refs(published, newest)


def past_moment(moment: datetime, now: datetime | None, what: str, when: str) -> datetime:
    """`moment` in UTC (SQLite keeps no offset), refused when it is still to come."""
    value = as_utc(moment).astimezone(UTC)
    if value > as_utc(now or utcnow()) + timedelta(minutes=5):
        raise ServiceError(
            f"{what} {format_datetime(value)} masih akan datang; tulis kapan {when}."
        )
    return value


def next_number(session: Session, model: Any, org_id: int) -> int:
    """The next register number of `model` in the organisation, one writer at a time.

    The organisation's row is locked until the caller commits (PostgreSQL; SQLite has one
    writer), so two officers recording at once do not take the same number.
    """
    session.exec(select(Organisation.id).where(Organisation.id == org_id).with_for_update()).one()
    last = session.exec(select(func.max(model.number)).where(model.organisation_id == org_id)).one()
    return int(last or 0) + 1
