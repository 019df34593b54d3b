"""``concord records``: every command, acting ``--as`` a country's operator (the Secretariat's
system actor, the default in development, owns no records)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from concord.audit.models import AuditEvent
from concord.db.base import utcnow
from concord.db.database import Database
from concord.records.schemas import RecordOut, RecordSummary
from concord.records.service import RecordInput, create
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.conftest import make_settings
from tests.factories import Actor, Actors
from tests.records import samples


@pytest.fixture
def fr(actors: Actors) -> Actor:
    return actors.make("ncb_operator", "FR")


@pytest.fixture
def de(actors: Actors) -> Actor:
    return actors.make("ncb_operator", "DE")


def moved(cli: Cli, engine_url: str, days: int) -> Cli:
    """The CLI with the platform's clock moved ``days`` ahead (``CONCORD_NOW``)."""
    now = (utcnow() + timedelta(days=days)).isoformat()
    return cli.using(make_settings(engine_url, environment="development", now=now))


def as_(actor: Actor, *args: str) -> tuple[str, ...]:
    return ("--as", actor.principal.username, "records", *args)


def enter(cli: Cli, actor: Actor, type_: str, *extra: str, data: Any = None) -> dict[str, Any]:
    payload = json.dumps(samples.ALL[type_] if data is None else data)
    out: dict[str, Any] = cli.json(
        *as_(actor, "create", "--type", type_, "--data", payload, *extra)
    )
    return out


@pytest.mark.parametrize("type_", list(samples.ALL))
def test_create_and_show_every_type(cli: Cli, fr: Actor, type_: str) -> None:
    rec = enter(cli, fr, type_, "--owner-ref", f"FR-{type_}", "--reliability", "A")
    assert set(rec) == set(RecordOut.model_fields)
    assert (rec["type"], rec["owner"], rec["owner_ref"], rec["version"]) == (
        type_, "FR", f"FR-{type_}", 1
    )  # fmt: skip
    assert rec["reliability"] == "A" and rec["restriction"] == "all" and rec["countries"] == []
    shown = cli.json(*as_(fr, "show", rec["id"]))
    assert shown["data"] == rec["data"] and shown["label"] == rec["label"]
    text = cli.ok(*as_(fr, "show", rec["id"])).stdout
    assert rec["label"] in text and rec["id"] in text


def test_create_text_output_and_data_from_file_or_stdin(
    cli: Cli, fr: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "gun.json"
    path.write_text(json.dumps(samples.FIREARM), encoding="utf-8")
    out = cli.ok(*as_(fr, "create", "--type", "firearm", "--data", f"@{path}")).stdout
    assert "created firearm record" in out and "version 1" in out
    piped = cli.json(
        *as_(fr, "create", "--type", "vessel", "--data", "@-"), input=json.dumps(samples.VESSEL)
    )
    assert piped["key"] == "IMO9074729"


def test_create_restricted_and_handling(cli: Cli, fr: Actor) -> None:
    rec = enter(cli, fr, "artwork", "--restrict-only", "de,it", "--restrict-only", "ES")
    assert (rec["restriction"], rec["countries"]) == ("only", ["DE", "ES", "IT"])
    rec = enter(cli, fr, "firearm", "--restrict-except", "IT", "--handling", "H2",
                "--handling-note", "ask first")  # fmt: skip
    assert (rec["restriction"], rec["countries"], rec["handling"]) == ("except", ["IT"], "H2")
    assert rec["handling_note"] == "ask first"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--type", "firearm", "--data", "{not json"], "--data: not JSON"),
        (["--type", "firearm", "--data", "[1, 2]"], "must be a JSON object"),
        (["--type", "firearm", "--data", "@/no/such/file.json"], "cannot read"),
        (["--type", "spaceship", "--data", "{}"], "spaceship"),
        (["--type", "firearm", "--data", '{"serial": "1"}'], "data.make"),
        (
            ["--type", "document", "--data", json.dumps({**samples.DOCUMENT, "check_digit": "7"})],
            "check digit",
        ),
        (["--type", "person", "--data", json.dumps({**samples.PERSON, "x": 1})], "data.x"),
        (["--type", "firearm", "--data", "{}", "--reliability", "Z"], "Z"),
        (["--type", "firearm", "--data", json.dumps(samples.FIREARM), "--restrict-only", "KP"],
         "Not INTERPOL members: KP"),
        (["--type", "firearm", "--data", json.dumps(samples.FIREARM), "--restrict-only", "DE",
          "--restrict-except", "IT"], "Choose one restriction"),
        (["--type", "firearm", "--data", json.dumps(samples.FIREARM), "--restrict-only", "FRA"],
         "countries.0"),
    ],
)  # fmt: skip
def test_create_bad_input_exits_2(cli: Cli, fr: Actor, args: list[str], fragment: str) -> None:
    fails(cli(*as_(fr, "create", *args)), 2, fragment)
    assert cli.json(*as_(fr, "list")) == [], "nothing written"


