"""The reminder sweep: reminders before a deadline, escalations after it, review notices.

The review notices tell leaders of the stages waiting for their decision
(`policy.services.review_notices`); the response notices tell a stakeholder who left an
address on the portal that the response to their input has appeared, then erase the address
(`policy.services.response_notices`); the objection notices tell the officers of objections
employees filed on their own page of the portal (`policy.services.objection_notices`), and
the progress notices of what unit heads reported on their unit's page
(`policy.services.progress_notices`).

Layer: domain services (counterparts: `flows.reminders`, `siklus reminders sweep`). Rules:
- the items are those of `policy.services.deadlines`: open stage runs and milestones of
  active cycles, due within the pack's `reminders.lead_working_days` or overdue;
- before the deadline (up to and including the due date) a **reminder** goes to the people
  responsible: for a stage the officer who started it and the other officers, for a
  milestone the head of its unit (`units[].head_email` in the pack); after it an
  **escalation** goes to the pack's leaders;
- one email per recipient and kind lists all that recipient's new items; each item sent is
  recorded in `ReminderSend` under the unique key (deadline, kind, recipient), and an item
  already recorded is never sent again, so a second sweep the same day (or a retried one)
  sends nothing twice. A deadline that moves gets a new key, so it is reminded again;
- on a day that is not a working day for the organisation nothing is sent (the sweep runs
  daily; reminders wait for the next working day);
- the email text comes from `templates/<locale>/email_*.txt.j2` through the one Jinja
  environment; untrusted names go through the `teks` filter.

Transactions: each email is its own transaction (its rows are written and flushed, the
email is sent, then the rows are committed; a failed send rolls back only its rows and is
retried by the next sweep). The sweep's audit event is committed at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from policy import audit
from policy.document_filters import text_escape
from policy.documents import render_text
from policy.locale import Locale, format_date
from policy.mail import Mailer, MailError, build_message, new_message_id
from policy.models import Organisation, Policy, ReminderSend, utcnow
from policy.packschema import Pack
from policy.services.common import ServiceError, get_org, org_pack
from policy.services.deadlines import (
    ACTION,
    DUE_SOON,
    DeadlineItem,
    calendar_for,
    deadline_items,
    leaders,
    responsible,
)
from policy.services.member_notices import MemberNotices, plan_members
from policy.services.objection_notices import objection_source
from policy.services.progress_notices import progress_source
from policy.services.response_notices import (
    RESPONSE,
    ResponseNotice,
    erase_addresses,
    mark_told,
    response_notices,
)
from policy.services.response_notices import TEMPLATE as RESPONSE_TEMPLATE
from policy.services.review_notices import review_notices, review_source
from policy.services.unit_reports import report_links
from policy.settings import get_settings
from policy.views.actions import RULE_LABELS
from policy.views.reminders import EmailItem, ReminderEmailView

REMINDER, ESCALATION = "reminder", "escalation"


class Recorded(Protocol):
    """What an email is recorded under: a deadline (or a review notice) and its day."""

    @property
    def key(self) -> str:
        """The deadline key ('stage:…', 'milestone:…', 'review:…')."""
        ...

    @property
    def due_on(self) -> date:
        """The day recorded with the send: the due date, or a review's day of submission."""
        ...


TEMPLATES = {REMINDER: "email_pengingat", ESCALATION: "email_eskalasi"}


class SweepMessage(BaseModel):
    """One email of a sweep (planned in a dry run, sent, or failed)."""

    organisation: str
    kind: str = Field(
        description="'reminder', 'escalation', 'review' (a review notice), 'response' (a "
        "stakeholder told of the response to their input), 'objection' (the officers told "
        "of objections on the portal) or 'progress' (the officers told of units' reports)."
    )
    recipient: str = Field(
        description="Email address; for a response notice, who it went to without the address "
        "('pemberi masukan nomor 12'), as the send log keeps it."
    )
    address: str = Field(
        default="",
        exclude=True,
        repr=False,
        description="The address mailed where `recipient` is not one: never logged, shown or "
        "serialised (a flow's result leaves it out).",
    )
    recipient_name: str
    subject: str
    body: str
    deadline_keys: list[str]
    message_id: str = ""
    sent: bool = False
    error: str = ""


