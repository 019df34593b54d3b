"""Server-sent-event streams fed by polling the database (notifications, mailbox arrivals).

An item's time is taken when it is written, not when its transaction commits (a group commit
of messages commits a few milliseconds after preparing them), so one written earlier can become
visible after a later one. Each poll therefore looks back :data:`LOOKBACK` and skips what was
already sent; what was sent is forgotten once it falls behind the look-back horizon.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from anyio import to_thread
from fastapi import Request
from fastapi.responses import StreamingResponse

LOOKBACK = timedelta(seconds=10)
#: for the routes' OpenAPI description
RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}
}


@dataclass(frozen=True)
class Event:
    """One event to send: ``id`` (de-duplicates), ``at`` (its time), ``name`` and JSON ``data``."""

    id: str
    at: datetime
    name: str
    data: str


def stream(
    request: Request,
    poll: Callable[[datetime], list[Event]],
    *,
    start: datetime,
    seconds: float,
    interval: float,
) -> StreamingResponse:
    """Stream what ``poll(after)`` returns (blocking: run in a worker thread), oldest first,
    every ``interval`` seconds for ``seconds``, each item once."""
    return StreamingResponse(
        _events(request, poll, start=start, seconds=seconds, interval=interval),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _events(
    request: Request,
    poll: Callable[[datetime], list[Event]],
    *,
    start: datetime,
    seconds: float,
    interval: float,
) -> AsyncIterator[bytes]:
    # what is already there when the stream opens is not news: remember it, do not send it
    seen = await to_thread.run_sync(poll, start - LOOKBACK)
    sent = {e.id: e.at for e in seen}
    after = start
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    yield b": connected\n\n"
    while loop.time() < deadline:
        if await request.is_disconnected():
            return
        for e in await to_thread.run_sync(poll, after - LOOKBACK):
            if e.id in sent:
                continue
            sent[e.id] = e.at
            after = max(after, e.at)
            yield f"id: {e.id}\nevent: {e.name}\ndata: {e.data}\n\n".encode()
        horizon = after - LOOKBACK
        sent = {k: v for k, v in sent.items() if v >= horizon}
        await asyncio.sleep(interval)
