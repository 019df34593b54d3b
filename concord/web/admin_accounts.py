"""What the administration pages need besides the account services of ``concord.auth``: the
roles an admin may grant, their labels, form errors by field, and changing a person's role
(checked like an account's creation: the same rules on who may grant which role, for which
country; audited)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from concord import audit
from concord.auth import accounts
from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.roles import Role
from concord.errors import ConflictError
from concord.web.nav import N_

NCB_GRANTS = (Role.NCB_ADMIN, Role.NCB_OPERATOR, Role.BORDER_OFFICER, Role.DELEGATE, Role.AUDITOR)
ROLE_LABELS = {
    "ncb_admin": N_("NCB administrator"),
    "ncb_operator": N_("NCB operator"),
    "border_officer": N_("Border officer"),
    "gs_officer": N_("Secretariat officer"),
    "gs_reviewer": N_("Secretariat reviewer"),
    "gs_admin": N_("Secretariat administrator"),
    "ccf_member": N_("CCF member"),
    "delegate": N_("Delegate"),
    "auditor": N_("Auditor"),
}
AGENCY_KINDS = {
    "border": N_("Border"),
    "customs": N_("Customs"),
    "immigration": N_("Immigration"),
    "police": N_("Police"),
    "financial_intelligence": N_("Financial intelligence"),
}


def grantable(principal: Principal) -> list[Role]:
    return list(Role) if principal.is_secretariat else list(NCB_GRANTS)


def field_errors(exc: ValidationError) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.errors(include_url=False, include_context=False):
        name = str(err["loc"][0]) if err["loc"] else "form"
        out.setdefault(name, str(err["msg"]))
    return out


def change_role(session: Session, principal: Principal, account_id: str, *, role: Role) -> Account:
    """Give an account another role, within what the principal may grant for its country."""
    account = accounts._manageable(session, principal, account_id)
    if account.id == principal.account_id:
        raise ConflictError("You cannot change your own role")
    accounts._check_assignment(session, principal, role, account.country_code, account.agency_id)
    before = account.role
    account.role = str(role)
    payload: dict[str, Any] = {"from": before, "to": str(role)}
    audit.record(
        session,
        actor=principal,
        action="account.role",
        object_type="account",
        object_id=account.id,
        payload=payload,
    )
    return account
