"""The ASN needs questionnaire's pages on the portal: a unit's form, its answers, thanks.

Layer: domain services (counterparts: the portal's `/k/<token>`, `siklus.web.needs_survey`;
the links are opened and closed by officers, `policy.services.needs_questionnaire`, and the
one-time forms and day records are the online surveys' shared machinery,
`policy.services.survey_links`). Each employee answers the pack's statements
(`needs_survey.items`) there as on the paper sheet: 1 (tidak setuju) … 4 (sangat setuju),
any left unanswered but one at least, and the competence development wanted.

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

from sqlmodel import Session, select

from policy import audit
from policy.importchecks import NEEDS_DEVELOPMENT_MAX
from policy.locale import Locale
from policy.models import (
    Cycle,
    CycleStatus,
    NeedsResponse,
    Organisation,
    Policy,
    SurveyLink,
    Unit,
)
from policy.needsconfig import PackSurveyItem
from policy.portal_words import say, word
from policy.services.common import ServiceError, org_pack
from policy.services.import_target import local_today
from policy.services.needs_questionnaire import KIND, needs_analysis_approved
from policy.services.needs_survey import statement_text
from policy.services.portal_common import clean_text, portal_header
from policy.services.survey_links import (
    count_answer,
    day_record,
    link_of,
    new_nonce,
    sent_before,
    submitted_once,
)
from policy.views.needs_questionnaire import (
    NeedsAnswers,
    NeedsStatement,
    NeedsSurveyPage,
    NeedsThanks,
)

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
    if needs_analysis_approved(session, cycle):
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
