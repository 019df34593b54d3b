"""Rate limits, whole: per token, per client address for anonymous requests and sign-in
attempts (API and console), 429 problems whose Retry-After is the time until a slot frees,
recovery after it, screening's own limit, and X-Forwarded-For believed only from a trusted
proxy. The limiter reads an injected clock: nothing sleeps."""

from __future__ import annotations

from fastapi.testclient import TestClient

from concord.db.database import Database
from tests.factories import Actors
from tests.records import samples
from tests.security.helpers import FakeClock, app_with_clock, csrf_of

LOGIN = {"username": "nobody", "password": "wrong password", "totp": "123456"}


def _client(app, ip: str) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, client=(ip, 40000), follow_redirects=False)


def test_token_budget_retry_after_and_recovery(
    db: Database, engine_url: str, actors: Actors
) -> None:
    clock = FakeClock()
    app = app_with_clock(engine_url, db, clock, rate_limit_per_minute=3)
    a = actors.make("ncb_operator", "FR")
    b = actors.make("ncb_operator", "FR")
    with _client(app, "10.1.1.1") as here, _client(app, "10.2.2.2") as elsewhere:
        assert [here.get("/api/v1/auth/me", headers=a.headers).status_code for _ in range(3)] == [
            200,
            200,
            200,
        ]
        r = here.get("/api/v1/auth/me", headers=a.headers)
        assert r.status_code == 429
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "rate_limited"
        assert r.headers["retry-after"] == "20"  # 3 a minute: one slot every 20 s
        # The same token from another address has no fresh budget ...
        assert elsewhere.get("/api/v1/auth/me", headers=a.headers).status_code == 429
        # ... and another token from the same address has its own.
        assert here.get("/api/v1/auth/me", headers=b.headers).status_code == 200
        clock.advance(15)
        r = here.get("/api/v1/auth/me", headers=a.headers)
        assert (r.status_code, r.headers["retry-after"]) == (429, "5")
        clock.advance(4.5)
        r = here.get("/api/v1/auth/me", headers=a.headers)
        assert (r.status_code, r.headers["retry-after"]) == (429, "1")  # 0.5 s, rounded up
        clock.advance(0.5)
        assert here.get("/api/v1/auth/me", headers=a.headers).status_code == 200
        assert here.get("/api/v1/auth/me", headers=a.headers).status_code == 429  # one slot only
        clock.advance(60)  # a full minute refills the whole budget, never more
        codes = [here.get("/api/v1/auth/me", headers=a.headers).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]


def test_login_attempts_limited_per_address(db: Database, engine_url: str) -> None:
    clock = FakeClock()
    app = app_with_clock(engine_url, db, clock, rate_limit_per_minute=3)
    with _client(app, "10.3.3.3") as attacker, _client(app, "10.4.4.4") as other:
        codes = [attacker.post("/api/v1/auth/login", json=LOGIN).status_code for _ in range(3)]
        assert codes == [401, 401, 401]
        # Neither an invented token nor a forged X-Forwarded-For buys a fresh budget.
        for i in range(3):
            r = attacker.post(
                "/api/v1/auth/login",
                json=LOGIN,
                headers={"Authorization": f"Bearer invented-{i}", "X-Forwarded-For": f"1.2.3.{i}"},
            )
            assert r.status_code == 429
            assert r.headers["retry-after"] == "20"
        assert other.post("/api/v1/auth/login", json=LOGIN).status_code == 401
        clock.advance(20)
        assert attacker.post("/api/v1/auth/login", json=LOGIN).status_code == 401


