"""Links that let each employee open their own private result sheet on the portal.

Layer: domain services (counterparts: `siklus evaluation links`, and `siklus.web.public`,
which serves the employee's page `/lembar/<token>` (`policy.services.sheet_objections`) and
the sheet itself at `/lembar/<token>/hasil`).

A private sheet (`lembar-pegawai-<nip>`, `policy.services.employee_sheets`) goes to its
employee only. Printing and handing out hundreds of them is what this replaces:
- `issue_links` makes one unguessable link per employee whose sheet of the period was
  issued (or for the NIPs asked), and gives them as a list (`nip; nama; unit_kerja; tautan;
  berlaku_sampai`) for the officer to pass on, through the unit heads or a mail merge. Only
  each token's sha256 is kept. A new link for the same sheet replaces the earlier one (it
  stops opening). The list holds the links themselves: it is written first, then its
  sha256 and row count are recorded in the audit trail (`evaluation.sheet_links`), as the
  results export is;
- `open_sheet` gives the latest version of the employee's sheet of that evaluation run, in
  the language asked when it was issued in it, until the link expires (30 days by default).
  The first opening is recorded on the link and in the audit trail
  (`evaluation.sheet_opened`): the day the sheet reached its employee, from which the 14 days
  of an objection run (`policy.services.sheet_objections`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from policy import audit
from policy.documents import render_slips
from policy.locale import Locale, format_date
from policy.models import Document, Employee, SheetLink, Stage, StageRun, utcnow
from policy.models.base import as_utc
from policy.periods import period_label
from policy.portal_words import shown
from policy.qr import qr_svg
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    NotFoundError,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_run,
    require_role,
    unit_names,
)
from policy.services.deadlines import local_date
from policy.services.evaluation_export import Format, write_rows
from policy.services.exports import record_export
from policy.services.import_target import bulk_insert
from policy.services.objection_register import EMPLOYEE_ACTOR, issued_nips, sheet_key
from policy.services.portal_documents import stored_html
from policy.views.sheet_slips import SheetSlip, SheetSlips

#: How long a link opens its sheet, by default.
LINK_DAYS = 30
#: The columns of the list of links.
COLUMNS = ("nip", "nama", "unit_kerja", "tautan", "berlaku_sampai")
GONE = shown(
    "Tautan lembar hasil ini tidak dikenal atau sudah tidak berlaku. Mintalah tautan baru "
    "kepada pengelola kebijakan."
)


@dataclass(frozen=True, slots=True)
class SheetLinks:
    """What `issue_links` wrote: the period, how many links, the list as bytes."""

    period: str
    rows: int
    expires_on: date
    content: bytes


def portal_base(base_url: str, who: str) -> str:
    """The portal's address links start with (no trailing slash); `who` opens them.

    Raises:
        ServiceError: no http(s) address given.
    """
    base = base_url.strip().rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise ServiceError(
            "Alamat portal belum diketahui: isi --base-url (mis. https://kinerja.contoh.go.id) "
            f"atau SIKLUS_PORTAL_URL, agar tautan dapat dibuka {who}."
        )
    return base


def link_days(days: int, most: int = 365) -> int:
    """How long a link opens, checked: 1 to `most` days.

    Raises:
        ServiceError: outside that range.
    """
    if not 1 <= days <= most:
        raise ServiceError(f"Masa berlaku tautan {days} hari; pilih 1 sampai {most} hari.")
    return days


def token_sha(token: str) -> str:
    """The sha256 a link's token is kept as."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def issue_links(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    actor: str,
    base_url: str,
    fmt: Format,
    filename: str,
    nips: Sequence[str] = (),
    days: int = LINK_DAYS,
    deliver: Callable[[bytes], None] | None = None,
    deliver_slips: Callable[[bytes], None] | None = None,
) -> SheetLinks:
    """A link per employee with a private sheet of `period`, as a list in `fmt` (commits).

    `deliver_slips`, given, also writes the links as printable slips (an A4 HTML page, a QR
    code per employee, `render_slips`) before the list is recorded; its sha256 is recorded
    with the list's.

    Raises:
        ServiceError: `actor` may not see private results; no address to put in the links;
            days out of 1–365; no private sheet issued for the period, or for a NIP asked.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVATE_RESULT_ROLES, "membagikan lembar hasil")
    base = portal_base(base_url, "pegawai")
    link_days(days)
    run = get_run(session, get_cycle(session, org, cycle), Stage.EVALUATION, period)
    issued = sorted(issued_nips(session, run.id or 0, period))
    if nips:
        missing = sorted(set(nips) - set(issued))
        if missing:
            raise ServiceError(
                f"Lembar hasil pribadi periode {period} belum diterbitkan untuk NIP "
                f"{', '.join(missing)}; terbitkan dulu dengan siklus evaluation sheets "
                f"--period {period} --nip …"
            )
        issued = sorted(set(nips))
    if not issued:
        raise ServiceError(
            f"Belum ada lembar hasil pribadi periode {period}; terbitkan dulu dengan siklus "
            f"evaluation sheets --period {period}."
        )
    now = utcnow()
    expires = now + timedelta(days=days)
    staff = {
        nip: (name, unit)
        for nip, name, unit in session.exec(
            select(Employee.nip, Employee.name, Employee.unit_code).where(
                Employee.organisation_id == org.id
            )
        )
    }
    names = unit_names(session, org.id or 0)
    # A new link replaces the earlier ones of the same sheet: one UPDATE, and the NIPs named
    # only when some were asked for (a province's would pass SQLite's bound-value limit).
    replaced = update(SheetLink).where(
        col(SheetLink.stage_run_id) == run.id, col(SheetLink.revoked_at).is_(None)
    )
    if nips:
        replaced = replaced.where(col(SheetLink.nip).in_(issued))
    session.execute(replaced.values(revoked_at=now).execution_options(synchronize_session=False))
    rows = []
    links = []
    until = format_date(local_date(expires))
    for nip in issued:
        token = secrets.token_urlsafe(24)
        links.append({"organisation_id": org.id or 0, "stage_run_id": run.id or 0, "nip": nip,
                      "token_sha256": token_sha(token), "created_by": actor, "created_at": now,
                      "expires_at": expires, "revoked_at": None, "opened_at": None})  # fmt: skip
        name, unit = staff.get(nip, ("", ""))
        rows.append((nip, name, names.get(unit, unit), f"{base}/lembar/{token}", until))
    bulk_insert(session, SheetLink, links)
    content = write_rows(fmt, COLUMNS, rows)
    details: dict[str, object] = {"period": period, "days": days,
                                  "expires_at": expires.isoformat()}  # fmt: skip
    if deliver_slips is not None:
        slips = render_slips(SheetSlips(
            organisation=org.name, period_label=period_label(period),
            expires_on=local_date(expires),
            slips=[SheetSlip(name=n, nip=nip, unit=u, url=url, qr_svg=qr_svg(url))
                   for nip, n, u, url, _ in rows],
        )).encode("utf-8")  # fmt: skip
        deliver_slips(slips)
        details["slips_sha256"] = hashlib.sha256(slips).hexdigest()
    record_export(
        session, action="evaluation.sheet_links", actor=actor, subject_type="stage_run",
        subject_id=run.id or 0, organisation_id=org.id, filename=filename, fmt=fmt,
        content=content, rows=len(rows),
        details=details,
        deliver=deliver,
    )  # fmt: skip
    session.commit()
    return SheetLinks(period, len(rows), local_date(expires), content)


def valid_link(session: Session, token: str) -> SheetLink:
    """The link `token` opens while it is neither replaced nor expired.

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
    """
    link = session.exec(select(SheetLink).where(SheetLink.token_sha256 == token_sha(token))).first()
    if link is None or link.revoked_at is not None or as_utc(link.expires_at) <= utcnow():
        raise NotFoundError(GONE)
    return link


def open_sheet(*, session: Session, token: str, locale: Locale = "id") -> bytes:
    """The stored HTML of the sheet a link opens: its latest version, in `locale` if issued so.

    The first opening is recorded (commits).

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
        ServiceError: the sheet's file is missing or differs from what was registered.
    """
    link = valid_link(session, token)
    run = session.get(StageRun, link.stage_run_id)
    key = sheet_key(link.nip, run.period if run and run.period else "")
    versions = session.exec(
        select(Document)
        .where(Document.stage_run_id == link.stage_run_id, Document.key == key)
        .order_by(col(Document.version).desc(), col(Document.id).desc())
    ).all()  # fmt: skip
    doc = next((d for d in versions if d.locale == locale), None) or next(
        (d for d in versions if d.locale == "id"), versions[0] if versions else None
    )
    if doc is None:
        raise NotFoundError(GONE)
    data = stored_html(doc)
    if link.opened_at is None:
        link.opened_at = utcnow()
        session.add(link)
        audit.record(
            session, actor=f"{EMPLOYEE_ACTOR}{link.nip}", action="evaluation.sheet_opened",
            subject_type="sheet_link", subject_id=link.id or 0,
            organisation_id=link.organisation_id,
            payload={"nip": link.nip, "stage_run": link.stage_run_id, "document": doc.id},
        )  # fmt: skip
        session.commit()
    return data
