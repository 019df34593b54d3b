"""``concord tokens``: API tokens of service accounts. A token's secret is shown once, when it is
created; only its hash is stored."""

from __future__ import annotations

from typing import Annotated

import typer

from concord.auth import accounts
from concord.auth.roles import Permission
from concord.auth.schemas import NewTokenOut, TokenCreate, TokenOut
from concord.cli.context import account_named, state
from concord.cli.members import NO_LIMIT
from concord.cli.output import dump, emit_json, fields, say, table

app = typer.Typer(help="API tokens of service accounts.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]


@app.command("create")
def create_token(
    ctx: typer.Context,
    account: Annotated[
        str, typer.Argument(metavar="ACCOUNT_USERNAME", help="The service account.")
    ],
    name: Annotated[str, typer.Option(help="What the token is for (e.g. the host using it).")],
    scope: Annotated[
        list[Permission] | None,
        typer.Option(help="Limit the token to this permission (repeatable).  [default: role]"),
    ] = None,
    days: Annotated[int, typer.Option(help="Lifetime in days.")] = 90,
    ip_range: Annotated[
        list[str] | None,
        typer.Option(metavar="CIDR", help="Accept the token only from this network (repeatable)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Issue an API token to a service account. Prints the secret once."""
    with state(ctx).work() as w:
        body = TokenCreate(name=name, scopes=scope or None, days=days, ip_ranges=ip_range or None)
        owner = account_named(w.session, w.principal, account)
        token, secret = accounts.create_token(
            w.session,
            w.principal,
            settings=w.settings,
            account_id=owner.id,
            name=body.name,
            scopes=body.scopes,
            days=body.days,
            ip_ranges=body.ip_ranges,
        )
        out = NewTokenOut(token=TokenOut.model_validate(token), secret=secret)
    if as_json:
        emit_json(dump(out))
        return
    say(f"created token {out.token.id} for {account}, expires {out.token.expires_at:%Y-%m-%d}")
    say("secret (shown once; only its hash is stored):")
    say(out.secret)


@app.command("revoke")
def revoke_token(
    ctx: typer.Context,
    token_id: Annotated[str, typer.Argument(metavar="TOKEN_ID", help="Id of the token.")],
    as_json: Json = False,
) -> None:
    """Revoke a token: it stops working at once. Revoking twice is harmless."""
    with state(ctx).work() as w:
        token = accounts.revoke_token(w.session, w.principal, token_id)
        out = TokenOut.model_validate(token)
    if as_json:
        emit_json(dump(out))
        return
    fields([("revoked", out.id), ("name", out.name), ("at", out.revoked_at)])


@app.command("list")
def list_tokens(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option(metavar="USERNAME", help="Only this service account's tokens.")
    ] = None,
    as_json: Json = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Show at most this many rows.  [default: all]")
    ] = None,
) -> None:
    """List service-account tokens (never their secrets), oldest first."""
    with state(ctx).work() as w:
        account_id = account_named(w.session, w.principal, account).id if account else None
        rows, total = accounts.list_tokens(
            w.session, w.principal, account_id=account_id, limit=limit or NO_LIMIT
        )
        out = [(TokenOut.model_validate(t), a.username) for t, a in rows]
    if as_json:
        emit_json([{**dump(t), "account": username} for t, username in out])
        return
    table(
        ["id", "account", "name", "scopes", "expires", "last used", "revoked"],
        [
            (t.id, username, t.name, t.scopes, t.expires_at, t.last_used_at, t.revoked_at)
            for t, username in out
        ],
        title=f"{len(out)} of {total} tokens",
    )
