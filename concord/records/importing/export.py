"""Exporting an owner's records: FollowTheMoney entities (JSON lines) or CSV of one type, the
same columns an import reads, so that exporting and importing again changes nothing.

Records are read a page at a time (by ``owner_ref``), each page in a short transaction of its
own, so an export holds no lock for long and keeps memory constant; a record changed meanwhile
is exported as it is when its page is read. Only ``holder`` and ``owner`` links to records of the
same owner are exported (CSV: the first link to a person; FtM: every one). The export is
audited with one ``records.export`` event.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db.database import Database
from concord.errors import PermissionDeniedError, ValidationFailedError
from concord.records.importing.columns import COLUMNS, RowParser, columns_of, flatten
from concord.records.importing.residual import residual
from concord.records.importing.rows import Incoming
from concord.records.models import Record, RecordAccess, RecordLink
from concord.records.service import member_codes
from concord.records.types import RecordType

PAGE = 1000
FORMATS = ("ftm", "csv")
#: The CSV link columns: link kind → column
LINK_COLUMNS = {"holder": "holder_ref", "owner": "owner_person_ref"}


@dataclass
class Exported:
    """A record as the export reads it."""

    id: str
    type: str
    owner: str
    owner_ref: str
    data: dict[str, Any]
    reliability: str
    handling: str
    handling_note: str | None
    restriction: str
    countries: list[str] = field(default_factory=list)
    #: (kind, target type, target owner_ref, target id), to records of the same owner
    links: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class ExportSummary:
    owner: str
    format: str
    type: str | None
    records: int = 0
    entities: int = 0


def authorise_export(
    session: Session, principal: Principal, owner: str, *, on_behalf: bool = False
) -> None:
    """Only the owner's NCB (and its agencies) export its records; in development the
    Secretariat's system actor may (``on_behalf``, the CLI without ``--as``)."""
    if owner not in member_codes(session):
        raise ValidationFailedError(f"--owner {owner}: not an INTERPOL member country")
    if on_behalf and principal.is_secretariat:
        return
    if not principal.has(Permission.RECORDS_READ):
        raise PermissionDeniedError("Your role does not allow reading records")
    if principal.country != owner:
        raise PermissionDeniedError(
            f"{principal.username} acts for {principal.org}: only {owner}'s NCB exports the "
            f"records {owner} owns"
        )


def records_of(db: Database, owner: str, types: list[RecordType]) -> Iterator[Exported]:
    """The owner's records of ``types``, in that order of types, then by ``owner_ref`` (pages
    read along the (owner, type, owner_ref) index)."""
    for record_type in types:
        after = ""
        while True:
            with db.transaction() as session:
                page = _page(session, owner, record_type.value, after)
            if not page:
                break
            yield from page
            after = page[-1].owner_ref


def _page(session: Session, owner: str, record_type: str, after: str) -> list[Exported]:
    rows = session.execute(
        select(Record)
        .where(Record.owner == owner, Record.type == record_type, Record.owner_ref > after)
        .order_by(Record.owner_ref)
        .limit(PAGE)
    ).scalars()
    page = {
        r.id: Exported(
            r.id,
            r.type,
            r.owner,
            r.owner_ref,
            r.data,
            r.reliability,
            r.handling,
            r.handling_note,
            r.restriction,
        )
        for r in rows
    }
    if not page:
        return []
    ids = list(page)
    for record_id, country in session.execute(
        select(RecordAccess.record_id, RecordAccess.country)
        .where(RecordAccess.record_id.in_(ids))
        .order_by(RecordAccess.country)
    ):
        page[record_id].countries.append(country)
    target = aliased(Record)
    links: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for from_id, kind, ttype, tref, tid in session.execute(
        select(RecordLink.from_id, RecordLink.kind, target.type, target.owner_ref, target.id)
        .join(target, target.id == RecordLink.to_id)
        .where(RecordLink.from_id.in_(ids), target.owner == owner)
        .where(RecordLink.kind.in_(list(LINK_COLUMNS)))
        .order_by(RecordLink.id)
    ):
        links[from_id].append((kind, ttype, tref, tid))
    for record_id, found in links.items():
        page[record_id].links = found
    return list(page.values())


def write_ftm(records: Iterator[Exported], out: TextIO, summary: ExportSummary) -> None:
    from concord.records.importing.ftm_export import entities  # loads the FtM model

    for record in records:
        summary.records += 1
        for entity in entities(record):
            out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
            summary.entities += 1


def write_csv(
    records: Iterator[Exported], record_type: RecordType, out: TextIO, summary: ExportSummary
) -> None:
    header = [c.name for c in columns_of(record_type)]
    parser = RowParser(record_type, header, status="stolen")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    link_columns = {c.field: c.name for c in COLUMNS[record_type] if c.kind == "link"}
    for record in records:
        cells = flatten(record_type, record.data)
        cells.update(
            owner_ref=record.owner_ref,
            reliability=record.reliability,
            handling=record.handling,
            handling_note=record.handling_note or "",
            restriction=record.restriction,
            countries=";".join(record.countries),
        )
        for kind, ttype, ref, _ in reversed(record.links):
            if kind in link_columns and ttype == RecordType.PERSON:
                cells[link_columns[kind]] = ref
        row = [cells.get(name, "") for name in header]
        back = parser.parse(row)
        mapped = back.record.data if isinstance(back, Incoming) else {}
        extra = residual(record_type, record.data, mapped)
        if extra:
            row[-1] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        writer.writerow(row)
        summary.records += 1


def export_records(
    db: Database,
    principal: Principal,
    owner: str,
    out: TextIO,
    *,
    format: str,
    record_type: str | None = None,
    on_behalf: bool = False,
) -> ExportSummary:
    """Write ``owner``'s records to ``out`` (``format``: ftm or csv; csv needs a type)."""
    if format not in FORMATS:
        raise ValidationFailedError(f"--format {format!r}: use ftm or csv")
    try:
        kind = RecordType(record_type) if record_type is not None else None
    except ValueError:
        raise ValidationFailedError(f"--type {record_type!r} is not a record type") from None
    if format == "csv" and kind is None:
        raise ValidationFailedError("a CSV export holds one record type: give --type")
    with db.transaction() as session:
        authorise_export(session, principal, owner, on_behalf=on_behalf)
    summary = ExportSummary(owner, format, kind.value if kind else None)
    # Persons first, so that an FtM reader meets a holder before its documents.
    types = [kind] if kind else list(RecordType)
    records = records_of(db, owner, types)
    if format == "ftm":
        write_ftm(records, out, summary)
    else:
        assert kind is not None
        write_csv(records, kind, out, summary)
    with db.transaction() as session:
        audit.record(
            session,
            actor=principal,
            action="records.export",
            object_type="record",
            payload={
                "owner": owner,
                "format": format,
                "type": summary.type,
                "records": summary.records,
                "entities": summary.entities,
            },
        )
    return summary
