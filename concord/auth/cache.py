"""A short-lived cache of authenticated principals, for the hot paths (screening).

Resolving a bearer token costs a database round trip per request; at border speed (thousands
of screenings a second) that round trip, not the screening, would be the limit. A principal is
kept for ``ttl`` seconds per (token, client address): revoking a token, disabling an account
or suspending an agency takes effect on these paths within ``ttl`` (default 2 s, set by
``CONCORD_SCREENING_AUTH_CACHE_SECONDS``; 0 turns the cache off). Only successes are cached.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from concord.auth.principal import Principal

MAX_ENTRIES = 10_000


class PrincipalCache:
    def __init__(self, ttl: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._entries: dict[tuple[str, str | None], tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(token: str, client: str | None) -> tuple[str, str | None]:
        return hashlib.sha256(token.encode("utf-8")).hexdigest(), client

    def get(self, token: str, client: str | None) -> Principal | None:
        if self.ttl <= 0:
            return None
        key = self._key(token, client)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() - entry[0] >= self.ttl:
            with self._lock:
                self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, token: str, client: str | None, principal: Principal) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[self._key(token, client)] = (self._clock(), principal)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
