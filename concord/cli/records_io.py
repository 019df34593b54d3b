"""``concord records import`` and ``concord records export``: a country's records in bulk.

Registered in the ``concord records`` group (:mod:`concord.cli.records`). Both act for
``--owner CC``: as ``--as USERNAME``, only that country's NCB (or an agency it authorised for
the record type) may; in development without ``--as``, the Secretariat's system actor loads and
unloads on a member's behalf (the bulk-load path). Formats, columns and the FtM mapping are in
``docs/import.md``.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from concord.cli.context import EXIT_BAD_INPUT, fail, state
from concord.cli.output import console, emit_json, note, table
from concord.records.importing import ImportSummary, authorise, import_file, open_source
from concord.records.importing.export import authorise_export, export_records
from concord.records.importing.importer import DEFAULT_BATCH, MAX_BATCH

ERROR_COLUMNS = ("line", "owner_ref", "reason")


class ErrorFile:
    """The error file: CSV ``line,owner_ref,reason``, one row per rejected line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self._file: TextIO = path.open("w", newline="", encoding="utf-8")
        self._csv = csv.writer(self._file)
        self._csv.writerow(ERROR_COLUMNS)

    def write(self, line: int, owner_ref: str | None, reason: str) -> None:
        self._csv.writerow((line, owner_ref or "", reason))
        self.rows += 1

    def close(self) -> None:
        self._file.close()


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        rate = task.fields.get("rate", 0.0)
        return Text(f"{task.fields.get('rows', 0):,} rows, {rate:,.0f} rows/s")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[ImportSummary], None] | None]:
    """A progress bar on stderr (bytes read of the file, rows/s, time left), if a person is
    watching."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = Progress(
        TextColumn("importing"),
        BarColumn(),
        DownloadColumn(),
        _Rate(),
        TimeRemainingColumn(),
        console=console(stderr=True),
    )
    task = bar.add_task("import", total=total, rows=0, rate=0.0)

    def update(summary: ImportSummary) -> None:
        rate = summary.lines / summary.seconds if summary.seconds else 0.0
        bar.update(task, completed=summary.bytes_read, rows=summary.lines, rate=rate)

    with bar:
        yield update


def import_cmd(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="CSV (.csv), JSON Lines (.jsonl, .ndjson) or FollowTheMoney entities (.ftm, "
            ".ftm.json, .json).",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    owner: Annotated[
        str, typer.Option("--owner", metavar="CC", help="The owner country (ISO alpha-2).")
    ],
    type: Annotated[
        str | None,
        typer.Option(
            "--type", metavar="TYPE", help="Record type of a CSV file (CSV only), e.g. document."
        ),
    ] = None,
    status: Annotated[
        str,
        typer.Option(help="Status of documents whose source gives none (FtM has none)."),
    ] = "stolen",
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            metavar="PATH",
            help="Where to write rejected lines (CSV line,owner_ref,reason).  "
            "[default: FILE.errors.csv]",
            dir_okay=False,
        ),
    ] = None,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, max=MAX_BATCH, help="Lines per transaction."),
    ] = DEFAULT_BATCH,
    json_out: Annotated[
        bool, typer.Option("--json", help="Write the summary as one JSON document to stdout.")
    ] = False,
) -> None:
    """Import records for a country: new ones go in, changed ones are updated, the rest is
    left alone; rejected lines go to the error file. Exit 0 once the file is processed."""
    cli = state(ctx)
    owner = owner.strip().upper()
    on_behalf = cli.acting_as is None
    with cli.errors_mapped():
        source = open_source(file, owner=owner, record_type=type, status=status)
    with cli.work() as w:  # refuse before anything is read or written
        principal = w.principal
        kind = source.record_type.value if source.record_type else None
        authorise(w.session, principal, owner, on_behalf=on_behalf, record_type=kind)
    errors_path = errors or file.with_name(f"{file.name}.errors.csv")
    try:
        sink = ErrorFile(errors_path)
    except OSError as exc:
        fail(f"--errors {errors_path}: {exc.strerror}", EXIT_BAD_INPUT)
    try:
        with cli.errors_mapped(), _progress(source.size) as progress:
            summary = import_file(
                cli.db,
                principal,
                owner,
                source,
                settings=cli.settings,
                batch_size=batch_size,
                progress=progress,
                errors=sink,
                on_behalf=on_behalf,
            )
    finally:
        sink.close()
    _report(summary, errors_path, json_out)


def _report(summary: ImportSummary, errors_path: Path, json_out: bool) -> None:
    out: dict[str, Any] = {**summary.as_dict(), "errors_file": str(errors_path)}
    if json_out:
        emit_json(out)
        return
    table(
        [
            "inserted",
            "updated",
            "unchanged",
            "rejected",
            "links",
            "links not made",
            "seconds",
            "rows/s",
        ],
        [
            (
                summary.inserted,
                summary.updated,
                summary.unchanged,
                summary.rejected,
                summary.links,
                summary.link_errors,
                summary.seconds,
                summary.rows_per_second,
            )
        ],
        title=f"import for {summary.owner}: {summary.lines:,} lines",
    )
    if summary.rejected or summary.link_errors:
        note(
            f"{summary.rejected} line(s) rejected, {summary.link_errors} link(s) not made: "
            f"see {errors_path}"
        )


def export_cmd(
    ctx: typer.Context,
    owner: Annotated[
        str, typer.Option("--owner", metavar="CC", help="The owner country (ISO alpha-2).")
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="ftm|csv",
            help="ftm: FollowTheMoney entities, one JSON object per line; csv: one record type "
            "(--type), the columns import reads.",
        ),
    ],
    type: Annotated[
        str | None,
        typer.Option("--type", metavar="TYPE", help="Only this record type (required for csv)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="FILE", help="Write here.  [default: standard output]", dir_okay=False
        ),
    ] = None,
) -> None:
    """Export a country's records (FollowTheMoney entities or CSV), which import reads back
    unchanged."""
    cli = state(ctx)
    owner = owner.strip().upper()
    on_behalf = cli.acting_as is None
    with cli.work() as w:
        principal = w.principal
        authorise_export(w.session, principal, owner, on_behalf=on_behalf)
    with cli.errors_mapped():
        if out is None:
            summary = export_records(
                cli.db,
                principal,
                owner,
                sys.stdout,
                format=format,
                record_type=type,
                on_behalf=on_behalf,
            )
        else:
            partial = out.with_name(f"{out.name}.part")
            try:
                f = partial.open("w", newline="", encoding="utf-8")
            except OSError as exc:
                fail(f"--out {out}: {exc.strerror}", EXIT_BAD_INPUT)
            with f:
                summary = export_records(
                    cli.db,
                    principal,
                    owner,
                    f,
                    format=format,
                    record_type=type,
                    on_behalf=on_behalf,
                )
            partial.replace(out)
    where = f" to {out}" if out else ""
    note(f"exported {summary.records:,} record(s) of {owner}{where}")
