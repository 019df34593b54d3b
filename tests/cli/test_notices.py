"""``concord notices`` and ``concord diffusions``: checks without saving, the workflow from
the command line, and bad input as exit code 2."""

from __future__ import annotations

import json

from concord.db.database import Database
from concord.records.service import RecordInput, create
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.factories import Actors
from tests.notices.helpers import PERSON, RED_FIELDS


def test_check_prints_rules_severities_reasons(cli: Cli) -> None:
    out = cli.json(
        "notices",
        "check",
        "--type",
        "red",
        "--requesting-country",
        "XX",
        "--charge",
        "Insulting the head of state and organising an unauthorised rally",
        "--penalty-years",
        "3",
    )
    flagged = {(f["rule"], f["severity"]) for f in out["findings"]}
    assert ("art3-political", "flag") in flagged
    assert out["likely_ground"] == "art3" and out["blocking"] == 0
    ordinary = cli.json(
        "notices",
        "check",
        "--type",
        "red",
        "--requesting-country",
        "FR",
        "--charge",
        "Armed robbery of a bank",
        "--penalty-years",
        "20",
    )
    assert [f for f in ordinary["findings"] if f["severity"] != "info"] == []
    text = cli.ok(
        "notices",
        "check",
        "--type",
        "red",
        "--requesting-country",
        "FR",
        "--charge",
        "Adultère",
        "--circumstances",
        "Quitté le domicile conjugal",
    ).stdout
    assert "behavioural-offence" in text and "flag" in text
    refugee = cli.json(
        "notices",
        "check",
        "--type",
        "red",
        "--requesting-country",
        "XX",
        "--charge",
        "Fraud on investors",
        "--penalty-years",
        "8",
        "--refugee",
    )
    assert "refugee-status" in {f["rule"] for f in refugee["findings"]}
    fails(cli("notices", "check", "--type", "mauve", "--requesting-country", "FR"), 2, "--type")


def test_request_review_publish_from_the_cli(
    cli: Cli, db: Database, actors: Actors, settings: Settings
) -> None:
    fr = actors.make("ncb_operator", "FR")
    reviewer = actors.make("gs_reviewer")
    with db.transaction() as s:
        subject = create(
            s, fr.principal, RecordInput(type="person", data=PERSON), settings=settings
        )
        subject_id = subject.id
    made = cli.json(
        "--as",
        fr.principal.username,
        "notices",
        "request",
        "--type",
        "red",
        "--subject",
        subject_id,
        "--fields",
        json.dumps(RED_FIELDS),
        "--public",
        "--submit",
    )
    assert made["status"] == "submitted"
    queue = cli.json("--as", reviewer.principal.username, "notices", "list", "--queue")
    assert made["id"] in {n["id"] for n in queue["items"]}
    done = cli.json("--as", reviewer.principal.username, "notices", "decide", made["id"], "approve")
    assert done["status"] == "published" and done["entity_id"]
    history = cli.json("--as", fr.principal.username, "notices", "history", made["id"])
    assert [e["action"] for e in history] == ["create", "submit", "approve"]
    stats = cli.json("--as", reviewer.principal.username, "notices", "stats")
    assert stats["in_circulation_by_type"]["red"] >= 1
    # the requester cannot approve; a refusal needs a ground
    fails(
        cli(
            "--as",
            fr.principal.username,
            "notices",
            "decide",
            made["id"],
            "suspend",
            "--reason",
            "x",
        ),
        1,
        "may suspend",
    )
    sent = cli.json(
        "--as",
        fr.principal.username,
        "notices",
        "diffuse",
        "--type",
        "blue",
        "--fields",
        json.dumps({"circumstances": "Identify a fraud suspect"}),
        "--to",
        "DE,IT",
    )
    assert sent["recipients"] == ["DE", "IT"]
    fails(
        cli(
            "--as",
            fr.principal.username,
            "notices",
            "request",
            "--type",
            "red",
            "--fields",
            "{not json",
        ),
        2,
        "not JSON",
    )
