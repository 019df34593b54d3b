"""A short-lived cache of authenticated principals, for the hot paths (screening).

Resolving a bearer token costs a database round trip per request; at border speed (thousands
of screenings a second) that round trip, not the screening, would be the limit. A principal is
kept for ``ttl`` seconds per (token, client address): revoking a token, disabling an account
or suspending an agency takes effect on these paths within ``ttl`` (default 2 s, set by
``CONCORD_SCREENING_AUTH_CACHE_SECONDS``; 0 turns the cache off). Only successes are cached.

When an entry expires, the first request to notice is told to authenticate again, and the
others keep the expired principal while it does, for at most another half ``ttl``: without that,
every request in flight at that moment (dozens, under load) would go to the database at once.
A revocation therefore takes effect within one and a half ``ttl``; a failed refresh drops the entry.
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
        self.grace = ttl / 2
        self._clock = clock
        self._entries: dict[tuple[str, str | None], tuple[float, Principal]] = {}
        #: expired entries being refreshed, and since when
        self._refreshing: dict[tuple[str, str | None], float] = {}
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
        now = self._clock()
        age = now - entry[0]
        if age < self.ttl:
            return entry[1]
        with self._lock:
            claimed = self._refreshing.get(key)
            if age < self.ttl + self.grace and claimed is not None and now - claimed < self.grace:
                return entry[1]  # another request is refreshing it
            if age < self.ttl + self.grace:
                self._refreshing[key] = now  # this caller refreshes; the others wait on it
            else:
                self._entries.pop(key, None)
                self._refreshing.pop(key, None)
        return None

    def put(self, token: str, client: str | None, principal: Principal) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
                self._refreshing.clear()
            key = self._key(token, client)
            self._entries[key] = (self._clock(), principal)
            self._refreshing.pop(key, None)

    def drop(self, token: str, client: str | None) -> None:
        """Forget a token (it failed to authenticate): nobody keeps its expired principal."""
        with self._lock:
            key = self._key(token, client)
            self._entries.pop(key, None)
            self._refreshing.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._refreshing.clear()
