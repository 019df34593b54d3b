"""Authentication: bearer tokens to principals, interactive login with password and TOTP,
lockout after repeated failures, and sign-out."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from concord import audit
from concord.auth import secrets
from concord.auth.models import Account, ApiToken
from concord.auth.principal import Principal
from concord.auth.roles import Permission, Role
from concord.db.base import utcnow
from concord.errors import AuthenticationError, LoginFailedError
from concord.members.models import Agency
from concord.settings import Settings

LAST_USED_RESOLUTION = timedelta(seconds=60)


def principal_for(
    account: Account, token: ApiToken | None = None, ip: str | None = None
) -> Principal:
    scopes = None
    if token is not None and token.scopes is not None:
        scopes = frozenset(
            Permission(s) for s in token.scopes if s in Permission._value2member_map_
        )
    return Principal(
        account_id=account.id,
        username=account.username,
        kind=account.kind,
        role=Role(account.role),
        country=account.country_code,
        agency_id=account.agency_id,
        scopes=scopes,
        token_id=token.id if token else None,
        default_purpose=account.default_purpose,
        client_ip=ip,
    )


def _ip_allowed(ip: str | None, ranges: list[str] | None) -> bool:
    if not ranges:
        return True
    if ip is None:
        return False
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(r, strict=False) for r in ranges)


def authenticate(
    session: Session, *, token: str, client_ip: str | None, settings: Settings
) -> Principal:
    """Resolve a bearer token to a principal, or raise 401 (never saying which check failed)."""
    row = session.execute(
        select(ApiToken, Account)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == secrets.token_digest(token))
    ).first()
    if row is None:
        raise AuthenticationError("Invalid or expired token")
    tok, account = row
    now = utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    if (
        tok.revoked_at is not None
        or tok.expires_at <= now
        or account.disabled_at is not None
        or (tok.kind == "session" and (tok.last_used_at or tok.created_at) + idle <= now)
        or not _ip_allowed(client_ip, tok.ip_ranges)
        or _agency_suspended(session, account.agency_id)
    ):
        raise AuthenticationError("Invalid or expired token")
    if tok.last_used_at is None or now - tok.last_used_at > LAST_USED_RESOLUTION:
        session.execute(update(ApiToken).where(ApiToken.id == tok.id).values(last_used_at=now))
    return principal_for(account, tok, client_ip)


def _agency_suspended(session: Session, agency_id: str | None) -> bool:
    if agency_id is None:
        return False
    agency = session.get(Agency, agency_id)
    return agency is None or agency.status != "active"


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: datetime
    principal: Principal


def login(
    session: Session,
    *,
    username: str,
    password: str,
    totp_code: str,
    settings: Settings,
    client_ip: str | None = None,
) -> LoginResult:
    """Check password and TOTP; count failures and lock the account after too many.

    Failures raise errors whose changes (failure counter, audit event) are kept even though
    the request fails.
    """
    account = session.execute(
        select(Account).where(Account.username == username, Account.kind == "user")
    ).scalar_one_or_none()
    now = utcnow()
    if account is None:
        secrets.verify_password(None, password)
        audit.record(
            session,
            actor=None,
            action="auth.login",
            outcome="failed",
            object_type="account",
            payload={"username": username[:80]},
        )
        raise LoginFailedError("Unknown username, wrong password or wrong code")
    actor = principal_for(account, ip=client_ip)
    if account.locked_until is not None and account.locked_until > now:
        audit.record(
            session,
            actor=actor,
            action="auth.login",
            outcome="denied",
            object_type="account",
            object_id=account.id,
            payload={"reason": "locked"},
        )
        # The same answer as any failure: a distinct one would tell a guesser which usernames
        # exist (only real accounts lock). The audit event says why.
        raise LoginFailedError("Unknown username, wrong password or wrong code")
    step = None
    password_ok = secrets.verify_password(account.password_hash, password)
    if password_ok and account.totp_secret:
        secret = secrets.open_totp(account.totp_secret, settings.secret_key.get_secret_value())
        step = secrets.check_totp(secret, totp_code, account.totp_last_step)
    if not password_ok or step is None or account.disabled_at is not None:
        account.failed_logins += 1
        reason = "bad_credentials"
        if account.failed_logins >= settings.login_max_failures:
            account.locked_until = now + timedelta(minutes=settings.login_lockout_minutes)
            account.failed_logins = 0
            reason = "locked_now"
        audit.record(
            session,
            actor=actor,
            action="auth.login",
            outcome="failed",
            object_type="account",
            object_id=account.id,
            payload={"reason": reason},
        )
        raise LoginFailedError("Unknown username, wrong password or wrong code")
    account.failed_logins = 0
    account.locked_until = None
    account.totp_last_step = step
    token = secrets.new_token()
    expires = now + timedelta(minutes=settings.session_ttl_minutes)
    tok = ApiToken(
        account_id=account.id,
        kind="session",
        name="login session",
        token_hash=secrets.token_digest(token),
        scopes=None,
        ip_ranges=None,
        created_at=now,
        created_by=account.id,
        expires_at=expires,
        last_used_at=now,
    )
    session.add(tok)
    session.flush()
    audit.record(session, actor=actor, action="auth.login", object_type="session", object_id=tok.id)
    return LoginResult(token=token, expires_at=expires, principal=principal_for(account, tok))


def logout(session: Session, *, principal: Principal, everywhere: bool = False) -> int:
    """Revoke the caller's session (or every session of the account). Returns how many."""
    stmt = update(ApiToken).where(
        ApiToken.account_id == principal.account_id,
        ApiToken.kind == "session",
        ApiToken.revoked_at.is_(None),
    )
    if not everywhere:
        stmt = stmt.where(ApiToken.id == principal.token_id)
    result = session.execute(stmt.values(revoked_at=utcnow()))
    audit.record(
        session,
        actor=principal,
        action="auth.logout_all" if everywhere else "auth.logout",
        object_type="account",
        object_id=principal.account_id,
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
