"""``concord services``: service accounts, the systems (border posts, case systems) that call the
API with tokens. Issue them tokens with ``concord tokens create``."""

from __future__ import annotations

from typing import Annotated

import typer

from concord.auth import accounts
from concord.auth.roles import Role
from concord.auth.schemas import AccountOut, ServiceAccountCreate
from concord.cli.context import state
from concord.cli.output import dump, emit_json, say

app = typer.Typer(
    help="Service accounts: systems that call the API with tokens.", no_args_is_help=True
)


@app.command("create")
def create_service(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="Username of the account.")],
    role: Annotated[Role, typer.Option(help="Role of the account.")],
    country: Annotated[
        str | None,
        typer.Option(
            metavar="CC",
            help="Member country (ISO 3166 alpha-2); none for Secretariat roles.",
        ),
    ] = None,
    purpose: Annotated[
        str | None,
        typer.Option(help="Purpose recorded for its searches unless it gives one."),
    ] = None,
    display_name: Annotated[
        str | None, typer.Option(help="Name shown to others.  [default: USERNAME]")
    ] = None,
    agency: Annotated[
        str | None, typer.Option(metavar="ID", help="Agency the system belongs to.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write one JSON object to stdout.")] = (
        False
    ),
) -> None:
    """Create a service account (no password, no TOTP: it authenticates with API tokens)."""
    with state(ctx).work() as w:
        body = ServiceAccountCreate(
            username=username,
            display_name=display_name or username,
            role=role,
            country=country.upper() if country else None,
            agency_id=agency,
            default_purpose=purpose,
        )
        new = accounts.create_account(
            w.session,
            w.principal,
            settings=w.settings,
            kind="service",
            username=body.username,
            display_name=body.display_name,
            role=body.role,
            country=body.country,
            agency_id=body.agency_id,
            default_purpose=body.default_purpose,
        )
        out = AccountOut.model_validate(new.account)
    if as_json:
        emit_json(dump(out))
        return
    where = out.country_code or "General Secretariat"
    say(f"created service account {out.username} ({out.id}), role {out.role}, {where}")
    say(f"issue it a token: concord tokens create {out.username} --name NAME")
