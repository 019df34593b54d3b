"""``concord serve``: the HTTP API under uvicorn, built by the app factory in each worker.

Against slow and greedy clients: each request's head must arrive in time and within a size
(:mod:`concord.api.protocol`), idle kept-alive connections are closed, a worker takes a bounded
number of connections, and the Server header is left out. X-Forwarded-* headers are not
uvicorn's business: the app believes them only from CONCORD_TRUSTED_PROXIES."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from concord.api.protocol import GuardedHttpProtocol
from concord.cli.context import EXIT_BAD_INPUT, fail, state

APP_FACTORY = "concord.app:create_app"


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="Address to bind.  [default: CONCORD_HOST]")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port to listen on.  [default: CONCORD_PORT]"),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes.  [default: CONCORD_WORKERS]"),
    ] = None,
    reload: Annotated[
        bool, typer.Option("--reload", help="Restart on code changes (development; one worker).")
    ] = False,
) -> None:
    """Serve the HTTP API with uvicorn (each worker builds the app from CONCORD_* settings)."""
    settings = state(ctx).settings
    n_workers = workers if workers is not None else settings.workers
    if reload and n_workers > 1:
        fail("--reload runs a single process: drop --workers", EXIT_BAD_INPUT)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host if host is not None else settings.host,
        port=port if port is not None else settings.port,
        workers=None if reload else n_workers,
        reload=reload,
        log_level=settings.log_level,
        http=GuardedHttpProtocol,
        proxy_headers=False,  # the app applies CONCORD_TRUSTED_PROXIES itself
        server_header=False,
        timeout_keep_alive=settings.keep_alive_timeout_seconds,
        limit_concurrency=settings.max_connections or None,
    )
