"""``concord compare``: score two names, or a CSV file of name pairs, with the screening matcher.

Needs no database: the matcher is pure computation (:mod:`concord.screening.names`). Decisions and
thresholds are described in ``docs/matching.md``.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from concord.cli.context import EXIT_BAD_INPUT, fail
from concord.cli.output import console, emit_json, fields, note
from concord.screening.names import Decision, NameMatch, compare_texts

OUT_COLUMNS = ("score", "decision", "error")


@lru_cache(maxsize=256)
def schema_error(schema: str) -> str | None:
    """Why ``schema`` is not a usable FollowTheMoney schema name (None if it is)."""
    from followthemoney import model  # slow to import: only when a schema is checked

    if not schema:
        return "empty schema"
    if model.get(schema) is None:
        return f"unknown schema '{schema}'"
    return None


def score_pair(name1: str, name2: str, schema: str) -> NameMatch:
    """Compare two names; ValueError with the reason if they cannot be compared."""
    problem = schema_error(schema)
    if problem is not None:
        raise ValueError(problem)
    if not name1.strip() or not name2.strip():
        raise ValueError("empty name")
    return compare_texts(name1, name2, schema)


def _match_json(name1: str, name2: str, schema: str, match: NameMatch) -> dict[str, Any]:
    return {
        "name1": name1,
        "name2": name2,
        "schema": schema,
        "score": round(match.score, 3),
        "decision": match.decision.value,
        "explanation": match.explain(),
        "parts": [
            {"query": p.query, "candidate": p.candidate, "how": p.how, "score": p.score}
            for p in match.parts
        ],
    }


class _Lines:
    """Lines of a text file, counting the bytes read (for the progress bar)."""

    def __init__(self, file: TextIO) -> None:
        self.file = file
        self.bytes_read = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.file:
            self.bytes_read += len(line.encode("utf-8", "surrogatepass"))
            yield line


@contextmanager
def _progress(total: int) -> Iterator[tuple[Progress, TaskID] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    bar = Progress(
        TextColumn("comparing"),
        BarColumn(),
        TextColumn("{task.fields[rows]:,} pairs"),
        TimeElapsedColumn(),
        console=console(stderr=True),
    )
    with bar:
        yield bar, bar.add_task("compare", total=total, rows=0)


def _open_out(out: Path | None) -> TextIO:
    if out is None or str(out) == "-":
        return sys.stdout
    try:
        return out.open("w", newline="", encoding="utf-8")
    except OSError as exc:
        fail(f"--out {out}: {exc.strerror}", EXIT_BAD_INPUT)


def compare_pairs(pairs: Path, out: Path | None, schema: str) -> dict[str, Any]:
    """Score every row of ``pairs`` into ``out``; returns the summary."""
    try:
        source = pairs.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        fail(f"--pairs {pairs}: {exc.strerror}", EXIT_BAD_INPUT)
    counts = {d.value: 0 for d in Decision} | {"errors": 0}
    started = time.perf_counter()
    rows = 0
    with source:
        lines = _Lines(source)
        reader = csv.DictReader(lines)
        columns = list(reader.fieldnames or [])
        missing = [c for c in ("name1", "name2") if c not in columns]
        if missing:
            fail(f"--pairs {pairs}: missing column(s) {', '.join(missing)}", EXIT_BAD_INPUT)
        header = columns + [c for c in OUT_COLUMNS if c not in columns]
        sink = _open_out(out)
        try:
            writer = csv.DictWriter(sink, fieldnames=header, extrasaction="ignore")
            writer.writeheader()
            with _progress(pairs.stat().st_size) as bar:
                for row in reader:
                    rows += 1
                    row_schema = (row.get("schema") or "").strip() or schema
                    try:
                        match = score_pair(row["name1"] or "", row["name2"] or "", row_schema)
                    except ValueError as exc:
                        row.update(score="", decision=Decision.NO.value, error=str(exc))
                        counts["errors"] += 1
                        counts[Decision.NO.value] += 1
                    else:
                        row.update(score=f"{match.score:.3f}", decision=match.decision.value)
                        row["error"] = ""
                        counts[match.decision.value] += 1
                    writer.writerow(row)
                    if bar is not None and rows % 200 == 0:
                        bar[0].update(bar[1], completed=lines.bytes_read, rows=rows)
                if bar is not None:
                    bar[0].update(bar[1], completed=lines.bytes_read, rows=rows)
        finally:
            if sink is not sys.stdout:
                sink.close()
    seconds = time.perf_counter() - started
    return {"rows": rows, **counts, "seconds": round(seconds, 3), "out": str(out or "-")}


def compare(
    name1: Annotated[str | None, typer.Argument(metavar="NAME1", help="First name.")] = None,
    name2: Annotated[str | None, typer.Argument(metavar="NAME2", help="Second name.")] = None,
    schema: Annotated[
        str,
        typer.Option(
            "--schema",
            metavar="SCHEMA",
            help="FollowTheMoney schema of the names (Person, Company, Organization, Vessel...); "
            "with --pairs, the default for rows without a schema column.",
        ),
    ] = "Person",
    pairs: Annotated[
        Path | None,
        typer.Option(
            "--pairs",
            metavar="PAIRS.csv",
            help="CSV with columns name1,name2 (optional schema): score every row.",
            dir_okay=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="SCORES.csv",
            help="Where --pairs writes its rows with score, decision and error (default: stdout).",
            dir_okay=False,
        ),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Write the result as one JSON document to stdout.")
    ] = False,
) -> None:
    """Compare two names (score, decision, explanation), or every pair of a CSV file with
    --pairs. Needs no database."""
    if pairs is not None:
        if name1 is not None or name2 is not None:
            fail("give either NAME1 NAME2 or --pairs, not both", EXIT_BAD_INPUT)
        if json_out and (out is None or str(out) == "-"):
            fail("--json with --pairs needs --out (stdout carries the JSON)", EXIT_BAD_INPUT)
        summary = compare_pairs(pairs, out, schema)
        if json_out:
            emit_json(summary)
        else:
            note(
                f"{summary['rows']:,} pairs: {summary['match']:,} match, "
                f"{summary['possible']:,} possible, {summary['no']:,} no "
                f"({summary['errors']:,} errors) in {summary['seconds']:.1f}s"
            )
        return
    if name1 is None or name2 is None:
        fail("give two names (NAME1 NAME2) or --pairs PAIRS.csv", EXIT_BAD_INPUT)
    try:
        match = score_pair(name1, name2, schema)
    except ValueError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    if json_out:
        emit_json(_match_json(name1, name2, schema, match))
        return
    fields(
        [
            ("score", f"{match.score:.3f}"),
            ("decision", match.decision.value),
            ("explanation", match.explain()),
        ]
    )
