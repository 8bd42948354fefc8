"""The online SKM survey, the officers' side: a public link per service unit, its poster.

Layer: domain services (counterparts: `siklus survey`, and `policy.services.survey_answers`,
the respondents' side on the portal). An officer opens a unit's survey (`siklus survey open
RSUD`) and prints its link, or its QR code, at the counter; service recipients answer the
nine questions there. A unit may have one open link of its own and one per survey partner
of the pack. The list of links counts each link's responses and the unit's in the current
evaluation period beside the minimum sample; closing a link keeps the responses it took.

Links, one-time forms and day records are the online surveys' shared machinery
(`policy.services.survey_links`); the links of this survey are of kind `skm`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from policy.evaluation.questionnaire import questionnaire
from policy.evaluation.sample import krejcie_morgan_sample
from policy.locale import Locale, to_local
from policy.models import (
    ImportRecord,
    Organisation,
    SkmResponse,
    SurveyLink,
    Unit,
)
from policy.periods import period_of, period_range
from policy.qr import qr_svg
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_member,
    get_org,
    org_pack,
    require_role,
    written_reason,
)
from policy.services.import_target import local_today
from policy.services.imports import IMPORTERS
from policy.services.skm import SurveyPartners
from policy.services.survey_links import (
    add_link,
    end_link,
    find_open_link,
    poster_url,
    scope_of,
)
from policy.settings import get_settings
from policy.views.survey import SurveyLinkRow, SurveyPoster

#: The import kind the answers are stored as, and the kind of this survey's links.
KIND = "skm"


def _service_unit(session: Session, org: Organisation, code: str) -> Unit:
    unit = session.exec(
        select(Unit).where(Unit.organisation_id == org.id, Unit.code == code.strip())
    ).first()
    if unit is None:
        services = session.exec(
            select(Unit.code)
            .where(Unit.organisation_id == org.id, col(Unit.service).is_(True))
            .order_by(Unit.code)
        ).all()
        listed = ", ".join(services) or "belum ada (tandai service: true di paket)"
        raise NotFoundError(
            f"Unit '{code}' tidak ada di {org.name}; unit layanan yang terdaftar: {listed}."
        )
    if not unit.service:
        raise ServiceError(
            f"{unit.name} ({unit.code}) bukan unit layanan publik: SKM hanya untuk unit yang "
            "melayani masyarakat (service: true di paket organisasi)."
        )
    return unit


def _open_link(
    session: Session, org: Organisation, unit_code: str, partner: str = ""
) -> SurveyLink | None:
    return find_open_link(session, org.id or 0, KIND, unit_code, partner=partner)


def survey_partner(org: Organisation, given: str) -> str:
    """A survey partner as the pack writes it (`evaluation.ikm.partners`); '' stays ''.

    Raises:
        ServiceError: the pack lists no such partner (with those it lists).
    """
    wanted = " ".join(given.split())
    partners = SurveyPartners(org_pack(org).evaluation.ikm.partners)
    named = partners.named(wanted)
    if named is None:
        listed = "; ".join(partners.listed) or "belum ada (evaluation.ikm.partners di paket)"
        raise ServiceError(f"'{wanted}' bukan mitra survei {org.name}; mitra survei: {listed}.")
    return named


def _named(found: Unit, partner: str) -> str:
    """A survey in words: 'Puskesmas Kota (PKM)', with its partner when it has one."""
    return f"{found.name} ({found.code})" + (f" bersama {partner}" if partner else "")


def _partner_option(partner: str) -> str:
    return f' --pelaksana "{partner}"' if partner else ""


def open_survey(
    *, session: Session, organisation: str | None, unit: str, actor: str, partner: str = ""
) -> SurveyLinkRow:
    """Open the online SKM survey of a service unit, or give its open link again (commits).

    With `partner` (one of the pack's survey partners) the link is that partner's own: its
    answers name the partner as an imported file's `pelaksana` column does, and a unit
    may have one open link of its own and one per partner.

    Raises:
        NotFoundError: no unit has this code.
        ServiceError: the unit serves no public, the partner is not the pack's, or `actor`
            may not import SKM data.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), IMPORTERS[KIND], "membuka survei SKM daring")
    found = _service_unit(session, org, unit)
    partner = survey_partner(org, partner)
    link = _open_link(session, org, found.code, partner)
    if link is not None:
        return _rows(session, org, [link])[0]
    link = add_link(
        session,
        org.id or 0,
        kind=KIND,
        unit_code=found.code,
        actor=actor,
        action="survey.opened",
        payload={"unit": found.code, **({"partner": partner} if partner else {})},
        partner=partner,
    )
    session.commit()
    return _rows(session, org, [link])[0].model_copy(update={"made": True})


