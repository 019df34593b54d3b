"""The console's messages: inbox, thread (verified signature), cases, compose with inline
errors, reply, forward refused under H2, acknowledge, attachments; one country never sees the
messages of two others."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.db.database import Database
from concord.messaging.models import Message
from tests.factories import Actor, Actors
from tests.web.conftest import csrf_of

BODY = "Please confirm the identity of the holder of passport 15AB12345, seen in Lyon."


def api_send(web: TestClient, actor: Actor, **fields: Any) -> dict[str, Any]:
    body = {"subject": "Identity check", "body": BODY, "case_title": "Passports ring"} | fields
    r = web.post("/api/v1/messages", headers=actor.headers, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def messages(db: Database) -> int:
    with db.session() as s:
        return int(s.execute(select(func.count()).select_from(Message)).scalar_one())


def test_inbox_and_thread_with_verified_signature(
    web: TestClient, actors: Actors, signed_in: Any
) -> None:
    fr = actors.make("ncb_operator", "FR")
    sent = api_send(web, fr, to=["DE"], priority="urgent", handling="H1", reliability="A")
    signed_in("ncb_operator", "DE")
    inbox = web.get("/console/messages")
    assert inbox.status_code == 200
    assert "Identity check" in inbox.text and sent["case_reference"] in inbox.text
    assert "unread" in inbox.text
    page = web.get(f"/console/messages/{sent['id']}")
    assert page.status_code == 200
    assert BODY in page.text
    assert "Signature verified" in page.text
    assert "not to be used as evidence in judicial proceedings" in page.text  # H1's meaning
    assert "A: reliable source" in page.text
    case = web.get(f"/console/messages/cases/{sent['case_id']}")
    assert case.status_code == 200 and "Passports ring" in case.text
    cases = web.get("/console/messages/cases")
    assert sent["case_reference"] in cases.text
    # filters: H1 shows it, H2 does not
    assert sent["id"] in web.get("/console/messages?handling=H1").text
    assert sent["id"] not in web.get("/console/messages?handling=H2").text
    row = web.get(f"/console/messages/row/{sent['id']}")
    assert row.status_code == 200 and "Identity check" in row.text


def test_a_third_country_never_sees_a_message_between_two_others(
    web: TestClient, actors: Actors, signed_in: Any
) -> None:
    de = actors.make("ncb_operator", "DE")
    sent = api_send(web, de, to=["ES"], subject="Secreto entre DE y ES", case_title="Caso DE-ES")
    signed_in("ncb_operator", "FR")
    for url in (
        "/console/messages",
        "/console/messages?folder=all",
        "/console/messages/cases",
        f"/console/messages?case_id={sent['case_id']}",
        "/console/",
    ):
        page = web.get(url)
        assert page.status_code == 200, url
        assert "Secreto entre DE y ES" not in page.text and sent["id"] not in page.text, url
        assert "Caso DE-ES" not in page.text and sent["case_reference"] not in page.text, url
    assert web.get(f"/console/messages/{sent['id']}").status_code == 404
    assert web.get(f"/console/messages/row/{sent['id']}").status_code == 404
    assert web.get(f"/console/messages/cases/{sent['case_id']}").status_code == 404
    gone = web.get(f"/console/messages/{sent['id']}")
    assert "Secreto" not in gone.text


def test_roles_without_messaging_are_refused(web: TestClient, signed_in: Any) -> None:
    signed_in("delegate", "FR")
    assert web.get("/console/messages").status_code == 403
    assert web.get("/console/messages/compose").status_code == 403


def test_compose_sends_and_the_recipient_reads_it(
    web: TestClient, actors: Actors, signed_in: Any, db: Database
) -> None:
    signed_in("ncb_operator", "FR")
    form = web.get("/console/messages/compose")
    assert form.status_code == 200
    assert 'value="DE"' in form.text and "Europe" in form.text
    answer = web.post(
        "/console/messages/compose",
        data={
            "csrf": csrf_of(form.text),
            "to": ["DE", "ES"],
            "subject": "Convoy of stolen cars",
            "body": "Three vehicles crossing at Irun tonight.",
            "priority": "immediate",
            "handling": "H3",
            "handling_text": "Not to be shared with customs",
            "reliability": "B",
            "accuracy": "3",
            "crime_area": "vehicle_crime",
        },
        files=[("files", ("note.txt", b"plate AB-123-CD", "text/plain"))],
    )
    assert answer.status_code == 303, answer.text
    thread = web.get(answer.headers["location"])
    assert "Message sent" in thread.text and "Not to be shared with customs" in thread.text
    assert "note.txt" in thread.text
    link = thread.text.split('href="/console/messages/')[0]
    del link
    with db.session() as s:
        message = s.execute(select(Message)).scalars().one()
        assert message.handling == "H3" and message.priority == "immediate"


def test_compose_errors_are_shown_inline_and_nothing_is_sent(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("ncb_operator", "FR")
    form = web.get("/console/messages/compose")
    answer = web.post(
        "/console/messages/compose",
        data={
            "csrf": csrf_of(form.text),
            "subject": "",
            "body": "Kept body text",
            "handling": "H3",
            "handling_text": "",
            "priority": "routine",
            "reliability": "B",
            "accuracy": "2",
        },
    )
    assert answer.status_code == 422
    assert "Give a subject." in answer.text
    assert "Handling code H3 needs the text of its restrictions." in answer.text
    assert "Choose at least one country or mailbox." in answer.text
    assert "Kept body text" in answer.text  # the input is kept
    assert messages(db) == 0


def test_compose_without_csrf_is_refused(web: TestClient, signed_in: Any, db: Database) -> None:
    signed_in("ncb_operator", "FR")
    answer = web.post(
        "/console/messages/compose",
        data={"to": ["DE"], "subject": "x", "body": "y", "csrf": "0" * 64},
    )
    assert answer.status_code == 403
    assert messages(db) == 0


def test_forwarding_an_h2_message_is_refused_with_the_reason(
    web: TestClient, actors: Actors, signed_in: Any, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    sent = api_send(web, fr, to=["DE"], handling="H2")
    signed_in("ncb_operator", "DE")
    page = web.get(f"/console/messages/{sent['id']}")
    assert "no onward sharing" in page.text
    before = messages(db)
    answer = web.post(
        f"/console/messages/{sent['id']}/forward",
        data={"csrf": csrf_of(page.text), "to": "IT", "note": "FYI"},
    )
    assert answer.status_code == 409
    assert "Handling code H2: no onward sharing" in answer.text
    assert messages(db) == before


def test_reply_and_acknowledge(web: TestClient, actors: Actors, signed_in: Any) -> None:
    fr = actors.make("ncb_operator", "FR")
    sent = api_send(web, fr, to=["DE"])
    signed_in("ncb_operator", "DE")
    page = web.get(f"/console/messages/{sent['id']}")
    csrf = csrf_of(page.text)
    ack = web.post(f"/console/messages/{sent['id']}/acknowledge", data={"csrf": csrf})
    assert ack.status_code == 303
    bad = web.post(
        f"/console/messages/{sent['id']}/reply",
        data={"csrf": csrf, "subject": "Re: x", "body": "", "priority": "routine",
              "handling": "H0", "reliability": "B", "accuracy": "2"},
    )  # fmt: skip
    assert bad.status_code == 422 and "Write the message." in bad.text
    good = web.post(
        f"/console/messages/{sent['id']}/reply",
        data={"csrf": csrf, "subject": "Re: Identity check", "body": "Confirmed.",
              "priority": "routine", "handling": "H0", "reliability": "B", "accuracy": "2"},
    )  # fmt: skip
    assert good.status_code == 303
    reply = web.get(good.headers["location"])
    assert "Confirmed." in reply.text and "Signature verified" in reply.text
    receipts = web.get(f"/api/v1/messages/{sent['id']}", headers=fr.headers).json()["recipients"]
    assert receipts[0]["acknowledged_at"] is not None


def test_attachment_upload_endpoint_needs_csrf_and_serves_the_file(
    web: TestClient, signed_in: Any
) -> None:
    signed_in("ncb_operator", "FR")
    form = web.get("/console/messages/compose")
    refused = web.post(
        "/console/messages/attachments",
        content=b"hello",
        headers={"Content-Type": "text/plain", "X-Filename": "a.txt"},
    )
    assert refused.status_code == 403
    done = web.post(
        "/console/messages/attachments",
        content=b"hello",
        headers={
            "Content-Type": "text/plain",
            "X-Filename": "a.txt",
            "X-CSRF-Token": csrf_of(form.text),
        },
    )
    assert done.status_code == 201, done.text
    assert done.json()["size"] == 5


def test_a_tampered_message_shows_a_warning_not_its_content(
    web: TestClient, actors: Actors, signed_in: Any, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    sent = api_send(web, fr, to=["DE"])
    with db.session() as s:
        message = s.get(Message, sent["id"])
        assert message is not None
        message.statement = message.statement.replace(b"H0", b"H3")
        s.commit()
    signed_in("ncb_operator", "DE")
    page = web.get(f"/console/messages/{sent['id']}")
    assert page.status_code == 422
    assert "Tampering detected" in page.text and "cannot be trusted" in page.text
    assert BODY not in page.text and "Signature verified" not in page.text
