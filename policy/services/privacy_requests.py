"""Requests to restrict the processing of an employee's personal data (UU 27/2022).

Layer: domain services (counterparts: `siklus pdp request …`; `policy.services.privacy`,
whose roles, numbering and 3 × 24 hours it uses).

An employee may ask the controller to restrict the processing of their data; the controller
decides no later than 3 × 24 hours after the request was received, and a refusal states the
exception that applies (e.g. the legal obligation of PP 30/2019 to assess performance).
`record_request` keeps the request, `decide_request` grants or refuses it with the grounds (a
grant may end on a day), and `restricted_nips` says whose granted restriction holds on a
day: `policy.services.evaluation_export` leaves them out. Recording and deciding are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from policy import audit
from policy.models import DataRequest, Employee, as_utc, utcnow
from policy.nip import format_nip
from policy.services.common import (
    ServiceError,
    get_member,
    get_org,
    parse_nips,
    require_role,
    written_text,
)
from policy.services.privacy import NOTICE_HOURS, PRIVACY_ROLES, next_number, past_moment

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
    received = past_moment(received_at, now, "Waktu diterima", "permintaan itu diterima")
    [nip] = parse_nips([nip])
    org_id = org.id or 0
    name = session.exec(
        select(Employee.name).where(Employee.organisation_id == org_id, Employee.nip == nip)
    ).first()
    if name is None:
        raise ServiceError(f"NIP {format_nip(nip)} tidak ada di daftar pegawai {org.code}.")
    row = DataRequest(organisation_id=org_id, number=next_number(session, DataRequest, org_id),
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
