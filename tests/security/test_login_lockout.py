"""Login lockout, whole, through the API and the console's sign-in form: N failures lock the
account for the configured time, the right password is refused meanwhile, the lock expires,
every failure, the lock and each refused attempt are audited, and an unknown username is
answered exactly like a wrong password."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from concord.app import create_app
from concord.audit.models import AuditEvent, AuditPayload
from concord.auth.models import Account
from concord.db.base import utcnow
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import PASSWORD, Actor, Actors
from tests.security.helpers import csrf_of

FAILURES, MINUTES = 3, 7


@pytest.fixture
def browser(db: Database, engine_url: str):  # type: ignore[no-untyped-def]
    settings = make_settings(engine_url, login_max_failures=FAILURES, login_lockout_minutes=MINUTES)
    with TestClient(create_app(settings, db=db), follow_redirects=False) as c:
        yield c


def _api_login(client: TestClient, username: str, password: str, code: str) -> Any:
    body = {"username": username, "password": password, "totp": code}
    return client.post("/api/v1/auth/login", json=body)


def _form_login(client: TestClient, username: str, password: str, code: str) -> Any:
    page = client.get("/")
    form = {"csrf": csrf_of(page.text), "username": username, "password": password, "code": code}
    return client.post("/signin", data=form)


def _events(db: Database, account_id: str) -> list[tuple[str, dict[str, Any]]]:
    with db.session() as s:
        rows = s.execute(
            select(AuditEvent.outcome, AuditPayload.data)
            .outerjoin(AuditPayload, AuditPayload.seq == AuditEvent.seq)
            .where(AuditEvent.action == "auth.login", AuditEvent.actor_id == account_id)
            .order_by(AuditEvent.seq)
        ).all()
    return [(outcome, json.loads(data) if data else {}) for outcome, data in rows]


def _locked_until(db: Database, account_id: str) -> Any:
    with db.session() as s:
        account = s.get(Account, account_id)
        assert account is not None
        return account.locked_until


@pytest.mark.parametrize("via", ["api", "console"])
def test_lock_refuse_expire_and_audit(
    browser: TestClient, actors: Actors, db: Database, via: str
) -> None:
    login = _api_login if via == "api" else _form_login
    person: Actor = actors.user("ncb_operator", "PT")
    assert person.totp_secret
    name, totp = person.principal.username, pyotp.TOTP(person.totp_secret)
    before = utcnow()
    for _ in range(FAILURES):
        assert login(browser, name, "not the password", totp.now()).status_code == 401
    after = utcnow()
    until = _locked_until(db, person.account_id)
    assert until is not None
    until = until.replace(tzinfo=before.tzinfo) if until.tzinfo is None else until
    lock = timedelta(minutes=MINUTES)
    assert before + lock <= until <= after + lock  # locked for the configured time

    # The right password and code are refused while locked, on both ways in.
    for way in (_api_login, _form_login):
        r = way(browser, name, PASSWORD, totp.now())
        assert r.status_code == 401  # the same answer as any failure
        if way is _api_login:
            assert r.json()["code"] == "login_failed"
            assert "retry-after" not in r.headers
        else:
            assert "Unknown username, wrong password or wrong code." in r.text
            assert "concord_session" not in r.headers.get("set-cookie", "")

    events = _events(db, person.account_id)
    assert len(events) == FAILURES + 2  # nothing else, nothing missing
    failed = [p["reason"] for o, p in events if o == "failed"]
    assert failed == ["bad_credentials"] * (FAILURES - 1) + ["locked_now"]
    assert [p["reason"] for o, p in events if o == "denied"] == ["locked", "locked"]

    # The lock expires: move it to a second ago, as the clock would.
    with db.transaction() as s:
        s.execute(
            update(Account)
            .where(Account.id == person.account_id)
            .values(locked_until=utcnow() - timedelta(seconds=1))
        )
    r = login(browser, name, PASSWORD, totp.now())
    assert r.status_code == (200 if via == "api" else 303)
    assert _locked_until(db, person.account_id) is None
    assert _events(db, person.account_id)[-1][0] == "ok"


def test_failures_below_the_limit_are_forgotten_after_success(
    browser: TestClient, actors: Actors, db: Database
) -> None:
    person = actors.user("ncb_operator", "PT")
    assert person.totp_secret
    name, totp = person.principal.username, pyotp.TOTP(person.totp_secret)
    for _ in range(FAILURES - 1):
        assert _api_login(browser, name, "wrong", totp.now()).status_code == 401
    assert _api_login(browser, name, PASSWORD, totp.now()).status_code == 200
    # A fresh count: FAILURES - 1 more failures do not lock.
    for _ in range(FAILURES - 1):
        assert _api_login(browser, name, "wrong", "000000").status_code == 401
    assert _locked_until(db, person.account_id) is None


def _problem(r: Any) -> tuple[int, str, str, str, str]:
    body = r.json()
    return (
        r.status_code,
        body["code"],
        body["title"],
        body["detail"],
        r.headers.get("retry-after", ""),
    )


def test_unknown_user_answered_like_wrong_password(browser: TestClient, actors: Actors) -> None:
    person = actors.user("ncb_operator", "PT")
    assert person.totp_secret
    code = pyotp.TOTP(person.totp_secret).now()
    wrong = _api_login(browser, person.principal.username, "wrong password", code)
    unknown = _api_login(browser, "no-such-user-anywhere", "wrong password", code)
    assert _problem(wrong) == _problem(unknown)
    assert wrong.status_code == 401
    page_wrong = _form_login(browser, person.principal.username, "wrong password", code)
    page_unknown = _form_login(browser, "no-such-user-anywhere", "wrong password", code)
    assert page_wrong.status_code == page_unknown.status_code == 401
    assert "Unknown username, wrong password or wrong code." in page_wrong.text
    assert "Unknown username, wrong password or wrong code." in page_unknown.text


def test_lockout_does_not_reveal_which_usernames_exist(browser: TestClient, actors: Actors) -> None:
    person = actors.user("ncb_operator", "PT")
    answers = []
    for name in (person.principal.username, "no-such-user-anywhere"):
        for _ in range(FAILURES):
            _api_login(browser, name, "wrong password", "123456")
        answers.append(_problem(_api_login(browser, name, "wrong password", "123456")))
    assert answers[0] == answers[1]
