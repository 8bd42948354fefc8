"""What the online surveys share: their links, their one-time forms, a link's day records.

Layer: domain services (used by `policy.services.survey` and
`policy.services.survey_answers`, a service unit's SKM survey, and
`policy.services.needs_questionnaire` and `policy.services.needs_answers`, a unit's ASN needs
questionnaire; they flush, never commit). A link (`SurveyLink`) is the public, unguessable
address of one unit's survey of one kind, open until an officer closes it, opening and
closing audited. Each form a survey page gives out carries a one-time number, so a form sent
twice (a double click, a page sent again) is stored once (`SurveySubmission`). The answers of
a link on one day form one import record of the link's kind, scope `survei-<link>` and name
`survei-daring-UNIT-DATE`: `siklus imports list` shows them as an import, and a day's answers
can be taken back whole as a file's rows can (`policy.services.import_history`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from policy import audit
from policy.locale import Locale
from policy.models import ImportRecord, Organisation, SurveyLink, SurveySubmission, utcnow
from policy.portal_words import say, shown
from policy.services.common import LINK_TOKEN, NotFoundError, ServiceError, new_link_token

#: The import scope of a link's day records: `survei-<link id>`.
ONLINE_SCOPE_PREFIX = "survei-"
#: Who the day records name as their importer.
ACTOR = "portal"

T = TypeVar("T")


def scope_of(link: SurveyLink) -> str:
    """The import scope of a link's day records."""
    return f"{ONLINE_SCOPE_PREFIX}{link.id}"


def find_open_link(
    session: Session,
    organisation_id: int,
    kind: str,
    unit_code: str,
    *,
    partner: str = "",
    cycle_id: int | None = None,
) -> SurveyLink | None:
    """The unit's open link of `kind` (its own or `partner`'s; of `cycle_id`), if any."""
    query = select(SurveyLink).where(
        SurveyLink.organisation_id == organisation_id,
        SurveyLink.kind == kind,
        SurveyLink.unit_code == unit_code,
        SurveyLink.partner == partner,
        col(SurveyLink.closed_at).is_(None),
    )
    if cycle_id is not None:
        query = query.where(SurveyLink.cycle_id == cycle_id)
    return session.exec(query).first()


def add_link(
    session: Session,
    organisation_id: int,
    *,
    kind: str,
    unit_code: str,
    actor: str,
    action: str,
    payload: dict[str, Any],
    partner: str = "",
    cycle_id: int | None = None,
) -> SurveyLink:
    """A new open link with a fresh token, audited as `action` (flushes)."""
    link = SurveyLink(
        organisation_id=organisation_id,
        kind=kind,
        cycle_id=cycle_id,
        unit_code=unit_code,
        partner=partner,
        token=new_link_token(),
        opened_by=actor,
    )
    session.add(link)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        subject_type="survey",
        subject_id=link.id or 0,
        organisation_id=organisation_id,
        payload=payload,
    )
    return link


def end_link(
    session: Session,
    link: SurveyLink,
    *,
    actor: str,
    reason: str,
    action: str,
    payload: dict[str, Any],
) -> None:
    """Close `link` with `reason` (already checked), audited as `action` (flushes)."""
    link.closed_at, link.closed_by, link.close_reason = utcnow(), actor, reason
    session.add(link)
    audit.record(
        session,
        actor=actor,
        action=action,
        subject_type="survey",
        subject_id=link.id or 0,
        organisation_id=link.organisation_id,
        payload={**payload, "reason": reason},
    )


def link_of(session: Session, token: str, kind: str) -> SurveyLink:
    """The link of `kind` a token opens (a link of another kind opens nothing here).

    Raises:
        NotFoundError: no such link.
    """
    link = None
    if LINK_TOKEN.fullmatch(token):
        link = session.exec(
            select(SurveyLink).where(SurveyLink.token == token, SurveyLink.kind == kind)
        ).first()
    if link is None:
        raise NotFoundError(
            shown(
                "Survei tidak ditemukan. Periksa tautannya (salin utuh dari poster atau pesan "
                "petugas)."
            )
        )
    return link


