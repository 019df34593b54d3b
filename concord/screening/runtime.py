"""The screening machinery of one process: the index, its loader, the journal and the cache of
authenticated principals, created by ``create_app`` and started with the application.

Two modes, from ``screening_refresh_seconds``:

- above 0 (production): the index is built in a background thread at start-up (health checks
  answer meanwhile; readiness reports the build) and kept current by polling the change feed;
  screenings are committed by the group-commit :class:`~.journal.Journal`;
- 0 (tests, small tools): no background thread; each screening first applies the changes made
  since the last one, so it sees every committed record, and commits on its own.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from anyio import to_thread
from sqlalchemy.orm import Session

from concord.auth import service as auth_service
from concord.auth.cache import PrincipalCache
from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.db.database import Database
from concord.errors import NotReadyError
from concord.screening import engine
from concord.screening.index import IndexLoader, IndexState, InMemoryIndex, Viewer
from concord.screening.journal import Journal
from concord.screening.persist import Screening, persist
from concord.screening.schemas import ScreenQuery, ScreenResult
from concord.settings import Settings


@dataclass
class ScreeningRuntime:
    db: Database
    settings: Settings

    def __post_init__(self) -> None:
        self.index = InMemoryIndex()
        self.loader = IndexLoader(self.db, self.settings, self.index)
        # 2 ms to gather concurrent screenings into one commit: fewer commits, each blocking
        # the event loop for a few milliseconds, under steady load.
        self.journal = Journal(self.db, gather_seconds=0.002)
        self.principals = PrincipalCache(self.settings.screening_auth_cache_seconds)
        self.synchronous = self.settings.screening_refresh_seconds <= 0

    def start(self) -> None:
        if not self.synchronous:
            # Threads (the index's poller, name screenings in the thread pool) hand the GIL
            # back and forth with the event loop; at Python's default 5 ms switch interval
            # each hand-back can stall the loop's work by 5 ms under load.
            sys.setswitchinterval(0.001)
            self.loader.start()

    async def stop(self) -> None:
        self.loader.stop()
        await self.journal.close()

    def state(self) -> IndexState:
        return self.index.state()

    def authenticate(self, token: str, client: str | None) -> Principal:
        """Resolve a token from the database and cache it for a few seconds (see
        :mod:`concord.auth.cache`; callers look in the cache first)."""
        try:
            with self.db.session() as session:
                principal = auth_service.authenticate(
                    session, token=token, client_ip=client, settings=self.settings
                )
                session.commit()
        except Exception:
            self.principals.drop(token, client)
            raise
        self.principals.put(token, client, principal)
        return principal

    def purpose(self, query: ScreenQuery, default: str | None, principal: Principal) -> str:
        if query.purpose is not None:
            return str(query.purpose)
        return default or principal.default_purpose or self.settings.screening_default_purpose

    def run(
        self, principal: Principal, queries: Sequence[ScreenQuery], purpose: str | None = None
    ) -> list[Screening]:
        """Screen ``queries`` against the index (CPU only; call from a worker thread)."""
        if self.synchronous:
            self.loader.refresh()
        state = self.index.state()
        if state.status != "ready":
            raise NotReadyError(
                f"The screening index is {state.status} ({state.progress:.0%} of "
                f"{state.records:,} records); try again shortly"
            )
        now = clock_now(self.settings)
        viewer = Viewer(country=principal.country, now=now)
        return [
            Screening(
                principal=principal,
                purpose=self.purpose(q, purpose, principal),
                searched=q.searched(),
                outcome=engine.screen(self.index, q, viewer),
                at=now,
                reference=q.reference,
            )
            for q in queries
        ]

    async def screen_in(
        self,
        session: Session,
        principal: Principal,
        queries: Sequence[ScreenQuery],
        purpose: str | None = None,
    ) -> list[ScreenResult]:
        """Screen ``queries`` and write them in ``session``, left for its owner to commit: a
        request with an Idempotency-Key, whose unit of work commits the screenings together
        with the answer it replays (never one without the other)."""
        screenings = await to_thread.run_sync(self.run, principal, queries, purpose)
        return await to_thread.run_sync(persist, session, screenings)

    def commit(self, screenings: Sequence[Screening]) -> list[ScreenResult]:
        """Persist ``screenings`` in one transaction of their own (CLI, synchronous mode)."""
        with self.db.session() as session:
            results = persist(session, screenings)
            session.commit()
        return results

    async def screen(
        self, principal: Principal, queries: Sequence[ScreenQuery], purpose: str | None = None
    ) -> list[ScreenResult]:
        if self.synchronous or any(q.person or q.mrz for q in queries) or len(queries) > 20:
            screenings = await to_thread.run_sync(self.run, principal, queries, purpose)
        else:  # exact identifiers only: microseconds of numpy, cheaper than a thread hop
            screenings = self.run(principal, queries, purpose)
        if self.synchronous:
            return await to_thread.run_sync(self.commit, screenings)
        return await self.journal.write(screenings)
