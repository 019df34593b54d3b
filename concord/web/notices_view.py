"""What a notice's pages show: the notice as the caller may see it (the API's own rendering),
its history with the actors' names, the subject's data for the full view, and the labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.notices import decisions, query
from concord.notices.routes import render as notice_out
from concord.settings import Settings
from concord.web import notices_form as nf

LABELS = {
    "types": nf.TYPE_LABELS,
    "statuses": nf.STATUS_LABELS,
    "actions": nf.ACTION_LABELS,
    "grounds": nf.GROUND_LABELS,
    "severities": nf.SEVERITY_LABELS,
    "sanctions": nf.SANCTION_LABELS,
}


def actor_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(select(Account.id, Account.username).where(Account.id.in_(ids)))
    return {str(i): str(u) for i, u in rows}


def notice_context(
    session: Session, principal: Principal, settings: Settings, notice_id: str
) -> dict[str, Any]:
    """Everything a notice's pages show, as the caller may see it."""
    notice = query.get_visible(session, principal, notice_id, settings)
    out = notice_out(principal, notice)
    history = []
    subject = None
    if out.view == "full":
        history = query.history(session, principal, notice_id, settings)
        subject = query.subject_data(session, notice)
    actors = decisions.actors_of(principal, notice)
    return {
        "notice": out,
        "history": history,
        "names": actor_names(session, {e.actor_id for e in history}),
        "subject": subject,
        "is_requester": "requester" in {a.value for a in actors},
        "is_reviewer": principal.has(Permission.NOTICES_REVIEW),
        "labels": LABELS,
        "info_request": next(
            (e.reason for e in reversed(history) if e.action == "request_info"), None
        ),
    }