class SweepResult(BaseModel):
    """What a sweep did (plain data, also returned by the reminder flow)."""

    today: date
    dry_run: bool
    messages: list[SweepMessage] = Field(default_factory=list)
    without_email: list[str] = Field(
        default_factory=list, description="'name: item' for people the pack has no address for."
    )
    skipped: list[str] = Field(default_factory=list, description="Organisations not swept, why.")
    erased: int = Field(
        default=0,
        description="Stakeholders' addresses erased unsent: their cycle ended with no draft "
        "approved, so no response will come.",
    )

    @property
    def sent(self) -> int:
        """Emails sent."""
        return sum(1 for m in self.messages if m.sent)

    @property
    def failed(self) -> int:
        """Emails that could not be sent."""
        return sum(1 for m in self.messages if m.error)


def _email_item(
    pack: Pack, item: DeadlineItem, locale: Locale, links: dict[str, str] | None = None
) -> EmailItem:
    """One deadline as an email lists it; a unit's actions with the unit's page (`links`)."""
    title = RULE_LABELS[locale].get(item.rule, item.title) if item.kind == ACTION else item.title
    link = (links or {}).get(item.unit_code, "") if item.kind == ACTION else ""
    return EmailItem(
        kind=item.kind, cycle=item.cycle, title=title, period=item.period, unit=item.unit,
        due_on=item.due_on, overdue=item.state != DUE_SOON, working_days=item.working_days,
        responsible=[name for name, _ in responsible(pack, item)], count=item.count,
        names=list(item.names), under_way=item.under_way, report_link=link,
    )  # fmt: skip


def _subject(kind: str, items: Sequence[DeadlineItem]) -> str:
    first = items[0]
    # ASCII separators: a long subject is folded, and folding around non-ASCII text adds spaces.
    what = text_escape(
        first.subject if first.kind != "milestone" else f"{first.unit}: {first.title}"
    )
    if first.kind == ACTION and len(items) == 1:
        where = f"{first.unit}: " if first.unit else ""
        what = text_escape(f"{where}{first.count} tindak lanjut {first.period}")
    if kind == REMINDER:
        if len(items) == 1:
            return f"[Siklus] Pengingat: {what} jatuh tempo {format_date(first.due_on)}"
        return f"[Siklus] Pengingat: {len(items)} tenggat dalam beberapa hari kerja ke depan"
    if len(items) == 1:
        return f"[Siklus] Eskalasi: {what} terlambat {first.working_days} hari kerja"
    return f"[Siklus] Eskalasi: {len(items)} tenggat terlewati"


def _plan(
    pack: Pack, items: Sequence[DeadlineItem], done: set[tuple[str, str, str]]
) -> tuple[dict[tuple[str, str], list[DeadlineItem]], dict[str, str], list[str]]:
    """Group new items per (kind, address); names per address; people without an address."""
    groups: dict[tuple[str, str], list[DeadlineItem]] = {}
    names: dict[str, str] = {}
    missing: list[str] = []
    for item in items:
        kind = REMINDER if item.state == DUE_SOON else ESCALATION
        people = responsible(pack, item) if kind == REMINDER else leaders(pack)
        for name, email in people:
            if not email:
                missing.append(f"{name}: {item.subject}")
                continue
            address = email.lower()
            if (item.key, kind, address) in done:
                continue
            names.setdefault(address, name)
            groups.setdefault((kind, address), []).append(item)
    return groups, names, missing


