"""Web console fixtures: signing in through the real form (password + TOTP + CSRF)."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, Actor, Actors

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, actor: Actor, *, password: str = PASSWORD, step: int = 0) -> None:
    """Sign ``actor`` (made with ``actors.user``) in through the sign-in form. A code is
    accepted once: a second sign-in within 30 s uses the next step's code (``step=1``)."""
    assert actor.totp_secret, "only people (actors.user) sign in to the console"
    page = client.get("/")
    assert page.status_code == 200
    answer = client.post(
        "/signin",
        data={
            "csrf": csrf_of(page.text),
            "username": actor.principal.username,
            "password": password,
            "code": pyotp.TOTP(actor.totp_secret).at(time.time() + 30 * step),
            "next": "/console/",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/console/"


@pytest.fixture
def web(app) -> TestClient:  # type: ignore[no-untyped-def]
    """A browser-like client (cookies kept, redirects not followed by default)."""
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def signed_in(web: TestClient, actors: Actors):  # type: ignore[no-untyped-def]
    """``signed_in("ncb_operator", "FR")``: a person of that role signed in on ``web``."""

    def make(role: str, country: str | None = None) -> Actor:
        actor = actors.user(role, country)
        sign_in(web, actor)
        return actor

    return make


from tests.web.live import browser, live, live_server  # noqa: E402, F401 - fixtures for the browser tests
