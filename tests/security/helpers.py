"""Shared by the abuse-control tests: a clock the rate limiter reads, and apps built with it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI

from concord.api.ratelimit import RateLimitMiddleware
from concord.app import create_app
from concord.db.database import Database
from tests.conftest import make_settings

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


@dataclass
class FakeClock:
    """Monotonic seconds that move only when the test says so."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def app_with_clock(engine_url: str, db: Database, clock: FakeClock, **overrides: object) -> FastAPI:
    """The real app, its rate limiter reading ``clock`` (set before the first request builds
    the middleware stack)."""
    app = create_app(make_settings(engine_url, **overrides), db=db)
    found = [m for m in app.user_middleware if m.cls is RateLimitMiddleware]
    assert len(found) == 1
    found[0].kwargs["clock"] = clock
    return app


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)
