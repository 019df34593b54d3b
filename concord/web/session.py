"""Console sessions: the login session of the API (an ``api_tokens`` row of kind ``session``,
with the same idle timeout, expiry and sign-out everywhere) carried in a cookie.

- ``concord_session``: the session token; HttpOnly, SameSite=Strict, Secure on HTTPS and in
  production.
- CSRF: every form carries ``csrf``, an HMAC of the session token under the server's secret
  key (before sign-in, of a random pre-session cookie). A POST without the right value is
  refused (403 ``csrf_failed``) before anything runs. Scripts send it as ``X-CSRF-Token``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.responses import Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth import service as auth_service
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import AuthenticationError, CsrfError, PermissionDeniedError
from concord.settings import Settings

SESSION_COOKIE = "concord_session"
PRE_COOKIE = "concord_pre"


class SignInRequiredError(Exception):
    """Raised by console pages without a valid session: answered with a redirect to sign-in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def cookie_secure(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    return request.url.scheme == "https" or settings.environment == "production"


def set_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int | None = None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=cookie_secure(request),
        samesite="strict",
        path="/",
    )


def _key(request: Request) -> str | None:
    return (
        getattr(request.state, "session_token", None)
        or request.cookies.get(SESSION_COOKIE)
        or getattr(request.state, "pre_session", None)
        or request.cookies.get(PRE_COOKIE)
    )


def ensure_pre_session(request: Request) -> str:
    """A random pre-session value for the sign-in form's CSRF token (set as a cookie by
    :func:`remember_pre_session`)."""
    value = request.cookies.get(PRE_COOKIE) or getattr(request.state, "pre_session", None)
    if not value:
        value = secrets.token_urlsafe(24)
        request.state.pre_session = value
    return value


def remember_pre_session(request: Request, response: Response) -> None:
    value = getattr(request.state, "pre_session", None)
    if value and not request.cookies.get(PRE_COOKIE):
        set_cookie(response, request, PRE_COOKIE, value)


def csrf_token(request: Request) -> str:
    key = _key(request)
    if not key:
        return ""
    settings: Settings = request.app.state.settings
    secret = settings.secret_key.get_secret_value().encode()
    return hmac.new(secret, b"csrf\n" + key.encode(), hashlib.sha256).hexdigest()


async def verify_csrf(request: Request) -> None:
    """Dependency of every console POST: the form's (or header's) token must match."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    expected = csrf_token(request)
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise CsrfError("This form has expired or did not come from Concord: reload and try again")


def web_principal(request: Request, session: SessionDep, settings: SettingsDep) -> Principal:
    token = request.cookies.get(SESSION_COOKIE)
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not token:
        raise SignInRequiredError(path)
    client = request.client.host if request.client else None
    try:
        principal = auth_service.authenticate(
            session, token=token, client_ip=client, settings=settings
        )
    except AuthenticationError:
        raise SignInRequiredError(path) from None
    request.state.principal = principal
    return principal


WebPrincipal = Annotated[Principal, Depends(web_principal)]
Csrf = Depends(verify_csrf)


def web_require(permission: Permission) -> Callable[[Principal], Awaitable[Principal]]:
    """Like :func:`concord.api.deps.require`, for console pages."""

    async def check(principal: WebPrincipal) -> Principal:
        if not principal.has(permission):
            raise PermissionDeniedError(f"Your role does not allow '{permission}'")
        return principal

    return check


def sign_in_url(next_path: str) -> str:
    return "/?next=" + quote(next_path, safe="/")
