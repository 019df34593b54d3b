"""Searches and hits: counted per period from the audit trail and the hits table, grown between
two periods, drilled into, exported as CSV, and seen by a member without the others' details."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from fastapi.testclient import TestClient

from concord.stats import searches
from concord.stats.figures import FigureName, growth
from concord.stats.periods import Period, year
from tests.factories import Actors
from tests.stats.conftest import World

DAYS = [
    ("FR", "2019-01-05", 1),
    ("FR", "2019-01-20", 0),
    ("DE", "2019-03-02", 2),
    ("NG", "2019-03-31", 0),
    ("FR", "2019-12-31", 3),
    ("DE", "2020-02-01", 1),
    ("FR", "2020-02-03", 0),
]


def _fill(world: World) -> None:
    for cc, day, hits in DAYS:
        world.search(cc, day, hits=hits)
    world.commit()


def test_searches_and_hits_per_month_are_counted(world: World, actors: Actors) -> None:
    _fill(world)
    gs = actors.make("gs_officer").principal
    fig = searches.compute(world.session, gs, period=year(2019), group_by="month")
    expected_s = Counter(day[:7] for _, day, _ in DAYS if day.startswith("2019"))
    expected_h: Counter[str] = Counter()
    for _, day, hits in DAYS:
        if day.startswith("2019"):
            expected_h[day[:7]] += hits
    rows = {r.key: r.values for r in fig.rows}
    assert len(fig.rows) == 12  # empty months are shown as 0
    for month in rows:
        assert rows[month]["searches"] == expected_s.get(month, 0)
        assert rows[month]["hits"] == expected_h.get(month, 0)
    assert fig.totals == {"searches": 5, "hits": 6}
    assert fig.source == (
        "audit_events(action=screening.query) + screening_hits 2019-01-01..2019-12-31"
    )
    assert (fig.period.start, fig.period.end) == (date(2019, 1, 1), date(2019, 12, 31))


def test_day_and_year_grains_and_period_edges(world: World, actors: Actors) -> None:
    _fill(world)
    gs = actors.make("gs_officer").principal
    days = searches.compute(
        world.session, gs, period=Period(date(2019, 12, 31), date(2020, 2, 1)), group_by="day"
    )
    rows = {r.key: r.values["searches"] for r in days.rows}
    assert rows["2019-12-31"] == 1 and rows["2020-02-01"] == 1
    assert sum(rows.values()) == 2  # 2020-02-03 is after the end; 2019-03-31 before the start
    years = searches.compute(
        world.session, gs, period=Period(date(2019, 1, 1), date(2020, 12, 31)), group_by="year"
    )
    assert {r.key: r.values["searches"] for r in years.rows} == {"2019": 5, "2020": 2}


def test_growth_between_two_years(world: World, actors: Actors) -> None:
    _fill(world)
    gs = actors.make("gs_officer").principal
    g = growth(world.session, gs, FigureName.SEARCHES, a=year(2019), b=year(2020))
    assert (g.a_value, g.b_value, g.change) == (5, 2, -3)
    assert g.change_pct == -60.0
    hits = growth(world.session, gs, FigureName.SEARCHES, a=year(2019), b=year(2020), column="hits")
    assert (hits.a_value, hits.b_value, hits.change_pct) == (6, 1, round((1 - 6) / 6 * 100, 2))
    empty = growth(world.session, gs, FigureName.SEARCHES, a=year(2018), b=year(2019))
    assert empty.change == 5 and empty.change_pct is None


def test_secretariat_drills_into_every_country(world: World, actors: Actors) -> None:
    _fill(world)
    gs = actors.make("gs_officer").principal
    fig = searches.compute(world.session, gs, period=year(2019), group_by="country")
    assert {r.key: r.values["searches"] for r in fig.rows} == {"DE": 1, "FR": 3, "NG": 1}
    de = searches.compute(world.session, gs, period=year(2019), group_by="month", country="DE")
    assert de.totals == {"searches": 1, "hits": 2}
    ids = searches.items(world.session, gs, period=year(2019), kind="hits", limit=4, offset=0)
    assert ids.total == 6 and len(ids.items) == 4
    rest = searches.items(world.session, gs, period=year(2019), kind="hits", limit=4, offset=4)
    assert len(rest.items) == 2
    assert not {i.id for i in ids.items} & {i.id for i in rest.items}


def test_api_csv_and_member_view(client: TestClient, world: World, actors: Actors) -> None:
    _fill(world)
    fr = actors.make("ncb_operator", "FR")
    gs = actors.make("gs_officer")
    answer = client.get(
        "/api/v1/stats/searches?year=2019&group_by=country", headers=fr.headers
    ).json()
    assert answer["totals"] == {"searches": 5, "hits": 6}  # global totals for everyone
    assert {r["key"]: r["values"]["searches"] for r in answer["rows"]} == {"FR": 3, "others": 2}
    assert "DE" not in str(answer["rows"]) and "NG" not in str(answer["rows"])
    refused = client.get("/api/v1/stats/searches?year=2019&country=DE", headers=fr.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    own = client.get("/api/v1/stats/searches/items?year=2019", headers=fr.headers).json()
    assert own["total"] == 3 and {i["country"] for i in own["items"]} == {"FR"}
    text = client.get(
        "/api/v1/stats/searches?year=2019&group_by=country&format=csv", headers=gs.headers
    )
    assert text.headers["content-type"].startswith("text/csv")
    assert "attachment" in text.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert {r["country"]: int(r["searches"]) for r in rows} == {
        "DE": 1,
        "FR": 3,
        "NG": 1,
        "total": 5,
    }
    assert {r["source"] for r in rows} == {
        "audit_events(action=screening.query) + screening_hits 2019-01-01..2019-12-31"
    }
    assert {(r["period_start"], r["period_end"]) for r in rows} == {("2019-01-01", "2019-12-31")}
    g = client.get(
        "/api/v1/stats/searches/growth?a_year=2019&b_year=2020&format=csv", headers=gs.headers
    )
    row = next(csv.DictReader(io.StringIO(g.text)))
    assert (row["a_value"], row["b_value"], row["change"], row["change_pct"]) == (
        "5",
        "2",
        "-3",
        "-60.0",
    )


def test_bad_input_is_a_precise_422(client: TestClient, actors: Actors) -> None:
    gs = actors.make("gs_officer")
    cases = {
        "/api/v1/stats/searches?start=2020-02-01&end=2020-01-01": "end",
        "/api/v1/stats/searches?group_by=planet": "group_by",
        "/api/v1/stats/searches?year=2019&start=2019-01-01": "year",
        "/api/v1/stats/searches?start=2000-01-01&end=2019-12-31&group_by=day": "grain",
        "/api/v1/stats/searches/growth?a_year=2019&b_year=2020&column=x": "column",
        "/api/v1/stats/searches/items?kind=x": "kind",
        "/api/v1/stats/searches?start=2019-02-30": "start",
    }
    for url, field in cases.items():
        answer = client.get(url, headers=gs.headers)
        assert answer.status_code == 422, url
        assert field in answer.text, url
    assert client.get("/api/v1/stats/planets", headers=gs.headers).status_code == 422


def test_border_officers_do_not_read_statistics(client: TestClient, actors: Actors) -> None:
    border = actors.make("border_officer", "FR")
    assert client.get("/api/v1/stats/searches", headers=border.headers).status_code == 403
