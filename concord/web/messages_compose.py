"""Composing a message: recipients (countries ticked in a region picker, or mailbox
addresses), case, subject, body, handling code, grading, priority and attachments; and the
attachment upload the page's script streams files to (with progress) before sending.

Sending goes through :func:`concord.messaging.service.send`: the same checks, cryptography,
deliveries, notifications and audit as the API; attachments through the same streamed,
encrypted upload as ``POST /api/v1/attachments``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import unquote

from anyio import to_thread
from fastapi import APIRouter, File, Form, Header, Request, UploadFile
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep
from concord.auth.principal import Principal
from concord.errors import ConcordError
from concord.messaging import attachments, attachments_meta, query, service
from concord.messaging.attachment_routes import receive
from concord.messaging.outgoing import CRIME_AREAS
from concord.settings import Settings
from concord.web import i18n
from concord.web import messages_common as common
from concord.web.messages_common import Sender, my_box, now_of, store_of
from concord.web.session import Csrf
from concord.web.templating import render

router = APIRouter()
Translate = Callable[[str], str]
FIELDS = ("subject", "body", "priority", "handling", "handling_text", "reliability", "accuracy")


def check_fields(given: dict[str, str], _: Translate) -> dict[str, str]:
    """The form's mistakes, by field, in the reader's language (what the API's schema checks)."""
    errors = {}
    subject = given.get("subject", "").strip()
    if not subject:
        errors["subject"] = _("Give a subject.")
    elif len(subject) > 300:
        errors["subject"] = _("The subject is at most 300 characters.")
    if not given.get("body", "").strip():
        errors["body"] = _("Write the message.")
    if given.get("priority") not in common.PRIORITY:
        errors["priority"] = _("Choose a priority.")
    if given.get("handling") not in common.HANDLING:
        errors["handling"] = _("Choose a handling code.")
    elif given["handling"] == "H3" and not given.get("handling_text", "").strip():
        errors["handling_text"] = _("Handling code H3 needs the text of its restrictions.")
    if len(given.get("handling_text", "")) > 500:
        errors["handling_text"] = _("At most 500 characters.")
    if given.get("reliability") not in common.RELIABILITY:
        errors["reliability"] = _("Choose the source's reliability.")
    if given.get("accuracy") not in ("1", "2", "3", "4"):
        errors["accuracy"] = _("Choose the information's accuracy.")
    return errors


def _blank() -> dict[str, str]:
    return {
        "subject": "",
        "body": "",
        "priority": "routine",
        "handling": "H0",
        "handling_text": "",
        "reliability": "B",
        "accuracy": "2",
        "case_id": "",
        "case_title": "",
        "crime_area": "other",
        "to_other": "",
    }


def _form(
    request: Request,
    session: Session,
    principal: Principal,
    given: dict[str, str],
    chosen: list[str],
    uploaded: list[str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    box = my_box(request, session, principal)
    cases, _total = query.cases(session, box, limit=50, offset=0)
    return render(
        request,
        "console/messages/compose.html",
        {
            "v": given,
            "chosen": set(chosen),
            "uploaded": uploaded,
            "errors": errors,
            "regions": common.regions(session, i18n.choose(request)),
            "cases": [c for c, _n in cases],
            "crime_areas": CRIME_AREAS,
            "handling_codes": common.HANDLING,
            "reliability": common.RELIABILITY,
            "accuracy": common.ACCURACY,
            "priorities": common.PRIORITY,
            "box": box,
        },
        status=status,
    )


@router.get("/compose")
def compose(
    request: Request, principal: Sender, session: SessionDep, to: str = "", case_id: str = ""
) -> Response:
    given = _blank() | {"case_id": case_id[:32]}
    return _form(request, session, principal, given, [to.upper()[:2]] if to else [], [], {})


def _store_files(
    request: Request, session: Session, principal: Principal, files: list[UploadFile]
) -> list[str]:
    """Files sent with the form itself (without the page's script): the same encrypted upload
    as the API's; returns their ids."""
    settings: Settings = request.app.state.settings
    box = my_box(request, session, principal)
    ids = []
    for f in files:
        if not f.filename:
            continue
        ctype = attachments_meta.media_type(f.content_type or "application/octet-stream")
        name = attachments_meta.check_name(f.filename, ctype)
        up = attachments.Upload(
            settings.messaging_attachment_dir, ctype, settings.messaging_attachment_max_bytes
        )
        try:
            while chunk := f.file.read(1 << 16):
                up.feed(chunk)
            digest = up.finish()
            row = attachments.record(
                session, principal, store_of(request), box, up, name, digest, now_of(request)
            )
        except BaseException:
            up.abort()
            raise
        ids.append(row.id)
    return ids


@router.post("/compose", dependencies=[Csrf])
def send(
    request: Request,
    principal: Sender,
    session: SessionDep,
    to: Annotated[list[str], Form(max_length=300)] = [],  # noqa: B006 - FastAPI copies it
    to_other: Annotated[str, Form(max_length=2000)] = "",
    case_id: Annotated[str, Form(max_length=32)] = "",
    case_title: Annotated[str, Form(max_length=1000)] = "",
    crime_area: Annotated[str, Form(max_length=40)] = "other",
    subject: Annotated[str, Form(max_length=1000)] = "",
    body: Annotated[str, Form(max_length=1_000_000)] = "",
    priority: Annotated[str, Form(max_length=20)] = "routine",
    handling: Annotated[str, Form(max_length=4)] = "H0",
    handling_text: Annotated[str, Form(max_length=1000)] = "",
    reliability: Annotated[str, Form(max_length=2)] = "B",
    accuracy: Annotated[str, Form(max_length=2)] = "2",
    attachment: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
) -> Response:
    _ = i18n.translations(i18n.choose(request)).gettext
    given = {
        "subject": subject,
        "body": body,
        "priority": priority,
        "handling": handling,
        "handling_text": handling_text,
        "reliability": reliability,
        "accuracy": accuracy,
        "case_id": case_id,
        "case_title": case_title,
        "crime_area": crime_area,
        "to_other": to_other,
    }
    others = [a.strip() for a in to_other.replace(";", ",").replace(" ", ",").split(",")]
    recipients = sorted({c.strip().upper() for c in to if c.strip()} | {a for a in others if a})
    errors = check_fields(given, _)
    if not recipients:
        errors["to"] = _("Choose at least one country or mailbox.")
    if crime_area not in CRIME_AREAS:
        errors["crime_area"] = _("Choose a crime area.")
    uploaded = [a for a in attachment if a]
    if not errors:
        try:
            uploaded += _store_files(request, session, principal, files)
            out = service.Outgoing(
                subject=subject.strip(),
                body=body,
                to=recipients,
                case_id=case_id or None,
                case_title=case_title.strip() or None,
                crime_area=crime_area,
                priority=priority,
                handling=handling,
                handling_text=handling_text.strip() or None,
                reliability=reliability,
                accuracy=int(accuracy),
                attachments=uploaded,
            )
            message = service.send(session, principal, store_of(request), out, now_of(request))
        except ConcordError as exc:
            errors["form"] = exc.detail
        else:
            return RedirectResponse(f"/console/messages/{message.id}?done=sent", status_code=303)
    return _form(request, session, principal, given, recipients, uploaded, errors, status=422)


@router.post("/attachments", dependencies=[Csrf])
async def upload(
    request: Request,
    principal: Sender,
    session: SessionDep,
    x_filename: Annotated[str | None, Header(max_length=1024)] = None,
) -> Response:
    """The raw file as the request body (the page's script sends it with progress); the same
    streamed, encrypted upload as ``POST /api/v1/attachments``. Answers the attachment's id."""
    settings: Settings = request.app.state.settings
    ctype = attachments_meta.media_type(request.headers.get("content-type"))
    name = attachments_meta.check_name(unquote(x_filename) if x_filename else None, ctype)
    now = now_of(request)
    store = store_of(request)
    box = await to_thread.run_sync(my_box, request, session, principal)
    row = await receive(request, session, principal, store, box, settings, name, ctype, now)
    return JSONResponse(
        {"id": row.id, "filename": row.filename, "size": row.size, "sha256": row.sha256},
        status_code=201,
    )
