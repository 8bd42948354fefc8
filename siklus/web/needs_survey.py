"""The ASN needs questionnaire's portal pages: a unit's form, its answer, the thanks page.

Layer: web shell over `policy.services.needs_answers`. Routes parse the request, call
one service and render its view; every rule lives in the service. The links are
`/k/<token>` (kuesioner), beside the SKM survey's `/s/<token>`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from policy.importchecks import NEEDS_FIELDS
from policy.services import needs_answers
from policy.services.common import NotFoundError, ServiceError
from siklus.web.deps import CsrfChecked, SessionDep
from siklus.web.security import message_response, page, portal_locale

router = APIRouter()


@router.get("/k/{token}")
def form(request: Request, token: str, session: SessionDep) -> Response:
    """A unit's questionnaire: the pack's statements and the development wanted."""
    view = needs_answers.questionnaire_page(
        session=session, token=token, locale=portal_locale(request)
    )
    return page(request, "needs_survey", view)


@router.post("/k/{token}")
async def answer(request: Request, token: str, session: SessionDep, _csrf: CsrfChecked) -> Response:
    """Store an answered questionnaire; on success go to the thanks page, else show it again."""
    fields = await request.form()

    def text(name: str) -> str:
        value = fields.get(name, "")
        return value if isinstance(value, str) else ""

    sent = needs_answers.NeedsForm(
        nonce=text("nonce"),
        answers={code: text(code) for code in NEEDS_FIELDS if text(code)},
        development=text("development"),
    )
    locale = portal_locale(request)
    try:
        thanks = needs_answers.submit_questionnaire(
            session=session, token=token, form=sent, locale=locale
        )
    except needs_answers.NeedsRefused as exc:
        view = needs_answers.questionnaire_page(
            session=session,
            token=token,
            form=sent.model_copy(update={"errors": exc.problems}),
            locale=locale,
        )
        return page(request, "needs_survey", view, status=400)
    except ServiceError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return message_response(
            request, "Jawaban tidak diterima", str(exc), 409, back=f"/k/{token}"
        )
    target = f"/k/{token}/terima-kasih" + ("?ulang=1" if thanks.repeated else "")
    return RedirectResponse(target, status_code=303)


@router.get("/k/{token}/terima-kasih")
def thanks(request: Request, token: str, session: SessionDep, ulang: str = "") -> Response:
    """The thanks page after an answer."""
    view = needs_answers.thanks_page(session=session, token=token, repeated=bool(ulang))
    return page(request, "needs_survey_thanks", view)
