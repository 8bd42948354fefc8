"""The online SKM survey's public pages: a unit's form, its answer, the thanks page, the results.

Layer: web shell over `policy.services.survey_answers` (and, for the results,
`policy.services.skm_publication`). Routes parse the request, call one service and render
its view; every rule lives in the service.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from policy.evaluation.ikm import ELEMENT_CODES
from policy.services import skm_publication, survey_answers
from policy.services.common import NotFoundError, ServiceError
from siklus.web.deps import CsrfChecked, SessionDep
from siklus.web.security import message_response, page, portal_locale

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/s/{token}")
def form(request: Request, token: str, session: SessionDep) -> Response:
    """A service unit's survey: nine questions and the respondent's profile."""
    locale = portal_locale(request)
    return page(
        request, "survey", survey_answers.survey_page(session=session, token=token, locale=locale)
    )


@router.post("/s/{token}")
async def answer(request: Request, token: str, session: SessionDep, _csrf: CsrfChecked) -> Response:
    """Store an answered survey; on success go to the thanks page, else show the form again."""
    fields = await request.form()

    def text(name: str) -> str:
        value = fields.get(name, "")
        return value if isinstance(value, str) else ""

    sent = survey_answers.SurveyForm(
        nonce=text("nonce"),
        answers={code: text(code) for code in ELEMENT_CODES},
        gender=text("gender"),
        age=text("age"),
        education=text("education"),
        occupation=text("occupation"),
        service_type=text("service_type"),
    )
    locale = portal_locale(request)
    try:
        thanks = survey_answers.submit_survey(
            session=session, token=token, form=sent, locale=locale
        )
    except survey_answers.SurveyRefused as exc:
        view = survey_answers.survey_page(
            session=session,
            token=token,
            form=sent.model_copy(update={"errors": exc.problems}),
            locale=locale,
        )
        return page(request, "survey", view, status=400)
    except ServiceError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return message_response(
            request, "Jawaban tidak diterima", str(exc), 409, back=f"/s/{token}"
        )
    target = f"/s/{token}/terima-kasih" + ("?ulang=1" if thanks.repeated else "")
    return RedirectResponse(target, status_code=303)


@router.get("/s/{token}/terima-kasih")
def thanks(request: Request, token: str, session: SessionDep, ulang: str = "") -> Response:
    """The thanks page after an answer."""
    view = survey_answers.thanks_page(session=session, token=token, repeated=bool(ulang))
    return page(request, "survey_thanks", view)


@router.get("/ikm/{organisation}/data.csv")
def results_csv(organisation: str, session: SessionDep) -> Response:
    """The published SKM results as open data: one row per period and service unit."""
    text = skm_publication.public_csv(session=session, organisation=organisation)
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ikm-{organisation}.csv"'},
    )


@router.get("/ikm/{organisation}")
def results(request: Request, organisation: str, session: SessionDep) -> Response:
    """The organisation's SKM results: each service unit's IKM and its corrective actions."""
    view = skm_publication.public_results(
        session=session, organisation=organisation, locale=portal_locale(request)
    )
    return page(request, "ikm_results", view)
