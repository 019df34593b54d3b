"""Matrix area: records (the police databases).

Policy (docs/api.md "Records", docs/mind.md, concord/auth/roles.py):
- only the owner country's NCB (``records:write``) enters, changes, restricts, renews, links and
  deletes its records; the Secretariat owns none;
- anyone with ``records:read`` reads a record if it is theirs, or if its restriction lets their
  country see it (``all``; ``only`` naming it; ``except`` not naming it) and it is within its
  review deadline; the Secretariat reads every record within its deadline; past the deadline
  only the owner sees it;
- lists show one's own records (all visible ones for the Secretariat); the change feed gives
  whole records only where they may be read.
Screening applies the same country rules to anyone allowed to ``screen``, so a record's canary
may also reach an officer with ``screen`` (in a hit) where its restriction allows.
"""

from __future__ import annotations

import zlib
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from concord.auth.roles import (
    COUNTRY_ROLES,
    EITHER_ROLES,
    ROLE_PERMISSIONS,
    SECRETARIAT_ROLES,
    Permission,
)
from concord.clock import now as clock_now
from concord.records import sequence
from concord.records.models import Record
from tests.matrix.model import Endpoint, MActor, Obj, Readable, Rule, V, need, same_country
from tests.matrix.world import World

RECORDS = "/api/v1/records"


def restriction_allows(actor: MActor, obj: Obj) -> bool:
    """Whether the record's owner lets the actor's country see it (ignoring roles)."""
    if actor.country is not None and actor.country == obj.owner:
        return True
    if obj.attrs.get("overdue"):
        return False
    if actor.gs:
        return True
    kind, countries = obj.attrs["restriction"], obj.attrs["countries"]
    if kind == "all":
        return True
    if kind == "only":
        return actor.country in countries
    return actor.country not in countries


def readable(actor: MActor, obj: Obj) -> bool:
    seeing = actor.has(Permission.RECORDS_READ) or actor.has(Permission.SCREEN)
    return seeing and restriction_allows(actor, obj)


