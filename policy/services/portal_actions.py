"""Follow-up of the evaluation results on the leaders' pages of the portal.

Layer: domain services (counterpart: `siklus.web.leader`, `/pimpinan/tindak-lanjut`).

Leadership approves each period's evaluation and the actions its results raise; these pages
let a leader see, without the command line, how far they have come: the organisation's
totals (not done, past due, reported under way, done), the actions not done with the
overdue ones first (or those done, newest first, or all), narrowed to a unit, and each
action with its history (`policy.services.action_history`). Read only: closing and
recording progress stay with the officers (`siklus action`, the `tindak_lanjut` import).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from sqlmodel import Session, select

from policy.models import Unit
from policy.periods import period_label, period_range
from policy.services.action_history import action_history
from policy.services.actions import ActionInfo, list_actions
from policy.services.deadlines import local_date
from policy.services.portal_access import PortalAccess, access_org
from policy.services.portal_review import leader_header
from policy.views.leader_actions import (
    LeaderActionPage,
    LeaderActionRow,
    LeaderActionsPage,
    LeaderHistoryEntry,
    PeriodChoice,
    UnitChoice,
)

#: The lists a leader can choose, and how `list_actions` is asked for each.
STATUSES = {"open": "open", "done": "done", "all": None}
#: Rows on one page of the list (a province's list runs to thousands).
PAGE_SIZE = 100


def actions_page(
    *,
    session: Session,
    access: PortalAccess,
    status: str = "open",
    unit: str = "",
    period: str = "",
    page: int = 1,
    today: date | None = None,
) -> LeaderActionsPage:
    """The organisation's follow-up actions as a leader oversees them.

    `period` narrows the list to the actions one evaluated period raised (its code). The
    list is shown `PAGE_SIZE` rows to a page; `page` counts from 1. An unknown list, unit or
    period is not an error page: the list is shown without that choice, with the reason; a
    page past the last shows the last.
    """
    org = access_org(session, access)
    day = today or local_date()
    units = [
        UnitChoice(code=code, name=name)
        for code, name in session.exec(
            select(Unit.code, Unit.name).where(Unit.organisation_id == org.id).order_by(Unit.code)
        )
    ]
    error = ""
    if status not in STATUSES:
        error, status = f"Daftar '{status}' tidak dikenal; yang belum selesai ditampilkan.", "open"
    if unit and unit.upper() not in {u.code.upper() for u in units}:
        error, unit = f"Unit '{unit}' tidak ada; semua unit ditampilkan.", ""
    every = list_actions(session=session, organisation=org.code)
    codes = sorted({a.period for a in every if a.period}, key=lambda c: period_range(c)[0],
                   reverse=True)  # fmt: skip
    if period and period not in codes:
        error, period = (
            f"Tidak ada tindak lanjut periode '{period}'; semua periode ditampilkan.",
            "",
        )
    chosen = list_actions(session=session, organisation=org.code, status=STATUSES[status],
                          period=period or None, unit=unit or None)  # fmt: skip
    rows = [_row(a, day) for a in chosen]
    if status == "done":
        rows.sort(key=lambda r: (r.closed_on or r.due_on, r.id), reverse=True)
    else:
        rows.sort(key=lambda r: (r.status == "done", not r.overdue, r.due_on, r.id))
    undone = [a for a in every if a.status != "done"]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    first = (page - 1) * PAGE_SIZE
    return LeaderActionsPage(
        header=leader_header(session, org),
        member=access.name,
        status=status,
        unit=unit.upper(),
        units=units,
        period=period,
        periods=[PeriodChoice(code=c, name=period_label(c)) for c in codes],
        rows=rows[first : first + PAGE_SIZE],
        total=len(rows),
        page=page,
        pages=pages,
        first=first + 1 if rows else 0,
        previous_link=_page_link(status, unit, period, page - 1) if page > 1 else "",
        next_link=_page_link(status, unit, period, page + 1) if page < pages else "",
        open_count=len(undone),
        overdue_count=sum(1 for a in undone if a.due_on < day),
        under_way_count=sum(1 for a in undone if a.progress_note),
        done_count=len(every) - len(undone),
        today=day,
        error=error,
    )


def action_page(
    *, session: Session, access: PortalAccess, action_id: int, today: date | None = None
) -> LeaderActionPage:
    """One action of the leader's organisation and its history.

    Raises:
        NotFoundError: the organisation has no such action.
    """
    org = access_org(session, access)
    found = action_history(session=session, organisation=org.code, action_id=action_id)
    return LeaderActionPage(
        header=leader_header(session, org),
        member=access.name,
        action=_row(found.action, today or local_date()),
        detail=found.detail,
        public_note=found.public_note,
        entries=[
            LeaderHistoryEntry(at=e.at, who=e.actor_name, what=e.what, note=e.note, source=e.source)
            for e in found.entries
        ],  # fmt: skip
    )


def _row(a: ActionInfo, today: date) -> LeaderActionRow:
    undone = a.status != "done"
    return LeaderActionRow(
        id=a.id, cycle=a.cycle, period=period_label(a.period) if a.period else "",
        title=a.title, who=a.name + (f", {a.unit}" if a.unit and a.unit != a.name else ""),
        owner=a.owner, due_on=a.due_on, status=a.status, overdue=undone and a.due_on < today,
        carried_to=a.carried_to_cycle if a.status == "carried" else None,
        progress=a.progress_note if undone else "",
        progress_on=local_date(a.progress_at) if undone and a.progress_at else None,
        closed_on=local_date(a.closed_at) if a.closed_at else None,
    )  # fmt: skip


def _page_link(status: str, unit: str, period: str, page: int) -> str:
    """The address of another page of the same list."""
    query = {"status": status, "unit": unit.upper(), "period": period, "halaman": page}
    return "/pimpinan/tindak-lanjut?" + urlencode({k: v for k, v in query.items() if v})
