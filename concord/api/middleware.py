"""Pure ASGI middleware: request ids, access logs and metrics, body size limit and body timeout
(rate limits are in :mod:`concord.api.ratelimit`)."""

from __future__ import annotations

import asyncio
import re
import time
import uuid

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from concord.api.problems import problem_body, problem_response
from concord.api.ratelimit import RateLimitMiddleware  # re-exported for the app
from concord.context import request_id_var
from concord.errors import PayloadTooLargeError

log = structlog.get_logger("concord.http")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of request header ``name`` (lower-case bytes), if any."""
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


async def _send_problem(
    send: Send,
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
) -> None:
    response = problem_response(
        problem_body(status=status, code=code, title=title, detail=detail), headers
    )
    await send(
        {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": response.raw_headers,
        }
    )
    await send({"type": "http.response.body", "body": response.body})


class Metrics:
    """Prometheus metrics of one app (its own registry: nothing global)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "concord_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "concord_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
        )


class RequestContextMiddleware:
    """Assigns a request id (or keeps a well-formed ``X-Request-ID``), logs, measures."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = (header(scope, b"x-request-id") or b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            route_path = getattr(route, "path", "unmatched")
            self.metrics.requests.labels(scope["method"], route_path, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route_path).observe(elapsed)
            log.info(
                "request",
                method=scope["method"],
                route=route_path,
                status=status,
                ms=round(elapsed * 1000, 2),
            )
            structlog.contextvars.unbind_contextvars("request_id")
            request_id_var.reset(token)


class BodyLimitMiddleware:
    """Refuses bodies larger than ``max_bytes`` with 413, before the route reads them.

    ``streamed`` names POST paths whose routes read the body as a stream (attachment uploads),
    with their own, larger limit: their bodies are never buffered here, a declared length
    over the limit is refused at once, and a chunked body is cut off at the limit."""

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, streamed: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.streamed = streamed or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.streamed.get(scope["path"]) if scope["method"] == "POST" else None
        if limit is not None:
            await self._streamed(scope, receive, send, limit)
            return
        length = header(scope, b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _send_problem(
                    send, 400, "bad_request", "Bad request", "Content-Length is not a number"
                )
                return
            if declared > self.max_bytes:
                await _send_problem(
                    send,
                    413,
                    "payload_too_large",
                    "Request body too large",
                    f"The body is {declared} bytes; at most {self.max_bytes}",
                )
                return
            await self.app(scope, receive, send)
            return
        if scope["method"] in {"GET", "HEAD", "OPTIONS", "DELETE"}:
            await self.app(scope, receive, send)
            return
        # Chunked body of unknown length: read it up to the limit, then hand it on.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send_problem(
                    send,
                    413,
                    "payload_too_large",
                    "Request body too large",
                    f"The body exceeds {self.max_bytes} bytes",
                )
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replay(b"".join(chunks), receive), send)

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        too_large = f"at most {limit:,} bytes ({limit / 2**20:.0f} MB) are accepted here"
        if header(scope, b"idempotency-key") is not None:
            # the unit of work would buffer the whole body to hash it
            await _send_problem(
                send,
                400,
                "bad_request",
                "Bad request",
                "Idempotency-Key is not accepted on a streamed upload: a retried upload "
                "only leaves an unsent file, deleted after a day",
            )
            return
        length = header(scope, b"content-length")
        if length is not None and not length.isdigit():
            await _send_problem(
                send, 400, "bad_request", "Bad request", "Content-Length is not a number"
            )
            return
        if length is not None and int(length) > limit:
            detail = f"The body is {length.decode('latin-1')} bytes; {too_large}"
            await _send_problem(send, 413, "payload_too_large", "Request body too large", detail)
            return
        size = 0

        async def counted() -> Message:
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            if size > limit:
                raise PayloadTooLargeError(f"The body exceeds {limit:,} bytes; {too_large}")
            return message

        await self.app(scope, counted, send)


class BodyTimeoutMiddleware:
    """Bounds the time a client may take to send its request body: 408 (and the connection
    closed) when it is slower than ``timeout`` seconds plus one second per ``min_rate`` bytes
    received. Once the body is complete (or the answer has started) nothing is timed: server-sent
    event streams keep listening for the client's disconnect."""

    def __init__(self, app: ASGIApp, *, timeout: float, min_rate: int) -> None:
        self.app = app
        self.timeout = timeout
        self.min_rate = min_rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.timeout <= 0:
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        start = loop.time()
        received = 0
        complete = started = timed_out = False

        async def timed_receive() -> Message:
            nonlocal received, complete, timed_out
            if complete or started or timed_out:
                return await receive()
            allowed = self.timeout + (received / self.min_rate if self.min_rate > 0 else 0.0)
            try:
                message = await asyncio.wait_for(receive(), start + allowed - loop.time())
            except TimeoutError:
                timed_out = True
                log.warning("request.body_timeout", received=received, seconds=round(allowed, 1))
                await _send_problem(
                    send,
                    408,
                    "request_timeout",
                    "Request timeout",
                    f"The request body did not arrive within {allowed:.0f} s",
                    {"Connection": "close"},
                )
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                complete = not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if timed_out:
                return  # the 408 is the answer
            started = True
            await send(message)

        try:
            await self.app(scope, timed_receive, guarded_send)
        except Exception:
            if not timed_out:
                raise


__all__ = [
    "BodyLimitMiddleware",
    "BodyTimeoutMiddleware",
    "Metrics",
    "RateLimitMiddleware",
    "RequestContextMiddleware",
    "header",
]


async def read_body(receive: Receive) -> tuple[bytes, bool | None]:
    """The whole request body, and False; (b"", None) if the client went away."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` whole, then whatever ``receive`` gives."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
