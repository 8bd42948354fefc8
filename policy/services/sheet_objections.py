"""An employee's own page on the portal: their private sheet and their objection to it.

Layer: domain services (counterparts: the portal's `/lembar/<token>`, `siklus.web.public`).
The link `siklus evaluation links` makes for each employee (`policy.services.sheet_links`)
opens this page. It names the employee and the period, leads to the private sheet as
stored, and takes the employee's objection (keberatan, PP 30/2019 Pasal 59) to the
period's result without paper:
- the 14 days run from the sheet's first opening through its link, the day it reached its
  employee; before the sheet is opened the page takes no objection (there is nothing
  received to object to);
- the objection goes to the superior of the assessing official, from the staff list; where
  the staff list names none (a head of office), the page says to file on paper through the
  personnel office, which names the addressee (`siklus objection file --to`);
- it is registered as the officer registers a written one
  (`policy.services.objections.register_objection`), under the employee's own name
  (`pegawai:<NIP>`), and the audit event says it came through the portal. One per employee
  and period: the page then shows where it stands, and the decision once recorded;
- until the decision the employee may withdraw it there (`withdraw_from_link`), confirming
  that a withdrawn objection cannot be filed again; the result stands.

Whoever holds the link can use it, as with the receipt codes: the link is private to its
employee, expires, and a new one replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from policy.evaluation.objection import OBJECTION_DAYS, SOURCE, Outcome, last_day
from policy.locale import Locale, format_date
from policy.models import Employee, Objection, Organisation, SheetLink, StageRun, as_utc
from policy.periods import period_label
from policy.portal_words import say, word
from policy.services.common import ServiceError, unit_names
from policy.services.deadlines import local_date
from policy.services.objection_register import (
    EMPLOYEE_ACTOR,
    current_results,
    evaluated_run,
    local_day,
    sheet_objection,
    sheet_opened,
    superior_of,
)
from policy.services.objections import TEXT_MAX, record_withdrawal, register_objection
from policy.services.portal_common import clean_text, portal_header
from policy.services.sheet_links import valid_link
from policy.services.stagework import RunContext
from policy.views.sheet_home import ObjectionForm, SheetHome

#: The channel recorded in an objection's audit event when the employee filed it here.
CHANNEL = "portal"


class ObjectionRefused(ServiceError):
    """An objection form with no reason or too long a one; `problems`: field -> reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class _Standing:
    """Where the employee's objection stands for the link's period."""

    link: SheetLink
    org: Organisation
    employee: Employee
    ctx: RunContext | None
    received_on: date | None
    objection: Objection | None
    addressee: str
    why_not: str


def _standing(session: Session, token: str, today: date, locale: Locale) -> _Standing:
    """The link's employee and period, and why an objection is not taken now ('' if it is)."""
    link = valid_link(session, token)
    org = session.get(Organisation, link.organisation_id)
    employee = session.exec(
        select(Employee).where(
            Employee.organisation_id == link.organisation_id, Employee.nip == link.nip
        )
    ).first()
    assert org is not None
    if employee is None:  # removed from the staff list since the link was made
        raise ServiceError(
            say(
                "NIP %(nip)s tidak lagi tercatat di daftar pegawai; hubungi pengelola kepegawaian.",
                locale,
                nip=link.nip,
            )
        )
    objection = session.exec(
        select(Objection).where(
            Objection.stage_run_id == link.stage_run_id, Objection.nip == link.nip
        )
    ).first()
    opened = sheet_opened(session, link.stage_run_id, link.nip)
    received = local_day(as_utc(opened)) if opened is not None else None
    ctx: RunContext | None = None
    addressee, why = "", ""
    if objection is None:
        try:
            ctx = evaluated_run(session, link.stage_run_id)
        except ServiceError:
            why = say(
                "Hasil periode ini tidak dapat diajukan keberatan: periode ini putaran "
                "penilaian diri, atau hasilnya belum ditetapkan.",
                locale,
            )
        if ctx is not None and link.nip not in current_results(session, ctx, [link.nip]):
            why = say(
                "Anda tidak mempunyai hasil penilaian pada periode ini, sehingga tidak ada "
                "yang dapat diajukan keberatan.",
                locale,
            )
        if not why and received is None:
            why = say(
                "Buka lembar hasil Anda lebih dulu. Sesudah itu halaman ini menerima keberatan "
                "Anda selama %(days)s hari.",
                locale,
                days=OBJECTION_DAYS,
            )
        if not why and received is not None and today > last_day(received):
            why = say(
                "Batas waktu keberatan sudah lewat: lembar ini Anda buka pada %(received)s, "
                "dan keberatan paling lambat %(last)s (%(days)s hari, %(source)s).",
                locale,
                received=format_date(received, locale),
                last=format_date(last_day(received), locale),
                days=OBJECTION_DAYS,
                source=SOURCE,
            )
        if not why:
            try:
                addressee = superior_of(session, org.id or 0, employee)[0]
            except ServiceError:
                why = say(
                    "Daftar pegawai tidak mencatat atasan dari Pejabat Penilai Kinerja Anda, "
                    "sehingga keberatan Anda tidak dapat dikirim dari sini. Ajukan keberatan "
                    "secara tertulis melalui pengelola kepegawaian dalam batas waktunya.",
                    locale,
                )
    else:
        addressee = objection.addressee
    return _Standing(link, org, employee, ctx, received, objection, addressee, why)


