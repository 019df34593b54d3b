"""A message in its thread: decrypted and verified through the same reading path as
``GET /api/v1/messages/{id}`` (audited consultation), with its grading, handling code, reply
time, references, attachments and signature; reply, forward (refused under H2) and
acknowledge; attachment downloads."""

from __future__ import annotations

import gettext
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep
from concord.auth.principal import Principal
from concord.errors import ConcordError, TamperingDetectedError
from concord.messaging import query, reading, service
from concord.messaging.attachments import open_download
from concord.messaging.render import opened_out
from concord.settings import Settings
from concord.web import i18n
from concord.web import messages_common as common
from concord.web.messages_common import Reader, Sender, now_of, store_of
from concord.web.session import Csrf
from concord.web.templating import render

router = APIRouter()
Id = Annotated[str, Path(min_length=1, max_length=32)]


def _page(
    request: Request,
    session: Session,
    principal: Principal,
    message_id: str,
    *,
    reply_form: dict[str, str] | None = None,
    forward_form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    mark_read: bool = True,
) -> Response:
    now = now_of(request)
    store = store_of(request)
    try:
        opened = reading.open_message(
            session, principal, store, message_id, now, mark_read=mark_read
        )
    except TamperingDetectedError as exc:
        # the metadata of the caller's copy, and the warning; never the content
        message, _box, _key = reading.copy_of(session, principal, message_id)
        return render(
            request,
            "console/messages/tampered.html",
            {"message": message, "detail": exc.detail, "handling_codes": common.HANDLING},
            status=exc.status,
        )
    m = opened_out(session, opened)
    thread, _total = query.search(
        session, opened.mailbox, query.MessageFilter(case_id=m.case_id), now, limit=50, offset=0
    )
    subject = m.subject or ""
    return render(
        request,
        "console/messages/thread.html",
        {
            "m": m,
            "mine": opened.sender.id == opened.mailbox.id,
            "mailbox": opened.mailbox.address,
            "case_title": opened.case.title,
            "thread": [t for t, _ in thread],
            "handling_codes": common.HANDLING,
            "reliability": common.RELIABILITY,
            "accuracy": common.ACCURACY,
            "priorities": common.PRIORITY,
            "states": common.STATES,
            "now": now,
            "reply": reply_form
            or {
                "subject": subject if subject.startswith("Re: ") else f"Re: {subject}"[:300],
                "body": "",
                "priority": "routine",
                "handling": m.handling,
                "handling_text": m.handling_text or "",
                "reliability": "B",
                "accuracy": "2",
            },
            "forward": forward_form or {"to": "", "note": ""},
            "errors": errors or {},
        },
        status=status,
    )


@router.get("/{message_id}")
def thread(request: Request, message_id: Id, principal: Reader, session: SessionDep) -> Response:
    return _page(request, session, principal, message_id)


def _gettext(request: Request) -> gettext.NullTranslations:
    return i18n.translations(i18n.choose(request))


@router.post("/{message_id}/reply", dependencies=[Csrf])
def reply(
    request: Request,
    message_id: Id,
    principal: Sender,
    session: SessionDep,
    subject: Annotated[str, Form(max_length=1000)] = "",
    body: Annotated[str, Form(max_length=1_000_000)] = "",
    priority: Annotated[str, Form(max_length=20)] = "routine",
    handling: Annotated[str, Form(max_length=4)] = "H0",
    handling_text: Annotated[str, Form(max_length=1000)] = "",
    reliability: Annotated[str, Form(max_length=2)] = "B",
    accuracy: Annotated[str, Form(max_length=2)] = "2",
    to_all: Annotated[bool, Form()] = False,
) -> Response:
    from concord.web.messages_compose import check_fields

    given = {
        "subject": subject,
        "body": body,
        "priority": priority,
        "handling": handling,
        "handling_text": handling_text,
        "reliability": reliability,
        "accuracy": accuracy,
    }
    _ = _gettext(request).gettext
    errors = check_fields(given, _)
    if not errors:
        out = service.Outgoing(
            subject=subject.strip(),
            body=body,
            priority=priority,
            handling=handling,
            handling_text=handling_text.strip() or None,
            reliability=reliability,
            accuracy=int(accuracy),
        )
        try:
            sent = service.reply(
                session, principal, store_of(request), message_id, out, now_of(request),
                to_all=to_all,
            )  # fmt: skip
        except ConcordError as exc:
            errors = {"reply": exc.detail}
        else:
            return RedirectResponse(f"/console/messages/{sent.id}?done=sent", status_code=303)
    return _page(
        request, session, principal, message_id, reply_form=given, errors=errors, status=422,
        mark_read=False,
    )  # fmt: skip


@router.post("/{message_id}/forward", dependencies=[Csrf])
def forward(
    request: Request,
    message_id: Id,
    principal: Sender,
    session: SessionDep,
    to: Annotated[str, Form(max_length=4000)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    _ = _gettext(request).gettext
    given = {"to": to, "note": note}
    addresses = [a.strip() for a in to.replace(";", ",").replace(" ", ",").split(",") if a.strip()]
    errors: dict[str, str] = {}
    if not addresses:
        errors["forward_to"] = _("Give at least one mailbox, e.g. DE or ES.")
    else:
        try:
            sent = service.forward(
                session, principal, store_of(request), message_id, addresses,
                note.strip() or None, now_of(request),
            )  # fmt: skip
        except ConcordError as exc:
            errors["forward"] = exc.detail
        else:
            return RedirectResponse(f"/console/messages/{sent.id}?done=sent", status_code=303)
    status = 409 if "forward" in errors else 422
    return _page(
        request, session, principal, message_id, forward_form=given, errors=errors,
        status=status, mark_read=False,
    )  # fmt: skip


@router.post("/{message_id}/acknowledge", dependencies=[Csrf])
def acknowledge(
    request: Request, message_id: Id, principal: Reader, session: SessionDep
) -> Response:
    reading.acknowledge(session, principal, message_id, now_of(request))
    return RedirectResponse(f"/console/messages/{message_id}?done=acknowledged", status_code=303)


@router.get("/{message_id}/attachments/{attachment_id}")
def download(
    request: Request,
    message_id: Id,
    attachment_id: Id,
    principal: Reader,
    session: SessionDep,
) -> StreamingResponse:
    settings: Settings = request.app.state.settings
    got = open_download(
        session, principal, store_of(request), settings.messaging_attachment_dir,
        message_id, attachment_id,
    )  # fmt: skip
    row = got.attachment
    return StreamingResponse(
        got.chunks,
        media_type=row.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=utf-8''{quote(row.filename)}",
            "Content-Length": str(row.size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
