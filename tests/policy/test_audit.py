"""The hash-chained audit log notices edits, insertions and deletions."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session, select

from policy import audit
from policy.models import AuditEvent


def _three(session: Session) -> None:
    for i in range(3):
        audit.record(
            session,
            actor="rina",
            action="test.event",
            subject_type="thing",
            subject_id=i,
            payload={"i": i, "note": "catatan ke-" + str(i)},
        )
    session.commit()


def test_chain_links_and_verifies(session: Session) -> None:
    _three(session)
    events = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == audit.GENESIS
    assert events[1].prev_hash == events[0].hash
    result = audit.verify(session)
    assert result.ok and result.events == 3


def test_edited_payload_is_detected(session: Session) -> None:
    _three(session)
    session.execute(text("UPDATE auditevent SET actor = 'mallory' WHERE seq = 2"))
    session.commit()
    result = audit.verify(session)
    assert not result.ok
    assert any("#2" in p and "diubah" in p for p in result.problems)


def test_deleted_middle_event_is_detected(session: Session) -> None:
    _three(session)
    session.execute(text("DELETE FROM auditevent WHERE seq = 2"))
    session.commit()
    problems = audit.verify(session).problems
    assert any("#2 hilang" in p for p in problems)
    assert any("#3: tidak tersambung" in p for p in problems)


def test_deleted_tail_is_detected(session: Session) -> None:
    _three(session)
    session.execute(text("DELETE FROM auditevent WHERE seq = 3"))
    session.commit()
    problems = audit.verify(session).problems
    assert problems and "ujung rantai" in problems[-1]


def test_payload_is_stored_as_plain_json(session: Session) -> None:
    from datetime import date
    from decimal import Decimal

    event = audit.record(
        session,
        actor="a",
        action="x",
        subject_type="t",
        subject_id="s",
        payload={"d": date(2026, 11, 22), "n": Decimal("87.62")},
    )
    session.commit()
    assert event.payload == {"d": "2026-11-22", "n": "87.62"}
    assert audit.verify(session).ok
