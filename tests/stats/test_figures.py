"""Notices, messages, members and operations: each figure against facts written in the test and
counted here independently; who sees which breakdown; drill-down to the ids; CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, or_, select

from concord.members.models import Country
from concord.stats import members, messages, notices, operations
from concord.stats.periods import Period, year
from tests.factories import Actors
from tests.stats.conftest import World


def _notices(world: World) -> dict[str, object]:
    made = {
        "red_fr": world.notice("red", "FR", published="2019-02-01"),
        "red_de": world.notice("red", "DE", published="2019-06-01"),
        "yellow_fr": world.notice("yellow", "FR", published="2019-07-01", expires="2019-10-01"),
        "blue_old": world.notice("blue", "DE", published="2018-05-01"),
        "red_cancelled": world.notice(
            "red", "NG", published="2019-03-01", status="cancelled", left="2019-09-01"
        ),
        "refused_de": world.notice("red", "DE", status="refused", refused="2019-04-01"),
        "refused_fr": world.notice("green", "FR", status="refused", refused="2019-05-01"),
        "refused_late": world.notice("red", "DE", status="refused", refused="2020-01-02"),
        "un": world.notice("un", None, published="2019-08-01"),
    }
    world.commit()
    return made


def test_notices_issued_refused_valid_by_type(world: World, actors: Actors) -> None:
    _notices(world)
    gs = actors.make("gs_reviewer").principal
    fig = notices.compute(world.session, gs, period=year(2019), group_by="type")
    rows = {r.key: r.values for r in fig.rows}
    # issued in 2019: red FR, red DE, red NG (later cancelled), yellow FR, UN
    assert rows["red"]["issued"] == 3 and rows["yellow"]["issued"] == 1
    assert rows["un"]["issued"] == 1 and rows.get("blue", {}).get("issued", 0) == 0
    # refused in 2019: the red of DE and the green of FR (not the one of 2020)
    assert rows["red"]["refused"] == 1 and rows["green"]["refused"] == 1
    # valid at the end of 2019: red FR, red DE, blue (2018, still valid), UN; not the yellow
    # (expired 2019-10-01) nor the cancelled red
    assert rows["red"]["valid"] == 2 and rows["blue"]["valid"] == 1
    assert rows["un"]["valid"] == 1 and rows["yellow"]["valid"] == 0
    assert fig.totals == {"issued": 5, "refused": 2, "valid": 4}
    mid = notices.compute(
        world.session, gs, period=Period(date(2019, 1, 1), date(2019, 8, 15)), group_by="type"
    )
    mid_rows = {r.key: r.values for r in mid.rows}
    assert mid_rows["red"]["valid"] == 3  # the NG red was withdrawn only on 2019-09-01
    assert mid_rows["yellow"]["valid"] == 1


def test_notices_valid_at_the_end_of_each_month(world: World, actors: Actors) -> None:
    _notices(world)
    gs = actors.make("gs_reviewer").principal
    fig = notices.compute(world.session, gs, period=year(2019), group_by="month")
    valid = {r.key: r.values["valid"] for r in fig.rows}
    assert valid["2019-01"] == 1  # the blue of 2018
    assert valid["2019-03"] == 3  # + red FR, red NG
    assert valid["2019-08"] == 6  # + red DE, yellow, UN
    assert valid["2019-09"] == 5  # the NG red left circulation
    assert valid["2019-10"] == 4  # the yellow expired
    issued = {r.key: r.values["issued"] for r in fig.rows}
    assert sum(issued.values()) == 5 and issued["2019-02"] == 1


def test_a_member_sees_its_own_refusals_only(
    client: TestClient, world: World, actors: Actors
) -> None:
    made = _notices(world)
    fr = actors.make("ncb_operator", "FR")
    gs = actors.make("gs_reviewer")
    url = "/api/v1/stats/notices?year=2019&group_by=country"
    mine = client.get(url, headers=fr.headers).json()
    keys = {r["key"] for r in mine["rows"]}
    assert keys == {"FR", "others"}
    fr_row = next(r for r in mine["rows"] if r["key"] == "FR")["values"]
    assert fr_row == {"issued": 2, "refused": 1, "valid": 1}
    full = client.get(url, headers=gs.headers).json()
    assert {r["key"] for r in full["rows"]} == {"DE", "FR", "IPSG", "NG"}
    de_refusals = next(r for r in full["rows"] if r["key"] == "DE")["values"]["refused"]
    assert de_refusals == 1
    items = client.get(
        "/api/v1/stats/notices/items?year=2019&kind=refused", headers=fr.headers
    ).json()
    assert [i["id"] for i in items["items"]] == [made["refused_fr"].id]  # type: ignore[attr-defined]
    assert made["refused_de"].id not in str(items)  # type: ignore[attr-defined]
    assert (
        client.get(
            "/api/v1/stats/notices/items?year=2019&kind=refused&country=DE", headers=fr.headers
        ).status_code
        == 403
    )
    all_refused = client.get(
        "/api/v1/stats/notices/items?year=2019&kind=refused", headers=gs.headers
    ).json()
    assert all_refused["total"] == 2


def test_messages_by_period_and_country_metadata_only(
    client: TestClient, world: World, actors: Actors
) -> None:
    ids = [
        world.message("FR", ["DE", "NG"], "2019-01-10"),
        world.message("DE", ["FR"], "2019-01-11"),
        world.message("NG", ["DE"], "2019-02-01"),
        world.message(None, ["FR", "DE", "NG"], "2019-03-01"),
        world.message("FR", ["DE"], "2020-01-01"),
    ]
    world.commit()
    gs = actors.make("gs_officer").principal
    fig = messages.compute(world.session, gs, period=year(2019), group_by="month")
    rows = {r.key: r.values for r in fig.rows}
    assert rows["2019-01"] == {"messages": 2, "deliveries": 3}
    assert rows["2019-03"] == {"messages": 1, "deliveries": 3}
    assert fig.totals == {"messages": 4, "deliveries": 7}
    by_country = messages.compute(world.session, gs, period=year(2019), group_by="country")
    got = {r.key: r.values for r in by_country.rows}
    assert got["IPSG"] == {"messages": 1, "deliveries": 0}
    assert got["DE"] == {"messages": 1, "deliveries": 3}
    fr = actors.make("ncb_admin", "FR")
    listing = client.get("/api/v1/stats/messages/items?year=2019", headers=fr.headers).json()
    # FR sent the first, received the second and the fourth; not the NG -> DE one
    assert {i["id"] for i in listing["items"]} == {ids[0], ids[1], ids[3]}
    assert "SECRET-BODY" not in str(listing)


def test_members_by_region_match_the_list(client: TestClient, actors: Actors, session) -> None:  # type: ignore[no-untyped-def]
    fr = actors.make("ncb_operator", "FR")
    answer = client.get("/api/v1/stats/members?year=2000", headers=fr.headers).json()
    expected = dict(
        session.execute(
            select(Country.region, func.count())
            .where(or_(Country.joined.is_(None), Country.joined <= 2000))
            .group_by(Country.region)
        ).all()
    )
    assert {r["key"]: r["values"]["members"] for r in answer["rows"]} == expected
    now = members.compute(session, fr.principal, period=year(2026))
    assert now.totals["members"] == session.execute(select(func.count(Country.code))).scalar()
    # the member list is public: a member sees every country
    by_country = members.compute(session, fr.principal, period=year(2026), group_by="country")
    assert "DE" in {r.key for r in by_country.rows}


def _operations(world: World) -> None:
    world.operation(
        "environmental_crime",
        "2019-03-01",
        {
            "FR": {"arrests": 10, "seizures_usd_cents": 150_000},
            "NG": {"arrests": 5, "vehicles_recovered": 2, "vehicles_usd_cents": 4_000_000},
        },
        declined=("DE",),
    )
    world.operation(
        "financial_crime",
        "2019-11-15",
        {"DE": {"arrests": 7, "assets_usd_cents": 123_456_789}, "IPSG": {"arrests": 1}},
        lead="DE",
    )
    world.operation("drugs", "2020-01-10", {"FR": {"arrests": 100}})
    world.commit()


def test_operations_totals_by_year_area_region_country(
    client: TestClient, world: World, actors: Actors
) -> None:
    _operations(world)
    gs = actors.make("gs_officer").principal
    fig = operations.compute(
        world.session, gs, period=Period(date(2019, 1, 1), date(2020, 12, 31)), group_by="year"
    )
    rows = {r.key: r.values for r in fig.rows}
    assert rows["2019"]["operations"] == 2 and rows["2020"]["operations"] == 1
    assert rows["2019"]["arrests"] == 10 + 5 + 7 + 1  # current versions only
    assert rows["2019"]["seizures_usd"] == 1500.0
    assert rows["2019"]["vehicles_recovered"] == 2 and rows["2019"]["vehicles_usd"] == 40000.0
    assert rows["2019"]["assets_usd"] == 1234567.89
    area = operations.compute(world.session, gs, period=year(2019), group_by="crime_area")
    assert {r.key: r.values["arrests"] for r in area.rows} == {
        "environmental_crime": 15,
        "financial_crime": 8,
    }
    region = operations.compute(world.session, gs, period=year(2019), group_by="region")
    got = {r.key: (r.values["operations"], r.values["arrests"]) for r in region.rows}
    assert got["Europe"] == (2, 17) and got["Africa"] == (1, 5)
    assert got["General Secretariat"] == (0, 1)
    country = operations.compute(world.session, gs, period=year(2019), group_by="country")
    got = {r.key: (r.values["operations"], r.values["arrests"]) for r in country.rows}
    assert got["DE"] == (1, 7)  # declined the first operation: only the one it led counts
    assert country.totals["operations"] == 2  # each operation once, not once per country
    assert region.totals["operations"] == 2
    fr = actors.make("ncb_operator", "FR")
    mine = client.get(
        "/api/v1/stats/operations?year=2019&group_by=country", headers=fr.headers
    ).json()
    assert {r["key"] for r in mine["rows"]} == {"FR", "others"}
    assert mine["totals"]["arrests"] == 23
    theirs = client.get("/api/v1/stats/operations?year=2019&country=NG", headers=fr.headers)
    assert theirs.status_code == 403
    listing = client.get("/api/v1/stats/operations/items?year=2019", headers=fr.headers).json()
    assert listing["total"] == 1  # FR took part in the first only
    text = client.get(
        "/api/v1/stats/operations?year=2019&group_by=crime_area&format=csv",
        headers=actors.make("gs_officer").headers,
    ).text
    table = list(csv.DictReader(io.StringIO(text)))
    assert table[-1]["crime_area"] == "total" and table[-1]["assets_usd"] == "1234567.89"
