"""HTTP routes of key administration: rotating a mailbox's keys, erasing a mailbox
(crypto-shredding, General Secretariat administrators only). KEK rotation is an operator's
procedure run with the CLI (``concord messages rotate-kek``): it needs both secrets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, StringConstraints

from concord.api.deps import SessionDep, SettingsDep, require
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.messaging import keyops, mailboxes
from concord.messaging.routes import Store
from concord.messaging.schemas import MailboxOut

router = APIRouter(tags=["messaging"])
Admin = Annotated[Principal, Depends(require(Permission.MESSAGES_ADMIN))]


class EraseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]


class EraseOut(BaseModel):
    address: str
    key_versions_destroyed: int


@router.post(
    "/mailboxes/mine/rotate-keys",
    response_model=MailboxOut,
    summary="New keys for your mailbox (older messages stay readable with the older keys)",
)
def rotate_keys(
    principal: Admin, session: SessionDep, settings: SettingsDep, store: Store
) -> MailboxOut:
    box = keyops.rotate_own_mailbox(session, principal, store, clock_now(settings))
    return MailboxOut.model_validate(box)


@router.post(
    "/mailboxes/{address:path}/erase",
    response_model=EraseOut,
    summary="Erase a mailbox's keys: its copies of messages become unreadable (Secretariat)",
)
def erase(
    address: Annotated[str, Path(min_length=2, max_length=80)],
    body: EraseIn,
    principal: Admin,
    session: SessionDep,
    settings: SettingsDep,
    store: Store,
) -> EraseOut:
    destroyed = keyops.erase_mailbox(
        session, principal, store, address, body.reason, clock_now(settings)
    )
    return EraseOut(
        address=mailboxes.by_address(session, address).address,
        key_versions_destroyed=destroyed,
    )
