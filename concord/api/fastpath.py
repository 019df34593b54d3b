"""Hot paths answered below FastAPI's routing: the shared ASGI machinery.

FastAPI's route matching, dependency solving and response validation cost more per request
than screening a document or sending a message does. A fast path is an ASGI middleware inside
the request-id, rate-limit and body-limit middleware that answers one ``POST`` route's common
case itself, by the route's own code, and lets everything else fall through to the route with
the body replayed: an unknown token (the route authenticates and caches it), a body that fails
validation or a check (the route answers the precise problem and audits a denial), an
``Idempotency-Key`` (the unit of work stores the answer to replay). A failure before the commit
means nothing was committed, so the route then does the work once.

Subclasses: :class:`concord.screening.fastpath.ScreeningFastPath`,
:class:`concord.messaging.fastpath.MessagingFastPath`.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import structlog
from starlette.types import ASGIApp, Receive, Scope, Send

from concord.api.middleware import header, read_body, replay
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import ConcordError

if TYPE_CHECKING:  # the principal cache lives in the screening runtime, made by the app
    from concord.screening.runtime import ScreeningRuntime

log = structlog.get_logger("concord.api")


class FastPath:
    #: the route's full path, the route template it logs under, the answer's status
    path: str
    route: str
    status: int = 200

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.served = 0
        self.fell_through = 0
        self._route = SimpleNamespace(path=self.route)

    async def answer(self, scope: Scope, body: bytes) -> bytes | None:
        """The JSON answer, once committed; None to let the route answer."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body, more = await read_body(receive)
        if more is None:  # the client went away
            return
        answer = None
        try:
            answer = await self.answer(scope, body)
        except ConcordError:
            pass  # the route answers it (and audits a denial)
        except Exception as exc:  # nothing was committed: the route will do it once
            log.warning("fast_path_failed", path=self.path, error=repr(exc))
        if answer is None:
            self.fell_through += 1
            await self.app(scope, replay(body, receive), send)
            return
        self.served += 1
        scope["route"] = self._route
        await send(
            {
                "type": "http.response.start",
                "status": self.status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(answer)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer})


def cached_caller(scope: Scope, permission: Permission) -> tuple[Any, Principal] | None:
    """(the app, the caller) when the request is JSON with a bearer token authenticated in the
    last seconds (the principal cache) that holds ``permission``, and carries no
    ``Idempotency-Key``; else None."""
    auth = header(scope, b"authorization") or b""
    scheme, _, token = auth.decode("latin-1").partition(" ")
    content_type = header(scope, b"content-type") or b""
    if scheme.lower() != "bearer" or not token or b"json" not in content_type:
        return None
    if header(scope, b"idempotency-key") is not None:
        return None
    app: Any = scope.get("app")
    runtime: ScreeningRuntime | None = getattr(getattr(app, "state", None), "screening", None)
    if runtime is None:
        return None
    client = scope.get("client")
    principal = runtime.principals.get(token.strip(), client[0] if client else None)
    if principal is None or not principal.has(permission):
        return None
    return app, principal
