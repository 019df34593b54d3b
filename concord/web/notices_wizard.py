"""The request wizard: choose the type, the subject (a person record of my country), fill in
the type's fields, then review the automated compliance findings (the same check as
``POST /api/v1/notices/check``) and submit. The request is saved as a draft after the fields
step (``service.create``), so it can be checked, edited and submitted later; a request sent
back for information is answered through the same form (``service.edit``) and resubmitted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import (
    ConcordError,
    ConflictError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.notices import service
from concord.notices.checking import check_request
from concord.notices.schemas import CheckIn
from concord.notices.types import RULES, NoticeType, Subject
from concord.notices.workflow import EDITABLE
from concord.records.models import Record
from concord.records.query import RecordFilter, list_own
from concord.settings import Settings
from concord.web import notices_form as nf
from concord.web.notices_view import LABELS, notice_context
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(include_in_schema=False)
Requester = Annotated[Principal, Depends(web_require(Permission.NOTICES_REQUEST))]
PER_PAGE = 50


def _allowed(principal: Principal, settings: Settings, ntype: NoticeType | None = None) -> None:
    types = nf.types_for(principal, settings)
    if not types or (ntype is not None and ntype not in types):
        raise PermissionDeniedError("Your role or country may not request this notice type")


@router.get("/new")
def choose_type(
    request: Request,
    principal: Requester,
    settings: SettingsDep,
    ntype: Annotated[NoticeType | None, Query()] = None,
) -> Response:
    _allowed(principal, settings, ntype)
    if ntype is not None:  # the type chosen in the form: on to the subject
        return RedirectResponse(f"/console/notices/new/{ntype.value}", status_code=303)
    return render(
        request,
        "console/notices/new_type.html",
        {"types": nf.types_for(principal, settings), "labels": LABELS, "hints": nf.TYPE_HINTS},
    )


@router.get("/new/{ntype}")
def choose_subject(
    request: Request,
    ntype: NoticeType,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    _allowed(principal, settings, ntype)
    if not nf.needs_subject_step(ntype):
        return RedirectResponse(f"/console/notices/new/{ntype.value}/details", status_code=303)
    rows, total = list_own(
        session,
        principal,
        RecordFilter(type="person", q=q.strip() if q else None),
        settings=settings,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    return render(
        request,
        "console/notices/new_subject.html",
        {
            "ntype": ntype.value,
            "labels": LABELS,
            "records": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "q": q or "",
            "optional": RULES[ntype].subject is not Subject.PERSON,
        },
    )


def _form_context(
    session: Session,
    principal: Principal,
    settings: Settings,
    ntype: NoticeType,
    subject_id: str | None,
) -> dict[str, Any]:
    subject = session.get(Record, subject_id) if subject_id else None
    if subject is not None and not (principal.is_secretariat or subject.owner == principal.country):
        subject = None  # never show another country's record: the service refuses it anyway
    assets: list[Record] = []
    if "assets" in nf.SECTIONS[ntype]:
        assets, _ = list_own(
            session, principal, RecordFilter(type="asset"), settings=settings, limit=200
        )
    return {
        "ntype": ntype.value,
        "rule": RULES[ntype],
        "sections": nf.SECTIONS[ntype],
        "subject_id": subject_id or "",
        "subject_label": subject.label if subject else None,
        "asset_records": assets,
        "labels": LABELS,
        "slots": range(nf.CHARGE_SLOTS),
        "request_languages": [
            ("en", "English"),
            ("fr", "Français"),
            ("es", "Español"),
            ("ar", "العربية"),
        ],
    }


def _form_page(
    request: Request,
    context: dict[str, Any],
    *,
    values: dict[str, Any],
    error: ConcordError | None = None,
    status: int = 200,
) -> Response:
    context = context | {
        "values": values,
        "error": error.detail if error else None,
        "errors": nf.errors_by_field(error.errors if error else None),
    }
    return render(request, "console/notices/form.html", context, status=status)


async def _read_form(request: Request, ntype: NoticeType) -> tuple[dict[str, Any], dict[str, Any]]:
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    assets = [a for a in form.getlist("assets") if isinstance(a, str)]
    sanctions = [s for s in form.getlist("sanctions") if isinstance(s, str)]
    values["assets"], values["sanctions"] = assets, sanctions
    fields = nf.fields_from_form(ntype, values, assets=assets, sanctions=sanctions)
    return values, fields


@router.get("/new/{ntype}/details")
def details_form(
    request: Request,
    ntype: NoticeType,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
    subject_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    _allowed(principal, settings, ntype)
    context = _form_context(session, principal, settings, ntype, subject_id or None)
    context["action"] = f"/console/notices/new/{ntype.value}"
    return _form_page(request, context, values={"language": "en"})


@router.post("/new/{ntype}", dependencies=[Csrf])
async def create_request(
    request: Request,
    ntype: NoticeType,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    _allowed(principal, settings, ntype)
    values, fields = await _read_form(request, ntype)
    subject_id = str(values.get("subject_id") or "") or None
    try:
        notice = service.create(
            session,
            principal,
            type=ntype.value,
            subject_id=subject_id,
            language=str(values.get("language") or "en"),
            public=bool(values.get("public")),
            fields=fields,
            settings=settings,
        )
    except ConcordError as exc:
        if exc.status != 422:
            raise
        context = _form_context(session, principal, settings, ntype, subject_id)
        context["action"] = f"/console/notices/new/{ntype.value}"
        return _form_page(request, context, values=values, error=exc, status=422)
    return RedirectResponse(f"/console/notices/{notice.id}/check", status_code=303)


def _editable(session: Session, principal: Principal, settings: Settings, notice_id: str) -> Any:
    context = notice_context(session, principal, settings, notice_id)
    notice = context["notice"]
    if not context["is_requester"]:
        raise PermissionDeniedError("Only the requesting NCB changes its request")
    if notice.status not in EDITABLE:
        raise ConflictError(f"A notice that is {notice.status} cannot be edited")
    return notice


@router.get("/{notice_id}/edit")
def edit_form(
    request: Request,
    notice_id: str,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    notice = _editable(session, principal, settings, notice_id)
    context = _form_context(session, principal, settings, notice.type, notice.subject_id)
    context.update({"action": f"/console/notices/{notice.id}/edit", "notice": notice})
    values = nf.form_from_fields(notice.fields or {}) | {
        "language": notice.language,
        "public": "1" if notice.public else "",
        "version": str(notice.version),
        "assets": list((notice.fields or {}).get("assets", [])),
        "sanctions": list((notice.fields or {}).get("sanctions", [])),
    }
    return _form_page(request, context, values=values)


@router.post("/{notice_id}/edit", dependencies=[Csrf])
async def edit_request(
    request: Request,
    notice_id: str,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    notice = _editable(session, principal, settings, notice_id)
    values, fields = await _read_form(request, notice.type)
    try:
        version = int(str(values.get("version") or notice.version))
        service.edit(
            session,
            principal,
            notice_id,
            expected_version=version,
            changes={
                "fields": fields,
                "language": str(values.get("language") or notice.language),
                "public": bool(values.get("public")),
            },
            settings=settings,
        )
    except (ConcordError, ValueError) as exc:
        if isinstance(exc, ConcordError) and exc.status not in (412, 422):
            raise
        error = (
            exc if isinstance(exc, ConcordError) else ValidationFailedError("version: not a number")
        )
        context = _form_context(session, principal, settings, notice.type, notice.subject_id)
        context.update({"action": f"/console/notices/{notice_id}/edit", "notice": notice})
        return _form_page(request, context, values=values, error=error, status=error.status)
    return RedirectResponse(f"/console/notices/{notice_id}/check", status_code=303)


def check_page(
    request: Request,
    session: Session,
    principal: Principal,
    settings: Settings,
    notice_id: str,
    *,
    error: ConcordError | None = None,
) -> Response:
    """The review step: the request as saved and the automated findings on it."""
    notice = _editable(session, principal, settings, notice_id)
    check = check_request(
        session,
        principal,
        CheckIn(type=notice.type.value, subject_id=notice.subject_id, fields=notice.fields or {}),
        settings,
    )
    context = notice_context(session, principal, settings, notice_id) | {
        "check": check,
        "error": error.detail if error else None,
    }
    return render(
        request, "console/notices/check.html", context, status=error.status if error else 200
    )


@router.get("/{notice_id}/check")
def check(
    request: Request,
    notice_id: str,
    principal: Requester,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    return check_page(request, session, principal, settings, notice_id)