def close_survey(
    *,
    session: Session,
    organisation: str | None,
    unit: str,
    actor: str,
    reason: str,
    partner: str = "",
) -> SurveyLinkRow:
    """Close a unit's open survey (its own, or `partner`'s) with a reason (commits).

    Its link then takes no answers. The responses already given stay; `open_survey` makes
    a new link afterwards.

    Raises:
        ServiceError: no reason, no such open survey for the unit, or `actor` may not.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), IMPORTERS[KIND], "menutup survei SKM daring")
    found = _service_unit(session, org, unit)
    text = written_reason(reason, "penutupan")
    partner = survey_partner(org, partner)
    link = _open_link(session, org, found.code, partner)
    if link is None:
        raise ServiceError(
            f"Survei daring {_named(found, partner)} tidak sedang dibuka; lihat 'siklus "
            "survey list'."
        )
    end_link(
        session,
        link,
        actor=actor,
        reason=text,
        action="survey.closed",
        payload={"unit": found.code, **({"partner": partner} if partner else {})},
    )
    session.commit()
    return _rows(session, org, [link])[0]


def survey_links(
    *, session: Session, organisation: str | None, actor: str, today: date | None = None
) -> list[SurveyLinkRow]:
    """The organisation's survey links, open ones first, with their responses.

    Each row also counts its unit's SKM responses in the evaluation period holding
    `today` (default: today, local time), the files' included, beside the minimum sample
    (Krejcie & Morgan) of the unit's `population` in the pack: whether the period's
    survey has enough respondents yet.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), IMPORTERS[KIND], "melihat survei SKM daring")
    links = session.exec(
        select(SurveyLink)
        .where(SurveyLink.organisation_id == org.id, SurveyLink.kind == KIND)
        .order_by(
            col(SurveyLink.closed_at).is_not(None),
            SurveyLink.unit_code,
            SurveyLink.partner,
            col(SurveyLink.id),
        )
    ).all()
    return _rows(session, org, list(links), today)


def _rows(
    session: Session, org: Organisation, links: list[SurveyLink], today: date | None = None
) -> list[SurveyLinkRow]:
    names = dict(
        session.exec(select(Unit.code, Unit.name).where(Unit.organisation_id == org.id)).all()
    )
    today = today or local_today()
    counts: dict[str, tuple[int, int, date | None]] = {}
    if links:
        scopes = [scope_of(link) for link in links]
        found = session.exec(
            select(
                ImportRecord.scope,
                func.count(),
                func.sum(case((col(SkmResponse.response_date) == today, 1), else_=0)),
                func.max(SkmResponse.response_date),
            )
            .join(SkmResponse, col(SkmResponse.import_id) == col(ImportRecord.id))
            .where(
                ImportRecord.organisation_id == org.id,
                ImportRecord.kind == KIND,
                col(ImportRecord.scope).in_(scopes),
            )
            .group_by(ImportRecord.scope)
        ).all()
        counts = {scope: (int(n), int(t or 0), last) for scope, n, t, last in found}
    pack = org_pack(org)
    period = period_of(today, pack.evaluation.periods)
    start, end = period_range(period)
    in_period: dict[str, int] = {}
    if links:
        in_period = {
            code: int(n)
            for code, n in session.exec(
                select(SkmResponse.unit_code, func.count())
                .where(
                    SkmResponse.organisation_id == org.id,
                    col(SkmResponse.unit_code).in_({link.unit_code for link in links}),
                    SkmResponse.response_date >= start,
                    SkmResponse.response_date <= end,
                )
                .group_by(SkmResponse.unit_code)
            )
        }
    population = {u.code: u.population for u in pack.units}
    rows = []
    for link in links:
        n, on_day, last = counts.get(scope_of(link), (0, 0, None))
        people = population.get(link.unit_code)
        rows.append(
            SurveyLinkRow(
                unit_code=link.unit_code,
                unit_name=names.get(link.unit_code, link.unit_code),
                partner=link.partner,
                path=f"/s/{link.token}",
                open=link.closed_at is None,
                opened_by=link.opened_by,
                opened_at=link.opened_at,
                closed_by=link.closed_by,
                closed_at=link.closed_at,
                close_reason=link.close_reason,
                responses=n,
                today=on_day,
                last_on=last,
                period=period,
                period_responses=in_period.get(link.unit_code, 0),
                sample_needed=krejcie_morgan_sample(people) if people else None,
            )
        )
    return rows


def poster(
    *,
    session: Session,
    organisation: str | None,
    unit: str,
    actor: str,
    base_url: str,
    locale: Locale = "id",
    partner: str = "",
) -> SurveyPoster:
    """The A4 poster of a unit's open survey (its own, or `partner`'s): link and QR code.

    In English (`locale`) the link opens the survey in English (`?lang=en`).

    Raises:
        ServiceError: the unit has no open survey, `base_url` is not an http(s) address,
            or `actor` may not.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), IMPORTERS[KIND], "mencetak poster survei")
    found = _service_unit(session, org, unit)
    partner = survey_partner(org, partner)
    link = _open_link(session, org, found.code, partner)
    if link is None:
        raise ServiceError(
            f"Survei daring {_named(found, partner)} tidak sedang dibuka; buka dulu: siklus "
            f"survey open {found.code}{_partner_option(partner)}"
        )
    url = poster_url(base_url, f"/s/{link.token}", locale)
    return SurveyPoster(
        organisation=org.name,
        unit_name=found.name,
        partner=partner,
        url=url,
        qr_svg=qr_svg(url),
        results_url=poster_url(base_url, f"/ikm/{org.code}", locale),
        questions=len(questionnaire(org_pack(org).evaluation.ikm.elements)),
        opened_on=to_local(link.opened_at, get_settings().timezone).date(),
    )
