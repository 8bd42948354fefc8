"""One follow-up action and everything that happened to it, from the audit trail.

Layer: domain services (counterpart: `siklus action show`).

An action keeps only its latest progress note and its closing note; the audit trail keeps
every change (`followup.created` for its evaluation run, `followup.progress`,
`followup.public_note`, `followup.closed`, `followup.carried`). Asked "what has happened with
this action?", an officer or a leader reads them here in order, with who did each and the
file it came from when it came in a `tindak_lanjut` spreadsheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from policy.models import AuditEvent, FollowUpAction, StageRun, as_utc
from policy.periods import period_label
from policy.services.actions import UNIT_ACTOR, ActionInfo, action_info, find_action
from policy.services.common import get_org, org_pack, unit_names

#: The audit events about one action (subject `followup_action`), in the words shown.
ACTION_EVENTS = {
    "followup.progress": "perkembangan dicatat",
    "followup.public_note": "catatan publik ditulis",
    "followup.closed": "ditutup",
}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One thing that happened to an action."""

    at: datetime
    actor: str = ""
    actor_name: str = ""
    what: str = ""
    note: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class ActionHistory:
    """An action as `siklus action list` shows it, and what happened to it, oldest first."""

    action: ActionInfo
    detail: str
    public_note: str
    entries: list[HistoryEntry]


def action_history(*, session: Session, organisation: str | None, action_id: int) -> ActionHistory:
    """The action `action_id` of the organisation with its history.

    Raises:
        NotFoundError: the organisation has no such action.
    """
    org = get_org(session, organisation)
    action = find_action(session, org, action_id)
    info = action_info(session, org, action)
    names = {m.username: m.name for m in org_pack(org).members}
    # A unit head reporting on their unit's page (`policy.services.unit_reports`).
    names.update({f"{UNIT_ACTOR}{code}": f"Kepala {name} (portal)"
                  for code, name in unit_names(session, org.id or 0).items()})  # fmt: skip
    own = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "followup_action",
               AuditEvent.subject_id == str(action_id),
               col(AuditEvent.action).in_(list(ACTION_EVENTS)))
        .order_by(col(AuditEvent.seq))
    ).all()  # fmt: skip
    entries = [_entry(e, names) for e in own]
    created = _created(session, action, as_utc(own[0].at) if own else None, names)
    carried = session.exec(
        select(AuditEvent)
        .where(AuditEvent.organisation_id == org.id, AuditEvent.action == "followup.carried")
        .order_by(col(AuditEvent.seq))
    ).all()
    for event in carried:
        if action_id in (event.payload.get("actions") or []):
            entries.append(HistoryEntry(
                at=event.at, actor=event.actor, actor_name=names.get(event.actor, event.actor),
                what="dibawa ke siklus kebijakan berikutnya",
            ))  # fmt: skip
    entries.sort(key=lambda e: as_utc(e.at))
    return ActionHistory(
        action=info,
        detail=action.detail,
        public_note=action.public_note,
        entries=([created] if created else []) + entries,
    )


def _entry(event: AuditEvent, names: dict[str, str]) -> HistoryEntry:
    payload = event.payload
    what = ACTION_EVENTS[event.action]
    note = str(payload.get("note") or "")
    if event.action == "followup.public_note" and not note:
        what = "catatan publik dihapus"
    return HistoryEntry(
        at=event.at, actor=event.actor, actor_name=names.get(event.actor, event.actor),
        what=what, note=note, source=str(payload.get("file") or ""),
    )  # fmt: skip


def _created(
    session: Session, action: FollowUpAction, before: datetime | None, names: dict[str, str]
) -> HistoryEntry | None:
    """The evaluation run's `followup.created` that made the action.

    A run produced again replaces its open actions and keeps those closed, so the action's
    is the latest one that created its rule before anything else happened to it.
    """
    run = session.get(StageRun, action.stage_run_id)
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "stage_run",
               AuditEvent.subject_id == str(action.stage_run_id),
               AuditEvent.action == "followup.created")
        .order_by(col(AuditEvent.seq).desc())
    ).all()  # fmt: skip
    for event in events:
        made = event.payload.get("created") or {}
        if int(made.get(action.rule, 0)) and (before is None or as_utc(event.at) <= before):
            period = run.period if run else str(event.payload.get("period", ""))
            return HistoryEntry(
                at=event.at,
                actor=event.actor,
                actor_name=names.get(event.actor, event.actor),
                what=f"dibuat oleh evaluasi {period_label(period)}" if period else "dibuat",
            )
    return None
