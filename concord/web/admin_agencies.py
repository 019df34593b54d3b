"""Agencies in the console: the national agencies my NCB authorises (all for the
Secretariat), authorising a new one, suspending (with a reason) and reinstating, through the
members service as the agencies API does."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import ConflictError, ValidationFailedError
from concord.members import service
from concord.members.schemas import AgencyCreate, AgencySuspend
from concord.web import admin_accounts as aa
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(web_require(Permission.USERS_READ))]
Manager = Annotated[Principal, Depends(web_require(Permission.AGENCIES_MANAGE))]
PER_PAGE = 50


def agencies_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    country: str | None = None,
    page: int = 1,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    rows, total = service.list_agencies(
        session, principal, country=country, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    return render(
        request,
        "console/admin/agencies.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "country": country or "",
            "kinds": aa.AGENCY_KINDS,
            "may_manage": principal.has(Permission.AGENCIES_MANAGE),
            "values": values or {},
            "errors": errors or {},
        },
        status=status,
    )


@router.get("/agencies")
def agencies(
    request: Request,
    principal: Reader,
    session: SessionDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    return agencies_page(request, session, principal, country=country, page=page)


@router.post("/agencies", dependencies=[Csrf])
def create_agency(
    request: Request,
    principal: Manager,
    session: SessionDep,
    name: Annotated[str, Form(max_length=300)] = "",
    kind: Annotated[str, Form(max_length=40)] = "",
    country: Annotated[str, Form(max_length=2)] = "",
) -> Response:
    values = {"name": name, "kind": kind, "country": country}
    try:
        body = AgencyCreate(
            name=name.strip(),
            kind=kind,
            country=(country.strip().upper() or None) if principal.is_secretariat else None,
        )
        service.create_agency(
            session, principal, name=body.name, kind=str(body.kind), country=body.country
        )
    except ValidationError as exc:
        return agencies_page(
            request, session, principal, values=values, errors=aa.field_errors(exc), status=422
        )
    except (ValidationFailedError, ConflictError) as exc:
        return agencies_page(
            request, session, principal, values=values, errors={"name": exc.detail},
            status=exc.status,
        )  # fmt: skip
    return RedirectResponse("/console/admin/agencies?done=created", status_code=303)


@router.post("/agencies/{agency_id}/{change}", dependencies=[Csrf])
def change_agency(
    request: Request,
    agency_id: str,
    change: str,
    principal: Manager,
    session: SessionDep,
    reason: Annotated[str, Form(max_length=600)] = "",
) -> Response:
    if change not in ("suspend", "reinstate"):
        raise ValidationFailedError(f"Unknown change '{change}'")
    service.get_agency(session, principal, agency_id)  # another country's: 404, audited
    if change == "suspend":
        try:
            body = AgencySuspend(reason=reason.strip())
        except ValidationError as exc:
            errors = {f"reason-{agency_id}": aa.field_errors(exc).get("reason", "")}
            return agencies_page(request, session, principal, errors=errors, status=422)
        service.set_agency_status(session, principal, agency_id, suspended=True, reason=body.reason)
    else:
        service.set_agency_status(session, principal, agency_id, suspended=False)
    return RedirectResponse(f"/console/admin/agencies?done={change}", status_code=303)
