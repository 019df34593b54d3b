"""The border's hot path: ``POST /api/v1/screen`` answered below FastAPI's routing.

FastAPI's route matching, dependency solving and response validation cost about as much per
request as screening a document does, several times over. This ASGI middleware sits inside the
request-id, rate-limit and body-limit middleware (so those still apply) and answers the common
case directly: a known token (in the principal cache) with the ``screen`` permission, a valid
JSON query, an index that is ready. It runs exactly the same code as the route
(:meth:`ScreeningRuntime.screen`: the same engine, the same group-commit audit).

Everything else falls through to the FastAPI route with the request body replayed: a token not
seen in the last seconds (the route authenticates and caches it), a body that fails validation
(the route answers the precise 422 problem), a missing permission, an ``Idempotency-Key`` (the
unit of work replays the first answer, and commits the screening with it), a failure before the
screening was committed. Nothing is ever committed twice: a failure in the journal means
nothing was committed, and the route then screens once.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import structlog
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from concord.api.middleware import header as _header
from concord.auth.roles import Permission
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import ScreenQuery

log = structlog.get_logger("concord.screening")
PATH = "/api/v1/screen"
_ROUTE = SimpleNamespace(path=PATH)


class ScreeningFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.served = 0
        self.fell_through = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body, more = await read_body(receive)
        if more is None:  # the client went away
            return
        answer = None
        try:
            answer = await self._answer(scope, body)
        except Exception as exc:  # nothing was committed: the route will screen once
            log.warning("screening.fast_path_failed", error=repr(exc))
        if answer is None:
            self.fell_through += 1
            await self.app(scope, replay(body, receive), send)
            return
        self.served += 1
        scope["route"] = _ROUTE
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(answer)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    async def _answer(self, scope: Scope, body: bytes) -> bytes | None:
        auth = _header(scope, b"authorization") or b""
        scheme, _, token = auth.decode("latin-1").partition(" ")
        content_type = _header(scope, b"content-type") or b""
        if scheme.lower() != "bearer" or not token or b"json" not in content_type:
            return None
        if _header(scope, b"idempotency-key") is not None:
            return None
        app: Any = scope.get("app")
        runtime: ScreeningRuntime | None = getattr(getattr(app, "state", None), "screening", None)
        if runtime is None:
            return None
        client = scope.get("client")
        principal = runtime.principals.get(token.strip(), client[0] if client else None)
        if principal is None or not principal.has(Permission.SCREEN):
            return None
        try:
            query = ScreenQuery.model_validate_json(body)
        except ValidationError:
            return None
        if runtime.index.state().status != "ready" and not runtime.synchronous:
            return None
        result = (await runtime.screen(principal, [query]))[0]
        return result.model_dump_json().encode("utf-8")


async def read_body(receive: Receive) -> tuple[bytes, bool | None]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
