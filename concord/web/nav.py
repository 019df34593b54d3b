"""The console's navigation: each area, its path and the permission that shows it.

Labels are message ids, translated by the templates (``_(item.label)``); they are marked here
with :func:`N_` so that message extraction finds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from concord.auth.principal import Principal
from concord.auth.roles import Permission


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    permission: Permission | None


NAV: tuple[NavItem, ...] = (
    NavItem("/console/", N_("Home"), None),
    NavItem("/console/screen", N_("Screening"), Permission.SCREEN),
    NavItem("/console/records", N_("Records"), Permission.RECORDS_READ),
    NavItem("/console/notices", N_("Notices"), Permission.NOTICES_READ),
    NavItem("/console/messages", N_("Messages"), Permission.MESSAGES_READ),
    NavItem("/console/stats", N_("Statistics"), Permission.STATS_READ),
    NavItem("/console/audit", N_("Audit"), Permission.AUDIT_READ),
    NavItem("/console/admin", N_("Administration"), Permission.USERS_READ),
)


def items_for(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    return [i for i in NAV if i.permission is None or principal.has(i.permission)]
