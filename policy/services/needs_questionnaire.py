"""The ASN needs questionnaire online: a link per unit and cycle, answered on the portal.

Layer: domain services (counterparts: `siklus needs-survey` and the portal's `/k/<token>`;
the links, one-time forms and day records are the online surveys' shared machinery,
`policy.services.survey_links`, with links of kind `kebutuhan_asn`). An officer opens a
unit's questionnaire for a cycle (`siklus needs-survey open DISDUKCAPIL`) and sends its
link to the unit's staff, or prints its QR code; each employee answers the pack's
statements (`needs_survey.items`) there as on the paper sheet: 1 (tidak setuju) … 4 (sangat
setuju), any left unanswered but one at least, and the competence development wanted.

Anonymous as the sheet is: the page asks no name and no NIP, and each answer is stored as
an imported sheet is (`NeedsResponse` of the link's unit and cycle, nothing else), so the
needs analysis counts it with the files' sheets and shows it only in groups of at least the
pack's `evaluation.min_group_size`. Its audit event names the link, the day and the day's
record, never the answer.

The answers of a link on one day form one import record (`survei-daring-UNIT-DATE`, scope
`survei-<link>`): `siklus imports undo` takes a day back whole (test answers, a link spread
beyond the unit). A file of the unit imported later (`kebutuhan_asn`) replaces only the
sheets earlier FILES gave the unit, never the online answers
(`policy.services.cycle_imports`): the paper sheets of a unit are typed into a file, and a
corrected file replaces them; the answers given online are other employees'. Once leadership
approves the cycle's needs analysis the answers would reach no report: the questionnaire
takes none, as it takes none once closed or in a cycle that has ended.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from policy import audit
from policy.importchecks import NEEDS_DEVELOPMENT_MAX
from policy.locale import Locale, to_local
from policy.models import (
    Cycle,
    CycleStatus,
    ImportRecord,
    NeedsResponse,
    Organisation,
    Policy,
    RunStatus,
    Stage,
    StageRun,
    SurveyLink,
    Unit,
)
from policy.packschema import PackSurveyItem
from policy.portal_words import say, word
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
from policy.services.consultation import clean_text, portal_header
from policy.services.import_target import local_today
from policy.services.imports import IMPORTERS
from policy.services.needs_survey import statement_text
from policy.services.survey_links import (
    add_link,
    count_answer,
    day_record,
    day_sha,
    end_link,
    find_open_link,
    link_of,
    new_nonce,
    poster_url,
    scope_of,
    sent_before,
    submitted_once,
)
from policy.settings import get_settings
from policy.views.needs_questionnaire import (
    NeedsAnswers,
    NeedsLinkRow,
    NeedsStatement,
    NeedsSurveyPage,
    NeedsThanks,
)
from policy.views.survey import SurveyPoster

#: The import kind the answers are stored as, and the kind of this questionnaire's links.
KIND = "kebutuhan_asn"
#: Where a link opens on the portal: `/k/<token>` (kuesioner).
PATH = "/k/"
SCORES = frozenset({"1", "2", "3", "4"})


class NeedsRefused(ServiceError):
    """A questionnaire form with nothing answered, an unknown answer or too long a text.

    `problems` maps field -> reason.
    """

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class NeedsForm(NeedsAnswers):
    """What a respondent sent (text, untrusted) with the form's one-time number."""

    nonce: str


# ------------------------------------------------------------------ officers' commands


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


def _approved(session: Session, cycle: Cycle) -> bool:
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
    if _approved(session, cycle):
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


# ------------------------------------------------------------------ respondents' pages


def _opened(session: Session, token: str) -> tuple[SurveyLink, Organisation, Unit, Cycle]:
    """The questionnaire a token opens, with its organisation, unit and cycle."""
    link = link_of(session, token, KIND)
    org = session.get(Organisation, link.organisation_id)
    cycle = session.get(Cycle, link.cycle_id)
    assert org is not None and cycle is not None
    unit = session.exec(
        select(Unit).where(Unit.organisation_id == org.id, Unit.code == link.unit_code)
    ).one()
    return link, org, unit, cycle


def _refusal(session: Session, link: SurveyLink, cycle: Cycle, locale: Locale) -> str:
    """Why the questionnaire takes no answer now, or '' (in `locale`)."""
    if link.closed_at is not None:
        return say(
            "Kuesioner ini sudah ditutup. Terima kasih atas perhatian Anda; bila kuesioner "
            "dibuka lagi, tautan barunya disampaikan kepada unit kerja Anda.",
            locale,
        )
    if cycle.status != CycleStatus.ACTIVE:
        return say(
            "Kuesioner ini tidak menerima jawaban lagi: siklus kebijakan yang memakainya "
            "sudah berakhir.",
            locale,
        )
    if _approved(session, cycle):
        return say(
            "Kuesioner ini tidak menerima jawaban lagi: analisis kebutuhan yang memakainya "
            "sudah disetujui pimpinan, sehingga jawaban baru tidak akan masuk ke laporannya.",
            locale,
        )
    return ""


