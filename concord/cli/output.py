"""Writing results: one JSON document on stdout for ``--json``, rich tables for people.

Everything meant for programs goes to stdout; messages, warnings and progress go to stderr, so
that ``concord ... --json | jq`` always gets exactly one JSON document.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

#: Width of tables when stdout is not a terminal (pipes, files): wide enough not to wrap ids.
PIPE_WIDTH = 200


def console(*, stderr: bool = False) -> Console:
    """A console on the current stdout/stderr (created per call: tests swap the streams)."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else PIPE_WIDTH
    return Console(file=stream, stderr=stderr, highlight=False, width=width, soft_wrap=False)


def emit_json(data: Any) -> None:
    """Write ``data`` as the command's single JSON document on stdout."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def dump_all(models: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [dump(m) for m in models]


def say(message: str) -> None:
    """A line of human-readable result on stdout."""
    typer.echo(message)


def note(message: str) -> None:
    """A message for the operator on stderr (never mixed with JSON output)."""
    typer.echo(message, err=True)


def cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%SZ")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "-"
    return str(value)


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    stderr: bool = False,
) -> None:
    """Print rows as a table; every value goes through :func:`cell`."""
    t = Table(title=title, show_lines=False, header_style="bold")
    for name in columns:
        t.add_column(name, overflow="fold")
    for row in rows:
        t.add_row(*(cell(v) for v in row))
    console(stderr=stderr).print(t)


def fields(pairs: Sequence[tuple[str, Any]], *, stderr: bool = False) -> None:
    """Print ``name: value`` lines, aligned."""
    width = max((len(name) for name, _ in pairs), default=0)
    for name, value in pairs:
        typer.echo(f"{name.ljust(width)}  {cell(value)}", err=stderr)
