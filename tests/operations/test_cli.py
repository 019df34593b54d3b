"""``concord operations``: the workflow from the command line (as the API's), bad input as
exit code 2, refusals as exit code 1, and loading a rate file."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from concord.clock import now as clock_now
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.factories import Actors
from tests.operations.helpers import usd_cents


def test_operation_from_the_command_line(
    cli: Cli, actors: Actors, dev_settings: Settings, tmp_path: Path
) -> None:
    today = clock_now(dev_settings).date()
    gs = actors.make("gs_officer").principal.username
    eg = actors.make("ncb_admin", "EG").principal.username
    sa = actors.make("ncb_admin", "SA").principal.username
    created = cli.json(
        "--as",
        gs,
        "operations",
        "create",
        "--code-name",
        "TEST NILE",
        "--crime-area",
        "cultural_property",
        "--start",
        (today - timedelta(days=10)).isoformat(),
        "--end",
        (today + timedelta(days=10)).isoformat(),
        "--unit",
        "Works of Art unit",
        "--objectives",
        "Recover looted antiquities.",
        "--invite",
        "EG",
        "--invite",
        "SA",
    )
    assert created["lead_country"] is None and created["status"] == "planned"
    assert cli.json("--as", eg, "operations", "answer", "TEST NILE", "accept")["status"] == (
        "accepted"
    )
    cli.ok("--as", sa, "operations", "answer", "test nile", "decline")
    fails(cli("--as", eg, "operations", "start", "TEST NILE"), 1, "Only the coordinators")
    assert cli.json("--as", gs, "operations", "start", "TEST NILE")["status"] == "active"

    day = today - timedelta(days=1)
    body = {
        "report_date": day.isoformat(),
        "arrests": 4,
        "seizures": [
            {
                "commodity": "cultural_objects",
                "quantity": 212,
                "unit": "pieces",
                "value": 3_000_000,
                "currency": "EGP",
            }
        ],
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(body))
    out = cli.json("--as", eg, "operations", "report", "TEST NILE", "--data", f"@{path}")
    assert out["country"] == "EG" and out["version"] == 1
    assert round(out["seizures_usd"] * 100) == usd_cents(3_000_000, "EGP", day)
    fails(
        cli("--as", sa, "operations", "report", "TEST NILE", "--data", json.dumps(body)),
        1,
        "SA is declined",
    )
    bad = {**body, "seizures": [{**body["seizures"][0], "unit": "kg"}]}
    fails(
        cli("--as", eg, "operations", "report", "TEST NILE", "--data", json.dumps(bad), "--amend"),
        2,
        "seizures.0.unit",
    )
    amended = cli.json(
        "--as",
        eg,
        "operations",
        "report",
        "TEST NILE",
        "--amend",
        "--data",
        json.dumps({**body, "arrests": 6}),
    )
    assert amended["version"] == 2
    history = cli.json("--as", gs, "operations", "results", "TEST NILE", "--history", "EG")
    assert [v["arrests"] for v in history] == [4, 6]
    totals = cli.json("--as", gs, "operations", "totals", "TEST NILE")
    assert totals["arrests"] == 6 and totals["countries"] == ["EG"]
    text = cli.ok("--as", gs, "operations", "totals", "TEST NILE").stdout
    assert "arrests" in text and "USD" in text
    listed = cli.json("--as", eg, "operations", "list", "--crime-area", "cultural_property")
    assert [o["code_name"] for o in listed] == ["TEST NILE"]
    fails(cli("--as", gs, "operations", "list", "--status", "open"), 2, "status: use one of")
    assert cli.json("--as", gs, "operations", "close", "TEST NILE")["status"] == "closed"
    fails(
        cli("--as", eg, "operations", "report", "TEST NILE", "--amend", "--data", json.dumps(body)),
        1,
        "locked",
    )
    fails(
        cli(
            "--as",
            gs,
            "operations",
            "create",
            "--code-name",
            "X",
            "--crime-area",
            "drugs",
            "--start",
            "2026-13-01",
            "--end",
            "2026-12-01",
            "--unit",
            "u",
            "--objectives",
            "o",
        ),
        2,
        "--start",
    )


def test_rates_load(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "rates.csv"
    good.write_text("# test rates\ncurrency,date,per_usd\nXTS,2024-01-01,2.5\nXTS,2024-02-01,2.0\n")
    out = cli.json("operations", "rates", "load", str(good))
    assert out == {
        "file": "rates.csv",
        "rows": 2,
        "inserted": 2,
        "updated": 0,
        "currencies": ["XTS"],
    }
    good.write_text("currency,date,per_usd\nXTS,2024-01-01,2.5\nXTS,2024-02-01,2.25\n")
    assert cli.json("operations", "rates", "load", str(good))["updated"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("currency,date,per_usd\nXTS,2024-03-01,-1\n")
    fails(cli("operations", "rates", "load", str(bad)), 2, "bad.csv: row 2", "outside")
    bad.write_text("currency,when,rate\n")
    fails(cli("operations", "rates", "load", str(bad)), 2, "header")
    fails(cli("operations", "rates", "load", str(tmp_path / "none.csv")), 2, "no such file")
