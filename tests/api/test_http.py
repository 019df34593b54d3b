"""HTTP behaviour shared by every endpoint: problems, request ids, limits, idempotency,
metrics, CORS, and the OpenAPI document."""

import threading
from typing import Annotated

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.api.problems import PROBLEM_JSON
from concord.api.query_check import takes_many
from concord.app import create_app
from concord.db.database import Database
from concord.members.models import Agency
from concord.settings import Settings
from tests.conftest import make_settings
from tests.factories import Actors


def _agencies(db: Database, name: str) -> int:
    with db.session() as s:
        return s.execute(
            select(func.count()).select_from(Agency).where(Agency.name == name)
        ).scalar_one()


def test_unknown_route_is_problem(client: TestClient) -> None:
    r = client.get("/api/v1/does-not-exist")
    assert r.status_code == 404
    assert r.headers["content-type"] == PROBLEM_JSON
    assert r.json()["code"] == "not_found"


def test_wrong_method_is_problem(client: TestClient) -> None:
    r = client.delete("/health")
    assert r.status_code == 405
    assert r.json()["code"] == "method_not_allowed"


def test_validation_problem_names_the_field(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    r = client.post(
        "/api/v1/agencies", headers=admin.headers, json={"name": "X" * 3, "kind": "navy"}
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_failed"
    assert body["errors"][0]["loc"] == ["body", "kind"]
    assert body["detail"].startswith("body.kind:")


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    assert len(client.get("/health").headers["x-request-id"]) == 32
    r = client.get("/health", headers={"X-Request-ID": "border-post-7.req-42"})
    assert r.headers["x-request-id"] == "border-post-7.req-42"
    r = client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["x-request-id"] != "bad id with spaces"


def test_bad_input_writes_nothing(client: TestClient, actors: Actors, db: Database) -> None:
    admin = actors.make("ncb_admin", "FR")
    r = client.post(
        "/api/v1/agencies",
        headers=admin.headers,
        json={"name": "Douane", "kind": "customs", "country": "DE"},
    )
    assert r.status_code == 403
    assert _agencies(db, "Douane") == 0


def test_failed_request_rolls_back_everything(
    app,
    client: TestClient,
    actors: Actors,  # type: ignore[no-untyped-def]
    db: Database,
) -> None:
    """A route that writes and then fails leaves nothing behind."""
    from concord.api.deps import PrincipalDep, SessionDep
    from concord.errors import ConflictError
    from concord.members import service

    @app.post("/api/v1/_write_then_fail")
    def write_then_fail(principal: PrincipalDep, session: SessionDep) -> None:
        service.create_agency(session, principal, name="Half written", kind="police")
        raise ConflictError("changed my mind")

    admin = actors.make("ncb_admin", "FR")
    r = client.post("/api/v1/_write_then_fail", headers=admin.headers)
    assert r.status_code == 409
    assert _agencies(db, "Half written") == 0


def test_body_size_limit(db: Database, engine_url: str) -> None:
    app = create_app(make_settings(engine_url, max_request_bytes=2048), db=db)
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/auth/login", content=b"x" * 4096, headers={"content-type": "application/json"}
        )
        assert r.status_code == 413
        assert r.json()["code"] == "payload_too_large"

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(4):
                yield b"y" * 1024

        r = client.post(
            "/api/v1/auth/login", content=chunks(), headers={"content-type": "application/json"}
        )
        assert r.status_code == 413


def test_rate_limit_429_with_retry_after(db: Database, engine_url: str, actors: Actors) -> None:
    app = create_app(make_settings(engine_url, rate_limit_per_minute=3), db=db)
    a = actors.make("ncb_operator", "FR")
    b = actors.make("ncb_operator", "FR")
    with TestClient(app) as client:
        codes = [client.get("/api/v1/auth/me", headers=a.headers).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = client.get("/api/v1/auth/me", headers=a.headers)
        assert r.json()["code"] == "rate_limited"
        assert int(r.headers["retry-after"]) >= 1
        # Another token has its own budget; health checks are never limited.
        assert client.get("/api/v1/auth/me", headers=b.headers).status_code == 200
        assert client.get("/health").status_code == 200


def test_idempotent_replay_returns_first_result(
    client: TestClient, actors: Actors, db: Database
) -> None:
    admin = actors.make("ncb_admin", "FR")
    headers = {**admin.headers, "Idempotency-Key": "create-pa-1"}
    body = {"name": "Police aux frontières", "kind": "border"}
    first = client.post("/api/v1/agencies", headers=headers, json=body)
    second = client.post("/api/v1/agencies", headers=headers, json=body)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers.get("idempotent-replayed") == "true"
    assert _agencies(db, "Police aux frontières") == 1


def test_idempotency_key_with_different_payload_refused(
    client: TestClient, actors: Actors, db: Database
) -> None:
    admin = actors.make("ncb_admin", "FR")
    headers = {**admin.headers, "Idempotency-Key": "create-2"}
    assert (
        client.post(
            "/api/v1/agencies", headers=headers, json={"name": "Douane A", "kind": "customs"}
        ).status_code
        == 201
    )
    r = client.post(
        "/api/v1/agencies", headers=headers, json={"name": "Douane B", "kind": "customs"}
    )
    assert r.status_code == 422
    assert r.json()["code"] == "idempotency_key_reused"
    assert _agencies(db, "Douane B") == 0


def test_idempotency_keys_are_per_caller(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_admin", "FR")
    de = actors.make("ncb_admin", "DE")
    key = {"Idempotency-Key": "same-key"}
    a = client.post(
        "/api/v1/agencies",
        headers={**fr.headers, **key},
        json={"name": "Gendarmerie", "kind": "police"},
    )
    b = client.post(
        "/api/v1/agencies",
        headers={**de.headers, **key},
        json={"name": "Gendarmerie", "kind": "police"},
    )
    assert a.status_code == b.status_code == 201
    assert a.json()["country_code"] == "FR" and b.json()["country_code"] == "DE"


def test_failed_request_is_not_remembered(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    headers = {**admin.headers, "Idempotency-Key": "retry-after-fix"}
    bad = client.post("/api/v1/agencies", headers=headers, json={"name": "Z", "kind": "police"})
    assert bad.status_code == 422
    good = client.post("/api/v1/agencies", headers=headers, json={"name": "Z", "kind": "police"})
    assert good.status_code == 422  # same bad request, evaluated again, not replayed
    assert good.headers.get("idempotent-replayed") is None


def test_concurrent_replays_create_once(scratch_db: Database, settings: Settings) -> None:
    """Concurrent first attempts with one key: exactly one agency, every answer identical."""
    actors = Actors(scratch_db, settings)
    admin = actors.make("ncb_admin", "NL")
    app = create_app(settings, db=scratch_db)
    name = "Koninklijke Marechaussee"
    results: list[tuple[int, str]] = []

    def call() -> None:
        with TestClient(app) as client:
            r = client.post(
                "/api/v1/agencies",
                json={"name": name, "kind": "border"},
                headers={**admin.headers, "Idempotency-Key": "same-key"},
            )
            results.append((r.status_code, r.json().get("id", r.text)))

    threads = [threading.Thread(target=call) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {code for code, _ in results} == {201}, results
    assert len({body for _, body in results}) == 1
    assert _agencies(scratch_db, name) == 1


def test_metrics_exposed(client: TestClient) -> None:
    client.get("/health")
    r = client.get("/metrics")
    assert r.status_code == 200
    assert 'concord_http_requests_total{method="GET",route="/health",status="200"}' in r.text


def test_cors_only_for_listed_origins(db: Database, engine_url: str) -> None:
    app = create_app(make_settings(engine_url, cors_origins=["https://console.ncb.example"]), db=db)
    with TestClient(app) as client:
        ok = client.options(
            "/api/v1/members",
            headers={
                "Origin": "https://console.ncb.example",
                "Access-Control-Request-Method": "GET",
            },
        )
        assert ok.headers.get("access-control-allow-origin") == "https://console.ncb.example"
        bad = client.options(
            "/api/v1/members",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
        assert "access-control-allow-origin" not in bad.headers


def test_anonymous_access_only_to_public_routes(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/openapi.json").json()
    public = {"/health", "/ready", "/metrics", "/api/v1/auth/login"}
    for path, item in schema["paths"].items():
        for method in item:
            if path in public or path.startswith("/notices/v1/"):  # the public notices site
                continue
            url = path.replace("{", "").replace("}", "")
            r = client.request(method.upper(), url, json={})
            assert r.status_code == 401, (method, path, r.status_code)


def test_openapi_documents_problems(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    comps = schema["components"]["schemas"]
    assert "Problem" in comps
    assert "HTTPValidationError" not in comps
    op = schema["paths"]["/api/v1/agencies"]["post"]
    for status in ("401", "403", "422", "429"):
        assert op["responses"][status]["content"] == {
            PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
    assert all(not p.startswith("/console") for p in schema["paths"])


def test_nul_characters_are_bad_input(client: TestClient, actors: Actors, db: Database) -> None:
    """PostgreSQL cannot store NUL in text: the answer is a 422 on both engines' behalf, never
    a 500, and nothing is written."""
    r = client.post(
        "/api/v1/auth/login", json={"username": "ab\u0000cd", "password": "x", "totp": "123456"}
    )
    assert r.status_code in (401, 422), r.text
    admin = actors.make("ncb_admin", "FR")
    r = client.post(
        "/api/v1/agencies",
        headers=admin.headers,
        json={"name": "Nul\u0000agency", "kind": "police"},
    )
    assert r.status_code in (201, 422), r.text
    if r.status_code == 422:
        with db.session() as s:
            found = s.execute(
                select(func.count()).select_from(Agency).where(Agency.name.like("Nul%"))
            ).scalar_one()
        assert found == 0


def test_unknown_query_parameter_is_refused(client: TestClient, actors: Actors) -> None:
    """A misspelt filter is refused rather than ignored (which would answer every row)."""
    admin = actors.make("ncb_admin", "FR")
    r = client.get("/api/v1/records", params={"countyr": "FR"}, headers=admin.headers)
    assert r.status_code == 422
    assert "countyr" in r.json()["detail"]
    assert client.get("/api/v1/records", params={"limit": 5}, headers=admin.headers).is_success
    assert client.get("/notices/v1/red", params={"forename": "A", "bogus": "1"}).status_code == 422
    assert client.get("/notices/v1/red", params={"forename": "A"}).is_success


def test_a_single_valued_query_parameter_given_twice_is_refused(
    client: TestClient, actors: Actors
) -> None:
    """Found by schemathesis: ``?correspondent=&correspondent=DE`` used to answer for the last."""
    operator = actors.make("ncb_operator", "FR")
    r = client.get("/api/v1/messages?correspondent=&correspondent=DE", headers=operator.headers)
    assert r.status_code == 422
    assert "'correspondent' takes one value but was given 2" in r.json()["detail"]
    assert client.get("/notices/v1/red?name=A&name=B").status_code == 422
    assert client.get("/api/v1/messages?correspondent=DE", headers=operator.headers).is_success


def test_list_annotations_take_many_values() -> None:
    assert takes_many(list[str])
    assert takes_many(list[str] | None)
    assert takes_many(Annotated[set[int] | None, "meta"])
    assert not takes_many(str)
    assert not takes_many(str | None)
    assert not takes_many(int)
    assert not takes_many(Annotated[str, "meta"])
