"""Who decides an objection records the decision on the portal, on a link made for them.

Layer: domain services (counterparts: `siklus objection link`, and the portal's
`/keputusan/<token>`, `siklus.web.decisions`).

PP 30/2019 Pasal 59: the superior of the assessing official decides an employee's
objection, and the decision is final. Until now the officer typed the decision in from the
superior's letter (`siklus objection decide`). Here:
- the officer makes a private link for objection N (`make_decision_link`) and hands it to
  who decides (the addressee in the register). Only its sha256 is kept on the objection; a
  new link replaces the earlier one; it opens for 14 days by default;
- the link's page (`decision_page`) shows the employee, the period, the result objected to,
  the dates and the reasons, and, while the objection is pending, a form: the result stands
  (tetap) or is changed (diubah) to a result chosen from the predikat, the grounds, and the
  name and title of who decides (the addressee by default);
- the decision (`decide_from_link`) is recorded exactly as the officer's would be
  (`policy.services.objections.record_decision`), by `atasan:<NIP>` (or `atasan:keberatan-N`
  where the addressee has no NIP on the staff list), and its audit event says it came
  through the portal. The page then shows the decision and, for a changed result, what is
  still to be done; the employee's own page shows it, and the officers are told by the next
  reminder sweep (`policy.services.objection_notices`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from policy import audit
from policy.enums import Predikat
from policy.evaluation.objection import SOURCE, Outcome
from policy.models import Employee, Objection, Organisation, StageRun, as_utc, utcnow
from policy.periods import period_label
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    NotFoundError,
    ServiceError,
    get_member,
    get_org,
    require_role,
    unit_names,
)
from policy.services.deadlines import local_date
from policy.services.objection_register import DECIDER_ACTOR, next_steps
from policy.services.objections import TEXT_MAX, get_objection, record_decision
from policy.services.portal_common import clean_text, portal_header
from policy.services.sheet_links import link_days, portal_base, token_sha
from policy.views.objection_decision import DecisionForm, DecisionPage

#: How long a decision link opens its page, by default.
DECISION_DAYS = 14
GONE = (
    "Tautan keputusan keberatan ini tidak dikenal atau sudah tidak berlaku. Mintalah tautan "
    "baru kepada pengelola kepegawaian."
)
CHANNEL = "portal"


class DecisionRefused(ServiceError):
    """A decision form that cannot be recorded; `problems`: field -> reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class DecisionLink:
    """A link made for who decides an objection."""

    number: int
    addressee: str
    url: str
    expires_on: date


def make_decision_link(
    *,
    session: Session,
    organisation: str | None,
    number: int,
    actor: str,
    base_url: str,
    days: int = DECISION_DAYS,
) -> DecisionLink:
    """A private link for who decides objection `number` (commits); it replaces an earlier one.

    Raises:
        ServiceError: not allowed, no portal address, days out of 1–60, or the objection is
            no longer pending.
        NotFoundError: no such objection.
    """
    org = get_org(session, organisation)
    require_role(
        get_member(session, org, actor), PRIVATE_RESULT_ROLES, "membuat tautan keputusan keberatan"
    )
    row = get_objection(session, org, number)
    base = portal_base(base_url, "yang memutuskan")
    link_days(days, 60)
    if row.outcome != Outcome.PENDING.value:
        raise ServiceError(
            f"Keberatan nomor {number} sudah {row.outcome}; tidak ada lagi yang diputuskan."
        )
    token = secrets.token_urlsafe(24)
    expires = utcnow() + timedelta(days=days)
    row.decision_token_sha256 = token_sha(token)
    row.decision_link_expires_at = expires
    session.add(row)
    audit.record(
        session, actor=actor, action="objection.decision_link", subject_type="objection",
        subject_id=row.id or 0, organisation_id=org.id,
        payload={"number": number, "expires_at": expires.isoformat(), "days": days},
    )  # fmt: skip
    session.commit()
    return DecisionLink(number, row.addressee, f"{base}/keputusan/{token}", local_date(expires))


def open_links(*, session: Session, organisation: str | None) -> dict[int, date]:
    """The pending objections with a valid decision link: number -> the link's last day."""
    org = get_org(session, organisation)
    rows = session.exec(
        select(Objection.number, Objection.decision_link_expires_at).where(
            Objection.organisation_id == org.id,
            Objection.outcome == Outcome.PENDING.value,
            col(Objection.decision_token_sha256).is_not(None),
        )
    ).all()
    now = utcnow()
    return {n: local_date(at) for n, at in rows if at is not None and as_utc(at) > now}