def _reads(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    if actor.has(Permission.RECORDS_READ) and restriction_allows(actor, obj):
        return V.ALLOW
    return V.DENY


KINDS: dict[str, Readable] = {"record": readable}


def one_of_twins(rule: Rule, relevant: frozenset[Permission], salt: str) -> Rule:
    """``rule``, tried by one actor of each set of twins: actors of the same country (or of the
    Secretariat) whose roles carry the same permissions of this area are one case for the
    policy (e.g. ``ncb_admin`` and ``ncb_operator`` for records, a delegate and an auditor for
    anything here). Each endpoint picks its own twin (by ``salt``), so every role is tried by
    some endpoints, and the whole matrix stays within its time budget. SKIP for the others."""

    def wrapped(actor: MActor, obj: Obj | None) -> V:
        pool = (COUNTRY_ROLES if actor.country else SECRETARIAT_ROLES) | EITHER_ROLES
        mine = ROLE_PERMISSIONS[actor.role] & relevant
        twins = sorted(r.value for r in pool if ROLE_PERMISSIONS[r] & relevant == mine)
        if twins[zlib.crc32(salt.encode()) % len(twins)] != actor.role.value:
            return V.SKIP
        return rule(actor, obj)

    return wrapped


def with_twins(endpoints: list[Endpoint], relevant: frozenset[Permission]) -> list[Endpoint]:
    return [
        replace(ep, rule=one_of_twins(ep.rule, relevant, f"{ep.method} {ep.path}"))
        for ep in endpoints
    ]


RELEVANT = frozenset({Permission.RECORDS_READ, Permission.RECORDS_WRITE, Permission.SCREEN})


def _if_match(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    assert obj is not None
    return {"If-Match": f'"v{obj.attrs.get("version", 1)}"'}


def _link_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    """A link to another record of the same owner that the owner sees."""
    assert obj is not None
    mine = [o for o in world.of("record") if o.owner == obj.owner and o.id != obj.id]
    target = (mine or world.of("record"))[0]
    return {"to_id": target.id, "kind": "related"}


_writer = need(Permission.RECORDS_WRITE, same_country)

ENDPOINTS: list[Endpoint] = with_twins([
    Endpoint(
        "POST",
        RECORDS,
        # an NCB enters records for its own country; the Secretariat owns none
        need(Permission.RECORDS_WRITE, lambda a, o: a.country is not None),
        body=lambda w, a, o: {
            "type": "firearm",
            "data": {"serial": "MX-778812", "make": "Beretta", "firearm_type": "pistol"},
            "restriction": "only",
            "countries": ["DE"],
        },
    ),
    Endpoint(
        "GET",
        RECORDS,
        need(Permission.RECORDS_READ),
        query=lambda w, a, o: {"limit": 200},
    ),
    Endpoint(
        "GET",
        RECORDS + "/changes",
        need(Permission.RECORDS_READ),
        query=lambda w, a, o: {"since": 0, "limit": 5000},
    ),
    Endpoint("GET", RECORDS + "/{record_id}", _reads, kind="record"),
    Endpoint(
        "PATCH",
        RECORDS + "/{record_id}",
        _writer,
        kind="record",
        body=lambda w, a, o: {"reliability": "A", "handling_note": "reviewed by the matrix"},
        headers=_if_match,
    ),
    Endpoint(
        "DELETE",
        RECORDS + "/{record_id}",
        _writer,
        kind="record",
        query=lambda w, a, o: {"reason": "matrix"},
        headers=_if_match,
    ),
    Endpoint(
        "PUT",
        RECORDS + "/{record_id}/restriction",
        _writer,
        kind="record",
        body=lambda w, a, o: {"restriction": "except", "countries": ["BR", "IT"]},
        headers=_if_match,
    ),
    Endpoint(
        "POST",
        RECORDS + "/{record_id}/renew",
        _writer,
        kind="record",
        headers=_if_match,
    ),
    Endpoint(
        "POST",
        RECORDS + "/{record_id}/links",
        _writer,
        kind="record",
        body=_link_body,
    ),
], RELEVANT)  # fmt: skip


def person(family: str, given: str = "Anatol", birth: str = "1976-03-14") -> dict[str, Any]:
    return {
        "names": [{"given": given, "family": family, "kind": "primary"}],
        "birth_date": birth,
        "sex": "M",
        "nationalities": ["RO"],
    }


#: (owner, name, restriction, countries, overdue, canary family name)
SPECS: list[tuple[str, str, str, list[str], bool, str]] = [
    ("FR", "fr_all", "all", [], False, "Qzvarenko"),
    ("FR", "fr_only_de", "only", ["DE"], False, "Qzmolnarek"),
    ("FR", "fr_except_de", "except", ["DE"], False, "Qzpetrulis"),
    ("FR", "fr_except_br", "except", ["BR", "IT"], False, "Qzhalvorsk"),
    ("FR", "fr_overdue", "all", [], True, "Qzdrabinova"),
    ("DE", "de_all", "all", [], False, "Qzstrelbitz"),
    ("DE", "de_only_fr", "only", ["FR"], False, "Qzkowarcyk"),
    ("DE", "de_only_br", "only", ["BR"], False, "Qzbrunetto"),
]


def build(world: World) -> None:
    writers = {c: world.actor("ncb_operator", c) for c in ("FR", "DE")}
    made: list[Obj] = []
    for owner, name, restriction, countries, overdue, canary in SPECS:
        body = {
            "type": "person",
            "data": person(canary),
            "restriction": restriction,
            "countries": countries,
            "handling_note": f"note {canary}",
        }
        row = world.call(writers[owner], "POST", RECORDS, json=body)
        made.append(
            world.add(
                Obj(
                    "record",
                    row["id"],
                    owner,
                    {
                        "name": name,
                        "restriction": restriction,
                        "countries": countries,
                        "overdue": overdue,
                        "family": canary,
                        "version": row["version"],
                    },
                    canaries=(canary,),
                )
            )
        )
    # a travel document of FR's, open to all, linked to its holder (no canary: open to all)
    doc = world.call(
        writers["FR"],
        "POST",
        RECORDS,
        json={
            "type": "document",
            "data": {
                "number": "L898902C3",
                "country": "FR",
                "document_type": "passport",
                "status": "stolen",
                "check_digit": "6",
            },
        },
    )
    fr_all = made[0]
    world.call(
        writers["FR"],
        "POST",
        f"{RECORDS}/{doc['id']}/links",
        json={"to_id": fr_all.id, "kind": "holder"},
        expect=201,
    )
    world.add(
        Obj(
            "record",
            doc["id"],
            "FR",
            {"name": "fr_doc", "restriction": "all", "countries": [], "overdue": False,
             "version": doc["version"] + 1},
        )
    )  # fmt: skip
    # past its review deadline: hidden from everyone but its owner
    past_due = [o.id for o in made if o.attrs["overdue"]]
    with world.db.transaction() as s:
        past = clock_now(world.settings) - timedelta(days=3)
        for record_id in past_due:  # a new change number, so the screening index sees it
            s.execute(
                update(Record)
                .where(Record.id == record_id)
                .values(review_at=past, change_seq=sequence.take(s))
            )
