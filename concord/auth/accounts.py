"""Managing accounts and service tokens: who may create, change, disable or revoke what.

An NCB admin manages the accounts and tokens of their own country only; the Secretariat's
admins manage any. Another country's objects are answered as not found (and the attempt is
audited), whatever id is guessed.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth import secrets
from concord.auth.models import Account, ApiToken
from concord.auth.principal import Principal
from concord.auth.roles import ROLE_PERMISSIONS, Permission, Role, role_needs_country
from concord.db import paging
from concord.db.base import utcnow
from concord.errors import (
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.members.models import Agency, Country
from concord.settings import Settings


def require(principal: Principal, permission: Permission) -> None:
    if not principal.has(permission):
        raise PermissionDeniedError(f"Your role does not allow '{permission}'")


def get_account(session: Session, principal: Principal, account_id: str) -> Account:
    """An account the principal may see; another country's answers 404 and is audited."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFoundError(f"No account '{account_id}'")
    if account.id == principal.account_id:
        return account
    require(principal, Permission.USERS_READ)
    if not principal.may_act_for(account.country_code):
        raise HiddenObjectError(
            f"No account '{account_id}'", object_type="account", object_id=account_id
        )
    return account


def _check_assignment(
    session: Session, principal: Principal, role: Role, country: str | None, agency_id: str | None
) -> None:
    need = role_needs_country(role)
    if need is True and country is None:
        raise ValidationFailedError(f"Role '{role}' needs a member country")
    if need is False and country is not None:
        raise ValidationFailedError(f"Role '{role}' belongs to the General Secretariat: no country")
    if country is not None and session.get(Country, country) is None:
        raise ValidationFailedError(f"'{country}' is not a member country")
    if not principal.may_act_for(country):
        raise PermissionDeniedError("You may only manage accounts of your own country")
    if not principal.is_secretariat and role not in {
        Role.NCB_ADMIN,
        Role.NCB_OPERATOR,
        Role.BORDER_OFFICER,
        Role.DELEGATE,
        Role.AUDITOR,
    }:
        raise PermissionDeniedError(f"Only the General Secretariat may grant '{role}'")
    if agency_id is not None:
        agency = session.get(Agency, agency_id)
        if agency is None or agency.country_code != country:
            raise ValidationFailedError(f"No agency '{agency_id}' in {country}")


@dataclass(frozen=True)
class NewAccount:
    account: Account
    totp_secret: str | None
    totp_uri: str | None


def create_account(
    session: Session,
    principal: Principal,
    *,
    settings: Settings,
    kind: str,
    username: str,
    display_name: str,
    role: Role,
    country: str | None,
    agency_id: str | None = None,
    email: str | None = None,
    password: str | None = None,
    password_hash: str | None = None,
    default_purpose: str | None = None,
) -> NewAccount:
    """Create a person or a service account. ``password_hash`` (an argon2 hash) may be given
    instead of ``password`` when many accounts share one known password (demo data)."""
    require(principal, Permission.USERS_MANAGE)
    _check_assignment(session, principal, role, country, agency_id)
    if password_hash is None and password:
        password_hash = secrets.hash_password(password)
    if kind == "user" and not password_hash:
        raise ValidationFailedError("A user needs an initial password")
    if session.execute(select(Account.id).where(Account.username == username)).first():
        raise ConflictError(f"Username '{username}' is taken")
    totp = secrets.new_totp_secret() if kind == "user" else None
    account = Account(
        kind=kind,
        username=username,
        display_name=display_name,
        email=email,
        role=str(role),
        country_code=country,
        agency_id=agency_id,
        default_purpose=default_purpose,
        password_hash=password_hash,
        totp_secret=secrets.seal_totp(totp, settings.secret_key.get_secret_value())
        if totp
        else None,
        created_at=utcnow(),
        created_by=principal.account_id,
    )
    session.add(account)
    session.flush()
    audit.record(
        session,
        actor=principal,
        action=f"{kind}.create",
        object_type="account",
        object_id=account.id,
        payload={"role": str(role), "country": country},
    )
    return NewAccount(account, totp, secrets.totp_uri(totp, username) if totp else None)


def list_accounts(
    session: Session,
    principal: Principal,
    *,
    country: str | None = None,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Account], int]:
    require(principal, Permission.USERS_READ)
    stmt: Select[Account] = select(Account)
    if not principal.is_secretariat:
        stmt = stmt.where(Account.country_code == principal.country)
    if country is not None:
        stmt = stmt.where(Account.country_code == country)
    if kind is not None:
        stmt = stmt.where(Account.kind == kind)
    rows, total = paging.page(session, stmt, Account.username, limit=limit, offset=offset)
    audit.record(
        session,
        actor=principal,
        action="account.list",
        object_type="account",
        payload={"country": country, "kind": kind, "offset": offset, "limit": limit},
    )
    return list(rows), total


def _manageable(session: Session, principal: Principal, account_id: str) -> Account:
    require(principal, Permission.USERS_MANAGE)
    account = get_account(session, principal, account_id)
    if not principal.is_secretariat and account.country_code is None:
        raise PermissionDeniedError("Secretariat accounts are managed by the Secretariat")
    return account


