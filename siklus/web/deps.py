"""Request-scoped dependencies of the portal: one database session per request.

Layer: web shell. Tests replace `get_session` through `app.dependency_overrides`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session

from policy.db import session_scope
from policy.models import Role
from policy.services.portal_access import AccessDenied, PortalAccess, check_token
from siklus.web.security import page, set_cookie


def get_session() -> Iterator[Session]:
    """A session for one request; the services it calls commit, anything else is rolled back."""
    with session_scope() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def check_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Refuse a form without this browser's token (403 through the app's handler)."""
    request.app.state.csrf.check(request, csrf_token)


CsrfChecked = Annotated[None, Depends(check_csrf)]


ORGANISER_COOKIE = "siklus_penyelenggara"


def organiser_access(request: Request, session: SessionDep) -> PortalAccess:
    """The organiser signed in with this browser (AccessDenied sends them to sign in)."""
    access = check_token(session, request.cookies.get(ORGANISER_COOKIE, ""))
    request.state.portal_roles = access.roles  # the menu links to the leaders' pages too
    return access


OrganiserDep = Annotated[PortalAccess, Depends(organiser_access)]


def leader_access(request: Request, session: SessionDep) -> PortalAccess:
    """The leader signed in with this browser (AccessDenied sends them to sign in)."""
    from policy.services.portal_access import LEADER_ROLES

    cookie = request.cookies.get(ORGANISER_COOKIE, "")
    access = check_token(session, cookie, LEADER_ROLES, "pimpinan")
    request.state.portal_roles = access.roles  # the menu links to the organisers' pages too
    return access


LeaderDep = Annotated[PortalAccess, Depends(leader_access)]


def sign_in(
    request: Request,
    session: Session,
    token: str,
    *,
    roles: tuple[Role, ...],
    who: str,
    home: str,
    login: BaseModel,
) -> Response:
    """Exchange a portal token for the cookie (valid as long as the token), then go `home`.

    A token refused for these `roles` shows the sign-in page `login` again with the reason.
    """
    from policy.models import as_utc, utcnow

    try:
        access = check_token(session, token.strip(), roles, who)
    except AccessDenied as exc:
        view = login.model_copy(update={"error": str(exc)})
        return page(request, "login", view, status=401)
    response = RedirectResponse(home, status_code=303)
    seconds = int((as_utc(access.expires_at) - utcnow()).total_seconds())
    set_cookie(response, request, ORGANISER_COOKIE, token.strip(), max_age=max(1, seconds))
    return response


def sign_out(login_path: str) -> Response:
    """Forget the portal cookie in this browser; back to the sign-in page."""
    response = RedirectResponse(login_path, status_code=303)
    response.delete_cookie(ORGANISER_COOKIE, path="/")
    return response
