"""The vocabulary of the cross-country access matrix.

- :class:`MActor`: one caller (a role in a country, or in the Secretariat) with its token.
- :class:`Obj`: one object of the world (a record, a notice, a message, ...) with its owner
  country, the attributes the rules look at, and *canaries*: strings that appear in the object
  and nowhere else, so that a response leaking the object can be recognised whatever endpoint
  it came from.
- :class:`Endpoint`: one operation of the OpenAPI schema, the kind of object its path names,
  how to build a valid request, and the *rule*: from the documented policy (roles and the
  owner country's choices), may this actor do this to this object?

The rules are written from the documentation of each capability, not read from the code, so
the matrix checks the code against the policy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from concord.auth.principal import Principal
from concord.auth.roles import SECRETARIAT_ROLES, Permission, Role

if TYPE_CHECKING:
    from tests.matrix.world import World


class V(Enum):
    """A rule's verdict."""

    ALLOW = "allow"  # the request must succeed (2xx, or one of the endpoint's ``ok`` statuses)
    DENY = "deny"  # the request must be refused with 403/404, audited, and change nothing
    SKIP = "skip"  # this combination says nothing about access (e.g. no such pairing)
    ABSENT = "absent"  # the id names no object of this kind: 403, 404 or 422, nothing written


@dataclass(frozen=True)
class MActor:
    role: Role
    country: str | None
    token: str
    principal: Principal
    account_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def gs(self) -> bool:
        """A Secretariat (or CCF) account: no member country."""
        return self.country is None

    @property
    def secretariat_role(self) -> bool:
        return self.role in SECRETARIAT_ROLES

    def has(self, permission: Permission) -> bool:
        return self.principal.has(permission)

    @property
    def label(self) -> str:
        return f"{self.role.value}@{self.country or 'GS'}"


@dataclass
class Obj:
    kind: str
    id: str
    owner: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    canaries: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in sorted(self.attrs.items()) if _short(v))
        return f"{self.kind}:{self.owner or 'GS'}:{self.id[:8]}{'[' + extra + ']' if extra else ''}"


def _short(value: Any) -> bool:
    return isinstance(value, str | int | bool) and len(str(value)) <= 20


#: The verdict of an endpoint for an actor on an object (None for endpoints naming no object).
Rule = Callable[[MActor, Obj | None], V]
#: A request part built for an actor and object: body (JSON), query, or path parameters.
Builder = Callable[["World", MActor, Obj | None], Any]
#: Who may see an object of a kind at all (used to recognise leaks in any response).
Readable = Callable[[MActor, Obj], bool]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    rule: Rule
    kind: str | None = None
    body: Builder | None = None
    query: Builder | None = None
    #: path parameters; default: the path's single parameter is the object's id
    params: Builder | None = None
    #: statuses besides 2xx that an allowed request may get, each for a documented reason
    #: (e.g. 409 when the object's state does not allow the change)
    ok: frozenset[int] = frozenset()
    #: extra request headers (e.g. If-Match), built like a body
    headers: Builder | None = None
    #: raw body instead of JSON: (content, content-type)
    raw: Callable[[World, MActor, Obj | None], tuple[bytes, str]] | None = None
    #: requests that need no token (public routes, login)
    anonymous: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.method.upper(), self.path)


def need(permission: Permission, then: Callable[[MActor, Obj | None], bool] | None = None) -> Rule:
    """ALLOW when the actor's role grants ``permission`` and ``then`` (if given) holds."""

    def rule(actor: MActor, obj: Obj | None) -> V:
        if not actor.has(permission):
            return V.DENY
        if then is not None and not then(actor, obj):
            return V.DENY
        return V.ALLOW

    return rule


def everyone(actor: MActor, obj: Obj | None) -> V:
    return V.ALLOW


def same_country(actor: MActor, obj: Obj | None) -> bool:
    return obj is not None and actor.country is not None and actor.country == obj.owner


def attrs(obj: Obj | None) -> Mapping[str, Any]:
    return obj.attrs if obj is not None else {}
