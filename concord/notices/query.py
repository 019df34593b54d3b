"""Who sees which notice, and how much of it.

- The requesting NCB and the General Secretariat see everything: the request, the automated
  findings, every decision (the history).
- Other members see a published notice in circulation (its content, not the review), and a
  request being processed only where its type allows ("request being processed": type,
  subject, requesting country). They never see drafts, refusals, cancelled or expired
  notices, nor a notice about a record its owner restricted away from them.
- Everything else answers 404, and the attempt is audited.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db import paging
from concord.errors import HiddenObjectError, NotFoundError, PermissionDeniedError
from concord.notices.models import Notice, NoticeEvent, NoticeRecord
from concord.notices.types import RULES, NoticeType
from concord.notices.workflow import PROCESSING, Status
from concord.records import access as record_access
from concord.records.models import Record
from concord.settings import Settings

_WHILE_PROCESSING = [t.value for t, r in RULES.items() if r.visible_while_processing]


class View(StrEnum):
    FULL = "full"  # requester, Secretariat
    MEMBER = "member"  # a published notice seen by another member
    PROCESSING = "processing"  # "request being processed"


def action_text(notice: Notice) -> str:
    text = RULES[NoticeType(notice.type)].action.format(
        cc=notice.requesting_country or "the General Secretariat"
    )
    sanctions = notice.data.get("sanctions")
    if sanctions:
        text += " (" + ", ".join(s.replace("_", " ") for s in sanctions) + ")"
    return text


def is_requester(principal: Principal, notice: Notice) -> bool:
    if notice.requesting_country is None:
        return principal.is_secretariat
    return principal.country == notice.requesting_country


def _records_hidden(principal: Principal, now: datetime) -> ColumnElement[bool]:
    return exists(
        select(NoticeRecord.record_id)
        .join(Record, Record.id == NoticeRecord.record_id)
        .where(NoticeRecord.notice_id == Notice.id, ~record_access.visible(principal, now))
    )


def in_circulation(now: datetime | ColumnElement[datetime]) -> ColumnElement[bool]:
    return and_(Notice.status == Status.PUBLISHED.value, Notice.expires_at > now)


def visible(principal: Principal, now: datetime) -> ColumnElement[bool]:
    """SQL condition: the notices ``principal`` may see in some form."""
    if not principal.has(Permission.NOTICES_READ):
        return false()
    if principal.is_secretariat:
        return true()
    processing = and_(
        Notice.status.in_([s.value for s in PROCESSING]), Notice.type.in_(_WHILE_PROCESSING)
    )
    return or_(
        Notice.requesting_country == principal.country,
        and_(or_(in_circulation(now), processing), ~_records_hidden(principal, now)),
    )


def view_of(principal: Principal, notice: Notice) -> View:
    """How much of a notice (already known to be visible) the principal sees."""
    if principal.is_secretariat or is_requester(principal, notice):
        return View.FULL
    return View.MEMBER if notice.status == Status.PUBLISHED.value else View.PROCESSING


def get_visible(
    session: Session, principal: Principal, notice_id: str, settings: Settings
) -> Notice:
    if not principal.has(Permission.NOTICES_READ):
        raise PermissionDeniedError("Your role does not allow reading notices")
    now = clock_now(settings)
    notice = session.execute(
        select(Notice).where(Notice.id == notice_id, visible(principal, now))
    ).scalar_one_or_none()
    if notice is None:
        if session.get(Notice, notice_id) is not None:
            raise HiddenObjectError(
                f"No notice '{notice_id}'", object_type="notice", object_id=notice_id
            )
        raise NotFoundError(f"No notice '{notice_id}'")
    return notice


def search(
    session: Session,
    principal: Principal,
    settings: Settings,
    *,
    type: str | None = None,
    status: str | None = None,
    country: str | None = None,
    q: str | None = None,
    record_id: str | None = None,
    queue: bool = False,
    limit: int,
    offset: int,
) -> tuple[list[Notice], int]:
    """Notices the caller may see, newest first, filtered."""
    if not principal.has(Permission.NOTICES_READ):
        raise PermissionDeniedError("Your role does not allow reading notices")
    now = clock_now(settings)
    stmt: Select[Notice] = select(Notice).where(visible(principal, now))
    if type:
        stmt = stmt.where(Notice.type == type)
    if status:
        stmt = stmt.where(Notice.status == status)
    if country:
        stmt = stmt.where(Notice.requesting_country == country.upper())
    if q:
        stmt = stmt.where(Notice.title.ilike(f"%{q.strip()}%"))
    if record_id:
        stmt = stmt.where(
            exists().where(NoticeRecord.notice_id == Notice.id, NoticeRecord.record_id == record_id)
        )
    if queue:
        if not principal.has(Permission.NOTICES_REVIEW):
            raise PermissionDeniedError("The review queue is for reviewers (gs_reviewer)")
        stmt = stmt.where(
            or_(
                Notice.status.in_([Status.SUBMITTED.value, Status.UNDER_REVIEW.value]),
                and_(Notice.status == Status.PUBLISHED.value, Notice.pending.is_not(None)),
            )
        )
        return paging.page(
            session, stmt, Notice.submitted_at.asc(), Notice.id, limit=limit, offset=offset
        )
    return paging.page(
        session, stmt, Notice.updated_at.desc(), Notice.id, limit=limit, offset=offset
    )


def history(
    session: Session, principal: Principal, notice_id: str, settings: Settings
) -> list[NoticeEvent]:
    notice = get_visible(session, principal, notice_id, settings)
    if view_of(principal, notice) is not View.FULL:
        raise HiddenObjectError(
            f"The history of notice '{notice_id}' is for the requesting NCB and reviewers",
            object_type="notice",
            object_id=notice_id,
        )
    return list(
        session.execute(
            select(NoticeEvent).where(NoticeEvent.notice_id == notice_id).order_by(NoticeEvent.id)
        ).scalars()
    )


def subject_data(session: Session, notice: Notice) -> dict[str, Any] | None:
    if notice.subject_id is None:
        return None
    row = session.get(Record, notice.subject_id)
    return None if row is None else dict(row.data)
