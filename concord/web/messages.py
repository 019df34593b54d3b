"""The console's messages: the inbox of the mailbox the signed-in person holds (filters, pages,
live arrivals), the cases it takes part in and a case's messages. Threads, replies and
forwards are in :mod:`.messages_thread`; composing and attachments in :mod:`.messages_compose`.

Every page calls the messaging services the API's routes call (``query.search``,
``query.cases``, ``query.case_of``, ``render.summary_out``) with the same arguments and audits
the same way, so a person sees exactly what their mailbox may see."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse
from starlette.responses import Response

from concord import audit
from concord.api.deps import SessionDep
from concord.messaging import query, reading
from concord.messaging.cases import message_count
from concord.messaging.finding import records_named
from concord.messaging.models import Delivery
from concord.messaging.render import summary_out
from concord.messaging.webhook_routes import stream as api_stream
from concord.web import messages_common as common
from concord.web.messages_common import Reader, my_box, now_of, store_of
from concord.web.templating import render

router = APIRouter(prefix="/console/messages", include_in_schema=False)
PER_PAGE = 50
Id = Annotated[str, Path(min_length=1, max_length=32)]


def _context() -> dict[str, object]:
    return {
        "handling_codes": common.HANDLING,
        "priorities": common.PRIORITY,
        "priority_short": common.PRIORITY_SHORT,
        "states": common.STATES,
        "is_overdue": common.is_overdue,
    }


@router.get("")
def inbox(
    request: Request,
    principal: Reader,
    session: SessionDep,
    folder: Annotated[str, Query(pattern="^(all|inbox|sent)$")] = "inbox",
    case_id: Annotated[str | None, Query(max_length=32)] = None,
    priority: Annotated[str | None, Query(pattern="^(routine|urgent|immediate)?$")] = None,
    handling: Annotated[str | None, Query(pattern="^(H[0-3])?$")] = None,
    unread: bool = False,
    overdue: bool = False,
    name: Annotated[str | None, Query(max_length=200)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    now = now_of(request)
    store = store_of(request)
    box = my_box(request, session, principal)
    name = (name or "").strip() or None
    ids = records_named(request, principal, name) if name and len(name) >= 2 else None
    f = query.MessageFilter(
        case_id=case_id or None,
        priority=priority or None,
        handling=handling or None,
        unread=unread,
        overdue=overdue,
        folder=folder,
        record_ids=ids,
    )
    offset = (page - 1) * PER_PAGE
    rows, total = query.search(session, box, f, now, limit=PER_PAGE, offset=offset)
    audit.record(
        session,
        actor=principal,
        action="message.list",
        object_type="mailbox",
        object_id=box.id,
        payload={"address": box.address, "folder": folder, "name": name, "returned": len(rows)},
    )
    items = [summary_out(session, store, box, m, d) for m, d in rows]
    if folder == "inbox" and not unread:  # unread first, newest first within each
        items.sort(key=lambda s: s.state == "read")
    given = {
        k: v
        for k, v in {
            "folder": folder,
            "case_id": case_id or "",
            "priority": priority or "",
            "handling": handling or "",
            "unread": "true" if unread else "",
            "overdue": "true" if overdue else "",
            "name": name or "",
        }.items()
        if v
    }
    pages = max(1, -(-total // PER_PAGE))
    return render(
        request,
        "console/messages/inbox.html",
        {
            **_context(),
            "box": box,
            "items": items,
            "total": total,
            "page": page,
            "pages": pages,
            "query": urlencode(given),
            "f": given,
            "now": now,
            "live": folder == "inbox" and page == 1 and len(given) == 1,
        },
    )


@router.get("/row/{message_id}")
def row(request: Request, message_id: Id, principal: Reader, session: SessionDep) -> Response:
    """One inbox row, for the live inbox: only of a message the mailbox holds a copy of."""
    message, box, _key = reading.copy_of(session, principal, message_id)
    delivery = session.get(Delivery, (message.id, box.id))
    item = summary_out(session, store_of(request), box, message, delivery)
    return render(
        request, "console/messages/_row.html", {**_context(), "m": item, "now": now_of(request)}
    )


@router.get("/stream")
async def stream(request: Request, principal: Reader, session: SessionDep) -> StreamingResponse:
    """New messages in the mailbox as server-sent events: the API's stream (metadata only),
    authenticated by the console session."""
    box = my_box(request, session, principal)
    return await api_stream(request, box, seconds=300, interval=1.0)


@router.get("/cases")
def cases(
    request: Request,
    principal: Reader,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    box = my_box(request, session, principal)
    rows, total = query.cases(session, box, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render(
        request,
        "console/messages/cases.html",
        {
            "rows": [(c, n, query.participants(session, c.id)) for c, n in rows],
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
        },
    )


@router.get("/cases/{case_id}")
def case(
    request: Request,
    case_id: Id,
    principal: Reader,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    box = my_box(request, session, principal)
    c = query.case_of(session, box, case_id)
    now = now_of(request)
    f = query.MessageFilter(case_id=c.id)
    rows, total = query.search(session, box, f, now, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    store = store_of(request)
    return render(
        request,
        "console/messages/case.html",
        {
            **_context(),
            "case": c,
            "participants": query.participants(session, c.id),
            "count": message_count(session, c.id),
            "items": [summary_out(session, store, box, m, d) for m, d in rows],
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "now": now,
        },
    )


def _include() -> None:
    from concord.web import messages_compose, messages_thread

    router.include_router(messages_compose.router)
    router.include_router(messages_thread.router)


_include()