def _sweep_org(
    session: Session,
    org: Organisation,
    mailer: Mailer | None,
    today: date,
    dry_run: bool,
    actor: str,
    locale: Locale,
    result: SweepResult,
) -> None:
    pack = org_pack(org)
    if not pack.reminders.enabled:
        result.skipped.append(f"{org.code}: pengingat dimatikan di paket (reminders.enabled)")
        return
    holiday = calendar_for(pack).holiday_name(today)
    if holiday:
        result.skipped.append(f"{org.code}: {format_date(today)} bukan hari kerja ({holiday})")
        return
    sender = pack.reminders.sender or get_settings().smtp_from
    if not dry_run and not sender:
        result.skipped.append(
            f"{org.code}: alamat pengirim belum diatur (SIKLUS_SMTP_FROM atau reminders.sender)"
        )
        return
    items = deadline_items(session, org, today)
    responses, erase = response_notices(session, org, today)
    policy = session.exec(select(Policy).where(Policy.organisation_id == org.id)).first()
    title = policy.title if policy else ""
    portal = get_settings().portal_url
    # The notices to members, each kind with its role and its email, in the order sent.
    sources: list[MemberNotices[Any]] = [
        review_source(pack, org, review_notices(session, org), title, today, portal, locale),
        objection_source(session, org, today, locale),
        progress_source(session, org, today),
    ]
    # What was sent before, for the deadlines, the responses and every member notice: one read.
    keys = [i.key for i in items] + [r.key for r in responses]
    keys += [n.key for source in sources for n in source.notices]
    done = {
        (r.deadline_key, r.kind, r.recipient)
        for r in session.exec(select(ReminderSend).where(col(ReminderSend.deadline_key).in_(keys)))
    }
    groups, names, missing = _plan(pack, items, done)
    plans = [(source, *plan_members(pack, source, done)) for source in sources]
    result.without_email.extend(
        f"{org.code}: {m}" for m in [*missing, *(m for *_, lost in plans for m in lost)]
    )
    start = len(result.messages)
    planned: list[tuple[SweepMessage, Sequence[Recorded], ResponseNotice | None]] = []
    units_pages = report_links(session, org, portal) if groups else {}
    heads = {u.code: (u.head_email or "").lower() for u in pack.units}
    for (kind, address), group in sorted(groups.items()):
        # A unit head's reminder carries the unit's page to report progress on (only the
        # head's own); an escalation goes to leaders, who read the progress on theirs.
        links = {code: url for code, url in units_pages.items()
                 if kind == REMINDER and heads.get(code) == address}  # fmt: skip
        view = ReminderEmailView(
            escalation=kind == ESCALATION, recipient=names[address], organisation=org.name,
            policy_title=title, today=today, lead_working_days=pack.reminders.lead_working_days,
            items=[_email_item(pack, i, locale, links) for i in group],
        )  # fmt: skip
        message = SweepMessage(
            organisation=org.code, kind=kind, recipient=address, recipient_name=names[address],
            subject=_subject(kind, group), body=render_text(TEMPLATES[kind], view, locale),
            deadline_keys=[i.key for i in group],
        )  # fmt: skip
        planned.append((message, group, None))
    for source, source_groups, source_names, _lost in plans:
        for address, notes in sorted(source_groups.items()):
            name = source_names[address]
            message = SweepMessage(
                organisation=org.code, kind=source.kind, recipient=address, recipient_name=name,
                subject=source.subject(notes),
                body=render_text(source.template, source.view(name, notes), locale),
                deadline_keys=[n.key for n in notes],
            )  # fmt: skip
            planned.append((message, notes, None))
    for notice in responses:
        if (notice.key, RESPONSE, notice.label) in done:
            continue
        message = SweepMessage(
            organisation=org.code, kind=RESPONSE, recipient=notice.label,
            recipient_name=notice.view.recipient, address=notice.address,
            subject=notice.subject, body=render_text(RESPONSE_TEMPLATE, notice.view, notice.locale),
            deadline_keys=[notice.key],
        )  # fmt: skip
        planned.append((message, [notice], notice))
    for message, recorded, told in planned:
        result.messages.append(message)
        if not dry_run:
            assert mailer is not None
            _send(session, org, mailer, sender, message, recorded, told)
    if dry_run:
        return
    erased = erase_addresses(session, erase)
    result.erased += erased
    sent = result.messages[start:]
    audit.record(
        session, actor=actor, action="reminders.swept", subject_type="organisation",
        subject_id=org.code, organisation_id=org.id,
        payload={
            "today": today.isoformat(),
            "sent": [{"kind": m.kind, "recipient": m.recipient, "deadlines": m.deadline_keys,
                      "message_id": m.message_id} for m in sent if m.sent],
            "failed": [{"recipient": m.recipient, "error": m.error} for m in sent if m.error],
            "without_email": missing,
            "addresses_erased": erased,
        },
    )  # fmt: skip
    session.commit()


