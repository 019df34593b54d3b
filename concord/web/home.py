"""The console's home page: what needs the signed-in person now."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from concord.web.session import WebPrincipal
from concord.web.templating import render

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/")
def home(request: Request, principal: WebPrincipal) -> Response:
    return render(request, "console/home.html", {})
