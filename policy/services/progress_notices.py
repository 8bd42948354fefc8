"""Telling the officers of the progress unit heads report on their unit's page.

Layer: domain services (counterpart: the reminder sweep, `policy.services.reminders`, which
sends these notices with its reminders; `siklus reminders sweep`).

A unit head reports how far an action has come on the unit's page
(`policy.services.unit_reports`); the officers close an action once they have checked what
was done. The next sweep sends each member with the officer role and an address one email
listing the reports sent since on actions still not done: the action, whom it is about, the
unit, the report, its day and the action's due date, with the command that closes it. Each
report is told once (`ReminderSend`, key `progress:<action>:<time of the report>`, so a later
report on the same action is told again); a report the officers recorded themselves, or one
on an action closed before the sweep, is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from policy.models import FollowUpAction, Organisation, as_utc
from policy.services.actions import NOT_DONE, UNIT_ACTOR, cycle_numbers
from policy.services.common import get_policy, unit_names
from policy.services.deadlines import local_date
from policy.services.member_notices import MemberNotices
from policy.views.reminders import ProgressEmailItem, ProgressEmailView

PROGRESS = "progress"
"""The sweep's kind of email for these notices (`ReminderSend.kind`)."""

TEMPLATE = "email_perkembangan"


@dataclass(frozen=True, slots=True)
class ProgressNotice:
    """A unit head's latest report on an action not done, as the officers' notice lists it."""

    action_id: int
    stamp: str  # the report's time, UTC, to the microsecond: a new report is a new notice
    due_on: date  # the day reported (what `ReminderSend` records)
    title: str
    who: str
    unit: str
    note: str
    action_due_on: date

    @property
    def key(self) -> str:
        """The send log's key: the action and its report."""
        return f"{PROGRESS}:{self.action_id}:{self.stamp}"


def progress_notices(session: Session, org: Organisation) -> list[ProgressNotice]:
    """The organisation's actions not done whose latest report came from a unit's page."""
    cycles = cycle_numbers(session, get_policy(session, org).id or 0)
    if not cycles:
        return []
    units = unit_names(session, org.id or 0)
    rows = session.exec(
        select(FollowUpAction)
        .where(
            col(FollowUpAction.cycle_id).in_(list(cycles))
            | col(FollowUpAction.carried_to_cycle_id).in_(list(cycles)),
            col(FollowUpAction.status).in_(NOT_DONE),
            col(FollowUpAction.progress_by).startswith(UNIT_ACTOR),
        )
        .order_by(col(FollowUpAction.id))
    ).all()
    notices = []
    for a in rows:
        if a.progress_at is None:
            continue
        at = as_utc(a.progress_at)
        code = (a.progress_by or "").removeprefix(UNIT_ACTOR)
        name = a.data.get("name", a.subject)
        unit = a.data.get("unit", "")
        notices.append(ProgressNotice(
            action_id=a.id or 0, stamp=at.strftime("%Y%m%dT%H%M%S%f"), due_on=local_date(at),
            title=a.title, who=name + (f", {unit}" if unit and unit != name else ""),
            unit=units.get(code, code), note=a.progress_note, action_due_on=a.due_on,
        ))  # fmt: skip
    return notices


def progress_source(
    session: Session, org: Organisation, today: date
) -> MemberNotices[ProgressNotice]:
    """The progress notices as the sweep sends them: to every officer with an address."""
    return MemberNotices(
        kind=PROGRESS, template=TEMPLATE, role="officer", notices=progress_notices(session, org),
        what=lambda n: f"laporan perkembangan tindak lanjut #{n.action_id} dari {n.unit}",
        view=lambda name, group: progress_view(org, name, group, today),
        subject=progress_subject,
    )  # fmt: skip


def progress_view(
    org: Organisation, recipient: str, group: Sequence[ProgressNotice], today: date
) -> ProgressEmailView:
    """The email to one officer: the reports newly sent from units' pages."""
    return ProgressEmailView(
        recipient=recipient, organisation=org.name, today=today,
        items=[
            ProgressEmailItem(
                id=n.action_id, title=n.title, who=n.who, unit=n.unit, note=n.note,
                reported_on=n.due_on, due_on=n.action_due_on, overdue=n.action_due_on < today,
            )
            for n in group
        ],
    )  # fmt: skip


def progress_subject(group: Sequence[ProgressNotice]) -> str:
    """The notice's subject (ASCII separators, as the reminders' subjects)."""
    if len(group) == 1:
        return f"[Siklus] Laporan perkembangan tindak lanjut #{group[0].action_id} dari unit"
    return f"[Siklus] {len(group)} laporan perkembangan tindak lanjut dari unit"
