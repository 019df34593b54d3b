"""CSV imports: every record type, its columns, and what the file's lines become."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from concord.db.database import Database
from concord.records.importing.columns import RowParser, columns_of
from concord.records.importing.rows import Incoming
from concord.records.types import RecordType
from tests.records.importing.conftest import Importer, access, links, records

ROWS: dict[str, tuple[str, dict[str, Any]]] = {
    "person": (
        "owner_ref,given,family,alias_names,birth_date,birth_place,sex,nationalities,"
        "identifiers,height_cm,eyes\n"
        "P1,Ahmed,Haddad,Ahmad al-Haddad;Abu Ahmed,1981-04,Alexandria,M,EG;FRA,"
        "national_id:29104010101234,178,brown\n",
        {
            "names": [
                {"given": "Ahmed", "family": "Haddad", "kind": "primary", "script": "Latn"},
                {"full": "Ahmad al-Haddad", "kind": "alias", "script": "Latn"},
                {"full": "Abu Ahmed", "kind": "alias", "script": "Latn"},
            ],
            "birth_date": "1981-04",
            "birth_place": "Alexandria",
            "sex": "M",
            "nationalities": ["EG", "FR"],
            "identifiers": [{"scheme": "national_id", "value": "29104010101234"}],
            "description": {"height_cm": 178, "eyes": "brown"},
            "photos": [],
        },
    ),
    "document": (
        "owner_ref,number,country,document_type,status,issued_on,expires_on,reported_on,"
        "check_digit\nD1,l898902c3,FRA,passport,stolen,2019-03-02,2029-03-01,2024-06-01,6\n",
        {
            "number": "L898902C3",
            "country": "FR",
            "document_type": "passport",
            "status": "stolen",
            "issued_on": "2019-03-02",
            "expires_on": "2029-03-01",
            "reported_on": "2024-06-01",
            "check_digit": "6",
        },
    ),
    "vehicle": (
        "owner_ref,vin,plate,plate_country,make,model,colour,year,vehicle_type\n"
        "V1,1M8GDM9AXKP042788,ab-123-cd,FR,Renault,Clio,grey,2019,car\n",
        {
            "vin": "1M8GDM9AXKP042788",
            "plate": "AB123CD",
            "plate_country": "FR",
            "make": "Renault",
            "model": "Clio",
            "colour": "grey",
            "year": 2019,
            "vehicle_type": "car",
        },
    ),
    "artwork": (
        "owner_ref,title,artist,object_type,period,dimensions,materials,description\n"
        'A1,Vase with poppies,Vincent van Gogh,painting,1886,65 x 54 cm,oil on canvas,"Red, '
        'white"\n',
        {
            "title": "Vase with poppies",
            "artist": "Vincent van Gogh",
            "object_type": "painting",
            "period": "1886",
            "dimensions": "65 x 54 cm",
            "materials": "oil on canvas",
            "description": "Red, white",
        },
    ),
    "firearm": (
        "owner_ref,serial,make,model,calibre,firearm_type\nF1,AB-12345,Glock,17,9x19mm,pistol\n",
        {
            "serial": "AB-12345",
            "make": "Glock",
            "model": "17",
            "calibre": "9x19mm",
            "firearm_type": "pistol",
        },
    ),
    "vessel": (
        "owner_ref,imo,mmsi,name,flag,vessel_type\nS1,IMO 9074729,227123456,Mistral,FR,yacht\n",
        {
            "imo": "9074729",
            "mmsi": "227123456",
            "name": "Mistral",
            "flag": "FR",
            "vessel_type": "yacht",
        },
    ),
    "asset": (
        "owner_ref,kind,name,identifiers,declared_owner,estimated_value,currency,country\n"
        "B1,bank_account,Account at Banque Exemple,iban:GB82 WEST 1234 5698 7654 32,"
        "Ahmed Haddad,1250000.00,EUR,GB\n",
        {
            "kind": "bank_account",
            "name": "Account at Banque Exemple",
            "identifiers": [{"scheme": "iban", "value": "GB82WEST12345698765432"}],
            "declared_owner": "Ahmed Haddad",
            "estimated_value": "1250000.00",
            "currency": "EUR",
            "country": "GB",
        },
    ),
}


@pytest.mark.parametrize("type_", list(ROWS))
def test_csv_of_each_type_imports(
    run_import: Importer, write: Callable[..., Path], db: Database, type_: str
) -> None:
    text, expected = ROWS[type_]
    run = run_import(write(f"{type_}.csv", text), type=type_)
    assert run.errors == []
    assert (run.summary.inserted, run.summary.rejected) == (1, 0)
    [(key, row)] = records(db).items()
    assert key[0] == type_
    assert row.data == expected
    assert (row.version, row.reliability, row.handling, row.restriction) == (1, "B", "H0", "all")


def test_common_columns_links_and_restrictions(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    people = write("people.csv", "owner_ref,full_name\nP1,Ahmed Haddad\nP2,Leila Haddad\n")
    assert run_import(people, type="person").summary.inserted == 2
    docs = write(
        "docs.csv",
        "owner_ref,number,country,document_type,holder_ref,reliability,handling,handling_note,"
        "restriction,countries\n"
        "D1,X1,FR,passport,P1,A,H2,call the NCB first,only,DE; IT\n"
        "D2,X2,FR,identity_card,P2,,,,,\n",
    )
    run = run_import(docs, type="document", status="lost")
    assert run.errors == [] and run.summary.links == 2
    found = records(db)
    d1 = found["document", "D1"]
    assert (d1.reliability, d1.handling, d1.handling_note) == ("A", "H2", "call the NCB first")
    assert (d1.restriction, access(db, d1.id)) == ("only", ["DE", "IT"])
    assert d1.data["status"] == "lost"  # no status column: --status
    assert links(db) == {("D1", "holder", "P1"), ("D2", "holder", "P2")}


def test_extra_column_adds_what_columns_cannot_say(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    path = write(
        "p.csv",
        'owner_ref,given,family,extra\nP1,Ahmed,Haddad,"{""names"": [{""full"": ""أحمد حداد"", '
        '""lang"": ""ar""}], ""photos"": [""ph-1""]}"\n',
    )
    assert run_import(path, type="person").errors == []
    data = records(db)["person", "P1"].data
    assert data["names"] == [
        {"full": "أحمد حداد", "kind": "primary", "lang": "ar", "script": "Arab"}
    ]
    assert data["photos"] == ["ph-1"]


def test_bad_header_is_bad_input(run_import: Importer, write: Callable[..., Path]) -> None:
    from concord.errors import ValidationFailedError

    with pytest.raises(ValidationFailedError, match="unknown column"):
        run_import(write("d.csv", "owner_ref,numbre\nD1,X\n"), type="document")
    with pytest.raises(ValidationFailedError, match="no owner_ref column"):
        run_import(write("e.csv", "number\nX\n"), type="document")


@pytest.mark.parametrize("record_type", list(RecordType))
def test_every_documented_column_is_read(record_type: RecordType) -> None:
    """The columns docs/import.md lists for each type are the ones the reader takes."""
    documented = documented_columns()[record_type.value]
    assert documented == [c.name for c in columns_of(record_type)]
    parser = RowParser(record_type, documented, status="stolen")
    assert isinstance(parser.parse(["R1"] + [""] * (len(documented) - 1)), Incoming)


def documented_columns() -> dict[str, list[str]]:
    """Per type, the first column of the table under '### <type>' in docs/import.md, after the
    common columns the docs list once."""
    text = (Path(__file__).parents[3] / "docs" / "import.md").read_text(encoding="utf-8")
    tables: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("### "):
            current = line[4:].strip().strip("`")
            tables[current] = []
        elif current and line.startswith("| `"):
            tables[current].append(line.split("`")[1])
        elif current and tables[current] and not line.startswith("|"):
            current = None
    common, extra = tables.pop("common columns"), tables.pop("extra")
    return {name: common + columns + extra for name, columns in tables.items()}


def test_the_csv_example_in_the_docs_imports(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    text = (Path(__file__).parents[3] / "docs" / "import.md").read_text(encoding="utf-8")
    example = text.split("```csv\n", 1)[1].split("```", 1)[0]
    run_import(write("p.csv", "owner_ref,full_name\nFR-P-1,Ahmed Haddad\n"), type="person")
    run = run_import(write("example.csv", example), type="document")
    assert run.errors == [] and (run.summary.inserted, run.summary.links) == (2, 1)
    assert records(db)["document", "FR-DOC-2"].data["status"] == "stolen"
    assert links(db) == {("FR-DOC-2", "holder", "FR-P-1")}


def test_the_json_lines_example_in_the_docs_imports(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    text = (Path(__file__).parents[3] / "docs" / "import.md").read_text(encoding="utf-8")
    example = text.split("### JSON Lines", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    run = run_import(write("example.jsonl", example))
    assert run.errors == [] and (run.summary.inserted, run.summary.links) == (2, 1)
