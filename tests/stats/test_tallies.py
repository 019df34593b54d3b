"""Historical search tallies: loaded by the Secretariat with their source, refused when they
would overlap the audit trail or make no sense, and added to the searches figure only in
periods covering their whole month, with their items adding up to the figure's totals."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from concord.audit.models import AuditEvent
from concord.bootstrap import system_principal
from concord.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from concord.settings import Settings
from concord.stats import searches, tallies
from concord.stats.periods import Period, year
from tests.factories import Actors
from tests.stats.conftest import World

SOURCE = "test: previous system's monthly counts"
ROWS = [
    tallies.Tally(date(2017, 1, 1), "FR", 1000, 2),
    tallies.Tally(date(2017, 1, 15), "DE", 700, 0),  # any day of the month
    tallies.Tally(date(2017, 2, 1), "FR", 900, 1),
    tallies.Tally(date(2017, 12, 1), "IPSG", 50, 0),
    tallies.Tally(date(2018, 1, 1), "FR", 1200, 3),
]


def _load(world: World, settings: Settings, rows: list[tallies.Tally] = ROWS) -> int:
    n = tallies.load(
        world.session,
        system_principal(world.session),
        tallies=rows,
        source=SOURCE,
        settings=settings,
    )
    world.commit()
    return n


def test_tallies_count_in_their_months_with_their_source(
    world: World, actors: Actors, settings: Settings
) -> None:
    assert _load(world, settings) == 5
    world.search("FR", "2017-02-10", hits=1)  # one search the audit trail recorded
    world.commit()
    gs = actors.make("gs_officer").principal
    fig = searches.compute(world.session, gs, period=year(2017), group_by="month")
    rows = {r.key: r.values for r in fig.rows}
    assert rows["2017-01"] == {"searches": 1700, "hits": 2}
    assert rows["2017-02"] == {"searches": 901, "hits": 2}
    assert rows["2017-12"] == {"searches": 50, "hits": 0}
    assert fig.totals == {"searches": 2651, "hits": 4}
    assert "search_tallies" in fig.source and fig.source.endswith("2017-01-01..2017-12-31")
    assert any(SOURCE in n for n in fig.notes)
    by_country = searches.compute(world.session, gs, period=year(2017), group_by="country")
    assert {r.key: r.values["searches"] for r in by_country.rows} == {
        "DE": 700,
        "FR": 1901,
        "IPSG": 50,
    }
    # a period that cuts January and February in half counts neither month's tally
    part = searches.compute(
        world.session, gs, period=Period(date(2017, 1, 16), date(2017, 2, 14)), group_by="year"
    )
    assert part.totals == {"searches": 1, "hits": 1}
    assert any("only in part" in n for n in part.notes)
    # no tally in the period: the source is the audit trail's alone
    other = searches.compute(world.session, gs, period=year(2016), group_by="year")
    assert "search_tallies" not in other.source and other.totals["searches"] == 0


def test_items_add_up_to_the_figure_and_its_csv(
    world: World, actors: Actors, settings: Settings
) -> None:
    _load(world, settings)
    world.search("FR", "2017-02-10", hits=1)
    world.commit()
    gs = actors.make("gs_officer").principal
    fig = searches.compute(world.session, gs, period=year(2017), group_by="month")
    total = list(csv.DictReader(io.StringIO(fig.to_csv())))[-1]
    for kind in ("searches", "hits"):
        page = searches.items(world.session, gs, period=year(2017), kind=kind, limit=2, offset=0)
        rest = searches.items(world.session, gs, period=year(2017), kind=kind, limit=50, offset=2)
        items = page.items + rest.items
        assert page.total == len(items)
        assert sum(i.count for i in items) == fig.totals[kind] == int(total[kind])
        tallied = [i for i in items if i.kind == searches.TALLY_KIND]
        assert tallied and all(i.at is not None and i.at.day == 1 for i in tallied)
        assert "search_tallies" in page.source
    # a tally without hits is not a hit item
    hits = searches.items(world.session, gs, period=year(2017), kind="hits", limit=50, offset=0)
    assert {i.country for i in hits.items if i.kind == searches.TALLY_KIND} == {"FR"}
    items_csv = list(csv.DictReader(io.StringIO(hits.to_csv())))
    assert sum(int(r["count"]) for r in items_csv) == fig.totals["hits"]


def test_a_member_sees_its_own_tallies_and_the_others_summed(
    world: World, actors: Actors, settings: Settings
) -> None:
    _load(world, settings)
    de = actors.make("ncb_operator", "DE").principal
    fig = searches.compute(world.session, de, period=year(2017), group_by="country")
    assert {r.key: r.values["searches"] for r in fig.rows} == {"DE": 700, "others": 1950}
    own = searches.items(world.session, de, period=year(2017), kind="searches", limit=9, offset=0)
    assert [(i.country, i.count) for i in own.items] == [("DE", 700)]


def test_bad_tallies_are_refused_precisely(
    world: World, actors: Actors, settings: Settings
) -> None:
    system = system_principal(world.session)
    today = datetime.now(UTC).date()
    bad = {
        "month": tallies.Tally(today, "FR", 10, 0),  # the current month: the trail counts it
        "country": tallies.Tally(date(2017, 1, 1), "XX", 10, 0),
        "hits": tallies.Tally(date(2017, 1, 1), "FR", 10, 11),
    }
    for field, row in bad.items():
        with pytest.raises(ValidationFailedError) as err:
            tallies.load(world.session, system, tallies=[row], source=SOURCE, settings=settings)
        assert err.value.errors[0]["loc"] == [f"tallies.0.{field}"]
    with pytest.raises(ValidationFailedError, match="twice"):
        tallies.load(world.session, system, tallies=ROWS[:1] * 2, source=SOURCE, settings=settings)
    with pytest.raises(ValidationFailedError, match="source"):
        tallies.load(world.session, system, tallies=ROWS, source="  ", settings=settings)
    with pytest.raises(PermissionDeniedError):
        tallies.load(
            world.session,
            actors.make("ncb_admin", "FR").principal,
            tallies=ROWS,
            source=SOURCE,
            settings=settings,
        )
    _load(world, settings)
    with pytest.raises(ConflictError):
        tallies.load(world.session, system, tallies=ROWS[:1], source=SOURCE, settings=settings)


def test_a_load_is_one_audited_event(world: World, settings: Settings) -> None:
    _load(world, settings)
    stmt = select(func.count()).where(AuditEvent.action == "stats.tallies_load")
    assert world.session.execute(stmt).scalar_one() == 1
