"""Records in the console: browse and filter my country's records (every visible record for
the Secretariat), open one, set who may see it and renew its review date, through the same
services as ``/api/v1/records`` (``concord.records.query`` and ``service``). Creating and
editing is in :mod:`.records_forms`, importing in :mod:`.records_import`."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.errors import ValidationFailedError
from concord.notices.hits import notices_for
from concord.records import query, service
from concord.records.models import Record
from concord.settings import Settings
from concord.web import i18n
from concord.web.nav import N_
from concord.web.records_fields import FIELD_LABELS
from concord.web.screening import ACTIONS, NOTICE_TYPES, RECORD_TYPES
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console", include_in_schema=False)
Reader = Annotated[Principal, Depends(web_require(Permission.RECORDS_READ))]
PER_PAGE = 50
DUE_DAYS = 30
STATUSES = {
    "current": N_("Within review date"),
    "due": N_("Review due within 30 days"),
    "overdue": N_("Past review date (hidden from others)"),
}
RESTRICTIONS = {
    "all": N_("Every member country"),
    "only": N_("Only the countries listed"),
    "except": N_("Every member except the countries listed"),
}
LINK_KINDS = {
    "holder": N_("holder"),
    "owner": N_("owner"),
    "linked": N_("linked"),
    "related": N_("related"),
}


def record_filter(kind: str | None, q: str | None, status: str | None) -> query.RecordFilter:
    return query.RecordFilter(
        type=kind if kind in RECORD_TYPES else None,
        q=q.strip() if q and q.strip() else None,
        review_due_within_days=DUE_DAYS if status == "due" else None,
        overdue={"overdue": True, "current": False}.get(status or ""),
    )


@router.get("/records")
def list_records(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: Reader,
    type: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    f = record_filter(type, q, status)
    rows, total = query.list_own(
        session, principal, f, settings=settings, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    now = clock_now(settings)
    context = {
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "filters": {"type": f.type or "", "q": f.q or "", "status": status or ""},
        "types": RECORD_TYPES,
        "statuses": STATUSES,
        "restrictions": RESTRICTIONS,
        "now": now,
        "soon": now + timedelta(days=DUE_DAYS),
        "can_write": principal.has(Permission.RECORDS_WRITE) and principal.country is not None,
    }
    return render(request, "console/records/list.html", context)


def owner_view(principal: Principal, row: Record) -> bool:
    return principal.country == row.owner or principal.is_secretariat


def may_change(principal: Principal, row: Record) -> bool:
    return principal.has(Permission.RECORDS_WRITE) and principal.country == row.owner


def detail_context(
    session: Any, principal: Principal, row: Record, settings: Settings, lang: str
) -> dict[str, Any]:
    now = clock_now(settings)
    notices = notices_for(session, [row.id], now).get(row.id, [])
    return {
        "row": row,
        "type_label": RECORD_TYPES.get(row.type, row.type),
        "countries": service.countries_of(session, row.id) if owner_view(principal, row) else None,
        "show_restriction": owner_view(principal, row),
        "links": service.links_of(session, principal, row, settings),
        "link_kinds": LINK_KINDS,
        "labels": FIELD_LABELS,
        "notices": [
            {
                **n,
                "kind": NOTICE_TYPES.get(n["type"], n["type"]),
                "template": ACTIONS.get(n["type"]),
            }
            for n in notices
        ],
        "overdue": query.overdue_at(row, now),
        "can_change": may_change(principal, row),
        "restrictions": RESTRICTIONS,
        "errors": {},
        "form": {},
    }


@router.get("/records/{record_id}")
def read_record(
    request: Request,
    record_id: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: Reader,
) -> Response:
    row = service.read(session, principal, record_id[:32], settings=settings)
    context = detail_context(session, principal, row, settings, i18n.choose(request))
    return render(request, "console/records/detail.html", context)


def _version(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValidationFailedError("The form lost the record's version: reload it") from None


@router.post("/records/{record_id}/restriction", dependencies=[Csrf])
def set_restriction(
    request: Request,
    record_id: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: Reader,
    version: Annotated[str, Form(max_length=12)],
    restriction: Annotated[str, Form(max_length=10)],
    countries: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    codes = [c.strip().upper() for c in countries.replace(",", ";").split(";") if c.strip()]
    try:
        service.update(
            session,
            principal,
            record_id[:32],
            {"restriction": restriction, "countries": codes},
            expected_version=_version(version),
            settings=settings,
        )
    except ValidationFailedError as exc:
        row = service.read(session, principal, record_id[:32], settings=settings)
        context = detail_context(session, principal, row, settings, i18n.choose(request))
        context["errors"] = {"countries": exc.detail}
        context["form"] = {"restriction": restriction, "countries": countries}
        return render(request, "console/records/detail.html", context, status=exc.status)
    return RedirectResponse(f"/console/records/{record_id}?done=restricted", status_code=303)


@router.post("/records/{record_id}/renew", dependencies=[Csrf])
def renew_record(
    record_id: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: Reader,
    version: Annotated[str, Form(max_length=12)],
) -> Response:
    service.renew(
        session, principal, record_id[:32], expected_version=_version(version), settings=settings
    )
    return RedirectResponse(f"/console/records/{record_id}?done=renewed", status_code=303)
