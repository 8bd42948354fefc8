"""Organiser pages of the portal: sign in with a token, a forum's inputs, attendance at the door.

Layer: web shell over `policy.services.portal_access`. The token from
`siklus portal token` is exchanged once for an HttpOnly cookie holding it; every
organiser page checks it again (expiry, role) through `OrganiserDep`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from policy.models import Role
from policy.services import portal_access, portal_deadlines, portal_minutes
from policy.services.common import NotFoundError, ServiceError
from policy.services.portal_access import ORGANISER_ROLES, AttendanceRefused, PortalAccess
from policy.views.portal import AttendanceForm, LoginPage
from siklus.web.deps import CsrfChecked, OrganiserDep, SessionDep, sign_in, sign_out
from siklus.web.security import PORTAL, page

router = APIRouter(prefix="/penyelenggara")
Text = Annotated[str, Form()]


@router.get("/masuk")
def login_form(request: Request) -> Response:
    """The sign-in form."""
    return page(request, "login", LoginPage(header=PORTAL))


@router.post("/masuk")
def login(request: Request, session: SessionDep, _csrf: CsrfChecked, token: Text = "") -> Response:
    """Exchange a token for the organiser cookie (valid as long as the token)."""
    return sign_in(request, session, token, roles=ORGANISER_ROLES, who="penyelenggara atau admin",
                   home="/penyelenggara", login=LoginPage(header=PORTAL))  # fmt: skip


@router.post("/keluar")
def logout(_csrf: CsrfChecked) -> Response:
    """Forget the organiser cookie in this browser."""
    return sign_out("/penyelenggara/masuk")


def _home(
    request: Request,
    session: Session,
    access: PortalAccess,
    notice: str = "",
    error: str = "",
    status: int = 200,
) -> Response:
    view = portal_access.organiser_home(session=session, access=access)
    waiting = portal_minutes.minutes_waiting(session=session, access=access, role=Role.ORGANISER)
    view = view.model_copy(update={"minutes": waiting, "notice": notice, "error": error})
    return page(request, "organiser_home", view, status=status)


@router.get("")
def organiser_home(request: Request, session: SessionDep, access: OrganiserDep) -> Response:
    """The forums of the newest cycle, and the minutes waiting for an organiser's approval."""
    return _home(request, session, access)


@router.post("/notulen/{forum_id}")
def approve_minutes(
    request: Request, forum_id: int, session: SessionDep, access: OrganiserDep, _csrf: CsrfChecked
) -> Response:
    """Approve a closed forum's minutes as its organiser; show the start page with the result."""
    try:
        outcome = portal_minutes.approve(
            session=session, access=access, forum_id=forum_id, role=Role.ORGANISER
        )
    except NotFoundError:
        raise
    except ServiceError as exc:
        session.rollback()
        return _home(request, session, access, error=str(exc), status=400)
    return _home(request, session, access, notice=portal_minutes.outcome_words(outcome))


@router.get("/tenggat")
def deadlines(request: Request, session: SessionDep, access: OrganiserDep) -> Response:
    """The overdue board: stages and milestones past or near their deadline, all cycles."""
    view = portal_deadlines.deadline_board(session=session, access=access)
    return page(request, "organiser_deadlines", view)


@router.get("/forum/{forum_id}/masukan")
def inputs(request: Request, forum_id: int, session: SessionDep, access: OrganiserDep) -> Response:
    """A forum's inputs grouped by section."""
    view = portal_access.forum_inputs(session=session, access=access, forum_id=forum_id)
    return page(request, "organiser_inputs", view)


@router.get("/forum/{forum_id}/kehadiran")
def attendance(
    request: Request, forum_id: int, session: SessionDep, access: OrganiserDep
) -> Response:
    """The attendance form and the people recorded so far."""
    view = portal_access.attendance_page(session=session, access=access, forum_id=forum_id)
    return page(request, "organiser_attendance", view)


@router.post("/forum/{forum_id}/kehadiran")
def record_attendance(
    request: Request,
    forum_id: int,
    session: SessionDep,
    access: OrganiserDep,
    _csrf: CsrfChecked,
    name: Text = "",
    nip: Text = "",
    institution: Text = "",
    group: Text = "",
) -> Response:
    """Record a person at the door; show the form again with the result."""
    try:
        saved = portal_access.record_attendance(
            session=session,
            access=access,
            forum_id=forum_id,
            name=name,
            nip=nip,
            institution=institution,
            group=group,
        )
    except AttendanceRefused as exc:
        form = AttendanceForm(
            name=name, nip=nip, institution=institution, group=group, errors=exc.problems
        )
        view = portal_access.attendance_page(
            session=session, access=access, forum_id=forum_id, form=form
        )
        return page(request, "organiser_attendance", view, status=400)
    view = portal_access.attendance_page(
        session=session, access=access, forum_id=forum_id, form=AttendanceForm(saved=saved)
    )
    return page(request, "organiser_attendance", view)
