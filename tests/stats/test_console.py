"""The console's statistics page: rendered with its chart and the figure's period and source
for the Secretariat and for a member, without other countries' details for the member; drill
into a country; CSV export; bad input shown next to its field."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.stats.conftest import World


def _fill(world: World) -> None:
    for cc, day, hits in (
        ("FR", "2019-02-01", 1),
        ("DE", "2019-02-03", 2),
        ("DE", "2019-05-01", 0),
    ):
        world.search(cc, day, hits=hits)
    world.commit()


def test_secretariat_sees_every_country(web: TestClient, signed_in, world: World) -> None:  # type: ignore[no-untyped-def]
    _fill(world)
    signed_in("gs_officer")
    page = web.get("/console/stats?figure=searches&year=2019&group_by=country")
    assert page.status_code == 200
    assert "<svg" in page.text and "chart-title" in page.text
    assert (
        "audit_events(action=screening.query) + screening_hits 2019-01-01..2019-12-31" in page.text
    )
    assert (
        'href="/console/stats?figure=searches&amp;year=2019&amp;group_by=month&amp;country=DE"'
        in page.text
    )
    drilled = web.get("/console/stats?figure=searches&year=2019&group_by=month&country=DE")
    assert drilled.status_code == 200
    assert "<td>2</td>" in drilled.text  # DE: 2 searches in all
    home = web.get("/console/")
    assert 'href="/console/stats"' in home.text


def test_member_sees_totals_and_its_own_row_only(web: TestClient, signed_in, world: World) -> None:  # type: ignore[no-untyped-def]
    _fill(world)
    signed_in("ncb_operator", "FR")
    page = web.get("/console/stats?figure=searches&year=2019&group_by=country")
    assert page.status_code == 200 and "<svg" in page.text
    assert '<th scope="row">DE</th>' not in page.text and "country=DE" not in page.text
    assert "Other countries" in page.text
    refused = web.get("/console/stats?figure=searches&year=2019&country=DE")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    export = web.get("/console/stats/export?figure=searches&year=2019&group_by=country")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    rows = {r["country"]: r["searches"] for r in csv.DictReader(io.StringIO(export.text))}
    assert rows == {"FR": "1", "others": "2", "total": "3"}


def test_every_figure_renders(web: TestClient, signed_in) -> None:  # type: ignore[no-untyped-def]
    signed_in("gs_officer")
    for figure in ("searches", "notices", "messages", "operations", "members", "staff"):
        page = web.get(f"/console/stats?figure={figure}&year=2020")
        assert page.status_code == 200, figure
        assert "<svg" in page.text, figure
    french = web.get("/console/stats?figure=notices&year=2020&lang=fr")
    assert "Statistiques" in french.text


def test_bad_input_is_shown_next_to_the_field(web: TestClient, signed_in) -> None:  # type: ignore[no-untyped-def]
    signed_in("ncb_admin", "FR")
    for query, field in (
        ("figure=planets", "e-figure"),
        ("year=99999", "e-year"),
        ("start=2020-02-30", "e-start"),
        ("figure=members&group_by=month", "e-group_by"),
        ("start=2020-03-01&end=2020-01-01", "e-end"),
    ):
        page = web.get(f"/console/stats?{query}")
        assert page.status_code == 422, query
        assert f'id="{field}"' in page.text, query


def test_border_officers_have_no_statistics(web: TestClient, signed_in) -> None:  # type: ignore[no-untyped-def]
    signed_in("border_officer", "FR")
    assert web.get("/console/stats").status_code == 403
