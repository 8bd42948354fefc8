"""A unit head's page: the progress of their unit's follow-up actions (`/unit/<token>`).

Layer: web shell over `policy.services.unit_reports`. Routes parse the request, call one
service and render its view; every rule lives in the service.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from policy.services import unit_reports
from siklus.web.deps import CsrfChecked, SessionDep
from siklus.web.security import document_response, page

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/unit/{token}")
def unit_actions(request: Request, token: str, session: SessionDep, tercatat: int = 0) -> Response:
    """The unit's open follow-up actions, each with a form to report its progress."""
    view = unit_reports.unit_page(session=session, token=token, saved=tercatat or None)
    return page(request, "unit_actions", view)


@router.get("/unit/{token}/lembar/{document_id}")
def unit_sheet(token: str, document_id: int, session: SessionDep) -> Response:
    """One of the unit's result sheets of an approved period, as stored (read-only)."""
    data = unit_reports.unit_sheet(session=session, token=token, document_id=document_id)
    return document_response(data)


@router.post("/unit/{token}/{action_id}")
def report(
    request: Request, token: str, action_id: int, session: SessionDep, _csrf: CsrfChecked,
    note: Text = "",
) -> Response:  # fmt: skip
    """Record a progress report on one of the unit's actions; back to the page."""
    try:
        unit_reports.report_unit_progress(
            session=session, token=token, action_id=action_id, note=note
        )
    except unit_reports.ProgressRefused as exc:
        view = unit_reports.unit_page(
            session=session, token=token, refused=(action_id, note, str(exc))
        )
        return page(request, "unit_actions", view, status=400)
    return RedirectResponse(f"/unit/{token}?tercatat={action_id}#tl-{action_id}", status_code=303)