def set_disabled(
    session: Session, principal: Principal, account_id: str, *, disabled: bool
) -> Account:
    account = _manageable(session, principal, account_id)
    if account.id == principal.account_id and disabled:
        raise ConflictError("You cannot disable your own account")
    account.disabled_at = utcnow() if disabled else None
    audit.record(
        session,
        actor=principal,
        action="account.disable" if disabled else "account.enable",
        object_type="account",
        object_id=account.id,
    )
    return account


def unlock(session: Session, principal: Principal, account_id: str) -> Account:
    account = _manageable(session, principal, account_id)
    account.locked_until, account.failed_logins = None, 0
    audit.record(
        session,
        actor=principal,
        action="account.unlock",
        object_type="account",
        object_id=account.id,
    )
    return account


def reset_totp(
    session: Session, principal: Principal, account_id: str, *, settings: Settings
) -> NewAccount:
    account = _manageable(session, principal, account_id)
    if account.kind != "user":
        raise ValidationFailedError("Service accounts have no second factor")
    secret = secrets.new_totp_secret()
    account.totp_secret = secrets.seal_totp(secret, settings.secret_key.get_secret_value())
    account.totp_last_step = None
    audit.record(
        session,
        actor=principal,
        action="account.reset_totp",
        object_type="account",
        object_id=account.id,
    )
    return NewAccount(account, secret, secrets.totp_uri(secret, account.username))


def reset_password(
    session: Session, principal: Principal, account_id: str, *, password: str
) -> Account:
    account = _manageable(session, principal, account_id)
    if account.kind != "user":
        raise ValidationFailedError("Service accounts have no password")
    account.password_hash = secrets.hash_password(password)
    audit.record(
        session,
        actor=principal,
        action="account.reset_password",
        object_type="account",
        object_id=account.id,
    )
    return account


def create_token(
    session: Session,
    principal: Principal,
    *,
    settings: Settings,
    account_id: str,
    name: str,
    scopes: list[Permission] | None = None,
    days: int = 90,
    ip_ranges: list[str] | None = None,
) -> tuple[ApiToken, str]:
    """Issue an API token for a service account; the secret is returned once and never again."""
    require(principal, Permission.TOKENS_MANAGE)
    account = _manageable(session, principal, account_id)
    if account.kind != "service":
        raise ValidationFailedError("API tokens are issued to service accounts; people log in")
    if account.disabled_at is not None:
        raise ConflictError("The account is disabled")
    if not 1 <= days <= settings.token_max_days:
        raise ValidationFailedError(f"Token lifetime must be 1..{settings.token_max_days} days")
    allowed = ROLE_PERMISSIONS[Role(account.role)]
    for scope in scopes or []:
        if scope not in allowed:
            raise ValidationFailedError(f"Scope '{scope}' is not part of role '{account.role}'")
    for r in ip_ranges or []:
        try:
            ipaddress.ip_network(r, strict=False)
        except ValueError as exc:
            raise ValidationFailedError(f"'{r}' is not an IP address or network") from exc
    secret = secrets.new_token()
    now = utcnow()
    token = ApiToken(
        account_id=account.id,
        kind="service",
        name=name,
        token_hash=secrets.token_digest(secret),
        scopes=[str(s) for s in scopes] if scopes else None,
        ip_ranges=ip_ranges or None,
        created_at=now,
        created_by=principal.account_id,
        expires_at=now + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor=principal,
        action="token.create",
        object_type="token",
        object_id=token.id,
        payload={"account_id": account.id, "scopes": token.scopes},
    )
    return token, secret


def get_token(session: Session, principal: Principal, token_id: str) -> ApiToken:
    require(principal, Permission.TOKENS_MANAGE)
    token = session.get(ApiToken, token_id)
    if token is None or token.kind != "service":
        raise NotFoundError(f"No token '{token_id}'")
    owner = session.get(Account, token.account_id)
    if owner is None or not principal.may_act_for(owner.country_code):
        raise HiddenObjectError(f"No token '{token_id}'", object_type="token", object_id=token_id)
    return token


def revoke_token(session: Session, principal: Principal, token_id: str) -> ApiToken:
    token = get_token(session, principal, token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    audit.record(
        session, actor=principal, action="token.revoke", object_type="token", object_id=token.id
    )
    return token


def list_tokens(
    session: Session,
    principal: Principal,
    *,
    account_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[tuple[ApiToken, Account]], int]:
    require(principal, Permission.TOKENS_MANAGE)
    stmt = (
        select(ApiToken, Account)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.kind == "service")
    )
    if not principal.is_secretariat:
        stmt = stmt.where(Account.country_code == principal.country)
    if account_id is not None:
        stmt = stmt.where(ApiToken.account_id == account_id)
    rows, total = paging.page_rows(session, stmt, ApiToken.created_at, limit=limit, offset=offset)
    audit.record(
        session,
        actor=principal,
        action="token.list",
        object_type="token",
        payload={"account_id": account_id},
    )
    return [(t, a) for t, a in rows], total
