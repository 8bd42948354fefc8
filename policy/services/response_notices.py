"""Telling a stakeholder that the response to their input has appeared.

Layer: domain services (counterpart: the reminder sweep, `policy.services.reminders`, which
sends these notices with its reminders; `siklus reminders sweep`).

- An input given on the portal may carry an email address (`ForumInput.notify_email`), left
  by its author to be told once, in the language of the form (`notify_locale`).
- The drafting team's response to an input is public once leadership approves a draft
  version of the cycle (`DraftVersion.final_on`): the receipt shows it from then on
  (`policy.services.input_receipts`). The next sweep sends one email to the address with the
  response, the disposition and the receipt's number, code and address, then **erases the
  address** and keeps only when the author was told (`notified_at`).
- A cycle that ended without an approved draft gives no response: its inputs' addresses are
  erased without an email (nothing will come).
- The sweep's send log (`ReminderSend`) records such a notice under "pemberi masukan nomor N",
  never the address, and the sweep's audit event counts the notices and erasures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from policy.locale import Locale
from policy.models import (
    Cycle,
    CycleStatus,
    DraftVersion,
    Forum,
    ForumInput,
    InputResponse,
    Organisation,
    utcnow,
)
from policy.models import Policy as PolicyRow
from policy.services.input_receipts import receipt_code, receipt_path
from policy.settings import get_settings
from policy.views.reminders import ResponseEmailView

RESPONSE = "response"
"""The sweep's kind of email for these notices (`ReminderSend.kind`)."""

TEMPLATE = "email_tanggapan"


@dataclass(frozen=True, slots=True)
class ResponseNotice:
    """An input whose author is to be told of its response, with the email to send."""

    input_id: int
    version_id: int
    address: str = field(repr=False)  # never in a log line
    locale: Locale
    due_on: date
    view: ResponseEmailView

    @property
    def key(self) -> str:
        """The send log's key: the input and the approved version."""
        return f"{RESPONSE}:{self.input_id}:{self.version_id}"

    @property
    def label(self) -> str:
        """Who the send log names instead of the address."""
        return f"pemberi masukan nomor {self.view.number}"

    @property
    def subject(self) -> str:
        """The email's subject, in the author's language (ASCII separators, as reminders')."""
        if self.locale == "en":
            return f"[Siklus] Response to your input no. {self.view.number}"
        return f"[Siklus] Tanggapan atas masukan Anda nomor {self.view.number}"


def response_notices(
    session: Session, org: Organisation, today: date
) -> tuple[list[ResponseNotice], list[int]]:
    """The notices due for the organisation, and the inputs whose address is to be erased.

    Due: an input with an address whose cycle has an approved draft version with a response
    to it. Erased unsent: an input with an address whose cycle is no longer active and never
    had a draft approved.
    """
    final = aliased(DraftVersion)
    rows = session.execute(
        sa_select(ForumInput, Forum, Cycle, PolicyRow, final, InputResponse)
        .join(Forum, col(Forum.id) == ForumInput.forum_id)
        .join(Cycle, col(Cycle.id) == ForumInput.cycle_id)
        .join(PolicyRow, col(PolicyRow.id) == Cycle.policy_id)
        # The version leadership approved in the cycle (one at most), and the response to it.
        .outerjoin(final, and_(col(final.cycle_id) == Cycle.id, col(final.final_on).is_not(None)))
        .outerjoin(InputResponse, and_(col(InputResponse.input_id) == ForumInput.id,
                                       col(InputResponse.version_id) == final.id))
        .where(col(PolicyRow.organisation_id) == org.id, col(ForumInput.notify_email).is_not(None))
        .order_by(col(ForumInput.cycle_id), col(ForumInput.number))
    ).all()  # fmt: skip
    notices: list[ResponseNotice] = []
    erase: list[int] = []
    key = get_settings().signing_key()
    base = get_settings().portal_url.rstrip("/")
    for item, forum, cycle, policy, version, response in rows:
        cycle_id = cycle.id or 0
        if version is None or version.final_on is None:
            if cycle.status != CycleStatus.ACTIVE:
                erase.append(item.id or 0)
            continue
        if response is None:  # the drafting stage answers every input before its review
            continue
        code = receipt_code(key, cycle_id, item.number, item.text_sha256)
        token = forum.public_token or ""
        receipt = base + receipt_path(token, item.number, code) if base and token else ""
        locale: Locale = "en" if item.notify_locale == "en" else "id"
        approved = version.final_on
        notices.append(
            ResponseNotice(
                input_id=item.id or 0,
                version_id=version.id or 0,
                address=str(item.notify_email),
                locale=locale,
                due_on=approved,
                view=ResponseEmailView(
                    recipient=item.author,
                    organisation=org.name,
                    policy_title=policy.title,
                    forum_title=forum.title,
                    number=item.number,
                    code=code,
                    section=item.section_ref,
                    disposition=response.disposition,
                    response=response.response,
                    changed_sections=list(response.changed_sections),
                    version=version.number,
                    approved_on=approved,
                    receipt_url=receipt,
                    documents_url=f"{base}/f/{token}/dokumen" if base and token else "",
                    today=today,
                ),
            )
        )
    return notices, erase


def mark_told(session: Session, notice: ResponseNotice) -> None:
    """The address of a notice just sent is erased; when its author was told is kept."""
    item = session.get(ForumInput, notice.input_id)
    if item is not None:
        item.notify_email, item.notified_at = None, utcnow()
        session.add(item)


def erase_addresses(session: Session, ids: Sequence[int]) -> int:
    """Erase the addresses of inputs no response will come to (one UPDATE); how many."""
    if not ids:
        return 0
    done = session.execute(
        update(ForumInput)
        .where(col(ForumInput.id).in_(list(ids)), col(ForumInput.notify_email).is_not(None))
        .values(notify_email=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(done, "rowcount", 0) or 0)
