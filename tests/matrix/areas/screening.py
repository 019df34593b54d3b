"""Matrix area: screening (FIND) and the follow-up of hits.

Policy (docs/screening.md, concord/auth/roles.py):
- screening needs ``screen``; the index applies the records' own rules, so a screening never
  returns (nor counts) a record restricted away from the screening country, nor one past its
  review date for anyone but its owner: each actor screens for the names of records it may not
  see, and the leak detector checks their canaries never come back;
- a hit is seen by the screening country and the record's owner country, and the General
  Secretariat; reading it is police data, so it takes ``screen`` or ``records:read``; a third
  country gets 404, audited;
- follow-ups and clearances are given by the screening side (``screen`` in the screening
  country, the Secretariat for its own screenings) or the owner side (``records:write`` in the
  owner country); a clearance needs a hit discarded as a false match first (409 otherwise, for
  everyone); revoking a clearance follows the same sides.
"""

from __future__ import annotations

from typing import Any

from concord.auth.roles import Permission
from tests.matrix.areas.records import RELEVANT, restriction_allows, with_twins
from tests.matrix.model import Endpoint, MActor, Obj, Readable, V
from tests.matrix.world import World

SCREEN = "/api/v1/screen"
BIRTH = "1976-03-14"


def _sees_hits(actor: MActor) -> bool:
    return actor.has(Permission.SCREEN) or actor.has(Permission.RECORDS_READ)


def _party(actor: MActor, obj: Obj) -> bool:
    return actor.gs or actor.country in (obj.attrs["owner"], obj.attrs["screener"])


def hit_readable(actor: MActor, obj: Obj) -> bool:
    return _sees_hits(actor) and _party(actor, obj)


def _sides(actor: MActor, obj: Obj) -> bool:
    """The actor speaks for the owner side or the screening side of the hit."""
    owner = actor.country == obj.attrs["owner"] and actor.has(Permission.RECORDS_WRITE)
    screener = (actor.country or "IPSG") == obj.attrs["screener"] and actor.has(Permission.SCREEN)
    return owner or screener


KINDS: dict[str, Readable] = {"hit": hit_readable, "clearance": hit_readable}


def _read_hit(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return V.ALLOW if hit_readable(actor, obj) else V.DENY


def _act_on_hit(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return V.ALLOW if _sides(actor, obj) else V.DENY


def _query(family: str) -> dict[str, Any]:
    return {"person": {"names": [f"Anatol {family}"], "birth_date": BIRTH}}


def _hidden_names(world: World, actor: MActor) -> list[str]:
    """Names of records the actor's country may not see (screened for as an outsider)."""
    return [
        o.attrs["family"]
        for o in world.of("record")
        if "family" in o.attrs and not restriction_allows(actor, o)
    ]


def _screen_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    hidden = _hidden_names(world, actor) or [world.one("record", name="fr_all").attrs["family"]]
    return {**_query(hidden[0]), "reference": "matrix"}


def _batch_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    names = [o.attrs["family"] for o in world.of("record") if "family" in o.attrs]
    return {"queries": [_query(n) for n in names]}


ENDPOINTS: list[Endpoint] = with_twins([
    Endpoint(
        "POST",
        SCREEN,
        lambda a, o: V.ALLOW if a.has(Permission.SCREEN) else V.DENY,
        body=_screen_body,
    ),
    Endpoint(
        "POST",
        SCREEN + "/batch",
        lambda a, o: V.ALLOW if a.has(Permission.SCREEN) else V.DENY,
        body=_batch_body,
    ),
    Endpoint(
        "GET",
        SCREEN + "/hits",
        lambda a, o: V.ALLOW if _sees_hits(a) else V.DENY,
        query=lambda w, a, o: {"side": "owner" if a.country != "BR" else "screener"},
    ),
    Endpoint("GET", SCREEN + "/hits/{hit_id}", _read_hit, kind="hit"),
    Endpoint(
        "POST",
        SCREEN + "/hits/{hit_id}/follow-ups",
        _act_on_hit,
        kind="hit",
        body=lambda w, a, o: {"action": "confirm", "outcome": "information_exchanged"},
    ),
    Endpoint(
        "POST",
        SCREEN + "/hits/{hit_id}/clearances",
        _act_on_hit,
        kind="hit",
        body=lambda w, a, o: {"days": 30, "reason": "not the same person"},
        # only a hit discarded as a false match can be cleared, whoever asks (docs/screening.md)
        ok=frozenset({409}),
    ),
    Endpoint("DELETE", SCREEN + "/clearances/{clearance_id}", _act_on_hit, kind="clearance"),
], RELEVANT)  # fmt: skip

#: (screening actor's role and country, record screened for, cleared as a false match?)
SCREENINGS: list[tuple[str, str | None, str, bool]] = [
    ("border_officer", "DE", "fr_only_de", True),
    ("border_officer", "FR", "de_only_fr", True),
    ("border_officer", "BR", "fr_all", False),
    ("ncb_operator", "FR", "fr_except_br", False),
    ("gs_officer", None, "de_all", False),
]


def build(world: World) -> None:
    for n, (role, country, target, cleared) in enumerate(SCREENINGS):
        actor = world.actor(role, country)
        record = world.one("record", name=target)
        answer = world.call(actor, "POST", SCREEN, json=_query(record.attrs["family"]))
        found = [h for h in answer["hits"] if h["record_id"] == record.id]
        assert found and found[0]["id"], f"building the world: no hit on {target}: {answer}"
        attrs = {"owner": record.owner, "screener": country or "IPSG", "on": target}
        hit = world.add(Obj("hit", found[0]["id"], record.owner, attrs))
        if cleared:
            world.call(
                actor,
                "POST",
                f"{SCREEN}/hits/{hit.id}/follow-ups",
                json={"action": "discard", "outcome": "false_match"},
            )
            made = world.call(
                actor,
                "POST",
                f"{SCREEN}/hits/{hit.id}/clearances",
                json={"days": 60, "reason": f"different birth place ({n})"},
            )
            world.add(Obj("clearance", made["id"], record.owner, dict(attrs)))
