"""Sign-in page (``/``), sign-in with password and TOTP, sign-out (here or everywhere), and
the language menu."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth import service as auth_service
from concord.errors import AuthenticationError, LoginFailedError
from concord.web import i18n
from concord.web.session import (
    PRE_COOKIE,
    SESSION_COOKIE,
    Csrf,
    WebPrincipal,
    ensure_pre_session,
    remember_pre_session,
    set_cookie,
    web_principal,
)
from concord.web.templating import render

router = APIRouter(include_in_schema=False)
HOME = "/console/"


def safe_next(value: str | None, default: str = HOME) -> str:
    """Only a path on this site: never ``//evil.example`` or ``https://...``."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    parts = urlsplit(value)
    return default if parts.scheme or parts.netloc else value


def _signin_page(
    request: Request, *, next_path: str, error: str | None = None, status: int = 200
) -> Response:
    ensure_pre_session(request)
    response = render(
        request,
        "signin.html",
        {"next": next_path, "error": error, "username": request.state.__dict__.get("username")},
        status=status,
    )
    remember_pre_session(request, response)
    return response


@router.get("/")
def signin_page(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    if request.cookies.get(SESSION_COOKIE):
        try:
            web_principal(request, session, settings)
            return RedirectResponse(next_path, status_code=303)
        except Exception:  # noqa: S110 - an expired session: show the sign-in page
            pass
    return _signin_page(request, next_path=next_path)


@router.post("/signin", dependencies=[Csrf])
def signin(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    code: Annotated[str, Form(max_length=12)],
    next: Annotated[str, Form(max_length=2000)] = HOME,
) -> Response:
    next_path = safe_next(next)
    client = request.client.host if request.client else None
    request.state.username = username
    try:
        result = auth_service.login(
            session,
            username=username.strip(),
            password=password,
            totp_code=code.strip(),
            settings=settings,
            client_ip=client,
        )
    except (LoginFailedError, AuthenticationError) as exc:
        request.state.uow.keep_on_error = True  # the failure counter and audit event stay
        _ = i18n.translations(i18n.choose(request)).gettext
        # A locked account gets the same answer as any failure (see auth.service.login).
        message = _("Unknown username, wrong password or wrong code.")
        return _signin_page(request, next_path=next_path, error=message, status=exc.status)
    response = RedirectResponse(next_path, status_code=303)
    set_cookie(
        response, request, SESSION_COOKIE, result.token, max_age=settings.session_ttl_minutes * 60
    )
    response.delete_cookie(PRE_COOKIE, path="/")
    return response


def _signed_out(request: Request) -> Response:
    response = RedirectResponse("/?done=signed_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/signout", dependencies=[Csrf])
def signout(request: Request, session: SessionDep, principal: WebPrincipal) -> Response:
    auth_service.logout(session, principal=principal)
    return _signed_out(request)


@router.post("/signout-everywhere", dependencies=[Csrf])
def signout_everywhere(request: Request, session: SessionDep, principal: WebPrincipal) -> Response:
    auth_service.logout(session, principal=principal, everywhere=True)
    return _signed_out(request)


@router.get("/lang/{code}")
def choose_language(request: Request, code: str) -> Response:
    """Remember the language chosen in the menu (a cookie for a year) and go back."""
    response = RedirectResponse(safe_next(request.query_params.get("next"), "/"), status_code=303)
    if code in i18n.BY_CODE:
        response.set_cookie(
            i18n.LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/", httponly=True
        )
    return response
