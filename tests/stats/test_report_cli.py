"""The CLI (``concord stats``, ``concord stats staff``, ``concord report annual``) and the
annual report's two files, whose numbers are recomputed here from the facts the test wrote."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zlib
from datetime import date
from pathlib import Path

from concord.stats.svg import number
from tests.cli.conftest import Cli, fails
from tests.factories import Actors
from tests.stats.conftest import World


def _facts(world: World) -> dict[str, float]:
    results = {
        "FR": {
            "arrests": 41,
            "seizures_usd_cents": 250_000_075,
            "vehicles_recovered": 3,
            "vehicles_usd_cents": 9_000_000,
        },
        "NG": {"arrests": 19, "assets_usd_cents": 77_700},
    }
    world.operation("environmental_crime", "2019-05-01", results)
    world.operation("cybercrime", "2019-09-01", {"DE": {"arrests": 13}})
    world.operation("drugs", "2020-02-01", {"FR": {"arrests": 999}})  # another year
    for day in ("2019-01-02", "2019-04-05", "2019-04-06"):
        world.search("FR", day, hits=1)
    world.notice("red", "FR", published="2019-03-01")
    world.notice("yellow", "DE", published="2019-06-01")
    world.commit()
    return {
        "arrests": 41 + 19 + 13,
        "seizures": 2_500_000.75,
        "vehicles": 3,
        "vehicles_usd": 90_000.0,
        "assets": 777.0,
        "searches": 3,
        "issued": 2,
        "operations": 2,
    }


def test_annual_report_files(cli: Cli, world: World, tmp_path: Path) -> None:
    expected = _facts(world)
    cli.ok("stats", "staff", "add", "--nationality", "FR", "--grade", "P3", "--start", "2018-01-01")
    cli.ok("stats", "staff", "add", "--nationality", "KE", "--grade", "P4", "--start", "2019-02-01")
    cli.ok(
        "stats",
        "staff",
        "add",
        "--nationality",
        "BR",
        "--grade",
        "G5",
        "--start",
        "2015-01-01",
        "--end",
        "2018-12-31",
    )
    out = tmp_path / "reports"
    result = cli.ok("report", "annual", "--year", "2019", "--out", str(out))
    assert "annual-2019.pdf" in result.stdout
    html = (out / "annual-2019.html").read_text("utf-8")
    pdf = (out / "annual-2019.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)

    def headline(label: str) -> str:
        found = re.search(
            rf"<th scope='row'>{re.escape(label)}</th><td class='num'>([^<]+)</td>", html
        )
        assert found, label
        return found.group(1)

    assert headline("Operations") == number(expected["operations"])
    assert headline("Arrests") == number(expected["arrests"]) == "73"
    assert headline("Seizures (estimated value)") == number(expected["seizures"], "USD")
    assert headline("Seizures (estimated value)") == "2,500,000.75 USD"
    assert headline("Vehicles recovered") == "3"
    assert headline("Vehicles recovered (value)") == "90,000.00 USD"
    assert headline("Assets frozen or seized in operations") == "777.00 USD"
    assert headline("Database searches") == "3"
    assert headline("Notices issued") == "2"
    assert headline("Staff") == "2"  # on 2019-12-31: FR and KE; BR left in 2018
    assert headline("Regions represented among staff") == "2"
    for needle in ("2,500,000.75 USD", "90,000.00 USD", "777.00 USD", "Arrests", "73"):
        assert needle in text, needle
    assert "2019-01-01..2019-12-31" in html and "2019-01-01..2019-12-31" in text
    assert "operation_report_versions" in html and "screening_hits" in text
    # self-contained: inline SVG charts, nothing fetched from elsewhere
    assert html.count("<svg") >= 5
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", html)
    assert "<script" not in html and "<link" not in html


def _pdf_text(pdf: bytes) -> str:
    """Text of an uncompressed PDF (any Flate stream is inflated too, to be safe)."""
    chunks = [pdf.decode("latin-1")]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(stream).decode("latin-1"))
    return "\n".join(chunks)


def test_report_refuses_a_future_year(cli: Cli, tmp_path: Path) -> None:
    fails(cli("report", "annual", "--year", "2099", "--out", str(tmp_path)), 2, "--year")


def test_stats_commands(cli: Cli, world: World, actors: Actors, tmp_path: Path) -> None:
    _facts(world)
    shown = cli.json("stats", "show", "operations", "--year", "2019", "--group-by", "crime_area")
    assert shown["totals"]["arrests"] == 73 and shown["source"].endswith("2019-01-01..2019-12-31")
    target = tmp_path / "searches.csv"
    cli.ok("stats", "show", "searches", "--year", "2019", "--csv", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert rows[-1]["month"] == "total" and rows[-1]["searches"] == "3"
    assert rows[3]["month"] == "2019-04" and rows[3]["searches"] == "2"
    grown = cli.json(
        "stats",
        "growth",
        "operations",
        "--a-year",
        "2019",
        "--b-year",
        "2020",
        "--column",
        "arrests",
    )
    assert (grown["a_value"], grown["b_value"], grown["change"]) == (73, 999, 926)
    items = cli.json("stats", "items", "searches", "--year", "2019", "--kind", "hits")
    assert items["total"] == 3
    table = cli.ok("stats", "show", "notices", "--year", "2019").stdout
    assert "red" in table and "yellow" in table and "source:" in table
    fails(cli("stats", "show", "searches", "--group-by", "planet"), 2, "group_by")
    fails(
        cli("stats", "show", "searches", "--start", "2020-01-02", "--end", "2020-01-01"), 2, "end"
    )


def test_staff_commands(cli: Cli, actors: Actors) -> None:
    made = cli.json(
        "stats", "staff", "add", "--nationality", "ke", "--grade", "P4", "--start", "2019-02-01"
    )
    assert made["region"] == "Africa"
    cli.ok("stats", "staff", "update", made["id"], "--end", "2020-03-31")
    listing = cli.json("stats", "staff", "list", "--serving-on", "2020-04-01")
    assert listing == []
    rep = cli.json("stats", "staff", "representation", "--at", "2019-06-01")
    assert (rep["staff"], rep["countries"], rep["regions"]) == (1, 1, 1)
    change = cli.json("stats", "staff", "change", "--a", "2019-06-01", "--b", "2020-06-01")
    africa = next(r for r in change["by_region"] if r["region"] == "Africa")
    assert africa["staff_change"] == -1
    fails(
        cli(
            "stats", "staff", "add", "--nationality", "XX", "--grade", "P4", "--start", "2019-02-01"
        ),
        2,
        "nationality",
    )
    officer = actors.user("gs_officer")
    fails(cli("--as", officer.principal.username, "stats", "staff", "list"), 1, "Staff records")
    cli.ok("stats", "staff", "delete", made["id"])


def test_assets_under_silver_notices_in_dollars(cli: Cli, world: World, tmp_path: Path) -> None:
    from sqlalchemy import select

    from concord.notices.models import NoticeRecord
    from concord.operations.models import UsdRate
    from concord.records import service as records

    owner = world.screeners["FR"]
    values = [("1000000.00", "USD"), ("500000.00", "EUR"), ("70.00", "XAF")]
    ids = []
    for i, (value, currency) in enumerate(values):
        data = {
            "kind": "real_estate",
            "name": f"Villa {i}",
            "estimated_value": value,
            "currency": currency,
        }
        row = records.create(
            world.session,
            owner,
            records.RecordInput(type="asset", data=data),
            settings=cli.settings,  # type: ignore[arg-type]
        )
        ids.append(row.id)
    silver = world.notice("silver", "FR", published="2021-03-01")
    world.notice("silver", "FR", published="2021-04-01", status="cancelled", left="2021-06-01")
    for rid in ids:
        world.session.add(NoticeRecord(notice_id=silver.id, record_id=rid))
    world.commit()
    rates = {
        c: world.session.execute(
            select(UsdRate.per_usd)
            .where(UsdRate.currency == c, UsdRate.on_date <= date(2021, 12, 31))
            .order_by(UsdRate.on_date.desc())
            .limit(1)
        ).scalar()
        for c in ("EUR", "XAF")
    }
    assert rates["EUR"]
    expected = 1_000_000 + 500_000 / rates["EUR"] + (70 / rates["XAF"] if rates["XAF"] else 0)
    cli.ok("report", "annual", "--year", "2021", "--out", str(tmp_path))
    html = (tmp_path / "annual-2021.html").read_text("utf-8")
    assert f"<td class='num'>{number(round(expected, 2), 'USD')}</td>" in html
    assert re.search(r"Silver Notices in circulation</th><td class='num'>1<", html)
    assert re.search(r"Assets under Silver Notices</th><td class='num'>3<", html)
