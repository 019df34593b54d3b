"""``concord members`` (the member countries and their NCBs) and ``concord agencies`` (the
national agencies each NCB authorises)."""

from __future__ import annotations

from typing import Annotated

import typer

from concord.cli.context import state
from concord.cli.output import dump, dump_all, emit_json, fields, say, table
from concord.members import service
from concord.members.schemas import (
    AgencyCreate,
    AgencyKind,
    AgencyOut,
    AgencySuspend,
    MemberDetail,
    MemberOut,
    NcbOut,
    Region,
)

#: Services that page take a limit; the CLI lists every row unless ``--limit`` says otherwise.
NO_LIMIT = 2**31 - 1

members_app = typer.Typer(help="Member countries and their NCBs.", no_args_is_help=True)
agencies_app = typer.Typer(
    help="National agencies authorised by an NCB (border, customs, ...).", no_args_is_help=True
)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Limit = Annotated[
    int | None, typer.Option(min=1, help="Show at most this many rows.  [default: all]")
]
Country = Annotated[
    str | None, typer.Option(help="Member country (ISO 3166 alpha-2, e.g. FR).", metavar="CC")
]


@members_app.command("list")
def list_members(
    ctx: typer.Context,
    region: Annotated[Region | None, typer.Option(help="Only this INTERPOL region.")] = None,
    as_json: Json = False,
    limit: Limit = None,
) -> None:
    """List member countries, by name."""
    with state(ctx).work() as w:
        rows, total = service.list_members(
            w.session, region=str(region) if region else None, limit=limit
        )
        out = [MemberOut.model_validate(r) for r in rows]
    if as_json:
        emit_json(dump_all(out))
        return
    table(
        ["code", "alpha3", "name", "region", "joined"],
        [(m.code, m.alpha3, m.name, m.region, m.joined) for m in out],
        title=f"{len(out)} of {total} members",
    )


@members_app.command("show")
def show_member(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="CODE", help="ISO 3166 alpha-2 code, e.g. FR.")],
    as_json: Json = False,
) -> None:
    """Show one member country, its NCB and how many agencies it has authorised."""
    with state(ctx).work() as w:
        country, ncb, agencies = service.get_member(w.session, code)
        detail = MemberDetail(
            **MemberOut.model_validate(country).model_dump(),
            ncb=NcbOut.model_validate(ncb),
            agencies=agencies,
        )
    if as_json:
        emit_json(dump(detail))
        return
    fields(
        [
            ("code", f"{detail.code} / {detail.alpha3} / {detail.numeric}"),
            ("name", detail.name),
            ("official name", detail.official_name),
            ("region", str(detail.region)),
            ("joined", detail.joined),
            ("NCB", f"{detail.ncb.name} ({detail.ncb.city or 'no city'})"),
            ("agencies", detail.agencies),
        ]
    )


def _agency_rows(rows: list[AgencyOut]) -> list[tuple[object, ...]]:
    return [(a.id, a.country_code, a.name, a.kind, a.status, a.suspension_reason) for a in rows]


@agencies_app.command("list")
def list_agencies(
    ctx: typer.Context, country: Country = None, as_json: Json = False, limit: Limit = None
) -> None:
    """List the agencies the actor may see (an NCB sees its own country's)."""
    with state(ctx).work() as w:
        rows, total = service.list_agencies(
            w.session,
            w.principal,
            country=country.upper() if country else None,
            limit=limit or NO_LIMIT,
        )
        out = [AgencyOut.model_validate(r) for r in rows]
    if as_json:
        emit_json(dump_all(out))
        return
    table(
        ["id", "country", "name", "kind", "status", "suspension reason"],
        _agency_rows(out),
        title=f"{len(out)} of {total} agencies",
    )


@agencies_app.command("create")
def create_agency(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="Name of the agency.")],
    kind: Annotated[AgencyKind, typer.Option(help="What kind of agency.")],
    country: Country = None,
    as_json: Json = False,
) -> None:
    """Authorise a new agency (the Secretariat must name its country)."""
    with state(ctx).work() as w:
        body = AgencyCreate(name=name, kind=kind, country=country.upper() if country else None)
        agency = service.create_agency(
            w.session, w.principal, name=body.name, kind=str(body.kind), country=body.country
        )
        out = AgencyOut.model_validate(agency)
    if as_json:
        emit_json(dump(out))
        return
    say(f"created agency {out.id} ({out.country_code}, {out.kind}): {out.name}")


@agencies_app.command("suspend")
def suspend_agency(
    ctx: typer.Context,
    agency_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the agency.")],
    reason: Annotated[str, typer.Option(help="Why (recorded in the audit trail).")],
    as_json: Json = False,
) -> None:
    """Suspend an agency: its accounts' tokens stop working until it is reinstated."""
    with state(ctx).work() as w:
        body = AgencySuspend(reason=reason)
        agency = service.set_agency_status(
            w.session, w.principal, agency_id, suspended=True, reason=body.reason
        )
        out = AgencyOut.model_validate(agency)
    if as_json:
        emit_json(dump(out))
        return
    say(f"suspended agency {out.id} ({out.name}): {out.suspension_reason}")


@agencies_app.command("reinstate")
def reinstate_agency(
    ctx: typer.Context,
    agency_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the agency.")],
    as_json: Json = False,
) -> None:
    """Reinstate a suspended agency."""
    with state(ctx).work() as w:
        agency = service.set_agency_status(w.session, w.principal, agency_id, suspended=False)
        out = AgencyOut.model_validate(agency)
    if as_json:
        emit_json(dump(out))
        return
    say(f"reinstated agency {out.id} ({out.name})")
