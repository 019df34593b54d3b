"""``concord notices``: request notices, check them before sending, review them, follow their
history; ``concord notices diffuse`` and ``diffusions``: send and check diffusions.

Thin wrappers over :mod:`concord.notices` acting as ``--as`` (an NCB user requests, a
``gs_reviewer`` decides). Output has the API's shapes (``NoticeOut``, ``CheckOut``, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from concord.cli.context import state
from concord.cli.members import NO_LIMIT
from concord.cli.output import dump, dump_all, emit_json, fields, say, table
from concord.cli.records import _data
from concord.notices import compliance, decisions, diffusions, query, service, stats
from concord.notices.checking import summarise
from concord.notices.diffusion_routes import render as render_diffusion
from concord.notices.findings import check_input
from concord.notices.routes import render
from concord.notices.schemas import CheckOut, FindingOut, NoticeEventOut, NoticeOut
from concord.notices.types import NoticeType
from concord.notices.workflow import Action, Status

app = typer.Typer(help="Notices: request, check, review, publish, follow.", no_args_is_help=True)
diffusions_app = typer.Typer(help="Diffusions sent to chosen NCBs.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Id = Annotated[str, typer.Argument(metavar="ID", help="Id of the notice.")]
Fields = Annotated[
    str,
    typer.Option(
        "--fields",
        metavar="JSON|@FILE",
        help="The notice's fields (charges, circumstances, warrant, ...) as JSON, or @FILE.",
    ),
]
Limit = Annotated[int | None, typer.Option(min=1, help="Show at most this many rows.")]
Reason = Annotated[str | None, typer.Option(metavar="TEXT", help="Why (required for some).")]


def _show(out: NoticeOut, as_json: bool) -> None:
    if as_json:
        emit_json(dump(out))
        return
    fields(
        [
            ("id", f"{out.id} ({out.type}, {out.status}, version {out.version})"),
            ("entity id", out.entity_id),
            ("requesting country", out.requesting_country or "General Secretariat"),
            ("title", out.title),
            ("action on a hit", out.action),
            ("public extract", out.public),
            ("next actions", [a.value for a in out.next_actions]),
            ("expires", out.expires_at),
        ]
    )
    _findings([FindingOut.model_validate(f) for f in out.findings or []])


def _findings(found: Sequence[FindingOut]) -> None:
    rows = [(f.severity, f.rule, f.reason) for f in found]
    if rows:
        table(["severity", "rule", "reason"], rows, title="Compliance findings")
    else:
        say("No compliance findings.")


@app.command("check")
def check(
    notice_type: Annotated[str, typer.Option("--type", help="red, yellow, ..., un, diffusion")],
    requesting_country: Annotated[
        str, typer.Option("--requesting-country", metavar="CC", help="The requesting NCB.")
    ],
    charge: Annotated[
        list[str] | None, typer.Option(metavar="TEXT", help="A charge (repeatable).")
    ] = None,
    circumstances: Annotated[str | None, typer.Option(metavar="TEXT")] = None,
    penalty_years: Annotated[
        float | None, typer.Option(min=0, help="Maximum penalty for prosecution, years.")
    ] = None,
    remaining_months: Annotated[
        float | None, typer.Option(min=0, help="Sentence still to serve, months (convicted).")
    ] = None,
    refugee: Annotated[bool, typer.Option(help="The subject is a recognised refugee.")] = False,
    political_figure: Annotated[
        bool, typer.Option(help="The subject is a known political figure, activist, journalist.")
    ] = False,
    fields_json: Annotated[
        str | None, typer.Option("--fields", metavar="JSON|@FILE", help="Other fields.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Run the compliance checks on a request without saving anything (no server needed).

    Prints every finding with its rule, its severity (block, flag, info) and the reason."""
    from concord.cli.context import EXIT_BAD_INPUT, fail
    from concord.errors import ValidationFailedError
    from concord.notices.service import parse_fields

    kinds = [t.value for t in NoticeType] + ["diffusion"]
    if notice_type not in kinds:
        fail(f"error: --type must be one of {', '.join(kinds)}", EXIT_BAD_INPUT)
    try:
        extra = parse_fields(_data(fields_json)) if fields_json else {}
    except ValidationFailedError as exc:
        fail(f"error: {exc.detail}", EXIT_BAD_INPUT)
    convicted = remaining_months is not None
    charges = [
        {
            "charge": text,
            **({"penalty_years": penalty_years} if penalty_years is not None else {}),
            **({"remaining_months": remaining_months} if convicted else {}),
            "convicted": convicted,
        }
        for text in charge or []
    ]
    if charges:
        extra["charges"] = charges
    if circumstances:
        extra["circumstances"] = circumstances
    flags = {"refugee": refugee, "political_figure": political_figure}
    subject = {k: True for k, v in flags.items() if v} or None
    request = check_input(
        type=notice_type,
        requesting_country=requesting_country.upper(),
        fields=extra,
        subject=subject,
        complete=fields_json is not None,
    )
    out: CheckOut = summarise(compliance.check(request))
    if as_json:
        emit_json(dump(out))
        return
    _findings(list(out.findings))
    say(f"{out.blocking} blocking, {out.flagged} flagged; likely ground: {out.likely_ground}")


