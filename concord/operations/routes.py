"""HTTP routes of operations: the operation, its status, invitations, targets, hits, results
reports and totals (``/api/v1/operations``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, status

from concord.api.deps import PageDep, SessionDep, SettingsDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.messaging.keys import KeyStore
from concord.operations import hits, invitations, render, results, service, targets, totals
from concord.operations.areas import Status
from concord.operations.schemas import (
    AnswerIn,
    InviteIn,
    OperationCreate,
    OperationHitOut,
    OperationOut,
    OperationPatch,
    ParticipantOut,
    ReportIn,
    ReportOut,
    TargetIn,
    TargetOut,
    TotalsOut,
    TransitionIn,
)
from concord.records.routes import expected_version

router = APIRouter(prefix="/operations", tags=["operations"])
Reader = Annotated[Principal, Depends(require(Permission.OPERATIONS_READ))]
Coordinator = Annotated[Principal, Depends(require(Permission.OPERATIONS_COORDINATE))]
Reporter = Annotated[Principal, Depends(require(Permission.OPERATIONS_REPORT))]
OpId = Annotated[str, Path(min_length=1, max_length=32)]
Country = Annotated[str, Path(pattern=r"^([A-Za-z]{2}|IPSG)$")]


def _store(request: Request) -> KeyStore:
    """Messaging's key store (to open the operation's case and add participants to it)."""
    store: KeyStore = request.app.state.keystore
    return store


Store = Annotated[KeyStore, Depends(_store)]


@router.post(
    "",
    response_model=OperationOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create an operation",
)
def create_operation(
    body: OperationCreate,
    principal: Coordinator,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
    response: Response,
) -> OperationOut:
    op = service.create(
        session,
        principal,
        code_name=body.code_name,
        crime_area=body.crime_area,
        start_date=body.start_date,
        end_date=body.end_date,
        coordinating_unit=body.coordinating_unit,
        objectives=body.objectives,
        lead_country=body.lead_country,
        invite=body.invite,
        settings=settings,
        store=store,
    )
    response.headers["Location"] = f"/api/v1/operations/{op.id}"
    return render.one(session, principal, op)


@router.get("", response_model=Paginated[OperationOut], summary="Operations you may see")
def list_operations(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    crime_area: Annotated[str | None, Query(max_length=40)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    q: Annotated[str | None, Query(max_length=80, description="Part of the code name")] = None,
) -> Paginated[OperationOut]:
    filters = service.Filters(
        status=status_.value if status_ else None,
        crime_area=crime_area,
        year=year,
        country=country,
        q=q,
    )
    rows, total = service.search(session, principal, filters, limit=page.limit, offset=page.offset)
    return Paginated(
        items=render.many(session, principal, rows),
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/{op_id}", response_model=OperationOut, summary="One operation")
def get_operation(op_id: OpId, principal: Reader, session: SessionDep) -> OperationOut:
    op, _role = service.get(session, principal, op_id)
    return render.one(session, principal, op)


@router.patch("/{op_id}", response_model=OperationOut, summary="Edit an operation (coordinators)")
def update_operation(
    op_id: OpId,
    body: OperationPatch,
    principal: Coordinator,
    session: SessionDep,
    settings: SettingsDep,
) -> OperationOut:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    op = service.update(session, principal, op_id, changes=changes, settings=settings)
    return render.one(session, principal, op)


@router.post(
    "/{op_id}/transitions", response_model=OperationOut, summary="Start or close an operation"
)
def transition(
    op_id: OpId,
    body: TransitionIn,
    principal: Coordinator,
    session: SessionDep,
    settings: SettingsDep,
) -> OperationOut:
    op = service.transition(session, principal, op_id, action=body.action, settings=settings)
    return render.one(session, principal, op)


@router.post(
    "/{op_id}/invitations",
    response_model=list[ParticipantOut],
    status_code=status.HTTP_201_CREATED,
    summary="Invite countries (coordinators)",
)
def invite(
    op_id: OpId, body: InviteIn, principal: Coordinator, session: SessionDep, settings: SettingsDep
) -> list[ParticipantOut]:
    rows = invitations.invite_by_id(
        session, principal, op_id, countries=body.countries, settings=settings
    )
    return [ParticipantOut.model_validate(r, from_attributes=True) for r in rows]


@router.post(
    "/{op_id}/invitation",
    response_model=ParticipantOut,
    summary="Accept or decline your invitation",
)
def answer(
    op_id: OpId,
    body: AnswerIn,
    principal: Coordinator,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> ParticipantOut:
    row = invitations.answer(
        session,
        principal,
        op_id,
        accept=body.answer == "accepted",
        note=body.note,
        settings=settings,
        store=store,
    )
    return ParticipantOut.model_validate(row, from_attributes=True)


@router.get("/{op_id}/targets", response_model=Paginated[TargetOut], summary="Targets")
def list_targets(
    op_id: OpId, principal: Reader, session: SessionDep, settings: SettingsDep, page: PageDep
) -> Paginated[TargetOut]:
    rows, total = targets.listing(
        session, principal, op_id, settings=settings, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[render.target(t, label) for t, label in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/{op_id}/targets",
    response_model=TargetOut,
    status_code=status.HTTP_201_CREATED,
    summary="Link a record or a notice as a target",
)
def add_target(
    op_id: OpId, body: TargetIn, principal: Reader, session: SessionDep, settings: SettingsDep
) -> TargetOut:
    t = targets.add(
        session,
        principal,
        op_id,
        record_id=body.record_id,
        notice_id=body.notice_id,
        note=body.note,
        settings=settings,
    )
    return render.target(t, None)


@router.delete(
    "/{op_id}/targets/{target_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unlink a target",
)
def remove_target(op_id: OpId, target_id: OpId, principal: Reader, session: SessionDep) -> Response:
    targets.remove(session, principal, op_id, target_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{op_id}/hits",
    response_model=Paginated[OperationHitOut],
    summary="Screening hits on targets (coordinators)",
)
def list_hits(
    op_id: OpId, principal: Reader, session: SessionDep, page: PageDep
) -> Paginated[OperationHitOut]:
    rows, total = hits.listing(session, principal, op_id, limit=page.limit, offset=page.offset)
    return Paginated(
        items=[OperationHitOut.model_validate(h, from_attributes=True) for h in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/{op_id}/results",
    response_model=ReportOut,
    status_code=status.HTTP_201_CREATED,
    summary="Report your country's results",
)
def submit_results(
    op_id: OpId,
    body: ReportIn,
    principal: Reporter,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> ReportOut:
    v = results.submit(session, principal, op_id, report=body, settings=settings)
    response.headers["ETag"] = f'"v{v.row.version}"'
    response.headers["Location"] = f"/api/v1/operations/{op_id}/results/{v.row.country}"
    return render.report(v)


@router.put(
    "/{op_id}/results/{country}",
    response_model=ReportOut,
    summary="Amend your country's results (a new version; If-Match optional)",
)
def amend_results(
    op_id: OpId,
    country: Country,
    body: ReportIn,
    principal: Reporter,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: Annotated[str | None, Header(description='The ETag you read, e.g. "v2"')] = None,
) -> ReportOut:
    expected = expected_version(if_match) if if_match is not None else None
    v = results.amend(
        session,
        principal,
        op_id,
        country,
        report=body,
        expected_version=expected,
        settings=settings,
    )
    response.headers["ETag"] = f'"v{v.row.version}"'
    return render.report(v)


@router.get("/{op_id}/results", response_model=list[ReportOut], summary="Current reports")
def list_results(op_id: OpId, principal: Reader, session: SessionDep) -> list[ReportOut]:
    return [render.report(v) for v in results.current(session, principal, op_id)]


@router.get(
    "/{op_id}/results/{country}/history",
    response_model=list[ReportOut],
    summary="Every version of one country's report",
)
def results_history(
    op_id: OpId, country: Country, principal: Reader, session: SessionDep
) -> list[ReportOut]:
    return [render.report(v) for v in results.history(session, principal, op_id, country)]


@router.get("/{op_id}/totals", response_model=TotalsOut, summary="Totals in US dollars")
def operation_totals(op_id: OpId, principal: Reader, session: SessionDep) -> TotalsOut:
    op, t = totals.of_operation(session, principal, op_id)
    return render.totals(op, t)