def test_create_duplicate_owner_ref_exits_1(cli: Cli, fr: Actor) -> None:
    enter(cli, fr, "firearm", "--owner-ref", "G-1")
    fails(cli(*as_(fr, "create", "--type", "firearm", "--data", json.dumps(samples.FIREARM),
                   "--owner-ref", "G-1")), 1, "already has a firearm record 'G-1'")  # fmt: skip


def test_the_system_actor_owns_no_records(cli: Cli, settings: Settings) -> None:
    payload = json.dumps(samples.FIREARM)
    fails(
        cli("records", "create", "--type", "firearm", "--data", payload),
        2,
        "The Secretariat does not own records",
    )
    fails(cli("records", "list"), 1, "does not allow reading records")
    fails(cli.using(settings)("records", "list"), 2, "--as USERNAME is required")


def test_as_acts_for_the_accounts_country(cli: Cli, fr: Actor, de: Actor, actors: Actors) -> None:
    mine = enter(cli, fr, "vessel")
    theirs = enter(cli, de, "vessel")
    assert [r["id"] for r in cli.json(*as_(fr, "list"))] == [mine["id"]]
    assert [r["id"] for r in cli.json(*as_(de, "list"))] == [theirs["id"]]
    gs = actors.make("gs_officer")
    assert {r["id"] for r in cli.json(*as_(gs, "list"))} == {mine["id"], theirs["id"]}
    border = actors.make("border_officer", "FR")
    fails(cli(*as_(border, "list")), 1, "does not allow reading records")


