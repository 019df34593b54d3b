"""The principal: who is calling, for which country, with which role and permissions."""

from __future__ import annotations

from dataclasses import dataclass, field

from concord.auth.roles import ROLE_PERMISSIONS, Permission, Role

#: How the General Secretariat appears wherever a country code is expected (audit, logs).
SECRETARIAT = "IPSG"


@dataclass(frozen=True)
class Principal:
    account_id: str
    username: str
    kind: str  # "user" | "service"
    role: Role
    country: str | None  # ISO 3166 alpha-2 of the member country; None for the Secretariat
    agency_id: str | None = None
    scopes: frozenset[Permission] | None = None  # a token's scopes; None means the whole role
    token_id: str | None = None
    default_purpose: str | None = None
    client_ip: str | None = None
    permissions: frozenset[Permission] = field(init=False)

    def __post_init__(self) -> None:
        perms = ROLE_PERMISSIONS[self.role]
        if self.scopes is not None:
            perms = perms & self.scopes
        object.__setattr__(self, "permissions", frozenset(perms))

    @property
    def is_secretariat(self) -> bool:
        return self.country is None

    @property
    def org(self) -> str:
        """Country code, or ``IPSG`` for the General Secretariat."""
        return self.country or SECRETARIAT

    def has(self, permission: Permission) -> bool:
        return permission in self.permissions

    def may_act_for(self, country: str | None) -> bool:
        """May this principal see or manage the private objects of ``country``?

        The Secretariat (no country) may; a country's principal only for its own country, and
        never for Secretariat-owned objects. Agencies act only within their NCB's country.
        """
        if self.is_secretariat:
            return True
        return country is not None and country == self.country
