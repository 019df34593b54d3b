"""The HTTP/1.1 protocol `concord serve` runs: uvicorn's httptools protocol, plus what it lacks
against slow or greedy clients.

uvicorn times out idle kept-alive connections, but not a request whose line and headers trickle
in (slowloris), nor a new connection that sends nothing, and httptools reads headers of any
size. Here each request's head must arrive within ``request_header_timeout_seconds`` of the
connection opening (or of the request's first byte on a kept-alive connection) and stay within
``max_request_header_bytes``; otherwise the connection gets 408 or 431 and is closed. Request
bodies are timed by :class:`concord.api.middleware.BodyTimeoutMiddleware`.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

import structlog
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from concord.settings import Settings

log = structlog.get_logger("concord.http")


@cache
def _limits() -> tuple[float, int]:
    """Read once per worker, from the same CONCORD_* environment the app factory reads."""
    settings = Settings()
    return settings.request_header_timeout_seconds, settings.max_request_header_bytes


def _plain(status: bytes, text: str) -> bytes:
    body = text.encode("ascii")
    return (
        b"HTTP/1.1 " + status + b"\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"content-length: " + str(len(body)).encode("ascii") + b"\r\n"
        b"connection: close\r\n\r\n" + body
    )


class HeadTooLargeError(Exception):
    """Raised in a parser callback to stop parsing a request already refused."""


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline and a size limit on each request's head."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.head_timeout, self.head_limit = _limits()
        self.head_timer: asyncio.TimerHandle | None = None
        self.in_head = False
        self.head_bytes = self.parsed_bytes = 0

    def _arm(self) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _disarm(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def send_400_response(self, msg: str) -> None:
        if not self.transport.is_closing():  # not after a 408 or 431 of ours
            super().send_400_response(msg)

    def _refuse(self, status: bytes, text: str) -> None:
        self._disarm()
        self.in_head = False
        if not self.transport.is_closing():
            log.warning("request.refused", status=status.decode(), client=self.client)
            self.transport.write(_plain(status, text))
            self.transport.close()

    def _head_timed_out(self) -> None:
        self.head_timer = None
        if self.transport.is_closing():
            return
        if self.in_head:
            self._refuse(b"408 Request Timeout", "Request headers took too long")
        elif self.cycle is None:  # connected, and never sent a byte
            self.transport.close()

    # asyncio protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.in_head:  # still within a request's head after this chunk
            self.head_bytes += len(data)
            if self.head_bytes > self.head_limit:
                self._refuse(b"431 Request Header Fields Too Large", "Request headers too large")

    # parser callbacks
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.in_head = True
        self.head_bytes = self.parsed_bytes = 0
        self._arm()

    def on_url(self, url: bytes) -> None:
        self.parsed_bytes += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self.parsed_bytes += len(name) + len(value) + 4
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self.in_head = False
        self._disarm()
        if self.parsed_bytes > self.head_limit:  # a whole oversized head in one chunk
            self._refuse(b"431 Request Header Fields Too Large", "Request headers too large")
            raise HeadTooLargeError  # stops the parser: this request is never run
        super().on_headers_complete()
