"""``concord messages``: send (or diffuse), list, read, reply, forward and acknowledge
messages between mailboxes, end-to-end if asked; ``concord cases``: the cases they belong to.

Thin wrappers over :mod:`concord.messaging.service` acting as ``--as`` (who holds which
mailbox: :mod:`concord.messaging.mailboxes`). Output has the API's shapes (``MessageOut``,
``MessageSummary``, ``CaseOut``). Key administration: :mod:`concord.cli.messages_keys`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from concord.cli import messages_keys as keys_cli
from concord.cli import messages_read
from concord.cli.context import Work, state
from concord.cli.messages_cases import cases_app
from concord.cli.output import dump, emit_json, say
from concord.clock import now as clock_now
from concord.errors import ValidationFailedError
from concord.messaging import keyops, reading, service
from concord.messaging.keys import KeyStore
from concord.messaging.render import opened_out

app = typer.Typer(
    help="Messages between mailboxes: encrypted, signed, receipted.", no_args_is_help=True
)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Id = Annotated[str, typer.Argument(metavar="ID", help="Id of the message.")]
To = Annotated[
    list[str] | None,
    typer.Option("--to", metavar="ADDRESS", help="A recipient: FR, FR/<agency>, IPSG (repeat)."),
]
Body = Annotated[str, typer.Option(metavar="TEXT|@FILE", help="The body, or @FILE (@- stdin).")]
Priority = Annotated[
    str, typer.Option(metavar="LEVEL", help="routine, urgent (12 h to reply), immediate (2 h).")
]
Handling = Annotated[
    str,
    typer.Option(
        metavar="CODE", help="H0 purpose only, H1 not in court, H2 no onward sharing, H3 other."
    ),
]
HandlingText = Annotated[
    str | None, typer.Option(metavar="TEXT", help="The restrictions (needed with H3).")
]
Reliability = Annotated[
    str, typer.Option(metavar="GRADE", help="Source reliability: A, B, C or X.")
]
Accuracy = Annotated[
    int, typer.Option(metavar="N", min=1, max=4, help="Information accuracy: 1 to 4.")
]
RefRecord = Annotated[
    list[str] | None, typer.Option(metavar="ID", help="A referenced record (repeat).")
]
RefPerson = Annotated[
    list[str] | None, typer.Option(metavar="NAME", help="A referenced person's name (repeat).")
]


def _store(w: Work) -> KeyStore:
    return KeyStore.from_settings(w.settings)


def _text(value: str) -> str:
    """``--body``: the text itself, or ``@FILE`` (``@-``: stdin)."""
    if not value.startswith("@"):
        return value
    try:
        return sys.stdin.read() if value == "@-" else Path(value[1:]).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailedError(f"--body: cannot read {value[1:]}: {exc}") from None


def _references(records: list[str] | None, persons: list[str] | None) -> list[dict[str, Any]]:
    refs: list[dict[str, Any]] = [{"record_id": r} for r in records or []]
    return refs + [{"kind": "person", "names": [n]} for n in persons or []]


def _show(w: Work, store: KeyStore, message_id: str, as_json: bool, *, what: str) -> None:
    """The message as its sender sees it right after sending."""
    now = clock_now(w.settings)
    opened = reading.open_message(w.session, w.principal, store, message_id, now, mark_read=False)
    out = opened_out(w.session, opened)
    if as_json:
        emit_json(dump(out))
        return
    to = ", ".join(r.mailbox for r in out.recipients or [])
    mode = "; end-to-end" if out.mode == "e2e" else ""
    say(f"{what} {out.id} in case {out.case_reference} to {to}")
    say(
        f"  {out.priority}, {out.handling}, reply by {out.reply_by or '-'}; signed by "
        f"{out.sender} key v{opened.message.signing_version}{mode}"
    )


def send(
    ctx: typer.Context,
    subject: Annotated[str, typer.Option(metavar="TEXT", help="The subject (encrypted).")],
    body: Body,
    to: To = None,
    to_all: Annotated[bool, typer.Option("--to-all", help="Every member's NCB.")] = False,
    to_region: Annotated[
        str | None, typer.Option(metavar="REGION", help="Every NCB of an INTERPOL region.")
    ] = None,
    case: Annotated[str | None, typer.Option(metavar="ID", help="An existing case.")] = None,
    case_title: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Title of a new case (in the clear).")
    ] = None,
    crime_area: Annotated[
        str, typer.Option(metavar="AREA", help="Crime area of a new case.")
    ] = "other",
    priority: Priority = "routine",
    handling: Handling = "H0",
    handling_text: HandlingText = None,
    reliability: Reliability = "B",
    accuracy: Accuracy = 2,
    ref_record: RefRecord = None,
    ref_person: RefPerson = None,
    e2e: Annotated[
        bool,
        typer.Option(
            "--e2e", help="End-to-end: seal the content here for each recipient's own key."
        ),
    ] = False,
    as_json: Json = False,
) -> None:
    """Send a message from your mailbox: encrypted, signed, one delivery per recipient.

    With --e2e the content is sealed here for each recipient's registered X25519 key (every
    recipient needs one) and the server stores and relays only ciphertext."""
    st = state(ctx)
    with st.work() as w:
        store = _store(w)
        now = clock_now(w.settings)
        out = service.Outgoing(
            subject=subject,
            body=_text(body),
            to=list(to or []),
            to_all=to_all,
            to_region=to_region,
            case_id=case,
            case_title=case_title,
            crime_area=crime_area,
            priority=priority,
            handling=handling,
            handling_text=handling_text,
            reliability=reliability,
            accuracy=accuracy,
            references=_references(ref_record, ref_person),
        )
        if e2e:
            publics = keyops.e2e_recipients(w.session, w.principal, store, out, now)
            keyops.seal_outgoing(out, publics)
        message = service.send(w.session, w.principal, store, out, now)
        _show(w, store, message.id, as_json, what="sent")


DIFFUSE_HELP = (
    "Diffuse a message to many NCBs at once: every member (--to-all), an INTERPOL region "
    "(--to-region) or a list of countries (--to, repeated). The same as `messages send`: "
    "each NCB gets its own delivery and receipt."
)


def reply(
    ctx: typer.Context,
    message_id: Id,
    body: Body,
    subject: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Default: Re: <original subject>.")
    ] = None,
    to_all: Annotated[bool, typer.Option("--all", help="Reply to every recipient too.")] = False,
    priority: Priority = "routine",
    handling: Handling = "H0",
    handling_text: HandlingText = None,
    reliability: Reliability = "B",
    accuracy: Accuracy = 2,
    as_json: Json = False,
) -> None:
    """Reply in the same case (keeping at least the original's handling restrictions)."""
    st = state(ctx)
    with st.work() as w:
        store = _store(w)
        now = clock_now(w.settings)
        if subject is None:
            original = reading.open_message(
                w.session, w.principal, store, message_id, now, mark_read=False
            )
            subject = f"Re: {(original.content or {}).get('subject', '')}"[:300]
        out = service.Outgoing(
            subject=subject,
            body=_text(body),
            priority=priority,
            handling=handling,
            handling_text=handling_text,
            reliability=reliability,
            accuracy=accuracy,
        )
        sent = service.reply(w.session, w.principal, store, message_id, out, now, to_all=to_all)
        _show(w, store, sent.id, as_json, what="replied with")


def forward(
    ctx: typer.Context,
    message_id: Id,
    to: To = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="A note on top.")] = None,
    as_json: Json = False,
) -> None:
    """Forward a message to other mailboxes (refused under handling code H2)."""
    if not to:
        raise typer.BadParameter("give at least one recipient", param_hint="--to")
    st = state(ctx)
    with st.work() as w:
        store = _store(w)
        now = clock_now(w.settings)
        sent = service.forward(w.session, w.principal, store, message_id, list(to), note, now)
        _show(w, store, sent.id, as_json, what="forwarded as")


def ack(ctx: typer.Context, message_id: Id, as_json: Json = False) -> None:
    """Acknowledge receipt of a message (its sender sees when)."""
    st = state(ctx)
    with st.work() as w:
        delivery = reading.acknowledge(w.session, w.principal, message_id, clock_now(w.settings))
        result = {
            "id": message_id,
            "state": delivery.state,
            "acknowledged_at": delivery.acknowledged_at,
        }
    if as_json:
        emit_json(result)
    else:
        say(f"acknowledged {message_id} at {result['acknowledged_at']}")


app.command("send")(send)
app.command("diffuse", help=DIFFUSE_HELP)(send)
app.command("list")(messages_read.list_messages)
app.command("read")(messages_read.read)
app.command("reply")(reply)
app.command("forward")(forward)
app.command("ack")(ack)
keys_cli.register(app)

__all__ = ["app", "cases_app"]
