"""Matrix area: statistics and the Secretariat's staff records (docs/statistics.md, "Who sees
what").

The policy encoded here:
- Every figure, its growth and its drill-down to items need ``stats:read`` (every role but
  ``border_officer``). ``?country=XX`` is the Secretariat's for any country, a member's for its
  own only: another country is 403, audited; except for ``members``: the membership list is
  public ("members by region or country: yes"), so any reader may narrow it to any country.
- Items (ids) are the Secretariat's all, a member's its own only: messages its mailboxes sent or
  received, operations it leads or takes part in, its screenings. Canaries: the ids of a
  message FR->DE, of an operation of FR's alone and of a screening by FR that hit nothing, made
  for this purpose and named nowhere else in the world (so that an id echoed in an error
  message elsewhere cannot be mistaken for a leak): BR must never see the message's id, DE
  and BR never the operation's nor the screening's.
- Staff representation and its change: every statistics reader (by nationality: the
  Secretariat only, a number not a string, not checked here).
- Staff records: ``gs_admin`` only (``staff:manage``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from concord.auth.roles import Permission
from concord.clock import now as clock_now
from tests.matrix.model import Endpoint, MActor, Obj, Readable, V, attrs, need
from tests.matrix.world import World

P = Permission
API = "/api/v1"
FIGURES = ("searches", "notices", "messages", "members", "operations")
#: a breakdown by country (or region) of each figure, where a member sees "others"
BY = {
    "searches": "country",
    "notices": "country",
    "messages": "country",
    "members": "region",
    "operations": "country",
}


def _sees_ids(actor: MActor, obj: Obj) -> bool:
    """Who may see the id of this private object (in items, lists, its own pages)."""
    return actor.gs or actor.country in attrs(obj).get("countries", ())


KINDS: dict[str, Readable] = {
    "figure": lambda actor, obj: True,  # parameters of the figures: nothing private in them
    "stats_private_id": _sees_ids,
    "staff": lambda actor, obj: True,  # no names in staff records: nothing to leak by string
}


def _figure_rule(actor: MActor, obj: Obj | None) -> V:
    country = attrs(obj).get("country")
    if not actor.has(P.STATS_READ):
        return V.DENY
    public = attrs(obj).get("figure") == "members"  # the membership list is public
    if country is not None and not public and not (actor.gs or actor.country == country):
        return V.DENY  # another country's drill-down
    return V.ALLOW


def _figure(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    assert obj is not None
    return {"figure": obj.attrs["figure"]}


def _year(world: World) -> int:
    return clock_now(world.settings).year


def _figure_query(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    a = attrs(obj)
    query: dict[str, Any] = {"year": _year(world)}
    if a.get("country"):
        query["country"] = a["country"]
    else:
        query["group_by"] = BY[a["figure"]]
    return query


def _growth_query(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    query: dict[str, Any] = {"a_year": _year(world) - 1, "b_year": _year(world)}
    if attrs(obj).get("country"):
        query["country"] = attrs(obj)["country"]
    return query


def _items_query(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    query: dict[str, Any] = {"year": _year(world), "limit": 500}
    if attrs(obj).get("country"):
        query["country"] = attrs(obj)["country"]
    return query


def _today(world: World) -> str:
    return clock_now(world.settings).date().isoformat()


STAFF = need(P.STAFF_MANAGE)
ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "GET",
        f"{API}/stats/{{figure}}",
        _figure_rule,
        kind="figure",
        params=_figure,
        query=_figure_query,
    ),
    Endpoint(
        "GET",
        f"{API}/stats/{{figure}}/growth",
        _figure_rule,
        kind="figure",
        params=_figure,
        query=_growth_query,
    ),
    Endpoint(
        "GET",
        f"{API}/stats/{{figure}}/items",
        _figure_rule,
        kind="figure",
        params=_figure,
        query=_items_query,
    ),
    Endpoint(
        "GET",
        f"{API}/stats/staff/representation",
        need(P.STATS_READ),
        query=lambda w, a, o: {"at": _today(w)},
    ),
    Endpoint(
        "GET",
        f"{API}/stats/staff/change",
        need(P.STATS_READ),
        query=lambda w, a, o: {"a": date(_year(w) - 1, 12, 31).isoformat(), "b": _today(w)},
    ),
    Endpoint(
        "POST",
        f"{API}/staff",
        STAFF,
        body=lambda w, a, o: {"nationality": "KE", "grade": "P4", "start_date": "2024-02-01"},
    ),
    Endpoint("GET", f"{API}/staff", STAFF),
    Endpoint("GET", f"{API}/staff/{{staff_id}}", STAFF, kind="staff"),
    Endpoint(
        "PATCH",
        f"{API}/staff/{{staff_id}}",
        STAFF,
        kind="staff",
        body=lambda w, a, o: {"grade": "P5"},
    ),
    Endpoint("DELETE", f"{API}/staff/{{staff_id}}", STAFF, kind="staff"),
]


def build(world: World) -> None:
    for figure in FIGURES:
        world.add(Obj("figure", figure, None, {"figure": figure}))
        if figure != "members":  # public: narrowing it to a country is nobody's secret
            world.add(Obj("figure", f"{figure}@FR", "FR", {"figure": figure, "country": "FR"}))

    # private ids for the drill-down: a message FR->DE, an operation of FR's alone
    fr = world.actor("ncb_operator", "FR")
    sent = world.call(
        fr,
        "POST",
        f"{API}/messages",
        json={"to": ["DE"], "subject": "statistics probe", "body": "statistics probe"},
    )
    world.add(
        Obj("stats_private_id", "stats-message", "FR", {"countries": ("FR", "DE")}, (sent["id"],))
    )
    screened = world.call(
        fr, "POST", f"{API}/screen", json={"person": {"names": ["Qzx Nohitname Matrixprobe"]}}
    )
    assert not screened["hits"], "the statistics probe screening must hit nothing"
    world.add(
        Obj(
            "stats_private_id",
            "stats-screening",
            "FR",
            {"countries": ("FR",)},
            (screened["screening_id"],),
        )
    )
    alone = world.extra.get("operation_fr_alone")
    assert alone, "the operations area builds FR's operation of its own"
    world.add(Obj("stats_private_id", "stats-operation", "FR", {"countries": ("FR",)}, (alone,)))

    admin = world.actor("gs_admin")
    for nationality, grade, start, end in (
        ("FR", "P3", "2019-03-01", None),
        ("BR", "G5", "2015-06-01", "2024-12-31"),
    ):
        body = {"nationality": nationality, "grade": grade, "start_date": start, "end_date": end}
        made = world.call(admin, "POST", f"{API}/staff", json=body)
        world.add(Obj("staff", made["id"], None, {"nationality": nationality}))
