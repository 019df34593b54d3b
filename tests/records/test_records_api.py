"""Records over HTTP: every type, ownership, restrictions, review deadlines, ETags, deletion,
links, and the change feed."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from concord.app import create_app
from concord.audit.models import AuditEvent
from concord.db.base import utcnow
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import Actor, Actors
from tests.records import samples


def create(
    client: TestClient, actor: Actor, type_: str, data: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    r = client.post(
        "/api/v1/records", headers=actor.headers, json={"type": type_, "data": data, **extra}
    )
    assert r.status_code == 201, r.text
    assert r.headers["etag"] == '"v1"'
    return dict(r.json())


@pytest.mark.parametrize("type_", list(samples.ALL))
def test_create_and_read_every_type(client: TestClient, actors: Actors, type_: str) -> None:
    fr = actors.make("ncb_operator", "FR")
    rec = create(
        client,
        fr,
        type_,
        samples.ALL[type_],
        owner_ref=f"FR-{type_}-1",
        reliability="A",
        handling="H1",
    )
    assert (rec["owner"], rec["type"], rec["owner_ref"]) == ("FR", type_, f"FR-{type_}-1")
    got = client.get(f"/api/v1/records/{rec['id']}", headers=fr.headers)
    assert got.status_code == 200
    assert got.json()["data"] == rec["data"]


def test_normalisation(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    person = create(client, fr, "person", samples.PERSON)
    assert person["data"]["nationalities"] == ["EG", "FR"]
    assert [n.get("script") for n in person["data"]["names"]] == ["Latn", "Arab", "Latn"]
    doc = create(client, fr, "document", samples.DOCUMENT)
    assert doc["key"] == "FR:L898902C3"
    car = create(client, fr, "vehicle", samples.VEHICLE)
    assert car["data"]["plate"] == "AB123CD"
    boat = create(client, fr, "vessel", samples.VESSEL)
    assert boat["data"]["imo"] == "9074729"
    asset = create(client, fr, "asset", samples.ASSET)
    assert asset["data"]["identifiers"][0]["value"] == "GB82WEST12345698765432"


@pytest.mark.parametrize(
    "type_, data, fragment",
    [
        ("spaceship", {}, "should be 'person'"),
        ("document", {**samples.DOCUMENT, "check_digit": "7"}, "check digit"),
        ("document", {**samples.DOCUMENT, "expires_on": "2018-01-01"}, "before"),
        ("document", {**samples.DOCUMENT, "country": "ZZ"}, "ZZ"),
        ("document", {**samples.DOCUMENT, "status": "misplaced"}, "status"),
        ("person", {**samples.PERSON, "birth_date": "2999-01-01"}, "future"),
        ("person", {"names": []}, "names"),
        ("vehicle", {**samples.VEHICLE, "vin": "1M8GDM9A1KP042788"}, "check digit"),
        ("vessel", {**samples.VESSEL, "imo": "9074728"}, "IMO"),
        (
            "asset",
            {
                **samples.ASSET,
                "identifiers": [{"scheme": "iban", "value": "GB82 WEST 1234 5698 7654 33"}],
            },
            "iban",
        ),
        ("asset", {**samples.ASSET, "currency": "XYZ"}, "currency"),
        ("firearm", {"serial": "1"}, "make"),
        ("person", {**samples.PERSON, "shoe_size": 44}, "shoe_size"),
    ],
)
def test_bad_input_is_a_precise_422(
    client: TestClient,
    actors: Actors,
    db: Database,
    type_: str,
    data: dict[str, Any],
    fragment: str,
) -> None:
    fr = actors.make("ncb_operator", "FR")
    r = client.post("/api/v1/records", headers=fr.headers, json={"type": type_, "data": data})
    assert r.status_code == 422, r.text
    assert fragment.lower() in r.text.lower()
    listed = client.get("/api/v1/records", headers=fr.headers).json()
    assert listed["total"] == 0, "nothing written"


def test_vin_check_digit_outside_north_america_is_only_a_warning(
    client: TestClient, actors: Actors
) -> None:
    fr = actors.make("ncb_operator", "FR")
    # A European WMI (W = Germany) with a check digit that does not compute.
    r = client.post(
        "/api/v1/records",
        headers=fr.headers,
        json={"type": "vehicle", "data": {"vin": "WVWZZZ1JZ3W386752", "make": "Volkswagen"}},
    )
    assert r.status_code == 201, r.text


def test_restriction_names_members_only(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    r = client.post(
        "/api/v1/records",
        headers=fr.headers,
        json={
            "type": "firearm",
            "data": samples.FIREARM,
            "restriction": "only",
            "countries": ["DE", "KP"],
        },
    )
    assert r.status_code == 422
    assert "KP" in r.json()["detail"]
    r = client.post(
        "/api/v1/records",
        headers=fr.headers,
        json={"type": "firearm", "data": samples.FIREARM, "restriction": "only"},
    )
    assert r.status_code == 422


def test_restrictions_decide_who_sees(client: TestClient, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR")
    de, it, es = (actors.make("ncb_operator", c) for c in ("DE", "IT", "ES"))
    gs = actors.make("gs_officer")
    only = create(client, fr, "firearm", samples.FIREARM, restriction="only", countries=["DE"])
    excl = create(client, fr, "artwork", samples.ARTWORK, restriction="except", countries=["IT"])
    everyone = create(client, fr, "vessel", samples.VESSEL)

    def status(actor: Actor, rec: dict[str, Any]) -> int:
        return client.get(f"/api/v1/records/{rec['id']}", headers=actor.headers).status_code

    assert [status(a, only) for a in (fr, de, it, es, gs)] == [200, 200, 404, 404, 200]
    assert [status(a, excl) for a in (fr, de, it, es, gs)] == [200, 200, 404, 200, 200]
    assert [status(a, everyone) for a in (fr, de, it, es, gs)] == [200] * 5
    # The excluded country's attempts are audited as denied; the consultations as reads.
    with db.session() as s:
        denied = s.execute(
            select(AuditEvent).where(
                AuditEvent.action == "access.denied", AuditEvent.object_id == only["id"]
            )
        ).all()
        consulted = s.execute(
            select(AuditEvent).where(
                AuditEvent.action == "record.consult", AuditEvent.object_id == only["id"]
            )
        ).all()
    assert len(denied) == 2 and len(consulted) == 2
    # Non-owners do not learn the restriction list.
    seen = client.get(f"/api/v1/records/{only['id']}", headers=de.headers).json()
    assert seen["countries"] is None


def test_only_the_owner_changes_or_deletes(client: TestClient, actors: Actors) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    gs = actors.make("gs_officer")
    rec = create(client, fr, "vessel", samples.VESSEL)
    url = f"/api/v1/records/{rec['id']}"
    for actor in (de, gs):
        h = {**actor.headers, "If-Match": '"v1"'}
        assert client.patch(url, headers=h, json={"reliability": "C"}).status_code == 403
        assert client.delete(url, headers=h).status_code == 403
        assert client.post(f"{url}/renew", headers=h).status_code == 403
    assert client.get(url, headers=fr.headers).json()["version"] == 1


def test_etag_if_match(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    rec = create(client, fr, "firearm", samples.FIREARM)
    url = f"/api/v1/records/{rec['id']}"
    no_match = client.patch(url, headers=fr.headers, json={"reliability": "C"})
    assert no_match.status_code == 428
    first = client.patch(url, headers={**fr.headers, "If-Match": '"v1"'}, json={"reliability": "C"})
    assert first.status_code == 200 and first.headers["etag"] == '"v2"'
    stale = client.patch(url, headers={**fr.headers, "If-Match": '"v1"'}, json={"reliability": "X"})
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert client.get(url, headers=fr.headers).json()["reliability"] == "C"


def test_delete_is_real(client: TestClient, actors: Actors, db: Database) -> None:
    from concord.records.models import Record, RecordTombstone

    fr = actors.make("ncb_operator", "FR")
    rec = create(client, fr, "person", samples.PERSON)
    url = f"/api/v1/records/{rec['id']}"
    r = client.delete(url, headers={**fr.headers, "If-Match": '"v1"'})
    assert r.status_code == 204
    assert client.get(url, headers=fr.headers).status_code == 404
    with db.session() as s:
        assert s.get(Record, rec["id"]) is None
        assert s.get(RecordTombstone, rec["id"]) is not None
        events = s.execute(select(AuditEvent).where(AuditEvent.object_id == rec["id"])).scalars()
        assert "record.delete" in [e.action for e in events]
        # The audit trail keeps that it happened, not what it said.
        from concord.audit.models import AuditPayload

        texts = [p.data for p in s.execute(select(AuditPayload)).scalars()]
        assert not any("Haddad" in t for t in texts)


def test_review_clock(db: Database, engine_url: str, actors: Actors) -> None:
    now = utcnow()
    app = create_app(make_settings(engine_url), db=db)
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    with TestClient(app) as client:
        doc = create(client, fr, "document", samples.DOCUMENT)
        gun = create(client, fr, "firearm", samples.FIREARM)
    assert doc["review_at"][:4] == str(now.year + 10)
    assert gun["review_at"][:4] == str(now.year + 5)
    later = make_settings(engine_url, now=(now + timedelta(days=6 * 365)).isoformat())
    with TestClient(create_app(later, db=db)) as client:
        # Past its review date the firearm is hidden from everyone but its owner.
        assert client.get(f"/api/v1/records/{gun['id']}", headers=de.headers).status_code == 404
        assert client.get(f"/api/v1/records/{gun['id']}", headers=fr.headers).status_code == 200
        assert client.get(f"/api/v1/records/{doc['id']}", headers=de.headers).status_code == 200
        overdue = client.get("/api/v1/records?overdue=true", headers=fr.headers).json()
        assert [r["id"] for r in overdue["items"]] == [gun["id"]]
        renewed = client.post(
            f"/api/v1/records/{gun['id']}/renew", headers={**fr.headers, "If-Match": '"v1"'}
        )
        assert renewed.status_code == 200
        assert client.get(f"/api/v1/records/{gun['id']}", headers=de.headers).status_code == 200


def test_review_warnings_notify_owner(db: Database, engine_url: str, actors: Actors) -> None:
    from concord.records.review import send_warnings

    fr = actors.make("ncb_operator", "FR")
    with TestClient(create_app(make_settings(engine_url), db=db)) as client:
        create(client, fr, "firearm", samples.FIREARM)
        create(client, fr, "document", samples.DOCUMENT)
    settings = make_settings(engine_url, now=(utcnow() + timedelta(days=5 * 365 - 20)).isoformat())
    with db.transaction() as s:
        assert send_warnings(s, settings=settings, actor=None) == {"FR": 1}
    with db.transaction() as s:
        assert send_warnings(s, settings=settings, actor=None) == {}, "warned once"
    with TestClient(create_app(settings, db=db)) as client:
        feed = client.get("/api/v1/notifications", headers=fr.headers).json()
        assert any(n["kind"] == "records.review_due" for n in feed["items"])
        due = client.get("/api/v1/records?review_due_within_days=30", headers=fr.headers).json()
        assert due["total"] == 1


def test_links(client: TestClient, actors: Actors) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    person = create(client, fr, "person", samples.PERSON)
    doc = create(client, fr, "document", samples.DOCUMENT)
    secret = create(client, fr, "vehicle", samples.VEHICLE, restriction="only", countries=["IT"])
    r = client.post(
        f"/api/v1/records/{doc['id']}/links",
        headers=fr.headers,
        json={"to_id": person["id"], "kind": "holder"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["links"] == [{"direction": "to", "kind": "holder", "record_id": person["id"]}]
    client.post(
        f"/api/v1/records/{secret['id']}/links",
        headers=fr.headers,
        json={"to_id": person["id"], "kind": "owner"},
    )
    # Germany sees the person's link to the document, not to the vehicle it may not see.
    seen = client.get(f"/api/v1/records/{person['id']}", headers=de.headers).json()
    assert [ln["record_id"] for ln in seen["links"]] == [doc["id"]]
    # Nobody links another country's record.
    r = client.post(
        f"/api/v1/records/{person['id']}/links",
        headers=de.headers,
        json={"to_id": doc["id"], "kind": "related"},
    )
    assert r.status_code == 403


def test_change_feed(client: TestClient, actors: Actors) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    start = client.get("/api/v1/records/changes?since=0", headers=de.headers).json()["next_since"]
    a = create(client, fr, "firearm", samples.FIREARM)
    b = create(client, fr, "vessel", samples.VESSEL, restriction="except", countries=["DE"])
    client.patch(
        f"/api/v1/records/{a['id']}",
        headers={**fr.headers, "If-Match": '"v1"'},
        json={"reliability": "A"},
    )
    client.delete(f"/api/v1/records/{a['id']}", headers={**fr.headers, "If-Match": '"v2"'})
    feed = client.get(f"/api/v1/records/changes?since={start}", headers=de.headers).json()
    ops = [(c["op"], c["record_id"]) for c in feed["changes"]]
    assert ops == [("remove", b["id"]), ("delete", a["id"])]
    seqs = [c["seq"] for c in feed["changes"]]
    assert seqs == sorted(seqs) and feed["next_since"] == seqs[-1]
    mine = client.get(f"/api/v1/records/changes?since={start}", headers=fr.headers).json()
    assert [c["op"] for c in mine["changes"]] == ["upsert", "delete"]
    assert mine["changes"][0]["record"]["id"] == b["id"]
    again = client.get(
        f"/api/v1/records/changes?since={feed['next_since']}", headers=de.headers
    ).json()
    assert again["changes"] == []


def test_agency_writes_only_authorised_databases(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    agency = client.post(
        "/api/v1/agencies", headers=admin.headers, json={"name": "Douane", "kind": "customs"}
    ).json()
    officer = actors.make("ncb_operator", "FR", agency_id=agency["id"])
    refused = client.post(
        "/api/v1/records",
        headers=officer.headers,
        json={"type": "artwork", "data": samples.ARTWORK},
    )
    assert refused.status_code == 403, "no database authorised yet"
    r = client.put(
        f"/api/v1/agencies/{agency['id']}/databases",
        headers=admin.headers,
        json={"record_types": ["artwork"]},
    )
    assert r.status_code == 200 and r.json()["record_types"] == ["artwork"]
    assert (
        client.post(
            "/api/v1/records",
            headers=officer.headers,
            json={"type": "artwork", "data": samples.ARTWORK},
        ).status_code
        == 201
    )
    r = client.post(
        "/api/v1/records",
        headers=officer.headers,
        json={"type": "firearm", "data": samples.FIREARM},
    )
    assert r.status_code == 403
    assert "firearm" in r.json()["detail"]
    # Another country's admin cannot authorise this agency.
    de_admin = actors.make("ncb_admin", "DE")
    r = client.put(
        f"/api/v1/agencies/{agency['id']}/databases",
        headers=de_admin.headers,
        json={"record_types": ["firearm"]},
    )
    assert r.status_code == 404
    bad = client.put(
        f"/api/v1/agencies/{agency['id']}/databases",
        headers=admin.headers,
        json={"record_types": ["spaceship"]},
    )
    assert bad.status_code == 422


def test_owner_ref_unique_per_owner(client: TestClient, actors: Actors) -> None:
    fr, de = actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")
    create(client, fr, "firearm", samples.FIREARM, owner_ref="G-1")
    r = client.post(
        "/api/v1/records",
        headers=fr.headers,
        json={"type": "firearm", "data": samples.FIREARM, "owner_ref": "G-1"},
    )
    assert r.status_code == 409
    create(client, de, "firearm", samples.FIREARM, owner_ref="G-1")


def test_roles_without_records_access(client: TestClient, actors: Actors) -> None:
    border = actors.make("border_officer", "FR")
    assert client.get("/api/v1/records", headers=border.headers).status_code == 403
    assert (
        client.post(
            "/api/v1/records",
            headers=border.headers,
            json={"type": "firearm", "data": samples.FIREARM},
        ).status_code
        == 403
    )
    gs = actors.make("gs_officer")
    r = client.post(
        "/api/v1/records", headers=gs.headers, json={"type": "firearm", "data": samples.FIREARM}
    )
    assert r.status_code in (403, 422)
