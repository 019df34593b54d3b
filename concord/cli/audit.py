"""``concord audit``: verify the hash chain, search events, prune behind signed checkpoints, and
publish the signed chain head."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

from concord import audit as audit_trail
from concord.audit.chain import format_time
from concord.audit.query import EventFilter, query_events
from concord.audit.schemas import AuditEventOut, SignedHead, VerifyOut
from concord.audit.verify import Progress as ProgressCallback
from concord.audit.verify import prune as prune_chain
from concord.audit.verify import signed_head, verify_chain
from concord.auth.accounts import require
from concord.auth.roles import Permission
from concord.cli.context import EXIT_FAILURE, state
from concord.cli.output import console, dump, dump_all, emit_json, fields, say, table
from concord.errors import ValidationFailedError

app = typer.Typer(help="The audit trail: verify, search, prune, signed head.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON object to stdout.")]

#: Chains shorter than this verify too fast to deserve a progress bar.
PROGRESS_MIN_EVENTS = 5000


@contextmanager
def _progress_bar() -> Iterator[ProgressCallback]:
    """A progress callback for :func:`verify_chain`, drawing a bar on stderr once the chain
    turns out to be long."""
    bar: Progress | None = None
    task: TaskID | None = None

    def update(checked: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total < PROGRESS_MIN_EVENTS:
                return
            bar = Progress(
                "verifying",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console(stderr=True),
                transient=True,
            )
            bar.start()
            task = bar.add_task("verify", total=total)
        assert task is not None
        bar.update(task, completed=checked)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


@app.command("verify")
def verify(ctx: typer.Context, as_json: Json = False) -> None:
    """Verify the whole hash chain; exit 1 and name the first bad event if it is broken."""
    with state(ctx).work() as w:
        require(w.principal, Permission.AUDIT_VERIFY)
        with _progress_bar() as progress:
            result = verify_chain(w.session, w.signer, progress)
        audit_trail.record(
            w.session,
            actor=w.principal,
            action="audit.verify",
            object_type="audit_chain",
            outcome="ok" if result.ok else "failed",
            payload=result.as_dict(),
        )
    if as_json:
        emit_json(dump(VerifyOut(**result.as_dict())))
    elif result.ok:
        say("audit chain OK")
        fields(
            [
                ("events checked", result.checked),
                ("head seq", result.head_seq),
                ("head hash", result.head_hash),
            ]
        )
        if result.checkpoint_seq is not None:
            say(f"(from the signed retention checkpoint at seq {result.checkpoint_seq})")
    else:
        say("audit chain BROKEN")
        say(f"first bad event: seq {result.first_bad_seq} ({result.reason})")
        fields([("events checked", result.checked), ("head seq", result.head_seq)])
    if not result.ok:
        raise typer.Exit(EXIT_FAILURE)


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailedError(f"{option}: '{value}' is not an ISO 8601 date/time") from exc
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


@app.command("query")
def query(
    ctx: typer.Context,
    actor: Annotated[
        str | None, typer.Option(metavar="ID", help="Account id of the actor.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(metavar="CC", help="Country of the actor, or IPSG.")
    ] = None,
    action: Annotated[str | None, typer.Option(help="e.g. account.create, token.revoke.")] = None,
    outcome: Annotated[str | None, typer.Option(help="ok, denied or failed.")] = None,
    object_type: Annotated[str | None, typer.Option(help="e.g. account, token.")] = None,
    object_id: Annotated[
        str | None, typer.Option(metavar="ID", help="Id of the object acted on.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="ISO", help="From this time (UTC unless given).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="ISO", help="Before this time (UTC unless given).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Show at most this many events.  [default: all]")
    ] = None,
    as_json: Json = False,
) -> None:
    """Search audit events, oldest first (auditors; a country's auditor sees its country)."""
    with state(ctx).work() as w:
        f = EventFilter(
            actor_id=actor,
            country=country.upper() if country else None,
            action=action,
            outcome=outcome,
            object_type=object_type,
            object_id=object_id,
            since=_when(since, "--since"),
            until=_when(until, "--until"),
        )
        rows, total = query_events(w.session, w.principal, f, limit=limit)
        out = [AuditEventOut.model_validate(r) for r in rows]
    if as_json:
        emit_json(dump_all(out))
        return
    table(
        ["seq", "at", "actor", "country", "action", "outcome", "object"],
        [
            (
                e.seq,
                e.at,
                e.actor_id,
                e.country,
                e.action,
                e.outcome,
                f"{e.object_type}:{e.object_id}" if e.object_id else e.object_type,
            )
            for e in out
        ],
        title=f"{len(out)} of {total} events",
    )


@app.command("prune")
def prune(ctx: typer.Context, as_json: Json = False) -> None:
    """Delete events older than CONCORD_AUDIT_RETENTION_DAYS behind a signed checkpoint."""
    with state(ctx).work() as w:
        require(w.principal, Permission.AUDIT_PRUNE)
        days = w.settings.audit_retention_days
        cp = prune_chain(w.session, actor=w.principal, signer=w.signer, retention_days=days)
        result = None
        if cp is not None:
            result = {
                "upto_seq": cp.upto_seq,
                "upto_hash": cp.upto_hash,
                "pruned_total": cp.pruned,
                "created_at": format_time(cp.created_at),
                "key_id": cp.key_id,
            }
    if as_json:
        emit_json({"retention_days": days, "checkpoint": result})
    elif result is None:
        say(f"nothing to prune: no event is older than {days} days")
    else:
        say(f"pruned events up to seq {result['upto_seq']} behind a signed checkpoint")
        fields([("pruned so far", result["pruned_total"]), ("key id", result["key_id"])])


@app.command("head")
def head(ctx: typer.Context) -> None:
    """Print the chain head, signed, as JSON: keep it elsewhere to detect truncation later."""
    with state(ctx).work() as w:
        require(w.principal, Permission.AUDIT_VERIFY)
        out = SignedHead(**signed_head(w.session, w.signer))
    emit_json(dump(out))
