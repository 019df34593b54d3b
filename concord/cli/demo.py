"""``concord demo``: the reproducible demo dataset (development and test only; its credentials
are public). The loader acts as the General Secretariat's system actor itself."""

from __future__ import annotations

from typing import Annotated

import typer

from concord.cli.context import state
from concord.cli.output import emit_json, note, table
from concord.demo import database_is_empty, demo_logins, load_demo

app = typer.Typer(help="The demo dataset (development and test only).", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Write the logins as one JSON list.")]
Seed = Annotated[
    int | None, typer.Option(help="Seed of the dataset.  [default: CONCORD_DEMO_SEED]")
]

LOGIN_COLUMNS = ("username", "role", "country", "password", "totp_secret", "token")


def _show(logins: list[dict[str, str]], as_json: bool, title: str) -> None:
    if as_json:
        emit_json(logins)
        return
    table(
        LOGIN_COLUMNS,
        [tuple(login.get(c) or None for c in LOGIN_COLUMNS) for login in logins],
        title=title,
        stderr=True,
    )
    note("log in at /api/v1/auth/login; `concord users totp-code USERNAME` prints a code")


@app.command("load")
def load(
    ctx: typer.Context,
    if_empty: Annotated[
        bool,
        typer.Option("--if-empty", help="Do nothing (and succeed) if accounts exist already."),
    ] = False,
    seed: Seed = None,
    as_json: Json = False,
) -> None:
    """Load the demo dataset into an empty database and print its logins.

    Without --if-empty, a database that already has accounts is refused (exit 1).
    """
    cli = state(ctx)
    chosen = cli.settings.demo_seed if seed is None else seed
    with cli.errors_mapped():
        if if_empty and not database_is_empty(cli.db):
            note("demo: the database already has accounts; nothing loaded")
            if as_json:
                emit_json([])
            return
        result = load_demo(cli.db, cli.settings, seed=chosen)
    _show(
        result.logins,
        as_json,
        f"demo seed {result.seed}: {result.people} people, {result.service_accounts} service "
        f"account, {result.agencies} agencies in {len(result.countries)} countries, "
        f"{result.records} records, {result.notices} notices, {result.diffusions} diffusion(s), "
        f"{result.messages} messages",
    )


@app.command("travellers")
def travellers_cmd(ctx: typer.Context, as_json: Json = False) -> None:
    """Print the demo travellers who hit demo records, with commands to screen them."""
    from concord.demo.screening import travellers

    cli = state(ctx)
    with cli.transaction() as session:
        found = travellers(session)
    if as_json:
        emit_json([{"title": t.title, "query": t.query, "command": t.command} for t in found])
        return
    table(("traveller", "command"), [(t.title, t.command) for t in found], title="demo hits")
    note("or POST the same to /api/v1/screen with the fr.border token")


@app.command("logins")
def logins(ctx: typer.Context, seed: Seed = None, as_json: Json = False) -> None:
    """Print the demo logins for a seed again (computed, no database needed)."""
    cli = state(ctx)
    chosen = cli.settings.demo_seed if seed is None else seed
    _show(demo_logins(chosen), as_json, f"demo logins, seed {chosen}")
