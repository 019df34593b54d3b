"""Who may see and change a record.

- The owner country sees and changes its records (people with ``records:write``; agency
  accounts only for the record types their NCB authorised the agency for).
- Anyone else with ``records:read`` sees a record only if its restriction allows their country
  (``all``; ``only`` listed countries; ``all except`` listed ones), and only while it is within
  its review deadline: past it, a record is hidden from everyone but its owner.
- The General Secretariat reads every record within its review deadline.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import PermissionDeniedError
from concord.members.models import Agency
from concord.records.models import Record, RecordAccess


def visible(principal: Principal, now: datetime) -> ColumnElement[bool]:
    """SQL condition: the records ``principal`` may read at ``now``."""
    if not principal.has(Permission.RECORDS_READ):
        return false()
    if principal.is_secretariat:
        return Record.review_at > now
    country = principal.country
    listed = exists().where(RecordAccess.record_id == Record.id, RecordAccess.country == country)
    allowed = or_(
        Record.restriction == "all",
        and_(Record.restriction == "only", listed),
        and_(Record.restriction == "except", ~listed),
    )
    return or_(Record.owner == country, and_(allowed, Record.review_at > now))


def may_read(session: Session, principal: Principal, record: Record, now: datetime) -> bool:
    if not principal.has(Permission.RECORDS_READ):
        return False
    if record.owner == principal.country:
        return True
    if record.review_at <= now:
        return False
    if principal.is_secretariat or record.restriction == "all":
        return True
    listed = (
        session.execute(
            select(true()).where(
                RecordAccess.record_id == record.id, RecordAccess.country == principal.country
            )
        ).first()
        is not None
    )
    return listed if record.restriction == "only" else not listed


def require_writer(session: Session, principal: Principal, owner: str, record_type: str) -> None:
    """Only the owner's NCB, or an agency it authorised for this database, writes records."""
    if not principal.has(Permission.RECORDS_WRITE):
        raise PermissionDeniedError("Your role does not allow entering or changing records")
    if principal.country != owner:
        raise PermissionDeniedError("Only the owner country's NCB changes its records")
    if principal.agency_id is not None:
        agency = session.get(Agency, principal.agency_id)
        if agency is None or record_type not in (agency.record_types or []):
            raise PermissionDeniedError(
                f"Your agency is not authorised by its NCB for the {record_type} database"
            )
