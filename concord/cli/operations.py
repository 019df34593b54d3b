"""``concord operations``: run cross-border operations from the command line: create, invite,
answer, start, close, link targets, report results, show totals, load the USD rate table.

Thin wrappers over :mod:`concord.operations` acting as ``--as``; output has the API's shapes.
An operation is named by its id or its code name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord.cli.context import state
from concord.cli.output import dump, dump_all, emit_json, fields, say, table
from concord.cli.records import _data
from concord.errors import ValidationFailedError
from concord.messaging.keys import KeyStore
from concord.operations import hits, invitations, rates, render, results, service, targets, totals
from concord.operations.areas import CRIME_AREAS, Transition
from concord.operations.models import Operation
from concord.operations.schemas import OperationOut, ReportIn, ReportOut, TotalsOut

app = typer.Typer(
    help="Operations: coordinate, invite, target, report results, totals.", no_args_is_help=True
)
rates_app = typer.Typer(help="The US-dollar rate table used to convert results.")
app.add_typer(rates_app, name="rates")

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Ref = Annotated[str, typer.Argument(metavar="OPERATION", help="Id or code name.")]
Countries = Annotated[
    list[str] | None, typer.Option("--invite", metavar="CC", help="Invite a country (repeatable).")
]


def _id(session: Session, ref: str) -> str:
    """The id of the operation named ``ref`` (an id, or a code name in any case)."""
    found = session.execute(
        select(Operation.id).where(func.lower(Operation.code_name) == ref.lower())
    ).scalar()
    return found or ref


def _show(out: OperationOut, as_json: bool) -> None:
    if as_json:
        emit_json(dump(out))
        return
    fields(
        [
            ("id", out.id),
            ("code name", f"{out.code_name} ({out.crime_area}, {out.status.value})"),
            ("period", f"{out.start_date} to {out.end_date}"),
            ("lead", out.lead_country or "General Secretariat"),
            ("coordinating unit", out.coordinating_unit),
            ("objectives", out.objectives),
            ("your role", out.my_role),
            ("case", out.case_id),
        ]
    )
    if out.participants:
        table(
            ["country", "answer", "invited", "answered"],
            [(p.country, p.status.value, p.invited_at, p.answered_at) for p in out.participants],
            title="Participants",
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="planned, active or closed")] = None,
    crime_area: Annotated[str | None, typer.Option("--crime-area", help="e.g. drugs")] = None,
    year: Annotated[int | None, typer.Option(help="Year the operation started")] = None,
    country: Annotated[str | None, typer.Option(metavar="CC", help="Taking part")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    as_json: Json = False,
) -> None:
    """Operations you may see, newest first."""
    with state(ctx).work() as w:
        filters = service.Filters(status=status, crime_area=crime_area, year=year, country=country)
        rows, total = service.search(w.session, w.principal, filters, limit=limit, offset=0)
        out = render.many(w.session, w.principal, rows)
    if as_json:
        emit_json(dump_all(out))
        return
    table(
        ["code name", "area", "status", "start", "end", "lead", "id"],
        [
            (
                o.code_name,
                o.crime_area,
                o.status.value,
                o.start_date,
                o.end_date,
                o.lead_country or "IPSG",
                o.id,
            )
            for o in out
        ],
        title=f"{total} operations",
    )


@app.command("create")
def create(
    ctx: typer.Context,
    code_name: Annotated[str, typer.Option("--code-name", help="Unique, e.g. 'THUNDER 2026'")],
    crime_area: Annotated[str, typer.Option("--crime-area", help=", ".join(CRIME_AREAS))],
    start: Annotated[str, typer.Option(metavar="YYYY-MM-DD")],
    end: Annotated[str, typer.Option(metavar="YYYY-MM-DD")],
    unit: Annotated[str, typer.Option("--unit", help="The coordinating unit")],
    objectives: Annotated[str, typer.Option(metavar="TEXT")],
    lead: Annotated[
        str | None, typer.Option(metavar="CC", help="Lead NCB (default: yours; none: Secretariat)")
    ] = None,
    invite: Countries = None,
    as_json: Json = False,
) -> None:
    """Create a planned operation (and its case in messaging)."""
    cli = state(ctx)
    with cli.work() as w:
        op = service.create(
            w.session,
            w.principal,
            code_name=code_name,
            crime_area=crime_area,
            start_date=_date(start, "--start"),
            end_date=_date(end, "--end"),
            coordinating_unit=unit,
            objectives=objectives,
            lead_country=lead.upper() if lead else None,
            invite=[c.upper() for c in invite or []],
            settings=w.settings,
            store=KeyStore.from_settings(w.settings),
        )
        out = render.one(w.session, w.principal, op)
    _show(out, as_json)


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailedError(f"{option}: '{value}' is not YYYY-MM-DD") from None


@app.command("show")
def show(ctx: typer.Context, ref: Ref, as_json: Json = False) -> None:
    """One operation."""
    with state(ctx).work() as w:
        op, _role = service.get(w.session, w.principal, _id(w.session, ref))
        out = render.one(w.session, w.principal, op)
    _show(out, as_json)


@app.command("invite")
def invite(
    ctx: typer.Context,
    ref: Ref,
    countries: Annotated[list[str], typer.Argument(metavar="CC...", help="Countries to invite")],
    as_json: Json = False,
) -> None:
    """Invite countries (coordinators)."""
    with state(ctx).work() as w:
        op_id = _id(w.session, ref)
        invitations.invite_by_id(
            w.session,
            w.principal,
            op_id,
            countries=[c.upper() for c in countries],
            settings=w.settings,
        )
        op, _role = service.get(w.session, w.principal, op_id)
        out = render.one(w.session, w.principal, op)
    _show(out, as_json)


@app.command("answer")
def answer(
    ctx: typer.Context,
    ref: Ref,
    decision: Annotated[str, typer.Argument(metavar="accept|decline")],
    note: Annotated[str | None, typer.Option(metavar="TEXT")] = None,
    as_json: Json = False,
) -> None:
    """Accept or decline your country's invitation."""
    if decision not in ("accept", "decline"):
        with state(ctx).errors_mapped():
            raise ValidationFailedError("answer: 'accept' or 'decline'")
    with state(ctx).work() as w:
        row = invitations.answer(
            w.session,
            w.principal,
            _id(w.session, ref),
            accept=decision == "accept",
            note=note,
            settings=w.settings,
            store=KeyStore.from_settings(w.settings),
        )
        result = {"country": row.country, "status": row.status}
    if as_json:
        emit_json(result)
    else:
        say(f"{result['country']}: {result['status']}")