def sheet_home(
    *,
    session: Session,
    token: str,
    locale: Locale = "id",
    form: ObjectionForm | None = None,
    filed: bool = False,
    withdrawn: bool = False,
    today: date | None = None,
) -> SheetHome:
    """The employee's page for the link `token` (again with `form`'s reasons).

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
        ServiceError: the link's employee is no longer on the staff list.
    """
    now = today or local_date()
    st = _standing(session, token, now, locale)
    run_id, nip = st.link.stage_run_id, st.link.nip
    period = st.ctx.run.period if st.ctx else _period(session, run_id)
    shown = sheet_objection(st.objection) if st.objection is not None else None
    unit = unit_names(session, st.org.id or 0).get(st.employee.unit_code, st.employee.unit_code)
    return SheetHome(
        header=portal_header(st.org),
        token=token,
        name=st.employee.name,
        nip=nip,
        unit=unit,
        period_label=period_label(period, locale) if period else "",
        expires_on=local_date(st.link.expires_at),
        received_on=st.received_on,
        last_day=last_day(st.received_on) if st.received_on else None,
        objection=shown,
        addressee=st.addressee,
        can_object=st.objection is None and not st.why_not,
        why_not=st.why_not,
        filed=filed and st.objection is not None,
        withdrawn=withdrawn
        and st.objection is not None
        and st.objection.outcome == Outcome.WITHDRAWN.value,
        max_reason=TEXT_MAX,
        source=SOURCE,
        days=OBJECTION_DAYS,
        form=form or ObjectionForm(),
    )


def _period(session: Session, run_id: int) -> str:
    run = session.get(StageRun, run_id)
    return run.period if run and run.period else ""


def file_from_link(
    *,
    session: Session,
    token: str,
    reason: str,
    locale: Locale = "id",
    today: date | None = None,
) -> int:
    """Register the link's employee's objection to the period's result (commits); its number.

    The objection sent again once registered (a form sent twice) gives the registered
    number and registers nothing.

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
        ObjectionRefused: no reason, or too long a one.
        ServiceError: the page takes no objection now (why, in `locale`).
    """
    now = today or local_date()
    st = _standing(session, token, now, locale)
    if st.objection is not None:
        return st.objection.number
    if st.why_not:
        raise ServiceError(st.why_not)
    text = clean_text(reason)
    label = word("Alasan keberatan", locale)
    if not text:
        raise ObjectionRefused({"reason": say("Tuliskan alasan keberatan Anda.", locale)})
    if len(text) > TEXT_MAX:
        raise ObjectionRefused(
            {
                "reason": say(
                    "%(label)s terlalu panjang: %(size)s karakter, maksimal %(most)s",
                    locale,
                    label=label,
                    size=len(text),
                    most=TEXT_MAX,
                )
            }
        )
    assert st.ctx is not None and st.received_on is not None
    # Received: the sheet's first opening, which `register_objection` reads and records so.
    try:
        filed = register_objection(
            session, st.ctx, nip=st.link.nip, reason=text,
            actor=f"{EMPLOYEE_ACTOR}{st.link.nip}", filed_on=now, today=now, channel=CHANNEL,
        )  # fmt: skip
    except ServiceError:
        # The same form sent twice at the same moment: the other request registered it.
        again = session.exec(
            select(Objection.number).where(
                Objection.stage_run_id == st.link.stage_run_id, Objection.nip == st.link.nip
            )
        ).first()
        if again is None:
            raise
        return again
    return filed.number


#: The statement recorded with a withdrawal on the page when the employee writes none.
WITHDRAWN_HERE = "Dicabut oleh pegawai sendiri melalui halaman lembar hasilnya di portal."


def withdraw_from_link(
    *,
    session: Session,
    token: str,
    confirmed: bool,
    note: str = "",
    locale: Locale = "id",
    today: date | None = None,
) -> int:
    """Withdraw the link's employee's pending objection (commits); its number.

    The employee confirms that a withdrawn objection cannot be filed again for the period
    (`confirmed`); `note`, if written, is the statement recorded with it. Sent again once
    withdrawn, it records nothing more.

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
        ObjectionRefused: not confirmed, or too long a note.
        ServiceError: no objection to withdraw, or it was decided.
    """
    now = today or local_date()
    st = _standing(session, token, now, locale)
    row = st.objection
    if row is None:
        raise ServiceError(say("Tidak ada keberatan Anda yang dapat dicabut.", locale))
    if row.outcome == Outcome.WITHDRAWN.value:
        return row.number
    if row.outcome != Outcome.PENDING.value:
        raise ServiceError(
            say(
                "Keberatan Anda sudah diputuskan dan keputusannya final; tidak dapat dicabut.",
                locale,
            )
        )
    problems: dict[str, str] = {}
    if not confirmed:
        problems["confirm"] = say(
            "Centang pernyataan bahwa keberatan yang dicabut tidak dapat diajukan lagi.", locale
        )
    text = clean_text(note)
    if len(text) > TEXT_MAX:
        problems["note"] = say(
            "%(label)s terlalu panjang: %(size)s karakter, maksimal %(most)s",
            locale,
            label=word("Keterangan pencabutan", locale),
            size=len(text),
            most=TEXT_MAX,
        )
    if problems:
        raise ObjectionRefused(problems)
    record_withdrawal(
        session, row, statement=text or WITHDRAWN_HERE, actor=f"{EMPLOYEE_ACTOR}{row.nip}",
        withdrawn_on=now, today=now, channel=CHANNEL,
    )  # fmt: skip
    return row.number
