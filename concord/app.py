"""``create_app(settings)``: the HTTP application. Nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from concord import __version__
from concord.api.health import router as health_router
from concord.api.middleware import (
    BodyLimitMiddleware,
    BodyTimeoutMiddleware,
    Metrics,
    RateLimitMiddleware,
    RequestContextMiddleware,
)
from concord.api.problems import document_problems, install_handlers
from concord.api.query_check import reject_unknown_query
from concord.api.uow import UnitOfWorkMiddleware
from concord.audit.chain import Signer
from concord.db.checkpoint import Checkpointer
from concord.db.database import Database
from concord.logging import configure_logging
from concord.messaging.fastpath import MessagingFastPath
from concord.messaging.keys import KeyStore
from concord.messaging.outbox import OutboxWorker
from concord.screening.fastpath import ScreeningFastPath
from concord.screening.runtime import ScreeningRuntime
from concord.settings import Settings
from concord.web import routes as web
from concord.web.headers import SecurityHeadersMiddleware

API_PREFIX = "/api/v1"

DESCRIPTION = """
Concord's HTTP API. Every endpoint under `/api/v1` needs a bearer token (a service account's
API token, or a session token from `POST /api/v1/auth/login`), except the public notices API.
Errors are RFC 9457 problems (`application/problem+json`) with a stable `code`.
Creating POSTs accept an `Idempotency-Key` header.
"""


def _routers() -> list[Any]:
    from concord.audit.routes import router as audit_router
    from concord.auth.routes import accounts_router, auth_router, tokens_router
    from concord.members.routes import router as members_router
    from concord.messaging.attachment_routes import router as attachments_router
    from concord.messaging.key_routes import router as message_keys_router
    from concord.messaging.routes import router as messaging_router
    from concord.messaging.webhook_routes import router as webhooks_router
    from concord.notices.diffusion_routes import router as diffusions_router
    from concord.notices.routes import router as notices_router
    from concord.notify.routes import router as notify_router
    from concord.operations.routes import router as operations_router
    from concord.records.routes import router as records_router
    from concord.screening.routes import router as screening_router
    from concord.stats.routes import router as stats_router
    from concord.stats.routes import staff_router

    # Screening first: the hot path, matched before every other route is tried.
    return [
        screening_router,
        auth_router,
        accounts_router,
        tokens_router,
        members_router,
        audit_router,
        notify_router,
        records_router,
        notices_router,
        diffusions_router,
        operations_router,
        webhooks_router,  # before messaging: /messages/stream is not /messages/{id}
        messaging_router,
        message_keys_router,
        attachments_router,
        stats_router,
        staff_router,
    ]


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    database = db or Database.from_url(settings.database_url)
    owns_db = db is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        checkpointer = Checkpointer(database.engine)
        if owns_db:  # the server's own SQLite file: checkpoints off the commit path
            checkpointer.start()
        app.state.screening.start()
        app.state.outbox.start()
        yield
        if getattr(app.state, "message_journal", None) is not None:  # made on first send
            await app.state.message_journal.close()
        app.state.outbox.stop()
        await app.state.screening.stop()
        checkpointer.stop()
        if owns_db:
            database.dispose()

    app = FastAPI(
        title="Concord API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        dependencies=[Depends(reject_unknown_query)],
    )
    app.state.settings = settings
    app.state.db = database
    app.state.signer = Signer.from_seed(settings.audit_signing_key.get_secret_value())
    app.state.metrics = Metrics()
    app.state.screening = ScreeningRuntime(database, settings)
    app.state.keystore = KeyStore.from_settings(settings)
    app.state.outbox = OutboxWorker(database, app.state.keystore, settings)

    install_handlers(app)
    for router in _routers():
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(health_router)
    from concord.notices.public import router as public_notices_router

    app.include_router(public_notices_router)
    web.install(app)

    # Outermost last: trusted proxy headers -> request context -> security headers -> body
    # timeout -> CORS -> rate limit -> body limit -> messaging and screening fast paths -> unit of
    # work.
    app.add_middleware(
        UnitOfWorkMiddleware, ttl_hours=settings.idempotency_ttl_hours, also=web.is_web_path
    )
    app.add_middleware(ScreeningFastPath)
    app.add_middleware(MessagingFastPath)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_request_bytes,
        # attachment uploads are streamed: their own limit, plus room for framing
        streamed=dict.fromkeys(
            (f"{API_PREFIX}/attachments", "/console/messages/attachments"),
            settings.messaging_attachment_max_bytes + 64 * 1024,
        ),
    )
    app.add_middleware(
        RateLimitMiddleware,
        per_minute=settings.rate_limit_per_minute,
        screening_per_minute=settings.screening_rate_limit_per_minute,
        public_per_minute=settings.notices_public_rate_limit_per_minute,
        is_web=web.is_web_path,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
        )
    app.add_middleware(
        BodyTimeoutMiddleware,
        timeout=settings.request_body_timeout_seconds,
        min_rate=settings.request_body_min_bytes_per_second,
    )
    app.add_middleware(SecurityHeadersMiddleware, is_page=web.is_web_path)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics)
    if settings.trusted_proxies:  # client address and scheme from X-Forwarded-*, only from them
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            app.openapi_schema = document_problems(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
