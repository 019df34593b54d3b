"""``concord members`` and ``concord agencies``."""

from __future__ import annotations

from tests.cli.conftest import Cli, fails
from tests.factories import Actors


def test_members_list_json_has_196(cli: Cli) -> None:
    rows = cli.json("members", "list")
    assert len(rows) == 196
    assert {"code", "alpha3", "name", "region"} <= rows[0].keys()


def test_members_list_filters_and_limits(cli: Cli) -> None:
    europe = cli.json("members", "list", "--region", "Europe")
    assert europe and {r["region"] for r in europe} == {"Europe"}
    assert len(cli.json("members", "list", "--limit", "5")) == 5
    table = cli.ok("members", "list", "--region", "Europe").stdout
    assert "France" in table and f"{len(europe)} of {len(europe)} members" in table


def test_members_list_bad_input_exits_2(cli: Cli) -> None:
    assert cli("members", "list", "--region", "Atlantis").exit_code == 2
    assert cli("members", "list", "--limit", "0").exit_code == 2


def test_members_show(cli: Cli) -> None:
    fr = cli.json("members", "show", "fr")
    assert fr["code"] == "FR" and fr["ncb"]["country_code"] == "FR" and fr["agencies"] == 0
    assert "France" in cli.ok("members", "show", "FR").stdout


def test_members_show_unknown_exits_1(cli: Cli) -> None:
    fails(cli("members", "show", "XX"), 1, "error: 'XX' is not a member country")


def test_agencies_create_list_suspend_reinstate(cli: Cli) -> None:
    created = cli.json(
        "agencies", "create", "--country", "FR", "--kind", "border", "--name", "PAF Roissy"
    )
    assert created["status"] == "active" and created["country_code"] == "FR"
    listed = cli.json("agencies", "list", "--country", "FR")
    assert [a["id"] for a in listed] == [created["id"]]
    assert cli.json("agencies", "list", "--country", "DE") == []  # no hits is success

    suspended = cli.json("agencies", "suspend", created["id"], "--reason", "audit pending")
    assert suspended["status"] == "suspended"
    assert suspended["suspension_reason"] == "audit pending"
    assert "reinstated" in cli.ok("agencies", "reinstate", created["id"]).stdout
    assert cli.json("agencies", "list")[0]["status"] == "active"


def test_agencies_text_output(cli: Cli) -> None:
    out = cli.ok("agencies", "create", "--country", "FR", "--kind", "customs", "--name", "DGDDI")
    assert "created agency" in out.stdout and "DGDDI" in out.stdout
    assert "DGDDI" in cli.ok("agencies", "list").stdout


def test_agencies_create_bad_input_exits_2(cli: Cli) -> None:
    assert (
        cli("agencies", "create", "--country", "FR", "--kind", "navy", "--name", "X").exit_code == 2
    )
    # The Secretariat must name the country.
    fails(cli("agencies", "create", "--kind", "border", "--name", "PAF"), 2, "must name")
    fails(
        cli("agencies", "create", "--country", "ZZ", "--kind", "border", "--name", "PAF"),
        2,
        "not a member country",
    )


def test_agencies_create_duplicate_exits_1(cli: Cli) -> None:
    base = ("agencies", "create", "--country", "FR", "--kind", "border", "--name", "PAF")
    cli.ok(*base)
    fails(cli(*base), 1, "already has an agency named 'PAF'")


def test_agencies_suspend_failures(cli: Cli, actors: Actors) -> None:
    fails(cli("agencies", "suspend", "nope", "--reason", "because"), 1, "No agency 'nope'")
    created = cli.json("agencies", "create", "--country", "FR", "--kind", "police", "--name", "PN")
    fails(cli("agencies", "suspend", created["id"], "--reason", "x"), 2, "reason")
    # Another country's NCB admin does not see it.
    de = actors.make("ncb_admin", "DE")
    fails(
        cli(
            "--as",
            de.principal.username,
            "agencies",
            "suspend",
            created["id"],
            "--reason",
            "hidden",
        ),
        1,
        "No agency",
    )
    fails(cli("agencies", "reinstate", "nope"), 1, "No agency 'nope'")


def test_agencies_list_as_ncb_sees_own_country(cli: Cli, actors: Actors) -> None:
    cli.ok("agencies", "create", "--country", "FR", "--kind", "border", "--name", "PAF")
    cli.ok("agencies", "create", "--country", "DE", "--kind", "border", "--name", "BPOL")
    de = actors.make("ncb_admin", "DE")
    rows = cli.json("--as", de.principal.username, "agencies", "list")
    assert [r["name"] for r in rows] == ["BPOL"]
