"""The online SKM survey, the respondents' side: the form, an answer stored, the thanks page.

Layer: domain services over `policy.evaluation.questionnaire` (counterparts: the portal's
`/s/<token>`, `siklus.web.survey`, and `policy.services.survey`, where officers open and
close the links). Service recipients answer the nine questions on the page a unit's link
opens. Each answer is stored as an imported SKM response is (`SkmResponse`, u1…u9 scored
1–4, with the respondent profile and no name): the needs analysis and the evaluation count
it with the responses of the files, by the day it was given (local time).

The responses of one link on one day form one import record (`siklus imports list`
shows it as `survei-daring-RSUD-2026-11-24`), so a day's answers can be taken back whole
as a file's can (`siklus imports undo`), and an export of them imported again later is
refused as a repeat. Nothing of a locked evaluation period changes: on a day inside one,
the survey takes no answers. One-time forms and day records are the online surveys' shared
machinery (`policy.services.survey_links`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from policy import audit
from policy.evaluation.questionnaire import (
    EDUCATION,
    EDUCATION_EN,
    GENDERS,
    GENDERS_EN,
    OCCUPATIONS,
    OCCUPATIONS_EN,
    Question,
    questionnaire,
)
from policy.importcells import AGES
from policy.locale import Locale
from policy.models import Organisation, SkmResponse, SurveyLink, Unit
from policy.packschema import Pack
from policy.portal_words import say
from policy.services.common import ServiceError, org_pack
from policy.services.import_target import local_today
from policy.services.period_lock import PeriodLocks
from policy.services.portal_common import clean_line, portal_header
from policy.services.survey import KIND
from policy.services.survey_links import (
    ACTOR,
    count_answer,
    day_record,
    link_of,
    new_nonce,
    sent_before,
    submitted_once,
)
from policy.views.survey import (
    SurveyAnswers,
    SurveyPage,
    SurveyQuestion,
    SurveyThanks,
)

MAX_SERVICE_TEXT = 120
#: Kinds of service offered as suggestions on the form: the unit's most named ones.
SUGGESTED_SERVICES = 30


class SurveyRefused(ServiceError):
    """A survey form with missing or unknown answers; `problems` maps field -> reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class SurveyForm(SurveyAnswers):
    """What a respondent sent (text, untrusted) with the form's one-time number.

    Shown again as it is, with `errors` set, when it is refused.
    """

    nonce: str


def _opened(session: Session, token: str) -> tuple[SurveyLink, Organisation, Unit]:
    """The survey a token opens, with its organisation and unit (units are never deleted)."""
    link = link_of(session, token, KIND)
    org = session.get(Organisation, link.organisation_id)
    assert org is not None
    unit = session.exec(
        select(Unit).where(Unit.organisation_id == org.id, Unit.code == link.unit_code)
    ).one()
    return link, org, unit


def _refusal(
    session: Session, link: SurveyLink, org: Organisation, unit: Unit, day: date, locale: Locale
) -> str:
    """Why the survey takes no answer today, or '' (in `locale`)."""
    if link.closed_at is not None or not unit.service:
        # A unit the pack no longer marks as a service unit has no SKM: its survey ends.
        return say(
            "Survei ini sudah ditutup. Terima kasih atas perhatian Anda; bila petugas membuka "
            "survei baru, tautannya diumumkan di tempat pelayanan.",
            locale,
        )
    lock = PeriodLocks(session, org.id or 0).of_date(day)
    if lock is not None:
        return say(
            "Survei ini untuk sementara tidak menerima jawaban: hasil periode "
            "%(period)s sedang ditetapkan. Silakan coba lagi nanti atau sampaikan "
            "pendapat Anda kepada petugas.",
            locale,
            period=lock.period,
        )
    return ""


