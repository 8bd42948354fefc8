"""The portal's protections: form tokens (CSRF), rate limit, body size limit, security headers.

Layer: web shell. The rate limit, the size limit and the headers are plain ASGI middleware,
so they act before FastAPI parses anything. Refusals are pages rendered by
`policy.documents.render_portal` like every other page.

CSRF: a signed double-submit token. The browser holds a random value in an HttpOnly
cookie; each form carries HMAC(portal key, that value). Another site can make a browser
send the cookie, but cannot read it nor compute the HMAC, so its forged form is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from starlette.types import ASGIApp as App
from starlette.types import Message, Receive, Scope, Send

from policy.documents import render_portal
from policy.locale import LOCALES, Locale
from policy.portal_words import say, word
from policy.views.portal import MessagePage, PortalHeader

CSRF_COOKIE = "siklus_csrf"
CSRF_FIELD = "csrf_token"
PORTAL = PortalHeader(organisation="Portal Konsultasi Siklus")
PORTAL_EN = PortalHeader(organisation="Siklus Consultation Portal")

#: Pages of the portal: no script at all, styles and images from the portal only.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
#: Stored documents carry their print stylesheet inline; still no script.
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def document_response(data: bytes) -> Response:
    """A registered document's stored HTML, served as is under the documents' strict policy."""
    return Response(
        data, media_type="text/html; charset=utf-8",
        headers={"content-security-policy": DOCUMENT_CSP},
    )  # fmt: skip


HEADERS = {
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",  # forum links carry their token: never pass it on
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cache-control": "no-store",
}


# ------------------------------------------------------------------- languages

#: The visitor's language, once chosen with `?lang=en` or `?lang=id` on a public page.
LANG_COOKIE = "siklus_bahasa"
#: The pages the public reads (and employees: the needs questionnaire, their own sheet): they
#: speak English too (`policy.portal_words`). The organisers' and leaders' pages are the
#: officers' own, in Bahasa Indonesia.
PUBLIC_PAGES = frozenset(
    {
        "survey",
        "survey_thanks",
        "ikm_results",
        "home",
        "needs_survey",
        "needs_survey_thanks",
        "forum",
        "receipt",
        "documents",
        "message",
        "sheet_home",
    }
)
_OFFICERS = ("/penyelenggara", "/pimpinan")


def _language(request: Request, public: bool = True) -> tuple[Locale, str, bool]:
    """A page's language: (locale, the page's address in the other one, remember the choice).

    A public page speaks `?lang=`, else the visitor's earlier choice, else Indonesian; the
    address of the other language keeps the page's own query ('' for an answer to a form).
    The officers' pages (and their refusals) are always in Bahasa Indonesia.
    """
    if not public or request.url.path.startswith(_OFFICERS):
        return "id", "", False
    asked = request.query_params.get("lang", "")
    chosen = asked if asked in LOCALES else request.cookies.get(LANG_COOKIE, "")
    locale: Locale = "en" if chosen == "en" else "id"
    switch = ""
    if request.method == "GET":
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        query.append(("lang", "id" if locale == "en" else "en"))
        switch = f"{request.url.path}?{urlencode(query)}"
    return locale, switch, asked in LOCALES


def portal_locale(request: Request) -> Locale:
    """The language of a public page (`_language`); Bahasa Indonesia for the officers'."""
    return _language(request)[0]


def _respond(
    request: Request, name: str, view: BaseModel, status: int, public: bool, **extra: Any
) -> HTMLResponse:
    """Render portal page `name` in the request's language; keep a language asked for."""
    locale, switch, remember = _language(request, public)
    html = render_portal(name, view, locale=locale, switch=switch, **extra)
    response = HTMLResponse(html, status_code=status)
    if remember:  # for the visitor's next pages, a year
        set_cookie(response, request, LANG_COOKIE, locale, max_age=365 * 24 * 3600)
    return response


def message_response(
    request: Request, title: str, message: str, status: int, back: str = ""
) -> HTMLResponse:
    """A page that only says something, with an HTTP status, in the visitor's language.

    `title` and `message` are Indonesian; each is shown in English where the catalogue has
    it (a service's message with values comes already in the page's language).
    """
    locale = portal_locale(request)
    view = MessagePage(
        header=PORTAL if locale == "id" else PORTAL_EN,
        title=word(title, locale),
        message=word(message, locale),
        back=back,
    )
    return _respond(request, "message", view, status, public=True)


# -------------------------------------------------------------------------- CSRF


class CsrfError(Exception):
    """A form without a valid token."""


