"""What the console's messaging pages share: the mailbox the signed-in person holds, the
meaning of handling codes and grading, and the member countries grouped by region for the
diffusion picker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.members.models import Country
from concord.messaging import mailboxes
from concord.messaging.keys import KeyStore
from concord.messaging.models import Mailbox
from concord.settings import Settings
from concord.web import i18n
from concord.web.nav import N_
from concord.web.session import web_require

Reader = Annotated[Principal, Depends(web_require(Permission.MESSAGES_READ))]
Sender = Annotated[Principal, Depends(web_require(Permission.MESSAGES_SEND))]

#: INTERPOL's handling codes and what each means for the reader
HANDLING = {
    "H0": N_("H0: for police purposes; no further restriction"),
    "H1": N_("H1: not to be used as evidence in judicial proceedings"),
    "H2": N_("H2: no onward sharing without the originator's permission"),
    "H3": N_("H3: other restrictions (see their text)"),
}
RELIABILITY = {
    "A": N_("A: reliable source"),
    "B": N_("B: mostly reliable source"),
    "C": N_("C: not reliable source"),
    "X": N_("X: reliability cannot be assessed"),
}
ACCURACY = {
    1: N_("1: known to be true without reservation"),
    2: N_("2: known personally to the source"),
    3: N_("3: not known personally to the source, corroborated"),
    4: N_("4: cannot be judged"),
}
PRIORITY = {
    "routine": N_("Routine"),
    "urgent": N_("Urgent (reply within 12 hours)"),
    "immediate": N_("Immediate (reply within 2 hours)"),
}
PRIORITY_SHORT = {"routine": N_("routine"), "urgent": N_("urgent"), "immediate": N_("immediate")}
STATES = {"sent": N_("sent"), "delivered": N_("delivered"), "read": N_("read")}
REGIONS = {
    "Africa": N_("Africa"),
    "Americas": N_("Americas"),
    "Asia and South Pacific": N_("Asia and South Pacific"),
    "Europe": N_("Europe"),
    "Middle East and North Africa": N_("Middle East and North Africa"),
}


def store_of(request: Request) -> KeyStore:
    store: KeyStore = request.app.state.keystore
    return store


def now_of(request: Request) -> datetime:
    settings: Settings = request.app.state.settings
    return clock_now(settings)


def my_box(request: Request, session: Session, principal: Principal) -> Mailbox:
    return mailboxes.own_mailbox(session, store_of(request), principal, now_of(request))


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    countries: list[str]


def regions(session: Session, lang: str) -> list[Region]:
    """Member countries grouped by their INTERPOL region (one query), each region's countries
    in the alphabetical order of their names in ``lang``."""
    names = i18n.locale(lang).territories
    grouped: dict[str, list[str]] = {}
    for code, region in session.execute(
        select(Country.code, Country.region).order_by(Country.region, Country.code)
    ):
        grouped.setdefault(region, []).append(code)
    return [
        Region(r, REGIONS.get(r, r), sorted(codes, key=lambda c: str(names.get(c, c)).casefold()))
        for r, codes in grouped.items()
    ]


def is_overdue(reply_by: datetime | None, now: datetime) -> bool:
    """The reply time has passed (stored times may come back naive: they are UTC)."""
    if reply_by is None:
        return False
    if reply_by.tzinfo is None:
        reply_by = reply_by.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return reply_by < now
