"""Rate limits: token buckets per bearer token, per console session, or per client address.

Who pays for a request:

- a request with a credential (``Authorization`` header, or the console's session cookie) pays
  from that credential's bucket, so two tokens behind one address (a border post's NAT) have
  separate budgets, and a token keeps its budget whatever address it comes from;
- a request without one, and every sign-in attempt (``POST /api/v1/auth/login``, the
  console's ``POST /signin``), pays from the bucket of its client address;
- a credential not yet seen to work also pays from its address's bucket, and stays on it
  until an answer shows it valid: inventing a new token per request buys no fresh budget.

The client address is the connection's peer: ``X-Forwarded-For`` counts only when the peer is
a trusted proxy (``CONCORD_TRUSTED_PROXIES``, applied before this middleware).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from concord.api.problems import problem_body, problem_response

LOGIN_PATHS = frozenset({"/api/v1/auth/login", "/signin"})
SESSION_COOKIE = b"concord_session="
_MAX_KEYS = 100_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class Limiter:
    """Token buckets of one limit: ``per_minute`` requests, refilled continuously."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.buckets: dict[str, _Bucket] = {}
        self.lock = threading.Lock()

    def _refill(self, key: str, now: float) -> _Bucket:
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) > _MAX_KEYS:
                self.buckets.clear()
            bucket = self.buckets[key] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        return bucket

    def take(self, *keys: str) -> float:
        """Take a token from each bucket named, all or none: 0 if allowed, else the seconds
        until every one of them has a token again."""
        now = self.clock()
        with self.lock:
            buckets = [self._refill(key, now) for key in keys]
            wait = max((1 - b.tokens) / self.rate for b in buckets)
            if wait > 0:
                return wait
            for bucket in buckets:
                bucket.tokens -= 1
            return 0.0


class _Proven:
    """Credential keys recently answered with something other than "not authenticated"."""

    def __init__(self) -> None:
        self.keys: OrderedDict[str, None] = OrderedDict()
        self.lock = threading.Lock()

    def __contains__(self, key: str) -> bool:
        with self.lock:
            return key in self.keys

    def add(self, key: str) -> None:
        with self.lock:
            self.keys[key] = None
            self.keys.move_to_end(key)
            if len(self.keys) > _MAX_KEYS:
                self.keys.popitem(last=False)

    def discard(self, key: str) -> None:
        with self.lock:
            self.keys.pop(key, None)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


def _session_cookie(scope: Scope) -> bytes | None:
    cookies = _header(scope, b"cookie")
    if not cookies:
        return None
    for part in cookies.split(b";"):
        part = part.strip()
        if part.startswith(SESSION_COOKIE) and len(part) > len(SESSION_COOKIE):
            return part[len(SESSION_COOKIE) :]
    return None


def _refused(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    """Was the credential refused? 401 on the API; a redirect to sign-in on the console."""
    if status == 401:
        return True
    if status in (302, 303, 307):
        location = dict(headers).get(b"location", b"")
        return location.startswith(b"/?next=")
    return False


class RateLimitMiddleware:
    """Token buckets per credential or client address, per process (see the module's doc).

    Screening (``/api/v1/screen...``) has its own, much higher limit: a border system sends
    every passenger through one token; everything else under ``/api`` and the console share
    ``per_minute``. The public notices API (``/notices/...``, unauthenticated) has a third
    limit, per client address whatever the headers say."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_minute: int,
        screening_per_minute: int = 0,
        public_per_minute: int = 0,
        is_web: Callable[[str], bool] = lambda path: False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.general = Limiter(per_minute, clock)
        self.screening = Limiter(screening_per_minute, clock)
        self.public = Limiter(public_per_minute, clock)
        self.is_web = is_web
        self.proven = _Proven()

    def _limiter(self, path: str) -> Limiter | None:
        if path.startswith("/notices/"):
            return self.public
        if path.startswith("/api/v1/screen"):
            return self.screening
        if path.startswith("/api/") or self.is_web(path):
            return self.general
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        limiter = self._limiter(path) if scope["type"] == "http" else None
        if limiter is None or limiter.capacity <= 0:
            await self.app(scope, receive, send)
            return
        client = scope.get("client") or ("unknown", 0)
        ip_key = f"ip:{client[0]}"
        credential = None
        if limiter is not self.public and path not in LOGIN_PATHS:
            credential = _header(scope, b"authorization") or _session_cookie(scope)
        if credential is None:
            keys = [ip_key]
        else:
            key = "cred:" + hashlib.sha256(credential).hexdigest()
            keys = [key] if key in self.proven else [key, ip_key]
        wait = limiter.take(*keys)
        if wait > 0:
            await _too_many(send, limiter, wait)
            return
        if credential is None:
            await self.app(scope, receive, send)
            return

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                if _refused(int(message["status"]), list(message.get("headers", []))):
                    self.proven.discard(keys[0])
                else:
                    self.proven.add(keys[0])
            await send(message)

        await self.app(scope, receive, watch)


async def _too_many(send: Send, limiter: Limiter, wait: float) -> None:
    retry = str(max(1, math.ceil(wait)))
    response = problem_response(
        problem_body(
            status=429,
            code="rate_limited",
            title="Too many requests",
            detail=f"Rate limit of {int(limiter.capacity)} requests a minute exceeded; "
            f"retry in {retry} s",
        ),
        {"Retry-After": retry},
    )
    await send({"type": "http.response.start", "status": 429, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})