def _linked(session: Session, token: str) -> Objection:
    """The objection the link `token` opens while it is valid.

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
    """
    row = session.exec(
        select(Objection).where(Objection.decision_token_sha256 == token_sha(token))
    ).first()
    expires = row.decision_link_expires_at if row is not None else None
    if row is None or expires is None or as_utc(expires) <= utcnow():
        raise NotFoundError(GONE)
    return row


def decision_page(
    *, session: Session, token: str, form: DecisionForm | None = None, decided: bool = False
) -> DecisionPage:
    """The objection the link opens, with the decision's form while it is pending.

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
    """
    row = _linked(session, token)
    org = session.get(Organisation, row.organisation_id)
    assert org is not None
    employee = session.exec(
        select(Employee).where(Employee.organisation_id == org.id, Employee.nip == row.nip)
    ).first()
    run = session.get(StageRun, row.stage_run_id)
    steps: list[str] = []
    if row.outcome == Outcome.CHANGED.value and run is not None:
        steps = list(next_steps(row, run))
    expires = row.decision_link_expires_at
    assert expires is not None
    return DecisionPage(
        header=portal_header(org),
        token=token,
        number=row.number,
        name=employee.name if employee else row.nip,
        nip=row.nip,
        position=employee.position if employee else "",
        unit=unit_names(session, org.id or 0).get(row.unit_code, row.unit_code),
        period_label=period_label(row.period),
        predikat_before=row.predikat_before,
        received_on=row.received_on,
        filed_on=row.filed_on,
        reason=row.reason,
        addressee=row.addressee,
        outcome=row.outcome,
        predikat_after=row.predikat_after,
        decided_on=row.decided_on,
        decided_by=row.decided_by,
        consideration=row.consideration,
        predikats=[p.value for p in Predikat],
        expires_on=local_date(expires),
        decided=decided and row.outcome in (Outcome.UPHELD.value, Outcome.CHANGED.value),
        next_steps=steps,
        max_text=TEXT_MAX,
        source=SOURCE,
        form=form or DecisionForm(decided_by=row.addressee),
    )


def decide_from_link(
    *, session: Session, token: str, form: DecisionForm, today: date | None = None
) -> int:
    """Record the decision sent on the link's page (commits); the objection's number.

    Raises:
        NotFoundError: the link is unknown, replaced or expired.
        DecisionRefused: no outcome, a changed result without a new one (or the same one),
            no grounds, no name, or too long a text.
        ServiceError: the objection was decided or withdrawn meanwhile.
    """
    row = _linked(session, token)
    problems: dict[str, str] = {}
    outcome = form.outcome.strip().lower()
    if outcome not in (Outcome.UPHELD.value, Outcome.CHANGED.value):
        problems["outcome"] = "Pilih keputusannya: predikat tetap, atau diubah."
    predikat = form.predikat.strip()
    if outcome == Outcome.CHANGED.value and predikat not in {p.value for p in Predikat}:
        problems["predikat"] = "Pilih predikat yang ditetapkan untuk keputusan 'diubah'."
    if outcome == Outcome.CHANGED.value and predikat == row.predikat_before:
        problems["predikat"] = (
            f"Predikat yang dipilih sama dengan predikat semula ({predikat}): keputusannya "
            "'tetap', bukan 'diubah'."
        )
    consideration = clean_text(form.consideration)
    if not consideration:
        problems["consideration"] = "Tuliskan pertimbangan keputusan."
    elif len(consideration) > TEXT_MAX:
        problems["consideration"] = (
            f"Pertimbangan terlalu panjang: {len(consideration)} karakter, maksimal {TEXT_MAX}."
        )
    decided_by = " ".join(form.decided_by.split())
    if not decided_by:
        problems["decided_by"] = "Tuliskan nama dan jabatan yang memutuskan."
    elif len(decided_by) > 200:
        problems["decided_by"] = "Nama dan jabatan terlalu panjang: paling banyak 200 karakter."
    if problems:
        raise DecisionRefused(problems)
    if row.outcome != Outcome.PENDING.value:
        raise ServiceError(
            f"Keberatan nomor {row.number} sudah {row.outcome}; keputusan atas keberatan "
            f"bersifat final ({SOURCE})."
        )
    who = row.addressee_nip or f"keberatan-{row.number}"
    done = record_decision(
        session, row, outcome=outcome, consideration=consideration,
        actor=f"{DECIDER_ACTOR}{who}", predikat=predikat if outcome == "diubah" else None,
        decided_by=decided_by, today=today, channel=CHANNEL,
    )  # fmt: skip
    return done.number
