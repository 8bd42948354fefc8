"""Review notices: leaders are told by email of the stages newly waiting for their decision.

Layer: domain services (helper of `policy.services.reminders`, whose daily sweep sends
them with the reminders and escalations). Rules:
- a notice lists the organisation's stage runs in review (any cycle: a run left in review
  in a stopped cycle still waits for a decision), oldest submission first;
- it goes to every member with the leader role and an address in the pack, except the one
  who ran the stage (he cannot decide it: four-eyes rule);
- each (run, attempt) is sent to a leader once, recorded in `ReminderSend` under the key
  `review:<run>:<attempt>` with the submission's day; a stage returned and submitted again
  is a new attempt, so it is notified again;
- each stage comes with its key figures (`policy.services.stage_figures`, the summary the
  run stored), in the email's language;
- with `SIKLUS_PORTAL_URL` set, each stage links to its page on the portal's leaders' pages
  (`/pimpinan/tahap/<run>`); without it the notice names the `siklus review` command.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from policy.document_filters import text_escape
from policy.locale import Locale
from policy.models import Organisation, Stage
from policy.packschema import Pack
from policy.services.common import starters_of
from policy.services.deadlines import local_date
from policy.services.member_notices import MemberNotices
from policy.services.review import runs_in_review
from policy.services.stage_figures import stage_figures
from policy.stages import stage_label
from policy.views.reminders import ReviewEmailItem, ReviewEmailView

REVIEW = "review"
TEMPLATE = "email_keputusan"


@dataclass(frozen=True)
class ReviewNotice:
    """A stage run in review, as a review notice lists it."""

    key: str
    due_on: date  # the day it was submitted (what `ReminderSend` records)
    run_id: int
    attempt: int
    cycle: int
    label: str
    started_by: str
    stage: Stage
    summary: Mapping[str, Any]
    #: Everyone who ran an attempt of the run (none of them decides it).
    ran_by: frozenset[str] = frozenset()


def review_notices(session: Session, org: Organisation) -> list[ReviewNotice]:
    """The organisation's stage runs waiting for a decision, oldest submission first."""
    waiting = runs_in_review(session, org)
    starters = starters_of(session, [run for run, _ in waiting])
    return [
        ReviewNotice(
            key=f"review:{run.id}:{run.attempt}",
            due_on=local_date(run.submitted_at) if run.submitted_at else local_date(),
            run_id=run.id or 0,
            attempt=run.attempt,
            cycle=number,
            label=stage_label(run.stage, run.period),
            started_by=run.started_by,
            stage=Stage(run.stage),
            summary=run.summary or {},
            ran_by=frozenset(starters[run.id or 0]),
        )
        for run, number in waiting
    ]


def review_source(
    pack: Pack,
    org: Organisation,
    notices: Sequence[ReviewNotice],
    policy_title: str,
    today: date,
    portal: str,
    locale: Locale = "id",
) -> MemberNotices[ReviewNotice]:
    """The review notices as the sweep sends them: to every leader with an address.

    The leader who ran a stage (an attempt of it) is not told: another decides (four eyes).
    """
    return MemberNotices(
        kind=REVIEW, template=TEMPLATE, role="leader", notices=notices,
        what=lambda n: f"menunggu keputusan {n.label}",
        view=lambda name, group: notice_view(pack, org, policy_title, name, group, today, portal,
                                             locale),
        subject=notice_subject,
        skip=lambda m, n: m.username == n.started_by or m.username in n.ran_by,
    )  # fmt: skip


def notice_view(
    pack: Pack,
    org: Organisation,
    policy_title: str,
    recipient: str,
    group: Sequence[ReviewNotice],
    today: date,
    portal: str,
    locale: Locale = "id",
) -> ReviewEmailView:
    """The email to one leader: the stages newly waiting, each with its key figures and page."""
    people = {m.username: m.name for m in pack.members}
    base = portal.rstrip("/")
    return ReviewEmailView(
        recipient=recipient,
        organisation=org.name,
        policy_title=policy_title,
        today=today,
        portal=f"{base}/pimpinan" if base else "",
        items=[
            ReviewEmailItem(
                cycle=n.cycle,
                label=n.label,
                attempt=n.attempt,
                started_by=people.get(n.started_by, n.started_by),
                submitted_on=n.due_on,
                link=f"{base}/pimpinan/tahap/{n.run_id}" if base else "",
                figures=stage_figures(n.stage, n.summary, locale),
            )
            for n in group
        ],
    )


def notice_subject(group: Sequence[ReviewNotice]) -> str:
    """The subject of a review notice (ASCII separators, as the reminders' subjects)."""
    if len(group) == 1:
        return f"[Siklus] Menunggu keputusan: {text_escape(group[0].label)}"
    return f"[Siklus] Menunggu keputusan: {len(group)} tahap"
