"""A live Concord server with the demo dataset, and a real browser (the machine's Chromium
driven by Playwright), for the console's journeys.

- ``live``: the server (uvicorn in a thread, on a free loopback port) over a fresh database of
  the run's engine loaded with the demo (seed 7); one per engine and test session.
- ``browser``: headless Chromium (``CONCORD_CHROMIUM``, default ``/usr/bin/chromium``; started
  with ``--no-sandbox`` since tests may run as root).
- ``Live.page(username, ...)``: a browser page signed in as a demo person (signed in once per
  person and run: a TOTP code is accepted only once).
- ``shot(page, name)``: a screenshot under ``var/artifacts/screenshots/<engine>/``.
- ``serious_violations(page)``: axe-core's serious and critical findings on the page.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

import pyotp
import pytest
import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import make_url

from concord.app import create_app
from concord.bootstrap import prepare
from concord.db.database import Database, make_engine
from concord.demo import credentials
from concord.demo.load import load_demo
from tests.conftest import make_settings

SEED = 7
ARTIFACTS = Path(os.environ.get("CONCORD_ARTIFACTS", "var/artifacts")) / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 360, "height": 740}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    engine: str
    db: Database
    browser: Any = None
    _states: dict[str, Any] = field(default_factory=dict)

    def code(self, username: str) -> str:
        return str(pyotp.TOTP(credentials.totp_secret(SEED, username)).now())

    def context(self, *, lang: str = "en-GB", phone: bool = False, state: Any = None) -> Any:
        return self.browser.new_context(
            base_url=self.url,
            locale=lang,
            viewport=PHONE if phone else DESKTOP,
            storage_state=state,
        )

    def sign_in(self, page: Any, username: str) -> None:
        """Sign in through the form. A TOTP code is accepted once: if this person already
        signed in during the current 30-second step, wait for the next step and try again."""
        for _attempt in range(3):
            page.goto("/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(credentials.DEMO_PASSWORD)
            page.get_by_label("Code from your authenticator app").fill(self.code(username))
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
            if "/console/" in page.url:
                return
            time.sleep(30.5 - time.time() % 30)
        raise AssertionError(f"{username} could not sign in")

    def page(self, username: str, *, lang: str = "en-GB", phone: bool = False) -> Any:
        """A page signed in as ``username`` (sign-in done once per person, then reused)."""
        if username not in self._states:
            ctx = self.context()
            first = ctx.new_page()
            self.sign_in(first, username)
            self._states[username] = ctx.storage_state()
            ctx.close()
        ctx = self.context(lang=lang, phone=phone, state=self._states[username])
        return ctx.new_page()


def shot(page: Any, name: str, engine: str) -> Path:
    path = ARTIFACTS / engine / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found: list[dict[str, Any]] = results.response["violations"]
    return [v for v in found if v.get("impact") in ("serious", "critical")]


def _database(engine_url: str, tmp: Path) -> tuple[str, Any]:
    if engine_url.startswith("sqlite"):
        return f"sqlite:///{tmp / 'live.db'}", None
    name = f"concord_live_{uuid4().hex[:12]}"
    admin = make_engine(engine_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(engine_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module: Playwright's sync API keeps an event loop running in the
    main thread while it is open, which other tests (``anyio.run``) must not find."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CONCORD_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"no Chromium at {executable}: `make test` installs it (scripts/browser-deps)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def live(live_server: Live, browser: Any) -> Live:
    live_server.browser = browser
    return live_server


@pytest.fixture(scope="session")
def live_server(engine_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    url, drop = _database(engine_url, tmp_path_factory.mktemp("live"))
    settings = make_settings(url, messaging_webhook_interval_seconds=0)
    database = Database(make_engine(url))
    prepare(database)
    load_demo(database, settings, seed=SEED)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, db=database),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    engine = "sqlite" if url.startswith("sqlite") else "postgresql"
    try:
        yield Live(url=f"http://127.0.0.1:{port}", engine=engine, db=database)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        database.dispose()
        if drop is not None:
            drop()
