"""Everything the web serves: sign-in, the console's areas, the public site, static files,
and HTML error pages for them (the API keeps answering problem+json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from concord.web.session import SignInRequiredError, sign_in_url
from concord.web.templating import render

STATIC_DIR = Path(__file__).parent / "static"
#: Paths the web serves (everything else is the API, health or the public notices API).
WEB_PREFIXES = ("/console", "/public", "/signin", "/signout", "/lang/")


def is_web_path(path: str) -> bool:
    return path == "/" or path.startswith(WEB_PREFIXES)


def _routers() -> list[APIRouter]:
    from concord.web.admin import router as admin_router
    from concord.web.audit import router as audit_router
    from concord.web.home import router as home_router
    from concord.web.messages import router as messages_router
    from concord.web.notices import router as notices_router
    from concord.web.public import router as public_router
    from concord.web.records import router as records_router
    from concord.web.records_forms import router as records_forms_router
    from concord.web.records_import import router as records_import_router
    from concord.web.screening import router as screening_router
    from concord.web.screening_batch import router as screening_batch_router
    from concord.web.signin import router as signin_router
    from concord.web.stats import router as stats_router

    return [
        signin_router,
        home_router,
        notices_router,
        audit_router,
        admin_router,
        messages_router,
        public_router,
        screening_router,
        screening_batch_router,
        records_import_router,
        records_forms_router,
        records_router,
        stats_router,
    ]


def html_error(
    request: Request, problem: dict[str, Any], headers: dict[str, str] | None = None
) -> Response | None:
    """The HTML page for an error raised by a console or public page (None elsewhere)."""
    if not is_web_path(request.url.path):
        return None
    status = int(problem["status"])
    return render(request, "error.html", {"problem": problem}, status=status, headers=headers)


def install(app: FastAPI) -> None:
    for router in _routers():
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.state.html_error = html_error

    async def sign_in_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequiredError)
        return RedirectResponse(sign_in_url(exc.next_path), status_code=303)

    app.add_exception_handler(SignInRequiredError, sign_in_required)