@dataclass(frozen=True)
class Csrf:
    """Makes and checks form tokens with the portal key."""

    key: bytes

    def _sign(self, value: str) -> str:
        mac = hmac.new(self.key, b"csrf:" + value.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")

    def token(self, request: Request) -> tuple[str, str | None]:
        """The form token for this browser, and a new cookie value when it has none yet."""
        value = request.cookies.get(CSRF_COOKIE, "")
        if len(value) < 32 or not value.isascii():
            value = secrets.token_urlsafe(32)
            return self._sign(value), value
        return self._sign(value), None

    def check(self, request: Request, submitted: str) -> None:
        """Refuse a form whose token does not belong to this browser's cookie.

        Raises:
            CsrfError: the cookie or the token is missing, or they do not match.
        """
        value = request.cookies.get(CSRF_COOKIE, "")
        if (
            len(value) < 32
            or not value.isascii()
            or not submitted.isascii()
            or not hmac.compare_digest(self._sign(value), submitted)
        ):
            raise CsrfError


def set_cookie(
    response: Response, request: Request, name: str, value: str, max_age: int | None = None
) -> None:
    """Set a portal cookie: HttpOnly, same-site (lax), secure over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def page(request: Request, name: str, view: BaseModel, status: int = 200) -> HTMLResponse:
    """A portal page with this browser's form token in its forms, in the visitor's language."""
    csrf: Csrf = request.app.state.csrf
    token, new_cookie = csrf.token(request)
    roles = tuple(getattr(request.state, "portal_roles", ()))
    response = _respond(
        request, name, view, status, public=name in PUBLIC_PAGES, csrf=token, roles=roles
    )
    if new_cookie is not None:
        set_cookie(response, request, CSRF_COOKIE, new_cookie)
    return response


# ------------------------------------------------------------------- rate limit


class TokenBucket:
    """Per-client token buckets: `rate` requests a minute, bursts up to `rate`."""

    def __init__(self, rate: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(rate)
        self.per_second = rate / 60.0
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def take(self, client: str) -> float:
        """Take one token for `client`: 0 when allowed, else seconds until one is free."""
        now = self.clock()
        tokens, last = self.buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.per_second)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.per_second
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > 10_000:
            self._forget_full(now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        """Drop clients whose bucket has refilled (keeps memory bounded)."""
        full = self.capacity / self.per_second
        self.buckets = {c: v for c, v in self.buckets.items() if now - v[1] < full}


class RateLimitMiddleware:
    """Refuse a client's POST beyond its rate with 429 and `Retry-After`."""

    def __init__(self, app: App, per_minute: int) -> None:
        self.app = app
        self.bucket = TokenBucket(per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the client's bucket on POST, then pass the request on."""
        if scope["type"] == "http" and scope["method"] == "POST":
            client = scope.get("client")
            wait = self.bucket.take(client[0] if client else "?")
            if wait > 0:
                seconds = max(1, int(wait + 0.999))
                request = Request(scope)
                response = message_response(
                    request,
                    "Terlalu banyak kiriman",
                    say(
                        "Terlalu banyak kiriman dari alamat Anda dalam satu menit. "
                        "Tunggu sekitar %(seconds)s detik, lalu kirim lagi.",
                        portal_locale(request),
                        seconds=seconds,
                    ),
                    429,
                )
                response.headers["retry-after"] = str(seconds)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# -------------------------------------------------------------------- body size


class BodyLimitMiddleware:
    """Refuse a request body over `limit` bytes with 413, before anything parses it.

    A declared Content-Length is checked at once; a body without one is read up to the
    limit and then handed on, so a chunked upload cannot slip past.
    """

    def __init__(self, app: App, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _too_large(self, request: Request) -> HTMLResponse:
        return message_response(
            request,
            "Kiriman terlalu besar",
            say(
                "Kiriman melebihi batas %(kb)s KB. Persingkat isi masukan lalu kirim lagi.",
                portal_locale(request),
                kb=self.limit // 1024,
            ),
            413,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read at most `limit` bytes of the body, then pass the request on."""
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = self.limit + 1
            if size > self.limit:
                await self._too_large(Request(scope))(scope, receive, send)
                return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.limit:
                await self._too_large(Request(scope))(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# ---------------------------------------------------------------------- headers


class SecurityHeadersMiddleware:
    """Add the security headers to every response (a route may set its own CSP)."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, adding the headers to the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers") or [])
                present = {k.lower() for k, _ in raw}
                extra = {**HEADERS, "content-security-policy": PAGE_CSP}
                raw += [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in extra.items()
                    if k.encode("latin-1") not in present
                ]
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, with_headers)
