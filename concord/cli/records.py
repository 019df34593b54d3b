"""``concord records``: the police databases. Enter, read, change, restrict, renew, link and
delete records; list a country's records; follow the change feed; send review warnings.

Thin wrappers over :mod:`concord.records.service`, :mod:`~concord.records.query` and
:mod:`~concord.records.review`, acting as ``--as`` (a country's NCB owns its records; the
Secretariat's system actor owns none). Output has the API's shapes: ``RecordOut``,
``RecordSummary``, ``ChangesPage``."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from concord.cli.context import Work, state
from concord.cli.members import NO_LIMIT
from concord.cli.output import dump, dump_all, emit_json, fields, say, table
from concord.errors import ValidationFailedError
from concord.records import query, review, service
from concord.records.models import Record
from concord.records.routes import render
from concord.records.schemas import (
    ChangeOut,
    ChangesPage,
    Handling,
    LinkKind,
    RecordCreate,
    RecordOut,
    RecordPatch,
    RecordSummary,
    Reliability,
    RestrictionSet,
    ReviewWarnings,
)
from concord.records.types import RecordType

app = typer.Typer(
    help="Records of the police databases: persons, documents, vehicles, ...", no_args_is_help=True
)

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Id = Annotated[str, typer.Argument(metavar="ID", help="Id of the record.")]
IfVersion = Annotated[
    int,
    typer.Option(
        "--if-version",
        metavar="N",
        min=1,
        help="The version you read (the API's If-Match): refused if the record changed since.",
    ),
]
_DATA = typer.Option(
    metavar="JSON|@FILE",
    help="The fields of the record type as a JSON object, or @FILE to read them (@- stdin).",
)
Note = Annotated[str | None, typer.Option(metavar="TEXT", help="Note on the handling code.")]
_ONLY = "Only these member countries may see it (repeatable, or comma-separated)."
_EXCEPT = "Every member but these may see it (repeatable, or comma-separated)."
Only = Annotated[list[str] | None, typer.Option(metavar="CC", help=_ONLY)]
Limit = Annotated[
    int | None, typer.Option(min=1, help="Show at most this many rows.  [default: all]")
]


def _data(value: str) -> dict[str, Any]:
    """The JSON object given to ``--data``, inline or from ``@FILE`` (``@-``: stdin)."""
    text = value
    if value.startswith("@"):
        try:
            text = sys.stdin.read() if value == "@-" else Path(value[1:]).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationFailedError(f"--data: cannot read {value[1:]}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailedError(f"--data: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValidationFailedError("--data: the record's fields must be a JSON object")
    return data


def _scope(only: list[str] | None, but: list[str] | None, everyone: bool = False) -> RestrictionSet:
    chosen = [n for n, given in (("all", everyone), ("only", only), ("except", but)) if given]
    if len(chosen) > 1:
        raise ValidationFailedError("Choose one restriction: all, only CC... or except CC...")
    codes = [c.strip().upper() for v in only or but or [] for c in v.split(",") if c.strip()]
    return RestrictionSet.model_validate(
        {"restriction": (chosen or ["all"])[0], "countries": codes}
    )


def _write(ctx: typer.Context, as_json: bool, done: str, act: Callable[[Work], Record]) -> None:
    """Run ``act`` in one unit of work and print the record it wrote as the API would."""
    with state(ctx).work() as w:
        row = act(w)
        out = _render(w, row)
    if as_json:
        emit_json(dump(out))
        return
    say(f"{done} {out.type} record {out.id} ({out.owner} {out.owner_ref}): {out.label}")
    say(f"version {out.version}, review by {out.review_at:%Y-%m-%d}")


def _render(w: Work, row: Record) -> RecordOut:
    return render(w.session, w.principal, row, w.settings)


def _update(w: Work, record_id: str, change: dict[str, Any], version: int) -> Record:
    return service.update(
        w.session, w.principal, record_id, change, expected_version=version, settings=w.settings
    )


@app.command("create")
def create(
    ctx: typer.Context,
    record_type: Annotated[RecordType, typer.Option("--type", help="The record type.")],
    data: Annotated[str, _DATA],
    owner_ref: Annotated[
        str | None, typer.Option(metavar="REF", help="Your own id for it (unique per type).")
    ] = None,
    reliability: Annotated[Reliability, typer.Option(help="Source reliability.")] = "B",
    handling: Annotated[Handling, typer.Option(help="Handling code.")] = "H0",
    handling_note: Note = None,
    restrict_only: Only = None,
    restrict_except: Annotated[list[str] | None, typer.Option(metavar="CC", help=_EXCEPT)] = None,
    as_json: Json = False,
) -> None:
    """Enter a record in your country's database (all see it unless restricted)."""

    def act(w: Work) -> Record:
        scope = _scope(restrict_only, restrict_except)
        body = RecordCreate(
            type=record_type,
            data=_data(data),
            owner_ref=owner_ref,
            reliability=reliability,
            handling=handling,
            handling_note=handling_note,
            restriction=scope.restriction,
            countries=scope.countries,
        )
        entered = service.RecordInput(**body.model_dump(exclude={"type"}), type=body.type.value)
        return service.create(w.session, w.principal, entered, settings=w.settings)

    _write(ctx, as_json, "created", act)


