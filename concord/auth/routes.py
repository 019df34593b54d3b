"""HTTP routes of authentication, accounts (users and service accounts) and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from concord import audit
from concord.api.deps import PageDep, PrincipalDep, SessionDep, SettingsDep
from concord.api.schemas import Paginated
from concord.auth import accounts
from concord.auth import service as auth_service
from concord.auth.schemas import (
    AccountOut,
    LoginRequest,
    LoginResponse,
    LogoutResult,
    Me,
    NewTokenOut,
    NewUserOut,
    PasswordReset,
    ServiceAccountCreate,
    TokenCreate,
    TokenOut,
    UserCreate,
)

auth_router = APIRouter(prefix="/auth", tags=["auth"])
accounts_router = APIRouter(prefix="/accounts", tags=["accounts"])
tokens_router = APIRouter(prefix="/tokens", tags=["tokens"])


@auth_router.post(
    "/login", response_model=LoginResponse, summary="Log in with username, password and TOTP code"
)
def login(
    body: LoginRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> LoginResponse:
    result = auth_service.login(
        session,
        username=body.username,
        password=body.password,
        totp_code=body.totp,
        settings=settings,
        client_ip=request.client.host if request.client else None,
    )
    return LoginResponse(access_token=result.token, expires_at=result.expires_at)


@auth_router.post("/logout", response_model=LogoutResult, summary="End this session")
def logout(principal: PrincipalDep, session: SessionDep) -> LogoutResult:
    return LogoutResult(revoked=auth_service.logout(session, principal=principal))


@auth_router.post(
    "/logout-all",
    response_model=LogoutResult,
    summary="Sign out everywhere: end every session of this account",
)
def logout_all(principal: PrincipalDep, session: SessionDep) -> LogoutResult:
    return LogoutResult(revoked=auth_service.logout(session, principal=principal, everywhere=True))


@auth_router.get("/me", response_model=Me, summary="Who am I: the caller's principal")
def me(principal: PrincipalDep) -> Me:
    return Me(
        account_id=principal.account_id,
        username=principal.username,
        kind=principal.kind,
        role=principal.role,
        country=principal.country,
        agency_id=principal.agency_id,
        permissions=sorted(principal.permissions),
    )


@accounts_router.get(
    "",
    response_model=Paginated[AccountOut],
    summary="List accounts (own country; all for the Secretariat)",
)
def list_accounts(
    principal: PrincipalDep,
    session: SessionDep,
    page: PageDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    kind: Annotated[str | None, Query(pattern=r"^(user|service)$")] = None,
) -> Paginated[AccountOut]:
    rows, total = accounts.list_accounts(
        session, principal, country=country, kind=kind, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[AccountOut.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@accounts_router.post(
    "/users",
    response_model=NewUserOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create a user; the TOTP secret is returned once",
)
def create_user(
    body: UserCreate, principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> NewUserOut:
    new = accounts.create_account(
        session,
        principal,
        settings=settings,
        kind="user",
        username=body.username,
        display_name=body.display_name,
        role=body.role,
        country=body.country,
        agency_id=body.agency_id,
        email=body.email,
        password=body.password,
    )
    return NewUserOut(
        account=AccountOut.model_validate(new.account),
        totp_secret=new.totp_secret,
        totp_uri=new.totp_uri,
    )


@accounts_router.post(
    "/services",
    response_model=AccountOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create a service account for a border or national system",
)
def create_service(
    body: ServiceAccountCreate, principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> AccountOut:
    new = accounts.create_account(
        session,
        principal,
        settings=settings,
        kind="service",
        username=body.username,
        display_name=body.display_name,
        role=body.role,
        country=body.country,
        agency_id=body.agency_id,
        email=body.email,
        default_purpose=body.default_purpose,
    )
    return AccountOut.model_validate(new.account)


@accounts_router.get("/{account_id}", response_model=AccountOut, summary="One account")
def get_account(account_id: str, principal: PrincipalDep, session: SessionDep) -> AccountOut:
    account = accounts.get_account(session, principal, account_id)
    audit.record(
        session, actor=principal, action="account.read", object_type="account", object_id=account.id
    )
    return AccountOut.model_validate(account)


@accounts_router.post(
    "/{account_id}/disable",
    response_model=AccountOut,
    summary="Disable an account (its tokens stop working)",
)
def disable(account_id: str, principal: PrincipalDep, session: SessionDep) -> AccountOut:
    return AccountOut.model_validate(
        accounts.set_disabled(session, principal, account_id, disabled=True)
    )


@accounts_router.post(
    "/{account_id}/enable", response_model=AccountOut, summary="Enable a disabled account"
)
def enable(account_id: str, principal: PrincipalDep, session: SessionDep) -> AccountOut:
    return AccountOut.model_validate(
        accounts.set_disabled(session, principal, account_id, disabled=False)
    )


@accounts_router.post(
    "/{account_id}/unlock", response_model=AccountOut, summary="Lift a lockout after failed logins"
)
def unlock(account_id: str, principal: PrincipalDep, session: SessionDep) -> AccountOut:
    return AccountOut.model_validate(accounts.unlock(session, principal, account_id))


@accounts_router.post(
    "/{account_id}/reset-totp",
    response_model=NewUserOut,
    summary="Issue a new TOTP secret (returned once)",
)
def reset_totp(
    account_id: str, principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> NewUserOut:
    new = accounts.reset_totp(session, principal, account_id, settings=settings)
    return NewUserOut(
        account=AccountOut.model_validate(new.account),
        totp_secret=new.totp_secret,
        totp_uri=new.totp_uri,
    )


@accounts_router.post(
    "/{account_id}/password", response_model=AccountOut, summary="Set a new password for a user"
)
def reset_password(
    account_id: str, body: PasswordReset, principal: PrincipalDep, session: SessionDep
) -> AccountOut:
    return AccountOut.model_validate(
        accounts.reset_password(session, principal, account_id, password=body.password)
    )


@accounts_router.post(
    "/{account_id}/tokens",
    response_model=NewTokenOut,
    status_code=status.HTTP_201_CREATED,
    summary="Issue an API token for a service account (secret shown once)",
)
def create_token(
    account_id: str,
    body: TokenCreate,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
) -> NewTokenOut:
    token, secret = accounts.create_token(
        session,
        principal,
        settings=settings,
        account_id=account_id,
        name=body.name,
        scopes=body.scopes,
        days=body.days,
        ip_ranges=body.ip_ranges,
    )
    return NewTokenOut(token=TokenOut.model_validate(token), secret=secret)


@tokens_router.get("", response_model=Paginated[TokenOut], summary="List service tokens")
def list_tokens(
    principal: PrincipalDep,
    session: SessionDep,
    page: PageDep,
    account_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Paginated[TokenOut]:
    rows, total = accounts.list_tokens(
        session, principal, account_id=account_id, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[TokenOut.model_validate(t) for t, _ in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@tokens_router.get("/{token_id}", response_model=TokenOut, summary="One service token")
def get_token(token_id: str, principal: PrincipalDep, session: SessionDep) -> TokenOut:
    return TokenOut.model_validate(accounts.get_token(session, principal, token_id))


@tokens_router.post("/{token_id}/revoke", response_model=TokenOut, summary="Revoke a token")
def revoke_token(token_id: str, principal: PrincipalDep, session: SessionDep) -> TokenOut:
    return TokenOut.model_validate(accounts.revoke_token(session, principal, token_id))