def _send(
    session: Session,
    org: Organisation,
    mailer: Mailer,
    sender: str,
    message: SweepMessage,
    group: Sequence[Recorded],
    told: ResponseNotice | None = None,
) -> None:
    """Record, send and commit one email; on failure roll its rows back and note the error.

    `told`: the response notice this email is, whose address is erased with the same commit
    (and kept when the email fails).
    """
    now = utcnow()
    message.message_id = new_message_id(sender)
    for item in group:
        session.add(ReminderSend(
            organisation_id=org.id or 0, deadline_key=item.key, kind=message.kind,
            recipient=message.recipient, subject=message.subject, due_on=item.due_on,
            message_id=message.message_id, sent_at=now,
        ))  # fmt: skip
    if told is not None:
        mark_told(session, told)
    try:
        session.flush()
    except IntegrityError:
        # Another sweep recorded the same deadline for this recipient meanwhile: it sends.
        session.rollback()
        message.error = "sudah dicatat oleh penyisiran lain; tidak dikirim ulang"
        return
    try:
        mailer.send(build_message(
            sender=sender, sender_name=f"Siklus — {org.name}",
            to=message.address or message.recipient, to_name=message.recipient_name,
            subject=message.subject, body=message.body,
            message_id=message.message_id, sent_at=now,
        ))  # fmt: skip
    except MailError as exc:
        session.rollback()
        message.error = str(exc)
        return
    session.commit()
    message.sent = True


def sweep_reminders(
    *,
    session: Session,
    mailer: Mailer | None,
    organisation: str | None,
    today: date,
    actor: str = "siklus",
    dry_run: bool = False,
    locale: Locale = "id",
) -> SweepResult:
    """Send the reminders and escalations due on `today` (every organisation when None).

    An organisation without a sender address (pack `reminders.sender` or SIKLUS_SMTP_FROM) is
    skipped with the reason in `SweepResult.skipped`, so one pack does not stop the others.

    Raises:
        ServiceError: email is needed (not a dry run) but there is no mailer.
    """
    if mailer is None and not dry_run:
        raise ServiceError(
            "Pengiriman surel belum diatur: isi SIKLUS_SMTP_HOST (lihat README), atau jalankan "
            "dengan --dry-run."
        )
    if organisation is None:
        orgs = list(session.exec(select(Organisation).order_by(col(Organisation.code))))
    else:
        orgs = [get_org(session, organisation)]
    result = SweepResult(today=today, dry_run=dry_run)
    for org in orgs:
        _sweep_org(session, org, mailer, today, dry_run, actor, locale, result)
    return result


def sent_log(session: Session, organisation: str | None) -> list[ReminderSend]:
    """Every recorded send of the organisation, newest first."""
    org = get_org(session, organisation)
    return list(
        session.exec(
            select(ReminderSend)
            .where(ReminderSend.organisation_id == org.id)
            .order_by(col(ReminderSend.sent_at).desc(), col(ReminderSend.id).desc())
        )
    )
