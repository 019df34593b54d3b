"""Security headers on every answer, API and console alike (errors and refusals included):
nosniff, frame denial (X-Frame-Options and CSP frame-ancestors), Referrer-Policy, a strict
CSP on console pages that the pages really keep to, HSTS only over TLS, and X-Forwarded-Proto
believed only from a trusted proxy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from concord.app import create_app
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import Actors


def _csp(r: Any) -> dict[str, list[str]]:
    policy = r.headers["content-security-policy"]
    directives = [d.split() for d in policy.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def _common(r: Any) -> None:
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert _csp(r)["frame-ancestors"] == ["'none'"]
    assert "strict-transport-security" not in r.headers  # plain HTTP
    assert "server" not in r.headers


def test_api_answers_carry_the_headers(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    answers = [
        client.get("/health"),
        client.get("/api/v1/auth/me", headers=admin.headers),
        client.get("/api/v1/auth/me"),  # 401
        client.get("/api/v1/no-such-thing", headers=admin.headers),  # 404
        client.post("/api/v1/agencies", headers=admin.headers, json={"name": 1}),  # 422
        client.get("/notices/v1/red"),  # public API
        client.get("/openapi.json"),
    ]
    for r in answers:
        _common(r)
        csp = _csp(r)
        assert csp["default-src"] == ["'none'"], r.url  # JSON loads nothing


def test_refusals_before_the_routes_carry_them_too(db: Database, engine_url: str) -> None:
    app = create_app(
        make_settings(engine_url, rate_limit_per_minute=1, max_request_bytes=1024), db=db
    )
    with TestClient(app) as c:
        too_big = c.post("/api/v1/auth/login", content=b"x" * 2000)
        assert too_big.status_code == 413
        c.post("/api/v1/auth/login", json={})
        limited = c.post("/api/v1/auth/login", json={})
        assert limited.status_code == 429
        for r in (too_big, limited):
            _common(r)


UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_console_pages_have_a_strict_policy_they_keep_to(
    client: TestClient, actors: Actors
) -> None:
    from tests.web.conftest import sign_in

    person = actors.user("ncb_admin", "FR")
    pages = [client.get("/"), client.get("/public/")]
    sign_in(client, person)
    for path in ("/console/", "/console/records", "/console/messages/compose", "/console/notices"):
        pages.append(client.get(path))
    for r in pages:
        assert r.status_code == 200, r.url
        _common(r)
        csp = _csp(r)
        for directive in ("script-src", "style-src", "connect-src", "form-action"):
            assert csp[directive] == ["'self'"], (r.url, directive)
        assert csp["default-src"] == ["'self'"]
        assert csp["object-src"] == csp["base-uri"] == ["'none'"]
        assert not UNSAFE & {s for d, v in csp.items() if d != "img-src" for s in v}
        assert r.headers["cache-control"] == "no-store"
        # The pages need nothing the policy forbids: no inline script, style or handler.
        assert not INLINE_SCRIPT.search(r.text), r.url
        assert not INLINE_STYLE.search(r.text), r.url


def test_hsts_only_over_tls(db: Database, engine_url: str) -> None:
    app = create_app(make_settings(engine_url), db=db)
    with TestClient(app, base_url="https://concord.example") as tls:
        for r in (tls.get("/health"), tls.get("/")):
            assert r.headers["strict-transport-security"].startswith("max-age=")
            assert int(r.headers["strict-transport-security"].split("=")[1]) >= 180 * 86400
    with TestClient(app) as plain:
        r = plain.get("/", headers={"X-Forwarded-Proto": "https"})  # forged: no proxy trusted
        assert "strict-transport-security" not in r.headers
        assert "secure" not in r.headers["set-cookie"].lower()


@pytest.mark.parametrize(("peer", "believed"), [("10.20.0.5", True), ("192.0.2.7", False)])
def test_forwarded_proto_from_trusted_proxy_only(
    db: Database, engine_url: str, peer: str, believed: bool
) -> None:
    app = create_app(make_settings(engine_url, trusted_proxies=["10.20.0.0/16"]), db=db)
    with TestClient(app, client=(peer, 5000)) as c:
        r = c.get("/", headers={"X-Forwarded-Proto": "https"})
        assert ("strict-transport-security" in r.headers) is believed
        assert ("; secure" in r.headers["set-cookie"].lower()) is believed
