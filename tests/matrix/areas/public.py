"""Matrix area: the public notices API (anonymous, outside ``/api``).

Policy (docs/public-notices.md): a notice appears, in lists and by id, only while it is
published and within its review date, and is a Red or Yellow Notice whose requesting country
consented to a public extract, or a UN Special Notice; anything else answers 404 exactly like an
id that does not exist. Pictures are never served (404, Concord keeps references only).

The notices of the notices area are tried by their public id in every collection: a public
notice of the collection must be served; any other (a draft has no public id at all; a
non-public, suspended, expired, refused notice, or one of another collection) is like an id
that does not exist. The notices kept from the public carry canaries (their circumstances and
charges, their entity id), so any public answer that shows them fails whoever the actor is
whose label the anonymous request carries (the leak detector uses that actor's rights, and
actors without ``notices:read`` may read none of them).
"""

from __future__ import annotations

import zlib

from concord.auth.roles import Role
from tests.matrix.model import Endpoint, MActor, Obj, Readable, Rule, V
from tests.matrix.world import World

BASE = "/notices/v1"
COLLECTIONS = ("red", "yellow", "un/persons", "un/entities")
NONE = "2099-99999"  # an id of the right form that names nothing

KINDS: dict[str, Readable] = {}
#: Requests are anonymous: the actor only names whose rights the leak detector applies. Each
#: endpoint is tried under one actor who may read no notice (so any notice's canary is a leak);
#: the others would send the very same request (SKIP).
READ_NOTHING = [(Role.DELEGATE, "BR"), (Role.BORDER_OFFICER, "DE"), (Role.GS_ADMIN, None)]


def _as_one(rule: Rule, salt: str) -> Rule:
    chosen = READ_NOTHING[zlib.crc32(salt.encode()) % len(READ_NOTHING)]

    def wrapped(actor: MActor, obj: Obj | None) -> V:
        return rule(actor, obj) if (actor.role, actor.country) == chosen else V.SKIP

    return wrapped


def _anyone(actor: MActor, obj: Obj | None) -> V:
    return V.ALLOW


def _public_in(collection: str) -> Rule:
    def rule(actor: MActor, obj: Obj | None) -> V:
        assert obj is not None
        shown = (
            obj.attrs.get("public")
            and obj.attrs.get("status") == "published"
            and obj.attrs.get("collection") == collection
        )
        return V.ALLOW if shown else V.ABSENT

    return rule


def _notice_id(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    entity = obj.attrs.get("entity_id") if obj is not None else None
    return {"noticeID": entity.replace("/", "-") if entity else NONE}


def _picture(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    return {**_notice_id(world, actor, obj), "pictureID": "1"}


def _endpoints() -> list[Endpoint]:
    out = []
    for collection in (*COLLECTIONS, "un"):
        out.append(
            Endpoint(
                "GET",
                f"{BASE}/{collection}",
                _as_one(_anyone, collection),
                query=lambda w, a, o: {"resultPerPage": 160},
                anonymous=True,
            )
        )
    for collection in COLLECTIONS:
        path = f"{BASE}/{collection}/{{noticeID}}"
        out += [
            Endpoint(
                "GET",
                path,
                _as_one(_public_in(collection), path),
                kind="notice",
                params=_notice_id,
                anonymous=True,
            ),
            Endpoint(
                "GET",
                path + "/images",
                _as_one(_public_in(collection), path + "/images"),
                kind="notice",
                params=_notice_id,
                anonymous=True,
            ),
            Endpoint(
                "GET",
                path + "/images/{pictureID}",
                _as_one(_public_in(collection), path + "/p"),
                kind="notice",
                params=_picture,
                anonymous=True,
                ok=frozenset({404}),  # pictures are never served, even of public notices
            ),
        ]
    return out


ENDPOINTS: list[Endpoint] = _endpoints()


def build(world: World) -> None:
    """The notices area built every notice; check here that the public ones are reachable
    (so the ALLOW attempts mean something)."""
    shown = [
        o for o in world.of("notice") if o.attrs.get("public") and o.attrs["status"] == "published"
    ]
    assert len({o.attrs["collection"] for o in shown}) == len(COLLECTIONS), shown
