"""The General Secretariat's staff records (``gs_admin`` keeps them) and the diversity reports
drawn from them: how many member countries and regions are represented among staff serving on
a date, and the change between two dates by region.

A staff member serves on day D when ``start_date <= D`` and (``end_date`` is empty or
``end_date >= D``). The region is the nationality's INTERPOL region in the membership list.

Who sees what: staff records (even without names) are for ``gs_admin`` only
(``staff:manage``). The representation reports are aggregates: every statistics reader sees
the counts of countries and regions and the counts by region; the counts by nationality are for
the Secretariat only (a country with one staff member would single that person out)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db import paging
from concord.db.base import utcnow
from concord.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from concord.members.models import Country
from concord.members.reference import REGIONS
from concord.stats import common
from concord.stats.models import StaffMember
from concord.stats.schemas import (
    RegionChange,
    RegionCount,
    Representation,
    RepresentationChange,
    StaffIn,
    StaffOut,
    StaffPatch,
)

SOURCE = "staff (nationality, start_date, end_date) + countries (region)"
#: The Organization was founded in 1923: no service starts earlier.
EARLIEST = date(1923, 9, 7)


def _manager(principal: Principal) -> None:
    if not principal.has(Permission.STAFF_MANAGE):
        raise PermissionDeniedError("Staff records are kept by the Secretariat's admins")


def _invalid(field: str, message: str) -> ValidationFailedError:
    return ValidationFailedError(
        f"{field}: {message}", errors=[{"loc": [field], "msg": message, "type": "value"}]
    )


def _check(session: Session, nationality: str, start: date, end: date | None) -> None:
    if session.get(Country, nationality) is None:
        raise _invalid("nationality", f"'{nationality}' is not a member country")
    if start < EARLIEST:
        raise _invalid("start_date", f"before the Organization existed ({EARLIEST.isoformat()})")
    if end is not None and end < start:
        raise _invalid("end_date", f"{end.isoformat()} is before start_date {start.isoformat()}")


def out(session: Session, row: StaffMember) -> StaffOut:
    region = session.execute(select(Country.region).where(Country.code == row.nationality))
    return StaffOut(
        id=row.id,
        nationality=row.nationality,
        region=str(region.scalar_one()),
        grade=row.grade,
        start_date=row.start_date,
        end_date=row.end_date,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def create(session: Session, principal: Principal, body: StaffIn) -> StaffMember:
    _manager(principal)
    _check(session, body.nationality, body.start_date, body.end_date)
    now = utcnow()
    row = StaffMember(
        nationality=body.nationality,
        grade=body.grade,
        start_date=body.start_date,
        end_date=body.end_date,
        created_by=principal.account_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=principal,
        action="staff.create",
        object_type="staff",
        object_id=row.id,
        payload=body.model_dump(mode="json"),
    )
    return row


def get(session: Session, principal: Principal, staff_id: str) -> StaffMember:
    _manager(principal)
    row = session.get(StaffMember, staff_id)
    if row is None:
        raise NotFoundError(f"No staff record '{staff_id}'")
    return row


def update(session: Session, principal: Principal, staff_id: str, body: StaffPatch) -> StaffMember:
    row = get(session, principal, staff_id)
    changes = body.model_dump(exclude_unset=True)
    if changes.get("nationality", "") is None or changes.get("start_date", "") is None:
        raise _invalid(next(k for k, v in changes.items() if v is None), "may not be empty")
    if "grade" in changes and changes["grade"] is None:
        raise _invalid("grade", "may not be empty")
    nationality = changes.get("nationality", row.nationality)
    start = changes.get("start_date", row.start_date)
    end = changes.get("end_date", row.end_date)
    _check(session, nationality, start, end)
    for key, value in changes.items():
        setattr(row, key, value)
    row.updated_at = utcnow()
    audit.record(
        session,
        actor=principal,
        action="staff.update",
        object_type="staff",
        object_id=row.id,
        payload=body.model_dump(mode="json", exclude_unset=True),
    )
    return row


def delete(session: Session, principal: Principal, staff_id: str) -> None:
    row = get(session, principal, staff_id)
    session.delete(row)
    audit.record(
        session, actor=principal, action="staff.delete", object_type="staff", object_id=staff_id
    )


def listing(
    session: Session,
    principal: Principal,
    *,
    serving_on: date | None = None,
    nationality: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[StaffMember], int]:
    _manager(principal)
    stmt: Select[StaffMember] = select(StaffMember)
    if serving_on is not None:
        stmt = stmt.where(serving(serving_on))
    if nationality:
        stmt = stmt.where(StaffMember.nationality == nationality.upper())
    audit.record(
        session,
        actor=principal,
        action="staff.list",
        object_type="staff",
        payload={"serving_on": serving_on.isoformat() if serving_on else None},
    )
    return paging.page(
        session, stmt, StaffMember.start_date, StaffMember.id, limit=limit, offset=offset
    )


def serving(on: date) -> ColumnElement[bool]:
    """SQL: the staff member serves on day ``on``."""
    return and_(
        StaffMember.start_date <= on,
        or_(StaffMember.end_date.is_(None), StaffMember.end_date >= on),
    )


def _by_region(session: Session, on: date) -> dict[str, tuple[int, int]]:
    stmt = (
        select(Country.region, func.count(), func.count(func.distinct(StaffMember.nationality)))
        .join(Country, Country.code == StaffMember.nationality)
        .where(serving(on))
        .group_by(Country.region)
    )
    return {str(r): (int(n), int(c)) for r, n, c in session.execute(stmt)}


def representation(session: Session, principal: Principal, *, at: date) -> Representation:
    common.check_reader(principal)
    regions = _by_region(session, at)
    members = session.execute(select(func.count()).select_from(Country)).scalar_one()
    by_country: dict[str, int] | None = None
    if principal.is_secretariat:
        stmt: Any = (
            select(StaffMember.nationality, func.count())
            .where(serving(at))
            .group_by(StaffMember.nationality)
        )
        by_country = {str(k): int(v) for k, v in session.execute(stmt)}
    audit.record(
        session,
        actor=principal,
        action="stats.read",
        object_type="stats",
        object_id="staff",
        payload={"at": at.isoformat()},
    )
    return Representation(
        at=at,
        source=f"{SOURCE} serving on {at.isoformat()}",
        staff=sum(n for n, _ in regions.values()),
        countries=sum(c for _, c in regions.values()),
        regions=sum(1 for n, _ in regions.values() if n),
        members=int(members),
        by_region=[
            RegionCount(
                region=r, staff=regions.get(r, (0, 0))[0], countries=regions.get(r, (0, 0))[1]
            )
            for r in REGIONS
        ],
        by_country=dict(sorted(by_country.items())) if by_country is not None else None,
    )


def change(session: Session, principal: Principal, *, a: date, b: date) -> RepresentationChange:
    common.check_reader(principal)
    if b < a:
        raise _invalid("b", f"{b.isoformat()} is before a {a.isoformat()}")
    ra, rb = _by_region(session, a), _by_region(session, b)
    rows = []
    for r in REGIONS:
        (sa, ca), (sb, cb) = ra.get(r, (0, 0)), rb.get(r, (0, 0))
        rows.append(
            RegionChange(
                region=r,
                staff_a=sa,
                staff_b=sb,
                staff_change=sb - sa,
                countries_a=ca,
                countries_b=cb,
                countries_change=cb - ca,
            )
        )
    audit.record(
        session,
        actor=principal,
        action="stats.read",
        object_type="stats",
        object_id="staff.change",
        payload={"a": a.isoformat(), "b": b.isoformat()},
    )
    return RepresentationChange(
        a=a,
        b=b,
        source=f"{SOURCE} serving on {a.isoformat()} and on {b.isoformat()}",
        staff_a=sum(x.staff_a for x in rows),
        staff_b=sum(x.staff_b for x in rows),
        countries_a=sum(x.countries_a for x in rows),
        countries_b=sum(x.countries_b for x in rows),
        regions_a=sum(1 for x in rows if x.staff_a),
        regions_b=sum(1 for x in rows if x.staff_b),
        by_region=rows,
    )