def survey_page(
    *,
    session: Session,
    token: str,
    today: date | None = None,
    form: SurveyAnswers | None = None,
    locale: Locale = "id",
) -> SurveyPage:
    """A unit's survey form, with a new one-time number (shown again with `form`'s reasons).

    In English (`locale`) the questions, the answers and the profile's choices are named in
    English; what is stored is the same (scores 1–4, the profile's Indonesian values).

    Raises:
        NotFoundError: the token opens no survey.
    """
    link, org, unit = _opened(session, token)
    day = today or local_today()
    refusal = _refusal(session, link, org, unit, day, locale)
    pack = org_pack(org)
    names = pack.evaluation.ikm.elements
    fixed = _pack_services(pack, unit.code)
    services = (
        fixed
        or session.exec(
            select(SkmResponse.service_type)
            .where(
                SkmResponse.organisation_id == org.id,
                SkmResponse.unit_code == unit.code,
                SkmResponse.service_type != "",
            )
            .group_by(SkmResponse.service_type)
            .order_by(func.count().desc(), SkmResponse.service_type)
            .limit(SUGGESTED_SERVICES)
        ).all()
    )
    return SurveyPage(
        header=portal_header(org),
        token=token,
        unit_code=unit.code,
        unit_name=unit.name,
        partner=link.partner,
        accepting=not refusal,
        refusal=refusal,
        nonce=new_nonce(),
        questions=[
            SurveyQuestion(code=q.code, element=q.element, text=q.text, options=list(q.options))
            for q in questionnaire(names, locale)
        ],
        genders=dict(GENDERS_EN if locale == "en" else GENDERS),
        education={e: EDUCATION_EN[e] if locale == "en" else e for e in EDUCATION},
        occupations={o: OCCUPATIONS_EN[o] if locale == "en" else o for o in OCCUPATIONS},
        services=list(fixed) if fixed else sorted(services),
        services_fixed=bool(fixed),
        min_age=AGES.start,
        max_age=AGES.stop - 1,
        max_service_text=MAX_SERVICE_TEXT,
        form=form or SurveyAnswers(),
    )


def _scores(
    form: SurveyForm, questions: Iterable[Question], locale: Locale
) -> tuple[dict[str, int], dict[str, str]]:
    scores: dict[str, int] = {}
    problems: dict[str, str] = {}
    for number, question in enumerate(questions, start=1):
        given = (form.answers.get(question.code) or "").strip()
        which = {"number": number, "element": question.element}
        if not given:
            problems[question.code] = say(
                "Pertanyaan %(number)s (%(element)s) belum dijawab", locale, **which
            )
        elif given not in {"1", "2", "3", "4"}:
            problems[question.code] = say(
                "Jawaban pertanyaan %(number)s (%(element)s) tidak dikenal; pilih salah "
                "satu pilihannya",
                locale,
                **which,
            )
        else:
            scores[question.code] = int(given)
    return scores, problems


def _pack_services(pack: Pack, unit_code: str) -> tuple[str, ...]:
    """The kinds of service the pack lists for the unit (empty: typed freely)."""
    unit = next((u for u in pack.units if u.code == unit_code), None)
    return tuple(unit.services) if unit else ()


