"""JSON Lines and FollowTheMoney entity streams."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from followthemoney import model

from concord.db.database import Database
from tests.records import samples
from tests.records.importing.conftest import Importer, links, records


def test_json_lines_with_links(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    lines: list[dict[str, Any]] = [
        # The document names its holder before the holder's line: resolved at the end.
        {
            "type": "document",
            "owner_ref": "D1",
            "data": {k: v for k, v in samples.DOCUMENT.items() if k != "status"},
            "links": [{"to_ref": "P1", "kind": "holder", "to_type": "person"}],
        },
        {"type": "person", "owner_ref": "P1", "data": samples.PERSON, "reliability": "A"},
        {
            "type": "vehicle",
            "owner_ref": "V1",
            "data": samples.VEHICLE,
            "links": [{"to_ref": "P1", "kind": "owner"}],
            "restriction": "except",
            "countries": ["IT"],
        },
    ]
    run = run_import(write("records.jsonl", lines), status="revoked", batch_size=1)
    assert run.errors == []
    assert (run.summary.inserted, run.summary.links) == (3, 2)
    found = records(db)
    assert found["document", "D1"].data["status"] == "revoked"
    assert found["person", "P1"].reliability == "A"
    assert found["vehicle", "V1"].restriction == "except"
    assert links(db) == {("D1", "holder", "P1"), ("V1", "owner", "P1")}
    # The document was committed before its holder existed: the link gave it a new version
    # (and change number); the vehicle's link was made in the same batch as the vehicle.
    assert (found["document", "D1"].version, found["vehicle", "V1"].version) == (2, 1)
    assert found["document", "D1"].change_seq == run.summary.last_seq


def entity(schema: str, id: str, **props: Any) -> dict[str, Any]:
    e = model.make_entity(schema)
    e.id = id
    for name, value in props.items():
        e.add(name, value)
    return e.to_dict()


def ftm_stream() -> list[dict[str, Any]]:
    return [
        entity(
            "Person",
            "fr-p-1",
            name="Ahmed Haddad",
            firstName="Ahmed",
            lastName="Haddad",
            alias="Abu Ahmed",
            birthDate="1981-04-02",
            gender="male",
            nationality=["fr", "eg"],
            idNumber="29104010101234",
        ),
        entity(
            "Passport",
            "fr-pp-1",
            number="L898902C3",
            country="fr",
            startDate="2019-03-02",
            endDate="2029-03-01",
            holder="fr-p-1",
        ),
        entity(
            "Identification",
            "fr-id-1",
            number="X4RTBPFW4",
            country="fr",
            type="National identity card",
            holder="fr-p-1",
        ),
        entity(
            "Vehicle",
            "fr-v-1",
            registrationNumber="AB-123-CD",
            country="fr",
            model="Clio",
            type="car",
            buildDate="2019",
        ),
        entity(
            "Vessel",
            "fr-s-1",
            name="Mistral",
            imoNumber="IMO9074729",
            mmsi="227123456",
            flag="fr",
            type="yacht",
        ),
        entity("Airplane", "fr-a-1", name="Falcon 7X", registrationNumber="F-HXYZ", country="fr"),
        entity(
            "BankAccount",
            "fr-b-1",
            iban="GB82WEST12345698765432",
            bankName="Banque Exemple",
            balance="1000",
            currency="EUR",
        ),
        entity("Ownership", "fr-o-1", owner="fr-p-1", asset="fr-b-1"),
        entity("Ownership", "fr-o-2", owner="fr-p-1", asset="fr-v-1"),
        entity("Organization", "fr-org-1", name="ACME Holdings"),
    ]


def test_followthemoney_stream(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    run = run_import(write("entities.ftm.json", ftm_stream()), status="lost")
    assert run.error_lines == {10: "schema Organization is not imported"}
    assert (run.summary.inserted, run.summary.links) == (7, 4)
    found = records(db)
    assert set(found) == {
        ("person", "fr-p-1"),
        ("document", "fr-pp-1"),
        ("document", "fr-id-1"),
        ("vehicle", "fr-v-1"),
        ("vessel", "fr-s-1"),
        ("asset", "fr-a-1"),
        ("asset", "fr-b-1"),
    }
    person = found["person", "fr-p-1"].data
    assert person["names"][:2] == [
        {"given": "Ahmed", "family": "Haddad", "kind": "primary", "script": "Latn"},
        {"full": "Abu Ahmed", "kind": "alias", "script": "Latn"},
    ]
    assert (person["sex"], person["nationalities"]) == ("M", ["FR", "EG"])
    passport = found["document", "fr-pp-1"].data
    assert passport["document_type"] == "passport" and passport["status"] == "lost"
    assert found["document", "fr-id-1"].data["document_type"] == "identity_card"
    assert found["vehicle", "fr-v-1"].data["plate"] == "AB123CD"
    assert found["vehicle", "fr-v-1"].data["year"] == 2019
    assert found["vessel", "fr-s-1"].data["imo"] == "9074729"
    plane = found["asset", "fr-a-1"].data
    assert plane["kind"] == "aircraft"
    assert plane["identifiers"] == [{"scheme": "registration", "value": "F-HXYZ"}]
    bank = found["asset", "fr-b-1"].data
    assert bank["kind"] == "bank_account"
    assert bank["identifiers"][0] == {"scheme": "iban", "value": "GB82WEST12345698765432"}
    assert (bank["estimated_value"], bank["currency"]) == ("1000", "EUR")
    assert links(db) == {
        ("fr-pp-1", "holder", "fr-p-1"),
        ("fr-id-1", "holder", "fr-p-1"),
        ("fr-b-1", "owner", "fr-p-1"),
        ("fr-v-1", "owner", "fr-p-1"),
    }


def test_ftm_values_are_validated_not_dropped(
    run_import: Importer, write: Callable[..., Path]
) -> None:
    bad = [
        entity("Passport", "pp-1", number="L898902C3", country="zz"),
        {"id": "x", "schema": "Person", "properties": {"name": "not a list"}},
        {"id": "y", "schema": "NoSuchSchema", "properties": {}},
        entity("Ownership", "o-1", owner="nobody"),
    ]
    run = run_import(write("bad.ftm", bad))
    reasons = run.error_lines
    assert "unknown country code 'zz'" in reasons[1]
    assert "list of strings" in reasons[2]
    assert "not a FollowTheMoney entity" in reasons[3]
    assert "needs an owner and an asset" in reasons[4]


def test_links_that_cannot_be_made_are_reported_and_their_records_go_in(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    lines: list[dict[str, Any]] = [
        {"type": "person", "owner_ref": "X", "data": samples.PERSON},
        {"type": "vessel", "owner_ref": "X", "data": samples.VESSEL},
        {
            "type": "vehicle",
            "owner_ref": "V1",
            "data": samples.VEHICLE,
            "links": [{"to_ref": "X", "kind": "owner"}, {"to_ref": "NOBODY", "kind": "owner"}],
        },
        {
            "type": "document",
            "owner_ref": "D1",
            "data": samples.DOCUMENT,
            "links": [{"to_ref": "X", "kind": "holder", "to_type": "person"}],
        },
    ]
    run = run_import(write("links.jsonl", lines))
    assert (run.summary.inserted, run.summary.rejected, run.summary.links) == (4, 0, 1)
    assert run.summary.link_errors == 2
    assert run.errors == [
        (3, "V1", "owner link: 'X' names records of several types (person, vessel)"),
        (3, "V1", "owner link: no record 'NOBODY' of FR (its target); the link was not made"),
    ]
    assert links(db) == {("D1", "holder", "X")}
