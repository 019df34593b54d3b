"""Service accounts' API tokens in the console: issue one (its secret shown once, never
again: only its hash is stored) and revoke one, through ``concord.auth.accounts`` as the
tokens API does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth import accounts
from concord.auth.models import ApiToken
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.auth.schemas import TokenCreate
from concord.errors import ConflictError, ValidationFailedError
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(include_in_schema=False)
TokenManager = Annotated[Principal, Depends(web_require(Permission.TOKENS_MANAGE))]


def tokens_of(session: Session, principal: Principal, account_id: str) -> list[ApiToken]:
    rows, _total = accounts.list_tokens(session, principal, account_id=account_id, limit=100)
    return [token for token, _account in rows]


@router.post("/accounts/{account_id}/tokens", dependencies=[Csrf])
def create_token(
    request: Request,
    account_id: str,
    principal: TokenManager,
    session: SessionDep,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=200)] = "",
    days: Annotated[str, Form(max_length=10)] = "90",
) -> Response:
    from concord.web.admin import account_page

    try:
        body = TokenCreate(name=name.strip(), days=days.strip() or "90")
        token, secret = accounts.create_token(
            session,
            principal,
            settings=settings,
            account_id=account_id,
            name=body.name,
            days=body.days,
        )
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        detail = f"{first['loc'][0] if first['loc'] else 'token'}: {first['msg']}"
        return account_page(request, session, principal, account_id, error=detail, status=422)
    except (ValidationFailedError, ConflictError) as exc:
        return account_page(
            request, session, principal, account_id, error=exc.detail, status=exc.status
        )
    return render(
        request,
        "console/admin/secret.html",
        {"account": accounts.get_account(session, principal, account_id), "token": token,
         "secret": secret},
    )  # fmt: skip


@router.post("/tokens/{token_id}/revoke", dependencies=[Csrf])
def revoke_token(token_id: str, principal: TokenManager, session: SessionDep) -> Response:
    token = accounts.revoke_token(session, principal, token_id)
    return RedirectResponse(
        f"/console/admin/accounts/{token.account_id}?done=revoked", status_code=303
    )
