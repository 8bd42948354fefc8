"""The portal application (`siklus serve`): forums, the online surveys, organisers, leaders.

Layer: web shell over `policy.services.consultation`, `survey`, `needs_answers`,
`portal_access` and `portal_review`. Pages are server-rendered HTML with no script (usable
on a phone, nothing to build); HTML comes only from `policy.documents.render_portal`.
Protections, outermost first: security headers, the POST rate limit per client, the body
size limit, then CSRF tokens on every form, and the organiser and leader pages behind a
portal token of that role.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import text
from starlette.exceptions import HTTPException

from policy.services.common import NotFoundError, ServiceError
from policy.services.portal_access import AccessDenied
from policy.settings import Settings, get_settings
from siklus.web import decisions, leader, needs_survey, organiser, public, survey, units
from siklus.web.deps import ORGANISER_COOKIE, SessionDep
from siklus.web.security import (
    BodyLimitMiddleware,
    Csrf,
    CsrfError,
    RateLimitMiddleware,
    SecurityHeadersMiddleware,
    message_response,
)


def _not_found(request: Request, exc: Exception) -> Response:
    return message_response(request, "Tidak ditemukan", str(exc), 404)


def _csrf(request: Request, _exc: Exception) -> Response:
    return message_response(
        request,
        "Formulir tidak sah",
        "Formulir ini kedaluwarsa atau tidak dikirim dari halaman portal. "
        "Muat ulang halaman, lalu kirim lagi.",
        403,
    )


def _denied(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AccessDenied)
    leader = request.url.path.startswith("/pimpinan")
    login = "/pimpinan/masuk" if leader else "/penyelenggara/masuk"
    who = "pimpinan" if leader else "panitia"
    if not exc.invalid:  # signed in, for the other pages: stay signed in for them
        return message_response(request, f"Halaman ini untuk {who}", str(exc), 403, back=login)
    if request.method == "GET":
        response: Response = RedirectResponse(login, status_code=303)
    else:
        response = message_response(request, f"Perlu masuk sebagai {who}", str(exc), 401)
    if request.cookies.get(ORGANISER_COOKIE):
        response.delete_cookie(ORGANISER_COOKIE, path="/")
    return response


def _refused(request: Request, exc: Exception) -> Response:
    return message_response(request, "Permintaan tidak dapat diproses", str(exc), 409)


def _bad_request(request: Request, _exc: Exception) -> Response:
    return message_response(
        request,
        "Permintaan tidak sah",
        "Alamat atau isian formulir tidak sesuai; periksa tautannya.",
        404,
    )


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return message_response(
            request, "Tidak ditemukan", "Halaman tidak ditemukan; periksa kembali tautannya.", 404
        )
    if exc.status_code == 405:
        return message_response(request, "Tidak diizinkan", "Cara akses ini tidak didukung.", 405)
    return message_response(request, "Kesalahan", str(exc.detail), exc.status_code)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The portal app; limits and the signing key come from `settings` (default: environment)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Siklus — portal konsultasi", docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.csrf = Csrf(settings.signing_key())
    css = settings.templates_dir / "portal" / "portal.css"

    @app.get("/health")
    def health(session: SessionDep) -> JSONResponse:
        """Liveness and database check for monitoring."""
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        return JSONResponse({"status": "ok"})

    @app.get("/static/portal.css")
    def stylesheet() -> FileResponse:
        """The portal's only stylesheet."""
        return FileResponse(css, media_type="text/css", headers={"cache-control": "max-age=3600"})

    app.include_router(public.router)
    app.include_router(organiser.router)
    app.include_router(leader.router)
    app.include_router(survey.router)
    app.include_router(needs_survey.router)
    app.include_router(decisions.router)
    app.include_router(units.router)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(CsrfError, _csrf)
    app.add_exception_handler(AccessDenied, _denied)
    app.add_exception_handler(ServiceError, _refused)
    app.add_exception_handler(RequestValidationError, _bad_request)
    app.add_exception_handler(HTTPException, _http)
    # Added last = outermost: headers on every answer, then the rate limit, then the size limit.
    app.add_middleware(BodyLimitMiddleware, limit=settings.portal_max_body)
    app.add_middleware(RateLimitMiddleware, per_minute=settings.portal_rate_limit)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