def test_invented_tokens_spend_the_address_budget(
    db: Database, engine_url: str, actors: Actors
) -> None:
    """A token not yet seen to work is charged to its address too: guessing tokens, one per
    request, is limited like any anonymous client; a working token then has its own budget."""
    clock = FakeClock()
    app = app_with_clock(engine_url, db, clock, rate_limit_per_minute=3)
    real = actors.make("ncb_operator", "DE")
    with _client(app, "10.5.5.5") as c:
        codes = [
            c.get("/api/v1/auth/me", headers={"Authorization": f"Bearer guess-{i}"}).status_code
            for i in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        # The address is spent: even a real token's first request must wait for it ...
        assert c.get("/api/v1/auth/me", headers=real.headers).status_code == 429
        clock.advance(20)
        # ... once seen to work, the token spends only its own budget (two slots left).
        assert c.get("/api/v1/auth/me", headers=real.headers).status_code == 200
        assert c.get("/api/v1/auth/me", headers=real.headers).status_code == 200
        assert c.get("/api/v1/auth/me", headers={"Authorization": "Bearer g"}).status_code == 429


def test_console_sign_in_limited_per_address(db: Database, engine_url: str) -> None:
    clock = FakeClock()
    app = app_with_clock(engine_url, db, clock, rate_limit_per_minute=4)
    with _client(app, "10.6.6.6") as browser:
        page = browser.get("/")  # the form: one request of the budget
        assert page.status_code == 200
        form = {"csrf": csrf_of(page.text), "username": "nobody", "password": "x", "code": "1"}
        codes = [browser.post("/signin", data=form).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        browser.cookies.set("concord_session", "invented")  # a cookie buys nothing either
        r = browser.post("/signin", data=form)
        assert r.status_code == 429
        assert r.headers["retry-after"] == "15"


def test_console_pages_limited_per_session(db: Database, engine_url: str, actors: Actors) -> None:
    from tests.web.conftest import sign_in

    clock = FakeClock()
    app = app_with_clock(engine_url, db, clock, rate_limit_per_minute=5)
    one, two = actors.user("ncb_operator", "FR"), actors.user("ncb_operator", "FR")
    with _client(app, "10.7.7.7") as first, _client(app, "10.7.7.7") as second:
        sign_in(first, one)  # the form and the post: two of the address's five
        clock.advance(24)  # two slots back
        sign_in(second, two)
        clock.advance(60)
        codes = [first.get("/console/").status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        # The other session, behind the same address, still has its budget.
        assert second.get("/console/").status_code == 200


def test_screening_has_its_own_budget(db: Database, engine_url: str, actors: Actors) -> None:
    clock = FakeClock()
    app = app_with_clock(
        engine_url, db, clock, rate_limit_per_minute=2, screening_rate_limit_per_minute=4
    )
    officer = actors.make("border_officer", "FR")
    query = {"vin": samples.VEHICLE["vin"]}
    with _client(app, "10.8.8.8") as c:
        codes = [
            c.post("/api/v1/screen", json=query, headers=officer.headers).status_code
            for _ in range(5)
        ]
        assert codes[:4] == [200] * 4 and codes[4] == 429
        r = c.post("/api/v1/screen", json=query, headers=officer.headers)
        assert r.headers["retry-after"] == "15"
        # The general budget is untouched by screening.
        assert c.get("/api/v1/auth/me", headers=officer.headers).status_code == 200
        assert c.get("/api/v1/auth/me", headers=officer.headers).status_code == 200
        assert c.get("/api/v1/auth/me", headers=officer.headers).status_code == 429


def test_public_notices_limited_per_address_not_forwarded_for(
    db: Database, engine_url: str
) -> None:
    clock = FakeClock()
    app = app_with_clock(engine_url, db, clock, notices_public_rate_limit_per_minute=2)
    with _client(app, "10.9.9.9") as c, _client(app, "10.9.9.10") as other:
        codes = [
            c.get("/notices/v1/red", headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code
            for i in range(3)
        ]
        assert codes == [200, 200, 429]
        assert other.get("/notices/v1/red").status_code == 200
        clock.advance(30)
        assert c.get("/notices/v1/red").status_code == 200


def test_forwarded_for_believed_only_from_trusted_proxy(db: Database, engine_url: str) -> None:
    clock = FakeClock()
    app = app_with_clock(
        engine_url, db, clock, rate_limit_per_minute=2, trusted_proxies=["10.0.0.1"]
    )
    with _client(app, "10.0.0.1") as proxy, _client(app, "10.0.0.2") as direct:
        # Through the proxy, each client address has its own budget ...
        for client_ip in ("198.51.100.1", "198.51.100.2"):
            h = {"X-Forwarded-For": client_ip}
            codes = [
                proxy.post("/api/v1/auth/login", json=LOGIN, headers=h).status_code
                for _ in range(3)
            ]
            assert codes == [401, 401, 429]
        # ... a client that appends its own X-Forwarded-For is judged by the proxy's entry ...
        h = {"X-Forwarded-For": "203.0.113.9, 198.51.100.1"}
        assert proxy.post("/api/v1/auth/login", json=LOGIN, headers=h).status_code == 429
        # ... and from anyone else the header is ignored.
        codes = [
            direct.post(
                "/api/v1/auth/login", json=LOGIN, headers={"X-Forwarded-For": f"192.0.2.{i}"}
            ).status_code
            for i in range(3)
        ]
        assert codes == [401, 401, 429]
