"""Factories for test data: accounts of any role and country, with bearer tokens."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from concord.auth import accounts
from concord.auth.principal import Principal
from concord.auth.roles import Role, role_needs_country
from concord.auth.service import principal_for
from concord.bootstrap import system_principal
from concord.db.database import Database
from concord.settings import Settings

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Actor:
    principal: Principal
    token: str
    account_id: str
    totp_secret: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Actors:
    """``actors.make("ncb_operator", "FR")`` creates a service account with that role and
    country and an API token for it; ``actors.user(...)`` creates a person who logs in."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def _country(self, role: Role, country: str | None) -> str | None:
        if country is None and role_needs_country(role) is True:
            return "FR"
        return country

    def make(
        self,
        role: str,
        country: str | None = None,
        *,
        scopes: list[str] | None = None,
        ip_ranges: list[str] | None = None,
        agency_id: str | None = None,
    ) -> Actor:
        r = Role(role)
        country = self._country(r, country)
        n = next(_counter)
        with self.db.transaction() as s:
            system = system_principal(s)
            new = accounts.create_account(
                s,
                system,
                settings=self.settings,
                kind="service",
                username=f"svc-{role.replace('_', '-')}-{(country or 'gs').lower()}-{n}",
                display_name=f"Test {role} {country or 'GS'}",
                role=r,
                country=country,
                agency_id=agency_id,
            )
            from concord.auth.roles import Permission

            token, secret = accounts.create_token(
                s,
                system,
                settings=self.settings,
                account_id=new.account.id,
                name="test",
                scopes=[Permission(x) for x in scopes] if scopes else None,
                ip_ranges=ip_ranges,
            )
            principal = principal_for(new.account, token)
        return Actor(principal=principal, token=secret, account_id=new.account.id)

    def user(self, role: str, country: str | None = None, *, password: str = PASSWORD) -> Actor:
        """A person: returns the actor with its TOTP secret; ``token`` is empty until login."""
        r = Role(role)
        country = self._country(r, country)
        n = next(_counter)
        with self.db.transaction() as s:
            system = system_principal(s)
            new = accounts.create_account(
                s,
                system,
                settings=self.settings,
                kind="user",
                username=f"user-{role.replace('_', '-')}-{(country or 'gs').lower()}-{n}",
                display_name=f"Test person {n}",
                role=r,
                country=country,
                password=password,
            )
            principal = principal_for(new.account)
        return Actor(
            principal=principal, token="", account_id=new.account.id, totp_secret=new.totp_secret
        )