@app.command("request")
def request(
    ctx: typer.Context,
    notice_type: Annotated[NoticeType, typer.Option("--type", help="The notice type.")],
    fields_json: Fields = "{}",
    subject: Annotated[
        str | None, typer.Option(metavar="ID", help="The person record (yours).")
    ] = None,
    language: Annotated[str, typer.Option(help="en, fr, es or ar.")] = "en",
    public: Annotated[bool, typer.Option(help="Consent to a public extract.")] = False,
    submit: Annotated[bool, typer.Option(help="Submit it for review at once.")] = False,
    as_json: Json = False,
) -> None:
    """Request a notice (a draft, or submitted at once with --submit)."""
    with state(ctx).work() as w:
        notice = service.create(
            w.session,
            w.principal,
            type=notice_type.value,
            subject_id=subject,
            language=language,
            public=public,
            fields=_data(fields_json),
            settings=w.settings,
        )
        if submit:
            notice = decisions.transition(
                w.session,
                w.principal,
                notice.id,
                action="submit",
                reason=None,
                ground=None,
                expected_version=None,
                settings=w.settings,
            )
        out = render(w.principal, notice)
    _show(out, as_json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    notice_id: Id,
    if_version: Annotated[int, typer.Option("--if-version", min=1, help="The version you read.")],
    fields_json: Fields,
    as_json: Json = False,
) -> None:
    """Replace the fields of a draft, or of a request sent back for information."""
    with state(ctx).work() as w:
        notice = service.edit(
            w.session,
            w.principal,
            notice_id,
            expected_version=if_version,
            changes={"fields": _data(fields_json)},
            settings=w.settings,
        )
        out = render(w.principal, notice)
    _show(out, as_json)


@app.command("request-update")
def request_update(
    ctx: typer.Context,
    notice_id: Id,
    if_version: Annotated[int, typer.Option("--if-version", min=1, help="The version you read.")],
    fields_json: Fields,
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why it changes.")],
    as_json: Json = False,
) -> None:
    """Ask to change a published notice; it changes once a reviewer approves."""
    with state(ctx).work() as w:
        notice = service.request_update(
            w.session,
            w.principal,
            notice_id,
            expected_version=if_version,
            changes={"fields": _data(fields_json)},
            reason=reason,
            settings=w.settings,
        )
        out = render(w.principal, notice)
    _show(out, as_json)


@app.command("decide")
def decide(
    ctx: typer.Context,
    notice_id: Id,
    action: Annotated[Action, typer.Argument(help="What to do.")],
    reason: Reason = None,
    ground: Annotated[str | None, typer.Option(help="For a refusal: art3, art2 or other.")] = None,
    as_json: Json = False,
) -> None:
    """Move a notice on: submit, start_review, approve, request_info, refuse, suspend, ..."""
    with state(ctx).work() as w:
        notice = decisions.transition(
            w.session,
            w.principal,
            notice_id,
            action=action.value,
            reason=reason,
            ground=ground,
            expected_version=None,
            settings=w.settings,
        )
        out = render(w.principal, notice)
    _show(out, as_json)


@app.command("show")
def show(ctx: typer.Context, notice_id: Id, as_json: Json = False) -> None:
    """Show one notice as you may see it."""
    with state(ctx).work() as w:
        out = render(w.principal, query.get_visible(w.session, w.principal, notice_id, w.settings))
    _show(out, as_json)


@app.command("history")
def history(ctx: typer.Context, notice_id: Id, as_json: Json = False) -> None:
    """Every decision on a notice: who, when, from which state to which, why."""
    with state(ctx).work() as w:
        events = [
            NoticeEventOut.model_validate(e)
            for e in query.history(w.session, w.principal, notice_id, w.settings)
        ]
    if as_json:
        emit_json(dump_all(events))
        return
    table(
        ["at", "actor", "action", "from", "to", "reason"],
        [
            (
                f"{e.at:%Y-%m-%d %H:%M}",
                f"{e.actor_country} {e.actor_id}",
                e.action,
                e.from_status,
                e.to_status,
                e.reason,
            )
            for e in events
        ],
    )


