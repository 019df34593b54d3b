"""The audit trail in the console (auditors): search events with the audit API's own query
(``concord.audit.query``; each search is itself audited), open one event with its payload, and
verify the hash chain with one button (the same verification as ``concord audit verify`` and
``POST /api/v1/audit/verify``, audited the same way)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy import select
from starlette.responses import Response

from concord import audit
from concord.api.deps import SessionDep, SignerDep
from concord.audit.query import EventFilter, _filtered, get_event, query_events
from concord.audit.verify import verify_chain
from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db import paging
from concord.errors import PermissionDeniedError
from concord.web.nav import N_
from concord.web.notices_view import actor_names
from concord.web.session import Csrf, WebPrincipal, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console/audit", include_in_schema=False)
Reader = Annotated[Principal, Depends(web_require(Permission.AUDIT_READ))]
Verifier = Annotated[Principal, Depends(web_require(Permission.AUDIT_VERIFY))]
PER_PAGE = 50
OUTCOMES = ("ok", "denied", "failed")
OUTCOME_LABELS = {"ok": N_("Success"), "denied": N_("Denied"), "failed": N_("Failed")}
FIELDS = ("actor", "country", "action", "object_type", "object_id", "outcome", "since", "until")
_IDENT = re.compile(r"^[A-Za-z0-9._:/-]{1,64}$")


def _day(value: str) -> date:
    return date.fromisoformat(value)


def parse_filter(
    session: Any, principal: Principal, params: dict[str, str]
) -> tuple[EventFilter, dict[str, str]]:
    """The search form's values as the API's filter, or the messages for each bad field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key in ("actor", "action", "object_type", "object_id"):
        value = params.get(key, "").strip()
        if value and not _IDENT.match(value):
            errors[key] = N_("Use letters, digits and . _ : / - (at most 64).")
        values[key] = value or None
    country = params.get("country", "").strip().upper() or None
    if country and not re.match(r"^([A-Z]{2}|IPSG)$", country):
        errors["country"] = N_("A two-letter country code, or IPSG for the Secretariat.")
    outcome = params.get("outcome", "").strip() or None
    if outcome and outcome not in OUTCOMES:
        errors["outcome"] = N_("Choose an outcome from the list.")
    days: dict[str, datetime | None] = {}
    for key in ("since", "until"):
        raw = params.get(key, "").strip()
        try:
            day = _day(raw) if raw else None
        except ValueError:
            errors[key] = N_("A date as YYYY-MM-DD.")
            day = None
        days[key] = datetime.combine(day, time(), tzinfo=UTC) if day else None
    if days["since"] and days["until"] and days["until"] < days["since"]:
        errors["until"] = N_("The end date is before the start date.")
    until = days["until"] + timedelta(days=1) if days["until"] else None  # the whole last day
    actor = values["actor"]
    if actor and not errors:  # a username is looked up; an account id is used as it is
        found = session.execute(select(Account.id).where(Account.username == actor)).scalar()
        actor = found or actor
    f = EventFilter(
        actor_id=actor,
        country=country,
        action=values["action"],
        outcome=outcome,
        object_type=values["object_type"],
        object_id=values["object_id"],
        since=days["since"],
        until=until,
    )
    return f, errors


@router.get("")
def audit_page(request: Request, principal: WebPrincipal, session: SessionDep) -> Response:
    if not (principal.has(Permission.AUDIT_READ) or principal.has(Permission.AUDIT_VERIFY)):
        raise PermissionDeniedError("Only auditors read the audit trail")
    params = {k: str(request.query_params.get(k, ""))[:100] for k in FIELDS}
    context: dict[str, Any] = {
        "params": params,
        "errors": {},
        "rows": [],
        "total": 0,
        "page": 1,
        "pages": 1,
        "names": {},
        "outcomes": OUTCOME_LABELS,
        "may_search": principal.has(Permission.AUDIT_READ),
        "may_verify": principal.has(Permission.AUDIT_VERIFY),
        "query": "&".join(f"{k}={v}" for k, v in params.items() if v),
    }
    if not context["may_search"]:
        return render(request, "console/audit/search.html", context)
    f, errors = parse_filter(session, principal, params)
    if errors:
        context["errors"] = errors
        return render(request, "console/audit/search.html", context, status=422)
    total = paging.count(session, _filtered(principal, f))
    pages = max(1, -(-total // PER_PAGE))
    raw_page = request.query_params.get("page", "")
    page = min(int(raw_page), pages) if raw_page.isdigit() and int(raw_page) >= 1 else pages
    rows, total = query_events(session, principal, f, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    context.update(
        {
            "rows": list(reversed(rows)),  # the newest first
            "total": total,
            "page": page,
            "pages": pages,
            "names": actor_names(session, {r.actor_id for r in rows if r.actor_id}),
        }
    )
    return render(request, "console/audit/search.html", context)


@router.get("/events/{seq}")
def event_page(
    request: Request,
    seq: Annotated[int, Path(ge=1, le=2**62)],
    principal: Reader,
    session: SessionDep,
) -> Response:
    event, payload = get_event(session, principal, seq)
    names = actor_names(session, {event.actor_id} if event.actor_id else set())
    return render(
        request,
        "console/audit/event.html",
        {
            "event": event,
            "names": names,
            "outcomes": OUTCOME_LABELS,
            "payload": json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True)
            if payload is not None
            else None,
        },
    )


@router.post("/verify", dependencies=[Csrf])
def verify(
    request: Request, principal: Verifier, session: SessionDep, signer: SignerDep
) -> Response:
    result = verify_chain(session, signer)
    audit.record(
        session,
        actor=principal,
        action="audit.verify",
        object_type="audit_chain",
        outcome="ok" if result.ok else "failed",
        payload=result.as_dict(),
    )
    return render(request, "console/audit/verify.html", {"result": result})
