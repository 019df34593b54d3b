"""``concord db``: bring the schema to head and load reference data, or report where it stands."""

from __future__ import annotations

from typing import Annotated

import typer
from alembic.util.exc import CommandError as AlembicError
from sqlalchemy import func, select

from concord.bootstrap import prepare
from concord.cli.context import EXIT_FAILURE, fail, state
from concord.cli.output import emit_json, fields, note
from concord.db.migrate import current_revision, head_revision
from concord.members.models import Country

app = typer.Typer(help="Database schema: migrations and reference data.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON object to stdout.")]


@app.command("upgrade")
def upgrade(ctx: typer.Context, as_json: Json = False) -> None:
    """Apply migrations up to head and load reference data (members, NCBs, system actor).

    Safe to run again: an up-to-date database is left as it is.
    """
    cli = state(ctx)
    with cli.errors_mapped():
        try:
            members = prepare(cli.db)  # migrations, then reference data in one transaction
        except AlembicError as exc:
            fail(f"migration failed: {exc}")
    with cli.transaction() as session:
        revision = current_revision(session.connection())
    if as_json:
        emit_json({"revision": revision, "head": head_revision(), "members": members})
        return
    fields([("revision", revision), ("members", members)])


@app.command("current")
def current(ctx: typer.Context, as_json: Json = False) -> None:
    """Show the database's schema revision and the code's head; exit 1 if behind."""
    cli = state(ctx)
    with cli.transaction() as session:
        revision = current_revision(session.connection())
        members = None
        if revision is not None:
            members = session.execute(select(func.count()).select_from(Country)).scalar_one()
    head = head_revision()
    up_to_date = revision == head
    if as_json:
        emit_json(
            {"revision": revision, "head": head, "up_to_date": up_to_date, "members": members}
        )
    else:
        fields(
            [
                ("current", revision or "(none: empty database)"),
                ("head", head),
                ("members", members),
            ]
        )
    if not up_to_date:
        note("database schema is behind: run `concord db upgrade`")
        raise typer.Exit(EXIT_FAILURE)