@app.command("show")
def show(
    ctx: typer.Context,
    record_id: Id,
    purpose: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why (audited when not your own record).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Show one record; reading another country's record is an audited consultation."""
    with state(ctx).work() as w:
        row = service.read(w.session, w.principal, record_id, settings=w.settings, purpose=purpose)
        out = _render(w, row)
    if as_json:
        emit_json(dump(out))
        return
    fields(
        [
            ("id", f"{out.id} ({out.type}, version {out.version})"),
            ("owner", f"{out.owner} {out.owner_ref}"),
            ("label", out.label),
            ("key", out.key),
            ("reliability", f"{out.reliability}, handling {out.handling}"),
            ("handling note", out.handling_note),
            ("restriction", " ".join([out.restriction, *(out.countries or [])])),
            ("review by", out.review_at),
            ("links", [f"{ln.direction} {ln.record_id} ({ln.kind})" for ln in out.links]),
        ]
    )
    say(json.dumps(out.data, indent=2, ensure_ascii=False))


@app.command("update")
def update(
    ctx: typer.Context,
    record_id: Id,
    if_version: IfVersion,
    data: Annotated[str | None, _DATA] = None,
    reliability: Annotated[Reliability | None, typer.Option(help="Source reliability.")] = None,
    handling: Annotated[Handling | None, typer.Option(help="Handling code.")] = None,
    handling_note: Note = None,
    as_json: Json = False,
) -> None:
    """Change a record of your country (--data replaces its fields whole)."""

    def act(w: Work) -> Record:
        given = {
            "data": None if data is None else _data(data),
            "reliability": reliability,
            "handling": handling,
            "handling_note": handling_note,
        }
        changes = {name: value for name, value in given.items() if value is not None}
        if not changes:
            raise ValidationFailedError("Nothing to change: give --data, --reliability, ...")
        patch = RecordPatch.model_validate(changes).model_dump(exclude_unset=True)
        return _update(w, record_id, patch, if_version)

    _write(ctx, as_json, "updated", act)


@app.command("restrict")
def restrict(
    ctx: typer.Context,
    record_id: Id,
    if_version: IfVersion,
    everyone: Annotated[bool, typer.Option("--all", help="Every member may see it.")] = False,
    only: Only = None,
    but: Annotated[list[str] | None, typer.Option("--except", metavar="CC", help=_EXCEPT)] = None,
    as_json: Json = False,
) -> None:
    """Choose who may see a record: every member, only some, or all but some."""

    def act(w: Work) -> Record:
        if not (everyone or only or but):
            raise ValidationFailedError("Choose --all, --only CC... or --except CC...")
        scope = _scope(only, but, everyone)
        change = {"restriction": scope.restriction, "countries": scope.countries}
        return _update(w, record_id, change, if_version)

    _write(ctx, as_json, "restricted", act)


@app.command("renew")
def renew(ctx: typer.Context, record_id: Id, if_version: IfVersion, as_json: Json = False) -> None:
    """Renew the review deadline of a record you reviewed (it starts again from now)."""
    _write(
        ctx,
        as_json,
        "renewed",
        lambda w: service.renew(
            w.session, w.principal, record_id, expected_version=if_version, settings=w.settings
        ),
    )


@app.command("link")
def link(
    ctx: typer.Context,
    record_id: Id,
    to: Annotated[str, typer.Option("--to", metavar="OTHER_ID", help="The linked record.")],
    kind: Annotated[LinkKind, typer.Option(help="What the other record is to this one.")],
    as_json: Json = False,
) -> None:
    """Link your record to another you may see (a document to its holder, ...)."""

    def act(w: Work) -> Record:
        service.link(w.session, w.principal, record_id, to, kind, settings=w.settings)
        return service.read(w.session, w.principal, record_id, settings=w.settings)

    _write(ctx, as_json, f"linked ({kind} {to})", act)


@app.command("delete")
def delete(
    ctx: typer.Context,
    record_id: Id,
    if_version: IfVersion,
    reason: Annotated[str | None, typer.Option(metavar="TEXT", help="Why (audited).")] = None,
    as_json: Json = False,
) -> None:
    """Delete a record for real: its data goes; the audit trail keeps that it existed."""
    with state(ctx).work() as w:
        service.remove(
            w.session,
            w.principal,
            record_id,
            expected_version=if_version,
            settings=w.settings,
            reason=reason,
        )
    if as_json:
        emit_json({"id": record_id, "deleted": True})
        return
    say(f"deleted record {record_id}")


@app.command("list")
def list_records(
    ctx: typer.Context,
    record_type: Annotated[
        RecordType | None, typer.Option("--type", help="Only this type.")
    ] = None,
    q: Annotated[str | None, typer.Option(metavar="TEXT", help="Label contains.")] = None,
    key: Annotated[str | None, typer.Option(help="Exact main identifier.")] = None,
    due_within: Annotated[
        int | None,
        typer.Option(metavar="DAYS", min=0, max=3650, help="Review due within DAYS (by date)."),
    ] = None,
    overdue: Annotated[
        bool | None, typer.Option("--overdue/--not-overdue", help="Past their review date.")
    ] = None,
    limit: Limit = None,
    as_json: Json = False,
) -> None:
    """List your country's records, latest change first (the Secretariat: all)."""
    with state(ctx).work() as w:
        f = query.RecordFilter(record_type, q, key, due_within, overdue)
        rows, total = query.list_own(w.session, w.principal, f, settings=w.settings, limit=limit)
        out = [RecordSummary.model_validate(r) for r in rows]
    if as_json:
        emit_json(dump_all(out))
        return
    columns = list(RecordSummary.model_fields)  # id, type, owner, owner_ref, label, ...
    table(
        columns,
        [[getattr(r, c) for c in columns] for r in out],
        title=f"{len(out)} of {total} records",
    )


@app.command("changes")
def changes(
    ctx: typer.Context,
    since: Annotated[int, typer.Option(metavar="N", min=0, help="After this number.")] = 0,
    limit: Limit = None,
    as_json: Json = False,
) -> None:
    """Changes after --since in order, as you may see them; go on from next_since."""
    with state(ctx).work() as w:
        found, next_since = query.changes_since(
            w.session, w.principal, since, settings=w.settings, limit=limit or NO_LIMIT
        )
        page = ChangesPage(
            next_since=next_since,
            changes=[
                ChangeOut(**c.as_dict(), record=c.record and _render(w, c.record)) for c in found
            ],
        )
    if as_json:
        emit_json(dump(page))
        return
    table(
        ["seq", "op", "record", "type", "label"],
        [
            (c.seq, c.op, c.record_id, c.record and c.record.type, c.record and c.record.label)
            for c in page.changes
        ],
        title=f"{len(page.changes)} changes; next: --since {page.next_since}",
    )


@app.command("review-warnings")
def review_warnings(ctx: typer.Context, as_json: Json = False) -> None:
    """Warn each owner country of its records due for review soon (each record once)."""
    with state(ctx).work() as w:
        warned = review.send_warnings(w.session, settings=w.settings, actor=w.principal)
    if as_json:
        emit_json(dump(ReviewWarnings(warned=warned)))
        return
    table(["country", "records"], sorted(warned.items()), title=f"warned {len(warned)} countries")


def _register_io() -> None:
    """``records import`` and ``records export`` live in :mod:`concord.cli.records_io`; they are
    registered when that module is present and imports cleanly."""
    try:
        records_io = importlib.import_module("concord.cli.records_io")
    except ImportError:
        return
    app.command("import")(records_io.import_cmd)
    app.command("export")(records_io.export_cmd)


_register_io()
