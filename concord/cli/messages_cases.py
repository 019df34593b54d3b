"""``concord cases``: the cases messages belong to, as the caller's mailbox sees them (a
case is visible to the mailboxes taking part in it). Output has the API's ``CaseOut``."""

from __future__ import annotations

from typing import Annotated

import typer

from concord.cli.context import state
from concord.cli.output import dump, emit_json, fields, table
from concord.clock import now as clock_now
from concord.messaging import cases, mailboxes, query
from concord.messaging.keys import KeyStore
from concord.messaging.models import Case
from concord.messaging.schemas import CaseOut
from concord.messaging.service import CRIME_AREAS

cases_app = typer.Typer(help="Cases that messages belong to.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]


def _out(case: Case, participants: list[str], messages: int) -> CaseOut:
    return CaseOut(
        id=case.id,
        reference=case.reference,
        title=case.title,
        crime_area=case.crime_area,
        created_at=case.created_at,
        updated_at=case.updated_at,
        participants=participants,
        messages=messages,
    )


@cases_app.command("list")
def list_cases(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option(metavar="N", min=1, max=1000, help="At most this many.")
    ] = 100,
    as_json: Json = False,
) -> None:
    """List the cases your mailbox takes part in, most recently active first."""
    st = state(ctx)
    with st.work() as w:
        store = KeyStore.from_settings(w.settings)
        box = mailboxes.own_mailbox(w.session, store, w.principal, clock_now(w.settings))
        rows, total = query.cases(w.session, box, limit=limit, offset=0)
        items = [_out(c, query.participants(w.session, c.id), n) for c, n in rows]
    if as_json:
        emit_json({"items": [dump(i) for i in items], "total": total})
        return
    table(
        ["id", "reference", "title", "crime area", "participants", "messages", "updated"],
        [
            (i.id, i.reference, i.title, i.crime_area, i.participants, i.messages, i.updated_at)
            for i in items
        ],
        title=f"{box.address}: {total} case(s)",
    )


@cases_app.command("show")
def show(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the case.")],
    as_json: Json = False,
) -> None:
    """Show one case of your mailbox: reference, title, crime area, participants."""
    st = state(ctx)
    with st.work() as w:
        store = KeyStore.from_settings(w.settings)
        box = mailboxes.own_mailbox(w.session, store, w.principal, clock_now(w.settings))
        case = query.case_of(w.session, box, case_id)
        out = _out(
            case, query.participants(w.session, case.id), cases.message_count(w.session, case.id)
        )
    if as_json:
        emit_json(dump(out))
        return
    fields(
        [
            ("id", out.id),
            ("reference", out.reference),
            ("title", out.title),
            ("crime area", out.crime_area),
            ("participants", out.participants),
            ("messages", out.messages),
            ("opened", out.created_at),
            ("updated", out.updated_at),
        ]
    )
    typer.echo(f"(messages: concord messages list --case {out.id})", err=True)


@cases_app.command("open")
def open_case(
    ctx: typer.Context,
    title: Annotated[str, typer.Option(metavar="TEXT", help="The title (in the clear).")],
    crime_area: Annotated[
        str, typer.Option(metavar="AREA", help=", ".join(CRIME_AREAS) + ".")
    ] = "other",
    as_json: Json = False,
) -> None:
    """Open a case before its first message (send to it with `messages send --case ID`)."""
    st = state(ctx)
    with st.work() as w:
        store = KeyStore.from_settings(w.settings)
        case = cases.open_case(
            w.session, w.principal, store, title, crime_area, clock_now(w.settings)
        )
        out = _out(case, query.participants(w.session, case.id), 0)
    if as_json:
        emit_json(dump(out))
    else:
        typer.echo(f"opened case {out.reference} ({out.id}): {out.title}")
