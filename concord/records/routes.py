"""HTTP routes of the police databases."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Response, status
from sqlalchemy.orm import Session

from concord.api.deps import PageDep, PrincipalDep, SessionDep, SettingsDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import PreconditionRequiredError, ValidationFailedError
from concord.records import query, service
from concord.records.models import Record
from concord.records.schemas import (
    ChangeOut,
    ChangesPage,
    LinkCreate,
    LinkOut,
    RecordCreate,
    RecordOut,
    RecordPatch,
    RecordSummary,
    RestrictionSet,
)
from concord.records.types import RecordType
from concord.settings import Settings

router = APIRouter(prefix="/records", tags=["records"])
Reader = Annotated[Principal, Depends(require(Permission.RECORDS_READ))]
Writer = Annotated[Principal, Depends(require(Permission.RECORDS_WRITE))]
RecordId = Annotated[str, Path(min_length=1, max_length=32)]
IfMatch = Annotated[str | None, Header(description='The ETag you read, e.g. "v3"')]
_ETAG = re.compile(r'^(?:W/)?"?v?(\d+)"?$')


def etag(row: Record) -> str:
    return f'"v{row.version}"'


def expected_version(if_match: str | None) -> int:
    if if_match is None:
        raise PreconditionRequiredError(
            "Send If-Match with the ETag you read, so that changes are not overwritten"
        )
    match = _ETAG.match(if_match.strip())
    if match is None:
        raise ValidationFailedError(f"If-Match '{if_match}' is not an ETag of this API")
    return int(match.group(1))


def render(session: Session, principal: Principal, row: Record, settings: Settings) -> RecordOut:
    owner_view = principal.country == row.owner or principal.is_secretariat
    links = [
        LinkOut(direction=d, kind=k, record_id=i)
        for d, k, i in service.links_of(session, principal, row, settings)
    ]
    return RecordOut(
        id=row.id,
        type=RecordType(row.type),
        owner=row.owner,
        owner_ref=row.owner_ref,
        agency_id=row.agency_id if owner_view else None,
        reliability=row.reliability,
        handling=row.handling,
        handling_note=row.handling_note,
        restriction=row.restriction,
        countries=service.countries_of(session, row.id) if owner_view else None,
        key=row.key,
        label=row.label,
        data=row.data,
        version=row.version,
        change_seq=row.change_seq,
        created_at=row.created_at,
        updated_at=row.updated_at,
        review_at=row.review_at,
        links=links,
    )


@router.post(
    "",
    response_model=RecordOut,
    status_code=status.HTTP_201_CREATED,
    summary="Enter a record in one of your country's databases",
)
def create_record(
    body: RecordCreate,
    principal: Writer,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> RecordOut:
    row = service.create(
        session,
        principal,
        service.RecordInput(
            type=body.type,
            data=body.data,
            owner_ref=body.owner_ref,
            reliability=body.reliability,
            handling=body.handling,
            handling_note=body.handling_note,
            restriction=body.restriction,
            countries=body.countries,
        ),
        settings=settings,
    )
    response.headers["ETag"] = etag(row)
    return render(session, principal, row, settings)


@router.get(
    "",
    response_model=Paginated[RecordSummary],
    summary="Your country's records, filtered (all for the Secretariat)",
)
def list_records(
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    page: PageDep,
    type: RecordType | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    key: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    review_due_within_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    overdue: bool | None = None,
) -> Paginated[RecordSummary]:
    f = query.RecordFilter(
        type=type, q=q, key=key, review_due_within_days=review_due_within_days, overdue=overdue
    )
    rows, total = query.list_own(
        session, principal, f, settings=settings, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[RecordSummary.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/changes",
    response_model=ChangesPage,
    summary="Changes after a sequence number, in order, as you may see them",
)
def changes(
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> ChangesPage:
    found, next_since = query.changes_since(
        session, principal, since, settings=settings, limit=limit
    )
    return ChangesPage(
        next_since=next_since,
        changes=[
            ChangeOut(
                seq=c.seq,
                op=c.op,
                record_id=c.record_id,
                record=render(session, principal, c.record, settings) if c.record else None,
            )
            for c in found
        ],
    )


@router.get("/{record_id}", response_model=RecordOut, summary="One record (ETag for changes)")
def read_record(
    record_id: RecordId,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    purpose: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> RecordOut:
    row = service.read(session, principal, record_id, settings=settings, purpose=purpose)
    response.headers["ETag"] = etag(row)
    return render(session, principal, row, settings)


@router.patch(
    "/{record_id}", response_model=RecordOut, summary="Change a record (If-Match required)"
)
def patch_record(
    record_id: RecordId,
    body: RecordPatch,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> RecordOut:
    version = expected_version(if_match)
    changes = body.model_dump(exclude_unset=True)
    if not changes:
        raise ValidationFailedError("Nothing to change")
    row = service.update(
        session, principal, record_id, changes, expected_version=version, settings=settings
    )
    response.headers["ETag"] = etag(row)
    return render(session, principal, row, settings)


@router.put(
    "/{record_id}/restriction",
    response_model=RecordOut,
    summary="Choose who may see a record (If-Match required)",
)
def set_restriction(
    record_id: RecordId,
    body: RestrictionSet,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> RecordOut:
    row = service.update(
        session,
        principal,
        record_id,
        {"restriction": body.restriction, "countries": body.countries},
        expected_version=expected_version(if_match),
        settings=settings,
    )
    response.headers["ETag"] = etag(row)
    return render(session, principal, row, settings)


@router.post(
    "/{record_id}/renew",
    response_model=RecordOut,
    summary="Renew the review deadline after reviewing the record (If-Match required)",
)
def renew_record(
    record_id: RecordId,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> RecordOut:
    row = service.renew(
        session,
        principal,
        record_id,
        expected_version=expected_version(if_match),
        settings=settings,
    )
    response.headers["ETag"] = etag(row)
    return render(session, principal, row, settings)


@router.post(
    "/{record_id}/links",
    response_model=RecordOut,
    status_code=status.HTTP_201_CREATED,
    summary="Link your record to another (e.g. a document to its holder)",
)
def link_record(
    record_id: RecordId,
    body: LinkCreate,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
) -> RecordOut:
    service.link(session, principal, record_id, body.to_id, body.kind, settings=settings)
    row = service.read(session, principal, record_id, settings=settings)
    return render(session, principal, row, settings)


@router.delete(
    "/{record_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a record for real (If-Match required)",
)
def delete_record(
    record_id: RecordId,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    if_match: IfMatch = None,
    reason: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> Response:
    service.remove(
        session,
        principal,
        record_id,
        expected_version=expected_version(if_match),
        settings=settings,
        reason=reason,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
