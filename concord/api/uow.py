"""One database transaction per API request, committed before the response leaves.

The middleware opens the request's session lazily, lets the route run, buffers the response,
and commits only if the response is a success (or the error asked to keep its changes). The
client therefore never receives an acknowledgement for a write that was not committed, and a
failed request leaves nothing behind.

Requests sent with an ``Idempotency-Key`` header are recorded in the same transaction as their
effects: a replay returns the first answer, the same key with a different request is refused
(422), and of two concurrent first attempts only one commits; the other replays its answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import structlog
from anyio import CapacityLimiter, to_thread
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from concord.api.middleware import replay
from concord.api.models import IdempotencyRecord
from concord.api.problems import problem_body, problem_response
from concord.audit.service import discard_pending
from concord.db.base import utcnow
from concord.db.database import Database

log = structlog.get_logger("concord.api")
MAX_KEY = 255


class UnitOfWork:
    """The request's session, created on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._session: Session | None = None
        self.keep_on_error = False
        #: Denied attempts to audit once the request's own changes are rolled back.
        self.denials: list[Callable[[Session], None]] = []
        #: (scope, key, request hash) of the request's Idempotency-Key, if it has one
        self.idempotency: tuple[str, str, str] | None = None
        #: the route stored the answer to replay itself, in the transaction of its effects
        #: (a group commit: see :mod:`concord.messaging.journal`)
        self.idempotency_stored = False

    def idempotency_row(
        self, status_code: int, content_type: str, body: bytes
    ) -> dict[str, Any] | None:
        """The row recording this request's answer under its Idempotency-Key (None without
        one), for a route that commits its effects outside this unit of work: it inserts the
        row in the same transaction, then sets :attr:`idempotency_stored`."""
        if self.idempotency is None:
            return None
        scope, key, request_hash = self.idempotency
        return {
            "scope": scope,
            "key": key,
            "request_hash": request_hash,
            "status_code": status_code,
            "content_type": content_type,
            "body": body,
            "created_at": utcnow(),
        }

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self.db.session()
        return self._session

    @property
    def used(self) -> bool:
        return self._session is not None

    def commit(self) -> None:
        if self._session is not None:
            self._session.commit()

    def rollback(self) -> None:
        if self._session is not None:
            discard_pending(self._session)
            self._session.rollback()

    def write_denials(self) -> None:
        """Audit denied attempts in a fresh transaction after the rollback."""
        if not self.denials:
            return
        session = self.session
        for write in self.denials:
            write(session)
        self.denials.clear()
        session.commit()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _scope_key(scope: Scope) -> str:
    auth = _header(scope, b"authorization") or ""
    client = scope.get("client") or ("", 0)
    basis = auth if auth else f"anonymous:{client[0]}"
    return hashlib.sha256(basis.encode()).hexdigest()