def poster_url(base_url: str, path: str, locale: Locale) -> str:
    """The full address a poster prints and its QR code holds (`?lang=en` in English).

    Raises:
        ServiceError: `base_url` is not an http(s) address.
    """
    base = base_url.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base):
        raise ServiceError(
            f"Alamat portal '{base_url}' tidak dapat dipakai pada poster; tulis alamat lengkap "
            "yang dibuka dari ponsel, mis. --base-url https://skm.sawahluntokota.go.id"
        )
    return f"{base}{path}" + ("?lang=en" if locale == "en" else "")


# ------------------------------------------------------------------ answered forms


def new_nonce() -> str:
    """A new form's one-time number."""
    return secrets.token_urlsafe(18)


def sent_before(session: Session, link: SurveyLink, nonce: str, locale: Locale) -> bool:
    """Whether this form of `link` was stored already (True: say so, store nothing).

    Raises:
        ServiceError: the number is not one a survey page gives out, or it is another
            survey's form (in `locale`).
    """
    if not LINK_TOKEN.fullmatch(nonce):
        raise ServiceError(
            say(
                "Formulir ini tidak berasal dari halaman survei. Buka kembali tautan survei "
                "lalu isi formulirnya.",
                locale,
            )
        )
    done = session.exec(select(SurveySubmission).where(SurveySubmission.nonce == nonce)).first()
    if done is not None and done.link_id != link.id:
        raise ServiceError(
            say("Formulir ini milik survei lain. Buka kembali tautan survei ini.", locale)
        )
    return done is not None


def day_sha(link: SurveyLink, day: date) -> str:
    """The sha256 that names `link`'s day record of `day` (a file's is its content's)."""
    return hashlib.sha256(f"survei:{link.id}:{day.isoformat()}".encode()).hexdigest()


def day_record(session: Session, link: SurveyLink, day: date) -> ImportRecord:
    """The import record of `link`'s answers on `day`, made by the day's first answer.

    Holds the organisation's import lock first (one writer of its imports at a time, as
    an import holds it), until the caller commits.
    """
    session.exec(
        select(Organisation.id).where(Organisation.id == link.organisation_id).with_for_update()
    ).one()
    sha = day_sha(link, day)
    record = session.exec(
        select(ImportRecord).where(
            ImportRecord.organisation_id == link.organisation_id,
            ImportRecord.kind == link.kind,
            ImportRecord.scope == scope_of(link),
            ImportRecord.sha256 == sha,
        )
    ).first()
    if record is None:
        record = ImportRecord(
            organisation_id=link.organisation_id,
            kind=link.kind,
            scope=scope_of(link),
            filename=f"survei-daring-{link.unit_code}-{day.isoformat()}",
            sha256=sha,
            rows=0,
            actor=ACTOR,
        )
        session.add(record)
        session.flush()
    return record


def count_answer(session: Session, link: SurveyLink, record: ImportRecord, nonce: str) -> None:
    """Count one stored answer in its day record and spend its form's number (flushes)."""
    # Counted in SQL: answers of the same day arrive at once, each with the record as read.
    session.execute(
        update(ImportRecord)
        .where(col(ImportRecord.id) == record.id)
        .values(rows=col(ImportRecord.rows) + 1)
        .execution_options(synchronize_session=False)
    )
    session.add(SurveySubmission(link_id=link.id or 0, nonce=nonce, import_id=record.id or 0))
    session.flush()


def submitted_once(session: Session, submit: Callable[[], T]) -> T:
    """`submit()`, tried once more when the database refused it as a duplicate.

    Two forms at once may both make the day's record, or the same form come twice: the
    second finds the first's on its second try.
    """
    for attempt in range(2):
        try:
            return submit()
        except IntegrityError:
            session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")
