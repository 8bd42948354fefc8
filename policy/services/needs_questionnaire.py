"""The ASN needs questionnaire online: a link per unit and cycle, opened by an officer.

Layer: domain services (counterparts: `siklus needs-survey`; the employees' pages at the
portal's `/k/<token>` are `policy.services.needs_answers`; the links, one-time forms and
day records are the online surveys' shared machinery, `policy.services.survey_links`, with
links of kind `kebutuhan_asn`). An officer opens a unit's questionnaire for a cycle
(`siklus needs-survey open DISDUKCAPIL`) and sends its link to the unit's staff, or prints
its QR code (`siklus needs-survey poster`); a unit has one open questionnaire per cycle.
Closing it takes a reason; the answers given stay, and opening again makes a new link.

The officers' list counts each link's answers from its day records (scope `survei-<link>`,
one record per day) and the unit's sheets of the cycle from every channel beside the pack's
`evaluation.min_group_size`: whether the unit's answers will be shown on their own. Once
leadership approves the cycle's needs analysis the answers would reach no report: no
questionnaire is opened then, as none is in a cycle that has ended, and an open one takes
no more answers (`needs_analysis_approved`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from policy.locale import Locale, to_local
from policy.models import (
    Cycle,
    CycleStatus,
    ImportRecord,
    NeedsResponse,
    Organisation,
    RunStatus,
    Stage,
    StageRun,
    SurveyLink,
    Unit,
)
from policy.qr import qr_svg
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    org_pack,
    require_role,
    written_reason,
)
from policy.services.import_target import local_today
from policy.services.imports import IMPORTERS
from policy.services.survey_links import (
    add_link,
    day_sha,
    end_link,
    find_open_link,
    poster_url,
    scope_of,
)
from policy.settings import get_settings
from policy.views.needs_questionnaire import NeedsLinkRow
from policy.views.survey import SurveyPoster

#: The import kind the answers are stored as, and the kind of this questionnaire's links.
KIND = "kebutuhan_asn"
#: Where a link opens on the portal: `/k/<token>` (kuesioner).
PATH = "/k/"


def _unit(session: Session, org: Organisation, code: str) -> Unit:
    unit = session.exec(
        select(Unit).where(Unit.organisation_id == org.id, Unit.code == code.strip())
    ).first()
    if unit is None:
        codes = session.exec(
            select(Unit.code).where(Unit.organisation_id == org.id).order_by(Unit.code)
        ).all()
        raise NotFoundError(
            f"Unit '{code}' tidak ada di {org.name}; unit kerja yang terdaftar: "
            f"{', '.join(codes) or 'belum ada'}."
        )
    return unit


def needs_analysis_approved(session: Session, cycle: Cycle) -> bool:
    """Whether leadership approved the cycle's needs analysis (its report is final)."""
    return (
        session.exec(
            select(StageRun.id).where(
                StageRun.cycle_id == cycle.id,
                StageRun.stage == Stage.NEEDS_ANALYSIS,
                StageRun.status == RunStatus.APPROVED,
            )
        ).first()
        is not None
    )


def _cycle_refusal(session: Session, cycle: Cycle) -> str:
    """Why the officer may not open a questionnaire for `cycle` ('' when he may)."""
    if cycle.status != CycleStatus.ACTIVE:
        return (
            f"Siklus ke-{cycle.number} sudah berakhir ({cycle.status}); kuesioner kebutuhan ASN "
            "dibuka untuk siklus yang berjalan."
        )
    if needs_analysis_approved(session, cycle):
        return (
            f"Analisis kebutuhan siklus ke-{cycle.number} sudah disetujui pimpinan: jawaban "
            "kuesioner tidak lagi masuk ke Laporan Analisis Kebutuhannya."
        )
    return ""


def open_questionnaire(
    *, session: Session, organisation: str | None, unit: str, actor: str, cycle: int | None = None
) -> NeedsLinkRow:
    """Open a unit's needs questionnaire for a cycle (default: the newest), or give it again.

    A unit has one open questionnaire per cycle: asking again gives its link (commits).

    Raises:
        NotFoundError: no unit has this code, or no such cycle.
        ServiceError: the cycle has ended or its needs analysis is approved, or `actor`
            may not import `kebutuhan_asn`.
    """
    org = get_org(session, organisation)
    what = "membuka kuesioner kebutuhan ASN daring"
    require_role(get_member(session, org, actor), IMPORTERS[KIND], what)
    found = _unit(session, org, unit)
    cyc = get_cycle(session, org, cycle)
    if why := _cycle_refusal(session, cyc):
        raise ServiceError(why)
    link = find_open_link(session, org.id or 0, KIND, found.code, cycle_id=cyc.id)
    if link is not None:
        return _rows(session, org, [link])[0]
    link = add_link(
        session,
        org.id or 0,
        kind=KIND,
        unit_code=found.code,
        actor=actor,
        action="needs_survey.opened",
        payload={"unit": found.code, "cycle": cyc.number},
        cycle_id=cyc.id,
    )
    session.commit()
    return _rows(session, org, [link])[0].model_copy(update={"made": True})


