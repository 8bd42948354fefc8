"""Request-scoped dependencies of the portal: one database session per request.

Layer: web shell. Tests replace `get_session` through `app.dependency_overrides`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Form, Request
from sqlmodel import Session

from policy.db import session_scope
from policy.services.portal_access import OrganiserAccess, check_token


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


def organiser_access(request: Request, session: SessionDep) -> OrganiserAccess:
    """The organiser signed in with this browser (AccessDenied sends them to sign in)."""
    return check_token(session, request.cookies.get(ORGANISER_COOKIE, ""))


OrganiserDep = Annotated[OrganiserAccess, Depends(organiser_access)]


def leader_access(request: Request, session: SessionDep) -> OrganiserAccess:
    """The leader signed in with this browser (AccessDenied sends them to sign in)."""
    from policy.services.portal_review import LEADER_ROLES

    return check_token(session, request.cookies.get(ORGANISER_COOKIE, ""), LEADER_ROLES, "pimpinan")


LeaderDep = Annotated[OrganiserAccess, Depends(leader_access)]
