"""``concord records import`` and ``concord records export``: who may, exit codes, the error
file, the summary, and export → import round trips."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from concord.db.database import Database
from concord.members import service as members
from concord.records.types import RecordType
from tests.cli.conftest import Cli, fails
from tests.factories import Actors
from tests.records import samples
from tests.records.importing.conftest import count, links, records, system

DOCS = "owner_ref,number,country,document_type\nD1,L898902C3,FR,passport\nD2,X1,ZZ,passport\n"


def test_import_summary_error_file_and_exit_0(
    cli: Cli, write: Callable[..., Path], db: Database
) -> None:
    path = write("docs.csv", DOCS)
    out = cli.json("records", "import", str(path), "--owner", "fr", "--type", "document")
    assert {k: out[k] for k in ("inserted", "updated", "unchanged", "rejected")} == {
        "inserted": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert out["errors_file"] == str(path.with_name("docs.csv.errors.csv"))
    with path.with_name("docs.csv.errors.csv").open() as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["line", "owner_ref", "reason"]
    assert rows[1][:2] == ["3", "D2"] and "unknown country code 'ZZ'" in rows[1][2]
    again = cli.ok("records", "import", str(path), "--owner", "FR", "--type", "document")
    assert "unchanged" in again.stdout and "1 line(s) rejected" in again.stderr


def test_errors_option_and_status(cli: Cli, write: Callable[..., Path], db: Database) -> None:
    path = write("docs.jsonl", [{"type": "document", "owner_ref": "D1", "data": {
        k: v for k, v in samples.DOCUMENT.items() if k != "status"}}])  # fmt: skip
    errors = path.with_name("rejects.csv")
    cli.ok("records", "import", str(path), "--owner", "FR", "--status", "lost",
           "--errors", str(errors), "--batch-size", "10")  # fmt: skip
    assert errors.read_text().strip() == "line,owner_ref,reason"
    assert records(db)["document", "D1"].data["status"] == "lost"


def test_another_countrys_user_may_not_import(
    cli: Cli, write: Callable[..., Path], actors: Actors, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    path = write("docs.csv", DOCS)
    before = count(db)
    result = cli("--as", fr, "records", "import", str(path), "--owner", "DE", "--type", "document")
    fails(result, 1, f"{fr} acts for FR: only DE's NCB")
    assert count(db) == before, "nothing written"
    assert not path.with_name("docs.csv.errors.csv").exists()
    ok = cli("--as", fr, "records", "import", str(path), "--owner", "FR", "--type", "document")
    assert ok.exit_code == 0, ok.stderr


def test_agency_imports_only_the_databases_it_is_authorised_for(
    cli: Cli, write: Callable[..., Path], actors: Actors, db: Database
) -> None:
    with db.transaction() as s:
        agency = members.create_agency(s, system(db), name="Border", kind="border", country="FR")
        members.set_agency_databases(s, system(db), agency.id, record_types=["document"])
    border = actors.make("ncb_operator", "FR", agency_id=agency.id).principal.username
    path = write("mixed.jsonl", [
        {"type": "document", "owner_ref": "D1", "data": samples.DOCUMENT},
        {"type": "person", "owner_ref": "P1", "data": samples.PERSON},
    ])  # fmt: skip
    out = cli.json("--as", border, "records", "import", str(path), "--owner", "FR")
    assert (out["inserted"], out["rejected"]) == (1, 1)
    assert records(db)["document", "D1"].agency_id == agency.id
    person = write("p.csv", "owner_ref,full_name\nP1,Ahmed Haddad\n")
    result = cli("--as", border, "records", "import", str(person), "--owner", "FR", "--type",
                 "person")  # fmt: skip
    fails(result, 1, "not authorised by its NCB for the person database")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "KP", "--type", "document"], "--owner KP: not an INTERPOL member"),
        (["--owner", "FR"], "a CSV file holds one record type: give --type"),
        (["--owner", "FR", "--type", "spaceship"], "--type 'spaceship' is not one of"),
        (["--owner", "FR", "--type", "document", "--status", "misplaced"], "--status"),
    ],
)
def test_bad_arguments_exit_2(
    cli: Cli, write: Callable[..., Path], args: list[str], message: str
) -> None:
    fails(cli("records", "import", str(write("docs.csv", DOCS)), *args), 2, message)


def test_unknown_format_and_missing_file_exit_2(cli: Cli, write: Callable[..., Path]) -> None:
    fails(cli("records", "import", str(write("x.xml", "<x/>")), "--owner", "FR"), 2, "unknown")
    assert cli("records", "import", "/no/such/file.csv", "--owner", "FR").exit_code == 2
    jsonl = write("x.jsonl", [{"type": "person", "owner_ref": "P", "data": samples.PERSON}])
    fails(cli("records", "import", str(jsonl), "--owner", "FR", "--type", "person"), 2,
          "--type is for CSV files only")  # fmt: skip


def seed(cli: Cli, write: Callable[..., Path]) -> None:
    """One record of every type, with links, restrictions and handling."""
    lines: list[dict[str, Any]] = [
        {"type": t, "owner_ref": f"{t[:3]}_1/x", "data": data, "reliability": "A"}
        for t, data in samples.ALL.items()
    ]
    lines[1]["links"] = [{"to_ref": "per_1/x", "kind": "holder", "to_type": "person"}]
    lines[2]["links"] = [{"to_ref": "per_1/x", "kind": "owner"}]
    lines[6]["links"] = [{"to_ref": "per_1/x", "kind": "owner"}]
    lines[4].update(restriction="only", countries=["DE", "IT"], handling="H2",
                    handling_note="ask first")  # fmt: skip
    lines.append({"type": "person", "owner_ref": "P2", "data": {"names": [{"full": "Leila"}]}})
    out = cli.json("records", "import", str(write("seed.jsonl", lines)), "--owner", "FR")
    assert (out["inserted"], out["links"], out["rejected"]) == (8, 3, 0)


def test_csv_export_imports_back_unchanged(
    cli: Cli, write: Callable[..., Path], db: Database, tmp_path: Path
) -> None:
    seed(cli, write)
    for record_type in RecordType:
        out = tmp_path / f"{record_type.value}.csv"
        cli.ok("records", "export", "--owner", "FR", "--format", "csv", "--type",
               record_type.value, "--out", str(out))  # fmt: skip
        back = cli.json("records", "import", str(out), "--owner", "FR", "--type", record_type.value)
        expected = 2 if record_type is RecordType.PERSON else 1
        assert (back["unchanged"], back["inserted"], back["updated"], back["rejected"]) == (
            expected, 0, 0, 0), record_type  # fmt: skip
    doc = (tmp_path / "document.csv").read_text()
    assert "per_1/x" in doc  # the holder_ref column


def test_ftm_export_imports_back_unchanged(
    cli: Cli, write: Callable[..., Path], db: Database, tmp_path: Path
) -> None:
    seed(cli, write)
    before = {k: (r.version, r.content_hash) for k, r in records(db).items()}
    exported = cli.ok("records", "export", "--owner", "FR", "--format", "ftm").stdout
    entities = [json.loads(line) for line in exported.splitlines()]
    schemata = [e["schema"] for e in entities]
    assert schemata[:2] == ["Person", "Person"]  # holders first
    assert {"Passport", "Vehicle", "Vessel", "BankAccount", "Ownership", "Asset"} <= set(schemata)
    passport = next(e for e in entities if e["schema"] == "Passport")
    person = next(e for e in entities if e["concord"]["owner_ref"] == "per_1/x")
    assert passport["properties"]["holder"] == [person["id"]]
    assert person["id"].startswith("concord-")  # 'per_1/x' is no FtM id
    path = write("export.ftm", entities)
    back = cli.json("records", "import", str(path), "--owner", "FR")
    assert (back["unchanged"], back["inserted"], back["updated"], back["rejected"]) == (8, 0, 0, 0)
    assert back["links"] == 0
    assert {k: (r.version, r.content_hash) for k, r in records(db).items()} == before
    assert len(links(db)) == 3


def test_export_needs_the_owner(cli: Cli, actors: Actors, write: Callable[..., Path]) -> None:
    de = actors.make("ncb_operator", "DE").principal.username
    fails(cli("--as", de, "records", "export", "--owner", "FR", "--format", "ftm"), 1,
          "only FR's NCB exports")  # fmt: skip
    fails(cli("records", "export", "--owner", "FR", "--format", "csv"), 2, "give --type")
    fails(cli("records", "export", "--owner", "FR", "--format", "xml"), 2, "use ftm or csv")
    fails(cli("records", "export", "--owner", "ZZ", "--format", "ftm"), 2, "not an INTERPOL")
