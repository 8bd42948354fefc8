"""Append-only, hash-chained audit log.

Layer: domain infrastructure. Every transition, import, document and decision
calls `record()` inside the same transaction as the change it describes. Each
event's hash covers the previous event's hash, so `verify()` notices an edited,
inserted or deleted event (the head row catches a deleted tail).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from policy.models import AuditEvent, AuditHead, as_utc, utcnow

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> str:
    body = {
        "seq": event.seq,
        "at": as_utc(event.at).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "organisation_id": event.organisation_id,
        "payload": event.payload,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    """The chain hash of `event` following `prev_hash`."""
    return hashlib.sha256((prev_hash + _canonical(event)).encode("utf-8")).hexdigest()


def _plain(payload: dict[str, Any]) -> dict[str, Any]:
    """Payload as it will read back from a JSON column (dates, decimals as text)."""
    result: dict[str, Any] = json.loads(json.dumps(payload, default=str, ensure_ascii=False))
    return result


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    payload: dict[str, Any] | None = None,
    organisation_id: int | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append an event to the chain (flushes; the caller's transaction commits it)."""
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    seq = head.seq + 1 if head else 1
    prev = head.hash if head else GENESIS
    event = AuditEvent(
        seq=seq,
        at=at or utcnow(),
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        organisation_id=organisation_id,
        payload=_plain(payload or {}),
        prev_hash=prev,
        hash="",
    )
    event.hash = compute_hash(prev, event)
    session.add(event)
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=event.hash))
    else:
        head.seq, head.hash = seq, event.hash
        session.add(head)
    session.flush()
    return event


@dataclass(frozen=True)
class Entry:
    """One event to append with `record_many`."""

    actor: str
    action: str
    subject_type: str
    subject_id: str | int
    payload: dict[str, Any] = field(default_factory=dict)
    organisation_id: int | None = None


def record_many(session: Session, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append several events in order, as many `record` calls would (flushes once).

    The chain is the same as one `record` per entry: each event follows the one before;
    the head is locked and moved once, and the events are inserted in one batch.
    """
    if not entries:
        return []
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    seq = head.seq if head else 0
    prev = head.hash if head else GENESIS
    events = []
    for entry in entries:
        seq += 1
        event = AuditEvent(
            seq=seq,
            at=utcnow(),
            actor=entry.actor,
            action=entry.action,
            subject_type=entry.subject_type,
            subject_id=str(entry.subject_id),
            organisation_id=entry.organisation_id,
            payload=_plain(entry.payload),
            prev_hash=prev,
            hash="",
        )
        event.hash = prev = compute_hash(prev, event)
        events.append(event)
    session.add_all(events)
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=prev))
    else:
        head.seq, head.hash = seq, prev
        session.add(head)
    session.flush()
    return events


@dataclass
class VerifyResult:
    """The outcome of checking the audit chain."""

    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return not self.problems


def verify(session: Session, *, max_problems: int = 50) -> VerifyResult:
    """Walk the whole chain in order and report every break found."""
    result = VerifyResult()
    expected_seq, prev = 1, GENESIS
    rows = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).yield_per(2000)
    for event in rows:
        result.events += 1
        if event.seq != expected_seq:
            result.problems.append(
                f"peristiwa #{expected_seq}"
                + (f"–#{event.seq - 1}" if event.seq - 1 > expected_seq else "")
                + " hilang (urutan melompat ke #"
                + str(event.seq)
                + ")"
            )
        if event.prev_hash != prev:
            result.problems.append(
                f"peristiwa #{event.seq}: tidak tersambung ke peristiwa sebelumnya"
            )
        if compute_hash(event.prev_hash, event) != event.hash:
            result.problems.append(
                f"peristiwa #{event.seq} ({event.action}): isinya diubah setelah dicatat"
            )
        expected_seq, prev = event.seq + 1, event.hash
        if len(result.problems) >= max_problems:
            result.problems.append("… pemeriksaan dihentikan, terlalu banyak kerusakan")
            return result
    head = session.get(AuditHead, 1)
    if head is None and result.events:
        result.problems.append("penanda ujung rantai hilang")
    elif head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        result.problems.append(
            f"ujung rantai menunjuk peristiwa #{head.seq}, tetapi peristiwa terakhir adalah "
            f"#{expected_seq - 1}: ada peristiwa yang dihapus atau diganti"
        )
    return result
