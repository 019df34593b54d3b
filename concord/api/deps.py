"""FastAPI dependencies: settings, the request's session, the principal, permission checks and
pagination. Authorisation lives here and in the services, never copied per handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from concord.api.uow import UnitOfWork
from concord.audit.chain import Signer
from concord.auth import service as auth_service
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import AuthenticationError, PermissionDeniedError
from concord.settings import Settings

bearer = HTTPBearer(
    auto_error=False,
    description="A service-account API token or a login session token (`POST /api/v1/auth/login`).",
)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_signer(request: Request) -> Signer:
    signer: Signer = request.app.state.signer
    return signer


async def get_session(request: Request) -> Session:
    uow: UnitOfWork = request.state.uow
    return uow.session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
SignerDep = Annotated[Signer, Depends(get_signer)]


def get_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise AuthenticationError()
    client = request.client.host if request.client else None
    principal = auth_service.authenticate(
        session, token=credentials.credentials, client_ip=client, settings=settings
    )
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(permission: Permission) -> Callable[[Principal], Awaitable[Principal]]:
    """Dependency factory: the principal, if its role and token scopes grant ``permission``."""

    async def check(principal: PrincipalDep) -> Principal:
        if not principal.has(permission):
            raise PermissionDeniedError(f"Your role or token does not allow '{permission}'")
        return principal

    return check


class Page:
    """``limit`` and ``offset`` query parameters shared by list endpoints."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=1000, description="Rows per page")] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset


PageDep = Annotated[Page, Depends()]