def close_questionnaire(
    *,
    session: Session,
    organisation: str | None,
    unit: str,
    actor: str,
    reason: str,
    cycle: int | None = None,
) -> NeedsLinkRow:
    """Close a unit's open questionnaire of a cycle with a reason (commits).

    Its link then takes no answers; those given stay. Opening again makes a new link.

    Raises:
        ServiceError: no reason, no open questionnaire of the unit, or `actor` may not.
    """
    org = get_org(session, organisation)
    what = "menutup kuesioner kebutuhan ASN daring"
    require_role(get_member(session, org, actor), IMPORTERS[KIND], what)
    found = _unit(session, org, unit)
    text = written_reason(reason, "penutupan")
    cyc = get_cycle(session, org, cycle)
    link = find_open_link(session, org.id or 0, KIND, found.code, cycle_id=cyc.id)
    if link is None:
        raise ServiceError(
            f"Kuesioner daring {found.name} ({found.code}) siklus ke-{cyc.number} tidak sedang "
            "dibuka; lihat 'siklus needs-survey list'."
        )
    payload = {"unit": found.code, "cycle": cyc.number}
    end_link(session, link, actor=actor, reason=text, action="needs_survey.closed",
             payload=payload)  # fmt: skip
    session.commit()
    return _rows(session, org, [link])[0]


def questionnaire_links(
    *,
    session: Session,
    organisation: str | None,
    actor: str,
    cycle: int | None = None,
    today: date | None = None,
) -> list[NeedsLinkRow]:
    """A cycle's questionnaire links (default: the newest cycle), open ones first.

    Each row counts the answers given through the link (in all, and `today`), and the
    unit's sheets of the cycle from every channel beside the smallest group a report
    shows: whether the unit's answers will be shown on their own.
    """
    org = get_org(session, organisation)
    what = "melihat kuesioner kebutuhan ASN daring"
    require_role(get_member(session, org, actor), IMPORTERS[KIND], what)
    cyc = get_cycle(session, org, cycle)
    links = session.exec(
        select(SurveyLink)
        .where(
            SurveyLink.organisation_id == org.id,
            SurveyLink.kind == KIND,
            SurveyLink.cycle_id == cyc.id,
        )
        .order_by(col(SurveyLink.closed_at).is_not(None), SurveyLink.unit_code, col(SurveyLink.id))
    ).all()
    return _rows(session, org, list(links), today)


def _rows(
    session: Session, org: Organisation, links: list[SurveyLink], today: date | None = None
) -> list[NeedsLinkRow]:
    if not links:
        return []
    names = dict(
        session.exec(select(Unit.code, Unit.name).where(Unit.organisation_id == org.id)).all()
    )
    numbers = dict(
        session.exec(
            select(Cycle.id, Cycle.number).where(col(Cycle.id).in_({k.cycle_id for k in links}))
        ).all()
    )
    by_day: dict[tuple[str, str], int] = {
        (scope, sha): int(n)
        for scope, sha, n in session.exec(
            select(ImportRecord.scope, ImportRecord.sha256, func.count())
            .join(NeedsResponse, col(NeedsResponse.import_id) == col(ImportRecord.id))
            .where(
                ImportRecord.organisation_id == org.id,
                ImportRecord.kind == KIND,
                col(ImportRecord.scope).in_([scope_of(k) for k in links]),
            )
            .group_by(ImportRecord.scope, ImportRecord.sha256)
        ).all()
    }
    sheets = {
        (cycle_id, unit): int(n)
        for cycle_id, unit, n in session.exec(
            select(NeedsResponse.cycle_id, NeedsResponse.unit_code, func.count())
            .where(
                col(NeedsResponse.cycle_id).in_({k.cycle_id for k in links}),
                col(NeedsResponse.unit_code).in_({k.unit_code for k in links}),
            )
            .group_by(col(NeedsResponse.cycle_id), col(NeedsResponse.unit_code))
        ).all()
    }
    day = today or local_today()
    min_group = org_pack(org).evaluation.min_group_size
    return [
        NeedsLinkRow(
            unit_code=link.unit_code,
            unit_name=names.get(link.unit_code, link.unit_code),
            cycle=numbers.get(link.cycle_id, 0),
            path=f"{PATH}{link.token}",
            open=link.closed_at is None,
            opened_by=link.opened_by,
            opened_at=link.opened_at,
            closed_by=link.closed_by,
            closed_at=link.closed_at,
            close_reason=link.close_reason,
            responses=sum(n for (scope, _), n in by_day.items() if scope == scope_of(link)),
            today=by_day.get((scope_of(link), day_sha(link, day)), 0),
            unit_sheets=sheets.get((link.cycle_id or 0, link.unit_code), 0),
            min_group=min_group,
        )
        for link in links
    ]


def poster(
    *,
    session: Session,
    organisation: str | None,
    unit: str,
    actor: str,
    base_url: str,
    locale: Locale = "id",
    cycle: int | None = None,
) -> SurveyPoster:
    """The A4 poster of a unit's open questionnaire: its link and QR code (`locale`).

    Raises:
        ServiceError: the unit has no open questionnaire in the cycle, `base_url` is not an
            http(s) address, or `actor` may not.
    """
    org = get_org(session, organisation)
    what = "mencetak poster kuesioner kebutuhan ASN"
    require_role(get_member(session, org, actor), IMPORTERS[KIND], what)
    found = _unit(session, org, unit)
    cyc = get_cycle(session, org, cycle)
    link = find_open_link(session, org.id or 0, KIND, found.code, cycle_id=cyc.id)
    if link is None:
        raise ServiceError(
            f"Kuesioner daring {found.name} ({found.code}) siklus ke-{cyc.number} tidak sedang "
            f"dibuka; buka dulu: siklus needs-survey open {found.code}"
        )
    url = poster_url(base_url, f"{PATH}{link.token}", locale)
    pack = org_pack(org)
    return SurveyPoster(
        kind=KIND,
        organisation=org.name,
        unit_name=found.name,
        url=url,
        qr_svg=qr_svg(url),
        questions=len(pack.needs_survey.items),
        min_group=pack.evaluation.min_group_size,
        opened_on=to_local(link.opened_at, get_settings().timezone).date(),
    )