def questionnaire_page(
    *, session: Session, token: str, form: NeedsAnswers | None = None, locale: Locale = "id"
) -> NeedsSurveyPage:
    """A unit's questionnaire form with a new one-time number (again with `form`'s reasons).

    In English (`locale`) each statement is the pack's `text_en` (its Indonesian where it
    has none); what is stored is the same.

    Raises:
        NotFoundError: the token opens no questionnaire.
    """
    link, org, unit, cycle = _opened(session, token)
    refusal = _refusal(session, link, cycle, locale)
    pack = org_pack(org)
    officer = pack.data_protection.officer
    policy = session.get(Policy, cycle.policy_id)
    return NeedsSurveyPage(
        header=portal_header(org),
        token=token,
        unit_name=unit.name,
        policy_title=policy.title if policy else "",
        accepting=not refusal,
        refusal=refusal,
        nonce=new_nonce(),
        statements=[
            NeedsStatement(code=item.code, text=statement_text(item, locale))
            for item in pack.needs_survey.items
        ],
        max_development=NEEDS_DEVELOPMENT_MAX,
        min_group=pack.evaluation.min_group_size,
        officer_name=officer.name if officer else "",
        officer_email=officer.email if officer else "",
        form=form or NeedsAnswers(),
    )


def _answers(
    form: NeedsForm, items: Iterable[PackSurveyItem], locale: Locale
) -> tuple[dict[str, int], str, dict[str, str]]:
    """The scores and development as stored, and the reasons to refuse the form."""
    scores: dict[str, int] = {}
    problems: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        given = (form.answers.get(item.code) or "").strip()
        if not given:
            continue  # left unanswered, as a sheet's empty cell
        if given in SCORES:
            scores[item.code] = int(given)
        else:
            problems[item.code] = say(
                "Jawaban pernyataan %(number)s tidak dikenal; pilih salah satu pilihannya",
                locale,
                number=number,
            )
    if not scores and not problems:
        problems["pernyataan"] = say(
            "Belum ada pernyataan yang dijawab; jawab paling sedikit satu (pernyataan yang "
            "tidak ingin Anda jawab boleh dikosongkan)",
            locale,
        )
    development = clean_text(form.development)
    if len(development) > NEEDS_DEVELOPMENT_MAX:
        problems["development"] = say(
            "%(label)s terlalu panjang: %(size)s karakter, maksimal %(most)s",
            locale,
            label=word("Pengembangan kompetensi yang Anda perlukan", locale),
            size=len(development),
            most=NEEDS_DEVELOPMENT_MAX,
        )
    return scores, development, problems


def submit_questionnaire(
    *,
    session: Session,
    token: str,
    form: NeedsForm,
    today: date | None = None,
    locale: Locale = "id",
) -> NeedsThanks:
    """Store one answered questionnaire as an answer sheet of the link's unit (commits).

    A form sent again (its one-time number already used) is stored once: the thanks page
    says so. Refusals speak `locale`, the language of the page the form came from.

    Raises:
        NotFoundError: the token opens no questionnaire.
        ServiceError: the questionnaire takes no answers (closed, its needs analysis
            approved), or the form is not one its page gave out.
        NeedsRefused: nothing answered, an answer that is not 1–4, too long a text.
    """
    day = today or local_today()
    return submitted_once(session, lambda: _submit(session, token, form, day, locale))


def _submit(
    session: Session, token: str, form: NeedsForm, day: date, locale: Locale
) -> NeedsThanks:
    link, org, unit, cycle = _opened(session, token)
    pack = org_pack(org)
    min_group = pack.evaluation.min_group_size
    if sent_before(session, link, form.nonce, locale):
        return _thanks(org, unit, token, day, min_group, repeated=True)
    if refusal := _refusal(session, link, cycle, locale):
        raise ServiceError(refusal)
    scores, development, problems = _answers(form, pack.needs_survey.items, locale)
    if problems:
        raise NeedsRefused(problems)
    record = day_record(session, link, day)
    session.add(
        NeedsResponse.model_validate(
            {
                "cycle_id": cycle.id or 0,
                "import_id": record.id or 0,
                "unit_code": link.unit_code,
                "development": development,
                **scores,
            }
        )
    )
    count_answer(session, link, record, form.nonce)
    audit.record(
        session,
        actor="portal:kuesioner",
        action="needs_survey.answered",
        subject_type="survey",
        subject_id=link.id or 0,
        organisation_id=org.id,
        # No answer and no row of it: the trail names the day's record only.
        payload={"unit": link.unit_code, "cycle": cycle.number, "date": day.isoformat(),
                 "import": record.id},
    )  # fmt: skip
    session.commit()
    return _thanks(org, unit, token, day, min_group)


def thanks_page(
    *, session: Session, token: str, repeated: bool = False, today: date | None = None
) -> NeedsThanks:
    """The page shown after an answer (a form sent again says it was stored once).

    Raises:
        NotFoundError: the token opens no questionnaire.
    """
    _link, org, unit, _cycle = _opened(session, token)
    min_group = org_pack(org).evaluation.min_group_size
    return _thanks(org, unit, token, today or local_today(), min_group, repeated=repeated)


def _thanks(
    org: Organisation, unit: Unit, token: str, day: date, min_group: int, *, repeated: bool = False
) -> NeedsThanks:
    return NeedsThanks(
        header=portal_header(org), token=token, unit_name=unit.name, answered_on=day,
        repeated=repeated, min_group=min_group,
    )  # fmt: skip
