"""Service-account API tokens: shown once, stored hashed, scoped, expiring, revocable, bound
to IP ranges."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from concord.auth.models import ApiToken
from concord.auth.secrets import token_digest
from concord.db.base import utcnow
from concord.db.database import Database
from tests.factories import Actors


def test_token_stored_hashed_only(actors: Actors, db: Database) -> None:
    a = actors.make("border_officer", "FR")
    with db.session() as s:
        rows = (
            s.execute(select(ApiToken).where(ApiToken.account_id == a.account_id)).scalars().all()
        )
    assert len(rows) == 1
    assert rows[0].token_hash == token_digest(a.token)
    assert a.token not in repr(rows[0].__dict__)


def test_create_use_and_revoke(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    svc = client.post(
        "/api/v1/accounts/services",
        headers=admin.headers,
        json={
            "username": "fr-border-gate-3",
            "display_name": "CDG gate 3",
            "role": "border_officer",
            "country": "FR",
            "default_purpose": "border_control",
        },
    )
    assert svc.status_code == 201, svc.text
    made = client.post(
        f"/api/v1/accounts/{svc.json()['id']}/tokens",
        headers=admin.headers,
        json={"name": "gate 3", "days": 30},
    )
    assert made.status_code == 201, made.text
    secret, token_id = made.json()["secret"], made.json()["token"]["id"]
    assert secret.startswith("cnc_")
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.json()["role"] == "border_officer"
    listed = client.get("/api/v1/tokens", headers=admin.headers).json()
    assert token_id in [t["id"] for t in listed["items"]]
    assert "secret" not in str(listed)
    assert (
        client.post(f"/api/v1/tokens/{token_id}/revoke", headers=admin.headers).status_code == 200
    )
    after = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"})
    assert after.status_code == 401
    assert after.headers["www-authenticate"] == "Bearer"
    assert after.json()["code"] == "unauthenticated"


def test_expired_token_rejected(client: TestClient, actors: Actors, db: Database) -> None:
    a = actors.make("border_officer", "FR")
    assert client.get("/api/v1/auth/me", headers=a.headers).status_code == 200
    with db.transaction() as s:
        s.execute(
            update(ApiToken)
            .where(ApiToken.account_id == a.account_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert client.get("/api/v1/auth/me", headers=a.headers).status_code == 401


def test_ip_bound_token(client: TestClient, actors: Actors) -> None:
    # The in-process test client connects from "testclient"; a real address range excludes it.
    bound = actors.make("border_officer", "FR", ip_ranges=["10.1.0.0/16"])
    assert client.get("/api/v1/auth/me", headers=bound.headers).status_code == 401
    with TestClient(client.app, client=("10.1.2.3", 5000)) as inside:
        assert inside.get("/api/v1/auth/me", headers=bound.headers).status_code == 200
    with TestClient(client.app, client=("10.2.0.1", 5000)) as outside:
        assert outside.get("/api/v1/auth/me", headers=bound.headers).status_code == 401


def test_scoped_token_limits_permissions(client: TestClient, actors: Actors) -> None:
    narrow = actors.make("ncb_admin", "FR", scopes=["members:read"])
    assert client.get("/api/v1/members", headers=narrow.headers).status_code == 200
    r = client.get("/api/v1/accounts", headers=narrow.headers)
    assert r.status_code == 403
    assert r.json()["code"] == "forbidden"


def test_scope_outside_role_refused(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    svc = client.post(
        "/api/v1/accounts/services",
        headers=admin.headers,
        json={
            "username": "fr-gate-9",
            "display_name": "Gate 9",
            "role": "border_officer",
            "country": "FR",
        },
    ).json()
    r = client.post(
        f"/api/v1/accounts/{svc['id']}/tokens",
        headers=admin.headers,
        json={"name": "x", "scopes": ["users:manage"]},
    )
    assert r.status_code == 422
    assert "not part of role" in r.json()["detail"]


def test_token_lifetime_bounded(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    svc = client.post(
        "/api/v1/accounts/services",
        headers=admin.headers,
        json={
            "username": "fr-gate-10",
            "display_name": "Gate 10",
            "role": "border_officer",
            "country": "FR",
        },
    ).json()
    r = client.post(
        f"/api/v1/accounts/{svc['id']}/tokens",
        headers=admin.headers,
        json={"name": "x", "days": 3000},
    )
    assert r.status_code == 422


def test_bad_ip_range_refused(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    svc = client.post(
        "/api/v1/accounts/services",
        headers=admin.headers,
        json={
            "username": "fr-gate-11",
            "display_name": "Gate 11",
            "role": "border_officer",
            "country": "FR",
        },
    ).json()
    r = client.post(
        f"/api/v1/accounts/{svc['id']}/tokens",
        headers=admin.headers,
        json={"name": "x", "ip_ranges": ["999.1.1.1/8"]},
    )
    assert r.status_code == 422
    assert "999.1.1.1/8" in r.json()["detail"]


def test_missing_and_malformed_credentials(client: TestClient) -> None:
    assert client.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me", headers={"Authorization": "Basic abc"}).status_code == 401
    assert (
        client.get("/api/v1/auth/me", headers={"Authorization": "Bearer cnc_guess"}).status_code
        == 401
    )


def test_suspended_agency_stops_its_accounts(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    agency = client.post(
        "/api/v1/agencies",
        headers=admin.headers,
        json={"name": "Police aux frontières", "kind": "border"},
    ).json()
    officer = actors.make("border_officer", "FR", agency_id=agency["id"])
    assert client.get("/api/v1/auth/me", headers=officer.headers).status_code == 200
    r = client.post(
        f"/api/v1/agencies/{agency['id']}/suspend",
        headers=admin.headers,
        json={"reason": "audit of access"},
    )
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/auth/me", headers=officer.headers).status_code == 401
    client.post(f"/api/v1/agencies/{agency['id']}/reinstate", headers=admin.headers)
    assert client.get("/api/v1/auth/me", headers=officer.headers).status_code == 200