class UnitOfWorkMiddleware:
    def __init__(
        self, app: ASGIApp, *, ttl_hours: int, also: Callable[[str], bool] | None = None
    ) -> None:
        self.app = app
        self.ttl = timedelta(hours=ttl_hours)
        #: Paths besides ``/api/`` that run in a unit of work (the web console's pages).
        self.also = also or (lambda path: False)
        self._release_limiter: CapacityLimiter | None = None

    def _releasing(self) -> CapacityLimiter:
        """Threads of their own for commits, rollbacks and closes. A transaction holds its
        connection (on SQLite, the process's write lock) until then; if its release queued
        behind requests filling the shared worker threads while they wait for that very lock,
        nothing would move until the lock's timeout (found by bench/loadtest.py)."""
        if self._release_limiter is None:
            self._release_limiter = CapacityLimiter(8)
        return self._release_limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"] if scope["type"] == "http" else ""
        if not path.startswith("/api/") and not self.also(path):
            await self.app(scope, receive, send)
            return
        db: Database = scope["app"].state.db
        uow = UnitOfWork(db)
        scope.setdefault("state", {})["uow"] = uow
        key = _header(scope, b"idempotency-key") if scope["method"] == "POST" else None
        try:
            if key is not None:
                await self._idempotent(scope, receive, send, uow, key)
            else:
                await self._plain(scope, receive, send, uow)
        finally:
            if uow.used:
                await to_thread.run_sync(uow.close, limiter=self._releasing())

    async def _run(
        self, scope: Scope, receive: Receive, send: Send, uow: UnitOfWork
    ) -> tuple[list[Message], int, bool]:
        """Run the route, buffering its response. A server-sent-event stream or a file download
        (``Content-Disposition: attachment``) is not buffered: what the route did before it
        started streaming is committed, then the stream flows."""
        messages: list[Message] = []
        status = 500
        streaming = False

        async def capture(message: Message) -> None:
            nonlocal status, streaming
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = dict(message.get("headers", []))
                ctype = headers.get(b"content-type", b"")
                download = headers.get(b"content-disposition", b"").startswith(b"attachment")
                if ctype.startswith(b"text/event-stream") or download:
                    streaming = True
                    await self._finish(uow, status)
            if streaming:
                await send(message)
            else:
                messages.append(message)

        try:
            await self.app(scope, receive, capture)
        except BaseException:
            if uow.used:
                await to_thread.run_sync(uow.rollback, limiter=self._releasing())
            raise
        return messages, status, streaming

    async def _finish(
        self, uow: UnitOfWork, status: int, extra: Any = None
    ) -> dict[str, Any] | None:
        """Commit or roll back. Returns a problem body if the commit itself failed."""
        if not uow.used and extra is None and not uow.denials:
            return None  # nothing touched the database: no thread hop needed
        success = 200 <= status < 400 or uow.keep_on_error
        return await to_thread.run_sync(
            self._finish_sync, uow, success, extra, limiter=self._releasing()
        )

    @staticmethod
    def _finish_sync(uow: UnitOfWork, success: bool, extra: Any) -> dict[str, Any] | None:
        if not success:
            uow.rollback()
            uow.write_denials()
            return None
        try:
            if extra is not None:
                uow.session.add(extra)
            uow.commit()
        except IntegrityError as exc:
            uow.rollback()
            if extra is not None and "idempotency" in str(exc.orig).lower():
                raise _ConcurrentDuplicateError from exc
            log.warning("commit_conflict", error=str(exc.orig))
            return problem_body(
                status=409,
                code="conflict",
                title="Conflict",
                detail="The change conflicts with data written concurrently",
            )
        except OperationalError as exc:
            uow.rollback()
            log.error("commit_failed", error=str(exc.orig))
            return problem_body(
                status=503,
                code="database_unavailable",
                title="Database unavailable",
                detail="The change was not saved; retry later",
            )
        finally:
            uow.close()
        return None

    async def _plain(self, scope: Scope, receive: Receive, send: Send, uow: UnitOfWork) -> None:
        messages, status, streaming = await self._run(scope, receive, send, uow)
        if streaming:
            return
        problem = await self._finish(uow, status)
        await _send_all(send, messages, problem)

    async def _idempotent(
        self, scope: Scope, receive: Receive, send: Send, uow: UnitOfWork, key: str
    ) -> None:
        if not key or len(key) > MAX_KEY:
            body = problem_body(
                status=422,
                code="validation_failed",
                title="Invalid input",
                detail=f"Idempotency-Key must be 1..{MAX_KEY} characters",
            )
            await _send_all(send, [], body)
            return
        body_bytes = await _read_body(receive)
        request_hash = hashlib.sha256(
            b"\n".join(
                [
                    scope["method"].encode(),
                    scope["path"].encode(),
                    scope.get("query_string", b""),
                    body_bytes,
                ]
            )
        ).hexdigest()
        owner = _scope_key(scope)
        if await self._replay(send, uow.db, owner, key, request_hash):
            return
        replay_receive = replay(body_bytes, _disconnected)
        uow.idempotency = (owner, key, request_hash)
        messages, status, streaming = await self._run(scope, replay_receive, send, uow)
        if streaming:
            return
        record = None
        if 200 <= status < 300 and not uow.idempotency_stored:
            start = next(m for m in messages if m["type"] == "http.response.start")
            ctype = dict(start.get("headers", [])).get(b"content-type", b"").decode() or None
            record = IdempotencyRecord(
                scope=owner,
                key=key,
                request_hash=request_hash,
                status_code=status,
                content_type=ctype,
                body=b"".join(
                    m.get("body", b"") for m in messages if m["type"] == "http.response.body"
                ),
                created_at=utcnow(),
            )
        try:
            problem = await self._finish(uow, status, record)
        except _ConcurrentDuplicateError:
            if await self._replay(send, uow.db, owner, key, request_hash):
                return
            problem = problem_body(
                status=409,
                code="idempotency_in_progress",
                title="Request in progress",
                detail="A request with this Idempotency-Key is being processed",
            )
        stored = record is not None or uow.idempotency_stored
        if (not stored or problem is not None) and await self._replay(
            send, uow.db, owner, key, request_hash
        ):
            # A concurrent first attempt with this key won while this one ran (and failed,
            # e.g. on the winner's own uniqueness check): answer what the winner answered.
            return
        await _send_all(send, messages, problem)

    async def _replay(
        self, send: Send, db: Database, owner: str, key: str, request_hash: str
    ) -> bool:
        def lookup() -> IdempotencyRecord | None:
            with db.session() as s:
                return s.execute(
                    select(IdempotencyRecord).where(
                        IdempotencyRecord.scope == owner,
                        IdempotencyRecord.key == key,
                        IdempotencyRecord.created_at > utcnow() - self.ttl,
                    )
                ).scalar_one_or_none()

        found = await to_thread.run_sync(lookup)
        if found is None:
            return False
        if found.request_hash != request_hash:
            body = problem_body(
                status=422,
                code="idempotency_key_reused",
                title="Idempotency-Key reused with a different request",
                detail="This Idempotency-Key was already used for a different "
                "request; use a new key",
            )
            await _send_all(send, [], body)
            return True
        headers = [(b"idempotent-replayed", b"true")]
        if found.content_type:
            headers.append((b"content-type", found.content_type.encode()))
        headers.append((b"content-length", str(len(found.body)).encode()))
        await send({"type": "http.response.start", "status": found.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": found.body})
        return True


class _ConcurrentDuplicateError(Exception):
    pass


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _disconnected() -> Message:
    """What a request whose body was read whole receives next: the end."""
    return {"type": "http.disconnect"}


async def _send_all(send: Send, messages: list[Message], problem: dict[str, Any] | None) -> None:
    if problem is not None:
        response = problem_response(problem)
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": response.raw_headers,
            }
        )
        await send({"type": "http.response.body", "body": response.body})
        return
    for message in messages:
        await send(message)
