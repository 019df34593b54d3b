"""In-app notifications that every capability uses: addressed to one account, to a role, to a
country (its NCB and agencies), or to a role within a country; read state is per account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db import paging
from concord.db.base import new_id, utcnow
from concord.errors import (
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.notify.models import Notification, NotificationRead


def notify(
    session: Session,
    *,
    kind: str,
    title: str,
    body: str | None = None,
    account_id: str | None = None,
    role: str | None = None,
    country: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    created_by: str | None = None,
) -> Notification:
    """Queue a notification in the caller's transaction (services call this directly)."""
    if account_id is None and role is None and country is None:
        raise ValidationFailedError("A notification needs a recipient: account, role or country")
    note = Notification(
        id=new_id(),
        kind=kind,
        title=title,
        body=body,
        account_id=account_id,
        role=role,
        country=country,
        object_type=object_type,
        object_id=object_id,
        created_by=created_by,
        created_at=utcnow(),
    )
    # written with the caller's transaction, not flushed here: a batch of screenings notifies
    # many owners, and each flush costs a unit of work
    session.add(note)
    return note


def send(
    session: Session,
    principal: Principal,
    *,
    kind: str,
    title: str,
    body: str | None,
    account_id: str | None,
    role: str | None,
    country: str | None,
) -> Notification:
    """A person or system sends a notification: within its own country, unless Secretariat."""
    if not principal.has(Permission.NOTIFICATIONS_SEND):
        raise PermissionDeniedError("Your role may not send notifications")
    if account_id is not None:
        target = session.get(Account, account_id)
        if target is None:
            raise NotFoundError(f"No account '{account_id}'")
        if not principal.may_act_for(target.country_code):
            raise HiddenObjectError(
                f"No account '{account_id}'", object_type="account", object_id=account_id
            )
    elif not principal.is_secretariat:
        if country is None:
            country = principal.country
        if country != principal.country:
            raise PermissionDeniedError("You may only notify your own country")
    note = notify(
        session,
        kind=kind,
        title=title,
        body=body,
        account_id=account_id,
        role=role,
        country=country,
        created_by=principal.account_id,
    )
    audit.record(
        session,
        actor=principal,
        action="notification.send",
        object_type="notification",
        object_id=note.id,
    )
    return note


#: What a notification's kind is about, and the permission needed to see it: a notification
#: addressed to a whole country reaches only those of its people allowed to read the subject
#: (a delegate is not told about a record, a border officer not about a notice review).
KIND_PERMISSIONS: tuple[tuple[str, Permission], ...] = (
    ("records.", Permission.RECORDS_READ),
    ("screening.", Permission.RECORDS_READ),
    ("operation", Permission.OPERATIONS_READ),
    ("notice", Permission.NOTICES_READ),
    ("diffusion", Permission.NOTICES_READ),
)


def _addressed_to(principal: Principal) -> ColumnElement[bool]:
    hidden = [
        ~Notification.kind.startswith(prefix)
        for prefix, permission in KIND_PERMISSIONS
        if not principal.has(permission)
    ]
    return and_(_recipient(principal), *hidden)


def _recipient(principal: Principal) -> ColumnElement[bool]:
    return or_(
        Notification.account_id == principal.account_id,
        and_(
            Notification.account_id.is_(None),
            or_(Notification.role.is_(None), Notification.role == str(principal.role)),
            or_(Notification.country.is_(None), Notification.country == principal.org),
        ),
    )


def _is_read(principal: Principal) -> ColumnElement[bool]:
    return exists().where(
        NotificationRead.notification_id == Notification.id,
        NotificationRead.account_id == principal.account_id,
    )


def feed(
    session: Session,
    principal: Principal,
    *,
    unread_only: bool = False,
    after: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[tuple[Notification, bool]], int]:
    """The principal's notifications, newest first, each with its read flag."""
    read = _is_read(principal)
    stmt = select(Notification, read.label("read")).where(_addressed_to(principal))
    if unread_only:
        stmt = stmt.where(~read)
    if after is not None:
        stmt = stmt.where(Notification.created_at > after)
    rows, total = paging.page_rows(
        session,
        stmt,
        Notification.created_at.desc(),
        Notification.id.desc(),
        limit=limit,
        offset=offset,
    )
    return [(n, bool(r)) for n, r in rows], total


def unread_count(session: Session, principal: Principal) -> int:
    stmt = (
        select(func.count())
        .select_from(Notification)
        .where(_addressed_to(principal), ~_is_read(principal))
    )
    return int(session.execute(stmt).scalar_one())


def mark_read(session: Session, principal: Principal, notification_id: str) -> Notification:
    note = session.execute(
        select(Notification).where(Notification.id == notification_id, _addressed_to(principal))
    ).scalar_one_or_none()
    if note is None:
        if session.get(Notification, notification_id) is not None:
            raise HiddenObjectError(
                f"No notification '{notification_id}'",
                object_type="notification",
                object_id=notification_id,
            )
        raise NotFoundError(f"No notification '{notification_id}'")
    if session.get(NotificationRead, (note.id, principal.account_id)) is None:
        session.add(
            NotificationRead(
                notification_id=note.id, account_id=principal.account_id, read_at=utcnow()
            )
        )
    return note


def mark_all_read(session: Session, principal: Principal) -> int:
    ids = (
        session.execute(
            select(Notification.id).where(_addressed_to(principal), ~_is_read(principal))
        )
        .scalars()
        .all()
    )
    now = utcnow()
    session.add_all(
        NotificationRead(notification_id=i, account_id=principal.account_id, read_at=now)
        for i in ids
    )
    return len(ids)
