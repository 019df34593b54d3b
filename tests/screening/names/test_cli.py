"""``concord compare``: two names, and a CSV file of pairs (no database needed)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from concord.cli import app
from concord.cli.context import override
from tests.conftest import make_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_database(tmp_path: Path) -> Iterator[None]:
    # A database URL that does not exist: compare must never open it.
    settings = make_settings(f"sqlite:///{tmp_path}/missing/never.db")
    with override(settings=settings):
        yield


def run(*args: str) -> Result:
    return runner.invoke(app, ["compare", *args])


def test_two_names() -> None:
    result = run("Bill Clinton", "William Clinton")
    assert result.exit_code == 0, result.output
    assert "match" in result.stdout
    assert "bill = william (nickname)" in result.stdout
    assert "score" in result.stdout


def test_two_names_json() -> None:
    result = run("Mohammed Ali", "Mohammed Hassan", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["decision"] == "no"
    assert doc["score"] == round(doc["score"], 3)
    assert {p["how"] for p in doc["parts"]} >= {"exact", "missing", "extra"}


def test_two_names_bad_input() -> None:
    assert run("Bill Clinton").exit_code == 2
    assert run("Bill Clinton", "--").exit_code == 2
    result = run("Acme", "Acme Ltd", "--schema", "Spaceship")
    assert result.exit_code == 2
    assert "unknown schema" in result.output


def write_pairs(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_pairs_file(tmp_path: Path) -> None:
    rows = [
        {"id": "1", "name1": "Bill Clinton", "name2": "William Clinton", "schema": "", "x": "a"},
        {"id": "2", "name1": "", "name2": "Somebody", "schema": "", "x": "b"},
        {"id": "3", "name1": "Acme Ltd", "name2": "Zenith Ltd", "schema": "Company", "x": "c"},
        {"id": "4", "name1": "Ocean Star", "name2": "MV Ocean Star", "schema": "Boat", "x": "d"},
        {"id": "5", "name1": "Владимир Путин", "name2": "Vladimir Putin", "schema": "", "x": "e"},
    ]
    pairs = write_pairs(tmp_path / "pairs.csv", rows)
    out = tmp_path / "scores.csv"
    result = run("--pairs", str(pairs), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "5 pairs" in result.stderr
    with out.open(encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert [r["id"] for r in got] == ["1", "2", "3", "4", "5"]
    assert list(got[0]) == ["id", "name1", "name2", "schema", "x", "score", "decision", "error"]
    assert [r["x"] for r in got] == ["a", "b", "c", "d", "e"]
    assert got[0]["decision"] == "match" and float(got[0]["score"]) > 0.8
    assert got[1] | {"score": "", "decision": "no"} == got[1]
    assert got[1]["error"] == "empty name"
    assert got[2]["decision"] == "no" and got[2]["error"] == ""
    assert got[3]["decision"] == "no" and "unknown schema" in got[3]["error"]
    assert got[4]["decision"] == "match"


def test_pairs_default_schema_and_stdout(tmp_path: Path) -> None:
    pairs = write_pairs(
        tmp_path / "p.csv", [{"name1": "Acme Trading Ltd", "name2": "Zenith Trading Ltd"}]
    )
    result = run("--pairs", str(pairs), "--schema", "Company")
    assert result.exit_code == 0, result.output
    got = list(csv.DictReader(io.StringIO(result.stdout)))
    assert got[0]["decision"] == "no"


def test_pairs_json_summary(tmp_path: Path) -> None:
    pairs = write_pairs(tmp_path / "p.csv", [{"name1": "Bob Smith", "name2": "Robert Smith"}])
    result = run("--pairs", str(pairs), "--out", str(tmp_path / "o.csv"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["match"] == 1


def test_pairs_missing_columns(tmp_path: Path) -> None:
    pairs = tmp_path / "bad.csv"
    pairs.write_text("first,second\nA,B\n", encoding="utf-8")
    result = run("--pairs", str(pairs), "--out", str(tmp_path / "o.csv"))
    assert result.exit_code == 2
    assert "missing column(s) name1, name2" in result.output


def test_pairs_missing_file(tmp_path: Path) -> None:
    assert run("--pairs", str(tmp_path / "nope.csv")).exit_code == 2
