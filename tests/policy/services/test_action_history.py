"""An action's history from the audit trail: made, progress, public note, closed, in order."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from policy.models import FollowUpAction
from policy.services import actions, evaluation
from policy.services.action_history import action_history
from tests.policy.services import test_evaluation as national


def test_an_action_s_history_in_order_with_who_did_what(session: Session, tmp_path: Path) -> None:
    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    ikm = session.exec(
        select(FollowUpAction).where(FollowUpAction.rule == "corrective_ikm")
    ).first()
    assert ikm is not None
    ikm_id = ikm.id or 0
    for actor, note in (
        ("rina", "Survei ulang loket dijadwalkan"),
        ("kaban", "Loket kedua dibuka"),
    ):
        actions.record_progress(session=session, organisation=None, action_id=ikm_id,
                                actor=actor, note=note)  # fmt: skip
    actions.set_public_note(session=session, organisation=None, action_id=ikm_id, actor="rina",
                            note="Loket tambahan dibuka setiap Senin")  # fmt: skip
    actions.close_action(session=session, organisation=None, action_id=ikm_id, actor="sekda",
                         note="Antrean turun dari 45 menjadi 20 menit")  # fmt: skip
    # Produced again: the open actions are made anew, the closed one is kept with its history.
    evaluation.produce(session=session, run_id=run_id, actor="kaban", as_of=national.AS_OF)

    found = action_history(session=session, organisation=None, action_id=ikm_id)
    assert found.action.status == "done" and found.public_note.startswith("Loket tambahan")
    assert [(e.what, e.actor_name, e.note) for e in found.entries] == [
        ("dibuat oleh evaluasi Triwulan III 2026", "Rina Marlina", ""),
        ("perkembangan dicatat", "Rina Marlina", "Survei ulang loket dijadwalkan"),
        ("perkembangan dicatat", "Sri Wahyuni", "Loket kedua dibuka"),
        ("catatan publik ditulis", "Rina Marlina", "Loket tambahan dibuka setiap Senin"),
        ("ditutup", "Hendra Gunawan", "Antrean turun dari 45 menjadi 20 menit"),
    ]
    # An open action made by the second production says so, with who produced it.
    again = session.exec(select(FollowUpAction).where(FollowUpAction.status == "open")).first()
    assert again is not None
    fresh = action_history(session=session, organisation=None, action_id=again.id or 0)
    assert [(e.what, e.actor) for e in fresh.entries] == [
        ("dibuat oleh evaluasi Triwulan III 2026", "kaban")
    ]
