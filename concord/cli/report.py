"""``concord report annual --year YYYY --out DIR``: the year's headline figures and charts as
``DIR/annual-YYYY.html`` (self-contained) and ``DIR/annual-YYYY.pdf``, computed from the
platform's own data by :mod:`concord.stats.report` on behalf of ``--as``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from concord.cli.context import state
from concord.cli.output import emit_json, fields, say
from concord.clock import now as clock_now
from concord.stats import report

app = typer.Typer(help="Reports built from the platform's own data.", no_args_is_help=True)


@app.command("annual")
def annual(
    ctx: typer.Context,
    year: Annotated[int, typer.Option(min=1923, max=2100, help="The calendar year.")],
    out: Annotated[
        Path, typer.Option(file_okay=False, help="Directory to write the two files into.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Also print the figures as JSON.")
    ] = False,
) -> None:
    """Write DIR/annual-YYYY.html and DIR/annual-YYYY.pdf for the year."""
    with state(ctx).work() as w:
        today = clock_now(w.settings).date()
        if year > today.year:
            from concord.cli.context import EXIT_BAD_INPUT, fail

            fail(f"--year: {year} has not begun (today is {today.isoformat()})", EXIT_BAD_INPUT)
        built = report.build(w.session, w.principal, year=year, today=today)
    html, pdf = report.write(built, out)
    if as_json:
        emit_json(
            {
                "year": year,
                "html": str(html),
                "pdf": str(pdf),
                "headlines": [
                    {
                        "label": h.label,
                        "value": h.value,
                        "unit": h.unit,
                        "period": h.period,
                        "source": h.source,
                    }
                    for h in built.headlines
                ],
            }
        )
        return
    fields([(h.label, h.text) for h in built.headlines])
    say(f"wrote {html} and {pdf}")
