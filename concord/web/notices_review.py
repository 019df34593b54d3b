"""The reviewer's page of a request: the request beside its automated findings (blocking ones
first and highlighted), with the decisions (approve, ask for information, refuse with a reason
and a ground) posted to :func:`concord.web.notices.act`, which calls the API's service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.web.notices_view import notice_context
from concord.web.session import web_require
from concord.web.templating import render

router = APIRouter(include_in_schema=False)
Reviewer = Annotated[Principal, Depends(web_require(Permission.NOTICES_REVIEW))]


@router.get("/{notice_id}/review")
def review_page(
    request: Request,
    notice_id: str,
    principal: Reviewer,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    context = notice_context(session, principal, settings, notice_id)
    return render(request, "console/notices/review.html", context)
