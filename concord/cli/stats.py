"""``concord stats``: the platform's figures (searches, notices, messages, members,
operations) over a period, their growth between two periods, the items behind them, and
``concord stats staff``: the Secretariat's staff records and their diversity reports.

Thin wrappers over :mod:`concord.stats`, acting as ``--as`` (a member sees what the API shows
it). ``--json`` writes the API's shape; ``--csv FILE`` writes the CSV the API gives with
``?format=csv`` (``-`` for stdout)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from concord.cli.context import state
from concord.cli.output import dump, dump_all, emit_json, fields, note, say, table
from concord.clock import now as clock_now
from concord.settings import Settings
from concord.stats import figures, items, staff
from concord.stats.figures import FigureName
from concord.stats.periods import Grain, Period, resolve
from concord.stats.schemas import StaffIn, StaffPatch

app = typer.Typer(
    help="Statistics from the platform's own data, with their period and source.",
    no_args_is_help=True,
)
staff_app = typer.Typer(help="The Secretariat's staff records and diversity.", no_args_is_help=True)
app.add_typer(staff_app, name="staff")

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Csv = Annotated[
    str | None,
    typer.Option("--csv", metavar="FILE", help="Write the CSV export here ('-': stdout)."),
]
Start = Annotated[date | None, typer.Option(formats=["%Y-%m-%d"], help="First day (UTC).")]
End = Annotated[date | None, typer.Option(formats=["%Y-%m-%d"], help="Last day, included.")]
Year = Annotated[int | None, typer.Option(min=1923, max=2100, help="A calendar year.")]
Country = Annotated[
    str | None, typer.Option(metavar="CC", help="Only this country's details (drill-down).")
]
Day = Annotated[date, typer.Option(formats=["%Y-%m-%d"])]


def _period(
    settings: Settings, start: date | None, end: date | None, year: int | None, **kw: object
) -> Period:
    grain = kw.get("grain")
    return resolve(
        start=start,
        end=end,
        year_=year,
        today=clock_now(settings).date(),
        grain=Grain(grain) if grain in ("day", "month", "year") else None,
        field=str(kw.get("field", "")),
    )


def _write_csv(target: str, text: str) -> None:
    if target == "-":
        typer.echo(text, nl=False)
        return
    Path(target).write_text(text, encoding="utf-8")
    note(f"wrote {target}")


@app.command("show")
def show(
    ctx: typer.Context,
    figure: Annotated[FigureName, typer.Argument(help="Which figure.")],
    start: Start = None,
    end: End = None,
    year: Year = None,
    group_by: Annotated[
        str | None, typer.Option(help="day, month, year, country, region, type, crime_area.")
    ] = None,
    country: Country = None,
    crime_area: Annotated[str | None, typer.Option(help="Operations of one crime area.")] = None,
    as_json: Json = False,
    csv_file: Csv = None,
) -> None:
    """A figure over a period (default: this year to date), grouped by period or dimension."""
    with state(ctx).work() as w:
        period = _period(w.settings, start, end, year, grain=group_by)
        extra = {"crime_area": crime_area} if figure is FigureName.OPERATIONS else {}
        out = figures.compute(
            w.session,
            w.principal,
            figure,
            period=period,
            group_by=group_by,
            country=country,
            **extra,
        )
    if csv_file:
        _write_csv(csv_file, out.to_csv())
    if as_json:
        emit_json(dump(out))
        return
    if csv_file == "-":
        return
    say(f"{out.title}: {out.scope}")
    say(f"source: {out.source}")
    rows = [(r.key, *[r.values.get(c, 0) for c in out.columns]) for r in out.rows]
    rows.append(("total", *[out.totals.get(c, 0) for c in out.columns]))
    table([out.group_by, *out.columns], rows)
    for line in out.notes:
        note(f"note: {line}")


@app.command("growth")
def growth(
    ctx: typer.Context,
    figure: Annotated[FigureName, typer.Argument(help="Which figure.")],
    a_year: Year = None,
    a_start: Start = None,
    a_end: End = None,
    b_year: Year = None,
    b_start: Start = None,
    b_end: End = None,
    column: Annotated[str | None, typer.Option(help="Which value (default: the first).")] = None,
    country: Country = None,
    as_json: Json = False,
    csv_file: Csv = None,
) -> None:
    """A figure's total in period A and in period B, and the change (absolute and %)."""
    with state(ctx).work() as w:
        a = _period(w.settings, a_start, a_end, a_year, field="a")
        b = _period(w.settings, b_start, b_end, b_year, field="b")
        out = figures.growth(
            w.session, w.principal, figure, a=a, b=b, column=column, country=country
        )
    if csv_file:
        _write_csv(csv_file, out.to_csv())
    if as_json:
        emit_json(dump(out))
        return
    pct = "n/a (A is 0)" if out.change_pct is None else f"{out.change_pct:+.2f}%"
    fields(
        [
            ("figure", f"{out.figure}.{out.column} ({out.scope})"),
            ("A", f"{out.a.start}..{out.a.end}: {out.a_value}"),
            ("B", f"{out.b.start}..{out.b.end}: {out.b_value}"),
            ("change", f"{out.change:+} ({pct})"),
            ("source", out.source),
        ]
    )


