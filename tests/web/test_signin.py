"""Sign-in with password and TOTP, CSRF on every form, sign-out (here and everywhere),
idle timeout, redirects, security headers and HTML error pages."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select

from concord.audit.models import AuditEvent
from concord.auth.models import ApiToken
from concord.db.database import Database
from tests.factories import Actors
from tests.web.conftest import csrf_of, sign_in


def test_console_needs_sign_in_and_returns_there_after(web: TestClient, actors: Actors) -> None:
    answer = web.get("/console/?box=FR")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/?next=/console/%3Fbox%3DFR"
    page = web.get(answer.headers["location"])
    assert 'name="next" value="/console/?box=FR"' in page.text


def test_sign_in_with_password_and_code(web: TestClient, actors: Actors) -> None:
    person = actors.user("ncb_operator", "FR")
    sign_in(web, person)
    cookie = next(c for c in web.cookies.jar if c.name == "concord_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    home = web.get("/console/")
    assert home.status_code == 200
    assert person.principal.username in home.text
    assert "Sign out" in home.text


def test_wrong_code_is_refused_and_counted(web: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "FR")
    page = web.get("/")
    code = pyotp.TOTP(person.totp_secret or "").now()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answer = web.post(
        "/signin",
        data={
            "csrf": csrf_of(page.text),
            "username": person.principal.username,
            "password": "correct horse battery staple",
            "code": wrong,
        },
    )
    assert answer.status_code == 401
    assert "wrong password or wrong code" in answer.text
    assert "concord_session" not in web.cookies
    with db.session() as s:
        outcomes = s.execute(
            select(AuditEvent.outcome).where(
                AuditEvent.action == "auth.login", AuditEvent.object_id == person.account_id
            )
        ).scalars()
        assert "failed" in list(outcomes)


def test_a_form_without_its_csrf_token_is_refused(web: TestClient, actors: Actors) -> None:
    person = actors.user("ncb_operator", "FR")
    web.get("/")
    answer = web.post(
        "/signin",
        data={
            "csrf": "0" * 64,
            "username": person.principal.username,
            "password": "correct horse battery staple",
            "code": pyotp.TOTP(person.totp_secret or "").now(),
        },
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("text/html")
    assert "csrf_failed" in answer.text


def test_sign_out_everywhere_ends_every_session(
    app: object, web: TestClient, actors: Actors, db: Database
) -> None:
    person = actors.user("ncb_admin", "DE")
    sign_in(web, person)
    with TestClient(app, follow_redirects=False) as other:  # type: ignore[arg-type]
        sign_in(other, person, step=1)
        home = web.get("/console/")
        out = web.post("/signout-everywhere", data={"csrf": csrf_of(home.text)})
        assert out.status_code == 303
        assert other.get("/console/").status_code == 303  # the other browser is out too
    assert web.get("/console/").status_code == 303
    with db.session() as s:
        live = s.execute(
            select(ApiToken).where(
                ApiToken.account_id == person.account_id, ApiToken.revoked_at.is_(None)
            )
        ).all()
        assert live == []


def test_idle_session_expires(web: TestClient, actors: Actors, db: Database) -> None:
    person = actors.user("ncb_operator", "FR")
    sign_in(web, person)
    with db.transaction() as s:
        token = s.execute(
            select(ApiToken).where(ApiToken.account_id == person.account_id)
        ).scalar_one()
        token.last_used_at = token.last_used_at - timedelta(hours=5)
    assert web.get("/console/").status_code == 303


def test_next_never_leaves_the_site(web: TestClient, actors: Actors) -> None:
    page = web.get("/?next=//evil.example/x")
    assert 'name="next" value="/console/"' in page.text
    answer = web.get("/lang/fr?next=https://evil.example/")
    assert answer.headers["location"] == "/"


def test_pages_carry_security_headers(web: TestClient) -> None:
    page = web.get("/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"


def test_unknown_console_page_is_an_html_404(web: TestClient, signed_in) -> None:  # type: ignore[no-untyped-def]
    signed_in("ncb_operator", "FR")
    answer = web.get("/console/no-such-page")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    api = web.get("/api/v1/no-such-thing")
    assert api.headers["content-type"].startswith("application/problem+json")