def test_show_another_countrys_record(cli: Cli, fr: Actor, de: Actor, db: Database) -> None:
    hidden = enter(cli, fr, "firearm", "--restrict-only", "IT")
    open_ = enter(cli, fr, "vessel")
    fails(cli(*as_(de, "show", hidden["id"])), 1, f"No record '{hidden['id']}'")
    fails(cli(*as_(de, "show", "nope")), 1, "No record 'nope'")
    seen = cli.json(*as_(de, "show", open_["id"], "--purpose", "case 42"))
    assert seen["countries"] is None and seen["agency_id"] is None  # not the owner's view
    with db.session() as s:
        consult = s.execute(
            select(AuditEvent).where(AuditEvent.action == "record.consult")
        ).scalar_one()
        denied = s.execute(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert consult.purpose == "case 42" and consult.object_id == open_["id"]
    assert len(denied) == 1


def test_update(cli: Cli, fr: Actor, de: Actor) -> None:
    rec = enter(cli, fr, "firearm")
    rid = rec["id"]
    changed = cli.json(*as_(fr, "update", rid, "--if-version", "1", "--reliability", "C"))
    assert (changed["version"], changed["reliability"]) == (2, "C")
    new_data = json.dumps({**samples.FIREARM, "model": "19"})
    changed = cli.json(*as_(fr, "update", rid, "--if-version", "2", "--data", new_data))
    assert changed["data"]["model"] == "19" and changed["version"] == 3
    assert (
        "updated firearm record"
        in cli.ok(*as_(fr, "update", rid, "--if-version", "3", "--handling", "H1")).stdout
    )
    fails(cli(*as_(fr, "update", rid, "--if-version", "1", "--reliability", "A")), 1,
          "is at version 4, not 1")  # fmt: skip
    fails(cli(*as_(fr, "update", rid, "--if-version", "4")), 2, "Nothing to change")
    fails(cli(*as_(fr, "update", rid, "--if-version", "4", "--data", '{"serial": "X"}')), 2,
          "data.make")  # fmt: skip
    fails(cli(*as_(fr, "update", rid, "--if-version", "0", "--reliability", "A")), 2)
    fails(cli(*as_(de, "update", rid, "--if-version", "4", "--reliability", "A")), 1,
          "Only the owner country's NCB")  # fmt: skip
    hidden = enter(cli, fr, "vessel", "--restrict-except", "DE")
    fails(cli(*as_(de, "update", hidden["id"], "--if-version", "1", "--reliability", "A")), 1,
          "No record")  # fmt: skip
    assert cli.json(*as_(fr, "show", rid))["version"] == 4


def test_restrict(cli: Cli, fr: Actor, de: Actor, actors: Actors) -> None:
    it = actors.make("ncb_operator", "IT")
    rid = enter(cli, fr, "artwork")["id"]
    only = cli.json(*as_(fr, "restrict", rid, "--if-version", "1", "--only", "DE"))
    assert (only["restriction"], only["countries"], only["version"]) == ("only", ["DE"], 2)
    cli.ok(*as_(de, "show", rid))
    fails(cli(*as_(it, "show", rid)), 1, "No record")
    but = cli.json(*as_(fr, "restrict", rid, "--if-version", "2", "--except", "DE,ES"))
    assert (but["restriction"], but["countries"]) == ("except", ["DE", "ES"])
    fails(cli(*as_(de, "show", rid)), 1, "No record")
    assert (
        "restricted artwork record"
        in cli.ok(*as_(fr, "restrict", rid, "--if-version", "3", "--all")).stdout
    )
    cli.ok(*as_(de, "show", rid))
    fails(cli(*as_(fr, "restrict", rid, "--if-version", "4")), 2, "Choose --all")
    fails(cli(*as_(fr, "restrict", rid, "--if-version", "4", "--all", "--only", "DE")), 2,
          "Choose one restriction")  # fmt: skip
    fails(cli(*as_(fr, "restrict", rid, "--if-version", "4", "--only", "KP")), 2, "KP")
    fails(cli(*as_(fr, "restrict", rid, "--if-version", "1", "--all")), 1, "not 1")
    fails(cli(*as_(de, "restrict", rid, "--if-version", "4", "--all")), 1, "Only the owner")


def test_renew(cli: Cli, fr: Actor, de: Actor, engine_url: str) -> None:
    rid = enter(cli, fr, "firearm")["id"]
    future = moved(cli, engine_url, 6 * 365)
    assert [r["id"] for r in future.json(*as_(fr, "list", "--overdue"))] == [rid]
    fails(future(*as_(de, "show", rid)), 1, "No record")  # hidden from others when overdue
    fails(future(*as_(de, "renew", rid, "--if-version", "1")), 1, "No record")
    renewed = future.json(*as_(fr, "renew", rid, "--if-version", "1"))
    assert renewed["version"] == 2 and renewed["review_at"][:4] == str(utcnow().year + 11)
    assert future.json(*as_(fr, "list", "--overdue")) == []
    future.ok(*as_(de, "show", rid))
    fails(future(*as_(fr, "renew", rid, "--if-version", "1")), 1, "is at version 2")
    fails(future(*as_(fr, "renew", rid)), 2, "--if-version")
    assert "renewed firearm record" in future.ok(*as_(fr, "renew", rid, "--if-version", "2")).stdout


def test_link(cli: Cli, fr: Actor, de: Actor) -> None:
    person = enter(cli, fr, "person")
    doc = enter(cli, fr, "document")
    secret = enter(cli, fr, "vehicle", "--restrict-only", "IT")
    linked = cli.json(*as_(fr, "link", doc["id"], "--to", person["id"], "--kind", "holder"))
    assert linked["links"] == [{"direction": "to", "kind": "holder", "record_id": person["id"]}]
    assert linked["version"] == 2
    assert (
        "linked (owner"
        in cli.ok(*as_(fr, "link", secret["id"], "--to", person["id"], "--kind", "owner")).stdout
    )
    seen = cli.json(*as_(de, "show", person["id"]))
    assert [ln["record_id"] for ln in seen["links"]] == [doc["id"]]  # not the hidden vehicle
    fails(cli(*as_(fr, "link", doc["id"], "--to", person["id"], "--kind", "holder")), 1,
          "already linked")  # fmt: skip
    fails(cli(*as_(fr, "link", doc["id"], "--to", person["id"], "--kind", "friend")), 2)
    fails(cli(*as_(fr, "link", doc["id"], "--to", doc["id"], "--kind", "related")), 2, "itself")
    mine = enter(cli, de, "firearm")
    fails(cli(*as_(de, "link", mine["id"], "--to", secret["id"], "--kind", "related")), 1,
          "No record")  # fmt: skip
    fails(cli(*as_(de, "link", person["id"], "--to", mine["id"], "--kind", "related")), 1,
          "Only the owner")  # fmt: skip


def test_delete(cli: Cli, fr: Actor, de: Actor, db: Database) -> None:
    rid = enter(cli, fr, "person")["id"]
    fails(cli(*as_(de, "delete", rid, "--if-version", "1")), 1, "Only the owner")
    fails(cli(*as_(fr, "delete", rid, "--if-version", "2")), 1, "is at version 1, not 2")
    fails(cli(*as_(fr, "delete", rid, "--if-version", "x")), 2)
    gone = cli.json(*as_(fr, "delete", rid, "--if-version", "1", "--reason", "court order"))
    assert gone == {"id": rid, "deleted": True}
    fails(cli(*as_(fr, "show", rid)), 1, "No record")
    fails(cli(*as_(fr, "delete", rid, "--if-version", "1")), 1, "No record")
    other = enter(cli, fr, "vessel")["id"]
    assert cli.ok(*as_(fr, "delete", other, "--if-version", "1")).stdout.strip() == (
        f"deleted record {other}"
    )
    with db.session() as s:
        event = (
            s.execute(select(AuditEvent).where(AuditEvent.action == "record.delete"))
            .scalars()
            .first()
        )
    assert event is not None and event.purpose == "court order"


def test_list_filters(cli: Cli, fr: Actor, engine_url: str) -> None:
    doc = enter(cli, fr, "document")
    gun = enter(cli, fr, "firearm")
    boat = enter(cli, fr, "vessel")
    rows = cli.json(*as_(fr, "list"))
    assert set(rows[0]) == set(RecordSummary.model_fields) and len(rows) == 3
    assert rows[0]["type"] == "vessel"  # newest change first
    assert [r["id"] for r in cli.json(*as_(fr, "list", "--type", "document"))] == [doc["id"]]
    assert [r["id"] for r in cli.json(*as_(fr, "list", "--q", "GLOCK"))] == [gun["id"]]
    assert [r["id"] for r in cli.json(*as_(fr, "list", "--key", doc["key"]))] == [doc["id"]]
    assert len(cli.json(*as_(fr, "list", "--limit", "2"))) == 2
    assert cli.json(*as_(fr, "list", "--due-within", "30")) == []
    assert len(cli.json(*as_(fr, "list", "--not-overdue"))) == 3
    due = moved(cli, engine_url, 5 * 365 - 10).json(*as_(fr, "list", "--due-within", "30"))
    assert {r["id"] for r in due} == {gun["id"], boat["id"]}  # documents are kept ten years
    table = cli.ok(*as_(fr, "list")).stdout
    assert "3 of 3" in table and gun["id"] in table
    fails(cli(*as_(fr, "list", "--type", "spaceship")), 2)
    fails(cli(*as_(fr, "list", "--due-within", "-1")), 2)
    fails(cli(*as_(fr, "list", "--limit", "0")), 2)


def test_list_prints_every_row_unless_limited(
    cli: Cli, fr: Actor, db: Database, settings: Settings
) -> None:
    with db.transaction() as s:
        for n in range(105):
            data = {**samples.FIREARM, "serial": f"SN-{n}"}
            create(s, fr.principal, RecordInput("firearm", data), settings=settings)
    assert len(cli.json(*as_(fr, "list"))) == 105  # more than the API's page
    assert len(cli.json(*as_(fr, "list", "--limit", "7"))) == 7


def test_changes(cli: Cli, fr: Actor, de: Actor) -> None:
    start = cli.json(*as_(de, "changes"))["next_since"]
    a = enter(cli, fr, "firearm")
    b = enter(cli, fr, "vessel", "--restrict-except", "DE")
    cli.ok(*as_(fr, "delete", a["id"], "--if-version", "1"))
    feed = cli.json(*as_(de, "changes", "--since", str(start)))
    assert [(c["op"], c["record_id"]) for c in feed["changes"]] == [
        ("remove", b["id"]), ("delete", a["id"])
    ]  # fmt: skip
    assert feed["next_since"] == feed["changes"][-1]["seq"]
    mine = cli.json(*as_(fr, "changes", "--since", str(start), "--limit", "1"))
    assert len(mine["changes"]) == 1 and mine["changes"][0]["record"]["id"] == b["id"]
    assert cli.json(*as_(de, "changes", "--since", str(feed["next_since"])))["changes"] == []
    text = cli.ok(*as_(fr, "changes", "--since", str(start))).stdout
    assert "upsert" in text and f"--since {feed['next_since']}" in text
    fails(cli(*as_(fr, "changes", "--since", "-1")), 2)
    fails(cli("records", "changes"), 1, "does not allow reading records")


def test_review_warnings(cli: Cli, fr: Actor, engine_url: str) -> None:
    enter(cli, fr, "firearm")
    enter(cli, fr, "document")
    soon = moved(cli, engine_url, 5 * 365 - 20)
    fails(soon(*as_(fr, "review-warnings")), 1, "Only the General Secretariat")
    assert soon.json("records", "review-warnings") == {"warned": {"FR": 1}}  # system actor
    assert soon.json("records", "review-warnings") == {"warned": {}}  # each record once
    assert "warned 0 countries" in soon.ok("records", "review-warnings").stdout
    fails(soon("records", "review-warnings", "--all"), 2)
