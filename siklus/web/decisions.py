"""The page on which who decides an objection records the decision (`/keputusan/<token>`).

Layer: web shell over `policy.services.objection_decisions`. Routes parse the request, call
one service and render its view; every rule lives in the service.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from policy.services import objection_decisions
from policy.services.common import NotFoundError, ServiceError
from policy.views.objection_decision import DecisionForm
from siklus.web.deps import CsrfChecked, SessionDep
from siklus.web.security import message_response, page

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/keputusan/{token}")
def decision(request: Request, token: str, session: SessionDep, tercatat: str = "") -> Response:
    """The objection, with the decision's form while it is pending (or the decision)."""
    view = objection_decisions.decision_page(session=session, token=token, decided=bool(tercatat))
    return page(request, "objection_decision", view)


@router.post("/keputusan/{token}")
def decide(
    request: Request,
    token: str,
    session: SessionDep,
    _csrf: CsrfChecked,
    outcome: Text = "",
    predikat: Text = "",
    consideration: Text = "",
    decided_by: Text = "",
) -> Response:
    """Record the decision; back to the page, which shows it."""
    sent = DecisionForm(
        outcome=outcome, predikat=predikat, consideration=consideration, decided_by=decided_by
    )
    try:
        objection_decisions.decide_from_link(session=session, token=token, form=sent)
    except objection_decisions.DecisionRefused as exc:
        again = sent.model_copy(update={"errors": exc.problems})
        view = objection_decisions.decision_page(session=session, token=token, form=again)
        return page(request, "objection_decision", view, status=400)
    except ServiceError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return message_response(
            request, "Keputusan tidak tercatat", str(exc), 409, back=f"/keputusan/{token}"
        )
    return RedirectResponse(f"/keputusan/{token}?tercatat=1", status_code=303)
