"""RFC 9457 problem details: the one shape every API error takes, its exception handlers, and
the OpenAPI documentation of it (replacing FastAPI's default 422 schema)."""

from __future__ import annotations

import json
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from concord.context import request_id_var
from concord.errors import ConcordError

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("concord.api")


class ProblemFieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the bad value is: body, query, path, header")
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem. ``code`` is stable and meant for programs; ``detail`` for people."""

    type: str = Field(description="URI naming the problem type")
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable machine-readable error code")
    instance: str | None = None
    request_id: str | None = None
    errors: list[ProblemFieldError] | None = None


def problem_body(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"https://concord.example/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "instance": instance,
        "request_id": request_id_var.get(),
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(
        content=json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"),
        status_code=int(body["status"]),
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _clean_loc(loc: Any) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append(
            {
                "loc": _clean_loc(err.get("loc", ())),
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
        )
    return out


def _respond(
    request: Request, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    """A problem+json answer, unless the app renders this path as an HTML page (the web
    console and public site install ``app.state.html_error``, which answers None otherwise)."""
    html_error = getattr(request.app.state, "html_error", None)
    if html_error is not None:
        page: Response | None = html_error(request, body, headers)
        if page is not None:
            return page
    return problem_response(body, headers)


def install_handlers(app: FastAPI) -> None:
    async def concord_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ConcordError)
        if exc.keep_changes:
            uow = getattr(request.state, "uow", None)
            if uow is not None:
                uow.keep_on_error = True
        if exc.is_denial:
            await _audit_denial(request, exc)
        if exc.status >= 500:
            log.error("request_failed", code=exc.code, exc_info=exc)
            detail = "The server could not complete the request"
        else:
            detail = exc.detail
        body = problem_body(
            status=exc.status,
            code=exc.code,
            title=exc.title,
            detail=detail,
            instance=request.url.path,
            errors=exc.errors,
        )
        return _respond(request, body, exc.headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"])
        body = problem_body(
            status=422,
            code="validation_failed",
            title="Invalid input",
            detail=f"{where}: {first['msg']}" if where else str(first["msg"]),
            instance=request.url.path,
            errors=errors,
        )
        return _respond(request, body)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        codes = {
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthenticated",
            403: "forbidden",
            413: "payload_too_large",
            415: "unsupported_media_type",
        }
        code = codes.get(exc.status_code, f"http_{exc.status_code}")
        body = problem_body(
            status=exc.status_code,
            code=code,
            title=str(exc.detail),
            detail=str(exc.detail),
            instance=request.url.path,
        )
        return _respond(request, body, dict(exc.headers or {}))

    async def unstorable(request: Request, exc: Exception) -> Response:
        # The database refused a value the request carried (e.g. a NUL character in text on
        # PostgreSQL): bad input, answered as such; the unit of work rolls everything back.
        log.info("unstorable_input", path=request.url.path, error=type(exc).__name__)
        body = problem_body(
            status=422,
            code="validation_failed",
            title="Invalid input",
            detail="The request holds a value that cannot be stored or searched "
            "(for example a NUL character in text)",
            instance=request.url.path,
        )
        return _respond(request, body)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled_exception", path=request.url.path, exc_info=exc)
        body = problem_body(
            status=500,
            code="internal_error",
            title="Internal error",
            detail="The server could not complete the request",
            instance=request.url.path,
        )
        return _respond(request, body)

    app.add_exception_handler(ConcordError, concord_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(DataError, unstorable)
    app.add_exception_handler(Exception, unexpected)


async def _audit_denial(request: Request, exc: ConcordError) -> None:
    """Record a denied attempt. Inside the API's unit of work it is written after the request's
    own changes are rolled back; elsewhere, in a transaction of its own."""
    from anyio import to_thread

    from concord import audit

    principal = getattr(request.state, "principal", None)
    payload = {"method": request.method, "path": request.url.path, "code": exc.code}

    def write(session: Session) -> None:
        audit.record(
            session,
            actor=principal,
            action="access.denied",
            outcome="denied",
            object_type=exc.object_type,
            object_id=exc.object_id,
            payload=payload,
        )

    uow = getattr(request.state, "uow", None)
    if uow is not None:
        uow.denials.append(write)
        return

    def standalone() -> None:
        with request.app.state.db.transaction() as session:
            write(session)

    await to_thread.run_sync(standalone)


#: Statuses documented on every API operation, besides its own success responses.
COMMON_ERRORS = {
    "401": "Missing, invalid, expired or revoked bearer token",
    "403": "The caller's role or country does not allow this",
    "404": "Not found (also for objects of another country)",
    "413": "Request body too large",
    "422": "Invalid input: the problem names the field",
    "429": "Rate limit exceeded: see Retry-After",
}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace FastAPI's 422 schema with the problem schema and add the common errors."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = components["Problem"].pop("$defs", {})
    components.update(defs)
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses = op["responses"]
            public = not op.get("security") and path in {"/health", "/ready", "/metrics"}
            statuses = dict(COMMON_ERRORS)
            params = op.get("parameters", [])
            if any(
                p.get("in") == "header" and p.get("name", "").lower() == "if-match" for p in params
            ):
                statuses["412"] = "The object changed since you read it (If-Match)"
                statuses["428"] = "If-Match is required"
            if method in {"post", "put", "patch"}:
                statuses["409"] = "Conflict with the current state"
                statuses["400"] = "Malformed request body"
                statuses["415"] = "Unsupported media type"
            if public:
                statuses = {"503": "Not ready"} if path == "/ready" else {}
            for status, desc in statuses.items():
                current = responses.get(status, {})
                responses[status] = {
                    "description": current.get("description", desc),
                    "content": {PROBLEM_JSON: {"schema": ref}},
                }
            for status, resp in responses.items():
                if status.startswith(("4", "5")) and "content" in resp:
                    resp["content"] = {PROBLEM_JSON: {"schema": ref}}
    return schema
