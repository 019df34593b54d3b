"""The members registry: member countries and NCBs (public to every principal) and agencies
(private to their country, managed by its NCB)."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db import paging
from concord.db.base import utcnow
from concord.errors import (
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.members.models import Agency, Country, Ncb


def list_members(
    session: Session,
    *,
    region: str | None = None,
    q: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Country], int]:
    stmt: Select[Country] = select(Country)
    if region is not None:
        stmt = stmt.where(Country.region == region)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Country.name).like(like),
                func.lower(Country.code) == q.lower(),
                func.lower(Country.alpha3) == q.lower(),
            )
        )
    return paging.page(session, stmt, Country.name, limit=limit, offset=offset)


def get_member(session: Session, code: str) -> tuple[Country, Ncb, int]:
    country = session.get(Country, code.upper())
    if country is None:
        raise NotFoundError(f"'{code}' is not a member country")
    ncb = session.execute(select(Ncb).where(Ncb.country_code == country.code)).scalar_one()
    agencies = session.execute(
        select(func.count()).select_from(Agency).where(Agency.country_code == country.code)
    ).scalar_one()
    return country, ncb, agencies


def _target_country(principal: Principal, country: str | None) -> str:
    target = country or principal.country
    if target is None:
        raise ValidationFailedError("The Secretariat must name the agency's country")
    if not principal.may_act_for(target):
        raise PermissionDeniedError("An NCB manages the agencies of its own country only")
    return target


def create_agency(
    session: Session, principal: Principal, *, name: str, kind: str, country: str | None = None
) -> Agency:
    if not principal.has(Permission.AGENCIES_MANAGE):
        raise PermissionDeniedError("Only NCB or Secretariat admins authorise agencies")
    code = _target_country(principal, country)
    ncb = session.execute(select(Ncb).where(Ncb.country_code == code)).scalar_one_or_none()
    if ncb is None:
        raise ValidationFailedError(f"'{code}' is not a member country")
    if session.execute(
        select(Agency.id).where(Agency.country_code == code, Agency.name == name)
    ).first():
        raise ConflictError(f"{code} already has an agency named '{name}'")
    agency = Agency(
        country_code=code,
        ncb_id=ncb.id,
        name=name,
        kind=kind,
        status="active",
        created_at=utcnow(),
        created_by=principal.account_id,
    )
    session.add(agency)
    session.flush()
    audit.record(
        session,
        actor=principal,
        action="agency.create",
        object_type="agency",
        object_id=agency.id,
        payload={"kind": kind, "country": code},
    )
    return agency


def get_agency(session: Session, principal: Principal, agency_id: str) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFoundError(f"No agency '{agency_id}'")
    if not principal.may_act_for(agency.country_code):
        raise HiddenObjectError(
            f"No agency '{agency_id}'", object_type="agency", object_id=agency_id
        )
    return agency


def list_agencies(
    session: Session,
    principal: Principal,
    *,
    country: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Agency], int]:
    stmt: Select[Agency] = select(Agency)
    if not principal.is_secretariat:
        stmt = stmt.where(Agency.country_code == principal.country)
    if country is not None:
        stmt = stmt.where(Agency.country_code == country)
    rows, total = paging.page(
        session, stmt, Agency.country_code, Agency.name, limit=limit, offset=offset
    )
    audit.record(
        session,
        actor=principal,
        action="agency.list",
        object_type="agency",
        payload={"country": country},
    )
    return list(rows), total


def set_agency_status(
    session: Session,
    principal: Principal,
    agency_id: str,
    *,
    suspended: bool,
    reason: str | None = None,
) -> Agency:
    if not principal.has(Permission.AGENCIES_MANAGE):
        raise PermissionDeniedError("Only NCB or Secretariat admins suspend agencies")
    agency = get_agency(session, principal, agency_id)
    if suspended:
        agency.status, agency.suspended_at, agency.suspension_reason = "suspended", utcnow(), reason
    else:
        agency.status, agency.suspended_at, agency.suspension_reason = "active", None, None
    audit.record(
        session,
        actor=principal,
        action="agency.suspend" if suspended else "agency.reinstate",
        object_type="agency",
        object_id=agency.id,
        purpose=reason,
    )
    return agency


def set_agency_databases(
    session: Session, principal: Principal, agency_id: str, *, record_types: list[str]
) -> Agency:
    """The NCB authorises one of its agencies to write some of its databases (record types)."""
    if not principal.has(Permission.AGENCIES_MANAGE):
        raise PermissionDeniedError("Only NCB or Secretariat admins authorise agencies")
    agency = get_agency(session, principal, agency_id)
    agency.record_types = sorted(set(record_types))
    audit.record(
        session,
        actor=principal,
        action="agency.databases",
        object_type="agency",
        object_id=agency.id,
        payload={"record_types": agency.record_types},
    )
    return agency
