"""``concord messages list|read``: the reading side of messaging. ``read`` checks the
sender's signature and the content's hash before showing anything, and opens end-to-end
messages here with the reader's private key (``--key FILE``); both are audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from concord import audit
from concord.cli import messages_keys as keys_cli
from concord.cli.context import Work, state
from concord.cli.output import dump, emit_json, fields, say, table
from concord.clock import now as clock_now
from concord.errors import ValidationFailedError
from concord.messaging import keyops, mailboxes, query, reading
from concord.messaging.keys import KeyStore
from concord.messaging.render import opened_out, summary_out
from concord.messaging.schemas import MessageOut

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Id = Annotated[str, typer.Argument(metavar="ID", help="Id of the message.")]


def _store(w: Work) -> KeyStore:
    return KeyStore.from_settings(w.settings)


def list_messages(
    ctx: typer.Context,
    folder: Annotated[str, typer.Option(metavar="FOLDER", help="inbox, sent or all.")] = "all",
    case: Annotated[str | None, typer.Option(metavar="ID", help="Only this case.")] = None,
    correspondent: Annotated[
        str | None, typer.Option(metavar="ADDRESS", help="Only with this mailbox.")
    ] = None,
    unread: Annotated[bool, typer.Option("--unread", help="Only unread.")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Reply time passed, not answered yet.")
    ] = False,
    name: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Referencing a person of this name (screening)."),
    ] = None,
    limit: Annotated[
        int, typer.Option(metavar="N", min=1, max=1000, help="At most this many.")
    ] = 100,
    as_json: Json = False,
) -> None:
    """List your mailbox's messages, newest first (subjects decrypted for you)."""
    if folder not in ("inbox", "sent", "all"):
        raise typer.BadParameter("inbox, sent or all", param_hint="--folder")
    st = state(ctx)
    with st.work() as w:
        store = _store(w)
        now = clock_now(w.settings)
        box = mailboxes.own_mailbox(w.session, store, w.principal, now)
        ids = None
        if name:
            from concord.cli.screen import runtime_for
            from concord.screening.schemas import PersonQuery, ScreenQuery

            found = runtime_for(st).run(
                w.principal, [ScreenQuery(person=PersonQuery(names=[name]))], "message_search"
            )
            ids = [h.record_id for s in found for h in s.outcome.hits]
        f = query.MessageFilter(
            case_id=case,
            correspondent=correspondent,
            unread=unread,
            overdue=overdue,
            folder=folder,
            record_ids=ids,
        )
        rows, total = query.search(w.session, box, f, now, limit=limit, offset=0)
        items = [summary_out(w.session, store, box, m, d) for m, d in rows]
        audit.record(
            w.session,
            actor=w.principal,
            action="message.list",
            object_type="mailbox",
            object_id=box.id,
            payload={"folder": folder, "results": total, "by_name": name is not None},
        )
    if as_json:
        emit_json({"items": [dump(i) for i in items], "total": total})
        return
    table(
        ["id", "case", "from", "subject", "priority", "handling", "state", "sent", "reply by"],
        [
            (
                i.id,
                i.case_reference,
                i.sender,
                i.subject if i.mode == "server" else "(end-to-end)",
                i.priority,
                i.handling,
                i.state or "sent by you",
                i.created_at,
                i.reply_by,
            )
            for i in items
        ],
        title=f"{box.address}: {total} message(s)",
    )


def read(
    ctx: typer.Context,
    message_id: Id,
    key: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Your X25519 private key (end-to-end messages)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Read a message: check its signature and content hash, decrypt it, mark it read.

    End-to-end messages are opened here with the private key in --key FILE."""
    st = state(ctx)
    with st.work() as w:
        store = _store(w)
        now = clock_now(w.settings)
        opened = reading.open_message(w.session, w.principal, store, message_id, now)
        out = opened_out(w.session, opened)
        if opened.message.mode == "e2e":
            if key is None:
                raise ValidationFailedError(
                    "This message is end-to-end: give your private key with --key FILE"
                )
            plain = keyops.open_sealed(keys_cli.read_private(key), opened.message, opened.sealed)
            out = out.model_copy(
                update={
                    "subject": plain.get("subject"),
                    "body": plain.get("body"),
                    "references": list(plain.get("references", [])),
                }
            )
    _print_message(out, opened.message.signing_version, as_json)


def _print_message(out: MessageOut, version: int, as_json: bool) -> None:
    if as_json:
        emit_json(dump(out))
        return
    handling = f"{out.handling} ({out.handling_text})" if out.handling_text else out.handling
    pairs: list[tuple[str, Any]] = [
        ("id", out.id),
        ("case", f"{out.case_reference} ({out.case_id})"),
        ("from", out.sender),
        ("sent", out.created_at),
        ("priority", out.priority),
        ("reply by", out.reply_by),
        ("handling", handling),
        ("source / accuracy", f"{out.reliability}{out.accuracy}"),
        ("mode", out.mode),
        ("subject", out.subject),
    ]
    if out.in_reply_to:
        pairs.append(("in reply to", out.in_reply_to))
    if out.forwarded_from:
        pairs.append(("forwarded from", out.forwarded_from))
    for ref in out.references:
        pairs.append(("reference", ", ".join(f"{k}={v}" for k, v in sorted(ref.items()))))
    for r in out.recipients or []:
        pairs.append((f"to {r.mailbox}", f"{r.state}, acknowledged {r.acknowledged_at or '-'}"))
    fields(pairs)
    say(f"signature: verified (mailbox {out.sender}, key v{version})")
    say("")
    say(out.body or "")
