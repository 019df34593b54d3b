"""Account management and cross-country isolation: one NCB can neither read nor change another
NCB's private objects, whatever id it guesses, and every such attempt is audited."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from concord.audit.models import AuditEvent
from concord.db.database import Database
from tests.factories import Actors


def _denials(db: Database, object_id: str) -> int:
    with db.session() as s:
        return len(
            s.execute(
                select(AuditEvent).where(
                    AuditEvent.action == "access.denied",
                    AuditEvent.object_id == object_id,
                    AuditEvent.outcome == "denied",
                )
            )
            .scalars()
            .all()
        )


def test_admin_creates_user_in_own_country(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "BR")
    r = client.post(
        "/api/v1/accounts/users",
        headers=admin.headers,
        json={
            "username": "br.analyst",
            "display_name": "João da Silva",
            "role": "ncb_operator",
            "country": "BR",
            "password": "a long enough password",
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["account"]["country_code"] == "BR"
    assert len(body["totp_secret"]) >= 16
    assert body["totp_uri"].startswith("otpauth://totp/")
    assert "password" not in str(body["account"])


@pytest.mark.parametrize(
    "payload, fragment",
    [
        ({"country": "DE", "role": "ncb_operator"}, "your own country"),
        ({"country": "BR", "role": "gs_admin"}, "General Secretariat"),
        ({"country": None, "role": "ncb_operator"}, "needs a member country"),
        ({"country": "ZZ", "role": "ncb_operator"}, "not a member country"),
    ],
)
def test_admin_cannot_overreach(
    client: TestClient, actors: Actors, payload: dict[str, object], fragment: str
) -> None:
    admin = actors.make("ncb_admin", "BR")
    r = client.post(
        "/api/v1/accounts/users",
        headers=admin.headers,
        json={
            "username": "someone.new",
            "display_name": "Someone",
            "password": "long enough pass",
            **payload,
        },
    )
    assert r.status_code in (403, 422), r.text
    assert fragment in r.json()["detail"]


def test_duplicate_username_conflicts(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "BR")
    body = {
        "username": "br.dup",
        "display_name": "Dup",
        "role": "ncb_operator",
        "country": "BR",
        "password": "a long enough password",
    }
    assert (
        client.post("/api/v1/accounts/users", headers=admin.headers, json=body).status_code == 201
    )
    r = client.post("/api/v1/accounts/users", headers=admin.headers, json=body)
    assert r.status_code == 409
    assert r.json()["code"] == "conflict"


def test_operator_cannot_manage_users(client: TestClient, actors: Actors) -> None:
    op = actors.make("ncb_operator", "BR")
    r = client.post(
        "/api/v1/accounts/users",
        headers=op.headers,
        json={
            "username": "br.x",
            "display_name": "X",
            "role": "ncb_operator",
            "country": "BR",
            "password": "a long enough password",
        },
    )
    assert r.status_code == 403


def test_other_countrys_objects_are_invisible(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr_admin = actors.make("ncb_admin", "FR")
    de_admin = actors.make("ncb_admin", "DE")
    de_user = actors.user("ncb_operator", "DE")
    de_service = actors.make("border_officer", "DE")
    de_agency = client.post(
        "/api/v1/agencies",
        headers=de_admin.headers,
        json={"name": "Bundespolizei", "kind": "border"},
    ).json()
    de_tokens = client.get("/api/v1/tokens", headers=de_admin.headers).json()["items"]
    de_token_id = next(t["id"] for t in de_tokens if t["account_id"] == de_service.account_id)

    attempts = [
        ("GET", f"/api/v1/accounts/{de_user.account_id}", None, de_user.account_id),
        ("POST", f"/api/v1/accounts/{de_user.account_id}/disable", None, de_user.account_id),
        ("POST", f"/api/v1/accounts/{de_user.account_id}/reset-totp", None, de_user.account_id),
        (
            "POST",
            f"/api/v1/accounts/{de_user.account_id}/password",
            {"password": "hijacked password"},
            de_user.account_id,
        ),
        (
            "POST",
            f"/api/v1/accounts/{de_service.account_id}/tokens",
            {"name": "steal"},
            de_service.account_id,
        ),
        ("GET", f"/api/v1/tokens/{de_token_id}", None, de_token_id),
        ("POST", f"/api/v1/tokens/{de_token_id}/revoke", None, de_token_id),
        ("GET", f"/api/v1/agencies/{de_agency['id']}", None, de_agency["id"]),
        (
            "POST",
            f"/api/v1/agencies/{de_agency['id']}/suspend",
            {"reason": "hostile"},
            de_agency["id"],
        ),
    ]
    for method, url, body, object_id in attempts:
        r = client.request(method, url, headers=fr_admin.headers, json=body)
        assert r.status_code == 404, (method, url, r.status_code, r.text)
        assert r.json()["code"] == "not_found"
        assert _denials(db, object_id) >= 1, f"denial not audited for {url}"

    # Lists show only the caller's own country.
    users = client.get("/api/v1/accounts", headers=fr_admin.headers).json()["items"]
    assert users and {u["country_code"] for u in users} == {"FR"}
    assert client.get("/api/v1/accounts?country=DE", headers=fr_admin.headers).json()["total"] == 0
    agencies = client.get("/api/v1/agencies", headers=fr_admin.headers).json()["items"]
    assert all(a["country_code"] == "FR" for a in agencies)
    tokens = client.get("/api/v1/tokens", headers=fr_admin.headers).json()["items"]
    assert de_token_id not in [t["id"] for t in tokens]

    # Nothing changed on the German side.
    assert (
        client.get(f"/api/v1/accounts/{de_user.account_id}", headers=de_admin.headers).json()[
            "disabled_at"
        ]
        is None
    )
    assert client.get("/api/v1/auth/me", headers=de_service.headers).status_code == 200
    assert (
        client.get(f"/api/v1/agencies/{de_agency['id']}", headers=de_admin.headers).json()["status"]
        == "active"
    )


def test_unknown_ids_are_plain_404(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    for url in (
        "/api/v1/accounts/deadbeef",
        "/api/v1/tokens/deadbeef",
        "/api/v1/agencies/deadbeef",
    ):
        r = client.get(url, headers=admin.headers)
        assert r.status_code == 404
        assert r.json()["code"] == "not_found"


def test_secretariat_admin_manages_any_country(client: TestClient, actors: Actors) -> None:
    gs = actors.make("gs_admin")
    de_user = actors.user("ncb_operator", "DE")
    r = client.post(f"/api/v1/accounts/{de_user.account_id}/disable", headers=gs.headers)
    assert r.status_code == 200
    assert r.json()["disabled_at"] is not None
    r = client.post(
        "/api/v1/accounts/users",
        headers=gs.headers,
        json={
            "username": "gs.reviewer2",
            "display_name": "Reviewer",
            "role": "gs_reviewer",
            "password": "a long enough password",
        },
    )
    assert r.status_code == 201, r.text


def test_country_admin_cannot_touch_secretariat_accounts(
    client: TestClient, actors: Actors
) -> None:
    fr_admin = actors.make("ncb_admin", "FR")
    gs_user = actors.user("gs_reviewer")
    r = client.post(f"/api/v1/accounts/{gs_user.account_id}/disable", headers=fr_admin.headers)
    assert r.status_code == 404


def test_cannot_disable_self(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    r = client.post(f"/api/v1/accounts/{admin.account_id}/disable", headers=admin.headers)
    assert r.status_code == 409


def test_pagination(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "PT")
    for _ in range(3):
        actors.make("border_officer", "PT")
    page = client.get("/api/v1/accounts?limit=2&offset=1", headers=admin.headers).json()
    assert page["total"] == 4
    assert len(page["items"]) == 2
    assert (page["limit"], page["offset"]) == (2, 1)
    bad = client.get("/api/v1/accounts?limit=0", headers=admin.headers)
    assert bad.status_code == 422
