"""The portal's overdue board: every stage and rollout milestone near or past its deadline.

Layer: domain services (read only). The same items as `siklus status --overdue` and the
reminder sweep (`policy.services.deadlines.deadline_items`): the organisation's active
cycles, deadlines in working days on its calendar, overdue first (most working days late
first), then what falls due within the pack's reminder lead time.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from policy.models import Organisation
from policy.services import deadlines
from policy.services.common import org_pack
from policy.services.portal_access import PortalAccess
from policy.services.portal_common import portal_header
from policy.views.portal import DeadlineRow, DeadlinesPage


def deadline_board(
    *, session: Session, access: PortalAccess, today: date | None = None
) -> DeadlinesPage:
    """The overdue and due-soon items of the organiser's organisation, as of `today`."""
    org = session.get(Organisation, access.organisation_id)
    assert org is not None
    day = today or deadlines.local_date()
    pack = org_pack(org)
    lead = pack.reminders.lead_working_days
    rows: dict[str, list[DeadlineRow]] = {deadlines.OVERDUE: [], deadlines.DUE_SOON: []}
    for item in deadlines.deadline_items(session, org, day, lead=lead):
        rows[item.state].append(
            DeadlineRow(
                cycle=item.cycle,
                kind=item.kind,
                subject=item.subject,
                due_on=item.due_on,
                working_days=item.working_days,
                status={
                    deadlines.STAGE: item.run_status,
                    deadlines.ACTION: f"{item.count} terbuka",
                }.get(item.kind, item.reported),
                responsible=[name for name, _email in deadlines.responsible(pack, item)],
                note=item.note,
            )
        )
    return DeadlinesPage(
        header=portal_header(org),
        member=access.name,
        today=day,
        lead_working_days=lead,
        overdue=rows[deadlines.OVERDUE],
        due_soon=rows[deadlines.DUE_SOON],
    )