def _transition(ctx: typer.Context, ref: str, action: Transition, as_json: bool) -> None:
    with state(ctx).work() as w:
        op = service.transition(
            w.session, w.principal, _id(w.session, ref), action=action, settings=w.settings
        )
        out = render.one(w.session, w.principal, op)
    _show(out, as_json)


@app.command("start")
def start(ctx: typer.Context, ref: Ref, as_json: Json = False) -> None:
    """Start a planned operation (coordinators)."""
    _transition(ctx, ref, Transition.START, as_json)


@app.command("close")
def close(ctx: typer.Context, ref: Ref, as_json: Json = False) -> None:
    """Close an active operation: its reports are locked."""
    _transition(ctx, ref, Transition.CLOSE, as_json)


@app.command("target")
def target(
    ctx: typer.Context,
    ref: Ref,
    record: Annotated[str | None, typer.Option(metavar="ID", help="Link this record")] = None,
    notice: Annotated[str | None, typer.Option(metavar="ID", help="Link this notice")] = None,
    remove: Annotated[str | None, typer.Option(metavar="TARGET", help="Unlink a target")] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT")] = None,
    as_json: Json = False,
) -> None:
    """Link a record or notice as a target, unlink one (--remove), or list them (no option)."""
    with state(ctx).work() as w:
        op_id = _id(w.session, ref)
        if remove is not None:
            targets.remove(w.session, w.principal, op_id, remove)
        elif record is not None or notice is not None:
            targets.add(
                w.session,
                w.principal,
                op_id,
                record_id=record,
                notice_id=notice,
                note=note,
                settings=w.settings,
            )
        rows, _total = targets.listing(
            w.session, w.principal, op_id, settings=w.settings, limit=None, offset=0
        )
        out = [render.target(t, label) for t, label in rows]
    if as_json:
        emit_json(dump_all(out))
        return
    table(
        ["id", "kind", "record or notice", "label", "by", "note"],
        [(t.id, t.kind, t.ref_id, t.label, t.added_country, t.note) for t in out],
        title="Targets",
    )


