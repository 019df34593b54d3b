"""Administration in the console: the people and service accounts of my country (all for the
Secretariat), creating them (a person's TOTP enrolment secret shown once), changing a role,
disabling, enabling, unlocking and resetting the second factor. Every action calls the
service the accounts API calls (``concord.auth.accounts``), so an NCB admin never sees or
changes another country's accounts. Agencies and tokens: :mod:`concord.web.admin_agencies`,
:mod:`concord.web.admin_tokens`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from concord import audit
from concord.api.deps import SessionDep, SettingsDep
from concord.auth import accounts
from concord.auth.principal import Principal
from concord.auth.roles import Permission, Role
from concord.auth.schemas import ServiceAccountCreate, UserCreate
from concord.errors import ConflictError, ValidationFailedError
from concord.web import admin_accounts as aa
from concord.web.admin_agencies import router as agencies_router
from concord.web.admin_tokens import router as tokens_router
from concord.web.admin_tokens import tokens_of
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console/admin", include_in_schema=False)
router.include_router(agencies_router)
router.include_router(tokens_router)
Reader = Annotated[Principal, Depends(web_require(Permission.USERS_READ))]
Manager = Annotated[Principal, Depends(web_require(Permission.USERS_MANAGE))]
PER_PAGE = 50
Country = Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")]


def _list_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    kind: str,
    country: str | None,
    page: int,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    rows, total = accounts.list_accounts(
        session,
        principal,
        country=country,
        kind=kind,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    return render(
        request,
        "console/admin/accounts.html",
        {
            "kind": kind,
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "country": country or "",
            "roles": aa.grantable(principal),
            "role_labels": aa.ROLE_LABELS,
            "may_manage": principal.has(Permission.USERS_MANAGE),
            "values": values or {},
            "errors": errors or {},
        },
        status=status,
    )


@router.get("")
def users(
    request: Request,
    principal: Reader,
    session: SessionDep,
    country: Country = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    return _list_page(request, session, principal, kind="user", country=country, page=page)


@router.get("/services")
def services(
    request: Request,
    principal: Reader,
    session: SessionDep,
    country: Country = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    return _list_page(request, session, principal, kind="service", country=country, page=page)


@router.post("/accounts", dependencies=[Csrf])
async def create_account(
    request: Request, principal: Manager, session: SessionDep, settings: SettingsDep
) -> Response:
    form = await request.form()
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    kind = "service" if values.get("kind") == "service" else "user"
    country = values.get("country") or None if principal.is_secretariat else principal.country
    data = {
        "username": values.get("username", ""),
        "display_name": values.get("display_name", ""),
        "role": values.get("role", ""),
        "country": country,
        "email": values.get("email") or None,
    }
    try:
        if kind == "user":
            body: UserCreate | ServiceAccountCreate = UserCreate(
                **data, password=str(form.get("password") or "")
            )
        else:
            body = ServiceAccountCreate(**data, default_purpose=values.get("purpose") or None)
        new = accounts.create_account(
            session,
            principal,
            settings=settings,
            kind=kind,
            username=body.username,
            display_name=body.display_name,
            role=body.role,
            country=body.country,
            email=body.email,
            password=body.password if isinstance(body, UserCreate) else None,
            default_purpose=body.default_purpose
            if isinstance(body, ServiceAccountCreate)
            else None,
        )
    except ValidationError as exc:
        errors = aa.field_errors(exc)
        return _list_page(
            request, session, principal, kind=kind, country=None, page=1,
            values=values, errors=errors, status=422,
        )  # fmt: skip
    except (ValidationFailedError, ConflictError) as exc:
        name = "username" if isinstance(exc, ConflictError) else "form"
        return _list_page(
            request, session, principal, kind=kind, country=None, page=1,
            values=values, errors={name: exc.detail}, status=exc.status,
        )  # fmt: skip
    if kind == "service":
        return RedirectResponse(
            f"/console/admin/accounts/{new.account.id}?done=created", status_code=303
        )
    return render(
        request,
        "console/admin/secret.html",
        {"account": new.account, "totp_secret": new.totp_secret, "totp_uri": new.totp_uri},
    )


def account_page(
    request: Request,
    session: Session,
    principal: Principal,
    account_id: str,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    account = accounts.get_account(session, principal, account_id)
    audit.record(
        session, actor=principal, action="account.read", object_type="account", object_id=account.id
    )
    tokens = (
        tokens_of(session, principal, account.id)
        if account.kind == "service" and principal.has(Permission.TOKENS_MANAGE)
        else None
    )
    return render(
        request,
        "console/admin/account.html",
        {
            "account": account,
            "tokens": tokens,
            "roles": aa.grantable(principal),
            "role_labels": aa.ROLE_LABELS,
            "may_manage": principal.has(Permission.USERS_MANAGE)
            and account.id != principal.account_id,
            "may_tokens": principal.has(Permission.TOKENS_MANAGE),
            "error": error,
        },
        status=status,
    )


@router.get("/accounts/{account_id}")
def account(request: Request, account_id: str, principal: Reader, session: SessionDep) -> Response:
    return account_page(request, session, principal, account_id)


@router.post("/accounts/{account_id}/role", dependencies=[Csrf])
def set_role(
    request: Request,
    account_id: str,
    principal: Manager,
    session: SessionDep,
    role: Annotated[str, Form(max_length=30)],
) -> Response:
    try:
        aa.change_role(session, principal, account_id, role=Role(role))
    except (ValueError, ValidationFailedError, ConflictError) as exc:
        detail = getattr(exc, "detail", f"Unknown role '{role}'")
        return account_page(
            request, session, principal, account_id, error=detail,
            status=getattr(exc, "status", 422),
        )  # fmt: skip
    return RedirectResponse(f"/console/admin/accounts/{account_id}?done=role", status_code=303)


@router.post("/accounts/{account_id}/{change}", dependencies=[Csrf])
def change_account(
    request: Request,
    account_id: str,
    change: str,
    principal: Manager,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Disable, enable, unlock, or reset the second factor (its new secret shown once)."""
    try:
        if change in ("disable", "enable"):
            accounts.set_disabled(session, principal, account_id, disabled=change == "disable")
        elif change == "unlock":
            accounts.unlock(session, principal, account_id)
        elif change == "reset-totp":
            new = accounts.reset_totp(session, principal, account_id, settings=settings)
            return render(
                request,
                "console/admin/secret.html",
                {"account": new.account, "totp_secret": new.totp_secret, "totp_uri": new.totp_uri},
            )
        else:
            raise ValidationFailedError(f"Unknown change '{change}'")
    except (ValidationFailedError, ConflictError) as exc:
        return account_page(
            request, session, principal, account_id, error=exc.detail, status=exc.status
        )
    return RedirectResponse(f"/console/admin/accounts/{account_id}?done={change}", status_code=303)
