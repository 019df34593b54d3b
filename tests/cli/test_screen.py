"""``concord screen`` and ``concord screen-file``: the same screening as the API, in-process."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from concord.db.database import Database
from concord.records.identifiers.mrz import build_td3
from concord.records.service import RecordInput, create
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.factories import Actor, Actors
from tests.records import samples


@pytest.fixture
def records(db: Database, actors: Actors, settings: Settings) -> dict[str, str]:
    fr = actors.make("ncb_operator", "FR")
    out = {}
    entries: list[tuple[str, str, dict[str, Any]]] = [
        ("doc", "document", samples.DOCUMENT | {"number": "15AB12345", "check_digit": None}),
        ("car", "vehicle", samples.VEHICLE),
        (
            "person",
            "person",
            {"names": [{"full": "Jean-Pierre Moreau"}], "birth_date": "1970-05-06", "sex": "M"},
        ),
    ]
    with db.transaction() as s:
        for name, type_, data in entries:
            row = create(s, fr.principal, RecordInput(type=type_, data=data), settings=settings)
            out[name] = row.id
    return out


@pytest.fixture
def es(actors: Actors) -> Actor:
    return actors.make("border_officer", "ES")


def test_screen_document_json(cli: Cli, es: Actor, records: dict[str, str]) -> None:
    out = cli.json(
        "--as", es.principal.username, "screen", "--document", "15AB12345", "--country", "FRA"
    )
    assert [h["record_id"] for h in out["hits"]] == [records["doc"]]
    assert out["hits"][0]["decision"] == "match"


def test_screen_mrz_with_escaped_newline(cli: Cli, es: Actor, records: dict[str, str]) -> None:
    mrz = build_td3(
        number="15AB12345",
        state="FRA",
        surname="MOREAU",
        given="JEAN PIERRE",
        birth=date(1970, 5, 6),
        sex="M",
        expiry=date(2031, 1, 1),
    )
    out = cli.json("--as", es.principal.username, "screen", "--mrz", mrz.replace("\n", "\\n"))
    found = {h["matched_on"]: h["record_id"] for h in out["hits"]}
    assert found == {"mrz_document": records["doc"], "mrz_holder": records["person"]}


def test_screen_text_output(cli: Cli, es: Actor, records: dict[str, str]) -> None:
    result = cli.ok("--as", es.principal.username, "screen", "--vin", samples.VEHICLE["vin"])
    assert "1 hit(s)" in result.stdout and records["car"] in result.stdout
    result = cli.ok("--as", es.principal.username, "screen", "--name", "Nobody Known")
    assert "no hits" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--document", "X1"], "--country"),
        (["--name", "A B", "--dob", "1990-02-30"], "out of range"),
        (
            [
                "--mrz",
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C46UTO7408122F12"
                "04159ZE184226B<<<<<10",
            ],
            "check digit wrong for: document number",
        ),
        (["--document", "X1", "--country", "QQ"], "unknown country"),
        ([], "at least one"),
    ],
)
def test_screen_bad_input_exits_2(cli: Cli, es: Actor, args: list[str], fragment: str) -> None:
    fails(cli("--as", es.principal.username, "screen", *args), 2, fragment)


def test_screen_file(cli: Cli, es: Actor, records: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "passengers.csv"
    source.write_text(
        "reference,name,dob,document,country,vin\n"
        "P1,Jean Pierre Moreau,1970-05-06,,,\n"
        "P2,Ana Lopez,,15AB12345,FR,\n"
        "P3,Bad Date,1990-13-01,,,\n"
        f"P4,,,,,{samples.VEHICLE['vin']}\n"
        "P5,Nobody Known,,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "hits.csv"
    result = cli.ok("--as", es.principal.username, "screen-file", str(source), "--out", str(out))
    assert "5 row(s) screened, 3 hit(s), 1 error(s)" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    got = {(r["reference"], r["record_id"] or r["error"][:10]) for r in rows}
    assert got == {
        ("P1", records["person"]),
        ("P2", records["doc"]),
        ("P3", "person.bir"),
        ("P4", records["car"]),
    }
    fails(
        cli(
            "--as",
            es.principal.username,
            "screen-file",
            str(tmp_path / "nope.csv"),
            "--out",
            str(out),
        ),
        2,
        "no such file",
    )