@app.command("items")
def list_items(
    ctx: typer.Context,
    figure: Annotated[FigureName, typer.Argument(help="Which figure.")],
    start: Start = None,
    end: End = None,
    year: Year = None,
    kind: Annotated[
        str | None, typer.Option(help="searches|hits; issued|refused|valid (notices).")
    ] = None,
    notice_type: Annotated[str | None, typer.Option("--type", help="Notice type.")] = None,
    country: Country = None,
    region: Annotated[str | None, typer.Option(help="Members of one region.")] = None,
    crime_area: Annotated[str | None, typer.Option(help="Operations of one crime area.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Json = False,
    csv_file: Csv = None,
) -> None:
    """The objects a figure counted (ids, time, country, kind), a page at a time."""
    with state(ctx).work() as w:
        period = _period(w.settings, start, end, year)
        out = items.items(
            w.session,
            w.principal,
            figure,
            period=period,
            kind=kind,
            type_=notice_type,
            country=country,
            region=region,
            crime_area=crime_area,
            limit=limit,
            offset=offset,
        )
    if csv_file:
        _write_csv(csv_file, out.to_csv())
    if as_json:
        emit_json(dump(out))
        return
    table(
        ["id", "at", "country", "kind", "count"],
        [(i.id, i.at, i.country, i.kind, i.count) for i in out.items],
        title=f"{len(out.items)} of {out.total} ({out.source}; {out.scope})",
    )


@staff_app.command("add")
def staff_add(
    ctx: typer.Context,
    nationality: Annotated[str, typer.Option(metavar="CC", help="A member country.")],
    grade: Annotated[str, typer.Option(help="Grade, e.g. P3, G5, D1.")],
    start: Day,
    end: Annotated[date | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    as_json: Json = False,
) -> None:
    """Add a staff record (gs_admin): nationality, grade, first and last day of service."""
    body = StaffIn(nationality=nationality.upper(), grade=grade, start_date=start, end_date=end)
    with state(ctx).work() as w:
        out = staff.out(w.session, staff.create(w.session, w.principal, body))
    emit_json(dump(out)) if as_json else say(f"added staff record {out.id}")


@staff_app.command("list")
def staff_list(
    ctx: typer.Context,
    serving_on: Annotated[date | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    nationality: Annotated[str | None, typer.Option(metavar="CC")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 1000,
    as_json: Json = False,
) -> None:
    """Staff records (gs_admin), oldest start first."""
    with state(ctx).work() as w:
        rows, total = staff.listing(
            w.session, w.principal, serving_on=serving_on, nationality=nationality, limit=limit
        )
        out = [staff.out(w.session, r) for r in rows]
    if as_json:
        emit_json(dump_all(out))
        return
    table(
        ["id", "nationality", "region", "grade", "start", "end"],
        [(s.id, s.nationality, s.region, s.grade, s.start_date, s.end_date) for s in out],
        title=f"{len(out)} of {total} staff records",
    )


@staff_app.command("update")
def staff_update(
    ctx: typer.Context,
    staff_id: Annotated[str, typer.Argument(metavar="ID")],
    grade: Annotated[str | None, typer.Option()] = None,
    end: Annotated[date | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    as_json: Json = False,
) -> None:
    """Change a staff record's grade or last day of service."""
    changes = {k: v for k, v in (("grade", grade), ("end_date", end)) if v is not None}
    with state(ctx).work() as w:
        row = staff.update(w.session, w.principal, staff_id, StaffPatch.model_validate(changes))
        out = staff.out(w.session, row)
    emit_json(dump(out)) if as_json else say(f"updated staff record {out.id}")


@staff_app.command("delete")
def staff_delete(
    ctx: typer.Context, staff_id: Annotated[str, typer.Argument(metavar="ID")]
) -> None:
    """Delete a staff record (entered by mistake)."""
    with state(ctx).work() as w:
        staff.delete(w.session, w.principal, staff_id)
    say(f"deleted staff record {staff_id}")


@staff_app.command("representation")
def staff_representation(
    ctx: typer.Context,
    at: Annotated[date | None, typer.Option(formats=["%Y-%m-%d"], help="Default: today.")] = None,
    as_json: Json = False,
) -> None:
    """Member countries and regions represented among staff serving on a day."""
    with state(ctx).work() as w:
        out = staff.representation(w.session, w.principal, at=at or clock_now(w.settings).date())
    if as_json:
        emit_json(dump(out))
        return
    say(
        f"{out.at}: {out.staff} staff from {out.countries} of {out.members} member countries, "
        f"{out.regions} regions"
    )
    say(f"source: {out.source}")
    table(
        ["region", "staff", "countries"], [(r.region, r.staff, r.countries) for r in out.by_region]
    )


@staff_app.command("change")
def staff_change(
    ctx: typer.Context,
    a: Day,
    b: Day,
    as_json: Json = False,
    csv_file: Csv = None,
) -> None:
    """The change in staff and countries represented, by region, from day A to day B."""
    with state(ctx).work() as w:
        out = staff.change(w.session, w.principal, a=a, b=b)
    if csv_file:
        _write_csv(csv_file, out.to_csv())
    if as_json:
        emit_json(dump(out))
        return
    say(
        f"{out.a} -> {out.b}: staff {out.staff_a} -> {out.staff_b}, "
        f"countries {out.countries_a} -> {out.countries_b}"
    )
    table(
        ["region", "staff A", "staff B", "change", "countries A", "countries B", "change"],
        [
            (
                r.region,
                r.staff_a,
                r.staff_b,
                f"{r.staff_change:+}",
                r.countries_a,
                r.countries_b,
                f"{r.countries_change:+}",
            )
            for r in out.by_region
        ],
    )
