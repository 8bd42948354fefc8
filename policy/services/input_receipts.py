"""Receipts of the input given on the portal: the signed code, the page, what became of it.

Layer: domain services (counterparts: `policy.services.consultation`, which gives a
receipt for each input it takes, and `siklus.web`, which shows one again); no web
framework here. A receipt is the input's number and a short code signed with the portal
key, so a receipt cannot be made up; whoever holds both sees the input again. Once
leadership approves a draft version, the receipt also shows the response the input got in
it; a response of a version not approved may still change, so it is not shown.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from sqlmodel import Session, select

from policy.models import (
    Cycle,
    CycleStatus,
    Forum,
    ForumInput,
    InputResponse,
    Organisation,
    Policy,
)
from policy.portal_words import shown
from policy.services.common import NotFoundError
from policy.services.draft_versions import final_version
from policy.services.portal_common import (
    ANONYMOUS,
    forum_by_token,
    forum_owner,
    pack_of,
    portal_header,
)
from policy.settings import get_settings
from policy.views.portal import InputOutcome, ReceiptPage

NO_RECEIPT = shown("Tanda terima tidak ditemukan: nomor atau kode tidak cocok.")


def receipt_code(key: bytes, cycle_id: int, number: int, text_sha256: str) -> str:
    """The short code of a receipt: 'ABCD-EFGH', an HMAC of the input under the portal key."""
    message = f"receipt:{cycle_id}:{number}:{text_sha256}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    code = base64.b32encode(digest[:5]).decode("ascii")
    return f"{code[:4]}-{code[4:]}"


def receipt_path(token: str, number: int, code: str) -> str:
    """A receipt's address on the portal, after the portal's own address: number and code."""
    return f"/f/{token}/tanda-terima/{number}?kode={quote(code)}"


def _outcome(
    session: Session, item: ForumInput, cycle: Cycle
) -> tuple[InputOutcome | None, bool, bool]:
    """What became of an input: (the response in the approved draft, awaiting, stopped).

    Leadership approves one draft version per cycle (`DraftVersion.final_on`), and the
    drafting stage goes to review only once every input of the cycle has a response for it;
    a response of a version not approved may still change, so it is not shown.
    """
    final = final_version(session, cycle.id or 0)
    if final is None or final.final_on is None:
        active = cycle.status == CycleStatus.ACTIVE
        return None, active, not active
    row = session.exec(
        select(InputResponse).where(
            InputResponse.input_id == item.id, InputResponse.version_id == final.id
        )
    ).first()
    if row is None:
        return None, False, False
    outcome = InputOutcome(
        disposition=row.disposition,
        response=row.response,
        changed_sections=list(row.changed_sections),
        version=final.number,
        approved_on=final.final_on,
    )
    return outcome, False, False


def receipt_page(
    session: Session,
    forum: Forum,
    token: str,
    item: ForumInput,
    cycle: Cycle,
    org: Organisation,
    policy: Policy,
    repeated: bool = False,
) -> ReceiptPage:
    """The receipt of a forum's input; `repeated` when the input was given before."""
    groups = {g.code: g.name for g in pack_of(org).stakeholder_groups}
    key = get_settings().signing_key()
    outcome, awaiting, stopped = _outcome(session, item, cycle)
    return ReceiptPage(
        outcome=outcome,
        awaiting=awaiting,
        stopped=stopped,
        header=portal_header(org, policy),
        token=token,
        forum_title=forum.title,
        number=item.number,
        code=receipt_code(key, item.cycle_id, item.number, item.text_sha256),
        section=item.section_ref,
        author=item.author,
        institution=item.institution,
        group=groups.get(item.group, item.group),
        text=item.text,
        received_at=item.created_at,
        anonymous=item.author == ANONYMOUS and not item.institution,
        repeated=repeated,
        notice_pending=item.notify_email is not None,
    )


def get_receipt(*, session: Session, token: str, number: int, code: str) -> ReceiptPage:
    """A receipt shown again, for whoever holds its number and code.

    Raises:
        NotFoundError: the forum, the number or the code does not match.
    """
    forum = forum_by_token(session, token)
    cycle, policy, org = forum_owner(session, forum)
    item = session.exec(
        select(ForumInput).where(ForumInput.forum_id == forum.id, ForumInput.number == number)
    ).first()
    key = get_settings().signing_key()
    expected = receipt_code(key, item.cycle_id, item.number, item.text_sha256) if item else ""
    if item is None or not hmac.compare_digest(
        expected.encode("utf-8"), code.strip().upper().encode("utf-8")
    ):
        raise NotFoundError(NO_RECEIPT)
    return receipt_page(session, forum, token, item, cycle, org, policy)
