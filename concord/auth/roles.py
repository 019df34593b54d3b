"""Roles and the permissions they carry.

A permission is also a token scope: a service token may be limited to a subset of its account's
role permissions. Country scoping (which country's objects a principal may touch) is decided by
the services, using :meth:`concord.auth.principal.Principal.may_act_for`.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    NCB_ADMIN = "ncb_admin"
    NCB_OPERATOR = "ncb_operator"
    BORDER_OFFICER = "border_officer"
    GS_OFFICER = "gs_officer"
    GS_REVIEWER = "gs_reviewer"
    GS_ADMIN = "gs_admin"
    CCF_MEMBER = "ccf_member"
    DELEGATE = "delegate"
    AUDITOR = "auditor"


#: Roles that belong to the General Secretariat (or the CCF): accounts with no member country.
SECRETARIAT_ROLES = frozenset({Role.GS_OFFICER, Role.GS_REVIEWER, Role.GS_ADMIN, Role.CCF_MEMBER})
#: Roles that must belong to a member country.
COUNTRY_ROLES = frozenset({Role.NCB_ADMIN, Role.NCB_OPERATOR, Role.BORDER_OFFICER, Role.DELEGATE})
#: Roles that may be held either by a country or by the Secretariat.
EITHER_ROLES = frozenset({Role.AUDITOR})


class Permission(StrEnum):
    MEMBERS_READ = "members:read"
    AGENCIES_MANAGE = "agencies:manage"
    USERS_READ = "users:read"
    USERS_MANAGE = "users:manage"
    TOKENS_MANAGE = "tokens:manage"
    AUDIT_READ = "audit:read"
    AUDIT_VERIFY = "audit:verify"
    AUDIT_PRUNE = "audit:prune"
    NOTIFICATIONS_READ = "notifications:read"
    NOTIFICATIONS_SEND = "notifications:send"
    SCREEN = "screen"
    RECORDS_READ = "records:read"
    RECORDS_WRITE = "records:write"
    NOTICES_READ = "notices:read"
    NOTICES_REQUEST = "notices:request"
    NOTICES_REVIEW = "notices:review"
    NOTICES_MANAGE = "notices:manage"
    DIFFUSIONS_SEND = "diffusions:send"
    MESSAGES_READ = "messages:read"
    MESSAGES_SEND = "messages:send"
    MESSAGES_ADMIN = "messages:admin"
    OPERATIONS_READ = "operations:read"
    OPERATIONS_COORDINATE = "operations:coordinate"
    OPERATIONS_REPORT = "operations:report"
    OPERATIONS_RATES = "operations:rates"
    STATS_READ = "stats:read"
    STAFF_MANAGE = "staff:manage"


_EVERYONE = {Permission.MEMBERS_READ, Permission.NOTIFICATIONS_READ, Permission.STATS_READ}
#: Reading and sending from the mailboxes one holds (which: concord.messaging.mailboxes).
_MESSAGING = {Permission.MESSAGES_READ, Permission.MESSAGES_SEND}
#: Running operations: coordinating (as the Secretariat or a lead NCB), answering invitations,
#: linking targets and reporting results (which operations: concord.operations.access).
_OPERATIONS = {
    Permission.OPERATIONS_READ,
    Permission.OPERATIONS_COORDINATE,
    Permission.OPERATIONS_REPORT,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.NCB_ADMIN: frozenset(
        _EVERYONE
        | _MESSAGING
        | _OPERATIONS
        | {
            Permission.AGENCIES_MANAGE,
            Permission.USERS_READ,
            Permission.USERS_MANAGE,
            Permission.TOKENS_MANAGE,
            Permission.NOTIFICATIONS_SEND,
            Permission.SCREEN,
            Permission.RECORDS_READ,
            Permission.RECORDS_WRITE,
            Permission.NOTICES_READ,
            Permission.NOTICES_REQUEST,
            Permission.DIFFUSIONS_SEND,
            Permission.MESSAGES_ADMIN,
        }
    ),
    Role.NCB_OPERATOR: frozenset(
        _EVERYONE
        | _MESSAGING
        | _OPERATIONS
        | {
            Permission.SCREEN,
            Permission.NOTIFICATIONS_SEND,
            Permission.RECORDS_READ,
            Permission.RECORDS_WRITE,
            Permission.NOTICES_READ,
            Permission.NOTICES_REQUEST,
            Permission.DIFFUSIONS_SEND,
        }
    ),
    Role.BORDER_OFFICER: frozenset(
        _EVERYONE - {Permission.STATS_READ} | _MESSAGING | {Permission.SCREEN}
    ),
    Role.GS_OFFICER: frozenset(
        _EVERYONE
        | _MESSAGING
        | _OPERATIONS
        | {
            Permission.SCREEN,
            Permission.NOTIFICATIONS_SEND,
            Permission.RECORDS_READ,
            Permission.NOTICES_READ,
            Permission.NOTICES_REQUEST,
            Permission.NOTICES_MANAGE,
        }
    ),
    Role.GS_REVIEWER: frozenset(
        _EVERYONE
        | _MESSAGING
        | {
            Permission.RECORDS_READ,
            Permission.NOTICES_READ,
            Permission.NOTICES_REVIEW,
            Permission.OPERATIONS_READ,
            Permission.NOTICES_MANAGE,
        }
    ),
    Role.GS_ADMIN: frozenset(
        _EVERYONE
        | {
            Permission.MESSAGES_ADMIN,
            Permission.AGENCIES_MANAGE,
            Permission.USERS_READ,
            Permission.USERS_MANAGE,
            Permission.TOKENS_MANAGE,
            Permission.AUDIT_VERIFY,
            Permission.AUDIT_PRUNE,
            Permission.NOTIFICATIONS_SEND,
            Permission.STAFF_MANAGE,
            Permission.OPERATIONS_READ,
            Permission.OPERATIONS_RATES,
        }
    ),
    Role.CCF_MEMBER: frozenset(_EVERYONE | {Permission.RECORDS_READ, Permission.NOTICES_READ}),
    Role.DELEGATE: frozenset(_EVERYONE),
    Role.AUDITOR: frozenset(
        _EVERYONE | {Permission.AUDIT_READ, Permission.AUDIT_VERIFY, Permission.USERS_READ}
    ),
}


def role_needs_country(role: Role) -> bool | None:
    """True if the role must have a country, False if it must not, None if either."""
    if role in COUNTRY_ROLES:
        return True
    if role in SECRETARIAT_ROLES:
        return False
    return None
