"""Jinja2 rendering: one environment per language (translations installed once, never swapped
between concurrent requests), with Babel filters for dates, numbers and country names."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from concord.web import i18n


def _country(code: str | None, lang: str) -> str:
    if not code:
        return ""
    name = i18n.locale(lang).territories.get(code.upper())
    return str(name) if name else code


@cache
def environment(lang: str) -> Environment:
    env = Environment(
        loader=PackageLoader("concord.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    loc = i18n.locale(lang)
    env.filters["fdate"] = lambda v, fmt="medium": (
        format_date(v, format=fmt, locale=loc) if isinstance(v, date | datetime) else ""
    )
    env.filters["fdatetime"] = lambda v, fmt="medium": (
        format_datetime(v, format=fmt, locale=loc) if isinstance(v, datetime) else ""
    )
    env.filters["fnumber"] = lambda v: format_decimal(v, locale=loc) if v is not None else ""
    env.filters["fpercent"] = lambda v: format_percent(v, locale=loc) if v is not None else ""
    env.filters["country"] = lambda code: _country(code, lang)
    env.globals["languages"] = i18n.LANGUAGES
    return env


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` in the request's language with the common context (language,
    direction, signed-in principal, CSRF token, current path)."""
    from concord.web.nav import items_for
    from concord.web.session import csrf_token

    lang = getattr(request.state, "lang", None) or i18n.choose(request)
    request.state.lang = lang
    principal = getattr(request.state, "principal", None)
    values: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "rtl": i18n.BY_CODE[lang].rtl,
        "principal": principal,
        "csrf": csrf_token(request),
        "path": request.url.path,
        "flash": request.query_params.get("done"),
        "nav": items_for(principal),
    }
    values.update(context or {})
    html = environment(lang).get_template(template).render(values)
    response = HTMLResponse(html, status_code=status, headers=headers)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response
