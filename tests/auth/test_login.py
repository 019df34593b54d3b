"""Interactive login: password + TOTP, lockout, replay protection, sessions and sign-out."""

from datetime import timedelta

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from concord.audit.models import AuditEvent
from concord.auth.models import Account, ApiToken
from concord.db.base import utcnow
from concord.db.database import Database
from tests.factories import PASSWORD, Actors


def _login(client: TestClient, username: str, password: str, code: str) -> "object":
    return client.post(
        "/api/v1/auth/login", json={"username": username, "password": password, "totp": code}
    )


def _username(db: Database, account_id: str) -> str:
    with db.session() as s:
        account = s.get(Account, account_id)
        assert account is not None
        return account.username


def test_login_with_password_and_totp(client: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "DE")
    assert person.totp_secret
    name = _username(db, person.account_id)
    r = _login(client, name, PASSWORD, pyotp.TOTP(person.totp_secret).now())
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["country"] == "DE"
    assert me.json()["role"] == "ncb_operator"


def test_totp_code_cannot_be_replayed(client: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "DE")
    assert person.totp_secret
    name = _username(db, person.account_id)
    code = pyotp.TOTP(person.totp_secret).now()
    assert _login(client, name, PASSWORD, code).status_code == 200
    again = _login(client, name, PASSWORD, code)
    assert again.status_code == 401
    assert again.json()["code"] == "login_failed"


def test_wrong_password_and_wrong_code_fail_alike(
    client: TestClient, actors: Actors, db: Database
) -> None:
    person = actors.user("ncb_admin", "ES")
    assert person.totp_secret
    name = _username(db, person.account_id)
    bad_pw = _login(client, name, "wrong password!!", pyotp.TOTP(person.totp_secret).now())
    bad_code = _login(client, name, PASSWORD, "000000")
    unknown = _login(client, "nobody-at-all", PASSWORD, "123456")
    for r in (bad_pw, bad_code, unknown):
        assert r.status_code == 401
        assert r.json()["detail"] == "Unknown username, wrong password or wrong code"


def test_lockout_after_repeated_failures(client: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "IT")
    assert person.totp_secret
    name = _username(db, person.account_id)
    for _ in range(5):
        assert _login(client, name, "not the password", "123456").status_code == 401
    # Even the right credentials are refused while locked, and the failures were kept.
    r = _login(client, name, PASSWORD, pyotp.TOTP(person.totp_secret).now())
    # The same answer as any failure, so that locking does not reveal which usernames exist.
    assert r.status_code == 401
    assert r.json()["code"] == "login_failed"
    assert "retry-after" not in r.headers
    with db.session() as s:
        failed = (
            s.execute(
                select(AuditEvent).where(
                    AuditEvent.action == "auth.login",
                    AuditEvent.object_id == person.account_id,
                    AuditEvent.outcome == "failed",
                )
            )
            .scalars()
            .all()
        )
        assert len(failed) == 5


def test_admin_unlocks(client: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "IT")
    admin = actors.make("ncb_admin", "IT")
    assert person.totp_secret
    name = _username(db, person.account_id)
    for _ in range(5):
        _login(client, name, "not the password", "123456")
    r = client.post(f"/api/v1/accounts/{person.account_id}/unlock", headers=admin.headers)
    assert r.status_code == 200, r.text
    assert _login(client, name, PASSWORD, pyotp.TOTP(person.totp_secret).now()).status_code == 200


def test_session_idle_timeout(client: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "FR")
    assert person.totp_secret
    r = _login(
        client, _username(db, person.account_id), PASSWORD, pyotp.TOTP(person.totp_secret).now()
    )
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    with db.transaction() as s:
        s.execute(
            update(ApiToken)
            .where(ApiToken.account_id == person.account_id)
            .values(last_used_at=utcnow() - timedelta(minutes=31))
        )
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_logout_and_logout_everywhere(client: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "FR")
    assert person.totp_secret
    name = _username(db, person.account_id)
    totp = pyotp.TOTP(person.totp_secret)
    first = _login(client, name, PASSWORD, totp.now()).json()["access_token"]
    # A second session needs a fresh code (the previous step is spent): use the next step.
    second_code = totp.at(utcnow() + timedelta(seconds=30))
    second = _login(client, name, PASSWORD, second_code).json()["access_token"]
    h1 = {"Authorization": f"Bearer {first}"}
    h2 = {"Authorization": f"Bearer {second}"}
    r = client.post("/api/v1/auth/logout", headers=h1)
    assert r.json() == {"revoked": 1}
    assert client.get("/api/v1/auth/me", headers=h1).status_code == 401
    assert client.get("/api/v1/auth/me", headers=h2).status_code == 200
    # Both usable time steps are spent; forget them so a third session can be opened now.
    with db.transaction() as s:
        s.execute(
            update(Account).where(Account.id == person.account_id).values(totp_last_step=None)
        )
    third = _login(client, name, PASSWORD, totp.now())
    h3 = {"Authorization": f"Bearer {third.json()['access_token']}"}
    assert client.post("/api/v1/auth/logout-all", headers=h3).json() == {"revoked": 2}
    assert client.get("/api/v1/auth/me", headers=h2).status_code == 401
    assert client.get("/api/v1/auth/me", headers=h3).status_code == 401


def test_disabled_user_cannot_log_in(client: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "FR")
    admin = actors.make("ncb_admin", "FR")
    assert person.totp_secret
    assert (
        client.post(
            f"/api/v1/accounts/{person.account_id}/disable", headers=admin.headers
        ).status_code
        == 200
    )
    r = _login(
        client, _username(db, person.account_id), PASSWORD, pyotp.TOTP(person.totp_secret).now()
    )
    assert r.status_code == 401


def test_login_body_validated(client: TestClient) -> None:
    r = client.post("/api/v1/auth/login", json={"username": "x", "password": "y", "totp": "12"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["body", "totp"]
    r = client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
