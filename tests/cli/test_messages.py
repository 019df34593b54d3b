"""``concord messages`` and ``concord cases`` between two countries' NCBs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from concord.audit.models import AuditEvent
from concord.db.database import Database
from concord.records.service import RecordInput, create
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.factories import Actors

BODY = "Please confirm the identity of the holder of passport 15AB12345, seen in Lyon."


def test_send_list_read_reply_ack(cli: Cli, actors: Actors, tmp_path: Path) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    de = actors.make("ncb_operator", "DE").principal.username
    body_file = tmp_path / "body.txt"
    body_file.write_text(BODY, "utf-8")
    sent = cli.json(
        "--as", fr, "messages", "send", "--to", "de", "--subject", "Identity check",
        "--body", f"@{body_file}", "--case-title", "Stolen passports ring",
        "--crime-area", "organised_crime", "--priority", "urgent", "--handling", "H1",
        "--reliability", "A", "--accuracy", "2", "--ref-record", "rec-123",
        "--ref-person", "Jan Novak",
    )  # fmt: skip
    assert sent["sender"] == "FR" and sent["signature_valid"] and sent["reply_by"]
    assert [r["mailbox"] for r in sent["recipients"]] == ["DE"]
    assert sent["record_ids"] == ["rec-123"]

    inbox = cli.json("--as", de, "messages", "list", "--folder", "inbox", "--unread")
    assert [m["id"] for m in inbox["items"]] == [sent["id"]]
    assert inbox["items"][0]["subject"] == "Identity check"
    table = cli.ok("--as", de, "messages", "list").stdout
    assert "Identity check" in table and sent["id"] in table

    shown = cli.ok("--as", de, "messages", "read", sent["id"]).stdout
    assert BODY in shown
    assert "signature: verified (mailbox FR, key v1)" in shown
    assert "H1" in shown and "Jan Novak" in shown
    assert cli.json("--as", de, "messages", "list", "--unread")["items"] == []

    acked = cli.json("--as", de, "messages", "ack", sent["id"])
    assert acked["acknowledged_at"] is not None
    answer = cli.json("--as", de, "messages", "reply", sent["id"], "--body", "Confirmed.")
    assert answer["in_reply_to"] == sent["id"] and answer["case_id"] == sent["case_id"]
    assert answer["handling"] == "H1"  # keeps the original's restrictions
    mine = cli.json("--as", fr, "messages", "read", sent["id"])
    assert mine["recipients"][0]["state"] == "read"
    assert mine["recipients"][0]["acknowledged_at"] is not None
    got = cli.json("--as", fr, "messages", "read", answer["id"])
    assert got["subject"] == "Re: Identity check" and got["body"] == "Confirmed."

    case = cli.json("--as", fr, "cases", "show", sent["case_id"])
    assert case["participants"] == ["DE", "FR"] and case["messages"] == 2
    listed = cli.json("--as", de, "cases", "list")
    assert [c["id"] for c in listed["items"]] == [sent["case_id"]]
    assert "Stolen passports ring" in cli.ok("--as", de, "cases", "list").stdout


def test_third_country_sees_nothing_and_is_audited(cli: Cli, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    it = actors.make("ncb_operator", "IT")
    sent = cli.json("--as", fr, "messages", "send", "--to", "DE", "--subject", "s", "--body", "b")
    fails(cli("--as", it.principal.username, "messages", "read", sent["id"]), 1, "No message")
    fails(cli("--as", it.principal.username, "cases", "show", sent["case_id"]), 1, "No case")
    with db.session() as s:
        denied = s.execute(
            select(AuditEvent).where(
                AuditEvent.action == "access.denied", AuditEvent.actor_id == it.account_id
            )
        ).scalars()
        assert {e.object_type for e in denied} == {"message", "case"}


def test_forward_refused_under_h2_allowed_otherwise(cli: Cli, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    de = actors.make("ncb_operator", "DE").principal.username
    h2 = cli.json(
        "--as", fr, "messages", "send", "--to", "DE", "--subject", "s", "--body", "secret",
        "--handling", "H2",
    )  # fmt: skip
    refused = cli("--as", de, "messages", "forward", h2["id"], "--to", "IT")
    fails(refused, 1, "H2", "no onward sharing")
    h0 = cli.json("--as", fr, "messages", "send", "--to", "DE", "--subject", "s", "--body", "b")
    fwd = cli.json("--as", de, "messages", "forward", h0["id"], "--to", "IT", "--note", "FYI")
    assert fwd["forwarded_from"] == h0["id"] and fwd["sender"] == "DE"
    assert [r["mailbox"] for r in fwd["recipients"]] == ["IT"]


def test_diffuse_to_a_region_and_list_of_countries(cli: Cli, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    out = cli.json(
        "--as", fr, "messages", "diffuse", "--to", "DE", "--to", "ES", "--to", "IT",
        "--subject", "Wanted: armed robber", "--body", "Arrest and inform FR.",
    )  # fmt: skip
    assert [r["mailbox"] for r in out["recipients"]] == ["DE", "ES", "IT"]
    assert "to-region" in cli.ok("messages", "diffuse", "--help").stdout


def test_cases_open_then_send_into_it(cli: Cli, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    case = cli.json(
        "--as", fr, "cases", "open", "--title", "Cocaine shipments", "--crime-area", "drugs"
    )
    assert case["reference"].startswith("FR-") and case["participants"] == ["FR"]
    sent = cli.json(
        "--as", fr, "messages", "send", "--to", "ES", "--case", case["id"], "--subject", "s",
        "--body", "b",
    )  # fmt: skip
    assert sent["case_id"] == case["id"]
    fails(cli("--as", fr, "cases", "open", "--title", "t", "--crime-area", "gossip"), 2)


def test_bad_input_exits_2(cli: Cli, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    base = ("--as", fr, "messages", "send", "--subject", "s", "--body", "b")
    fails(cli(*base, "--to", "QQ"), 2, "QQ")
    fails(cli(*base), 2, "recipients")
    fails(cli(*base, "--to", "DE", "--handling", "H3"), 2, "handling_text")
    fails(cli(*base, "--to", "DE", "--priority", "whenever"), 2, "priority")
    fails(cli(*base, "--to", "DE", "--body", "@/no/such/file"), 2, "cannot read")
    fails(cli("--as", fr, "messages", "list", "--folder", "trash"), 2)
    auditor = actors.make("auditor", "FR").principal.username
    fails(cli("--as", auditor, "messages", "list"), 1, "messaging")


def test_list_by_referenced_persons_name(
    cli: Cli, actors: Actors, db: Database, settings: Settings
) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE").principal.username
    person = {"names": [{"full": "Jean-Pierre Moreau"}], "birth_date": "1970-05-06", "sex": "M"}
    with db.transaction() as s:
        record = create(s, fr.principal, RecordInput(type="person", data=person), settings=settings)
    me = fr.principal.username
    about = cli.json(
        "--as", me, "messages", "send", "--to", "DE", "--subject", "s", "--body", "b",
        "--ref-record", record.id,
    )  # fmt: skip
    cli.json("--as", me, "messages", "send", "--to", "DE", "--subject", "s", "--body", "other")
    found = cli.json("--as", de, "messages", "list", "--name", "Jean Pierre MOREAU")
    assert [m["id"] for m in found["items"]] == [about["id"]]
    assert cli.json("--as", de, "messages", "list", "--name", "Nobody Known")["items"] == []