def _profile(
    form: SurveyForm, services: tuple[str, ...] = (), locale: Locale = "id"
) -> tuple[dict[str, str], dict[str, str]]:
    """The respondent's profile as stored; `services`: the unit's fixed kinds of service."""
    problems: dict[str, str] = {}
    age = form.age.strip()
    if age:
        if not age.isdigit():
            problems["age"] = say("Usia ditulis dalam tahun dengan angka, mis. 41", locale)
        elif int(age) not in AGES:
            # The import's rule (`parse_age`), in the page's language.
            problems["age"] = say(
                "Usia %(age)s tampaknya tahun lahir; tulis usia Anda dalam tahun, mis. 41"
                if 1900 <= int(age) <= 2100
                else "Usia %(age)s tahun di luar %(least)s sampai %(most)s tahun; periksa isinya",
                locale,
                age=age,
                least=AGES.start,
                most=AGES.stop - 1,
            )
    chosen = {
        "gender": (form.gender.strip(), GENDERS, say("Jenis kelamin", locale)),
        "education": (form.education.strip(), EDUCATION, say("Pendidikan", locale)),
        "occupation": (form.occupation.strip(), OCCUPATIONS, say("Pekerjaan", locale)),
    }
    for field, (value, allowed, label) in chosen.items():
        if value and value not in allowed:
            problems[field] = say(
                "%(label)s '%(value)s' bukan salah satu pilihan", locale, label=label, value=value
            )
    service = clean_line(form.service_type)
    if service and services and service not in services:
        problems["service_type"] = say(
            "Jenis layanan '%(value)s' bukan salah satu pilihan", locale, value=service
        )
    elif len(service) > MAX_SERVICE_TEXT:
        problems["service_type"] = say(
            "Jenis layanan terlalu panjang: %(size)s karakter, maksimal %(most)s",
            locale,
            size=len(service),
            most=MAX_SERVICE_TEXT,
        )
    profile = {field: value for field, (value, _a, _l) in chosen.items()}
    return {**profile, "age": age, "service_type": service}, problems


def submit_survey(
    *,
    session: Session,
    token: str,
    form: SurveyForm,
    today: date | None = None,
    locale: Locale = "id",
) -> SurveyThanks:
    """Store one answered survey as an SKM response of today (commits).

    A form sent again (its one-time number already used) is stored once: the thanks page
    says so. Refusals speak `locale`, the language of the page the form came from.

    Raises:
        NotFoundError: the token opens no survey.
        ServiceError: the survey is closed, the day lies in a locked evaluation period, or
            the form is not one the survey's page gave out.
        SurveyRefused: an element is not answered, or a profile field is not a choice.
    """
    day = today or local_today()
    return submitted_once(session, lambda: _submit(session, token, form, day, locale))


def _submit(
    session: Session, token: str, form: SurveyForm, day: date, locale: Locale
) -> SurveyThanks:
    link, org, unit = _opened(session, token)
    if sent_before(session, link, form.nonce, locale):
        return _thanks(org, unit, token, day, repeated=True)
    refusal = _refusal(session, link, org, unit, day, locale)
    if refusal:
        raise ServiceError(refusal)
    pack = org_pack(org)
    names = pack.evaluation.ikm.elements
    scores, problems = _scores(form, questionnaire(names, locale), locale)
    profile, more = _profile(form, _pack_services(pack, unit.code), locale)
    problems |= more
    if problems:
        raise SurveyRefused(problems)
    record = day_record(session, link, day)
    response = SkmResponse.model_validate(
        {
            "organisation_id": org.id or 0,
            "import_id": record.id or 0,
            "unit_code": link.unit_code,
            "response_date": day,
            **scores,
            **profile,
            "partner": link.partner,
        }
    )
    session.add(response)
    count_answer(session, link, record, form.nonce)
    audit.record(
        session,
        actor=f"{ACTOR}:survei",
        action="survey.answered",
        subject_type="survey",
        subject_id=link.id or 0,
        organisation_id=org.id,
        payload={
            "unit": link.unit_code,
            "date": day.isoformat(),
            "import": record.id,
            "response": response.id,
        },
    )
    session.commit()
    return _thanks(org, unit, token, day)


def thanks_page(
    *, session: Session, token: str, repeated: bool = False, today: date | None = None
) -> SurveyThanks:
    """The page shown after an answer (a form sent again says it was stored once).

    Raises:
        NotFoundError: the token opens no survey.
    """
    _link, org, unit = _opened(session, token)
    return _thanks(org, unit, token, today or local_today(), repeated=repeated)


def _thanks(
    org: Organisation, unit: Unit, token: str, day: date, *, repeated: bool = False
) -> SurveyThanks:
    return SurveyThanks(
        header=portal_header(org), token=token, unit_name=unit.name, answered_on=day,
        repeated=repeated, org_code=org.code,
    )  # fmt: skip
