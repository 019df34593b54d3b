"""The world the matrix runs in: three member countries and the Secretariat, an actor for every
role in each, and the objects each area builds (records with each restriction kind, notices in
each state, messages, cases, operations, accounts, tokens, ...).

Countries play fixed parts so that rules can be written plainly:
- ``FR`` owns most objects;
- ``DE`` is FR's partner: a recipient of its messages, a participant in its operation, a
  country its restricted records are shared with;
- ``BR`` is a third country with no part in any of FR's affairs.
DE also owns a few objects of its own, so that FR is tested as an outsider too.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from concord.auth.roles import COUNTRY_ROLES, EITHER_ROLES, SECRETARIAT_ROLES, Role
from concord.db.database import Database
from concord.settings import Settings
from tests.factories import Actors
from tests.matrix.model import MActor, Obj, Readable

OWNER, PARTNER, OTHER = "FR", "DE", "BR"
COUNTRIES = (OWNER, PARTNER, OTHER)


@dataclass
class World:
    client: TestClient
    db: Database
    connection: Connection
    settings: Settings
    actors: dict[tuple[Role, str | None], MActor] = field(default_factory=dict)
    objects: dict[str, list[Obj]] = field(default_factory=dict)
    readable: dict[str, Readable] = field(default_factory=dict)
    #: free-form values areas share (e.g. a mailbox address, a case id)
    extra: dict[str, Any] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(9))

    def actor(self, role: Role | str, country: str | None = None) -> MActor:
        return self.actors[(Role(role), country)]

    def all_actors(self) -> list[MActor]:
        return list(self.actors.values())

    def add(self, obj: Obj) -> Obj:
        self.objects.setdefault(obj.kind, []).append(obj)
        return obj

    def of(self, kind: str) -> list[Obj]:
        return self.objects.get(kind, [])

    def one(self, kind: str, **match: Any) -> Obj:
        """The object of ``kind`` whose attributes include ``match`` (the first, if several)."""
        for obj in self.of(kind):
            if obj.owner == match.get("owner", obj.owner) and all(
                obj.attrs.get(k) == v for k, v in match.items() if k != "owner"
            ):
                return obj
        raise KeyError(f"no {kind} with {match}")

    def canaried(self) -> Iterator[Obj]:
        for objs in self.objects.values():
            for obj in objs:
                if obj.canaries:
                    yield obj

    def call(
        self,
        actor: MActor | None,
        method: str,
        path: str,
        *,
        expect: int | tuple[int, ...] = (200, 201, 202, 204),
        **kwargs: Any,
    ) -> Any:
        """A request used while building the world; fails loudly when it does not succeed."""
        headers = dict(kwargs.pop("headers", {}) or {})
        if actor is not None:
            headers.update(actor.headers)
        response = self.client.request(method, path, headers=headers, **kwargs)
        expected = (expect,) if isinstance(expect, int) else expect
        assert response.status_code in expected, (
            f"building the world: {method} {path} as {actor.label if actor else 'anonymous'} "
            f"gave {response.status_code}: {response.text[:500]}"
        )
        if response.headers.get("content-type", "").startswith(
            ("application/json", "application/problem+json")
        ):
            return response.json()
        return response


def make_actors(world: World, factory: Actors) -> None:
    """An actor for every role in every country, and every Secretariat role."""
    for role in Role:
        if role in COUNTRY_ROLES or role in EITHER_ROLES:
            for country in COUNTRIES:
                world.actors[(role, country)] = _actor(factory, role, country)
        if role in SECRETARIAT_ROLES or role in EITHER_ROLES:
            world.actors[(role, None)] = _actor(factory, role, None)


def _actor(factory: Actors, role: Role, country: str | None) -> MActor:
    made = factory.make(role.value, country)
    return MActor(
        role=role,
        country=country,
        token=made.token,
        principal=made.principal,
        account_id=made.account_id,
    )
