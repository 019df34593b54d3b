"""HTTP routes of statistics (``/stats/...``) and of the Secretariat's staff records
(``/staff``). Every figure answers JSON, or CSV with ``?format=csv``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response, status

from concord.api.deps import PageDep, SessionDep, SettingsDep, require
from concord.api.schemas import Paginated
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.settings import Settings
from concord.stats import figures, items, staff
from concord.stats.figures import FigureName
from concord.stats.periods import Grain, Period, resolve
from concord.stats.schemas import (
    Figure,
    Growth,
    Items,
    Representation,
    RepresentationChange,
    StaffIn,
    StaffOut,
    StaffPatch,
)

router = APIRouter(prefix="/stats", tags=["statistics"])
staff_router = APIRouter(prefix="/staff", tags=["statistics"])
Reader = Annotated[Principal, Depends(require(Permission.STATS_READ))]
Manager = Annotated[Principal, Depends(require(Permission.STAFF_MANAGE))]
Day = Annotated[date | None, Query(description="YYYY-MM-DD (UTC), included")]
Year = Annotated[int | None, Query(ge=1923, le=2100, description="A calendar year")]
CountryQ = Annotated[
    str | None,
    Query(pattern=r"^([A-Za-z]{2}|IPSG)$", description="Only this country's data (drill-down)"),
]
Format = Annotated[Literal["json", "csv"], Query(description="json, or csv to download")]
StaffId = Annotated[str, Path(min_length=1, max_length=32)]
#: The CSV alternative of a figure's answer (``?format=csv``), documented in OpenAPI.
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


def _csv(body: str, name: str) -> Response:
    return Response(
        content=body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def period_of(
    settings: Settings,
    start: date | None,
    end: date | None,
    year: int | None,
    *,
    grain: str | None = None,
    field: str = "",
) -> Period:
    today = clock_now(settings).date()
    g = Grain(grain) if grain in ("day", "month", "year") else None
    return resolve(start=start, end=end, year_=year, today=today, grain=g, field=field)


@router.get(
    "/staff/representation",
    response_model=Representation,
    summary="Member countries and regions represented among the Secretariat's staff on a date",
)
def staff_representation(
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    at: Annotated[date | None, Query(description="The day (default: today)")] = None,
) -> Representation:
    return staff.representation(session, principal, at=at or clock_now(settings).date())


@router.get(
    "/staff/change",
    response_model=RepresentationChange,
    responses=CSV,
    summary="The change in staff representation by region between two dates",
)
def staff_change(
    principal: Reader,
    session: SessionDep,
    a: Annotated[date, Query(description="The first day")],
    b: Annotated[date, Query(description="The second day")],
    format: Format = "json",
) -> RepresentationChange | Response:
    result = staff.change(session, principal, a=a, b=b)
    return _csv(result.to_csv(), f"staff-change-{a}-{b}") if format == "csv" else result


@router.get(
    "/{figure}",
    response_model=Figure,
    responses=CSV,
    summary="A figure over a period, grouped by period or dimension (JSON or CSV)",
)
def figure(
    figure: FigureName,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    start: Day = None,
    end: Day = None,
    year: Year = None,
    group_by: Annotated[
        str | None, Query(max_length=20, description="day, month, year, country, type, ...")
    ] = None,
    country: CountryQ = None,
    crime_area: Annotated[str | None, Query(max_length=40, description="Operations")] = None,
    format: Format = "json",
) -> Figure | Response:
    period = period_of(settings, start, end, year, grain=group_by)
    extra = {"crime_area": crime_area} if figure is FigureName.OPERATIONS else {}
    result = figures.compute(
        session, principal, figure, period=period, group_by=group_by, country=country, **extra
    )
    if format == "csv":
        return _csv(result.to_csv(), f"{figure.value}-{period.start}-{period.end}")
    return result


@router.get(
    "/{figure}/growth",
    response_model=Growth,
    responses=CSV,
    summary="A figure's total in period a and period b, and the change (absolute and %)",
)
def growth(
    figure: FigureName,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    a_start: Day = None,
    a_end: Day = None,
    a_year: Year = None,
    b_start: Day = None,
    b_end: Day = None,
    b_year: Year = None,
    column: Annotated[str | None, Query(max_length=40)] = None,
    country: CountryQ = None,
    format: Format = "json",
) -> Growth | Response:
    a = period_of(settings, a_start, a_end, a_year, field="a")
    b = period_of(settings, b_start, b_end, b_year, field="b")
    result = figures.growth(session, principal, figure, a=a, b=b, column=column, country=country)
    return _csv(result.to_csv(), f"{figure.value}-growth") if format == "csv" else result


@router.get(
    "/{figure}/items",
    response_model=Items,
    responses=CSV,
    summary="The objects a figure counted (ids, time, country), paginated (drill-down)",
)
def figure_items(
    figure: FigureName,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    page: PageDep,
    start: Day = None,
    end: Day = None,
    year: Year = None,
    kind: Annotated[str | None, Query(max_length=20, description="searches|hits, ...")] = None,
    type: Annotated[str | None, Query(max_length=10, description="Notice type")] = None,
    country: CountryQ = None,
    region: Annotated[str | None, Query(max_length=40, description="Members")] = None,
    crime_area: Annotated[str | None, Query(max_length=40, description="Operations")] = None,
    format: Format = "json",
) -> Items | Response:
    period = period_of(settings, start, end, year)
    result = items.items(
        session,
        principal,
        figure,
        period=period,
        kind=kind,
        type_=type,
        country=country,
        region=region,
        crime_area=crime_area,
        limit=page.limit,
        offset=page.offset,
    )
    if format == "csv":
        return _csv(result.to_csv(), f"{result.figure}-items-{period.start}-{period.end}")
    return result


class StaffPage(Paginated[StaffOut]):
    pass


@staff_router.post(
    "",
    response_model=StaffOut,
    status_code=status.HTTP_201_CREATED,
    summary="Add a staff record (nationality, grade, dates; gs_admin)",
)
def create_staff(body: StaffIn, principal: Manager, session: SessionDep) -> StaffOut:
    return staff.out(session, staff.create(session, principal, body))


@staff_router.get("", response_model=StaffPage, summary="Staff records (gs_admin)")
def list_staff(
    principal: Manager,
    session: SessionDep,
    page: PageDep,
    serving_on: Annotated[date | None, Query(description="Only staff serving that day")] = None,
    nationality: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> StaffPage:
    rows, total = staff.listing(
        session,
        principal,
        serving_on=serving_on,
        nationality=nationality,
        limit=page.limit,
        offset=page.offset,
    )
    return StaffPage(
        items=[staff.out(session, r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@staff_router.get("/{staff_id}", response_model=StaffOut, summary="One staff record")
def read_staff(staff_id: StaffId, principal: Manager, session: SessionDep) -> StaffOut:
    return staff.out(session, staff.get(session, principal, staff_id))


@staff_router.patch("/{staff_id}", response_model=StaffOut, summary="Change a staff record")
def edit_staff(
    staff_id: StaffId, body: StaffPatch, principal: Manager, session: SessionDep
) -> StaffOut:
    return staff.out(session, staff.update(session, principal, staff_id, body))


@staff_router.delete(
    "/{staff_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a staff record"
)
def delete_staff(staff_id: StaffId, principal: Manager, session: SessionDep) -> Response:
    staff.delete(session, principal, staff_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
