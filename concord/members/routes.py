"""HTTP routes of the members registry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from concord.api.deps import PageDep, PrincipalDep, SessionDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.members import service
from concord.members.schemas import (
    AgencyCreate,
    AgencyDatabases,
    AgencyOut,
    AgencySuspend,
    MemberDetail,
    MemberOut,
    NcbOut,
    Region,
)

router = APIRouter(tags=["members"])
Reader = Annotated[Principal, Depends(require(Permission.MEMBERS_READ))]


@router.get(
    "/members",
    response_model=Paginated[MemberOut],
    summary="The member countries (196), filterable by region or name",
)
def list_members(
    _: Reader,
    session: SessionDep,
    region: Region | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Paginated[MemberOut]:
    rows, total = service.list_members(session, region=region, q=q, limit=limit, offset=offset)
    return Paginated(
        items=[MemberOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/members/{code}", response_model=MemberDetail, summary="One member with its NCB")
def get_member(
    code: Annotated[str, Path(pattern=r"^[A-Za-z]{2}$")], _: Reader, session: SessionDep
) -> MemberDetail:
    country, ncb, agencies = service.get_member(session, code)
    return MemberDetail(
        **MemberOut.model_validate(country).model_dump(),
        ncb=NcbOut.model_validate(ncb),
        agencies=agencies,
    )


@router.get(
    "/agencies",
    response_model=Paginated[AgencyOut],
    summary="Agencies authorised by an NCB (own country; all for the Secretariat)",
)
def list_agencies(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
) -> Paginated[AgencyOut]:
    rows, total = service.list_agencies(
        session, principal, country=country, limit=page.limit, offset=page.offset
    )
    return Paginated(
        items=[AgencyOut.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/agencies",
    response_model=AgencyOut,
    status_code=status.HTTP_201_CREATED,
    summary="Authorise a national agency (NCB admin)",
)
def create_agency(body: AgencyCreate, principal: PrincipalDep, session: SessionDep) -> AgencyOut:
    return AgencyOut.model_validate(
        service.create_agency(
            session, principal, name=body.name, kind=body.kind, country=body.country
        )
    )


@router.get("/agencies/{agency_id}", response_model=AgencyOut, summary="One agency")
def get_agency(agency_id: str, principal: Reader, session: SessionDep) -> AgencyOut:
    return AgencyOut.model_validate(service.get_agency(session, principal, agency_id))


@router.post(
    "/agencies/{agency_id}/suspend",
    response_model=AgencyOut,
    summary="Suspend an agency: its accounts stop working",
)
def suspend_agency(
    agency_id: str, body: AgencySuspend, principal: PrincipalDep, session: SessionDep
) -> AgencyOut:
    return AgencyOut.model_validate(
        service.set_agency_status(session, principal, agency_id, suspended=True, reason=body.reason)
    )


@router.post(
    "/agencies/{agency_id}/reinstate",
    response_model=AgencyOut,
    summary="Reinstate a suspended agency",
)
def reinstate_agency(agency_id: str, principal: PrincipalDep, session: SessionDep) -> AgencyOut:
    return AgencyOut.model_validate(
        service.set_agency_status(session, principal, agency_id, suspended=False)
    )


@router.put(
    "/agencies/{agency_id}/databases",
    response_model=AgencyOut,
    summary="Authorise an agency to write some of its NCB's databases (record types)",
)
def set_databases(
    agency_id: str, body: AgencyDatabases, principal: PrincipalDep, session: SessionDep
) -> AgencyOut:
    return AgencyOut.model_validate(
        service.set_agency_databases(
            session, principal, agency_id, record_types=[str(t) for t in body.record_types]
        )
    )
