"""Bringing a database to the state the code expects: migrations, then reference data
(members, their NCBs, the General Secretariat's system actor)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.roles import Role
from concord.db.base import utcnow
from concord.db.database import Database
from concord.db.migrate import upgrade
from concord.members.reference import sync_members
from concord.operations.rates import ensure_default as ensure_rates

SYSTEM_USERNAME = "gs.system"


def ensure_system_account(session: Session) -> Account:
    """The General Secretariat's system actor: used by the CLI in development and by jobs."""
    account = session.execute(
        select(Account).where(Account.username == SYSTEM_USERNAME)
    ).scalar_one_or_none()
    if account is None:
        account = Account(
            kind="service",
            username=SYSTEM_USERNAME,
            display_name="General Secretariat system",
            role=str(Role.GS_ADMIN),
            country_code=None,
            created_at=utcnow(),
        )
        session.add(account)
        session.flush()
    return account


def system_principal(session: Session) -> Principal:
    from concord.auth.service import principal_for

    return principal_for(ensure_system_account(session))


def sync_reference_data(session: Session) -> int:
    count = sync_members(session)
    ensure_system_account(session)
    ensure_rates(session)  # the USD rate table shipped with Concord, if empty
    return count


def prepare(db: Database) -> int:
    """Upgrade the schema to head and load reference data. Returns the member count."""
    upgrade(db.engine)
    with db.transaction() as session:
        return sync_reference_data(session)
