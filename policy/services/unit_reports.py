"""A unit head's page on the portal: the progress of their unit's follow-up actions.

Layer: domain services (counterparts: `siklus action links`, and the portal's
`/unit/<token>`, `siklus.web.units`).

The evaluation raises follow-up actions (coaching of a unit's employees, corrective action
on a unit's SKM elements, policy reviews), and they are "tracked to closure". Until now a
unit reported how far it had come through the officer: the `tindak_lanjut` spreadsheet, or
`siklus action progress`. Here:
- the officer makes one private link per unit with open actions (`issue_unit_links`), and
  writes them as a list (`unit_kerja; nama_unit; kepala; surel_kepala; terbuka; tautan;
  berlaku_sampai`) to hand to the unit heads; a new link replaces the unit's earlier one, it
  opens for 90 days by default, and the list is written then recorded in the audit trail
  (`followup.unit_links`), as the other lists of links are. The token is the HMAC of a
  random salt with the portal's signing key (`unit_token`): the database keeps the salt and
  the token's sha256, and the reminder sweep puts the unit's link into its head's follow-up
  reminders (`report_links`);
- the link's page (`unit_page`) lists the unit's actions not done, past due first, each with
  its latest progress report and a form to report progress (`report_progress`), recorded as
  the officer's would be (`followup.progress`), under the unit (`unit:<KODE>`). Closing an
  action stays with the officers, who check the report;
- the page also lists the unit's result sheet (lembar hasil unit) of each approved period,
  served as stored (`unit_sheet`), so the head reads the figures the actions came from.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from policy.enums import RunStatus
from policy.models import (
    ActionStatus,
    Document,
    Organisation,
    StageRun,
    Unit,
    UnitLink,
    as_utc,
    utcnow,
)
from policy.periods import period_label, period_range
from policy.services.actions import (
    CLOSERS,
    UNIT_ACTOR,
    ActionInfo,
    action_info,
    find_action,
    list_actions,
    report_progress,
)
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_member,
    get_org,
    org_pack,
    require_role,
    unit_names,
)
from policy.services.deadlines import local_date
from policy.services.evaluation_export import Format, write_rows
from policy.services.exports import record_export
from policy.services.import_target import bulk_insert
from policy.services.portal_access import org_cycles
from policy.services.portal_common import clean_text, portal_header
from policy.services.portal_documents import stored_html
from policy.services.sheet_links import link_days, portal_base, token_sha
from policy.settings import get_settings
from policy.views.unit_actions import UnitActionRow, UnitActionsPage, UnitSheetLink

#: How long a unit's link opens its page, by default.
UNIT_LINK_DAYS = 90
#: The columns of the list of links.
COLUMNS = ("unit_kerja", "nama_unit", "kepala", "surel_kepala", "terbuka", "tautan",
           "berlaku_sampai")  # fmt: skip
#: The kind of a unit's result sheet (`policy.services.evaluation_sheets`).
UNIT_SHEET = "lembar_hasil_unit"
#: Longest progress report taken, in characters.
NOTE_MAX = 1000
GONE = (
    "Tautan tindak lanjut unit ini tidak dikenal atau sudah tidak berlaku. Mintalah tautan baru "
    "kepada pengelola kebijakan."
)


@dataclass(frozen=True, slots=True)
class UnitLinks:
    """What `issue_unit_links` wrote: how many links, their expiry, the list as bytes."""

    rows: int
    expires_on: date
    content: bytes


class ProgressRefused(ServiceError):
    """A progress report with no text or too long a one."""


def issue_unit_links(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    base_url: str,
    fmt: Format,
    filename: str,
    units: Sequence[str] = (),
    days: int = UNIT_LINK_DAYS,
    deliver: Callable[[bytes], None] | None = None,
) -> UnitLinks:
    """A link per unit with open follow-up actions (or per unit asked), as a list (commits).

    Raises:
        ServiceError: `actor` may not; no portal address; days out of 1–365; an unknown
            unit, or no unit with open actions.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), CLOSERS, "membagikan tautan tindak lanjut unit")
    base = portal_base(base_url, "kepala unit")
    link_days(days)
    names = unit_names(session, org.id or 0)
    open_actions = list_actions(session=session, organisation=org.code, status="open")
    code_of = {name: code for code, name in names.items()}  # an action names its unit
    counts: dict[str, int] = {}
    for a in open_actions:
        if keeper := a.keeping_unit(code_of):
            counts[keeper] = counts.get(keeper, 0) + 1
    if units:
        by_upper = {code.upper(): code for code in names}
        unknown = sorted(u for u in units if u.upper() not in by_upper)
        if unknown:
            raise ServiceError(f"Unit {', '.join(unknown)} tidak ada di {org.code}.")
        chosen = sorted({by_upper[u.upper()] for u in units})
    else:
        chosen = sorted(counts)
    if not chosen:
        raise ServiceError("Tidak ada unit dengan tindak lanjut yang belum selesai.")
    now = utcnow()
    expires = now + timedelta(days=days)
    session.execute(
        update(UnitLink)
        .where(col(UnitLink.organisation_id) == org.id, col(UnitLink.revoked_at).is_(None),
               col(UnitLink.unit_code).in_(chosen))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    heads = {u.code: u for u in org_pack(org).units}
    until = local_date(expires)
    rows, links = [], []
    key = get_settings().signing_key()
    for code in chosen:
        salt = secrets.token_hex(16)
        token = unit_token(key, salt)
        links.append({"organisation_id": org.id or 0, "unit_code": code, "salt": salt,
                      "token_sha256": token_sha(token), "created_by": actor, "created_at": now,
                      "expires_at": expires, "revoked_at": None})  # fmt: skip
        head = heads.get(code)
        rows.append((code, names[code], head.head_name if head else "",
                     (head.head_email or "") if head else "", counts.get(code, 0),
                     f"{base}/unit/{token}", until.isoformat()))  # fmt: skip
    bulk_insert(session, UnitLink, links)
    content = write_rows(fmt, COLUMNS, rows, nip_first=False)
    record_export(
        session, action="followup.unit_links", actor=actor, subject_type="organisation",
        subject_id=org.id or 0, organisation_id=org.id, filename=filename, fmt=fmt,
        content=content, rows=len(rows),
        details={"units": chosen, "days": days, "expires_at": expires.isoformat()},
        deliver=deliver,
    )  # fmt: skip
    session.commit()
    return UnitLinks(len(rows), until, content)


def unit_token(key: bytes, salt: str) -> str:
    """A unit link's token: the HMAC of its salt with the portal's signing key."""
    digest = hmac.new(key, b"unit-link:" + salt.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:32]


def report_links(session: Session, org: Organisation, base_url: str) -> dict[str, str]:
    """Each unit's valid link, by unit code, for the reminders ({} without a portal address)."""
    try:
        base = portal_base(base_url, "kepala unit")
    except ServiceError:
        return {}
    key = get_settings().signing_key()
    now = utcnow()
    return {
        link.unit_code: f"{base}/unit/{unit_token(key, link.salt)}"
        for link in session.exec(
            select(UnitLink).where(
                UnitLink.organisation_id == org.id, col(UnitLink.revoked_at).is_(None)
            )
        )
        if as_utc(link.expires_at) > now
    }


def _linked(session: Session, token: str) -> UnitLink:
    link = session.exec(select(UnitLink).where(UnitLink.token_sha256 == token_sha(token))).first()
    if link is None or link.revoked_at is not None or as_utc(link.expires_at) <= utcnow():
        raise NotFoundError(GONE)
    return link


def _unit_actions(session: Session, org: Organisation, code: str) -> list[ActionInfo]:
    """The actions not done that unit `code` sees to (as its head's reminders list them)."""
    code_of = {name: c for c, name in unit_names(session, org.id or 0).items()}
    return [
        a for a in list_actions(session=session, organisation=org.code, status="open")
        if a.keeping_unit(code_of) == code
    ]  # fmt: skip


def unit_page(
    *,
    session: Session,
    token: str,
    saved: int | None = None,
    refused: tuple[int, str, str] | None = None,
    today: date | None = None,
) -> UnitActionsPage:
    """The unit's open actions, past due first (`refused`: (action, note, why) shown again).

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
    """
    link = _linked(session, token)
    org = session.get(Organisation, link.organisation_id)
    assert org is not None
    day = today or local_date()
    unit = session.exec(
        select(Unit).where(Unit.organisation_id == org.id, Unit.code == link.unit_code)
    ).first()
    head = next((u for u in org_pack(org).units if u.code == link.unit_code), None)
    rows = []
    for a in _unit_actions(session, org, link.unit_code):
        again = refused if refused and refused[0] == a.id else None
        rows.append(UnitActionRow(
            id=a.id, title=a.title,
            who=a.name + (f", {a.unit}" if a.unit and a.unit != a.name else ""),
            period=period_label(a.period) if a.period else "",
            due_on=a.due_on, overdue=a.due_on < day, progress=a.progress_note,
            progress_on=local_date(a.progress_at) if a.progress_at else None,
            note=again[1] if again else "", error=again[2] if again else "",
        ))  # fmt: skip
    rows.sort(key=lambda r: (not r.overdue, r.due_on, r.id))
    sheets = [
        UnitSheetLink(document_id=doc.id or 0, period=period_label(period), version=doc.version)
        for doc, period in _unit_sheets(session, org, link.unit_code)
    ]
    return UnitActionsPage(
        header=portal_header(org), token=token,
        unit_name=unit.name if unit else link.unit_code,
        head_name=head.head_name if head else "", expires_on=local_date(link.expires_at),
        today=day, rows=rows, saved=saved, max_note=NOTE_MAX, sheets=sheets,
    )  # fmt: skip


def _unit_sheets(session: Session, org: Organisation, code: str) -> list[tuple[Document, str]]:
    """The unit's sheet (Indonesian, latest version) of each approved period, newest first."""
    cycles = org_cycles(session, org)
    if not cycles:
        return []
    rows = session.exec(
        select(Document, StageRun.period)
        .join(StageRun, col(StageRun.id) == col(Document.stage_run_id))
        .where(
            col(StageRun.cycle_id).in_(list(cycles)),
            StageRun.status == RunStatus.APPROVED.value,
            Document.kind == UNIT_SHEET,
            Document.locale == "id",
            col(Document.key).startswith(f"lembar-unit-{code.lower()}-"),
        )
        .order_by(col(Document.version).desc(), col(Document.id).desc())
    ).all()
    latest: dict[str, tuple[Document, str]] = {}
    for doc, period in rows:
        if period and doc.key == f"lembar-unit-{code.lower()}-{period.lower()}":
            latest.setdefault(period, (doc, period))
    return sorted(latest.values(), key=lambda x: period_range(x[1])[0], reverse=True)


def unit_sheet(*, session: Session, token: str, document_id: int) -> bytes:
    """The stored HTML of one of the unit's sheets listed on its page.

    Raises:
        NotFoundError: the link is unknown, replaced or expired, or the document is not one of
            the unit's sheets of an approved period.
        ServiceError: the file is missing or differs from what was registered.
    """
    link = _linked(session, token)
    org = session.get(Organisation, link.organisation_id)
    assert org is not None
    for doc, _period in _unit_sheets(session, org, link.unit_code):
        if doc.id == document_id:
            return stored_html(doc)
    raise NotFoundError(f"Dokumen nomor {document_id} bukan lembar hasil unit ini.")


def report_unit_progress(*, session: Session, token: str, action_id: int, note: str) -> int:
    """Record the unit's progress report on its open action `action_id` (commits).

    Raises:
        NotFoundError: the link is unknown, replaced or expired, or the action is not one of
            the unit's open actions (done meanwhile, or another unit's).
        ProgressRefused: no text, or too long a text.
    """
    link = _linked(session, token)
    org = session.get(Organisation, link.organisation_id)
    assert org is not None
    stray = NotFoundError(
        f"Tindak lanjut #{action_id} bukan tindak lanjut unit ini yang belum selesai "
        "(mungkin baru saja ditutup pengelola kebijakan)."
    )
    try:
        action = find_action(session, org, action_id)
    except NotFoundError:
        raise stray from None
    code_of = {name: c for c, name in unit_names(session, org.id or 0).items()}
    info = action_info(session, org, action)
    if info.status == ActionStatus.DONE or info.keeping_unit(code_of) != link.unit_code:
        raise stray
    text = " ".join(clean_text(note).split())
    if not text:
        raise ProgressRefused("Tuliskan perkembangannya: apa yang sudah dikerjakan, dan kapan.")
    if len(text) > NOTE_MAX:
        raise ProgressRefused(
            f"Laporan perkembangan terlalu panjang: {len(text)} karakter, paling banyak {NOTE_MAX}."
        )
    report_progress(session, org, action, f"{UNIT_ACTOR}{link.unit_code}", text)
    return action_id