@app.command("list")
def list_notices(
    ctx: typer.Context,
    notice_type: Annotated[NoticeType | None, typer.Option("--type")] = None,
    status: Annotated[Status | None, typer.Option()] = None,
    country: Annotated[str | None, typer.Option(metavar="CC", help="Requesting country.")] = None,
    name: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Part of the title/name.")
    ] = None,
    queue: Annotated[bool, typer.Option(help="The review queue (reviewers).")] = False,
    limit: Limit = None,
    as_json: Json = False,
) -> None:
    """Notices you may see, filtered by type, status, requesting country or name."""
    with state(ctx).work() as w:
        rows, total = query.search(
            w.session,
            w.principal,
            w.settings,
            type=notice_type.value if notice_type else None,
            status=status.value if status else None,
            country=country,
            q=name,
            queue=queue,
            limit=limit or NO_LIMIT,
            offset=0,
        )
        out = [render(w.principal, n) for n in rows]
    if as_json:
        emit_json({"total": total, "items": dump_all(out)})
        return
    table(
        ["id", "type", "status", "country", "entity id", "title"],
        [(n.id, n.type.value, n.status, n.requesting_country, n.entity_id, n.title) for n in out],
        title=f"{total} notice(s)",
    )


@app.command("stats")
def notice_stats(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(min=1990, max=2100)] = None,
    as_json: Json = False,
) -> None:
    """Counts by type, status, requesting country and month; refusals by ground."""
    with state(ctx).work() as w:
        out = stats.compute(w.session, w.principal, w.settings, year=year)
    if as_json:
        emit_json(dump(out))
        return
    say(f"{out.scope}, {out.period}")
    for title, counts in (
        ("by type", out.by_type),
        ("by status", out.by_status),
        ("in circulation", out.in_circulation_by_type),
        ("refusals by ground", out.refusals_by_ground),
        ("by country", out.by_country),
        ("by month", out.by_month),
        ("diffusions", out.diffusions_by_status),
    ):
        table(["", "count"], sorted(counts.items()), title=title)


@app.command("expire")
def expire(ctx: typer.Context) -> None:
    """Move notices past their review date to expired (a Secretariat job: run it daily)."""
    with state(ctx).work() as w:
        count = decisions.expire_due(w.session, w.settings)
    say(f"{count} notice(s) expired")


@app.command("diffuse")
def diffuse(
    ctx: typer.Context,
    notice_type: Annotated[NoticeType, typer.Option("--type", help="What it stands for.")],
    fields_json: Fields = "{}",
    subject: Annotated[str | None, typer.Option(metavar="ID")] = None,
    language: Annotated[str, typer.Option(help="en, fr, es or ar.")] = "en",
    to_all: Annotated[bool, typer.Option("--to-all", help="Every member.")] = False,
    to_region: Annotated[str | None, typer.Option(metavar="REGION")] = None,
    to: Annotated[
        list[str] | None, typer.Option(metavar="CC", help="A country (repeatable).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Send a diffusion to chosen NCBs (recorded centrally, checked afterwards)."""
    with state(ctx).work() as w:
        row = diffusions.send(
            w.session,
            w.principal,
            type=notice_type.value,
            subject_id=subject,
            language=language,
            fields=_data(fields_json),
            to_all=to_all,
            to_region=to_region,
            to_countries=[c for v in to or [] for c in v.split(",") if c],
            settings=w.settings,
        )
        out = render_diffusion(w.session, w.principal, row)
    if as_json:
        emit_json(dump(out))
        return
    say(f"diffusion {out.id} sent to {len(out.recipients or [])} NCB(s) ({out.scope})")


@diffusions_app.command("list")
def list_diffusions(ctx: typer.Context, limit: Limit = None, as_json: Json = False) -> None:
    """Diffusions you sent or received."""
    with state(ctx).work() as w:
        rows, total = diffusions.search(
            w.session, w.principal, status=None, sent=None, limit=limit or NO_LIMIT, offset=0
        )
        out = [render_diffusion(w.session, w.principal, r) for r in rows]
    if as_json:
        emit_json({"total": total, "items": dump_all(out)})
        return
    table(
        ["id", "type", "from", "status", "scope", "title"],
        [(d.id, d.type.value, d.sender_country, d.status, d.scope, d.title) for d in out],
    )


@diffusions_app.command("review")
def review_diffusion(
    ctx: typer.Context,
    diffusion_id: Annotated[str, typer.Argument(metavar="ID")],
    compliant: Annotated[bool, typer.Option("--compliant/--not-compliant")],
    reason: Annotated[str, typer.Option(metavar="TEXT")],
    as_json: Json = False,
) -> None:
    """Record the compliance check of a diffusion (withdrawn if not compliant)."""
    with state(ctx).work() as w:
        row = diffusions.review(
            w.session,
            w.principal,
            diffusion_id,
            compliant=compliant,
            reason=reason,
            settings=w.settings,
        )
        out = render_diffusion(w.session, w.principal, row)
    if as_json:
        emit_json(dump(out))
        return
    say(f"diffusion {out.id}: {out.status}")
