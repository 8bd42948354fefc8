"""Telling the personnel officers of objections employees filed on the portal.

Layer: domain services (counterpart: the reminder sweep, `policy.services.reminders`, which
sends these notices with its reminders; `siklus reminders sweep`).

An employee files an objection to their result on their own page
(`policy.services.sheet_objections`); an officer registers it no longer, so no officer knows of
it until told. The next sweep sends each member with the officer role and an address one email
listing the objections filed on the portal since, still pending: the employee, the period, the
result objected to, the dates, who decides and the reasons, with the commands that record the
decision. Each objection is sent to an officer once (`ReminderSend`, key `objection:<id>`, the
filing day); one decided before the sweep is not sent. An objection the employee withdraws on
their page (whoever filed it) is told once more, as withdrawn (`objection:<id>:dicabut`, the day
withdrawn): nothing is left to decide. The email names an employee and their reasons: it goes to
the officers the pack names, as the register does, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, col, select

from policy.evaluation.objection import SOURCE, Outcome
from policy.locale import Locale
from policy.models import Employee, Objection, Organisation, StageRun
from policy.periods import period_label
from policy.services.common import unit_names
from policy.services.member_notices import MemberNotices
from policy.services.objection_register import DECIDER_ACTOR, EMPLOYEE_ACTOR, next_steps
from policy.views.reminders import ObjectionEmailItem, ObjectionEmailView

OBJECTION = "objection"
"""The sweep's kind of email for these notices (`ReminderSend.kind`)."""

TEMPLATE = "email_keberatan"


@dataclass(frozen=True, slots=True)
class ObjectionNotice:
    """An objection filed, withdrawn or decided on the portal, as the officers' notice lists it."""

    objection_id: int
    number: int
    due_on: date  # the day it was filed, withdrawn or decided (what `ReminderSend` records)
    filed_on: date
    name: str
    nip: str
    unit_code: str
    period: str
    predikat: str
    received_on: date
    addressee: str
    reason: str
    #: What happened on the portal: "diajukan" (filed, pending), "dicabut" (withdrawn by the
    #: employee) or "diputuskan" (decided by who decides, on their link).
    state: str = "diajukan"
    #: The day withdrawn or decided (None: a filing still pending).
    settled_on: date | None = None
    outcome: str = ""
    predikat_after: str = ""
    decided_by: str = ""
    consideration: str = ""
    next_steps: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The send log's key: the filing, its withdrawal or its decision (told apart)."""
        suffix = "" if self.state == "diajukan" else f":{self.state}"
        return f"{OBJECTION}:{self.objection_id}{suffix}"


def objection_notices(session: Session, org: Organisation) -> list[ObjectionNotice]:
    """The organisation's objections to tell the officers of, by number.

    Those filed on the portal and still pending, those withdrawn there by the employee and
    those decided there by who decides (whoever filed them).
    """
    settled = (Outcome.UPHELD.value, Outcome.CHANGED.value)
    filed_here = col(Objection.recorded_by).startswith(EMPLOYEE_ACTOR) & (
        col(Objection.outcome) == Outcome.PENDING.value
    )
    withdrawn_here = col(Objection.decision_recorded_by).startswith(EMPLOYEE_ACTOR) & (
        col(Objection.outcome) == Outcome.WITHDRAWN.value
    )
    decided_here = col(Objection.decision_recorded_by).startswith(DECIDER_ACTOR) & col(
        Objection.outcome
    ).in_(settled)
    rows = session.exec(
        select(Objection, Employee.name)
        .join(
            Employee,
            (col(Employee.organisation_id) == col(Objection.organisation_id))
            & (col(Employee.nip) == col(Objection.nip)),
            isouter=True,
        )
        .where(Objection.organisation_id == org.id, or_(filed_here, withdrawn_here, decided_here))
        .order_by(col(Objection.number))
    ).all()
    runs: dict[int, StageRun | None] = {}
    notices = []
    for o, name in rows:
        state = {Outcome.PENDING.value: "diajukan", Outcome.WITHDRAWN.value: "dicabut"}.get(
            o.outcome, "diputuskan"
        )
        steps: tuple[str, ...] = ()
        if o.outcome == Outcome.CHANGED.value:
            run = runs.setdefault(o.stage_run_id, session.get(StageRun, o.stage_run_id))
            steps = next_steps(o, run) if run is not None else ()
        notices.append(
            ObjectionNotice(
                objection_id=o.id or 0,
                number=o.number,
                due_on=o.decided_on if state != "diajukan" and o.decided_on else o.filed_on,
                filed_on=o.filed_on,
                name=name or o.nip,
                nip=o.nip,
                unit_code=o.unit_code,
                period=o.period,
                predikat=o.predikat_before,
                received_on=o.received_on,
                addressee=o.addressee,
                reason=o.reason,
                state=state,
                settled_on=o.decided_on if state != "diajukan" else None,
                outcome=o.outcome,
                predikat_after=o.predikat_after,
                decided_by=o.decided_by,
                consideration=o.consideration,
                next_steps=steps,
            )  # fmt: skip
        )
    return notices


def objection_source(
    session: Session, org: Organisation, today: date, locale: Locale = "id"
) -> MemberNotices[ObjectionNotice]:
    """The objection notices as the sweep sends them: to every officer with an address."""
    return MemberNotices(
        kind=OBJECTION, template=TEMPLATE, role="officer",
        notices=objection_notices(session, org),
        what=lambda n: f"keberatan nomor {n.number} {n.state} di portal",
        view=lambda name, group: objection_view(session, org, name, group, today, locale),
        subject=lambda group: objection_subject(group, locale),
    )  # fmt: skip


def objection_view(
    session: Session,
    org: Organisation,
    recipient: str,
    group: Sequence[ObjectionNotice],
    today: date,
    locale: Locale = "id",
) -> ObjectionEmailView:
    """The email to one officer: the objections newly filed on the portal."""
    units = unit_names(session, org.id or 0)
    return ObjectionEmailView(
        recipient=recipient,
        organisation=org.name,
        today=today,
        source=SOURCE,
        items=[
            ObjectionEmailItem(
                number=n.number,
                name=n.name,
                nip=n.nip,
                unit=units.get(n.unit_code, n.unit_code),
                period_label=period_label(n.period, locale),
                predikat=n.predikat,
                received_on=n.received_on,
                filed_on=n.filed_on,
                addressee=n.addressee,
                reason=n.reason,
                state=n.state,
                settled_on=n.settled_on,
                outcome=n.outcome,
                predikat_after=n.predikat_after,
                decided_by=n.decided_by,
                consideration=n.consideration,
                next_steps=list(n.next_steps),
            )  # fmt: skip
            for n in group
        ],
    )


def objection_subject(group: Sequence[ObjectionNotice], locale: Locale = "id") -> str:
    """The notice's subject (ASCII separators, as the reminders' subjects)."""
    if len(group) == 1:
        n = group[0]
        if locale == "en":
            what = {"diajukan": "filed", "dicabut": "withdrawn", "diputuskan": "decided"}[n.state]
            return f"[Siklus] Objection no. {n.number} {what} on the portal"
        return f"[Siklus] Keberatan nomor {n.number} {n.state} di portal"
    if locale == "en":
        return f"[Siklus] {len(group)} objections on the portal"
    return f"[Siklus] {len(group)} keberatan di portal"
