"""``concord backup OUT`` and ``concord restore IN``: one archive holding the database and the
attachment store, checked before it is restored (:mod:`concord.db.backup`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn

from concord.cli.context import EXIT_FAILURE, state
from concord.cli.output import console, emit_json, fields, note, say, table
from concord.db.backup import Progress as ProgressCallback
from concord.db.backup import create_backup
from concord.db.backup_restore import restore_backup
from concord.db.migrate import head_revision

Json = Annotated[bool, typer.Option("--json", help="Write one JSON object to stdout.")]
PgBin = Annotated[
    Path | None,
    typer.Option(
        "--pg-bin",
        metavar="DIR",
        help="Directory of pg_dump and pg_restore (PostgreSQL). [default: pg_config --bindir, "
        "the newest /usr/lib/postgresql/*/bin, then PATH]",
    ),
]
#: phases whose amounts are bytes (the others count pages, tables or files)
BYTES = {"archive", "checking"}


@contextmanager
def _progress() -> Iterator[ProgressCallback | None]:
    """A bar per phase on stderr, only when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = Progress(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        TextColumn("{task.fields[amount]}"),
        console=console(stderr=True),
        transient=True,
    )
    tasks: dict[str, TaskID] = {}
    sizes = DownloadColumn()

    def update(what: str, done: int, total: int) -> None:
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total or None, amount="")
        task = bar.tasks[tasks[what]]
        amount = f"{done:,}/{total:,}" if total else f"{done:,}"
        bar.update(tasks[what], completed=done, total=total or None, amount=amount)
        if what in BYTES:
            bar.update(tasks[what], amount=sizes.render(task).plain)

    with bar:
        yield update


@contextmanager
def _mapped(ctx: typer.Context) -> Iterator[ProgressCallback | None]:
    with state(ctx).errors_mapped(), _progress() as tick:
        yield tick


def backup(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="OUT", help="Archive to write (must not exist).")],
    pg_bin: PgBin = None,
    as_json: Json = False,
) -> None:
    """Back up the database and the attachment store into one archive file OUT.

    SQLite is copied with its online backup API, PostgreSQL with `pg_dump --format=custom`,
    both from one snapshot while the server keeps running. The archive holds a manifest (engine,
    schema revision, Concord version, time, SHA-256 of every member, row count of every table);
    it has no secrets of the configuration: keep CONCORD_MESSAGING_KEK, CONCORD_SECRET_KEY and
    CONCORD_AUDIT_SIGNING_KEY apart from it, a restore needs the same values. The archive is
    written with mode 0600 and holds personal data: store it encrypted.
    """
    cli = state(ctx)
    with _mapped(ctx) as tick:
        result = create_backup(cli.db, cli.settings, out, pg_bin=pg_bin, progress=tick)
    m = result.manifest
    for path in result.missing:
        note(f"warning: attachment file '{path}' is missing from the store; not in the backup")
    if as_json:
        emit_json(
            {
                "archive": str(result.path),
                "sha256": result.sha256,
                "size": result.size,
                "missing_attachments": result.missing,
                **{k: m[k] for k in ("engine", "alembic_revision", "created_at", "tables")},
            }
        )
        return
    fields(
        [
            ("archive", result.path),
            ("size", f"{result.size:,} bytes"),
            ("sha256", result.sha256),
            ("engine", m["engine"]),
            ("revision", m["alembic_revision"]),
            ("rows", f"{sum(m['tables'].values()):,} in {len(m['tables'])} tables"),
            ("attachments", len(m["members"]) - 1),
            ("audit head", f"seq {m['audit_head']['seq']}"),
        ]
    )


def restore(
    ctx: typer.Context,
    archive: Annotated[
        Path, typer.Argument(metavar="IN", help="Archive made by `concord backup`.")
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="DESTRUCTIVE: restore even if the database or attachment store holds data; "
            "everything in the database is replaced and files of the same name are overwritten.",
        ),
    ] = False,
    pg_bin: PgBin = None,
    as_json: Json = False,
) -> None:
    """Restore an archive of `concord backup` into the configured, empty database.

    Stop the server first. Refused: a database holding more than `concord db upgrade` puts
    there (unless --force), a backup of the other engine, a backup whose schema revision is
    newer than this code. Every member's SHA-256 is checked before anything is touched. Then
    the database and attachment files are restored, every table's row count is compared with
    the manifest and the audit chain is verified (as `concord audit verify`), with the same
    CONCORD_AUDIT_SIGNING_KEY as the backed-up installation. Exit 1 on any difference; 2 if
    the archive is damaged, altered or not a backup.
    """
    cli = state(ctx)
    with _mapped(ctx) as tick:
        result = restore_backup(
            cli.db, cli.settings, archive, force=force, pg_bin=pg_bin, progress=tick
        )
    m, chain = result.manifest, result.chain
    if as_json:
        emit_json(
            {
                "ok": result.ok,
                "engine": m["engine"],
                "alembic_revision": m["alembic_revision"],
                "created_at": m["created_at"],
                "tables": {t: {"manifest": a, "restored": b} for t, a, b in _rows(result.rows)},
                "mismatched_tables": sorted(result.mismatched),
                "audit": chain.as_dict(),
                "audit_head_matches": result.head_matches,
                "missing_files": result.missing_files,
            }
        )
    else:
        fields(
            [
                ("restored", f"{m['engine']} backup of {m['created_at']} ({m['source']})"),
                ("revision", m["alembic_revision"]),
                ("rows", f"{sum(a for _, a, _ in _rows(result.rows)):,} expected"),
                ("attachments", len(m["members"]) - 1),
            ]
        )
        if result.mismatched:
            table(
                ["table", "manifest", "restored"],
                [(t, a, b) for t, (a, b) in sorted(result.mismatched.items())],
                title="row counts that differ",
            )
        else:
            say(f"row counts match the manifest in all {len(result.rows)} tables")
        for name in result.missing_files:
            say(f"attachment missing or of the wrong size: {name}")
        if chain.ok and result.head_matches:
            say(f"audit chain OK: {chain.checked} events, head seq {chain.head_seq}")
        elif chain.ok:
            say(f"audit chain ends at seq {chain.head_seq}, the backup's at {m['audit_head']}")
        else:
            say(f"audit chain BROKEN: first bad event seq {chain.first_bad_seq} ({chain.reason})")
        say("restore OK" if result.ok else "restore FAILED: the database differs from the backup")
    if m["alembic_revision"] != head_revision():
        note("the restored schema is older than this code: run `concord db upgrade`")
    if not result.ok:
        raise typer.Exit(EXIT_FAILURE)


def _rows(rows: dict[str, tuple[int, int | None]]) -> list[tuple[str, int, int | None]]:
    return [(t, a, b) for t, (a, b) in sorted(rows.items())]
