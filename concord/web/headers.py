"""Security headers on every response: a strict Content-Security-Policy on the web's pages (no
inline script or style, nothing from other origins, no framing), a stricter one still on API
answers (JSON loads nothing), frame denial, no MIME sniffing, and HSTS on requests that came
over TLS (``https`` scheme: the connection's own, or a trusted proxy's ``X-Forwarded-Proto``
when ``CONCORD_TRUSTED_PROXIES`` names it)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: API answers (JSON, problems, metrics) load nothing and are never framed.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HSTS = "max-age=31536000"
#: Swagger UI loads its script and style from a CDN: no policy that would break it.
_DOCS = frozenset({"/docs", "/docs/oauth2-redirect"})


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, is_page: Callable[[str], bool]) -> None:
        self.app = app
        self.is_page = is_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = self.is_page(scope["path"])
        https = scope.get("scheme") == "https"
        docs = scope["path"] in _DOCS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if page:
                    headers.setdefault("Content-Security-Policy", CSP)
                    headers.setdefault("Cache-Control", "no-store")
                elif not docs:
                    headers.setdefault("Content-Security-Policy", API_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)
