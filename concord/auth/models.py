"""Tables of identities: accounts (people and service accounts) and their tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from concord.db.base import Base, new_id, utcnow


class Account(Base):
    """A person (``kind='user'``) or a system (``kind='service'``) that acts on Concord.

    ``country_code`` is NULL for the General Secretariat. Service accounts have no password and
    authenticate with API tokens only.
    """

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10))
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    agency_id: Mapped[str | None] = mapped_column(ForeignKey("agencies.id"))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(300))  # encrypted with the secret key
    totp_last_step: Mapped[int | None]
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    default_purpose: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(32))


class ApiToken(Base):
    """A bearer token: a service account's API token or an interactive login session.

    Only the SHA-256 of the secret is stored; the secret is shown once, when it is created.
    """

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "service" | "session"
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str] | None]
    ip_ranges: Mapped[list[str] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(32))
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
