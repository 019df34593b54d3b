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

from pydantic import ValidationError
from starlette.types import Scope

from concord.api.fastpath import FastPath, cached_caller
from concord.auth.roles import Permission
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import ScreenQuery


class ScreeningFastPath(FastPath):
    path = "/api/v1/screen"
    route = "/api/v1/screen"

    async def answer(self, scope: Scope, body: bytes) -> bytes | None:
        caller = cached_caller(scope, Permission.SCREEN)
        if caller is None:
            return None
        try:
            query = ScreenQuery.model_validate_json(body)
        except ValidationError:
            return None
        app, principal = caller
        runtime: ScreeningRuntime = app.state.screening
        if runtime.index.state().status != "ready" and not runtime.synchronous:
            return None
        result = (await runtime.screen(principal, [query]))[0]
        return result.model_dump_json().encode("utf-8")
