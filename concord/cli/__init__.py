"""The ``concord`` command line: operating a Concord installation in-process.

Every command runs on the configured database (``CONCORD_DATABASE_URL``) without a server, acts as
one account (``--as USERNAME``; in development the General Secretariat's system actor by default)
and goes through the same services as the HTTP API, so that its actions are authorised and
audited alike. One module per command group; :mod:`concord.cli.context` holds the plumbing.
"""

from __future__ import annotations

from typing import Annotated

import typer

from concord.cli import audit as audit_cli
from concord.cli import backup as backup_cli
from concord.cli import compare as compare_cli
from concord.cli import db as db_cli
from concord.cli import demo as demo_cli
from concord.cli import members as members_cli
from concord.cli import messages as messages_cli
from concord.cli import notices as notices_cli
from concord.cli import operations as operations_cli
from concord.cli import records as records_cli
from concord.cli import report as report_cli
from concord.cli import screen as screen_cli
from concord.cli import serve as serve_cli
from concord.cli import services as services_cli
from concord.cli import snapshot as snapshot_cli
from concord.cli import stats as stats_cli
from concord.cli import tokens as tokens_cli
from concord.cli import users as users_cli
from concord.cli.context import CliState
from concord.logging import configure_logging

__all__ = ["app", "main"]

app = typer.Typer(
    name="concord",
    help="Operate Concord: database, members, accounts, tokens, audit trail and demo data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="USERNAME",
            help="Act as this account (required outside development; in development the "
            "default is the General Secretariat's system actor).",
        ),
    ] = None,
) -> None:
    """Operate Concord in-process on the configured database (CONCORD_DATABASE_URL).

    Exit codes: 0 success, 1 failure, 2 bad input.
    """
    cli_state = CliState.build(as_user)
    ctx.obj = cli_state
    ctx.call_on_close(cli_state.close)
    if not cli_state.overridden:
        configure_logging(cli_state.settings.log_level)


app.command("serve")(serve_cli.serve)
app.command("compare")(compare_cli.compare)
app.add_typer(db_cli.app, name="db")
app.add_typer(members_cli.members_app, name="members")
app.add_typer(members_cli.agencies_app, name="agencies")
app.add_typer(users_cli.users_app, name="users")
app.add_typer(services_cli.app, name="services")
app.add_typer(tokens_cli.app, name="tokens")
app.add_typer(records_cli.app, name="records")
app.add_typer(notices_cli.app, name="notices")
app.add_typer(notices_cli.diffusions_app, name="diffusions")
app.add_typer(operations_cli.app, name="operations")
app.add_typer(messages_cli.app, name="messages")
app.add_typer(messages_cli.cases_app, name="cases")
app.command("screen")(screen_cli.screen)
app.command("screen-file")(screen_cli.screen_file)
app.add_typer(audit_cli.app, name="audit")
app.command("backup")(backup_cli.backup)
app.command("restore")(backup_cli.restore)
app.add_typer(demo_cli.app, name="demo")
app.add_typer(snapshot_cli.app, name="snapshot")
app.add_typer(stats_cli.app, name="stats")
app.add_typer(report_cli.app, name="report")


def main() -> None:
    """Entry point of the ``concord`` console script."""
    app(prog_name="concord")
