"""Leaders' pages of the portal: stages waiting for a decision, their documents, the follow-up.

Layer: web shell over `policy.services.portal_review` (and `policy.services.portal_actions`
for the follow-up of the evaluation's results, read only). A leader signs in with a token from
`siklus portal token` (the same cookie as the organisers', checked for the leader role on
every page through `LeaderDep`). A decision is a form with the page's CSRF token and the
attempt it showed; what the service refuses is shown on the same page with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from policy.models import Role
from policy.services import portal_actions, portal_minutes, portal_review
from policy.services.common import NotFoundError, ServiceError
from policy.services.portal_access import LEADER_ROLES, AccessDenied, PortalAccess
from policy.views.portal import LoginPage, ReviewForm
from siklus.prefect_gates import wake_after_decision
from siklus.web.deps import CsrfChecked, LeaderDep, SessionDep, sign_in, sign_out
from siklus.web.security import PORTAL, document_response, page

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
    return sign_in(
        request, session, token, roles=LEADER_ROLES, who="pimpinan", home="/pimpinan", login=LOGIN
    )


@router.post("/keluar")
def logout(_csrf: CsrfChecked) -> Response:
    """Forget the portal cookie in this browser."""
    return sign_out("/pimpinan/masuk")


@router.get("")
def queue(request: Request, session: SessionDep, access: LeaderDep) -> Response:
    """The stages waiting for a decision, and the latest decisions."""
    return page(request, "leader_queue", portal_review.review_queue(session=session, access=access))


def _after(
    request: Request, session: Session, access: PortalAccess, action: Callable[[], str]
) -> Response:
    """The start page after an action: what it did, or (status 400) why it was refused.

    A missing record or an expired sign-in is left to the app's own pages.
    """
    try:
        notice = action()
    except (NotFoundError, AccessDenied):
        raise
    except ServiceError as exc:
        session.rollback()
        view = portal_review.review_queue(session=session, access=access, error=str(exc))
        return page(request, "leader_queue", view, status=400)
    view = portal_review.review_queue(session=session, access=access, notice=notice)
    return page(request, "leader_queue", view)


@router.post("/notulen/{forum_id}")
def approve_minutes(
    request: Request, forum_id: int, session: SessionDep, access: LeaderDep, _csrf: CsrfChecked
) -> Response:
    """Approve a closed forum's minutes as a leader; show the start page with the result."""

    def approve() -> str:
        outcome = portal_minutes.approve(
            session=session, access=access, forum_id=forum_id, role=Role.LEADER
        )
        return portal_minutes.outcome_words(outcome)

    return _after(request, session, access, approve)


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

    def open_it() -> str:
        return portal_review.open_gate(
            session=session, access=access, cycle=cycle, stage=stage, reason=reason
        )

    return _after(request, session, access, open_it)


@router.get("/tahap/{run_id}")
def review(request: Request, run_id: int, session: SessionDep, access: LeaderDep) -> Response:
    """One stage: its documents, earlier decisions, and the decision form."""
    view = portal_review.review_page(session=session, access=access, run_id=run_id)
    return page(request, "leader_review", view)


def _stage_after(
    request: Request,
    session: Session,
    access: PortalAccess,
    run_id: int,
    action: Callable[[], str],
    typed: ReviewForm,
) -> Response:
    """The stage's page after an action: what it did, or (400) why not, with what was typed."""
    try:
        done = action()
    except (NotFoundError, AccessDenied):
        raise
    except ServiceError as exc:
        session.rollback()
        form = typed.model_copy(update={"error": str(exc)})
        view = portal_review.review_page(session=session, access=access, run_id=run_id, form=form)
        return page(request, "leader_review", view, status=400)
    form = ReviewForm(attempt=typed.attempt, done=done)
    view = portal_review.review_page(session=session, access=access, run_id=run_id, form=form)
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
    stop_confirmed: Text = "",
) -> Response:
    """Record the decision; show the page again with what was done, or why not."""
    typed = ReviewForm(
        attempt=attempt,
        choice=choice,
        reason=reason,
        back_to_forums=back_to_forums == "ya",
        stop_confirmed=stop_confirmed == "ya",
    )

    def decided() -> str:
        done = portal_review.decide(
            session=session,
            access=access,
            run_id=run_id,
            attempt=attempt,
            choice=choice,
            reason=reason,
            back_to_forums=typed.back_to_forums,
            stop_confirmed=typed.stop_confirmed,
        )
        # A `policy-cycle` run of a deployment waiting at this gate goes on now; the
        # decision is recorded whatever happens there (the sentence says if it waits).
        try:
            gate = portal_review.gate_of(session=session, access=access, run_id=run_id)
            woken = wake_after_decision(*gate)
        except ServiceError as exc:
            woken = f"Run Prefect yang menunggu di gerbang ini belum dapat dilanjutkan ({exc})."
        return f"{done} {woken}".strip()

    return _stage_after(request, session, access, run_id, decided, typed)


@router.post("/tahap/{run_id}/buka-kembali")
def reopen(
    request: Request,
    run_id: int,
    session: SessionDep,
    access: LeaderDep,
    _csrf: CsrfChecked,
    reason: Text = "",
) -> Response:
    """Reopen an approved evaluation period for a correction; the page again, with the result."""

    def reopened() -> str:
        return portal_review.reopen(session=session, access=access, run_id=run_id, reason=reason)

    typed = ReviewForm(attempt=0, reason=reason)
    return _stage_after(request, session, access, run_id, reopened, typed)


@router.get("/tindak-lanjut")
def follow_up(
    request: Request,
    session: SessionDep,
    access: LeaderDep,
    status: str = "open",
    unit: str = "",
    period: str = "",
    halaman: int = 1,
) -> Response:
    """The evaluation's follow-up actions: totals, and the list chosen (not done first).

    `?halaman=N`: the list's page N (100 rows to a page).
    """
    view = portal_actions.actions_page(
        session=session, access=access, status=status, unit=unit, period=period, page=halaman
    )
    return page(request, "leader_actions", view)


@router.get("/tindak-lanjut/{action_id}")
def follow_up_action(
    request: Request, action_id: int, session: SessionDep, access: LeaderDep
) -> Response:
    """One follow-up action and its history (read only)."""
    view = portal_actions.action_page(session=session, access=access, action_id=action_id)
    return page(request, "leader_action", view)


@router.get("/dokumen/{doc_id}")
def document(doc_id: int, session: SessionDep, access: LeaderDep) -> Response:
    """A document of the organisation, as stored (read-only)."""
    data = portal_review.document_html(session=session, access=access, doc_id=doc_id)
    return document_response(data)


@router.get("/dokumen/{doc_id}/pdf")
def document_pdf(doc_id: int, session: SessionDep, access: LeaderDep) -> Response:
    """A document of the organisation as PDF, printed from its stored HTML (Chromium)."""
    name, data = portal_review.document_pdf(session=session, access=access, doc_id=doc_id)
    return Response(
        data,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