@app.command("hits")
def hits_(ctx: typer.Context, ref: Ref, as_json: Json = False) -> None:
    """Screening hits on the operation's targets (coordinators)."""
    with state(ctx).work() as w:
        rows, _total = hits.listing(
            w.session, w.principal, _id(w.session, ref), limit=None, offset=0
        )
        out = [
            {
                "hit_id": h.hit_id,
                "record_id": h.record_id,
                "screener_country": h.screener_country,
                "decision": h.decision,
                "at": h.created_at.isoformat(),
            }
            for h in rows
        ]
    if as_json:
        emit_json(out)
        return
    table(["hit", "record", "screened by", "decision", "at"], [tuple(h.values()) for h in out])


def _report_table(reports: list[ReportOut]) -> None:
    table(
        [
            "country",
            "version",
            "date",
            "arrests",
            "seizures USD",
            "vehicles",
            "assets USD",
            "total USD",
        ],
        [
            (
                r.country,
                r.version,
                r.report_date,
                r.arrests,
                f"{r.seizures_usd:,.2f}",
                r.vehicles_recovered,
                f"{r.assets_usd:,.2f}",
                f"{r.total_usd:,.2f}",
            )
            for r in reports
        ],
    )


@app.command("report")
def report(
    ctx: typer.Context,
    ref: Ref,
    data: Annotated[
        str, typer.Option("--data", metavar="JSON|@FILE", help="The report (API shape ReportIn).")
    ],
    amend: Annotated[bool, typer.Option("--amend", help="A new version of your report")] = False,
    as_json: Json = False,
) -> None:
    """Report your country's results, or amend them (--amend)."""
    with state(ctx).work() as w:
        body = ReportIn.model_validate(_data(data))
        op_id = _id(w.session, ref)
        if amend:
            v = results.amend(
                w.session,
                w.principal,
                op_id,
                w.principal.org,
                report=body,
                expected_version=None,
                settings=w.settings,
            )
        else:
            v = results.submit(w.session, w.principal, op_id, report=body, settings=w.settings)
        out = render.report(v)
    if as_json:
        emit_json(dump(out))
    else:
        _report_table([out])


@app.command("results")
def results_(
    ctx: typer.Context,
    ref: Ref,
    history: Annotated[
        str | None, typer.Option(metavar="CC", help="Every version of this country's report")
    ] = None,
    as_json: Json = False,
) -> None:
    """The current reports, or one country's history."""
    with state(ctx).work() as w:
        op_id = _id(w.session, ref)
        versions = (
            results.history(w.session, w.principal, op_id, history)
            if history
            else results.current(w.session, w.principal, op_id)
        )
        out = [render.report(v) for v in versions]
    if as_json:
        emit_json(dump_all(out))
    else:
        _report_table(out)


@app.command("totals")
def totals_(ctx: typer.Context, ref: Ref, as_json: Json = False) -> None:
    """Totals over the current reports, in US dollars."""
    with state(ctx).work() as w:
        op, t = totals.of_operation(w.session, w.principal, _id(w.session, ref))
        out: TotalsOut = render.totals(op, t)
    if as_json:
        emit_json(dump(out))
        return
    fields(
        [
            ("operation", f"{out.code_name} ({out.status.value})"),
            ("reports", f"{out.reports} ({', '.join(out.countries)})"),
            ("arrests", out.arrests),
            ("persons identified", out.persons_identified),
            ("victims rescued", out.victims_rescued),
            ("vehicles recovered", out.vehicles_recovered),
            ("seizures", f"USD {out.seizures_usd:,.2f}"),
            ("vehicles", f"USD {out.vehicles_usd:,.2f}"),
            ("assets", f"USD {out.assets_usd:,.2f}"),
            ("total", f"USD {out.total_usd:,.2f}"),
            (
                "taken down",
                f"{out.websites_taken_down} websites, {out.accounts_taken_down} "
                f"accounts, {out.servers_taken_down} servers",
            ),
        ]
    )


@rates_app.command("load")
def rates_load(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="CSV: currency,date,per_usd")],
    as_json: Json = False,
) -> None:
    """Load (or update) US-dollar rates from a CSV file (Secretariat)."""
    cli = state(ctx)
    with cli.work() as w:
        if not file.is_file():
            raise ValidationFailedError(f"FILE: no such file {file}")
        out = rates.load_file(w.session, w.principal, file)
    if as_json:
        emit_json(out)
    else:
        say(
            f"{out['rows']} rates of {len(out['currencies'])} currencies from {out['file']}: "
            f"{out['inserted']} new, {out['updated']} changed"
        )
