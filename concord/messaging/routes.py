"""HTTP routes of messaging: mailboxes, messages, cases."""

from __future__ import annotations

from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.orm import Session

from concord.api.deps import PageDep, SessionDep, SettingsDep, bearer, require
from concord.api.schemas import Paginated
from concord.api.uow import UnitOfWork
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.errors import AuthenticationError, ConflictError, PermissionDeniedError
from concord.messaging import journal, mailboxes, query, reading, service
from concord.messaging.keys import KeyStore
from concord.messaging.models import Case, Delivery, Mailbox, Message
from concord.messaging.render import opened_out, sent_out, summary_out, to_outgoing
from concord.messaging.schemas import (
    CaseCreate,
    CaseOut,
    E2eKeyIn,
    ForwardCreate,
    MailboxOut,
    MessageCreate,
    MessageOut,
    MessageSummary,
    ReplyCreate,
)
from concord.screening.runtime import ScreeningRuntime
from concord.settings import Settings

router = APIRouter(tags=["messaging"])
Reader = Annotated[Principal, Depends(require(Permission.MESSAGES_READ))]
Sender = Annotated[Principal, Depends(require(Permission.MESSAGES_SEND))]
MessageId = Annotated[str, Path(min_length=1, max_length=32)]


def store_of(request: Request) -> KeyStore:
    store: KeyStore = request.app.state.keystore
    return store


Store = Annotated[KeyStore, Depends(store_of)]


def _mine(session: Session, principal: Principal, store: KeyStore, settings: Settings) -> Mailbox:
    return mailboxes.own_mailbox(session, store, principal, clock_now(settings))


