"""The audit trail in the console: auditors only; a country's auditor sees its own country's
events; search by actor, action, object, outcome and dates; one event with its payload; the
"Verify the chain" button (CSRF-protected, audited, reporting a broken link)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from concord.audit.models import AuditEvent
from concord.db.database import Database
from tests.factories import Actors
from tests.web.conftest import csrf_of


def _verifications(db: Database) -> int:
    with db.session() as s:
        return int(
            s.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "audit.verify")
            ).scalar_one()
        )


def test_only_auditors_search(web: TestClient, signed_in: Any) -> None:
    signed_in("ncb_operator", "FR")
    assert web.get("/console/audit").status_code == 403
    assert web.get("/console/audit/events/1").status_code == 403


def test_search_by_actor_and_action(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors
) -> None:
    admin = actors.make("ncb_admin", "FR")
    made = client.post(
        "/api/v1/accounts/users",
        headers=admin.headers,
        json={
            "username": "audit.search.target",
            "display_name": "Target",
            "role": "ncb_operator",
            "country": "FR",
            "password": "a long enough password",
        },
    )
    assert made.status_code == 201, made.text
    new_id = made.json()["account"]["id"]
    signed_in("auditor")
    page = web.get(f"/console/audit?actor={admin.principal.username}&action=user.create")
    assert page.status_code == 200, page.text
    assert "1 events" in page.text and new_id in page.text
    by_id = web.get(f"/console/audit?actor={admin.account_id}&object_id={new_id}")
    assert "1 events" in by_id.text
    none = web.get("/console/audit?outcome=denied&since=2000-01-01&until=2000-01-02")
    assert none.status_code == 200 and "0 events" in none.text and new_id not in none.text


def test_a_country_auditor_sees_only_its_country(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    de = actors.make("ncb_admin", "DE")
    german_user = actors.user("ncb_operator", "DE")
    assert client.get("/api/v1/accounts", headers=de.headers).status_code == 200
    signed_in("auditor", "FR")
    page = web.get("/console/audit?action=account.list&country=DE")
    assert page.status_code == 200 and "0 events" in page.text
    with db.session() as s:
        seq = s.execute(
            select(AuditEvent.seq).where(AuditEvent.country == "DE").order_by(AuditEvent.seq)
        ).scalar()
    assert seq is not None
    assert web.get(f"/console/audit/events/{seq}").status_code == 404
    listing = web.get("/console/audit").text
    assert german_user.account_id not in listing and de.account_id not in listing


def test_bad_filters_are_shown_inline(web: TestClient, signed_in: Any, db: Database) -> None:
    signed_in("auditor")
    with db.session() as s:
        before = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    page = web.get("/console/audit?since=2025-13-40&country=France&until=2020-01-01")
    assert page.status_code == 422
    assert 'id="e-since"' in page.text and 'id="e-country"' in page.text
    assert 'value="France"' in page.text
    with db.session() as s:  # no search ran: nothing audited
        assert s.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == before


def test_event_detail(web: TestClient, signed_in: Any, actors: Actors, db: Database) -> None:
    admin = actors.user("ncb_admin", "FR")
    signed_in("auditor")
    with db.session() as s:
        seq = s.execute(
            select(AuditEvent.seq).where(
                AuditEvent.action == "user.create", AuditEvent.object_id == admin.account_id
            )
        ).scalar_one()
    page = web.get(f"/console/audit/events/{seq}")
    assert page.status_code == 200
    assert "user.create" in page.text and "&#34;ncb_admin&#34;" in page.text  # the payload
    assert web.get("/console/audit/events/999999999").status_code == 404


def test_verify_the_chain(web: TestClient, signed_in: Any, db: Database) -> None:
    signed_in("auditor")
    page = web.get("/console/audit")
    before = _verifications(db)
    refused = web.post("/console/audit/verify", data={"csrf": "f" * 64})
    assert refused.status_code == 403 and "csrf_failed" in refused.text
    assert _verifications(db) == before
    done = web.post("/console/audit/verify", data={"csrf": csrf_of(page.text)})
    assert done.status_code == 200
    assert "The chain is intact" in done.text and "events checked" in done.text
    assert _verifications(db) == before + 1


def test_verify_names_the_first_broken_link(
    web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    signed_in("auditor")
    page = web.get("/console/audit")
    with db.session() as s:
        seq = s.execute(select(func.max(AuditEvent.seq))).scalar_one()
        s.execute(
            text("UPDATE audit_events SET action = 'tampered' WHERE seq = :seq"), {"seq": seq}
        )
        s.commit()
    done = web.post("/console/audit/verify", data={"csrf": csrf_of(page.text)})
    assert done.status_code == 200
    assert "The chain is broken" in done.text
    assert f'href="/console/audit/events/{seq}"' in done.text


def test_a_secretariat_admin_verifies_but_does_not_search(web: TestClient, signed_in: Any) -> None:
    signed_in("gs_admin")
    page = web.get("/console/audit")
    assert page.status_code == 200
    assert "Verify the chain" in page.text and "Search events" not in page.text
    assert web.get("/console/audit/events/1").status_code == 403
