"""Messages over HTTP: send, read, reply, forward, receipts, cases, handling codes, access."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from concord.db.database import Database
from tests.factories import Actor, Actors


def send(client: TestClient, actor: Actor, body: dict[str, Any], code: int = 201) -> Any:
    r = client.post("/api/v1/messages", headers=actor.headers, json=body)
    assert r.status_code == code, r.text
    return r.json()


BODY = "Please confirm the identity of the holder of passport 15AB12345, seen in Lyon."


def test_send_read_reply_with_receipts(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    it = actors.make("ncb_operator", "IT")
    sent = send(
        client,
        fr,
        {
            "to": ["DE"],
            "case_title": "Stolen passports ring",
            "crime_area": "organised_crime",
            "subject": "Identity check",
            "body": BODY,
            "priority": "urgent",
            "handling": "H1",
            "reliability": "A",
            "accuracy": 2,
            "references": [{"kind": "document", "document_number": "15AB12345", "country": "FR"}],
        },
    )
    assert sent["sender"] == "FR" and sent["signature_valid"] is True
    assert sent["reply_by"] is not None  # urgent: 12 hours
    assert [r["mailbox"] for r in sent["recipients"]] == ["DE"]
    assert sent["recipients"][0]["state"] == "sent"
    inbox = client.get("/api/v1/messages?folder=inbox&unread=true", headers=de.headers).json()
    assert [m["id"] for m in inbox["items"]] == [sent["id"]]
    assert inbox["items"][0]["subject"] == "Identity check"
    got = client.get(f"/api/v1/messages/{sent['id']}", headers=de.headers).json()
    assert got["body"] == BODY and got["state"] == "read" and got["signature_valid"]
    # a third country sees nothing of it
    assert client.get(f"/api/v1/messages/{sent['id']}", headers=it.headers).status_code == 404
    assert client.get(f"/api/v1/cases/{sent['case_id']}", headers=it.headers).status_code == 404
    # overdue: DE has not answered yet? not before the reply-by time
    answer = client.post(
        f"/api/v1/messages/{sent['id']}/reply",
        headers=de.headers,
        json={"subject": "Re: Identity check", "body": "Confirmed: Jan Novak, born 1980."},
    )
    assert answer.status_code == 201, answer.text
    reply = answer.json()
    assert reply["case_id"] == sent["case_id"] and reply["in_reply_to"] == sent["id"]
    assert reply["handling"] == "H1"  # a reply keeps the original's restrictions
    receipts = client.get(f"/api/v1/messages/{sent['id']}", headers=fr.headers).json()
    assert receipts["recipients"][0]["state"] == "read"
    case = client.get(f"/api/v1/cases/{sent['case_id']}", headers=fr.headers).json()
    assert case["participants"] == ["DE", "FR"] and case["messages"] == 2


def test_h2_is_not_forwarded_and_h0_is(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    h2 = send(client, fr, {"to": ["DE"], "subject": "s", "body": "b", "handling": "H2"})
    r = client.post(f"/api/v1/messages/{h2['id']}/forward", headers=de.headers, json={"to": ["IT"]})
    assert r.status_code == 409 and "H2" in r.json()["detail"]
    h0 = send(client, fr, {"to": ["DE"], "subject": "s", "body": "b"})
    fwd = client.post(
        f"/api/v1/messages/{h0['id']}/forward",
        headers=de.headers,
        json={"to": ["IT"], "note": "For your information"},
    )
    assert fwd.status_code == 201, fwd.text
    assert fwd.json()["forwarded_from"] == h0["id"]


def test_bad_input_writes_nothing(client: TestClient, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR")
    border = actors.make("auditor", "FR")
    with db.session() as s:
        before = s.execute(text("select count(*) from messages")).scalar_one()
    for body, needle in (
        ({"to": ["QQ"], "subject": "s", "body": "b"}, "QQ"),
        ({"subject": "s", "body": "b"}, "recipients"),
        ({"to": ["DE"], "subject": "s", "body": "b", "handling": "H3"}, "handling_text"),
        ({"to": ["FR"], "subject": "s", "body": "b"}, "other than yourself"),
        ({"to": ["DE"], "subject": "s", "body": "b", "crime_area": "gossip"}, "crime_area"),
    ):
        r = client.post("/api/v1/messages", headers=fr.headers, json=body)
        assert r.status_code == 422, r.text
        assert needle in r.json()["detail"], r.json()
    assert (
        client.post(
            "/api/v1/messages",
            headers=border.headers,
            json={"to": ["DE"], "subject": "s", "body": "b"},
        ).status_code
        == 403
    )
    with db.session() as s:
        assert s.execute(text("select count(*) from messages")).scalar_one() == before


def test_no_plaintext_in_the_database(client: TestClient, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR")
    secret = "Operation NIGHTJAR informant lives at 12 rue des Lilas"
    send(client, fr, {"to": ["DE", "ES"], "subject": "Confidential lead", "body": secret})
    with db.session() as s:
        conn = s.connection()
        tables = [
            r[0]
            for r in conn.execute(
                text(
                    "select name from sqlite_master where type='table'"
                    if conn.dialect.name == "sqlite"
                    else "select tablename from pg_tables where schemaname = current_schema()"
                )
            )
        ]
        for table in tables:
            for row in conn.execute(text(f'select * from "{table}"')):
                dump = repr(tuple(row))
                assert "NIGHTJAR" not in dump, table
                assert "Confidential lead" not in dump, table


def test_tampered_ciphertext_and_forged_signature_detected(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    one = send(client, fr, {"to": ["DE"], "subject": "s", "body": "original"})
    two = send(client, fr, {"to": ["DE"], "subject": "s", "body": "original"})
    with db.transaction() as s:
        blob = s.execute(
            text("select content from messages where id = :i"), {"i": one["id"]}
        ).scalar_one()
        flipped = bytes(blob[:-1]) + bytes([blob[-1] ^ 1])
        s.execute(
            text("update messages set content = :c where id = :i"), {"c": flipped, "i": one["id"]}
        )
        stmt = s.execute(
            text("select statement from messages where id = :i"), {"i": two["id"]}
        ).scalar_one()
        forged = bytes(stmt).replace(b'"priority":"routine"', b'"priority":"immediate"')
        s.execute(
            text("update messages set statement = :c where id = :i"), {"c": forged, "i": two["id"]}
        )
    for mid in (one["id"], two["id"]):
        r = client.get(f"/api/v1/messages/{mid}", headers=de.headers)
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "tampering_detected"


def test_sending_is_idempotent(client: TestClient, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR")
    body = {"to": ["DE"], "subject": "s", "body": "only once"}
    headers = fr.headers | {"Idempotency-Key": "send-0001"}
    first = client.post("/api/v1/messages", headers=headers, json=body)
    again = client.post("/api/v1/messages", headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    other = client.post("/api/v1/messages", headers=headers, json=body | {"body": "changed"})
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    with db.session() as s:
        sent = s.execute(
            text("select count(*) from messages where id = :i"), {"i": first.json()["id"]}
        ).scalar_one()
        deliveries = s.execute(text("select count(*) from deliveries")).scalar_one()
    assert sent == 1 and deliveries == 1


def test_search_by_referenced_persons_name(client: TestClient, actors: Actors) -> None:
    from tests.records.test_records_api import create as create_record

    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    person = create_record(
        client, fr, "person", {"names": [{"full": "Сергей Иванов", "lang": "ru"}], "sex": "M"}
    )
    send(
        client,
        fr,
        {
            "to": ["DE"],
            "subject": "s",
            "body": "see reference",
            "references": [{"record_id": person["id"]}],
        },
    )
    send(client, fr, {"to": ["DE"], "subject": "t", "body": "no reference"})
    found = client.get("/api/v1/messages?name=Sergei Ivanov", headers=de.headers).json()
    assert [m["record_ids"] for m in found["items"]] == [[person["id"]]]


def test_sending_from_a_mailbox_you_do_not_hold(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    body = {"to": ["IT"], "subject": "s", "body": "b"}
    r = client.post("/api/v1/messages", headers=fr.headers, json=body | {"from": "DE"})
    assert r.status_code == 403 and "do not hold mailbox DE" in r.json()["detail"]
    ok = client.post("/api/v1/messages", headers=fr.headers, json=body | {"from": "FR"})
    assert ok.status_code == 201, ok.text


def test_name_search_bad_input_is_a_4xx(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    r = client.get("/api/v1/messages?name=::", headers=fr.headers)
    assert r.status_code == 422 and "no letters" in r.json()["detail"]


def _middleware(app: Any, name: str) -> Any:
    node = app.middleware_stack
    while node is not None:
        if type(node).__name__ == name:
            return node
        node = getattr(node, "app", None)
    raise AssertionError(f"no {name}")


def test_the_fast_path_sends_like_the_route(
    client: TestClient, actors: Actors, db: Database
) -> None:
    """A known token sending a message whose mailboxes are cached is answered below FastAPI's
    routing, with the route's answer; anything else falls through to the route, which gives
    the precise problem (and audits a denial)."""
    fast = _middleware(client.app, "MessagingFastPath")
    fr = actors.make("ncb_operator", "FR")
    body = {"to": ["DE"], "subject": "Identity check", "body": "Please confirm."}
    send(client, fr, body)  # token not cached, mailboxes made: the route
    first = send(client, fr, body)  # mailboxes read (and cached) by the route
    assert fast.fell_through >= 2
    served = fast.served
    second = send(client, fr, {**body, "subject": "Identity check 2"})
    assert fast.served == served + 1
    assert second.keys() == first.keys() and second["sender"] == first["sender"] == "FR"
    assert second["id"] != first["id"] and second["subject"] == "Identity check 2"
    read = client.get(
        f"/api/v1/messages/{second['id']}", headers=actors.make("ncb_operator", "DE").headers
    )
    assert read.status_code == 200 and read.json()["body"] == "Please confirm."
    # falls through: bad input, a refused check, an Idempotency-Key
    served = fast.served
    bad = client.post("/api/v1/messages", headers=fr.headers, json={**body, "to": []})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem")
    h3 = client.post("/api/v1/messages", headers=fr.headers, json={**body, "handling": "H3"})
    assert h3.status_code == 422 and "handling_text" in h3.json()["detail"]
    keyed = {**fr.headers, "Idempotency-Key": "fast-path-k1"}
    once = client.post("/api/v1/messages", headers=keyed, json=body)
    again = client.post("/api/v1/messages", headers=keyed, json=body)
    assert once.status_code == again.status_code == 201 and once.json()["id"] == again.json()["id"]
    assert fast.served == served
    auditor = actors.make("auditor", "FR")
    denied = client.post("/api/v1/messages", headers=auditor.headers, json=body)
    assert denied.status_code == 403 and "messages:send" in denied.json()["detail"]
    assert fast.served == served
