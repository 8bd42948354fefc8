"""Leaders' pages of the portal: the stages waiting for a decision, their documents, the decision.

Layer: web shell over `policy.services.portal_review`. A leader signs in with a token from
`siklus portal token` (the same cookie as the organisers', checked for the leader role on
every page through `LeaderDep`). A decision is a form with the page's CSRF token and the
attempt it showed; what the service refuses is shown on the same page with what was typed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from policy.models import Role, as_utc, utcnow
from policy.services import portal_access, portal_minutes, portal_review
from policy.services.common import NotFoundError, ServiceError
from policy.services.portal_access import AccessDenied
from policy.services.portal_review import LEADER_ROLES
from policy.views.portal import LoginPage, ReviewForm
from siklus.web.deps import ORGANISER_COOKIE, CsrfChecked, LeaderDep, SessionDep
from siklus.web.security import DOCUMENT_CSP, PORTAL, page, set_cookie

router = APIRouter(prefix="/pimpinan")
Text = Annotated[str, Form()]
LOGIN = LoginPage(header=PORTAL, action="/pimpinan/masuk", audience="pimpinan")


@router.get("/masuk")
def login_form(request: Request) -> Response:
    """The sign-in form."""
    return page(request, "login", LOGIN)


@router.post("/masuk")
def login(request: Request, session: SessionDep, _csrf: CsrfChecked, token: Text = "") -> Response:
    """Exchange a leader's token for the portal cookie (valid as long as the token)."""
    try:
        access = portal_access.check_token(session, token.strip(), LEADER_ROLES, "pimpinan")
    except AccessDenied as exc:
        return page(request, "login", LOGIN.model_copy(update={"error": str(exc)}), status=401)
    response = RedirectResponse("/pimpinan", status_code=303)
    seconds = int((as_utc(access.expires_at) - utcnow()).total_seconds())
    set_cookie(response, request, ORGANISER_COOKIE, token.strip(), max_age=max(1, seconds))
    return response


@router.post("/keluar")
def logout(_csrf: CsrfChecked) -> Response:
    """Forget the portal cookie in this browser."""
    response = RedirectResponse("/pimpinan/masuk", status_code=303)
    response.delete_cookie(ORGANISER_COOKIE, path="/")
    return response


@router.get("")
def queue(request: Request, session: SessionDep, access: LeaderDep) -> Response:
    """The stages waiting for a decision, and the latest decisions."""
    return page(request, "leader_queue", portal_review.review_queue(session=session, access=access))


@router.post("/notulen/{forum_id}")
def approve_minutes(
    request: Request, forum_id: int, session: SessionDep, access: LeaderDep, _csrf: CsrfChecked
) -> Response:
    """Approve a closed forum's minutes as a leader; show the start page with the result."""
    try:
        outcome = portal_minutes.approve(
            session=session, access=access, forum_id=forum_id, role=Role.LEADER
        )
    except NotFoundError:
        raise
    except ServiceError as exc:
        session.rollback()
        view = portal_review.review_queue(session=session, access=access, error=str(exc))
        return page(request, "leader_queue", view, status=400)
    words = portal_minutes.outcome_words(outcome)
    view = portal_review.review_queue(session=session, access=access, notice=words)
    return page(request, "leader_queue", view)


@router.post("/gerbang")
def open_gate(
    request: Request,
    session: SessionDep,
    access: LeaderDep,
    _csrf: CsrfChecked,
    cycle: Annotated[int, Form()],
    stage: Text = "",
    reason: Text = "",
) -> Response:
    """Open a held gate with a written reason; show the start page with the result."""
    try:
        done = portal_review.open_gate(
            session=session, access=access, cycle=cycle, stage=stage, reason=reason
        )
    except ServiceError as exc:
        session.rollback()
        view = portal_review.review_queue(session=session, access=access, error=str(exc))
        return page(request, "leader_queue", view, status=400)
    view = portal_review.review_queue(session=session, access=access, notice=done)
    return page(request, "leader_queue", view)


@router.get("/tahap/{run_id}")
def review(request: Request, run_id: int, session: SessionDep, access: LeaderDep) -> Response:
    """One stage: its documents, earlier decisions, and the decision form."""
    view = portal_review.review_page(session=session, access=access, run_id=run_id)
    return page(request, "leader_review", view)


@router.post("/tahap/{run_id}")
def decide(
    request: Request,
    run_id: int,
    session: SessionDep,
    access: LeaderDep,
    _csrf: CsrfChecked,
    attempt: Annotated[int, Form()],
    choice: Text = "",
    reason: Text = "",
    back_to_forums: Text = "",
) -> Response:
    """Record the decision; show the page again with what was done, or why not."""
    form = ReviewForm(
        attempt=attempt, choice=choice, reason=reason, back_to_forums=back_to_forums == "ya"
    )
    try:
        done = portal_review.decide(
            session=session,
            access=access,
            run_id=run_id,
            attempt=attempt,
            choice=choice,
            reason=reason,
            back_to_forums=form.back_to_forums,
        )
    except AccessDenied:
        raise
    except ServiceError as exc:
        session.rollback()
        refused = form.model_copy(update={"error": str(exc)})
        view = portal_review.review_page(
            session=session, access=access, run_id=run_id, form=refused
        )
        return page(request, "leader_review", view, status=400)
    decided = ReviewForm(attempt=attempt, done=done)
    view = portal_review.review_page(session=session, access=access, run_id=run_id, form=decided)
    return page(request, "leader_review", view)


@router.get("/dokumen/{doc_id}")
def document(doc_id: int, session: SessionDep, access: LeaderDep) -> Response:
    """A document of the organisation, as stored (read-only)."""
    data = portal_review.document_html(session=session, access=access, doc_id=doc_id)
    return Response(
        data,
        media_type="text/html; charset=utf-8",
        headers={"content-security-policy": DOCUMENT_CSP},
    )