@router.get("/mailboxes", response_model=Paginated[MailboxOut], summary="Mailboxes and keys")
def list_mailboxes(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> Paginated[MailboxOut]:
    from sqlalchemy import select

    from concord.db import paging

    stmt = select(Mailbox)
    if country:
        stmt = stmt.where(Mailbox.country == country.upper())
    rows, total = paging.page(session, stmt, Mailbox.address, limit=page.limit, offset=page.offset)
    return Paginated(
        items=[MailboxOut.model_validate(b) for b in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/mailboxes/mine", response_model=MailboxOut, summary="The mailbox you hold")
def my_mailbox(
    principal: Reader, session: SessionDep, settings: SettingsDep, store: Store
) -> MailboxOut:
    return MailboxOut.model_validate(_mine(session, principal, store, settings))


@router.put(
    "/mailboxes/mine/e2e-key",
    response_model=MailboxOut,
    summary="Register your client's X25519 public key: messages to you become end-to-end",
)
def register_e2e_key(
    body: E2eKeyIn, principal: Reader, session: SessionDep, settings: SettingsDep, store: Store
) -> MailboxOut:
    if not principal.has(Permission.MESSAGES_ADMIN):
        raise PermissionDeniedError("Registering a mailbox key is for its administrators")
    box = _mine(session, principal, store, settings)
    box.e2e_public = body.public_key
    store.forget_box(box.address)
    from concord import audit

    audit.record(
        session,
        actor=principal,
        action="mailbox.e2e_key",
        object_type="mailbox",
        object_id=box.id,
        payload={"address": box.address, "public_key": body.public_key},
    )
    return MailboxOut.model_validate(box)


async def quick_sender(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller, if allowed to send, authenticated through the process's short-lived
    principal cache (as screening is). Sending never opens the request's own session: the
    group commit must not wait behind a transaction the request holds."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise AuthenticationError()
    client = request.client.host if request.client else None
    rt: ScreeningRuntime = request.app.state.screening
    principal = rt.principals.get(credentials.credentials, client)
    if principal is None:
        principal = await to_thread.run_sync(rt.authenticate, credentials.credentials, client)
    request.state.principal = principal
    if not principal.has(Permission.MESSAGES_SEND):
        raise PermissionDeniedError(
            f"Your role or token does not allow '{Permission.MESSAGES_SEND}'"
        )
    return principal


@router.post(
    "/messages",
    response_model=MessageOut,
    status_code=status.HTTP_201_CREATED,
    summary="Send a message (encrypted, signed, one delivery per recipient)",
)
async def send_message(
    body: MessageCreate,
    principal: Annotated[Principal, Depends(quick_sender)],
    request: Request,
) -> Response:
    """Prepared (on the loop when everything it needs is cached, else in a worker thread),
    committed by the group commit with its audit event and its Idempotency-Key's answer;
    answered 201 only once committed. The common case does not get here: see
    :mod:`concord.messaging.fastpath`."""
    uow: UnitOfWork = request.state.uow
    answer = await send_now(request.app, principal, body, uow=uow)
    assert answer is not None
    return Response(answer, status_code=status.HTTP_201_CREATED, media_type="application/json")


async def send_now(
    app: Any,
    principal: Principal,
    body: MessageCreate,
    *,
    uow: UnitOfWork | None = None,
    quick_only: bool = False,
) -> bytes | None:
    """Send ``body`` as ``principal``; the 201 answer once committed. ``quick_only``: None
    (nothing done) if preparing would need the database (the fast path then falls through)."""
    settings: Settings = app.state.settings
    store: KeyStore = app.state.keystore
    now = clock_now(settings)
    out = to_outgoing(body)
    prepared = journal.prepare_quick(principal, store, out, now)
    if prepared is None:  # needs the database: in a worker thread
        if quick_only:
            return None
        prepared = await to_thread.run_sync(
            journal.prepare_committed, app.state.db, principal, store, out, now
        )
    answer = sent_out(prepared).model_dump_json().encode()
    replay = None
    if uow is not None:
        replay = uow.idempotency_row(status.HTTP_201_CREATED, "application/json", answer)
    try:
        await journal.journal_of(app).write(prepared, replay)
    except journal.DuplicateRequestError:
        # the unit of work replays the answer of the request that committed first
        raise ConflictError("A request with this Idempotency-Key was sent meanwhile") from None
    if uow is not None:
        uow.idempotency_stored = replay is not None
    return answer


@router.get("/messages", response_model=Paginated[MessageSummary], summary="Your messages")
def list_messages(
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
    request: Request,
    page: PageDep,
    folder: Annotated[str, Query(pattern="^(all|inbox|sent)$")] = "all",
    case_id: Annotated[str | None, Query(max_length=32)] = None,
    correspondent: Annotated[str | None, Query(max_length=80)] = None,
    priority: Annotated[str | None, Query(pattern="^(routine|urgent|immediate)$")] = None,
    handling: Annotated[str | None, Query(pattern="^H[0-3]$")] = None,
    unread: bool = False,
    overdue: Annotated[bool, Query(description="Reply time passed, not yet answered")] = False,
    record_id: Annotated[str | None, Query(max_length=32)] = None,
    name: Annotated[
        str | None, Query(min_length=2, max_length=200, description="Referenced person's name")
    ] = None,
) -> Paginated[MessageSummary]:
    from concord.messaging.finding import records_named

    now = clock_now(settings)
    box = _mine(session, principal, store, settings)
    ids: list[str] | None = None
    if record_id:
        ids = [record_id]
    if name:
        ids = (ids or []) + records_named(request, principal, name)
    f = query.MessageFilter(
        case_id=case_id,
        correspondent=correspondent,
        priority=priority,
        handling=handling,
        unread=unread,
        overdue=overdue,
        folder=folder,
        record_ids=ids,
    )
    rows, total = query.search(session, box, f, now, limit=page.limit, offset=page.offset)
    from concord import audit

    audit.record(
        session,
        actor=principal,
        action="message.list",
        object_type="mailbox",
        object_id=box.id,
        payload={"address": box.address, "folder": folder, "name": name, "returned": len(rows)},
    )
    return Paginated(
        items=[summary_out(session, store, box, m, d) for m, d in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/messages/{message_id}", response_model=MessageOut, summary="Read a message")
def read_message(
    message_id: MessageId,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> MessageOut:
    now = clock_now(settings)
    return opened_out(session, reading.open_message(session, principal, store, message_id, now))


@router.post(
    "/messages/{message_id}/reply",
    response_model=MessageOut,
    status_code=status.HTTP_201_CREATED,
    summary="Reply in the same case",
)
def reply(
    message_id: MessageId,
    body: ReplyCreate,
    principal: Sender,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> MessageOut:
    now = clock_now(settings)
    out = service.Outgoing(
        subject=body.subject,
        body=body.body,
        priority=body.priority,
        handling=body.handling,
        handling_text=body.handling_text,
        reliability=body.reliability,
        accuracy=body.accuracy,
        references=[r.model_dump(exclude_none=True) for r in body.references],
    )
    message = service.reply(session, principal, store, message_id, out, now, to_all=body.to_all)
    return opened_out(
        session, reading.open_message(session, principal, store, message.id, now, mark_read=False)
    )


@router.post(
    "/messages/{message_id}/forward",
    response_model=MessageOut,
    status_code=status.HTTP_201_CREATED,
    summary="Forward (refused under handling code H2)",
)
def forward(
    message_id: MessageId,
    body: ForwardCreate,
    principal: Sender,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> MessageOut:
    now = clock_now(settings)
    message = service.forward(session, principal, store, message_id, body.to, body.note, now)
    return opened_out(
        session, reading.open_message(session, principal, store, message.id, now, mark_read=False)
    )


@router.post(
    "/messages/{message_id}/acknowledge",
    response_model=MessageSummary,
    summary="Acknowledge receipt",
)
def acknowledge(
    message_id: MessageId,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> MessageSummary:
    now = clock_now(settings)
    delivery: Delivery = reading.acknowledge(session, principal, message_id, now)
    message = session.get(Message, message_id)
    assert message is not None
    box = _mine(session, principal, store, settings)
    return summary_out(session, store, box, message, delivery)


def _case_out(session: Session, c: Case, messages: int = 0) -> CaseOut:
    return CaseOut(
        id=c.id,
        reference=c.reference,
        title=c.title,
        crime_area=c.crime_area,
        created_at=c.created_at,
        updated_at=c.updated_at,
        participants=query.participants(session, c.id),
        messages=messages,
    )


@router.post("/cases", response_model=CaseOut, status_code=201, summary="Open a case")
def create_case(
    body: CaseCreate, principal: Sender, session: SessionDep, settings: SettingsDep, store: Store
) -> CaseOut:
    from concord.messaging.cases import open_case

    case = open_case(session, principal, store, body.title, body.crime_area, clock_now(settings))
    return _case_out(session, case)


@router.get("/cases", response_model=Paginated[CaseOut], summary="Cases your mailbox is in")
def list_cases(
    principal: Reader, session: SessionDep, settings: SettingsDep, store: Store, page: PageDep
) -> Paginated[CaseOut]:
    box = _mine(session, principal, store, settings)
    rows, total = query.cases(session, box, limit=page.limit, offset=page.offset)
    return Paginated(
        items=[_case_out(session, c, n) for c, n in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/cases/{case_id}", response_model=CaseOut, summary="One case")
def read_case(
    case_id: Annotated[str, Path(max_length=32)],
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> CaseOut:
    box = _mine(session, principal, store, settings)
    c = query.case_of(session, box, case_id)
    from concord.messaging.cases import message_count

    return _case_out(session, c, message_count(session, c.id))
