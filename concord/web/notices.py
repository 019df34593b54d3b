"""Notices in the console: the lists (my country's requests, notices in circulation, the review
queue), a notice's page with its history, and the decisions taken from a page (the same
service functions as ``POST /api/v1/notices/{id}/transitions``). The request wizard and the
reviewer's page are in :mod:`concord.web.notices_wizard` and :mod:`concord.web.notices_review`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import (
    ConflictError,
    PermissionDeniedError,
    PreconditionFailedError,
    ValidationFailedError,
)
from concord.notices import decisions, query
from concord.notices.routes import render as notice_out
from concord.notices.types import NoticeType
from concord.notices.workflow import Status
from concord.web import notices_form as nf
from concord.web.notices_review import router as review_router
from concord.web.notices_view import LABELS, notice_context
from concord.web.notices_wizard import check_page
from concord.web.notices_wizard import router as wizard_router
from concord.web.session import Csrf, WebPrincipal, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console/notices", include_in_schema=False)
# the wizard's fixed paths (/new, ...) before /{notice_id}
router.include_router(wizard_router)
router.include_router(review_router)
Reader = Annotated[Principal, Depends(web_require(Permission.NOTICES_READ))]
PER_PAGE = 50
#: the requests an NCB sees in its own list, by status
OWN_STATUSES = [s.value for s in Status]


def tabs_for(principal: Principal) -> list[str]:
    tabs = ["requests"] if principal.has(Permission.NOTICES_REQUEST) else []
    tabs.append("circulation")
    if principal.has(Permission.NOTICES_REVIEW):
        tabs.append("queue")
    return tabs


@router.get("")
def notices_list(
    request: Request,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    tab: Annotated[str | None, Query(pattern=r"^(requests|circulation|queue)$")] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    type: Annotated[NoticeType | None, Query()] = None,
    status: Annotated[Status | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    tabs = tabs_for(principal)
    tab = tab or tabs[0]
    if tab not in tabs:
        raise PermissionDeniedError("The review queue is for reviewers (gs_reviewer)")
    country = None
    wanted_status = status.value if status else None
    if tab == "requests" and not principal.is_secretariat:
        country = principal.country
    if tab == "circulation":
        wanted_status = Status.PUBLISHED.value
    rows, total = query.search(
        session,
        principal,
        settings,
        type=type.value if type else None,
        status=wanted_status,
        country=country,
        q=q.strip() if q and q.strip() else None,
        queue=tab == "queue",
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    return render(
        request,
        "console/notices/list.html",
        {
            "tab": tab,
            "tabs": tabs,
            "rows": [notice_out(principal, n) for n in rows],
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "q": q or "",
            "type": type.value if type else "",
            "status": status.value if status else "",
            "types": list(nf.TYPE_LABELS),
            "statuses": OWN_STATUSES,
            "may_request": bool(nf.types_for(principal, settings)),
            "labels": LABELS,
        },
    )


@router.get("/{notice_id}")
def notice_page(
    request: Request,
    notice_id: str,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    context = notice_context(session, principal, settings, notice_id)
    return render(request, "console/notices/notice.html", context)


PAGES = {"notice": "console/notices/notice.html", "review": "console/notices/review.html"}


@router.post("/{notice_id}/act", dependencies=[Csrf])
def act(
    request: Request,
    notice_id: str,
    principal: WebPrincipal,
    session: SessionDep,
    settings: SettingsDep,
    action: Annotated[str, Form(max_length=30)],
    version: Annotated[int | None, Form()] = None,
    reason: Annotated[str, Form(max_length=4000)] = "",
    ground: Annotated[str, Form(max_length=10)] = "",
    back: Annotated[str, Form(pattern=r"^(notice|review|check)$")] = "notice",
) -> Response:
    """Take one decision on a notice; on a refusal by the rules, show the page again with the
    reason next to the form (nothing is written)."""
    try:
        decisions.transition(
            session,
            principal,
            notice_id,
            action=action,
            reason=reason.strip() or None,
            ground=ground or None,
            expected_version=version,
            settings=settings,
        )
    except (ValidationFailedError, ConflictError, PreconditionFailedError) as exc:
        if back == "check":
            return check_page(request, session, principal, settings, notice_id, error=exc)
        context = notice_context(session, principal, settings, notice_id)
        context.update(
            {"error": exc.detail, "failed_action": action, "reason": reason, "ground": ground}
        )
        return render(request, PAGES[back], context, status=exc.status)
    return RedirectResponse(f"/console/notices/{notice_id}?done={action}", status_code=303)
