"""API shapes of authentication, accounts and tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from concord.auth.roles import Permission, Role

Username = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{2,79}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Password = Annotated[str, StringConstraints(min_length=12, max_length=200)]


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    totp: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")] = Field(
        description="Current 6-digit code of the account's authenticator app"
    )


class LoginResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 (the OAuth token type, not a secret)
    expires_at: datetime


class Me(BaseModel):
    account_id: str
    username: str
    kind: str
    role: Role
    country: str | None
    agency_id: str | None
    permissions: list[Permission]


class LogoutResult(BaseModel):
    revoked: int


class AccountOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    kind: str
    username: str
    display_name: str
    email: str | None
    role: Role
    country_code: str | None
    agency_id: str | None
    default_purpose: str | None
    created_at: datetime
    disabled_at: datetime | None
    locked_until: datetime | None


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Username
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    role: Role
    country: CountryCode | None = None
    agency_id: Annotated[str, StringConstraints(max_length=32)] | None = None
    email: (
        Annotated[str, StringConstraints(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
        | None
    ) = None


class UserCreate(AccountCreate):
    password: Password


class ServiceAccountCreate(AccountCreate):
    default_purpose: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = Field(
        None,
        description="Purpose recorded for this system's searches unless it gives one, "
        "e.g. `border_control`",
    )


class NewUserOut(BaseModel):
    account: AccountOut
    totp_secret: str | None = Field(description="Shown once: enrol it in an authenticator app")
    totp_uri: str | None


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: Password


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    scopes: list[Permission] | None = Field(
        None, description="Limit the token to these permissions of the account's role"
    )
    days: int = Field(90, ge=1, le=3650, description="Lifetime in days")
    ip_ranges: list[Annotated[str, StringConstraints(max_length=64)]] | None = Field(
        None, max_length=50, description="Accept the token only from these addresses/networks"
    )


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    account_id: str
    name: str
    scopes: list[str] | None
    ip_ranges: list[str] | None
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(BaseModel):
    token: TokenOut
    secret: str = Field(description="The bearer token. Shown once; only its hash is stored.")
