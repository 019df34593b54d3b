"""Liveness, readiness and metrics: the only routes outside ``/api/v1`` besides public pages."""

from __future__ import annotations

from typing import Literal

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from concord.db.database import Database
from concord.db.migrate import current_revision, head_revision
from concord.errors import NotReadyError

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]


class IndexReport(BaseModel):
    status: str
    records: int
    progress: float
    seq: int


class Ready(BaseModel):
    status: Literal["ready"]
    database: str
    revision: str
    screening_index: IndexReport | None = None


@router.get("/health", response_model=Health, summary="Liveness: the process answers")
async def health() -> Health:
    return Health(status="ok")


def _check_ready(db: Database) -> Ready:
    try:
        with db.session() as session:
            revision = current_revision(session.connection())
    except SQLAlchemyError as exc:
        raise NotReadyError("The database is unreachable") from exc
    head = head_revision()
    if revision != head:
        raise NotReadyError(
            f"Database schema is at {revision}, code expects {head}: run `concord db upgrade`"
        )
    return Ready(status="ready", database=db.dialect, revision=revision or "")


@router.get(
    "/ready",
    response_model=Ready,
    summary="Readiness: database reachable, schema current, screening index built",
)
async def ready(request: Request) -> Ready:
    report = await to_thread.run_sync(_check_ready, request.app.state.db)
    screening = getattr(request.app.state, "screening", None)
    if screening is not None:
        state = screening.state()
        if state.status in ("building", "failed"):
            detail = f": {state.error}" if state.error else ""
            raise NotReadyError(
                f"The screening index is {state.status} ({state.progress:.0%} of "
                f"{state.records:,} records){detail}"
            )
        report.screening_index = IndexReport(
            status=state.status, records=state.records, progress=state.progress, seq=state.seq
        )
    return report


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def metrics(request: Request) -> Response:
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
