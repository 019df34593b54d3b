"""Cross-country isolation: a country outside an operation cannot see or change it; a
participant cannot coordinate; records a country may not read can be neither linked nor
named by it; the Secretariat sees and coordinates every operation."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.audit.models import AuditEvent
from concord.clock import now as clock_now
from concord.settings import Settings
from tests.factories import Actors
from tests.operations.helpers import API, act, answer, create_op, report
from tests.records import samples
from tests.records.test_records_api import create as create_record


def test_operations_are_private_to_their_countries(
    client: TestClient, actors: Actors, settings: Settings, session: Session
) -> None:
    today = clock_now(settings).date()
    fr, de = actors.make("ncb_admin", "FR"), actors.make("ncb_operator", "DE")
    jp, kr = actors.make("ncb_admin", "JP"), actors.make("ncb_admin", "KR")
    a = create_op(client, fr, today, code_name="TEST ALPHA", invite=["DE"])
    b = create_op(client, jp, today, code_name="TEST BRAVO", crime_area="cybercrime", invite=["KR"])
    for actor, op in ((de, a), (kr, b)):
        assert answer(client, actor, op["id"], "accepted").status_code == 200
    for lead, op in ((fr, a), (jp, b)):
        assert act(client, lead, op["id"], "start").status_code == 200
    assert (
        client.post(
            f"{API}/{a['id']}/results", headers=de.headers, json=report(today, arrests=9)
        ).status_code
        == 201
    )

    listed = client.get(API, headers=de.headers).json()
    assert [o["code_name"] for o in listed["items"]] == ["TEST ALPHA"]
    bid = b["id"]
    for path in ("", "/targets", "/results", "/totals", "/results/KR/history"):
        r = client.get(f"{API}/{bid}{path}", headers=de.headers)
        assert r.status_code == 404, (path, r.text)
    writes = [
        client.patch(f"{API}/{bid}", headers=de.headers, json={"objectives": "mine"}),
        client.post(f"{API}/{bid}/transitions", headers=de.headers, json={"action": "close"}),
        client.post(f"{API}/{bid}/invitations", headers=de.headers, json={"countries": ["DE"]}),
        client.post(f"{API}/{bid}/invitation", headers=de.headers, json={"answer": "accepted"}),
        client.post(f"{API}/{bid}/targets", headers=de.headers, json={"record_id": "x"}),
        client.post(f"{API}/{bid}/results", headers=de.headers, json=report(today)),
    ]
    assert [w.status_code for w in writes] == [404] * len(writes)
    # the attempts are audited as denied
    denied = (
        session.execute(
            select(AuditEvent).where(
                AuditEvent.action == "access.denied", AuditEvent.object_id == bid
            )
        )
        .scalars()
        .all()
    )
    assert len(denied) >= len(writes)
    # KR's view of ALPHA is nothing either, and JP's results stay JP's
    assert client.get(f"{API}/{a['id']}/totals", headers=kr.headers).status_code == 404
    # a participant does not coordinate
    assert (
        client.patch(f"{API}/{a['id']}", headers=de.headers, json={"objectives": "x"}).status_code
        == 403
    )
    # the Secretariat sees both and coordinates both
    gs = actors.make("gs_officer")
    assert client.get(API, headers=gs.headers).json()["total"] >= 2
    patched = client.patch(f"{API}/{bid}", headers=gs.headers, json={"objectives": "Checked."})
    assert patched.status_code == 200 and patched.json()["objectives"] == "Checked."
    reviewer = actors.make("gs_reviewer")
    seen = client.get(f"{API}/{a['id']}/results", headers=reviewer.headers)
    assert seen.status_code == 200 and seen.json()[0]["arrests"] == 9
    assert (
        client.patch(
            f"{API}/{a['id']}", headers=reviewer.headers, json={"objectives": "x"}
        ).status_code
        == 403
    )


def test_records_a_country_may_not_read(
    client: TestClient, actors: Actors, settings: Settings
) -> None:
    today = clock_now(settings).date()
    fr, de = actors.make("ncb_admin", "FR"), actors.make("ncb_operator", "DE")
    es = actors.make("ncb_operator", "ES")
    op = create_op(client, fr, today, code_name="TEST CHARLIE", invite=["DE"])
    assert answer(client, de, op["id"], "accepted").status_code == 200
    # Spain's vehicle, shown only to Italy: neither FR nor DE may link or see it
    hidden = create_record(
        client, es, "vehicle", samples.VEHICLE, restriction="only", countries=["IT"]
    )
    r = client.post(
        f"{API}/{op['id']}/targets", headers=de.headers, json={"record_id": hidden["id"]}
    )
    assert r.status_code == 404
    # Germany's own record shown only to Germany: DE links it, FR sees the id but no label
    own = create_record(
        client,
        de,
        "vehicle",
        samples.VEHICLE | {"vin": "WVWZZZ1JZXW000001", "plate": "B-XY-123", "plate_country": "DE"},
        restriction="only",
        countries=["DE"],
    )
    r = client.post(
        f"{API}/{op['id']}/targets",
        headers=de.headers,
        json={"record_id": own["id"], "note": "seen in Hamburg"},
    )
    assert r.status_code == 201, r.text
    by_fr = client.get(f"{API}/{op['id']}/targets", headers=fr.headers).json()["items"]
    by_de = client.get(f"{API}/{op['id']}/targets", headers=de.headers).json()["items"]
    assert by_fr[0]["ref_id"] == own["id"] and by_fr[0]["label"] is None
    assert by_de[0]["label"]
    # a result line naming a record FR may not read is refused, without saying more
    assert act(client, fr, op["id"], "start").status_code == 200
    body = report(
        today - timedelta(days=1),
        vehicles=[{"count": 1, "value": 15_000, "currency": "EUR", "record_ids": [own["id"]]}],
    )
    r = client.post(f"{API}/{op['id']}/results", headers=fr.headers, json=body)
    assert r.status_code == 422 and "vehicles.0.record_ids.0" in r.text
    # the record's owner may remove... only coordinators or the linking country
    tid = by_de[0]["id"]
    assert client.delete(f"{API}/{op['id']}/targets/{tid}", headers=es.headers).status_code == 404
    assert client.delete(f"{API}/{op['id']}/targets/{tid}", headers=fr.headers).status_code == 204


def test_list_filters_and_pagination(
    client: TestClient, actors: Actors, settings: Settings
) -> None:
    today = clock_now(settings).date()
    gs = actors.make("gs_officer")
    made = [
        create_op(client, gs, today, code_name=f"TEST LIST {n}", crime_area=area, invite=countries)
        for n, (area, countries) in enumerate(
            [("drugs", ["FR"]), ("cybercrime", ["NG", "EG"]), ("drugs", ["NG"])]
        )
    ]
    assert act(client, gs, made[1]["id"], "start").status_code == 200

    def names(**params: object) -> list[str]:
        r = client.get(API, headers=gs.headers, params={"q": "test list", **params})
        assert r.status_code == 200, r.text
        return [o["code_name"] for o in r.json()["items"]]

    assert sorted(names()) == ["TEST LIST 0", "TEST LIST 1", "TEST LIST 2"]
    assert sorted(names(crime_area="drugs")) == ["TEST LIST 0", "TEST LIST 2"]
    assert names(status="active") == ["TEST LIST 1"]
    assert names(country="NG") == []  # invited is not taking part
    ng = actors.make("ncb_admin", "NG")
    assert answer(client, ng, made[2]["id"], "accepted").status_code == 200
    assert names(country="NG") == ["TEST LIST 2"]
    assert names(year=today.year - 3) == []
    page = client.get(API, headers=gs.headers, params={"q": "test list", "limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert client.get(API, headers=gs.headers, params={"status": "open"}).status_code == 422
    mine = client.get(API, headers=ng.headers).json()["items"]
    assert {o["code_name"]: o["my_role"] for o in mine} == {
        "TEST LIST 1": "invited",
        "TEST LIST 2": "participant",
    }
